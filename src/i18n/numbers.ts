/**
 * Numbers in messages, as `Intl.NumberFormat` writes them with at most two
 * decimals (en-US 1,234.5; vi-VN 1.234,5), written here: the first Intl
 * object a process makes starts ICU, 22 ms of every build, which otherwise
 * needs none (CPU profile of the conference build). A test holds it to Intl.
 *
 * Intl rounds the shortest decimal form of the number (what String(n)
 * gives), half away from zero: 1.005 is 1.01 although 1.005.toFixed(2) is
 * "1.00". A number String writes with an exponent (1e21, 1e-7), and NaN and
 * the infinities, go to Intl itself.
 */
import type { Lang } from './lang.js';

const SEPARATORS: Readonly<Record<Lang, { group: string; decimal: string }>> = {
  en: { group: ',', decimal: '.' },
  vi: { group: '.', decimal: ',' },
};
const LOCALES: Readonly<Record<Lang, string>> = { en: 'en-US', vi: 'vi-VN' };
const FRACTION_DIGITS = 2;

const viaIntl = new Map<Lang, Intl.NumberFormat>();

export function formatNumber(value: number, lang: Lang): string {
  const digits = String(value);
  const plain = /^(-?)(\d+)(?:\.(\d+))?$/.exec(digits);
  if (!plain) {
    let format = viaIntl.get(lang);
    if (!format) viaIntl.set(lang, (format = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: FRACTION_DIGITS })));
    return format.format(value);
  }
  const negative = plain[1] === '-' || Object.is(value, -0);
  let whole = plain[2]!;
  let fraction = plain[3] ?? '';
  if (fraction.length > FRACTION_DIGITS) {
    const up = fraction.charCodeAt(FRACTION_DIGITS) >= 0x35; // the next digit is 5 or more: away from zero
    fraction = fraction.slice(0, FRACTION_DIGITS);
    if (up) [whole, fraction] = addOneUnit(whole, fraction);
  }
  fraction = fraction.replace(/0+$/, '');
  const { group, decimal } = SEPARATORS[lang];
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, group);
  return `${negative ? '-' : ''}${grouped}${fraction ? decimal + fraction : ''}`;
}

/** whole.fraction plus one unit of its last fraction digit, as decimal digits. */
function addOneUnit(whole: string, fraction: string): [string, string] {
  const sum = (BigInt(whole + fraction) + 1n).toString().padStart(whole.length + fraction.length, '0');
  const cut = sum.length - fraction.length;
  return [sum.slice(0, cut), sum.slice(cut)];
}
