/**
 * The Handlebars helpers layouts may call. Registered explicitly on an
 * isolated instance; each formats through the locale, so `vi` and `en`
 * decks come from the same layouts. Every helper declares its arguments, and
 * a call with the wrong ones fails with the helper's name and its line in the
 * layout rather than printing something odd on a slide.
 */
import type Handlebars from 'handlebars';
import type { Locale } from '../format/locale.js';
import { formatNumber, formatQuantity, formatRange, formatScaled } from '../format/number.js';
import { formatChange, formatChangeShort, formatFigure, formatPart, formatStatDetail, isBareChange, statTone } from '../format/figure.js';
import { listOf, say, t, type Text } from '../i18n/catalogue.js';
import type { Change, Stat } from '../validate/schema.js';

type HelperOptions = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } }; name?: string };

/** What an argument must be: checked before the helper runs. */
type Kind = 'number' | 'text' | 'text?' | 'stat' | 'change?' | 'any';

interface Helper {
  /** How the call is written, for messages. */
  usage: string;
  args: Kind[];
  /** Accepts any number of arguments of the first kind. */
  variadic?: boolean;
  run: (args: unknown[], options: HelperOptions) => unknown;
}

/** A wrong call of a helper; `line`/`column` are where it stands in the layout. */
export class HelperArgumentError extends Error {
  constructor(
    readonly text: Text,
    readonly lineNumber: number | undefined,
    readonly column: number | undefined,
  ) {
    super(say(text));
  }
}

/**
 * The helpers' names, as data: what `briefdeck layouts` (describe.ts) tells
 * apart from data fields without registering anything. The compiler keeps it
 * equal to the helpers registered below.
 */
export const HELPER_NAMES = [
  'num',
  'quantity',
  'range',
  'figure',
  'statDetail',
  'part',
  'tone',
  'changeIsFigure',
  'change',
  'changeShort',
  'date',
  't',
  'heading',
  'or',
  'list',
  'add',
  'cell',
] as const;

/** Handlebars' own block helpers, which layouts use too. */
export const BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'blockHelperMissing', 'helperMissing'] as const;

export function registerHelpers(hb: typeof Handlebars, locale: Locale): void {
  const helpers: Record<(typeof HELPER_NAMES)[number], Helper> = {
    num: { usage: '{{num 9637}} → 9.637', args: ['number'], run: ([n]) => formatNumber(n as number, locale) },
    quantity: {
      usage: '{{quantity 152000000000 "đồng"}} → 152 tỷ đồng',
      args: ['number', 'text?'],
      run: ([n, unit]) => formatQuantity(n as number, textOrNull(unit), locale),
    },
    range: {
      usage: '{{range 700 1000 "tin"}} → 700–1.000 tin',
      args: ['number', 'number', 'text?'],
      run: ([low, high, unit]) => formatRange(low as number, high as number, textOrNull(unit), locale),
    },
    figure: {
      usage: '{{figure stat}} → trên 377 triệu',
      args: ['stat'],
      run: ([stat]) => formatFigure(stat as Stat, locale),
    },
    statDetail: {
      usage: '{{statDetail stat}} → tăng trên 40% so với cùng kỳ năm 2019',
      args: ['stat'],
      run: ([stat]) => formatStatDetail(stat as Stat, locale),
    },
    part: {
      usage: '{{part stat}} → trong đó 1.057 trạm 4G (34%)',
      args: ['stat'],
      run: ([stat]) => formatPart(stat as Stat, locale),
    },
    tone: {
      usage: '{{tone stat}} → better, worse or neutral: the theme colour for its change',
      args: ['stat'],
      run: ([stat]) => statTone(stat as Stat, locale),
    },
    changeIsFigure: {
      usage: '{{#if (changeIsFigure stat)}} → true when the statistic is only a change, which is then its figure',
      args: ['stat'],
      run: ([stat]) => isBareChange(stat as Stat),
    },
    change: {
      usage: '{{change stat.change}} → tăng 40% so với …',
      args: ['change?'],
      run: ([change]) => (change ? formatChange(change as Change, locale) : ''),
    },
    changeShort: {
      usage: '{{changeShort stat.change}} → tăng 40%',
      args: ['change?'],
      run: ([change]) => (change ? formatChangeShort(change as Change, locale) : ''),
    },
    date: {
      usage: '{{date meeting.date}} → 06/7/2020',
      args: ['text'],
      run: ([iso]) => formatDate(iso as string, locale),
    },
    t: {
      usage: '{{t "agenda"}} → a word of the locale',
      args: ['text'],
      run: ([key], options) => {
        const word = locale.words[key as string];
        if (word === undefined) {
          const problem = t('template.unknown-word', { word: String(key), words: listOf(Object.keys(locale.words)) });
          throw new HelperArgumentError(problem, options.loc?.start.line, options.loc?.start.column);
        }
        return word;
      },
    },
    heading: {
      usage: '{{heading section.title}} → the title, with "(tiếp theo)" on continuation slides',
      args: ['text'],
      run: ([text], options) => {
        const root = options.data?.root as { continued?: boolean } | undefined;
        return root?.continued ? `${String(text)} ${locale.words.continued ?? ''}`.trimEnd() : text;
      },
    },
    or: {
      usage: '{{or meeting.organiserShort meeting.organiser}} → the first that is set',
      args: ['any'],
      variadic: true,
      run: (args) => args.find((a) => a !== null && a !== undefined && a !== '') ?? '',
    },
    list: { usage: '{{#each (list a b)}} → loops over a and b', args: ['any'], variadic: true, run: (args) => args },
    add: { usage: '{{add @index 1}} → a sum', args: ['number', 'number'], run: ([a, b]) => (a as number) + (b as number) },
    cell: {
      usage: '{{cell this}} → a table cell: text as it is, a number as 9.637 or 2,6 triệu',
      args: ['any'],
      run: ([value]) => (typeof value === "number" ? formatScaled(value, locale) : value),
    },
  };
  for (const [name, helper] of Object.entries(helpers)) {
    hb.registerHelper(name, (...all: unknown[]) => {
      const options = all.pop() as HelperOptions;
      checkArguments(name, helper, all, options);
      return helper.run(all, options);
    });
  }
}

