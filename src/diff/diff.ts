/**
 * What changed between two versions of a report, slide by slide: what staff
 * tell the official before the meeting. Pure: two reports with their slide
 * plans, locales and layout fields in; groups of changes out, one group per
 * slide (or per section, or for the whole deck), in the new deck's order.
 *
 * Figures are written as the deck writes them, each version in its own
 * locale ("trên 377 triệu → trên 380 triệu"). Sections are paired by `id`,
 * else by title, else by position; list elements by their text (a statistic
 * by its label, a chart by its title), a slightly edited text counting as
 * changed rather than removed and added (see align.ts).
 *
 * A slide is named by what the plan gives it: its section, its title as the
 * deck shows it, and what it shows (the outline's `from`). Not by its number:
 * fitting may split a long list into more slides than the plan has, so the
 * planned numbers are not the deck's. A change goes to the first slide that
 * shows the changed field: the slide made from it (`from: stats`), else one
 * whose layout reads it (the points under the cards of `highlights`), else
 * the section, said to be shown on no slide.
 */
import { formatFigure, formatPart, formatStatDetail } from '../format/figure.js';
import type { Locale } from '../format/locale.js';
import { formatNumber, formatQuantity, formatScaled } from '../format/number.js';
import { t, type Text } from '../i18n/catalogue.js';
import type { PlannedSlide } from '../plan/plan.js';
import { formatDate } from '../render/helpers.js';
import type { Chart, ListItem, Report, Section, Stat } from '../validate/schema.js';
import { align, isSimilar, type Pair } from './align.js';

/** One version of the report, with what is needed to see its slides. */
export interface DiffSide {
  report: Report;
  plan: readonly PlannedSlide[];
  locale: Locale;
  /** The data fields each layout shows, as `briefdeck layouts` names them: `sections[].points`, `sections[].<from>`. */
  layoutFields: ReadonlyMap<string, readonly string[]>;
}

export type ChangeKind =
  | 'figure-changed'
  | 'text-changed'
  | 'notes-changed'
  | 'item-added'
  | 'item-removed'
  | 'item-moved'
  | 'slide-added'
  | 'slide-removed'
  | 'layout-changed'
  | 'section-added'
  | 'section-removed'
  | 'section-moved';

export const CHANGE_KINDS: readonly ChangeKind[] = [
  'figure-changed',
  'text-changed',
  'notes-changed',
  'item-added',
  'item-removed',
  'item-moved',
  'slide-added',
  'slide-removed',
  'layout-changed',
  'section-added',
  'section-removed',
  'section-moved',
];

/** Something to say: data as it is (a figure already in the deck's locale), a message, or a list said with commas. */
export type Said = string | Text | readonly Said[];

export interface DeckChange {
  kind: ChangeKind;
  /** The data path: in the new report, or in the old one for what was removed. */
  path: string;
  /** What changed: a statistic's label, "item 9", "speaker notes". */
  label: Said;
  before?: Said;
  after?: Said;
}

export interface SlideRef {
  /** The section's title (the new one when both have it); null for the title, agenda and closing slides. */
  section: string | null;
  /** The slide's title as the deck shows it; null when the group is no one slide. */
  title: string | null;
  /** The layout of the slide. */
  layout: string | null;
  /** What the slide shows, in words: "figures", "chart", "title slide". */
  what: Text | null;
}

/** slide: one slide; section: a section added, removed or moved; unshown: fields of a section no slide shows; deck: every slide, or none. */
export type GroupPlace = 'slide' | 'section' | 'unshown' | 'deck';

export interface ChangeGroup {
  place: GroupPlace;
  slide: SlideRef;
  changes: DeckChange[];
}

export function diffReports(before: DiffSide, after: DiffSide): ChangeGroup[] {
  return new Differ(before, after).run();
}

// ---------------------------------------------------------------- slides

type SideName = 'old' | 'new';

/** A slide of the plan (continuation slides of a split list are one entry with their first). */
interface SlideEntry {
  key: string;
  index: number;
  section: number | null;
  /** The field the slide is made from, relative to its section (`stats`, `table.rows`), or null. */
  field: string | null;
  /** The element an `each` slide shows (`charts[1]`), or null. */
  item: number | null;
  layout: string;
  /** The layout's fields, `<from>` filled in. */
  fields: string[];
  dataPath: string;
  ref: SlideRef;
}

interface Group {
  key: string;
  place: GroupPlace;
  slide: SlideRef;
  position: number;
  order: number;
  changes: DeckChange[];
}

/** What a change is about, in one version of the report: `section` null for meeting, closing and deck fields. */
interface At {
  side: SideName;
  section: number | null;
  rel: string;
}

const FROM = '<from>';

