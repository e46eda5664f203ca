/**
 * What the deck makes of the fields it knows, for `diff` to say it the same
 * way: their names ("date", "point 3"), how values read (a statistic's
 * figure as its card writes it, a chart value in the chart's unit, a table
 * cell as the table writes it), and what is not compared because the slide
 * plan says it (a section's `slides` and `divider`). Keyed by generic path;
 * a field with no entry is still compared (walk.ts), named by its path.
 */
import { formatFigure, formatPart, formatStatDetail } from '../format/figure.js';
import { formatNumber, formatQuantity, formatScaled } from '../format/number.js';
import { catalogues, t, type MessageKey, type Text } from '../i18n/catalogue.js';
import type { Chart, Section, Stat } from '../validate/schema.js';
import type { Pair } from './align.js';
import type { Said } from './diff.js';
import { below, textOf, type Frame, type Place, type SideName, type Sink, type View } from './walk.js';

/** What the views need of the comparison: the versions' locales, where to say a change, how lists pair. */
export interface ViewContext extends Sink {
  /** The pairs of a list at a generic path (`sections[].charts[].categories`), by the key its schema declares. */
  pairs(path: string, olds: readonly unknown[], news: readonly unknown[]): Pair[];
  /** The sections: added, removed and moved ones said, paired ones walked. */
  sections(): void;
}

type Column = NonNullable<Section['compare']>['left'];
type Table = NonNullable<Section['table']>;
type Cell = Table['rows'][number][number];

/** The holder `k` levels up: 1 is the innermost. */
const up = (p: Place, k = 1): Frame => p.up[p.up.length - k] ?? { old: null, new: null };
/** A list element's number in a version, 1 for the first. */
const nth = (p: Place | Frame, side: SideName): number => (p.index?.[side] ?? 0) + 1;
const is = (label: Text) => (): Said => label;
const orNone = (text: string): Said => (text === '' ? t('diff.none-value') : text);

