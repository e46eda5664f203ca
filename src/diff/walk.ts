/**
 * Two versions of the data compared node by node, led by the schema: an
 * object field by field in the schema's order, a list element by element,
 * anything else as one value. So a field the schema gains is compared, and
 * said, with no change here.
 *
 * - Lists are paired by the key the schema declares (`diffKeys` in
 *   validate/schema.ts: sections by id, then title; statistics by label; …),
 *   by position when it declares none; see align.ts.
 * - A value is written as its schema node says: a date as the deck writes
 *   dates, a number in the report's locale, a yes/no, text as it is. Each
 *   version in its own locale, and a value counts as changed when what is
 *   written changed.
 * - What the deck makes of known fields (their names, a statistic's figure,
 *   a chart's values) comes from views (views.ts), keyed by the field's
 *   generic path (`sections[].stats[].label`). A field with none is named by
 *   its path, after the element it is in: "Gói, kiện bưu chính (better)".
 */
import * as z from 'zod';
import type { Locale } from '../format/locale.js';
import { formatNumber } from '../format/number.js';
import { say, t } from '../i18n/catalogue.js';
import { formatDate } from '../render/helpers.js';
import { diffKeys, type DiffKey } from '../validate/schema.js';
import { align, isSimilar, type Pair } from './align.js';
import type { DeckChange, Said } from './diff.js';

export type SideName = 'old' | 'new';

/** Where a change is, in one version: `section` null for the meeting, closing and deck fields, `rel` the path in it. */
export interface At {
  side: SideName;
  section: number | null;
  rel: string;
}

/** A value that holds the one compared (an object, or a list element), in both versions. */
export interface Frame {
  old: unknown;
  new: unknown;
  /** For a list element: its position in each version. */
  index?: Partial<Record<SideName, number>>;
}

/** A node of the data, in both versions. */
export interface Place {
  /** The path without positions: `sections[].stats[].label`; '' for the root. */
  gen: string;
  at: Record<SideName, At>;
  /** The element the node is in, by name ("Gói, kiện bưu chính"), for the names of fields no view names. */
  owner: string | null;
  /** The path from the owner (or the top), for the same. */
  rel: string;
  /** What holds the node, innermost last. */
  up: readonly Frame[];
  /** For a list element: its position in each version. */
  index?: Partial<Record<SideName, number>>;
}

/** How the deck shows a node: any part left out is the generic way. `any`: a view is written for the data at its path. */
export interface View {
  /** Not compared here: its effect is a slide that appears, goes or changes layout. */
  skip?: true;
  /** What a change here is called; `value` is the version's (the old one for what was removed). */
  label?: (p: Place, side: SideName, value: any) => Said;
  /** For a list element edited in place: what it is called ("name of category 2"); `label` otherwise. */
  edited?: (p: Place) => Said;
  /** How a value reads. */
  show?: (value: any, side: SideName, p: Place) => Said;
  /** How a value added or removed as a whole reads; undefined says nothing but its label. `show` otherwise. */
  summary?: (value: any, side: SideName, p: Place) => Said | undefined;
  /** For an object added or removed: the field the change is said on ('text': the key message's text). */
  showAt?: string;
  /** A list element's name: the label of a statistic, the title of a chart. */
  name?: (value: any, side: SideName) => string;
  /** How a missing value reads: the theme is "default", not added or removed. */
  absent?: Said;
  /** Speaker notes: said to have changed, not quoted. */
  notes?: true;
  /** A list said as one value (a table's header). */
  whole?: true;
  /** Replaces the walk below the node, when both versions have it. */
  compare?: (o: any, n: any, p: Place) => void;
  /** Fields (paths from the node) that `figures` says together, at the place of the first of them. */
  consumes?: readonly string[];
  figures?: (o: any, n: any, p: Place) => void;
}

export interface Sink {
  emit(at: At, change: Omit<DeckChange, 'path'>): void;
  locale(side: SideName): Locale;
}

// ---------------------------------------------------------------- the schema

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  getter?: () => Schema;
  shape?: Readonly<Record<string, Schema>>;
  element?: Schema;
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** Wrappers that change how a value is checked or filled in, not what it is. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** A schema node under its wrappers, with what the wrappers declared on the way. */
export interface SchemaNode {
  def: Def;
  key: DiffKey | undefined;
  /** An ISO date (`format: date`), written as the deck writes dates. */
  date: boolean;
}

/** Read once per node: a schema's declarations are made when it is defined. */
const unwrapped = new WeakMap<Schema, SchemaNode>();

export function unwrap(schema: Schema): SchemaNode {
  let found = unwrapped.get(schema);
  if (!found) {
    found = unwrapOnce(schema);
    unwrapped.set(schema, found);
  }
  return found;
}