class Differ {
  private readonly sides: Record<SideName, DiffSide>;
  private readonly sectionIds: Record<SideName, string[]> = { old: [], new: [] };
  private readonly sectionPairs: Pair[];
  /** Per section, its charts' ids, shared by the two versions when paired. */
  private readonly chartIds: Record<SideName, Map<number, string[]>> = { old: new Map(), new: new Map() };
  private readonly chartPairs = new Map<string, Pair[]>();
  private readonly entries: Record<SideName, SlideEntry[]>;
  private readonly byKey: Record<SideName, Map<string, SlideEntry>>;
  private readonly groups = new Map<string, Group>();
  /** Elements whose own slide appears or disappears: that line says it, no "added chart" line too. */
  private readonly ownSlides = new Set<string>();

  constructor(before: DiffSide, after: DiffSide) {
    this.sides = { old: before, new: after };
    const olds = before.report.sections;
    const news = after.report.sections;
    this.sectionPairs = align(olds, news, [(s) => (s.id === null ? null : `id:${s.id}`), (s) => `title:${s.title}`], () => true);
    this.sectionPairs.forEach((p, k) => {
      const id = p.old !== undefined && p.new !== undefined ? `p${k}` : p.old !== undefined ? `o${p.old}` : `n${p.new ?? 0}`;
      if (p.old !== undefined) this.sectionIds.old[p.old] = id;
      if (p.new !== undefined) this.sectionIds.new[p.new] = id;
      this.pairCharts(p);
    });
    this.entries = { old: this.slideEntries('old'), new: this.slideEntries('new') };
    this.byKey = {
      old: new Map(this.entries.old.map((e) => [e.key, e])),
      new: new Map(this.entries.new.map((e) => [e.key, e])),
    };
  }

  run(): ChangeGroup[] {
    this.slides();
    this.meeting();
    for (const pair of this.sectionPairs) this.section(pair);
    this.closing();
    this.deck();
    return [...this.groups.values()]
      .filter((g) => g.changes.length > 0)
      .sort((a, b) => a.position - b.position || a.order - b.order)
      .map((g) => ({ place: g.place, slide: g.slide, changes: g.changes }));
  }

  // ---------------------------------------------------------------- the plan

  private pairCharts(p: Pair): void {
    const olds = p.old === undefined ? [] : (this.sides.old.report.sections[p.old]?.charts ?? []);
    const news = p.new === undefined ? [] : (this.sides.new.report.sections[p.new]?.charts ?? []);
    const pairs = align(olds, news, [(c) => c.title], (a, b) => isSimilar(a.title, b.title) || a.categories.join('\n') === b.categories.join('\n'));
    const oldIds: string[] = [];
    const newIds: string[] = [];
    pairs.forEach((c, k) => {
      const id = c.old !== undefined && c.new !== undefined ? `c${k}` : c.old !== undefined ? `co${c.old}` : `cn${c.new ?? 0}`;
      if (c.old !== undefined) oldIds[c.old] = id;
      if (c.new !== undefined) newIds[c.new] = id;
    });
    if (p.old !== undefined) this.chartIds.old.set(p.old, oldIds);
    if (p.new !== undefined) this.chartIds.new.set(p.new, newIds);
    if (p.old !== undefined && p.new !== undefined) this.chartPairs.set(`${p.old}:${p.new}`, pairs);
  }

  private slideEntries(side: SideName): SlideEntry[] {
    const { report, plan, locale, layoutFields } = this.sides[side];
    const entries: SlideEntry[] = [];
    const seen = new Map<string, number>();
    plan.forEach((slide, index) => {
      if (slide.context.part > 1) return; // a continuation: the same slide, as far as staff are concerned
      const match = /^sections\[(\d+)\](?:\.(.*))?$/.exec(slide.dataPath);
      const section = match ? Number(match[1]) : null;
      const rest = match ? (match[2] ?? '') : slide.dataPath;
      const indexed = /^(.*)\[(\d+)\]$/.exec(rest);
      const content = slide.context.content;
      const chunk = indexed !== null && Array.isArray(content);
      const field = indexed ? (indexed[1] ?? '') : rest === '' ? null : rest;
      const item = indexed && !chunk ? Number(indexed[2]) : null;
      const itemId = item === null ? '' : section !== null && field === 'charts' ? (this.chartIds[side].get(section)?.[item] ?? `i${item}`) : `i${item}`;
      const base = section === null ? `d:${field ?? slide.layout}` : `s:${this.sectionIds[side][section] ?? ''}|${field ?? ''}|${itemId}`;
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      const sectionData = section === null ? undefined : report.sections[section];
      entries.push({
        key: `${base}|${occurrence}`,
        index,
        section,
        field,
        item,
        layout: slide.layout,
        fields: (layoutFields.get(slide.layout) ?? []).map((f) => (field === null ? f : f.replace(FROM, field))),
        dataPath: slide.dataPath,
        ref: {
          section: sectionData?.title ?? null,
          title: slideTitle(content, item !== null, sectionData, field, locale) ?? slide.layout,
          layout: slide.layout,
          what: whatOf(field, slide.layout, section !== null),
        },
      });
    });
    return entries;
  }

