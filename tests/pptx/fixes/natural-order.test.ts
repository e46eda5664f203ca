/**
 * Part-name order (fixes/fix.ts): `naturalSorted`, which cuts each name into
 * its runs once, gives the order sorting with `naturalCompare` gives.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalSorted } from '../../../src/pptx/fixes/fix.js';

/** Part-like names: folders, words, numbers with leading zeros, the same stem with different numbers. */
const name = fc
  .array(fc.oneof(fc.constantFrom('ppt/', 'slides/', 'slide', 'chart', '_rels/', '.xml', '.rels', 'a', 'B', '-'), fc.nat(120).map(String), fc.constantFrom('007', '0', '00')), { minLength: 1, maxLength: 6 })
  .map((pieces) => pieces.join(''));

describe('naturalSorted', () => {
  it('orders slide2 before slide10, and by name where numbers are equal', () => {
    expect(naturalSorted(['ppt/slides/slide10.xml', 'ppt/slides/slide2.xml', 'ppt/slides/slide02.xml', 'ppt/charts/chart1.xml'])).toEqual([
      'ppt/charts/chart1.xml',
      'ppt/slides/slide02.xml',
      'ppt/slides/slide2.xml',
      'ppt/slides/slide10.xml',
    ]);
  });

  it('gives the order of sort(naturalCompare), after the rank', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 40 }), (names) => {
        expect(naturalSorted(names)).toEqual([...names].sort(naturalCompare));
        const rank = (n: string): number => (n.startsWith('ppt/') ? 1 : 0);
        expect(naturalSorted(names, rank)).toEqual([...names].sort((a, b) => rank(a) - rank(b) || naturalCompare(a, b)));
      }),
      { numRuns: 300 },
    );
  });
});