function unwrapOnce(schema: Schema): SchemaNode {
  let node = schema;
  let key: DiffKey | undefined;
  let date = false;
  for (let depth = 0; ; depth++) {
    key ??= diffKeys.get(node);
    date ||= z.globalRegistry.get(node)?.format === 'date';
    const def = defOf(node);
    const next = WRAPPERS.has(def.type)
      ? def.innerType
      : def.type === 'pipe' && def.in && def.out
        ? defOf(def.out).type === 'transform' ? def.in : def.out
        : def.type === 'lazy' ? def.getter?.() : undefined;
    if (next === undefined || depth > 100) return { def, key, date };
    node = next;
  }
}

/** The schema at a path without positions: `sections[].charts`. */
export function schemaAt(schema: Schema, path: string): Schema {
  let node = schema;
  for (const step of path.split('.')) {
    const [field = '', ...lists] = step.split('[]');
    if (field !== '') {
      const child = unwrap(node).def.shape?.[field];
      if (!child) throw new Error(`no field "${field}" in the schema at ${path}`);
      node = child;
    }
    for (let k = 0; k < lists.length; k++) {
      const element = unwrap(node).def.element;
      if (!element) throw new Error(`no list at ${path}`);
      node = element;
    }
  }
  return node;
}

/** Which element of the old list became which of the new, by the key the schema declares; by position without one. */
export function pairElements(key: DiffKey | undefined, olds: readonly unknown[], news: readonly unknown[]): Pair[] {
  const keys = (key?.key ?? []).map((field) => (x: unknown): string | null => textOf(field === '' ? x : pick(x, field)));
  const [first] = keys;
  const alike =
    first === undefined || key?.unkeyed === 'position'
      ? () => true
      : (a: unknown, b: unknown): boolean => {
          const [x, y] = [first(a), first(b)];
          return x !== null && y !== null && isSimilar(x, y);
        };
  return align(olds, news, keys, alike);
}

/** A value as one text, to pair by: a row's cells ("Huế 300"), an item's title and text ("Tiêu đề: nội dung"). */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => textOf(v) ?? '').join(' ');
  if (typeof value === 'object') {
    return Object.values(value)
      .map(textOf)
      .filter((v): v is string => v !== null)
      .join(': ');
  }
  return String(value as string | number | boolean);
}

function pick(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, f) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[f] : undefined), value);
}

// ---------------------------------------------------------------- the walk

export class Walker {
  /** Generic paths a view's `figures` says. */
  private readonly consumed = new Set<string>();
  /** Objects some of whose fields are consumed: walked field by field even when one version lacks them. */
  private readonly consumedBelow = new Set<string>();

  constructor(
    private readonly views: Readonly<Record<string, View>>,
    private readonly sink: Sink,
  ) {
    for (const [path, view] of Object.entries(views)) {
      for (const field of view.consumes ?? []) {
        const full = `${path}.${field}`;
        this.consumed.add(full);
        for (let i = full.lastIndexOf('.'); i > path.length; i = full.lastIndexOf('.', i - 1)) this.consumedBelow.add(full.slice(0, i));
      }
    }
  }

  compare(schema: Schema, before: unknown, after: unknown, p: Place): void {
    const view = this.views[p.gen];
    if (view?.skip) return;
    const node = unwrap(schema);
    const o = before ?? null;
    const n = after ?? null;
    if (view?.compare && o !== null && n !== null) view.compare(o, n, p);
    else if (node.def.type === 'object' && !view?.whole) this.object(node, o, n, p, view);
    else if (node.def.type === 'array' && !view?.whole) this.list(node, asList(o), asList(n), p);
    else this.leaf(node, o, n, p, view);
  }

  private object(node: SchemaNode, o: unknown, n: unknown, p: Place, view: View | undefined): void {
    if (o === null && n === null) return;
    if ((o === null || n === null) && !this.consumedBelow.has(p.gen)) {
      this.appeared(node, o, n, p, view);
      return;
    }
    // A list element is a frame already.
    const up = p.index === undefined ? [...p.up, { old: o, new: n }] : p.up;
    let figured = false;
    for (const [field, child] of Object.entries(node.def.shape ?? {})) {
      const gen = p.gen === '' ? field : `${p.gen}.${field}`;
      if (this.consumed.has(gen)) {
        if (!figured && o !== null && n !== null) view?.figures?.(o, n, p);
        figured = true;
        continue;
      }
      const named = p.index !== undefined;
      this.compare(child, get(o, field), get(n, field), {
        gen,
        at: { old: below(p.at.old, field), new: below(p.at.new, field) },
        owner: named ? this.name(p, up[up.length - 1]?.new) : p.owner,
        rel: named || p.rel === '' ? field : `${p.rel}.${field}`,
        up,
      });
    }
  }

