/** What reports say beyond a single figure: a part of a whole ("trong đó"), a rate ("mỗi tháng"), and whether a change is good news. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFigure, formatPart, isBareChange, statTone } from '../../src/format/figure.js';
import { parseLocale, type Locale } from '../../src/format/locale.js';
import { statSchema, type Stat } from '../../src/validate/schema.js';

const loadLocale = (code: string): Locale =>
  parseLocale(readFileSync(new URL(`../../templates/locales/${code}.yaml`, import.meta.url), 'utf8'), `${code}.yaml`);
const vi = loadLocale('vi');
const en = loadLocale('en');
const stat = (fields: Record<string, unknown>): Stat => statSchema.parse({ label: 'x', ...fields });

describe('a part of the whole', () => {
  it.each([
    [{ value: 3106, part: { value: 1057, label: 'trạm 4G' } }, 'trong đó 1.057 trạm 4G (34%)', 'of which 1,057 trạm 4G (34%)'],
    [{ value: 525300, unit: 'ha', part: { value: 198250, label: 'lúa chất lượng cao' } }, 'trong đó 198.250 ha lúa chất lượng cao (38%)', 'of which 198,250 ha lúa chất lượng cao (38%)'],
    // A small share keeps a decimal, so it never prints as 0%.
    [{ value: 10000, part: { value: 46, label: 'xã' } }, 'trong đó 46 xã (0,5%)', 'of which 46 xã (0.5%)'],
    // Another unit: no share, which would compare unlike things.
    [{ value: 115, unit: 'xã', part: { value: 2600000, unit: 'người', label: 'được hưởng lợi', qualifier: 'hơn' } }, 'trong đó hơn 2,6 triệu người được hưởng lợi', 'of which more than 2.6 million người được hưởng lợi'],
  ])('%j', (fields, inVi, inEn) => {
    expect(formatPart(stat(fields), vi)).toBe(inVi);
    expect(formatPart(stat(fields), en)).toBe(inEn);
  });

  it('is nothing without a part', () => {
    expect(formatPart(stat({ value: 3 }), vi)).toBe('');
  });

  it('cannot exceed its whole, and needs one', () => {
    const tooBig = statSchema.safeParse({ label: 'x', value: 10, part: { value: 11, label: 'y' } });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]?.path).toEqual(['part', 'value']);
    expect(statSchema.safeParse({ label: 'x', change: { by: 5 }, part: { value: 1, label: 'y' } }).success).toBe(false);
    // Different units are different things: no comparison.
    expect(statSchema.safeParse({ label: 'x', value: 10, unit: 'xã', part: { value: 11, unit: 'thôn', label: 'y' } }).success).toBe(true);
  });
});

describe('a rate per period', () => {
  it.each([
    [{ value: 2300, qualifier: 'khoảng', unit: 'tin, bài', per: 'tháng' }, 'khoảng 2.300 tin, bài/tháng', 'about 2,300 tin, bài/tháng'],
    [{ range: [700, 1000], unit: 'tin', per: 'ngày' }, '700–1.000 tin/ngày', '700–1,000 tin/ngày'],
    [{ value: 12, per: 'năm' }, '12/năm', '12/năm'],
    // A multiple has no period: "gấp đôi" stays as it is.
    [{ multiple: 2, per: 'năm' }, 'gấp đôi', 'double'],
  ])('%j', (fields, inVi, inEn) => {
    expect(formatFigure(stat(fields), vi)).toBe(inVi);
    expect(formatFigure(stat(fields), en).startsWith(inEn.split(' ')[0]!)).toBe(true);
    if (!('multiple' in fields)) expect(formatFigure(stat(fields), en)).toBe(inEn);
  });
});

describe('the tone of a change', () => {
  it.each([
    [{ value: 10, change: { by: 18.3 }, better: 'higher' }, 'better'],
    [{ value: 10, change: { by: 18.3 }, better: 'lower' }, 'worse'],
    [{ change: { by: -26 }, better: 'lower' }, 'better'],
    [{ change: { by: -26, better: 'higher' }, better: 'lower' }, 'worse'], // the change's own word wins
    [{ change: { multiple: 2 }, better: 'higher' }, 'better'],
    [{ change: { multiple: 0.5 }, better: 'higher' }, 'worse'],
    [{ before: { value: 37.2, label: 'a' }, after: { value: 50.8, label: 'b' }, better: 'higher' }, 'better'],
    [{ before: { value: 50.8, label: 'a' }, after: { value: 37.2, label: 'b' }, better: 'higher' }, 'worse'],
    // Without `better` a change is neutral, never alarm red.
    [{ value: 10, change: { by: 18.3 } }, 'neutral'],
    [{ change: { by: -26 } }, 'neutral'],
    // No change to speak of: neutral whatever `better` says.
    [{ value: 10, change: { by: 0.001 }, better: 'higher' }, 'neutral'],
    [{ value: 10, better: 'higher' }, 'neutral'],
  ])('%j → %s', (fields, tone) => {
    expect(statTone(stat(fields), vi)).toBe(tone);
  });

  it('knows when the change is the figure itself', () => {
    expect(isBareChange(stat({ change: { by: -26 } }))).toBe(true);
    expect(isBareChange(stat({ value: 3, change: { by: -26 } }))).toBe(false);
  });
});
