/**
 * A big deck's slides and notes are fixed as pptxgenjs makes them
 * (normalise.ts `earlyFixes`, through the bundle's PartsZip): the deck must
 * be byte for byte the one the normaliser makes from the same parts fixed
 * in the zip stage. Shown here on the fixture decks through the modules,
 * handing each part to the fixes as PartsZip would; the bundle's own path
 * is held to the modules on a 1.500-slide report (startup.bundle.test.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import { normaliseOptions, pptxgenParts } from '../../src/pptx/emit.js';
import { earlyFixes, normaliseOwnPartsAsync } from '../../src/pptx/normalise.js';
import { ROOT, TEMPLATES } from '../helpers/build.js';
import { FIX_DECKS } from '../helpers/raw.js';

describe('earlyFixes', () => {
  // The pictures report has SVG pictures on its slides: svg.ts edits those slides before their fixes, so emit never fixes such a deck early.
  const decks = FIX_DECKS.filter((d) => !d.data.includes('pictures'));

  it.each(decks.map((d) => [`${d.data.split('/').pop()} (${d.theme})`, d] as const))('%s: the same deck as fixing every part in the zip stage', async (_, { data, theme }) => {
    const rendered = await new DeckBuilder().render({ data, templates: TEMPLATES, theme });
    const deck = rendered.value!.deck;
    const options = normaliseOptions(deck);
    const inZipStage = await normaliseOwnPartsAsync(await pptxgenParts(deck), options);

    const early = earlyFixes(options);
    const parts = await pptxgenParts(deck);
    for (const [name, part] of parts) {
      const fixed = typeof part === 'string' ? early.fix(name, part) : undefined;
      if (fixed !== undefined) parts.set(name, fixed);
    }
    expect(early.done.size).toBe(deck.slides.length * 2); // every slide and every notes slide
    // As the CLI builds it: its bytes streamed to the file as they are zipped (zip.ts ZipOptions.stream).
    const chunks: Uint8Array[] = [];
    const fixedEarly = await normaliseOwnPartsAsync(parts, { ...options, early, stream: { write: (chunk) => chunks.push(Buffer.from(chunk)) } });
    expect(fixedEarly).toHaveLength(0);
    expect(Buffer.compare(Buffer.concat(chunks), inZipStage)).toBe(0);
  });

  // The deflating thread loads flat-fix.ts as tsc compiled it (dist/, which `npm test` builds): from src/ under vitest, it
  // finds no module and every part is fixed on the build's thread, so the thread's fixing is held to the tree here, through dist/.
  it.each(decks.map((d) => [`${d.data.split('/').pop()} (${d.theme})`, d] as const))(
    '%s: fixed by the deflating thread, the same deck; the thread leaves only what flat-fix.ts leaves',
    async (_, { data, theme }) => {
      const dist = (file: string): Promise<unknown> => import(pathToFileURL(resolve(ROOT, 'dist', file)).href);
      const { DeckBuilder: Builder } = (await dist('index.js')) as typeof import('../../src/index.js');
      const emit = (await dist('pptx/emit.js')) as typeof import('../../src/pptx/emit.js');
      const normalise = (await dist('pptx/normalise.js')) as typeof import('../../src/pptx/normalise.js');
      const { flatFix } = (await dist('pptx/flat-fix.js')) as typeof import('../../src/pptx/flat-fix.js');
      const { PART_FIXES } = (await dist('pptx/fixes/index.js')) as typeof import('../../src/pptx/fixes/index.js');

      const deck = (await new Builder().render({ data, templates: TEMPLATES, theme })).value!.deck;
      const options = emit.normaliseOptions(deck);
      const inZipStage = await normalise.normaliseOwnPartsAsync(await emit.pptxgenParts(deck), options);
      const early = normalise.earlyFixes(options);
      const parts = await emit.pptxgenParts(deck);
      let left = 0; // the parts flat-fix.ts leaves to the tree, asked here
      for (const [name, part] of parts) {
        if (typeof part !== 'string') continue;
        const fixed = early.fix(name, part);
        if (fixed === undefined) continue;
        parts.set(name, fixed);
        const slide = /^ppt\/slides\/slide(\d+)\.xml$/.exec(name);
        const marks = slide ? options.accessibility?.slides[Number(slide[1]) - 1] : undefined;
        const names = PART_FIXES.filter((f) => f.package === 'deck' && f.parts.test(name)).map((f) => f.name);
        if (flatFix(part, names, { lang: options.lang ?? 'en-US' }, marks && marks.length > 0 ? marks : undefined) === undefined) left += 1;
      }
      const fixedEarly = await normalise.normaliseOwnPartsAsync(parts, { ...options, early });
      expect(Buffer.compare(fixedEarly, inZipStage)).toBe(0);
      expect(early.remade()).toBe(left);
      expect(left).toBeLessThan(early.done.size / 4);
    },
  );
});
