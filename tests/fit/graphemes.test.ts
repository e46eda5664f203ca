/**
 * Grapheme clusters in fitting (fit/measure.ts, `graphemeClusters`): the
 * characters cut one by one without Intl never join a cluster, held to
 * Intl.Segmenter character by character, and any text gives Intl's clusters.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemeClusters, standsAlone } from '../../src/fit/measure.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusters = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

const alone: string[] = [];
for (let c = 0; c <= 0xffff; c++) if (standsAlone(c)) alone.push(String.fromCharCode(c));

describe('graphemeClusters', () => {
  it('cuts alone only characters that join nothing before or after them (every one, beside a letter, a mark, a joiner, itself)', () => {
    expect(alone.length).toBeGreaterThan(1000);
    const wrong: string[] = [];
    for (const ch of alone) {
      for (const text of [`a${ch}a`, `${ch}${ch}`, `${ch}\u0301`.normalize('NFD'), `\u200d${ch}`, `${ch}\u200d`]) {
        const expected = clusters(text);
        const got = [...graphemeClusters(text)];
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`U+${ch.charCodeAt(0).toString(16)} in ${JSON.stringify(text)}`);
      }
      // © ™ ↔ and a few others are pictographic: they join only through a joiner or a mark (above), never cut alone.
      if (/\p{M}|\p{Regional_Indicator}/u.test(ch)) wrong.push(`U+${ch.charCodeAt(0).toString(16)} is a mark or a regional indicator`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives the clusters Intl.Segmenter gives, for any text', () => {
    const unit = fc.oneof(fc.constantFrom(...alone.slice(0, 400), ...alone.slice(-200)), fc.string({ unit: 'grapheme', maxLength: 2 }), fc.constantFrom('\u0301', '\u200d', '👍🏽', '🇻🇳', '\r\n', 'ệ'.normalize('NFD')));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        expect([...graphemeClusters(text)]).toEqual(clusters(text));
      }),
      { numRuns: 2000 },
    );
  });
});
