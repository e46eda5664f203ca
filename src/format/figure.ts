/**
 * The figures of statistic cards and the changes under them, written in the
 * deck's locale: "trên 377 triệu", "37,2% → 50,8%", "gấp đôi",
 * "tăng trên 40% so với cùng kỳ năm 2019".
 */
import type { Better, Change, Qualifier, Stat } from '../validate/schema.js';
import { fillPattern, type Locale } from './locale.js';
import { formatNumber, formatQuantity, formatRange, roundForDisplay } from './number.js';

/** The big number of a card: its qualifier and quantity, range, before → after or multiple; a bare change gives the change. */
export function formatFigure(stat: Stat, locale: Locale): string {
  const figure = unqualifiedFigure(stat, locale);
  if (figure === null) return stat.change ? formatChangeShort(stat.change, locale) : '';
  const qualified = qualify(figure, stat.qualifier, locale);
  // A rate ("mỗi tháng") belongs to counted figures, not to a multiple.
  return stat.per && stat.multiple === null ? fillPattern(locale.rate, { figure: qualified, period: stat.per }) : qualified;
}

/**
 * The part of a statistic's whole, "trong đó 1.057 trạm 4G (34%)": the share
 * is given when part and whole are counted in the same unit.
 */
export function formatPart(stat: Stat, locale: Locale): string {
  const { part } = stat;
  if (part === null) return '';
  const unit = part.unit ?? stat.unit;
  const text = fillPattern(locale.part, { figure: qualify(formatQuantity(part.value, unit, locale), part.qualifier, locale), label: part.label });
  if (stat.value === null || stat.value === 0 || unit !== stat.unit) return text;
  const share = (part.value / stat.value) * 100;
  // Whole percents read best; a small share keeps one decimal so it does not print as 0%.
  const printed = formatQuantity(share, '%', { ...locale, maxDecimals: share >= 10 ? 0 : 1 });
  return fillPattern(locale.share, { part: text, share: printed });
}

/** Which colour a statistic's change deserves: `better` or `worse` when the data says which way is good, else `neutral`. */
export type Tone = 'better' | 'worse' | 'neutral';

export function statTone(stat: Stat, locale: Locale): Tone {
  const better: Better | null = stat.change?.better ?? stat.better;
  const direction = directionOf(stat, locale);
  if (better === null || direction === 0) return 'neutral';
  return (direction > 0) === (better === 'higher') ? 'better' : 'worse';
}

/** +1 for a rise, -1 for a fall, 0 for none or no change stated; judged on the printed figures. */
function directionOf(stat: Stat, locale: Locale): number {
  const change = stat.change;
  if (change?.by !== null && change?.by !== undefined) return Math.sign(roundForDisplay(change.by, locale));
  if (change?.multiple !== null && change?.multiple !== undefined) return Math.sign(roundForDisplay(change.multiple, locale) - 1);
  if (stat.before !== null && stat.after !== null) return Math.sign(roundForDisplay(stat.after.value, locale) - roundForDisplay(stat.before.value, locale));
  return 0;
}

/** A statistic that is only a change ("giảm 26% so với …"): the change is its figure. */
export function isBareChange(stat: Stat): boolean {
  return stat.change !== null && stat.value === null && stat.range === null && stat.before === null && stat.multiple === null;
}

function qualify(figure: string, qualifier: Qualifier | null, locale: Locale): string {
  return qualifier ? fillPattern(locale.qualified, { qualifier: locale.qualifiers[qualifier], figure }) : figure;
}

/**
 * The line under a card's figure: its change; for a bare change (already the
 * figure) the period it is against; for a before → after pair, when each held.
 */
export function formatStatDetail(stat: Stat, locale: Locale): string {
  if (stat.before !== null && stat.after !== null) {
    const periods = fillPattern(locale.beforeAfter, { before: stat.before.label, after: stat.after.label });
    return stat.change ? `${periods}; ${formatChange(stat.change, locale)}` : periods;
  }
  if (!stat.change) return '';
  if (unqualifiedFigure(stat, locale) === null) {
    return stat.change.against ? fillPattern(locale.compared, { change: '', against: locale.against, period: stat.change.against }) : '';
  }
  return formatChange(stat.change, locale);
}

/** "tăng trên 40% so với cùng kỳ năm 2019"; without `against`, the short form. */
export function formatChange(change: Change, locale: Locale): string {
  const short = formatChangeShort(change, locale);
  if (!change.against) return short;
  return fillPattern(locale.compared, { change: short, against: locale.against, period: change.against });
}

/** The change without its period, for tight card space: "tăng trên 40%", "giảm 26%", "tăng gấp đôi". */
export function formatChangeShort(change: Change, locale: Locale): string {
  if (change.multiple !== null) return changeByMultiple(change.multiple, change.qualifier, locale);
  return changeBy(change.by ?? 0, change.unit, change.qualifier, locale);
}

function unqualifiedFigure(stat: Stat, locale: Locale): string | null {
  if (stat.value !== null) return formatQuantity(stat.value, stat.unit, locale);
  if (stat.range !== null) return formatRange(stat.range[0], stat.range[1], stat.unit, locale);
  if (stat.before !== null && stat.after !== null) {
    return fillPattern(locale.beforeAfter, {
      before: formatQuantity(stat.before.value, stat.unit, locale),
      after: formatQuantity(stat.after.value, stat.unit, locale),
    });
  }
  if (stat.multiple !== null) return multipleWords(stat.multiple, locale.multiples, locale.multipleOther, null, locale);
  return null;
}

function changeBy(by: number, unit: string, qualifier: Qualifier | null, locale: Locale): string {
  // Decided on the printed value: +0,001% would otherwise read "tăng 0%".
  const printed = roundForDisplay(by, locale);
  if (printed === 0) return locale.unchanged;
  return fillPattern(locale.change, {
    verb: printed > 0 ? locale.increase : locale.decrease,
    qualifier: changeQualifier(qualifier, locale),
    amount: formatQuantity(Math.abs(by), unit, locale),
  });
}

function changeByMultiple(multiple: number, qualifier: Qualifier | null, locale: Locale): string {
  // "tăng gấp 0,5 lần" would call a fall a rise: a multiple that is not above 1 is the percentage it really is.
  if (roundForDisplay(multiple, locale) <= 1) return changeBy((multiple - 1) * 100, '%', qualifier, locale);
  return multipleWords(multiple, locale.changeMultiples, locale.changeMultipleOther, changeQualifier(qualifier, locale), locale);
}

/** A named multiple ("gấp đôi") when the locale has one for this number, else the general pattern ("gấp 5 lần"). */
function multipleWords(
  multiple: number,
  named: Readonly<Record<string, string>>,
  other: string,
  qualifier: string | null,
  locale: Locale,
): string {
  const name = named[String(roundForDisplay(multiple, locale))];
  return fillPattern(name ?? other, { n: formatNumber(multiple, locale), qualifier });
}

function changeQualifier(qualifier: Qualifier | null, locale: Locale): string | null {
  if (!qualifier) return null;
  return locale.changeQualifiers[qualifier] ?? locale.qualifiers[qualifier];
}