function checkArguments(name: string, helper: Helper, args: unknown[], options: HelperOptions): void {
  const fail = (problem: Text): never => {
    throw new HelperArgumentError(problem, options.loc?.start.line, options.loc?.start.column);
  };
  const required = helper.args.filter((k) => !k.endsWith('?')).length;
  if (!helper.variadic && (args.length < required || args.length > helper.args.length)) {
    const expected = helper.args.length === required ? String(required) : `${required}–${helper.args.length}`;
    fail(t('template.helper-arguments', { helper: name, expected, count: args.length, usage: helper.usage }));
  }
  args.forEach((arg, i) => {
    const kind = helper.variadic ? helper.args[0] : helper.args[i];
    if (kind && !fits(kind, arg)) {
      fail(t('template.helper-argument', { helper: name, index: i + 1, expected: describeKind(kind), found: describeValue(arg), usage: helper.usage }));
    }
  });
}

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string';
    case 'text?':
      return value === null || value === undefined || typeof value === 'string';
    case 'stat':
      return isObject(value) && 'label' in value;
    case 'change?':
      return value === null || value === undefined || (isObject(value) && ('by' in value || 'multiple' in value));
    case 'any':
      return true;
  }
}

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object' && !Array.isArray(v);

const KIND_TEXTS: Readonly<Record<Kind, Text>> = {
  number: t('type.number'),
  text: t('type.text'),
  'text?': t('kind.optional-text'),
  stat: t('kind.stat'),
  'change?': t('kind.optional-change'),
  any: t('kind.any'),
};
const describeKind = (kind: Kind): Text => KIND_TEXTS[kind];

function describeValue(value: unknown): Text {
  if (value === null || value === undefined) return t('kind.nothing');
  if (Array.isArray(value)) return t('type.list');
  if (typeof value === 'string') return t('kind.the-text', { text: JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value) });
  return typeof value === 'object' ? t('type.block') : t('type.value', { type: typeof value, value: String(value) });
}

const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** 2020-07-06 → 06/7/2020: the locale's date pattern (also used by `briefdeck diff`). */
export function formatDate(iso: string, locale: Locale): string {
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
