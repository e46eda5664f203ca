import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatChange, formatChangeShort, formatFigure } from '../../src/format/figure.js';
import { parseLocale, type Locale } from '../../src/format/locale.js';
import { formatQuantity, roundForDisplay } from '../../src/format/number.js';
import { changeSchema, QUALIFIERS, statSchema, type Change, type Stat } from '../../src/validate/schema.js';

const loadLocale = (code: string): Locale =>
  parseLocale(readFileSync(new URL(`../../templates/locales/${code}.yaml`, import.meta.url), 'utf8'), `${code}.yaml`);
const vi = loadLocale('vi');
const en = loadLocale('en');

// Built through the real schemas, so every test input is data a report could hold.
const stat = (fields: Record<string, unknown>): Stat => statSchema.parse({ label: 'x', ...fields });
const change = (fields: Record<string, unknown>): Change => changeSchema.parse(fields);

const finite = fc.double({ min: -1e12, max: 1e12, noNaN: true });
/** Statistic figures are never negative (a fall is a change), so the schema refuses them. */
const figureValue = fc.double({ min: 0, max: 1e15, noNaN: true });
const qualifier = fc.constantFrom(...QUALIFIERS);
const period = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== '');

describe('formatFigure', () => {
  it.each([
    [{ value: 377000000, qualifier: 'trên' }, 'trên 377 triệu'],
    [{ value: 15000000000, qualifier: 'hơn' }, 'hơn 15 tỷ'],
    [{ value: 152000000000, qualifier: 'hơn', unit: 'đồng' }, 'hơn 152 tỷ đồng'],
    [{ value: 1000, qualifier: 'gần' }, 'gần 1.000'],
    [{ value: 30000, qualifier: 'hơn' }, 'hơn 30.000'],
    [{ value: 600000, qualifier: 'gần' }, 'gần 600.000'],
    [{ value: 2, qualifier: 'dưới', unit: 'm' }, 'dưới 2 m'],
    [{ value: 2600000 }, '2,6 triệu'],
    [{ value: 9637 }, '9.637'],
    [{ value: 27.1, unit: '%' }, '27,1%'],
    [{ range: [700, 1000], unit: 'tin' }, '700–1.000 tin'],
    [{ range: [20000000, 30000000] }, '20–30 triệu'],
    [{ range: [700, 1000], qualifier: 'khoảng' }, 'khoảng 700–1.000'],
    [{ before: { value: 37.2, label: '2019' }, after: { value: 50.8, label: '6/2020' }, unit: '%' }, '37,2% → 50,8%'],
    [{ multiple: 2 }, 'gấp đôi'],
    [{ multiple: 3 }, 'gấp ba'],
    [{ multiple: 5 }, 'gấp 5 lần'],
    [{ multiple: 1.5 }, 'gấp 1,5 lần'],
    [{ multiple: 2, qualifier: 'gần' }, 'gần gấp đôi'],
    [{ change: { by: -26 } }, 'giảm 26%'],
  ])('vi: %j → %s', (fields, expected) => {
    expect(formatFigure(stat(fields), vi)).toBe(expected);
  });

  it.each([
    [{ value: 377000000, qualifier: 'trên' }, 'over 377 million'],
    [{ value: 152000000000, qualifier: 'hơn', unit: 'đồng' }, 'more than 152 billion đồng'],
    [{ value: 1000, qualifier: 'gần' }, 'nearly 1,000'],
    [{ value: 27.1, qualifier: 'khoảng', unit: '%' }, 'about 27.1%'],
    [{ before: { value: 37.2, label: '2019' }, after: { value: 50.8, label: '6/2020' }, unit: '%' }, '37.2% → 50.8%'],
    [{ multiple: 2 }, 'double'],
    [{ multiple: 5 }, '5 times'],
  ])('en: %j → %s', (fields, expected) => {
    expect(formatFigure(stat(fields), en)).toBe(expected);
  });

  it('property: a qualifier is its word before the unqualified figure', () => {
    fc.assert(
      fc.property(figureValue, qualifier, fc.constantFrom(null, '%', 'đồng'), (value, q, unit) => {
        const plain = formatFigure(stat({ value, unit }), vi);
        expect(formatFigure(stat({ value, unit, qualifier: q }), vi)).toBe(`${vi.qualifiers[q]} ${plain}`);
        expect(plain).toBe(formatQuantity(value, unit, vi));
      }),
    );
  });
});

