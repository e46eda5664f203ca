import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillPattern, parseLocale, type Locale } from '../../src/format/locale.js';
import { formatNumber, formatQuantity, formatRange, formatScaled, scaleFor } from '../../src/format/number.js';

const localeFile = (code: string) => new URL(`../../templates/locales/${code}.yaml`, import.meta.url);
const loadLocale = (code: string): Locale => parseLocale(readFileSync(localeFile(code), 'utf8'), `${code}.yaml`);
const vi = loadLocale('vi');
const en = loadLocale('en');

/** Read a vi number back: drop the group dots, make the decimal comma a point. */
const parseVi = (s: string): number => Number(s.replaceAll('.', '').replace(',', '.'));
const swapSeparators = (s: string): string => s.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
const roundedTo2 = (n: number): number => Number(n.toFixed(2)) + 0; // + 0 turns -0 into 0

/** Doubles of every magnitude, and round figures like 2 600 000 that reports are full of. */
const anyFigure = fc.oneof(
  fc.double({ min: -1e16, max: 1e16, noNaN: true }),
  fc
    .tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 10 }))
    .map(([m, e]) => m * 10 ** e),
);

describe('formatNumber', () => {
  it.each([
    [9637, '9.637'],
    [27.1, '27,1'],
    [600000, '600.000'],
    [1000, '1.000'],
    [30000, '30.000'],
    [-26, '-26'],
    [0.5, '0,5'],
    [2.6, '2,6'],
    [672, '672'],
    [0, '0'],
    [-0.001, '0'],
    [1234.5678, '1.234,57'],
    [1e21, '1.000.000.000.000.000.000.000'],
  ])('vi: %d → %s', (n, expected) => {
    expect(formatNumber(n, vi)).toBe(expected);
  });

  it('en swaps the separators', () => {
    expect(formatNumber(9637, en)).toBe('9,637');
    expect(formatNumber(27.1, en)).toBe('27.1');
    expect(formatNumber(1234.5678, en)).toBe('1,234.57');
  });

  it('rounds to the decimals asked for', () => {
    expect(formatNumber(2.345678, vi, { maxDecimals: 0 })).toBe('2');
    expect(formatNumber(2.345678, vi, { maxDecimals: 4 })).toBe('2,3457');
  });

  it('refuses what is not a number', () => {
    expect(() => formatNumber(Number.NaN, vi)).toThrow(RangeError);
    expect(() => formatNumber(Infinity, vi)).toThrow(RangeError);
  });

  it('property: reading the vi output back gives the rounded number', () => {
    fc.assert(fc.property(anyFigure, (n) => parseVi(formatNumber(n, vi)) === roundedTo2(n)));
  });

  it('property: groups are exactly three digits, the fraction has no trailing zero', () => {
    fc.assert(
      fc.property(anyFigure, (n) => {
        expect(formatNumber(n, vi)).toMatch(/^-?\d{1,3}(\.\d{3})*(,\d{0,1}[1-9])?$/);
      }),
    );
  });

  it('property: never "-0"; a minus only on a value that prints as non-zero', () => {
    fc.assert(
      fc.property(anyFigure, (n) => {
        const s = formatNumber(n, vi);
        return !s.startsWith('-') || (n < 0 && parseVi(s) !== 0);
      }),
    );
  });

  it('property: vi and en differ only by swapping the separators', () => {
    fc.assert(fc.property(anyFigure, (n) => formatNumber(n, en) === swapSeparators(formatNumber(n, vi))));
  });
});

describe('formatScaled', () => {
  it.each([
    [377000000, '377 triệu'],
    [15000000000, '15 tỷ'],
    [2600000, '2,6 triệu'],
    [152000000000, '152 tỷ'],
    [10000000, '10 triệu'],
    [600000, '600.000'],
    [1250000000000, '1.250 tỷ'],
    [1234567, '1,23 triệu'],
    [999999999, '1 tỷ'],
    [999999.999, '1 triệu'],
    [-2600000, '-2,6 triệu'],
  ])('vi: %d → %s', (n, expected) => {
    expect(formatScaled(n, vi)).toBe(expected);
  });

  it('en', () => {
    expect(formatScaled(377000000, en)).toBe('377 million');
    expect(formatScaled(2600000, en)).toBe('2.6 million');
    expect(formatScaled(1250000000000, en)).toBe('1.25 trillion');
    expect(formatScaled(600000, en)).toBe('600,000');
  });

  const largest = vi.scales[0]?.word;

  it('property: at most 3 integer digits before a scale word, except the largest scale', () => {
    fc.assert(
      fc.property(anyFigure, (n) => {
        const match = /^-?([\d.]+)(?:,\d+)? (\S+)$/.exec(formatScaled(n, vi));
        if (!match) return true;
        const [, integer = '', word] = match;
        return word === largest || integer.replaceAll('.', '').length <= 3;
      }),
    );
  });

  it('property: the scaled figure is the number, rounded to the scale', () => {
    fc.assert(
      fc.property(anyFigure, (n) => {
        const s = formatScaled(n, vi);
        const scale = scaleFor(n, vi);
        if (!scale) return s === formatNumber(n, vi);
        const [digits = '', word] = s.split(' ');
        expect(word).toBe(scale.word);
        expect(Math.abs(parseVi(digits) * scale.value - n)).toBeLessThanOrEqual(0.005 * scale.value * (1 + 1e-9));
        return true;
      }),
    );
  });

  it('property: below scaleFrom a number keeps all its digits', () => {
    fc.assert(
      fc.property(fc.double({ min: -vi.scaleFrom + 1, max: vi.scaleFrom - 1, noNaN: true }), (n) => formatScaled(n, vi) === formatNumber(n, vi)),
    );
  });
});

