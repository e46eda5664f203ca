/**
 * Numbers in messages (i18n/numbers.ts) are what Intl.NumberFormat writes,
 * en-US and vi-VN, at most two decimals: whole numbers, fractions that round
 * half away from zero in their shortest decimal form (1.005 → 1.01), carries
 * (9.995 → 10), negatives and negative zero, large and tiny numbers.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/i18n/numbers.js';

const intl = { en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }), vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }) };
const langs = ['en', 'vi'] as const;

describe('formatNumber', () => {
  it('writes numbers the way each language does', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(9637, 'vi')).toBe('9.637');
    expect(formatNumber(1.005, 'en')).toBe('1.01');
    expect(formatNumber(9.995, 'en')).toBe('10');
    expect(formatNumber(-0.001, 'vi')).toBe(intl.vi.format(-0.001));
  });

  it('is what Intl.NumberFormat writes, for any number', () => {
    const tricky = fc.tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(1, 10, 100, 1000)).map(([i, f, d]) => i + f / d / 10);
    const numbers = fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e7, max: 1e7 }), tricky, fc.constantFrom(0, -0, 0.005, 0.015, 0.125, 2.675, 1e21, 1e-7, 123456789.995, -999.995, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE));
    fc.assert(
      fc.property(numbers, fc.constantFrom(...langs), (value, lang) => {
        expect(formatNumber(value, lang)).toBe(intl[lang].format(value));
      }),
      { numRuns: 5000 },
    );
  });
});
