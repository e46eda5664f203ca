/**
 * A rebuild draws again only the slides whose data changed (render/slide-memo.ts),
 * and gives the deck a fresh build gives, byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import type { LoadedImage } from '../../src/load/images.js';
import type { PlannedSlide } from '../../src/plan/plan.js';
import { SlideMemo, type Drawn } from '../../src/render/slide-memo.js';
import { CONFERENCE, TEMPLATES } from '../helpers/build.js';

const planned = (title: string, layout = 'bullets'): PlannedSlide =>
  ({ layout, dataPath: ['sections', 0], context: { section: { title }, content: [title] } }) as unknown as PlannedSlide;
const picture = (byte: number): LoadedImage => ({ mime: 'image/png', bytes: new Uint8Array([byte]), width: 1, height: 1 });

describe('SlideMemo', () => {
  it('draws again only what changed since the last build: the context, the layout or a picture', () => {
    const memo = new SlideMemo();
    let draws = 0;
    const draw = (): Drawn => (draws++, { slides: [], diagnostics: [] });
    const build = (plan: PlannedSlide[], images = new Map([['logo.png', picture(1)]])) => {
      memo.begin(plan, images);
      for (const p of plan) memo.draw(p, draw);
    };
    build([planned('A'), planned('B')]);
    expect(draws).toBe(2);
    build([planned('A'), planned('B')]);
    expect(draws).toBe(2);
    build([planned('A'), planned('B changed')]);
    expect(draws).toBe(3);
    build([planned('A', 'numbered'), planned('B changed')]);
    expect(draws).toBe(4);
    build([planned('A', 'numbered'), planned('B changed')], new Map([['logo.png', picture(2)]]));
    expect(draws).toBe(6);
    // The same bytes read again (a new buffer, as every build reads them): nothing to draw.
    build([planned('A', 'numbered'), planned('B changed')], new Map([['logo.png', picture(2)]]));
    expect(draws).toBe(6);
    const withSvg = (svg: number[]) => new Map([['logo.png', { ...picture(2), svg: new Uint8Array(svg) }]]);
    build([planned('A', 'numbered'), planned('B changed')], withSvg([1, 2]));
    expect(draws).toBe(8);
    build([planned('A', 'numbered'), planned('B changed')], withSvg([1, 2]));
    expect(draws).toBe(8);
    build([planned('A', 'numbered'), planned('B changed')], withSvg([1, 3]));
    expect(draws).toBe(10);
    build([planned('A', 'numbered'), planned('B changed')], new Map([...withSvg([1, 3]), ['map.png', picture(5)]]));
    expect(draws).toBe(12);
  });

  it('keeps nothing for a deck of over 300 planned slides', () => {
    const memo = new SlideMemo();
    let draws = 0;
    const plan = Array.from({ length: 301 }, (_, i) => planned(String(i)));
    for (let round = 0; round < 2; round++) {
      expect(memo.begin(plan, new Map())).toBe(false);
      memo.draw(plan[0]!, () => (draws++, { slides: [], diagnostics: [] }));
    }
    expect(draws).toBe(2);
  });
});

describe('a rebuild after one figure changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-memo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the deck a fresh build gives, byte for byte, and keeps the slides that did not change', async () => {
    const data = join(dir, 'report.yaml');
    const original = readFileSync(CONFERENCE, 'utf8');
    expect(original).toContain('value: 9637');
    writeFileSync(data, original);
    const watching = new DeckBuilder();
    const first = await watching.render({ data, templates: TEMPLATES });
    writeFileSync(data, original.replace('value: 9637', 'value: 9700'));
    const again = await watching.build({ data, templates: TEMPLATES });
    const fresh = await new DeckBuilder().build({ data, templates: TEMPLATES });
    expect(Buffer.from(again.pptx!).equals(Buffer.from(fresh.pptx!))).toBe(true);
    expect(again.diagnostics).toEqual(fresh.diagnostics);
    const rebuilt = await watching.render({ data, templates: TEMPLATES });
    const before = first.value!.deck.slides;
    const after = rebuilt.value!.deck.slides;
    expect(after.length).toBe(before.length);
    // The same shapes where nothing changed (slides of other sections); drawn again in the figure's section.
    const kept = after.filter((s, i) => s.shapes.every((shape, j) => shape === before[i]!.shapes[j]));
    expect(kept.length).toBeGreaterThan(before.length / 2);
    expect(kept.length).toBeLessThan(before.length);
  });

  it('gives a fresh build\'s deck after a chart\'s value changes, and after it changes back or gets a highlight: its chart part and workbook made again, not reused', async () => {
    const data = join(dir, 'charts.yaml');
    const original = readFileSync(CONFERENCE, 'utf8');
    expect(original).toContain('values: [37.2, 50.8]');
    const changed = original.replace('values: [37.2, 50.8]', 'values: [37.2, 51.3]');
    // A highlight changes only what normalise adds to the chart part, not what pptxgenjs writes.
    const highlighted = original.replace('categories: ["2019", "6/2020"]', 'categories: ["2019", "6/2020"]\n        highlight: "6/2020"');
    expect(highlighted).not.toBe(original);
    const watching = new DeckBuilder();
    for (const text of [original, changed, original, highlighted, original]) {
      writeFileSync(data, text);
      const again = await watching.build({ data, templates: TEMPLATES });
      const fresh = await new DeckBuilder().build({ data, templates: TEMPLATES });
      expect(Buffer.from(again.pptx!).equals(Buffer.from(fresh.pptx!))).toBe(true);
      const workbooks = Object.entries(unzipSync(again.pptx!)).filter(([name]) => /^ppt\/embeddings\/.*\.xlsx$/.test(name));
      const sheets = workbooks.map(([, bytes]) => strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!)).join('');
      expect(sheets.includes('51.3')).toBe(text === changed);
      expect(fresh.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
  });
});