  /** Where the new deck would have a slide of the old one: its own place, or just after the slide it followed. */
  private oldPosition(index: number): number {
    const before = this.entries.old.filter((e) => e.index < index);
    for (let k = before.length - 1; k >= 0; k--) {
      const other = this.byKey.new.get(before[k]?.key ?? '');
      if (other) return other.index + 0.5 + index / 1e6;
    }
    return -0.5 + index / 1e6;
  }

  /** The first slide of section `s`, or where it would be. */
  private sectionStart(side: SideName, s: number): number {
    const entries = this.entries[side];
    const lastOfSections = Math.max(-1, ...entries.filter((e) => e.section !== null).map((e) => e.index));
    const found = entries.find((e) => e.section !== null && e.section >= s) ?? entries.find((e) => e.section === null && e.index > lastOfSections);
    return found?.index ?? this.sides[side].plan.length;
  }

  private sectionPosition(side: SideName, s: number): number {
    const start = this.sectionStart(side, s);
    return side === 'new' ? start - 0.5 : this.oldPosition(start) - 0.25;
  }

  // ---------------------------------------------------------------- groups

  private group(key: string, place: GroupPlace, slide: SlideRef, position: number): Group {
    let group = this.groups.get(key);
    if (!group) {
      group = { key, place, slide, position, order: this.groups.size, changes: [] };
      this.groups.set(key, group);
    }
    return group;
  }

  private slideGroup(side: SideName, entry: SlideEntry): Group {
    const current = this.byKey.new.get(entry.key);
    if (current) return this.group(`slide:${entry.key}`, 'slide', current.ref, current.index);
    return this.group(`slide:${entry.key}`, 'slide', entry.ref, side === 'new' ? entry.index : this.oldPosition(entry.index));
  }

  private sectionGroup(side: SideName, s: number, place: 'section' | 'unshown'): Group {
    const id = this.sectionIds[side][s] ?? '';
    const pair = this.sectionPairs.find((p) => (side === 'new' ? p.new === s : p.old === s));
    const title = (pair?.new !== undefined ? this.sides.new.report.sections[pair.new]?.title : undefined) ?? this.sides[side].report.sections[s]?.title ?? '';
    const position = pair?.new !== undefined ? this.sectionPosition('new', pair.new) : this.sectionPosition(side, s);
    return this.group(`${place}:${id}`, place, { section: title, title: null, layout: null, what: null }, position);
  }

  private deckGroup(): Group {
    return this.group('deck', 'deck', { section: null, title: null, layout: null, what: null }, -1);
  }

  /** The group of the first slide that shows the field at `at`. */
  private attribute(at: At): Group {
    const entries = this.entries[at.side];
    if (at.section !== null) {
      const mine = entries.filter((e) => e.section === at.section);
      const made = mine.find((e) => e.field !== null && within(at.rel, e.item === null ? e.field : `${e.field}[${e.item}]`));
      if (made) return this.slideGroup(at.side, made);
      const generic = `sections[].${at.rel.replace(/\[\d+\]/g, '[]')}`;
      const shows = (e: SlideEntry): boolean => e.item === null && e.fields.some((f) => within(generic, f) || within(f, generic));
      const reads = mine.find(shows) ?? entries.find((e) => e.section === null && shows(e));
      if (reads) return this.slideGroup(at.side, reads);
      return this.sectionGroup(at.side, at.section, 'unshown');
    }
    // The meeting's and closing's fields: on the one slide that shows them, else (footers, the logo of the masters) on the whole deck.
    const generic = at.rel.replace(/\[\d+\]/g, '[]');
    const reads = entries.filter((e) => e.fields.some((f) => within(generic, f) || within(f, generic)));
    return reads.length === 1 && reads[0] ? this.slideGroup(at.side, reads[0]) : this.deckGroup();
  }

  private emit(at: At, change: Omit<DeckChange, 'path'>): void {
    const path = at.section === null ? at.rel : at.rel === '' ? `sections[${at.section}]` : `sections[${at.section}].${at.rel}`;
    if ((change.kind === 'item-added' || change.kind === 'item-removed') && this.ownSlides.has(`${at.side}:${path}`)) return;
    this.attribute(at).changes.push({ ...change, path });
  }

  // ---------------------------------------------------------------- slides appearing, disappearing, changing layout

