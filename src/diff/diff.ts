/**
 * What changed between two versions of a report, slide by slide: what staff
 * tell the official before the meeting. Pure: two reports with their slide
 * plans, locales and layout fields in; groups of changes out, one group per
 * slide (or per section, or for the whole deck), in the new deck's order.
 *
 * The data is compared as the schema describes it (walk.ts): every field,
 * a new one too. Lists are paired by the key the schema declares (sections
 * by `id`, else by title, else by position; a statistic by its label, a
 * chart by its title), a slightly edited text counting as changed rather
 * than removed and added (see align.ts). Figures are written as the deck
 * writes them, each version in its own locale ("trên 377 triệu → trên 380
 * triệu"); what the deck calls each known field is in views.ts.
 *
 * A slide is named by what the plan gives it: its section, its title as the
 * deck shows it, and what it shows (the outline's `from`). Not by its number:
 * fitting may split a long list into more slides than the plan has, so the
 * planned numbers are not the deck's. A change goes to the first slide that
 * shows the changed field: the slide made from it (`from: stats`), else one
 * whose layout reads it (the points under the cards of `highlights`), else
 * the section, said to be shown on no slide.
 */
import type { z } from 'zod';
import type { Locale } from '../format/locale.js';
import { t, type Text } from '../i18n/catalogue.js';
import { formatDataPath } from '../model/data-path.js';
import type { PlannedSlide } from '../plan/plan.js';
import { reportSchema, type Report, type Section } from '../validate/schema.js';
import type { Pair } from './align.js';
import { deckViews, type ViewContext } from './views.js';
import { pairElements, schemaAt, unwrap, Walker, type At, type SideName } from './walk.js';

/** One version of the report, with what is needed to see its slides. */
export interface DiffSide {
  report: Report;
  plan: readonly PlannedSlide[];
  locale: Locale;
  /** The data fields each layout shows, as `briefdeck layouts` names them: `sections[].points`, `sections[].<from>`. */
  layoutFields: ReadonlyMap<string, readonly string[]>;
  /** The cells bound values came from, by data path (`sections[2].stats[0].value` → `so-lieu.xlsx!Quý III!B4`). */
  cells?: ReadonlyMap<string, string>;
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
  /** The workbook cell the value comes from, when the report binds it (in the report `path` is in). */
  cell?: string;
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

/** `schema`: the data format the reports follow; a schema derived from reportSchema is compared just the same. */
export function diffReports(before: DiffSide, after: DiffSide, schema: z.core.$ZodType = reportSchema): ChangeGroup[] {
  return new Differ(before, after, schema).run();
}

// ---------------------------------------------------------------- slides

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

const FROM = '<from>';

class Differ {
  private readonly sides: Record<SideName, DiffSide>;
  private readonly sectionIds: Record<SideName, string[]> = { old: [], new: [] };
  private readonly sectionPairs: Pair[];
  /** Per section, its charts' ids, shared by the two versions when paired. */
  private readonly chartIds: Record<SideName, Map<number, string[]>> = { old: new Map(), new: new Map() };
  private readonly entries: Record<SideName, SlideEntry[]>;
  private readonly byKey: Record<SideName, Map<string, SlideEntry>>;
  private readonly groups = new Map<string, Group>();
  /** Elements whose own slide appears or disappears: that line says it, no "added chart" line too. */
  private readonly ownSlides = new Set<string>();
  /** The data, compared node by node. */
  private readonly walker: Walker;

  constructor(
    before: DiffSide,
    after: DiffSide,
    private readonly schema: z.core.$ZodType,
  ) {
    this.sides = { old: before, new: after };
    const cx: ViewContext = {
      locale: (side) => this.sides[side].locale,
      emit: (at, change) => this.emit(at, change),
      pairs: (path, olds, news) => this.pairs(path, olds, news),
      sections: () => this.sections(),
    };
    this.walker = new Walker(deckViews(cx), cx);
    this.sectionPairs = this.pairs('sections', before.report.sections, after.report.sections);
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
    const root = (side: SideName): At => ({ side, section: null, rel: '' });
    this.walker.compare(this.schema, this.sides.old.report, this.sides.new.report, { gen: '', at: { old: root('old'), new: root('new') }, owner: null, rel: '', up: [] });
    return [...this.groups.values()]
      .filter((g) => g.changes.length > 0)
      .sort((a, b) => a.position - b.position || a.order - b.order)
      .map((g) => ({ place: g.place, slide: g.slide, changes: g.changes }));
  }