  private list(node: SchemaNode, olds: readonly unknown[], news: readonly unknown[], p: Place): void {
    const element = node.def.element;
    if (!element) return;
    const view = this.views[`${p.gen}[]`];
    const inner = unwrap(element);
    for (const pair of pairElements(node.key, olds, news)) {
      const o = pair.old === undefined ? null : (olds[pair.old] ?? null);
      const n = pair.new === undefined ? null : (news[pair.new] ?? null);
      const index = { ...(pair.old === undefined ? {} : { old: pair.old }), ...(pair.new === undefined ? {} : { new: pair.new }) };
      const ep: Place = {
        gen: `${p.gen}[]`,
        at: { old: { ...p.at.old, rel: `${p.at.old.rel}[${pair.old ?? 0}]` }, new: { ...p.at.new, rel: `${p.at.new.rel}[${pair.new ?? 0}]` } },
        owner: p.owner,
        rel: p.rel,
        up: [...p.up, { old: o, new: n, index }],
        index,
      };
      if (o === null || n === null) {
        this.appeared(inner, o, n, ep, view);
        continue;
      }
      if (pair.moved) {
        const label = view?.name?.(n, 'new') ?? textOf(n) ?? '';
        this.sink.emit(ep.at.new, { kind: 'item-moved', label, before: String((pair.old ?? 0) + 1), after: String((pair.new ?? 0) + 1) });
      }
      this.compare(element, o, n, ep);
    }
  }

  private leaf(node: SchemaNode, o: unknown, n: unknown, p: Place, view: View | undefined): void {
    const absent = view?.absent ?? null;
    const before = o === null ? absent : this.show(node, o, 'old', p, view);
    const after = n === null ? absent : this.show(node, n, 'new', p, view);
    if (before === null && after === null) return;
    if (before !== null && after !== null && sayEn(before) === sayEn(after)) return;
    if (view?.notes) {
      this.sink.emit(n === null ? p.at.old : p.at.new, { kind: 'notes-changed', label: this.label(p, 'new', n) });
    } else if (before === null || after === null) {
      this.appeared(node, o, n, p, view);
    } else {
      const kind = typeof o === 'number' || typeof n === 'number' ? 'figure-changed' : 'text-changed';
      this.sink.emit(p.at.new, { kind, label: view?.edited?.(p) ?? this.label(p, 'new', n), before, after });
    }
  }

  /** A value only one version has: added or removed, said by its summary. */
  private appeared(node: SchemaNode, o: unknown, n: unknown, p: Place, view: View | undefined): void {
    const side: SideName = n === null ? 'old' : 'new';
    const value = n ?? o;
    if (value === null) return;
    const at = view?.showAt === undefined ? p.at[side] : below(p.at[side], view.showAt);
    const shown = view?.summary ? view.summary(value, side, p) : this.show(node, value, side, p, view);
    const label = this.label(p, side, value);
    if (side === 'old') this.sink.emit(at, { kind: 'item-removed', label, ...(shown === undefined ? {} : { before: shown }) });
    else this.sink.emit(at, { kind: 'item-added', label, ...(shown === undefined ? {} : { after: shown }) });
  }

  private show(node: SchemaNode, value: unknown, side: SideName, p: Place, view: View | undefined): Said {
    return view?.show ? view.show(value, side, p) : this.plain(node, value, this.sink.locale(side));
  }

  /** A value as its schema node says, when no view says otherwise. */
  private plain(node: SchemaNode | undefined, value: unknown, locale: Locale): Said {
    if (typeof value === 'string') return node?.date ? formatDate(value, locale) : value;
    if (typeof value === 'number') return formatNumber(value, locale);
    if (typeof value === 'boolean') return t(value ? 'diff.yes' : 'diff.no');
    if (Array.isArray(value)) {
      const element = node?.def.element === undefined ? undefined : unwrap(node.def.element);
      return value.map((v) => this.plain(element, v, locale));
    }
    if (value !== null && typeof value === 'object') {
      const shape = node?.def.shape;
      return Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([field, v]) => {
          const said = this.plain(shape?.[field] === undefined ? undefined : unwrap(shape[field]), v, locale);
          return typeof said === 'string' ? `${field}: ${said}` : said;
        });
    }
    return String(value);
  }

  private label(p: Place, side: SideName, value: unknown): Said {
    return this.views[p.gen]?.label?.(p, side, value) ?? this.pathLabel(p, side);
  }

  /** A field no view names, by its path after its owner's name: "risks 2", "Gói, kiện bưu chính (better)". */
  private pathLabel(p: Place, side: SideName): string {
    const rel = p.index === undefined ? p.rel : `${p.rel} ${(p.index[side] ?? p.index.old ?? 0) + 1}`;
    return p.owner === null ? rel : `${p.owner} (${rel})`;
  }

  /** A list element's name, for the fields in it. */
  private name(p: Place, value: unknown): string {
    return this.views[p.gen]?.name?.(value, 'new') ?? this.pathLabel(p, 'new');
  }
}

const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

function get(value: unknown, field: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : null;
}

export const below = (at: At, field: string): At => ({ ...at, rel: at.rel === '' ? field : `${at.rel}.${field}` });

/** A said value as one string, to compare two. */
export function sayEn(value: Said): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return (value as readonly Said[]).map(sayEn).join(', ');
  return say(value as Exclude<Said, string | readonly Said[]>, 'en');
}