  private slides(): void {
    const pairedSection = (side: SideName, s: number | null): boolean =>
      s === null || this.sectionPairs.some((p) => p.old !== undefined && p.new !== undefined && (side === 'old' ? p.old : p.new) === s);
    for (const entry of this.entries.old) {
      if (this.byKey.new.has(entry.key) || !pairedSection('old', entry.section)) continue;
      if (entry.item !== null) this.ownSlides.add(`old:${entry.dataPath}`);
      this.slideGroup('old', entry).changes.push({ kind: 'slide-removed', path: entry.dataPath, label: entry.ref.what ?? entry.layout });
    }
    for (const entry of this.entries.new) {
      const old = this.byKey.old.get(entry.key);
      if (old) {
        if (old.layout !== entry.layout) {
          this.slideGroup('new', entry).changes.push({ kind: 'layout-changed', path: entry.dataPath, label: t('diff.label.layout'), before: old.layout, after: entry.layout });
        }
        continue;
      }
      if (!pairedSection('new', entry.section)) continue;
      if (entry.item !== null) this.ownSlides.add(`new:${entry.dataPath}`);
      this.slideGroup('new', entry).changes.push({ kind: 'slide-added', path: entry.dataPath, label: entry.ref.what ?? entry.layout });
    }
  }

  // ---------------------------------------------------------------- meeting, closing, deck

  private meeting(): void {
    const o = this.sides.old.report.meeting;
    const n = this.sides.new.report.meeting;
    const at = (rel: string): [At, At] => [
      { side: 'old', section: null, rel: `meeting.${rel}` },
      { side: 'new', section: null, rel: `meeting.${rel}` },
    ];
    this.text(at('title'), t('diff.label.meeting-title'), o.title, n.title);
    this.text(at('subtitle'), t('diff.label.meeting-subtitle'), o.subtitle, n.subtitle);
    this.text(at('organiser'), t('diff.label.organiser'), o.organiser, n.organiser);
    this.text(at('organiserShort'), t('diff.label.organiser-short'), o.organiserShort, n.organiserShort);
    this.text(at('place'), t('diff.label.place'), o.place, n.place);
    this.text(at('date'), t('diff.label.date'), formatDate(o.date, this.sides.old.locale), formatDate(n.date, this.sides.new.locale));
    this.text(at('presenter'), t('diff.label.presenter'), o.presenter, n.presenter);
    this.text(at('logo'), t('diff.label.logo'), o.logo, n.logo);
    this.notes(at('notes'), o.notes, n.notes);
  }

  private closing(): void {
    const o = this.sides.old.report.closing;
    const n = this.sides.new.report.closing;
    const at = (rel: string): [At, At] => [
      { side: 'old', section: null, rel: `closing.${rel}` },
      { side: 'new', section: null, rel: `closing.${rel}` },
    ];
    this.text(at('message'), t('diff.label.closing-message'), o.message, n.message);
    this.text(at('subtitle'), t('diff.label.closing-subtitle'), o.subtitle, n.subtitle);
    this.text(at('source'), t('diff.label.closing-source'), o.source, n.source);
    this.notes(at('notes'), o.notes, n.notes);
  }

  private deck(): void {
    const o = this.sides.old.report;
    const n = this.sides.new.report;
    const at = (rel: string): [At, At] => [
      { side: 'old', section: null, rel },
      { side: 'new', section: null, rel },
    ];
    this.text(at('locale'), t('diff.label.locale'), o.locale, n.locale);
    if (o.theme !== n.theme) {
      this.emit(at('theme')[1], { kind: 'text-changed', label: t('diff.label.theme'), before: o.theme ?? t('diff.label.default-theme'), after: n.theme ?? t('diff.label.default-theme') });
    }
  }

  // ---------------------------------------------------------------- sections

  private section(pair: Pair): void {
    const { old: i, new: j } = pair;
    if (j === undefined) {
      if (i === undefined) return;
      const section = this.sides.old.report.sections[i];
      this.sectionGroup('old', i, 'section').changes.push({
        kind: 'section-removed',
        path: `sections[${i}]`,
        label: section?.title ?? '',
        before: this.whats('old', i),
      });
      return;
    }
    const n = this.sides.new.report.sections[j];
    if (!n) return;
    if (i === undefined) {
      this.sectionGroup('new', j, 'section').changes.push({ kind: 'section-added', path: `sections[${j}]`, label: n.title, after: this.whats('new', j) });
      return;
    }
    const o = this.sides.old.report.sections[i];
    if (!o) return;
    if (pair.moved) {
      this.sectionGroup('new', j, 'section').changes.push({ kind: 'section-moved', path: `sections[${j}]`, label: n.title, before: String(i + 1), after: String(j + 1) });
    }
    const at = (rel: string): [At, At] => [
      { side: 'old', section: i, rel },
      { side: 'new', section: j, rel },
    ];
    this.text(at('title'), t('diff.label.section-title'), o.title, n.title);
    this.text(at('subtitle'), t('diff.label.section-subtitle'), o.subtitle, n.subtitle);
    if (o.agenda !== n.agenda) {
      this.emit(at('agenda')[1], { kind: 'text-changed', label: t('diff.label.agenda'), before: yesNo(o.agenda), after: yesNo(n.agenda) });
    }
    this.text(at('lead'), t('diff.label.lead'), o.lead, n.lead);
    this.stats(i, j, o.stats, n.stats);
    this.charts(i, j, o.charts, n.charts);
    this.textList(at('points'), o.points, n.points, (k) => t('diff.label.point', { n: k }));
    this.textList(at('items'), o.items.map(itemText), n.items.map(itemText), (k) => t('diff.label.item', { n: k }));
    this.compare(i, j, o, n);
    this.quote(i, j, o, n);
    this.picture(i, j, o, n);
    this.table(i, j, o, n);
    this.notes(at('notes'), o.notes, n.notes);
  }

