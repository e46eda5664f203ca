/**
 * collapseSpaces (render/shapes.ts) folds white space as `replace(/\s+/g, ' ')`
 * does, for any text: its screen only spares the copy when nothing would change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseSpaces } from '../../src/render/shapes.js';

const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2009', '\u3000', '\ufeff', '\u2028', '\u200b'];
const piece = fc.oneof(fc.constantFrom(...SPACES), fc.constantFrom('a', 'Hà', 'Nội', '9.637', '—'), fc.string({ maxLength: 3 }));

describe('collapseSpaces', () => {
  it('gives what replace(/\\s+/g, " ") gives, for any text', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(collapseSpaces(text)).toBe(text.replace(/\s+/g, ' '));
      }),
      { numRuns: 5000 },
    );
  });

  it('folds runs and other spaces, and leaves single spaces as they are', () => {
    expect(collapseSpaces('Hà  Nội\t9.637\u00a0tin')).toBe('Hà Nội 9.637 tin');
    expect(collapseSpaces(' a b ')).toBe(' a b ');
  });
});
