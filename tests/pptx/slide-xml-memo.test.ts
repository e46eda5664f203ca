/**
 * A rebuild has pptxgenjs write again only the slides that changed
 * (pptx/slide-xml-memo.ts), and gets the parts, and the deck, a build with
 * nothing kept gets.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import type { Deck } from '../../src/model/deck.js';
import { emitPptx, forgetWrittenSlides, normaliseOptions, pptxgenParts } from '../../src/pptx/emit.js';
import { normaliseOwnPartsAsync } from '../../src/pptx/normalise.js';
import type { Part } from '../../src/pptx/parts.js';
import { sameModel, SlideXmlMemo, slidePartName } from '../../src/pptx/slide-xml-memo.js';
import { CONFERENCE, ROOT, TEMPLATES } from '../helpers/build.js';

const PROVINCE = join(ROOT, 'tests', 'fixtures', 'province-review.yaml');
const dir = mkdtempSync(join(tmpdir(), 'briefdeck-slide-xml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The deck drawn from `source`'s text after `edit`. */
async function deckOf(source: string, edit: (yaml: string) => string = (y) => y, theme = 'default'): Promise<Deck> {
  const yaml = edit(readFileSync(source, 'utf8'));
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const rendered = await new DeckBuilder().render({ data: file, templates: TEMPLATES, theme });
  if (!rendered.value) throw new Error(JSON.stringify(rendered.diagnostics.filter((d) => d.severity === 'error')));
  return rendered.value.deck;
}

/**
 * What `deck` is written as with `memo` holding the last build's slides,
 * against a build with nothing kept: each slide's part, and the deck's bytes
 * once normalised (which numbers charts from 1 for each deck: pptxgenjs
 * counts them across the process).
 */
async function expectWrittenAsNew(deck: Deck, memo: SlideXmlMemo): Promise<void> {
  const kept = await pptxgenParts(deck, undefined, memo);
  const fresh = await pptxgenParts(deck, undefined, new SlideXmlMemo());
  deck.slides.forEach((_, i) => expect(kept.get(slidePartName(i)), slidePartName(i)).toBe(fresh.get(slidePartName(i))));
  const bytes = async (parts: Map<string, Part>) => Buffer.from(await normaliseOwnPartsAsync(parts, normaliseOptions(deck)));
  expect((await bytes(kept)).equals(await bytes(fresh))).toBe(true);
}

/** A quote in the first section: a slide more there, and every later slide one place on, unchanged. */
const quoteFirst = (yaml: string): string =>
  yaml.replace('    title: Sản xuất nông nghiệp\n', '    title: Sản xuất nông nghiệp\n    quote: { text: Trích dẫn mới, source: Ai đó }\n');

describe('slide XML kept for a rebuild', () => {
  it('writes again only the slides that changed, and gets the parts a build with nothing kept gets', async () => {
    const before = await deckOf(CONFERENCE);
    const after = await deckOf(CONFERENCE, (y) => y.replace(/value: 9637\b/, 'value: 9638'));
    const changed = after.slides.filter((slide, i) => !sameModel(slide, before.slides[i])).length;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(4);

    const memo = new SlideXmlMemo();
    await pptxgenParts(before, undefined, memo);
    const reused = memo.reusable(after);
    expect(reused.filter((x) => x !== undefined)).toHaveLength(after.slides.length - changed);
    await expectWrittenAsNew(after, memo);
  });

  it('writes a slide again when its number, master, size or language changed', async () => {
    const province = await deckOf(PROVINCE);
    const shifted = await deckOf(PROVINCE, quoteFirst);
    const printed = await deckOf(PROVINCE, undefined, 'print');
    const english = { ...province, lang: 'en-US' };
    // The table's frame id is a multiple of its slide's number: a slide moved on is written again.
    const tableSlide = shifted.slides.findIndex((s) => s.shapes.some((shape) => shape.kind === 'table'));
    expect(tableSlide).toBeGreaterThan(0);
    expect(sameModel(shifted.slides[tableSlide], province.slides[tableSlide - 1])).toBe(true);

    for (const [first, then] of [
      [province, shifted],
      [shifted, province],
      [province, printed],
      [province, english],
    ] as const) {
      const memo = new SlideXmlMemo();
      await pptxgenParts(first, undefined, memo);
      await expectWrittenAsNew(then, memo);
    }
    const memo = new SlideXmlMemo();
    await pptxgenParts(province, undefined, memo);
    expect(memo.reusable(printed).every((x) => x === undefined)).toBe(true);
    expect(memo.reusable(english).every((x) => x === undefined)).toBe(true);
    const moved = memo.reusable(shifted);
    expect(moved[tableSlide]).toBeUndefined();
    expect(moved[0]).toBeDefined(); // the title slide stays where it was
  });

  it('gives a rebuilt deck the bytes of a deck built with nothing kept', async () => {
    const before = await deckOf(PROVINCE);
    const after = await deckOf(PROVINCE, (y) => y.replace('[Cao Lãnh, 17, 6, 152300]', '[Cao Lãnh, 18, 6, 152300]'));
    forgetWrittenSlides();
    await emitPptx(before);
    const rebuilt = await emitPptx(after);
    forgetWrittenSlides();
    const fresh = await emitPptx(after);
    expect(Buffer.from(rebuilt).equals(Buffer.from(fresh))).toBe(true);
  });

  it('puts the kept XML in the part pptxgenjs names for the slide', async () => {
    const deck = await deckOf(PROVINCE);
    const memo = new SlideXmlMemo();
    const first = await pptxgenParts(deck, undefined, memo);
    const kept = memo.reusable(deck);
    expect(kept).toHaveLength(deck.slides.length);
    kept.forEach((xml, i) => expect(xml).toBe(first.get(slidePartName(i))));
  });
});

describe('sameModel', () => {
  it('compares plain objects and arrays field by field, in order, and pictures by their bytes', () => {
    expect(sameModel({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] })).toBe(true);
    expect(sameModel({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameModel({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameModel([1, 2], [1, 2, 3])).toBe(false);
    expect(sameModel([1], { 0: 1 })).toBe(false);
    expect(sameModel(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(sameModel(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(sameModel(new Uint8Array([1, 2]), [1, 2])).toBe(false);
    expect(sameModel(new Date(0), new Date(0))).toBe(true);
    expect(sameModel(new Date(0), new Date(1))).toBe(false);
    expect(sameModel(0, -0)).toBe(true);
    expect(sameModel(Number.NaN, Number.NaN)).toBe(false); // written again: never wrongly kept
  });

  it('never calls two different maps or sets the same', () => {
    expect(sameModel(new Map([[1, 1]]), new Map([[1, 2]]))).toBe(false);
    expect(sameModel(new Set([1]), new Set([2]))).toBe(false);
    const same = new Map();
    expect(sameModel(same, same)).toBe(true);
  });
});
