/**
 * The Handlebars helpers layouts may call. Registered explicitly on an
 * isolated instance; each formats through the locale, so `vi` and `en`
 * decks come from the same layouts.
 */
import type Handlebars from 'handlebars';
import type { Locale } from '../format/locale.js';
import { formatNumber, formatQuantity, formatRange } from '../format/number.js';
import { formatChange, formatChangeShort, formatFigure, formatStatDetail } from '../format/figure.js';
import type { Change, Stat } from '../validate/schema.js';

type HelperOptions = Handlebars.HelperOptions;

export function registerHelpers(hb: typeof Handlebars, locale: Locale): void {
  const helpers: Record<string, Handlebars.HelperDelegate> = {
    /** {{num 9637}} → 9.637 */
    num: (n: unknown) => (typeof n === 'number' ? formatNumber(n, locale) : ''),
    /** {{quantity 152000000000 "đồng"}} → 152 tỷ đồng */
    quantity: (n: unknown, unit: unknown) => (typeof n === 'number' ? formatQuantity(n, stringOrNull(unit), locale) : ''),
    /** {{range 700 1000 "tin"}} → 700–1.000 tin */
    range: (low: unknown, high: unknown, unit: unknown) =>
      typeof low === 'number' && typeof high === 'number' ? formatRange(low, high, stringOrNull(unit), locale) : '',
    /** The big number of a statistic: "trên 377 triệu", "37,2% → 50,8%", "gấp đôi", or its change. */
    figure: (stat: Stat) => formatFigure(stat, locale),
    /** The line under it: the change, the period of a bare change, or "2019 → 6/2020". */
    statDetail: (stat: Stat) => formatStatDetail(stat, locale),
    change: (change: Change | null) => (change ? formatChange(change, locale) : ''),
    changeShort: (change: Change | null) => (change ? formatChangeShort(change, locale) : ''),
    /** {{date "2020-07-06"}} → 06/7/2020 in vi, 6 July 2020 in en (pattern from the locale). */
    date: (iso: unknown) => (typeof iso === 'string' ? formatDate(iso, locale) : ''),
    /** A word from the locale: {{t "agenda"}}. */
    t: (key: unknown) => locale.words[String(key)] ?? String(key),
    /** The slide heading, marked "(tiếp theo)" on continuation slides. */
    heading: (text: unknown, options: HelperOptions) => {
      const root = options.data?.root as { continued?: boolean } | undefined;
      return root?.continued ? `${String(text)} ${locale.words.continued ?? ''}`.trimEnd() : String(text ?? '');
    },
    /** The first value that is set: {{or meeting.organiserShort meeting.organiser}}. */
    or: (...args: unknown[]) => args.slice(0, -1).find((a) => a !== null && a !== undefined && a !== '') ?? '',
    /** A list of its arguments, to loop over: {{#each (list left right)}}. */
    list: (...args: unknown[]) => args.slice(0, -1),
    add: (a: unknown, b: unknown) => Number(a) + Number(b),
  };
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
}

const stringOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function formatDate(iso: string, locale: Locale): string {
  const [year, month, day] = iso.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return iso;
  return locale.datePattern
    .replace('{dd}', String(day).padStart(2, '0'))
    .replace('{d}', String(day))
    .replace('{mm}', String(month).padStart(2, '0'))
    .replace('{m}', String(month))
    .replace('{month}', locale.months[month - 1] ?? String(month))
    .replace('{yyyy}', String(year));
}
