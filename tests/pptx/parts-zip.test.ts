/**
 * PartsZip (src/pptx/parts-zip.ts), which the bundle gives its pptxgenjs in
 * place of JSZip: pptxgenjs's own code, run with it, hands over the parts
 * that capture.ts takes from the JSZip the modules run, in the same order,
 * so the deck is the same byte for byte.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureParts, PARTS } from '../../src/pptx/capture.js';
import { normaliseParts } from '../../src/pptx/normalise.js';
import type { Part } from '../../src/pptx/parts.js';
import { PartsZip } from '../../src/pptx/parts-zip.js';
import { CHART_DATA, NORMALISE_OPTIONS as OPTIONS, PIXEL, PptxGenJS as withJSZip, sampleDeck, type PptxGenJSClass, type Pres } from '../helpers/pptxgen-deck.js';

/** pptxgenjs's CommonJS build, loaded afresh with `jszip` given as `zip`, as the bundle loads it. */
function pptxgenjsWith(zip: unknown): PptxGenJSClass {
  const file = createRequire(import.meta.url).resolve('pptxgenjs');
  const requireNear = createRequire(file);
  const module = { exports: {} as Record<string, unknown> };
  // As the bundle mends it (startup/bundle.ts): no eager import() of node:fs and node:https, which vm.Script cannot run.
  const source = readFileSync(file, 'utf8').replace('    if (isNode)\n        loadNodeDeps();\n', '');
  const body = runInThisContext((Module as unknown as { wrap(source: string): string }).wrap(source), { filename: file }) as (
    ...args: unknown[]
  ) => void;
  body(module.exports, (id: string) => (id === 'jszip' ? zip : requireNear(id)), module, file, dirname(file));
  return (module.exports.default ?? module.exports) as unknown as PptxGenJSClass;
}

const withPartsZip = pptxgenjsWith(PartsZip);

/** The sample deck with a second picture, a line chart and a table: each kind of part pptxgenjs writes. */
function deck(Maker: PptxGenJSClass, q3 = 33): Pres {
  const pres = sampleDeck(q3, Maker);
  pres.addSlide().addImage({ data: PIXEL, x: 3, y: 3, w: 1, h: 1 });
  pres.addSlide().addChart(pres.ChartType.line, [...structuredClone(CHART_DATA), { ...CHART_DATA[0]!, name: 'Kế hoạch', values: [10, 20, 30] }], { x: 1, y: 1, w: 8, h: 5 });
  pres.addSlide().addTable([[{ text: 'Chỉ tiêu' }, { text: '2020' }], [{ text: 'Bưu gửi' }, { text: '9.637' }]], { x: 1, y: 1, w: 8 });
  return pres;
}

const capture = (pres: Pres): Promise<Map<string, Part>> => captureParts(() => pres.write({ outputType: PARTS as 'uint8array' }));

/** The parts as comparable values: bytes as hex, a workbook as its own entries. */
function plain(parts: ReadonlyMap<string, Part>): unknown[] {
  return [...parts].map(([name, data]) => [name, data instanceof Uint8Array ? Buffer.from(data).toString('hex') : typeof data === 'string' ? data : plain(data)]);
}

describe('PartsZip in place of JSZip', () => {
  // pptxgenjs writes the time into each workbook's core.xml.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(OPTIONS.modified);
  });
  afterAll(() => vi.useRealTimers());

  it("gives pptxgenjs's parts as captured from JSZip: same names, same order, same content, workbooks as their parts", async () => {
    const fromJSZip = await capture(deck(withJSZip));
    const fromPartsZip = await capture(deck(withPartsZip));
    expect([...fromPartsZip.keys()].filter((n) => n.endsWith('.xlsx'))).toHaveLength(3);
    expect([...fromPartsZip.keys()].filter((n) => n.startsWith('ppt/media/'))).toHaveLength(2);
    expect(plain(fromPartsZip)).toEqual(plain(fromJSZip));
  });

  it('makes the same deck, byte for byte', async () => {
    const a = normaliseParts(await capture(deck(withJSZip)), OPTIONS);
    const b = normaliseParts(await capture(deck(withPartsZip)), OPTIONS);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it('keeps two captures at once apart: each deck as when captured alone', async () => {
    // Normalised: pptxgenjs numbers charts across its decks, and the normaliser numbers them again.
    const zipped = (parts: Map<string, Part>): Buffer => Buffer.from(normaliseParts(parts, OPTIONS));
    const alone = [zipped(await capture(deck(withPartsZip, 33))), zipped(await capture(deck(withPartsZip, 34)))];
    const [a, b] = await Promise.all([capture(deck(withPartsZip, 33)), capture(deck(withPartsZip, 34))]);
    expect(zipped(a).equals(alone[0]!)).toBe(true);
    expect(zipped(b).equals(alone[1]!)).toBe(true);
  });

  it('refuses to make a zip: pptxgenjs with PartsZip only hands over parts', async () => {
    await expect(deck(withPartsZip).write({ outputType: 'nodebuffer' })).rejects.toThrow(/hands over parts/);
  });
});