  /** What the slides of a section show, for "new section, with: divider, figures, points". */
  private whats(side: SideName, s: number): Text[] {
    return this.entries[side].filter((e) => e.section === s && e.ref.what !== null).map((e) => e.ref.what as Text);
  }

  private stats(i: number, j: number, olds: readonly Stat[], news: readonly Stat[]): void {
    const lo = this.sides.old.locale;
    const ln = this.sides.new.locale;
    for (const p of align(olds, news, [(s) => s.label], (a, b) => isSimilar(a.label, b.label))) {
      const o = p.old === undefined ? undefined : olds[p.old];
      const n = p.new === undefined ? undefined : news[p.new];
      const oldAt: At = { side: 'old', section: i, rel: `stats[${p.old ?? 0}]` };
      const newAt: At = { side: 'new', section: j, rel: `stats[${p.new ?? 0}]` };
      if (!n) {
        if (o) this.emit(oldAt, { kind: 'item-removed', label: t('diff.label.stat', { label: o.label }), before: statText(o, lo) });
        continue;
      }
      if (!o) {
        this.emit(newAt, { kind: 'item-added', label: t('diff.label.stat', { label: n.label }), after: statText(n, ln) });
        continue;
      }
      if (p.moved) this.emit(newAt, { kind: 'item-moved', label: n.label, before: String((p.old ?? 0) + 1), after: String((p.new ?? 0) + 1) });
      if (o.label !== n.label) {
        this.emit({ ...newAt, rel: `${newAt.rel}.label` }, { kind: 'text-changed', label: t('diff.label.stat-label', { n: (p.new ?? 0) + 1 }), before: o.label, after: n.label });
      }
      const [fo, fn] = [formatFigure(o, lo), formatFigure(n, ln)];
      if (fo !== fn) this.emit(newAt, { kind: 'figure-changed', label: n.label, before: orNone(fo), after: orNone(fn) });
      const [dO, dN] = [formatStatDetail(o, lo), formatStatDetail(n, ln)];
      if (dO !== dN) {
        this.emit({ ...newAt, rel: `${newAt.rel}.change` }, { kind: 'figure-changed', label: t('diff.label.stat-detail', { label: n.label }), before: orNone(dO), after: orNone(dN) });
      }
      const [pO, pN] = [formatPart(o, lo), formatPart(n, ln)];
      if (pO !== pN) {
        this.emit({ ...newAt, rel: `${newAt.rel}.part` }, { kind: 'figure-changed', label: t('diff.label.stat-part', { label: n.label }), before: orNone(pO), after: orNone(pN) });
      }
      this.text([{ ...oldAt, rel: `${oldAt.rel}.note` }, { ...newAt, rel: `${newAt.rel}.note` }], t('diff.label.stat-note', { label: n.label }), o.note, n.note);
    }
  }

  private charts(i: number, j: number, olds: readonly Chart[], news: readonly Chart[]): void {
    for (const p of this.chartPairs.get(`${i}:${j}`) ?? []) {
      const o = p.old === undefined ? undefined : olds[p.old];
      const n = p.new === undefined ? undefined : news[p.new];
      const oldAt: At = { side: 'old', section: i, rel: `charts[${p.old ?? 0}]` };
      const newAt: At = { side: 'new', section: j, rel: `charts[${p.new ?? 0}]` };
      if (!n) {
        if (o) this.emit(oldAt, { kind: 'item-removed', label: t('diff.label.chart', { title: o.title }) });
        continue;
      }
      if (!o) {
        this.emit(newAt, { kind: 'item-added', label: t('diff.label.chart', { title: n.title }) });
        continue;
      }
      const at = (rel: string): [At, At] => [
        { ...oldAt, rel: `${oldAt.rel}.${rel}` },
        { ...newAt, rel: `${newAt.rel}.${rel}` },
      ];
      if (p.moved) this.emit(newAt, { kind: 'item-moved', label: n.title, before: String((p.old ?? 0) + 1), after: String((p.new ?? 0) + 1) });
      this.text(at('title'), t('diff.label.chart-title'), o.title, n.title);
      if (o.type !== n.type) this.emit(at('type')[1], { kind: 'text-changed', label: t('diff.label.chart-type'), before: t(`diff.chart.${o.type}`), after: t(`diff.chart.${n.type}`) });
      this.text(at('unit'), t('diff.label.chart-unit'), o.unit, n.unit);
      this.chartValues(at, o, n);
      this.text(at('caption'), t('diff.label.chart-caption'), o.caption, n.caption);
      this.notes(at('notes'), o.notes, n.notes);
    }
  }

