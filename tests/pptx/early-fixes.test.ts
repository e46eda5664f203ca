/**
 * A big deck's slides and notes are fixed as pptxgenjs makes them
 * (normalise.ts `earlyFixes`, through the bundle's PartsZip): the deck must
 * be byte for byte the one the normaliser makes from the same parts fixed
 * in the zip stage. Shown here on the fixture decks through the modules,
 * handing each part to the fixes as PartsZip would; the bundle's own path
 * is held to the modules on a 1.500-slide report (startup.bundle.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import { normaliseOptions, pptxgenParts } from '../../src/pptx/emit.js';
import { earlyFixes, normaliseOwnPartsAsync } from '../../src/pptx/normalise.js';
import { TEMPLATES } from '../helpers/build.js';
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
    const fixedEarly = await normaliseOwnPartsAsync(parts, { ...options, early });
    expect(Buffer.compare(fixedEarly, inZipStage)).toBe(0);
  });
});
