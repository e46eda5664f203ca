/**
 * Fitting on built decks: the stress fixture (200-character title, 40 items,
 * a 600-character bullet, 12 cards, a long note) and the hostile-text fixture.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../src/index.js';
import { buildOnce, ROOT } from '../helpers/build.js';
import { canDeckcheck, deckcheck } from '../helpers/deckcheck.js';
import { openDeck, type OpenedDeck } from '../helpers/pptx.js';
import { said } from '../helpers/said.js';

const STRESS = resolve(ROOT, 'tests', 'fixtures', 'stress.yaml');
const canCheck = canDeckcheck({ render: true });

let built: BuildOutput;
let deck: OpenedDeck;
beforeAll(async () => {
  built = await buildOnce(STRESS);
  deck = openDeck(built.pptx!);
});

const slides = (): number[] => Array.from({ length: deck.slideCount }, (_, i) => i + 1);
const title = (n: number): string => deck.slideParagraphs(n)[0] ?? '';

describe('fitting the stress deck', () => {
  it('builds, with one located warning per change fitting made', () => {
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = built.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((d) => d.code)).toEqual(expect.arrayContaining(['fit-shrunk', 'fit-split']));
    for (const w of warnings) expect(w.location?.line, said(w).message).toBeGreaterThan(0);
    expect(said(warnings.find((w) => w.code === 'fit-split')!).message).toMatch(/^split into \d+ slides to fit$/);
  });

  it('splits the 40 items over continuation slides, numbering running on and notes kept', () => {
    const list = slides().filter((n) => title(n).startsWith('Danh sách 40 nhiệm vụ'));
    expect(list.length).toBeGreaterThan(1);
    expect(title(list[0]!)).toBe('Danh sách 40 nhiệm vụ');
    // Continuations say so; from the third on, each is numbered too, as slide titles are unique (render/titles.ts).
    expect(list.slice(1).map(title)).toEqual(list.slice(1).map((_, i) => `Danh sách 40 nhiệm vụ (tiếp theo)${i === 0 ? '' : ` (${i + 1})`}`));
    let next = 1;
    for (const n of list) {
      const starts = [...deck.slideXml(n).matchAll(/<a:buAutoNum type="arabicPeriod" startAt="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(new Set(starts), `slide ${n}`).toEqual(new Set([next]));
      next += starts.length;
      expect(deck.notesText(n)).toBe(deck.notesText(list[0]!));
    }
    expect(next).toBe(41);
  });

  it('writes the size it chose as the real font size', () => {
    const n = slides().find((s) => deck.slideText(s).includes('Một câu tóm tắt ngắn.'))!;
    const titleRun = /<a:rPr [^>]*sz="(\d+)"[^>]*>[\s\S]*?<a:t>Báo cáo tổng hợp/.exec(deck.slideXml(n))!;
    const size = Number(titleRun[1]) / 100;
    expect(size).toBeLessThan(30); // the theme's title size
    expect(size).toBeGreaterThanOrEqual(20); // its minSize
  });

  it.skipIf(!canCheck)('passes deckcheck: nothing clipped, outside its slide or overlapping', () => {
    const r = deckcheck(built.pptx!, { render: true });
    expect(r.stdout).toMatch(/\[ OK \] layout .* 0 clipped, 0 words outside the slide, 0 overlapping/);
    expect(r.stdout).toMatch(/SUMMARY .*schema_errors=0 .*=> PASS/);
  }, 180_000);
});

describe('font coverage', () => {
  it('warns, at its line, about characters Arial cannot draw', async () => {
    const hostile = await buildOnce(resolve(ROOT, 'tests', 'fixtures', 'hostile-text.yaml'));
    const glyphs = hostile.diagnostics.filter((d) => d.code === 'font-missing-glyph');
    expect(glyphs[0]).toMatchObject({ severity: 'warning', dataPath: ['meeting', 'title'], location: { line: 4 } });
    expect(said(glyphs[0]!).message).toContain('"📈" (U+1F4C8)');
    expect(glyphs.some((d) => said(d).message.includes('ặ') || said(d).message.includes('ỗ'))).toBe(false);
  });
});

if (!canCheck) console.warn('SKIPPED: deckcheck of the stress deck (needs ../shared/tools/deckcheck, LibreOffice and xmllint)');

describe('tables', () => {
  it('page a 30-row table over slides that each repeat the header, with measured row heights', () => {
    const tables = slides().filter((n) => title(n).startsWith('Bảng 30 dòng'));
    expect(tables.length).toBeGreaterThan(1);
    let rows = 0;
    for (const n of tables) {
      const xml = deck.slideXml(n);
      const rowXml = [...xml.matchAll(/<a:tr h="(\d+)">([\s\S]*?)<\/a:tr>/g)];
      const header = rowXml[0]![2]!;
      expect(header).toContain('<a:t>Địa phương</a:t>');
      expect(header).toContain('<a:t>Ghi chú</a:t>');
      rows += rowXml.length - 1;
      // Heights as measured, not pptxgenjs's default, and within the body region (5 in).
      const heights = rowXml.map((r) => Number(r[1]) / 914400);
      expect(heights.every((h) => h >= 0.3)).toBe(true);
      expect(heights.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5.0001);
    }
    expect(rows).toBe(30);
    // Numbers in the deck's locale, right-aligned.
    const first = deck.slideXml(tables[0]!);
    expect(first).toMatch(/<a:pPr algn="r"[^>]*>[\s\S]{0,400}?<a:t>3\.007<\/a:t>/);
  });
});
