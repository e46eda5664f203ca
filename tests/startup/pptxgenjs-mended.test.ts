/**
 * The bundle's mends of pptxgenjs (startup/pptxgenjs-mends.ts), all at once:
 * pptxgenjs 4.0.1 as published and as the bundle mends it, each evaluated
 * from the package's own file, write the same slides, byte for byte, for
 * text boxes with and without lines, bullets, breaks and hyperlinks. Both
 * go without the eager `import()` of node:fs and node:https (the first
 * mend), which code evaluated here cannot run and which writes nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Part } from '../../src/pptx/parts.js';
import { PACKAGE_FIXES } from '../../src/pptx/fixes/package.js';
import { EAGER_NODE_DEPS, PPTXGENJS_MENDS } from '../../src/startup/pptxgenjs-mends.js';

const MAIN = createRequire(import.meta.url).resolve('pptxgenjs');
const SOURCE = readFileSync(MAIN, 'utf8');

type Pres = {
  addSlide(): { addText(text: unknown, options: Record<string, unknown>): void };
  write(options: { outputType: string }): Promise<Uint8Array>;
};

/** pptxgenjs's CommonJS build evaluated from `text`, its requires (jszip…) answered from the package. */
function pptxgenFrom(text: string): new () => Pres {
  const module = { exports: {} as { default?: new () => Pres } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the two texts are the code under test
  new Function('exports', 'require', 'module', '__filename', '__dirname', text)(module.exports, createRequire(MAIN), module, MAIN, '');
  return (module.exports.default ?? module.exports) as unknown as new () => Pres;
}
/** What a package fix knows of the deck: none of it matters to the targets. */
const CONTEXT = { stamp: '2020-07-06T00:00:00Z', lang: 'vi-VN', author: '' };

const WITHOUT_EAGER_IMPORTS = SOURCE.split(EAGER_NODE_DEPS).join('');
const Published = pptxgenFrom(WITHOUT_EAGER_IMPORTS);
const Mended = pptxgenFrom(PPTXGENJS_MENDS.reduce((t, [from, to]) => t.split(from).join(to), SOURCE));

type Run = { text: string; options: Record<string, unknown> };
const run: fc.Arbitrary<Run> = fc.record({
  text: fc.constantFrom('', 'Một', 'hai ba', '9.637 bưu gửi', ' '),
  options: fc.record(
    {
      bullet: fc.boolean(),
      breakLine: fc.boolean(),
      softBreakBefore: fc.boolean(),
      bold: fc.boolean(),
      color: fc.constantFrom('C00000', '1B2430'),
      hyperlink: fc.constant({ url: 'https://example.com' }),
      align: fc.constantFrom('left', 'center'),
    },
    { requiredKeys: [] },
  ),
});
const box = fc.record({ runs: fc.array(run, { maxLength: 4 }), fontSize: fc.constantFrom(undefined, 18), color: fc.constantFrom(undefined, '333333') });

async function slideXml(Pptx: new () => Pres, boxes: { runs: Run[]; fontSize: number | undefined; color: string | undefined }[]): Promise<string> {
  const pres = new Pptx();
  const slide = pres.addSlide();
  for (const b of boxes) {
    const options = { x: 1, y: 1, w: 4, h: 1, ...(b.fontSize ? { fontSize: b.fontSize } : {}), ...(b.color ? { color: b.color } : {}) };
    slide.addText(b.runs.map((r) => ({ text: r.text, options: { ...r.options } })), options);
  }
  const zip = unzipSync(await pres.write({ outputType: 'uint8array' }));
  return Buffer.from(zip['ppt/slides/slide1.xml']!).toString('utf8');
}

describe('pptxgenjs as the bundle mends it', () => {
  it('writes the slides pptxgenjs 4.0.1 writes, text boxes with no line included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(box, { minLength: 1, maxLength: 3 }), async (boxes) => {
        expect(await slideXml(Mended, boxes)).toBe(await slideXml(Published, boxes));
      }),
      { numRuns: 40 },
    );
  });

  it('writes table cells with and without text as pptxgenjs 4.0.1 does', async () => {
    const table = async (Pptx: new () => Pres): Promise<string> => {
      const pres = new Pptx();
      const slide = pres.addSlide() as unknown as { addTable(rows: unknown, options: Record<string, unknown>): void };
      slide.addTable([[{ text: '' }, { text: 'Hà Nội' }], [{ text: [] }, { text: '9.637', options: { fontSize: 14, fontFace: 'Arial' } }]], { x: 1, y: 1, w: 6 });
      const zip = unzipSync(await pres.write({ outputType: 'uint8array' }));
      return Buffer.from(zip['ppt/slides/slide1.xml']!).toString('utf8');
    };
    const mended = await table(Mended);
    expect(mended).toContain('Hà Nội');
    expect(mended).toBe(await table(Published));
  });

  it("targets a slide's charts as the relative-relationship-targets fix targets them, so that the fix finds nothing to do", async () => {
    const rels = async (Pptx: new () => Pres): Promise<Map<string, string>> => {
      const pres = new Pptx() as Pres & { ChartType: { bar: string } };
      for (let s = 0; s < 2; s++) {
        const slide = pres.addSlide() as unknown as { addChart(type: string, data: unknown, options: Record<string, unknown>): void };
        for (let c = 0; c <= s; c++) slide.addChart(pres.ChartType.bar, [{ name: 'Tỷ lệ', labels: ['A', 'B'], values: [1, 2] }], { x: 1, y: 1, w: 4, h: 3 });
      }
      const zip = unzipSync(await pres.write({ outputType: 'uint8array' }));
      return new Map(Object.entries(zip).flatMap(([name, bytes]) => (name.endsWith('.rels') ? [[name, Buffer.from(bytes).toString('utf8')]] : [])));
    };
    const fix = PACKAGE_FIXES.find((f) => f.name === 'relative-relationship-targets')!;
    const published = await rels(Published);
    const mended = await rels(Mended);
    expect(fix.detect(published, CONTEXT)).toBe(true);
    expect(fix.detect(mended, CONTEXT)).toBe(false);
    const fixed = new Map<string, Part>(published);
    fix.apply(fixed, CONTEXT);
    expect(mended.get('ppt/slides/_rels/slide2.xml.rels')).toContain('Target="../charts/');
    expect(mended).toEqual(fixed);
  });

  it('declares the one slide master it writes, as the content-type-overrides fix leaves the declarations', async () => {
    const parts = async (Pptx: new () => Pres): Promise<Map<string, Part>> => {
      const pres = new Pptx();
      for (let s = 0; s < 4; s++) pres.addSlide().addText(`Slide ${s + 1}`, { x: 1, y: 1, w: 4, h: 1 });
      const zip = unzipSync(await pres.write({ outputType: 'uint8array' }));
      return new Map(Object.entries(zip).map(([name, bytes]) => [name, name.endsWith('.xml') || name.endsWith('.rels') ? Buffer.from(bytes).toString('utf8') : bytes]));
    };
    const fix = PACKAGE_FIXES.find((f) => f.name === 'content-type-overrides')!;
    const published = await parts(Published);
    const mended = await parts(Mended);
    expect(fix.detect(published, CONTEXT)).toBe(true);
    expect(fix.detect(mended, CONTEXT)).toBe(false);
    fix.apply(published, CONTEXT);
    expect(mended.get('[Content_Types].xml')).toContain('/ppt/slideMasters/slideMaster1.xml');
    expect(mended.get('[Content_Types].xml')).toBe(published.get('[Content_Types].xml'));
  });

  it('mends text that pptxgenjs has exactly once', () => {
    for (const [from] of PPTXGENJS_MENDS) expect(SOURCE.split(from)).toHaveLength(2);
  });
});