  /** Each value by series and category: "Mức thay đổi, So với 6 tháng đầu năm 2019: -27,1% → -30%". */
  private chartValues(at: (rel: string) => [At, At], o: Chart, n: Chart): void {
    const value = (side: SideName, chart: Chart, v: number | undefined): string => {
      if (v === undefined) return '';
      const locale = this.sides[side].locale;
      return chart.unit === '%' ? formatQuantity(v, '%', locale) : formatNumber(v, locale);
    };
    const named = (side: SideName, chart: Chart, names: (k: number) => string, values: (k: number) => number | undefined, count: number): string =>
      Array.from({ length: count }, (_, k) => `${names(k)}: ${value(side, chart, values(k))}`).join('; ');
    // Paired by name; a renamed category or series is paired by its position between the names kept.
    const categories = align(o.categories, n.categories, [(c) => c], () => true);
    const series = align(o.series, n.series, [(s) => s.name], () => true);
    const [oldAt, newAt] = at('categories');
    for (const c of categories) {
      if (c.new === undefined && c.old !== undefined) {
        const k = c.old;
        this.emit({ ...oldAt, rel: `${oldAt.rel}[${k}]` }, {
          kind: 'item-removed',
          label: t('diff.label.category', { name: o.categories[k] ?? '' }),
          before: named('old', o, (s) => o.series[s]?.name ?? '', (s) => o.series[s]?.values[k], o.series.length),
        });
      } else if (c.old === undefined && c.new !== undefined) {
        const k = c.new;
        this.emit({ ...newAt, rel: `${newAt.rel}[${k}]` }, {
          kind: 'item-added',
          label: t('diff.label.category', { name: n.categories[k] ?? '' }),
          after: named('new', n, (s) => n.series[s]?.name ?? '', (s) => n.series[s]?.values[k], n.series.length),
        });
      } else if (c.old !== undefined && c.new !== undefined && o.categories[c.old] !== n.categories[c.new]) {
        this.emit({ ...newAt, rel: `${newAt.rel}[${c.new}]` }, {
          kind: 'text-changed',
          label: t('diff.label.category-name', { n: c.new + 1 }),
          before: o.categories[c.old] ?? '',
          after: n.categories[c.new] ?? '',
        });
      }
    }
    const [oldSeries, newSeries] = at('series');
    for (const s of series) {
      const os = s.old === undefined ? undefined : o.series[s.old];
      const ns = s.new === undefined ? undefined : n.series[s.new];
      if (!ns) {
        if (os) {
          this.emit({ ...oldSeries, rel: `${oldSeries.rel}[${s.old ?? 0}]` }, {
            kind: 'item-removed',
            label: t('diff.label.series', { name: os.name }),
            before: named('old', o, (k) => o.categories[k] ?? '', (k) => os.values[k], o.categories.length),
          });
        }
        continue;
      }
      const newSeriesAt: At = { ...newSeries, rel: `${newSeries.rel}[${s.new ?? 0}]` };
      if (!os) {
        this.emit(newSeriesAt, {
          kind: 'item-added',
          label: t('diff.label.series', { name: ns.name }),
          after: named('new', n, (k) => n.categories[k] ?? '', (k) => ns.values[k], n.categories.length),
        });
        continue;
      }
      if (os.name !== ns.name) {
        this.emit({ ...newSeriesAt, rel: `${newSeriesAt.rel}.name` }, { kind: 'text-changed', label: t('diff.label.series-name', { n: (s.new ?? 0) + 1 }), before: os.name, after: ns.name });
      }
      for (const c of categories) {
        if (c.old === undefined || c.new === undefined) continue;
        const before = value('old', o, os.values[c.old]);
        const after = value('new', n, ns.values[c.new]);
        if (before === after) continue;
        this.emit({ ...newSeriesAt, rel: `${newSeriesAt.rel}.values[${c.new}]` }, {
          kind: 'figure-changed',
          label: `${ns.name}, ${n.categories[c.new] ?? ''}`,
          before,
          after,
        });
      }
    }
  }

