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
import pptxgen from 'pptxgenjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureParts, PARTS } from '../../src/pptx/capture.js';
import { normaliseParts } from '../../src/pptx/normalise.js';
import type { Part } from '../../src/pptx/parts.js';
import { PartsZip } from '../../src/pptx/parts-zip.js';

type PptxGenJSClass = typeof pptxgen.default;
type Pres = InstanceType<PptxGenJSClass>;
const PIXEL = 'image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const OPTIONS = { modified: new Date('2020-07-06T00:00:00Z'), lang: 'vi-VN' };

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

const withJSZip = (pptxgen as unknown as { default?: PptxGenJSClass }).default ?? (pptxgen as unknown as PptxGenJSClass);
const withPartsZip = pptxgenjsWith(PartsZip);

/** Text, notes, two pictures, three charts (one a table of points), a table: each kind of part pptxgenjs writes. */
function deck(PptxGenJS: PptxGenJSClass): Pres {
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_WIDE';
  pres.title = 'Sơ kết 6 tháng đầu năm 2020';
  const first = pres.addSlide();
  first.addText([{ text: 'Kết quả nổi bật', options: { bullet: true, lang: 'vi-VN' } }], { x: 1, y: 1, w: 8, h: 1 });
  first.addImage({ data: PIXEL, x: 1, y: 3, w: 1, h: 1 });
  first.addImage({ data: PIXEL, x: 3, y: 3, w: 1, h: 1 });
  first.addNotes('Nhấn mạnh chỉ tiêu vượt kế hoạch.');
  const data = [
    { name: 'Thực hiện', labels: ['Q1', 'Q2', 'Q3'], values: [12, 18, 33] },
    { name: 'Kế hoạch', labels: ['Q1', 'Q2', 'Q3'], values: [10, 20, 30] },
  ];
  pres.addSlide().addChart(pres.ChartType.bar, structuredClone(data), { x: 1, y: 1, w: 8, h: 5, barDir: 'col', showValue: true });
  pres.addSlide().addChart(pres.ChartType.line, structuredClone(data), { x: 1, y: 1, w: 8, h: 5 });
  pres.addSlide().addChart(pres.ChartType.doughnut, structuredClone(data.slice(0, 1)), { x: 1, y: 1, w: 8, h: 5 });
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

  it('keeps two captures at once apart', async () => {
    const [a, b] = await Promise.all([capture(deck(withPartsZip)), capture(deck(withJSZip))]);
    expect(plain(a)).toEqual(plain(b));
  });

  it('refuses to make a zip: pptxgenjs with PartsZip only hands over parts', async () => {
    await expect(deck(withPartsZip).write({ outputType: 'nodebuffer' })).rejects.toThrow(/hands over parts/);
  });
});