  // ---------------------------------------------------------------- the plan

  /** The pairs of the list at `path` (`sections[].charts`), by the key the schema declares for it. */
  private pairs(path: string, olds: readonly unknown[], news: readonly unknown[]): Pair[] {
    return pairElements(unwrap(schemaAt(this.schema, path)).key, olds, news);
  }

  private pairCharts(p: Pair): void {
    const olds = p.old === undefined ? [] : (this.sides.old.report.sections[p.old]?.charts ?? []);
    const news = p.new === undefined ? [] : (this.sides.new.report.sections[p.new]?.charts ?? []);
    const pairs = this.pairs('sections[].charts', olds, news);
    const oldIds: string[] = [];
    const newIds: string[] = [];
    pairs.forEach((c, k) => {
      const id = c.old !== undefined && c.new !== undefined ? `c${k}` : c.old !== undefined ? `co${c.old}` : `cn${c.new ?? 0}`;
      if (c.old !== undefined) oldIds[c.old] = id;
      if (c.new !== undefined) newIds[c.new] = id;
    });
    if (p.old !== undefined) this.chartIds.old.set(p.old, oldIds);
    if (p.new !== undefined) this.chartIds.new.set(p.new, newIds);
  }

  private slideEntries(side: SideName): SlideEntry[] {
    const { report, plan, locale, layoutFields } = this.sides[side];
    const entries: SlideEntry[] = [];
    const seen = new Map<string, number>();
    plan.forEach((slide, index) => {
      if (slide.context.part > 1) return; // a continuation: the same slide, as far as staff are concerned
      // sections[i].<field>[item]: the section, the field within it (`table.rows`), the element of an `each` slide.
      const path = slide.dataPath;
      const section = path[0] === 'sections' && typeof path[1] === 'number' ? path[1] : null;
      const rest = section === null ? path : path.slice(2);
      const last = rest.at(-1);
      const content = slide.context.content;
      const chunk = typeof last === 'number' && Array.isArray(content);
      const field = typeof last === 'number' ? formatDataPath(rest.slice(0, -1)) : rest.length === 0 ? null : formatDataPath(rest);
      const item = typeof last === 'number' && !chunk ? last : null;
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
        dataPath: formatDataPath(slide.dataPath),
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
    const cell = cellOf(this.sides[at.side].cells, path);
    this.attribute(at).changes.push({ ...change, path, ...(cell ? { cell } : {}) });
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

  // ---------------------------------------------------------------- sections

  private sections(): void {
    for (const pair of this.sectionPairs) this.section(pair);
  }

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
    this.walker.compare(schemaAt(this.schema, 'sections[]'), o, n, {
      gen: 'sections[]',
      at: { old: { side: 'old', section: i, rel: '' }, new: { side: 'new', section: j, rel: '' } },
      owner: null,
      rel: '',
      up: [],
    });
  }

  /** What the slides of a section show, for "new section, with: divider, figures, points". */
  private whats(side: SideName, s: number): Text[] {
    return this.entries[side].filter((e) => e.section === s && e.ref.what !== null).map((e) => e.ref.what as Text);
  }
}

// ---------------------------------------------------------------- helpers

/**
 * The cell a value at `path` was bound to: its own, the one of the list or
 * block holding it, or the cells of what it holds (a statistic, shown as one
 * figure, whose value and change each come from a cell).
 */
function cellOf(cells: ReadonlyMap<string, string> | undefined, path: string): string | undefined {
  if (!cells || cells.size === 0) return undefined;
  const STEP = /(?:\.[^.[\]]+|\[\d+\])$/;
  for (let p = path; ; p = p.replace(STEP, '')) {
    const cell = cells.get(p);
    if (cell !== undefined) return cell;
    if (!STEP.test(p)) break;
  }
  const inside = [...new Set([...cells].filter(([p]) => within(p, path)).map(([, cell]) => cell))];
  return inside.length === 0 ? undefined : inside.length <= 3 ? inside.join(', ') : `${inside.slice(0, 3).join(', ')}, …`;
}

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
