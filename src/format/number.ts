/**
 * Numbers as readers write them: 9.637, 27,1%, 2,6 triệu, 700–1.000 tin.
 * Every separator and word comes from the locale; these functions only decide
 * where they go.
 */
import { fillPattern, type Locale } from './locale.js';

export interface NumberOptions {
  /** Decimals to round to; the locale's `maxDecimals` unless given. */
  maxDecimals?: number;
}

type Scale = Locale['scales'][number];

/** 9637 → "9.637", 27.1 → "27,1", -0.001 → "0": rounded, grouped, trailing zeros trimmed. */
export function formatNumber(n: number, locale: Locale, opts: NumberOptions = {}): string {
  const { integer, fraction } = roundedDigits(Math.abs(n), opts.maxDecimals ?? locale.maxDecimals);
  const digits = groupThousands(integer, locale.group) + (fraction ? locale.decimal + fraction : '');
  // The sign belongs to the printed value: -0,001 prints as 0, never "-0".
  const printsAsZero = /^0+$/.test(integer) && fraction === '';
  return n < 0 && !printsAsZero ? locale.minus + digits : digits;
}

/**
 * 377000000 → "377 triệu", 600000 → "600.000". The scaled number is rounded
 * to `maxDecimals` (1234567 → "1,23 triệu"): a scale word promises a rounded
 * figure, and the exact one is always available through formatNumber.
 */
export function formatScaled(n: number, locale: Locale): string {
  const scale = scaleFor(n, locale);
  if (!scale) return formatNumber(n, locale);
  return fillPattern(locale.scaled, { n: formatNumber(n / scale.value, locale), scale: scale.word });
}

/** The number with its unit: "27,1%", "152 tỷ đồng"; no unit gives the number alone. */
export function formatQuantity(n: number, unit: string | null, locale: Locale): string {
  return withUnit(formatScaled(n, locale), unit, locale);
}

/** "700–1.000 tin", "20–30 triệu" (a shared scale word is written once), "20–30%". */
export function formatRange(low: number, high: number, unit: string | null, locale: Locale): string {
  const lowScale = scaleFor(low, locale);
  const highScale = scaleFor(high, locale);
  if (lowScale && lowScale === highScale) {
    const span = fillPattern(locale.range, {
      low: formatNumber(low / lowScale.value, locale),
      high: formatNumber(high / highScale.value, locale),
    });
    return withUnit(fillPattern(locale.scaled, { n: span, scale: lowScale.word }), unit, locale);
  }
  const span = fillPattern(locale.range, { low: formatScaled(low, locale), high: formatScaled(high, locale) });
  return withUnit(span, unit, locale);
}

/** The number as it will be printed, as a number: 0.004 → 0 with two decimals. */
export function roundForDisplay(n: number, locale: Locale): number {
  return roundTo(n, locale.maxDecimals);
}

/**
 * The scale word a number is written with, if any: the largest whose scaled
 * value still prints as at least 1. Judging the printed value means
 * 999.999.999 reads "1 tỷ", never "1.000 triệu".
 */
export function scaleFor(n: number, locale: Locale): Scale | undefined {
  const magnitude = Math.abs(n);
  if (roundTo(magnitude, locale.maxDecimals) < locale.scaleFrom) return undefined;
  return locale.scales.find((s) => roundTo(magnitude / s.value, locale.maxDecimals) >= 1);
}

function withUnit(figure: string, unit: string | null, locale: Locale): string {
  if (!unit) return figure;
  // "%" sits against the number by its own pattern (27,1%); other units follow a space.
  if (unit === '%') return fillPattern(locale.percent, { n: figure });
  return fillPattern(locale.quantity, { n: figure, unit });
}

function roundedDigits(abs: number, decimals: number): { integer: string; fraction: string } {
  if (!Number.isFinite(abs)) throw new RangeError(`cannot format ${String(abs)} as a number`);
  // toFixed switches to exponent notation from 1e21; doubles that large are integers, which BigInt prints in full.
  const fixed = abs >= 1e21 ? BigInt(abs).toString() : abs.toFixed(decimals);
  const [integer = '0', fraction = ''] = fixed.split('.');
  return { integer, fraction: fraction.replace(/0+$/, '') };
}

function groupThousands(integer: string, group: string): string {
  return integer.replace(/\B(?=(\d{3})+$)/g, group);
}

function roundTo(n: number, decimals: number): number {
  return Math.abs(n) >= 1e21 ? n : Number(n.toFixed(decimals));
}
