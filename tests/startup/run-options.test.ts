/**
 * The bundle's mend of pptxgenjs's per-run option inheritance
 * (startup/pptxgenjs-mends.ts): the text as pptxgenjs 4.0.1 has it and the
 * mended text, each run as the body of a function over (opts, textObj), must
 * leave every run's options the same, keys in the same order, for any
 * options a text box and its run may have: falsy values, bullet, color
 * under a hyperlink, numeric keys, inherited properties, and a run that
 * shares its box's options object.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUN_OPTIONS_INHERITED, RUN_OPTIONS_INHERITED_MENDED } from '../../src/startup/pptxgenjs-mends.js';

type Options = Record<string, unknown>;
type Inherit = (opts: Options, textObj: { options: Options }) => void;
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the two texts are the code under test
const asFunction = (body: string): Inherit => new Function('opts', 'textObj', body) as Inherit;
const original = asFunction(RUN_OPTIONS_INHERITED);
const mended = asFunction(RUN_OPTIONS_INHERITED_MENDED);

const KEYS = ['color', 'bullet', 'hyperlink', 'fontSize', 'fontFace', 'align', 'x', 'lineSpacing', '_lineIdx', '0', '7', 'rtlMode'];
const VALUES = [undefined, null, 0, '', false, true, 12, 'FF0000', 'Arial', { url: 'https://example.com' }];
const options = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: KEYS.length });

/** An options object as pptxgenjs may be handed one: plain, or with a prototype that has an enumerable property of its own. */
const withPrototype = (own: Options, inherited: Options | undefined): Options => Object.assign(Object.create(inherited ?? Object.prototype) as Options, own);

/** Runs `inherit` on copies of the box's and the run's options (or one object for both when `shared`); the run's options after it, as ordered entries. */
function after(inherit: Inherit, box: Options, run: Options, inherited: Options | undefined, shared: boolean): [string, unknown][] {
  const opts = withPrototype({ ...box }, inherited);
  const textObj = { options: shared ? opts : { ...run } };
  inherit(opts, textObj);
  return Object.entries(textObj.options);
}

describe("pptxgenjs's run options, as the bundle mends their inheritance", () => {
  it('gives every run the same options, in the same order, as pptxgenjs 4.0.1 does', () => {
    fc.assert(
      fc.property(options, options, fc.option(options, { nil: undefined }), fc.boolean(), (box, run, inherited, shared) => {
        expect(after(mended, box, run, inherited, shared)).toEqual(after(original, box, run, inherited, shared));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps color from a hyperlinked run and never gives bullet, as pptxgenjs does', () => {
    const box = { color: 'FF0000', bullet: true, fontSize: 20 };
    expect(after(mended, box, { hyperlink: { url: 'x' } }, undefined, false)).toEqual([['hyperlink', { url: 'x' }], ['fontSize', 20]]);
    expect(after(mended, box, { color: '', fontSize: 0 }, undefined, false)).toEqual([['color', 'FF0000'], ['fontSize', 20]]);
  });

  it('mends text that pptxgenjs has exactly once', () => {
    const source = readFileSync(createRequire(import.meta.url).resolve('pptxgenjs'), 'utf8');
    expect(source.split(RUN_OPTIONS_INHERITED)).toHaveLength(2);
  });
});