  private compare(i: number, j: number, o: Section, n: Section): void {
    const oldAt: At = { side: 'old', section: i, rel: 'compare' };
    const newAt: At = { side: 'new', section: j, rel: 'compare' };
    const titles = (c: NonNullable<Section['compare']>): string => `${c.left.title} | ${c.right.title}`;
    if (!o.compare && !n.compare) return;
    if (!n.compare) {
      if (o.compare) this.emit(oldAt, { kind: 'item-removed', label: t('diff.label.comparison'), before: titles(o.compare) });
      return;
    }
    if (!o.compare) {
      this.emit(newAt, { kind: 'item-added', label: t('diff.label.comparison'), after: titles(n.compare) });
      return;
    }
    for (const column of ['left', 'right'] as const) {
      const oc = o.compare[column];
      const nc = n.compare[column];
      const at = (rel: string): [At, At] => [
        { ...oldAt, rel: `compare.${column}.${rel}` },
        { ...newAt, rel: `compare.${column}.${rel}` },
      ];
      this.text(at('title'), t(column === 'left' ? 'diff.label.column-left' : 'diff.label.column-right'), oc.title, nc.title);
      this.textList(at('points'), oc.points, nc.points, (k) => t('diff.label.column-point', { n: k, column: nc.title }));
    }
  }

  private quote(i: number, j: number, o: Section, n: Section): void {
    const at = (rel: string): [At, At] => [
      { side: 'old', section: i, rel },
      { side: 'new', section: j, rel },
    ];
    this.text(at('quote.text'), t('diff.label.quote'), o.quote?.text, n.quote?.text);
    if (o.quote && n.quote) this.text(at('quote.source'), t('diff.label.quote-source'), o.quote.source, n.quote.source);
  }

  private picture(i: number, j: number, o: Section, n: Section): void {
    const at = (rel: string): [At, At] => [
      { side: 'old', section: i, rel },
      { side: 'new', section: j, rel },
    ];
    this.text(at('picture.path'), t('diff.label.picture'), o.picture?.path, n.picture?.path);
    if (o.picture && n.picture) this.text(at('picture.caption'), t('diff.label.picture-caption'), o.picture.caption, n.picture.caption);
  }

  private table(i: number, j: number, o: Section, n: Section): void {
    const oldAt: At = { side: 'old', section: i, rel: 'table' };
    const newAt: At = { side: 'new', section: j, rel: 'table' };
    const lo = this.sides.old.locale;
    const ln = this.sides.new.locale;
    if (!o.table && !n.table) return;
    if (!n.table) {
      if (o.table) this.emit(oldAt, { kind: 'item-removed', label: t('diff.label.table'), before: o.table.columns.join(' | ') });
      return;
    }
    if (!o.table) {
      this.emit(newAt, { kind: 'item-added', label: t('diff.label.table'), after: n.table.columns.join(' | ') });
      return;
    }
    const ot = o.table;
    const nt = n.table;
    const at = (rel: string): [At, At] => [
      { ...oldAt, rel: `table.${rel}` },
      { ...newAt, rel: `table.${rel}` },
    ];
    this.text(at('columns'), t('diff.label.table-columns'), ot.columns.join(' | '), nt.columns.join(' | '));
    const row = (cells: readonly (string | number)[], locale: Locale): string[] => cells.map((c) => cellText(c, locale));
    const olds = ot.rows.map((r) => row(r, lo));
    const news = nt.rows.map((r) => row(r, ln));
    for (const p of align(olds, news, [(r) => r.join('\u0000')], (a, b) => (a[0] !== undefined && a[0] === b[0]) || isSimilar(a.join(' '), b.join(' ')))) {
      const or = p.old === undefined ? undefined : olds[p.old];
      const nr = p.new === undefined ? undefined : news[p.new];
      if (!nr) {
        if (or) this.emit({ ...oldAt, rel: `table.rows[${p.old ?? 0}]` }, { kind: 'item-removed', label: t('diff.label.row', { n: (p.old ?? 0) + 1 }), before: or.join(' | ') });
        continue;
      }
      const rowAt: At = { ...newAt, rel: `table.rows[${p.new ?? 0}]` };
      if (!or) {
        this.emit(rowAt, { kind: 'item-added', label: t('diff.label.row', { n: (p.new ?? 0) + 1 }), after: nr.join(' | ') });
        continue;
      }
      if (p.moved) this.emit(rowAt, { kind: 'item-moved', label: nr.join(' | '), before: String((p.old ?? 0) + 1), after: String((p.new ?? 0) + 1) });
      const raw = nt.rows[p.new ?? 0] ?? [];
      const rawOld = ot.rows[p.old ?? 0] ?? [];
      for (let c = 0; c < Math.max(or.length, nr.length); c++) {
        if (or[c] === nr[c]) continue;
        const numeric = typeof raw[c] === 'number' || typeof rawOld[c] === 'number';
        this.emit({ ...rowAt, rel: `${rowAt.rel}[${c}]` }, {
          kind: numeric ? 'figure-changed' : 'text-changed',
          label: `${nr[0] ?? ''}, ${nt.columns[c] ?? ot.columns[c] ?? String(c + 1)}`,
          before: orNone(or[c] ?? ''),
          after: orNone(nr[c] ?? ''),
        });
      }
    }
    this.text(at('caption'), t('diff.label.table-caption'), ot.caption, nt.caption);
  }