export function deckViews(cx: ViewContext): Record<string, View> {
  const stat = (s: Stat, side: SideName): string => {
    const figure = formatFigure(s, cx.locale(side));
    const detail = formatStatDetail(s, cx.locale(side));
    return detail ? `${figure} (${detail})` : figure;
  };
  const chartValue = (side: SideName, chart: Chart, v: number | undefined): string => {
    if (v === undefined) return '';
    return chart.unit === '%' ? formatQuantity(v, '%', cx.locale(side)) : formatNumber(v, cx.locale(side));
  };
  /** "Mức thay đổi: -27,1%; …": a category's values by series, or a series' values by category. */
  const valuesBy = (side: SideName, chart: Chart, count: number, name: (k: number) => string, value: (k: number) => number | undefined): string =>
    Array.from({ length: count }, (_, k) => `${name(k)}: ${chartValue(side, chart, value(k))}`).join('; ');
  const cell = (c: Cell, side: SideName): string => (typeof c === 'number' ? formatScaled(c, cx.locale(side)) : c);
  const row = (r: readonly Cell[], side: SideName): string => r.map((c) => cell(c, side)).join(' | ');
  const columnPoint = (p: Place, side: SideName): Said => t('diff.label.column-point', { n: nth(p, side), column: (up(p, 2).new as Column | null)?.title ?? '' });
  const chartType = (type: string): Said => {
    const key = `diff.chart.${type}`;
    return Object.hasOwn(catalogues.en, key) ? { key: key as MessageKey, params: {} } : type;
  };

  return {
    // The deck as a whole.
    locale: { label: is(t('diff.label.locale')) },
    theme: { label: is(t('diff.label.theme')), absent: t('diff.label.default-theme') },
    sections: { compare: () => cx.sections() },

    // The title and closing slides.
    'meeting.title': { label: is(t('diff.label.meeting-title')) },
    'meeting.subtitle': { label: is(t('diff.label.meeting-subtitle')) },
    'meeting.organiser': { label: is(t('diff.label.organiser')) },
    'meeting.organiserShort': { label: is(t('diff.label.organiser-short')) },
    'meeting.place': { label: is(t('diff.label.place')) },
    'meeting.date': { label: is(t('diff.label.date')) },
    'meeting.presenter': { label: is(t('diff.label.presenter')) },
    'meeting.logo': { label: is(t('diff.label.logo')) },
    'meeting.notes': { label: is(t('diff.label.notes')), notes: true },
    'closing.message': { label: is(t('diff.label.closing-message')) },
    'closing.subtitle': { label: is(t('diff.label.closing-subtitle')) },
    'closing.source': { label: is(t('diff.label.closing-source')) },
    'closing.notes': { label: is(t('diff.label.notes')), notes: true },

    // A section. Its slides, and whether it opens with a divider, are said as slides added, removed or changed.
    'sections[].title': { label: is(t('diff.label.section-title')) },
    'sections[].subtitle': { label: is(t('diff.label.section-subtitle')) },
    'sections[].id': { label: is(t('diff.label.section-id')) },
    'sections[].agenda': { label: is(t('diff.label.agenda')) },
    'sections[].divider': { skip: true },
    'sections[].slides': { skip: true },
    'sections[].lead': { label: is(t('diff.label.lead')) },
    'sections[].notes': { label: is(t('diff.label.notes')), notes: true },
    'sections[].points[]': { label: (p, side) => t('diff.label.point', { n: nth(p, side) }) },
    'sections[].items[]': { label: (p, side) => t('diff.label.item', { n: nth(p, side) }), show: (item) => textOf(item) ?? '' },

    // A statistic: its figure, the line under it and its part, each as the card writes it.
    'sections[].stats[]': {
      label: (_p, _side, s: Stat) => t('diff.label.stat', { label: s.label }),
      summary: (s: Stat, side) => stat(s, side),
      name: (s: Stat) => s.label,
      consumes: [
        'value',
        'range',
        'before.value',
        'before.label',
        'after.value',
        'after.label',
        'multiple',
        'qualifier',
        'unit',
        'per',
        'change.by',
        'change.multiple',
        'change.unit',
        'change.qualifier',
        'change.against',
        'part.value',
        'part.label',
        'part.unit',
        'part.qualifier',
      ],
      figures: (o: Stat, n: Stat, p) => {
        const [lo, ln] = [cx.locale('old'), cx.locale('new')];
        const said: [string, Said, string, string][] = [
          ['', n.label, formatFigure(o, lo), formatFigure(n, ln)],
          ['change', t('diff.label.stat-detail', { label: n.label }), formatStatDetail(o, lo), formatStatDetail(n, ln)],
          ['part', t('diff.label.stat-part', { label: n.label }), formatPart(o, lo), formatPart(n, ln)],
        ];
        for (const [field, label, before, after] of said) {
          if (before !== after) cx.emit(field === '' ? p.at.new : below(p.at.new, field), { kind: 'figure-changed', label, before: orNone(before), after: orNone(after) });
        }
      },
    },
    'sections[].stats[].label': { label: (p) => t('diff.label.stat-label', { n: nth(up(p), 'new') }) },
    'sections[].stats[].note': { label: (p) => t('diff.label.stat-note', { label: (up(p).new as Stat).label }) },
    'sections[].stats[].better': { label: (p) => t('diff.label.stat-better', { label: (up(p).new as Stat).label }) },
    'sections[].stats[].change.better': { label: (p) => t('diff.label.stat-better', { label: (up(p, 2).new as Stat).label }) },

    // A chart: each value named by its series and category, in the chart's unit.
    'sections[].charts[]': {
      label: (_p, _side, c: Chart) => t('diff.label.chart', { title: c.title }),
      summary: () => undefined,
      name: (c: Chart) => c.title,
    },
    'sections[].charts[].type': { label: is(t('diff.label.chart-type')), show: chartType },
    'sections[].charts[].title': { label: is(t('diff.label.chart-title')) },
    'sections[].charts[].unit': { label: is(t('diff.label.chart-unit')) },
    'sections[].charts[].highlight': { label: (p) => t('diff.label.chart-highlight', { title: (up(p).new as Chart).title }) },
    'sections[].charts[].categories[]': {
      label: (_p, _side, name: string) => t('diff.label.category', { name }),
      edited: (p) => t('diff.label.category-name', { n: nth(p, 'new') }),
      summary: (_name: string, side, p) => {
        const chart = up(p, 2)[side] as Chart;
        const k = p.index?.[side] ?? 0;
        return valuesBy(side, chart, chart.series.length, (s) => chart.series[s]?.name ?? '', (s) => chart.series[s]?.values[k]);
      },
    },
    'sections[].charts[].series[]': {
      label: (_p, _side, s: Chart['series'][number]) => t('diff.label.series', { name: s.name }),
      summary: (s: Chart['series'][number], side, p) => {
        const chart = up(p, 2)[side] as Chart;
        return valuesBy(side, chart, chart.categories.length, (k) => chart.categories[k] ?? '', (k) => s.values[k]);
      },
      name: (s: Chart['series'][number]) => s.name,
    },
    'sections[].charts[].series[].name': { label: (p) => t('diff.label.series-name', { n: nth(up(p), 'new') }) },
    'sections[].charts[].series[].values': {
      // Paired by category: a value follows its category when categories are added, removed or moved.
      compare: (o: number[], n: number[], p) => {
        const [oc, nc] = [up(p, 2).old as Chart, up(p, 2).new as Chart];
        const series = up(p).new as Chart['series'][number];
        for (const c of cx.pairs('sections[].charts[].categories', oc.categories, nc.categories)) {
          if (c.old === undefined || c.new === undefined) continue;
          const [before, after] = [chartValue('old', oc, o[c.old]), chartValue('new', nc, n[c.new])];
          if (before === after) continue;
          cx.emit({ ...p.at.new, rel: `${p.at.new.rel}[${c.new}]` }, { kind: 'figure-changed', label: `${series.name}, ${nc.categories[c.new] ?? ''}`, before, after });
        }
      },
    },
    'sections[].charts[].caption': { label: is(t('diff.label.chart-caption')) },
    'sections[].charts[].notes': { label: is(t('diff.label.notes')), notes: true },

    // A comparison, a key message, a picture.
    'sections[].compare': { label: is(t('diff.label.comparison')), summary: (c: { left: Column; right: Column }) => `${c.left.title} | ${c.right.title}` },
    'sections[].compare.left.title': { label: is(t('diff.label.column-left')) },
    'sections[].compare.right.title': { label: is(t('diff.label.column-right')) },
    'sections[].compare.left.points[]': { label: columnPoint },
    'sections[].compare.right.points[]': { label: columnPoint },
    'sections[].quote': { label: is(t('diff.label.quote')), summary: (q: NonNullable<Section['quote']>) => q.text, showAt: 'text' },
    'sections[].quote.text': { label: is(t('diff.label.quote')) },
    'sections[].quote.source': { label: is(t('diff.label.quote-source')) },
    'sections[].picture': { label: is(t('diff.label.picture')), summary: (pic: NonNullable<Section['picture']>) => pic.path, showAt: 'path' },
    'sections[].picture.path': { label: is(t('diff.label.picture')) },
    'sections[].picture.caption': { label: is(t('diff.label.picture-caption')) },

    // A table: a row by its number, a cell by its row's first cell and its column; numbers as the table writes them.
    'sections[].table': { label: is(t('diff.label.table')), summary: (tb: Table) => tb.columns.join(' | ') },
    'sections[].table.columns': { label: is(t('diff.label.table-columns')), whole: true, show: (columns: string[]) => columns.join(' | ') },
    'sections[].table.rows[]': {
      label: (p, side) => t('diff.label.row', { n: nth(p, side) }),
      summary: (r: Cell[], side) => row(r, side),
      name: (r: Cell[], side) => row(r, side),
    },
    'sections[].table.rows[][]': {
      label: (p, side) => {
        const r = (up(p, 2).new ?? up(p, 2).old) as Cell[];
        const [ot, nt] = [up(p, 3).old as Table | null, up(p, 3).new as Table | null];
        const c = p.index?.[side] ?? 0;
        return `${r[0] === undefined ? '' : cell(r[0], 'new')}, ${nt?.columns[c] ?? ot?.columns[c] ?? String(c + 1)}`;
      },
      show: (c: Cell, side) => orNone(cell(c, side)),
    },
    'sections[].table.caption': { label: is(t('diff.label.table-caption')) },
  };
}