describe('formatChange', () => {
  it.each([
    [{ by: 40, qualifier: 'trên', against: 'cùng kỳ năm 2019' }, 'tăng trên 40% so với cùng kỳ năm 2019'],
    [{ by: -26, against: '6 tháng cuối năm 2019' }, 'giảm 26% so với 6 tháng cuối năm 2019'],
    [{ by: 40 }, 'tăng 40%'],
    [{ by: 50 }, 'tăng 50%'],
    [{ by: -27.1 }, 'giảm 27,1%'],
    [{ by: 67.8 }, 'tăng 67,8%'],
    [{ by: 2000000, unit: 'người' }, 'tăng 2 triệu người'],
    [{ multiple: 2, against: 'năm 2019' }, 'tăng gấp đôi so với năm 2019'],
    [{ multiple: 2, qualifier: 'gần' }, 'tăng gần gấp đôi'],
    [{ multiple: 5 }, 'tăng gấp 5 lần'],
    [{ multiple: 0.5 }, 'giảm 50%'],
    [{ multiple: 1 }, 'không đổi'],
    [{ by: 0, against: 'năm 2019' }, 'không đổi so với năm 2019'],
    [{ by: 0.001 }, 'không đổi'],
  ])('vi: %j → %s', (fields, expected) => {
    expect(formatChange(change(fields), vi)).toBe(expected);
  });

  it.each([
    [{ by: 40, qualifier: 'trên', against: 'the same period of 2019' }, 'up over 40% compared with the same period of 2019'],
    [{ by: -26, against: 'H2 2019' }, 'down 26% compared with H2 2019'],
    [{ by: 5, qualifier: 'đến' }, 'up by up to 5%'],
    [{ by: 5, qualifier: 'dưới' }, 'up less than 5%'],
    [{ multiple: 2, against: '2019' }, 'doubled compared with 2019'],
    [{ multiple: 2, qualifier: 'gần' }, 'nearly doubled'],
    [{ multiple: 5 }, 'up 5-fold'],
    [{ by: 0, against: '2019' }, 'unchanged compared with 2019'],
  ])('en: %j → %s', (fields, expected) => {
    expect(formatChange(change(fields), en)).toBe(expected);
  });

  it('the short form leaves the period out', () => {
    const c = change({ by: 40, qualifier: 'trên', against: 'cùng kỳ năm 2019' });
    expect(formatChangeShort(c, vi)).toBe('tăng trên 40%');
    expect(formatChangeShort(c, en)).toBe('up over 40%');
  });

  it.each([
    ['trên', 'tăng trên 40%'],
    ['hơn', 'tăng hơn 40%'],
    ['gần', 'tăng gần 40%'],
  ])('qualifier %s sits between the verb and the amount', (q, expected) => {
    expect(formatChangeShort(change({ by: 40, qualifier: q }), vi)).toBe(expected);
  });

  const verbs = (locale: Locale) => ({ up: `${locale.increase} `, down: `${locale.decrease} `, same: locale.unchanged });

  it.each([
    ['vi', vi],
    ['en', en],
  ])('property (%s): the verb matches the sign of the printed change', (_, locale) => {
    const { up, down, same } = verbs(locale);
    fc.assert(
      fc.property(finite, fc.option(qualifier, { nil: null }), (by, q) => {
        const text = formatChangeShort(change({ by, qualifier: q }), locale);
        const printed = roundForDisplay(by, locale);
        if (printed > 0) expect(text.startsWith(up)).toBe(true);
        else if (printed < 0) expect(text.startsWith(down)).toBe(true);
        else expect(text).toBe(same);
      }),
    );
  });

  it('property: a rise and the same fall differ only in the verb', () => {
    fc.assert(
      fc.property(finite.filter((by) => roundForDisplay(by, vi) > 0), fc.constantFrom('%', 'người'), (by, unit) => {
        const rise = formatChangeShort(change({ by, unit }), vi);
        const fall = formatChangeShort(change({ by: -by, unit }), vi);
        expect(rise.replace(vi.increase, '')).toBe(fall.replace(vi.decrease, ''));
        expect(rise).toBe(`${vi.increase} ${formatQuantity(by, unit, vi)}`);
      }),
    );
  });

  it('property: a multiple above 1 is a rise, one below 1 a fall, and "gấp" never goes with a fall', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (multiple) => {
        const text = formatChangeShort(change({ multiple }), vi);
        const printed = roundForDisplay(multiple, vi);
        if (printed > 1) expect(text).toMatch(/^tăng gấp /);
        else expect(text).toMatch(/^(giảm \d|không đổi$|tăng \d)/);
      }),
    );
  });

  it('property: the full form is the short form, then "so với" and the period', () => {
    fc.assert(
      fc.property(finite, period, (by, against) => {
        const c = change({ by, against });
        expect(formatChange(c, vi)).toBe(`${formatChangeShort(c, vi)} ${vi.against} ${against}`);
      }),
    );
  });

  it('property: no figure or change has stray spaces or a "-0"', () => {
    fc.assert(
      fc.property(figureValue, fc.option(qualifier, { nil: null }), fc.constantFrom(null, '%', 'tin'), (n, q, unit) => {
        const texts = [
          formatFigure(stat({ value: n, qualifier: q, unit }), vi),
          formatChangeShort(change({ by: n, qualifier: q, unit: unit ?? '%' }), vi),
        ];
        for (const t of texts) {
          expect(t).toBe(t.trim());
          expect(t).not.toMatch(/ {2}|(^|[^\d.,])-0(?![\d.,]*[1-9])/);
        }
      }),
    );
  });
});