  // ---------------------------------------------------------------- the pieces

  /** A text field: changed, added (was empty) or removed (is now empty). */
  private text([oldAt, newAt]: [At, At], label: Said, before: string | null | undefined, after: string | null | undefined): void {
    const o = before ?? null;
    const n = after ?? null;
    if (o === n) return;
    if (o === null) this.emit(newAt, { kind: 'item-added', label, after: n ?? '' });
    else if (n === null) this.emit(oldAt, { kind: 'item-removed', label, before: o });
    else this.emit(newAt, { kind: 'text-changed', label, before: o, after: n });
  }

  private notes([oldAt, newAt]: [At, At], before: string | null, after: string | null): void {
    if (before === after) return;
    this.emit(after === null ? oldAt : newAt, { kind: 'notes-changed', label: t('diff.label.notes') });
  }

  /** A list of texts (points, items): each added, removed, edited or moved, numbered as in the deck. */
  private textList([oldAt, newAt]: [At, At], olds: readonly string[], news: readonly string[], label: (n: number) => Said): void {
    for (const p of align(olds, news, [(x) => x], isSimilar)) {
      const o = p.old === undefined ? undefined : olds[p.old];
      const n = p.new === undefined ? undefined : news[p.new];
      if (n === undefined) {
        if (o !== undefined) this.emit({ ...oldAt, rel: `${oldAt.rel}[${p.old ?? 0}]` }, { kind: 'item-removed', label: label((p.old ?? 0) + 1), before: o });
        continue;
      }
      const at: At = { ...newAt, rel: `${newAt.rel}[${p.new ?? 0}]` };
      if (o === undefined) this.emit(at, { kind: 'item-added', label: label((p.new ?? 0) + 1), after: n });
      else if (p.moved) this.emit(at, { kind: 'item-moved', label: n, before: String((p.old ?? 0) + 1), after: String((p.new ?? 0) + 1) });
      else if (o !== n) this.emit(at, { kind: 'text-changed', label: label((p.new ?? 0) + 1), before: o, after: n });
    }
  }
}

// ---------------------------------------------------------------- helpers

/** `path` is `prefix` or inside it: `stats[2].value` is within `stats`, `statsX` is not. */
function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The slide's title as the deck shows it: a chart's own title, the section's, the meeting's, the agenda word, the closing message. */
function slideTitle(content: unknown, isItem: boolean, section: Section | undefined, field: string | null, locale: Locale): string | null {
  const own = (name: string): string | null => {
    if (content === null || typeof content !== 'object' || Array.isArray(content)) return null;
    const value = (content as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  };
  if (section) return (isItem ? own('title') : null) ?? section.title;
  if (Array.isArray(content)) return field === null ? null : (locale.words[field] ?? null);
  return own('title') ?? own('message');
}

const WHATS: Record<string, Text> = {
  stats: t('diff.what.stats'),
  charts: t('diff.what.charts'),
  points: t('diff.what.points'),
  items: t('diff.what.items'),
  compare: t('diff.what.compare'),
  quote: t('diff.what.quote'),
  picture: t('diff.what.picture'),
  'table.rows': t('diff.what.table'),
  table: t('diff.what.table'),
  lead: t('diff.what.lead'),
  meeting: t('diff.what.meeting'),
  agenda: t('diff.what.agenda'),
  closing: t('diff.what.closing'),
};

function whatOf(field: string | null, layout: string, inSection: boolean): Text {
  if (field === null) return inSection ? t('diff.what.divider') : t('diff.what.other', { layout });
  return (Object.hasOwn(WHATS, field) ? WHATS[field] : undefined) ?? t('diff.what.other', { layout });
}

function statText(stat: Stat, locale: Locale): string {
  const figure = formatFigure(stat, locale);
  const detail = formatStatDetail(stat, locale);
  return detail ? `${figure} (${detail})` : figure;
}

function itemText(item: ListItem): string {
  return typeof item === 'string' ? item : item.title ? `${item.title}: ${item.text}` : item.text;
}

function cellText(cell: string | number, locale: Locale): string {
  return typeof cell === 'number' ? formatScaled(cell, locale) : cell;
}

const orNone = (text: string): Said => (text === '' ? t('diff.none-value') : text);
const yesNo = (value: boolean): Text => t(value ? 'diff.yes' : 'diff.no');
