/**
 * A second report, not the conference: a province department's year in
 * review (tests/fixtures/province-review.yaml), with four sections, ten tasks,
 * a quarterly chart, parts of wholes, rates, figures inside text and changes
 * whose good direction differs. Built and opened as PowerPoint would open it.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, ROOT } from './helpers/build.js';
import { canDeckcheck, deckcheck } from './helpers/deckcheck.js';
import { chartSeriesValues, openDeck, type OpenedDeck } from './helpers/pptx.js';

const PROVINCE = resolve(ROOT, 'tests', 'fixtures', 'province-review.yaml');
// deckcheck lives in ../shared, which CI has and a fresh clone may not.
const canCheck = canDeckcheck({ render: true });
let bytes: Uint8Array;
let deck: OpenedDeck;
let slides: string[];
let notes: string;

beforeAll(async () => {
  const built = await buildOnce(PROVINCE);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  bytes = built.pptx!;
  deck = openDeck(bytes);
  slides = Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1));
  notes = Array.from({ length: deck.slideCount }, (_, i) => deck.notesText(i + 1)).join('\n');
});

/** The number of the first slide whose text has `needle`. */
const slideWith = (needle: string): number => slides.findIndex((s) => s.includes(needle)) + 1;

describe("a province's review", () => {
  it('shows its figures in Vietnamese notation, parts and rates included', () => {
    const figures = [
      '525.300 ha', 'trong đó 198.250 ha lúa chất lượng cao (38%)', 'gần 3,52 triệu tấn', 'tăng 2,3% so với năm 2022',
      '3.106', 'trong đó 1.057 trạm do hợp tác xã quản lý (34%)', '12.450 ha', 'tăng 18,3% so với năm 2022',
      '214.380 tấn', 'khoảng 2.300 tin, bài/tháng', 'giảm 12,5%', '61,4% → 68,9%', 'trong đó 38 xã nâng cao (33%)',
    ];
    expect(figures.filter((f) => !slides.some((s) => s.includes(f)))).toEqual([]);
  });

  it('writes the figures inside text in the deck notation, on slides and in notes', () => {
    for (const text of ['Tập huấn kỹ năng số cho 5.000 cán bộ', 'Chuyển 12.000 ha', 'tăng 4,6%', '200.000 ha', 'tăng 5%']) {
      expect(slides.some((s) => s.includes(text)), text).toBe(true);
    }
    expect(notes).toContain('gần 3,52 triệu tấn');
    expect(notes).toContain('198.250 tấn quý I');
    expect(slides.join('\n')).not.toMatch(/\{\d/);
  });

  it('numbers all ten tasks', () => {
    const n = slideWith('Nhiệm vụ trọng tâm năm 2024 (2)\nHoàn thành');
    expect(n).toBeGreaterThan(0);
    const xml = Array.from({ length: deck.slideCount - n + 1 }, (_, i) => deck.slideXml(n + i)).join('');
    const items = slides.slice(n - 1).join('\n');
    expect(items).toContain('Phấn đấu thêm 12 xã');
    expect(xml).toMatch(/type="arabicPeriod"/);
  });

  it('draws the quarterly chart with its values, one colour, labelled in vi notation', () => {
    const n = slideWith('Sản lượng cá tra theo quý (tấn)');
    const [chart] = deck.chartsOfSlide(n);
    expect(chart).toBeDefined();
    expect(chartSeriesValues(chart!)).toEqual([[198250, 203900, 214380, 221600]]);
    expect(chart).toContain('<a:t>198.250</a:t>');
    expect(chart).toContain('<c:varyColors val="0"/>');
    expect(chart).not.toContain('<c:dPt>');
  });

  it('colours each change by what the data says is good news', () => {
    const runColour = (slide: number, text: string): string | undefined => {
      const run = [...deck.slideXml(slide).matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)].map((m) => m[1]!).find((r) => r.includes(`<a:t>${text}`));
      return /<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(run ?? '')?.[1];
    };
    const cards = slideWith('tăng 18,3%');
    expect(runColour(cards, 'tăng 2,3%')).toBe('1E6B34'); // output up: better
    expect(runColour(cards, 'tăng 18,3%')).toBe('B3261E'); // pests up: worse
    const fish = slideWith('giảm 12,5%');
    expect(runColour(fish, 'giảm 12,5%')).toBe('1E6B34'); // losses down: better, and the change is the figure
    expect(runColour(fish, 'tăng 6,8%')).toBe('1E6B34');
  });

  it('puts the closing line under the message', () => {
    expect(slides.at(-1)).toContain('Mục tiêu năm 2024 là giá trị sản xuất toàn ngành tăng 5%');
  });

  it.skipIf(!canCheck)('passes deckcheck: schema, package and the rendered layout', () => {
    const r = deckcheck(bytes, { render: true });
    expect(r.stdout).toMatch(/=> PASS/);
    expect(r.status).toBe(0);
  }, 180_000);
});

describe('the starter report of `briefdeck init`', () => {
  const starter = (): ReturnType<typeof buildOnce> => buildOnce(resolve(ROOT, 'templates', 'starter', 'bao-cao.yaml'));

  it('builds without a warning', async () => {
    expect((await starter()).diagnostics).toEqual([]);
  });

  it.skipIf(!canCheck)('passes deckcheck', async () => {
    const built = await starter();
    const r = deckcheck(built.pptx!, { render: true });
    expect(r.stdout).toMatch(/=> PASS/);
    expect(r.status).toBe(0);
  }, 180_000);
});