describe('formatQuantity', () => {
  it.each([
    [27.1, '%', '27,1%'],
    [100, '%', '100%'],
    [152000000000, 'đồng', '152 tỷ đồng'],
    [15000000000, 'tin nhắn', '15 tỷ tin nhắn'],
    [2, 'm', '2 m'],
    [9637, null, '9.637'],
    [30000, '', '30.000'],
  ])('vi: %d %s → %s', (n, unit, expected) => {
    expect(formatQuantity(n, unit, vi)).toBe(expected);
  });

  it('en', () => {
    expect(formatQuantity(152000000000, 'đồng', en)).toBe('152 billion đồng');
    expect(formatQuantity(27.1, '%', en)).toBe('27.1%');
  });
});

describe('formatRange', () => {
  it.each([
    [700, 1000, 'tin', '700–1.000 tin'],
    [700, 1000, null, '700–1.000'],
    [20000000, 30000000, null, '20–30 triệu'],
    [20000000, 30000000, 'lượt đọc', '20–30 triệu lượt đọc'],
    [20, 30, '%', '20–30%'],
    [600000, 1200000, null, '600.000–1,2 triệu'],
    [500000000, 2000000000, 'đồng', '500 triệu–2 tỷ đồng'],
  ])('vi: %d..%d %s → %s', (low, high, unit, expected) => {
    expect(formatRange(low, high, unit, vi)).toBe(expected);
  });

  it('en', () => {
    expect(formatRange(20000000, 30000000, null, en)).toBe('20–30 million');
    expect(formatRange(700, 1000, null, en)).toBe('700–1,000');
  });

  it('property: both ends on one scale write its word once, and each end reads as formatScaled would', () => {
    fc.assert(
      fc.property(anyFigure, anyFigure, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const range = formatRange(low, high, null, vi);
        const shared = scaleFor(low, vi);
        if (shared && shared === scaleFor(high, vi)) {
          expect(range.split(shared.word).length - 1).toBe(1);
          expect(range).toBe(`${formatScaled(low, vi).replace(` ${shared.word}`, '')}–${formatScaled(high, vi)}`);
        } else {
          expect(range).toBe(`${formatScaled(low, vi)}–${formatScaled(high, vi)}`);
        }
      }),
    );
  });
});

describe('fillPattern', () => {
  it('drops an empty slot with the space beside it', () => {
    expect(fillPattern('{verb} {qualifier} {amount}', { verb: 'tăng', qualifier: null, amount: '40%' })).toBe('tăng 40%');
    expect(fillPattern('{qualifier} doubled', { qualifier: '' })).toBe('doubled');
  });

  it('keeps the spacing and braces of the values', () => {
    expect(fillPattern('{change} {against} {period}', { change: 'tăng {n}', against: 'so với', period: 'năm  2019' })).toBe(
      'tăng {n} so với năm  2019',
    );
  });
});

describe('parseLocale', () => {
  const viText = readFileSync(localeFile('vi'), 'utf8');

  it('reads both shipped locales', () => {
    expect(vi.code).toBe('vi');
    expect(vi.lang).toBe('vi-VN');
    expect(en.code).toBe('en');
    expect(Object.keys(en.qualifiers).sort()).toEqual(Object.keys(vi.qualifiers).sort());
  });

  it.each([
    ['not YAML', 'code: [vi', /bad\.yaml: not valid YAML/],
    ['a missing field', viText.replace(/^decimal:.*$/m, ''), /bad\.yaml: invalid locale\n {2}decimal:/],
    ['equal separators', viText.replace(/^group:.*$/m, 'group: ","'), /group: decimal and group separators must differ/],
    ['a pattern without its slot', viText.replace(/^percent:.*$/m, 'percent: "%"'), /percent: must contain \{n\}/],
    ['unsorted scales', viText.replace('value: 1000000000,', 'value: 1000,'), /scales: list scales from largest to smallest/],
    ['an unknown field', `${viText}\nextra: 1\n`, /extra/],
  ])('names the file and the problem: %s', (_, text, message) => {
    expect(() => parseLocale(text, 'bad.yaml')).toThrow(message);
  });
});
