/**
 * Bindings: figures, lists and tables a report takes from a workbook (.xlsx)
 * or CSV file beside it, instead of copying them. Where a value would be
 * written, the report writes where it is:
 *
 *     value: { cell: so-lieu.xlsx!Quý III!B4 }           one value
 *     values: { cells: so-lieu.xlsx!Quý III!B2:D2 }      a list: one row or one column
 *     rows: { rows: tinh.csv!A2:C5 }                     a list of rows
 *     data: so-lieu.xlsx!Quý III!A1:D3                   a chart's categories and series, or a table's columns and rows
 *
 * A chart's `data` range holds its categories across the first row (after
 * the corner cell) and one series a row, each named in the first column; a
 * table's holds its header in the first row and a row of the table a row.
 *
 * This stage runs between reading the YAML and validating it: it replaces
 * each binding with the values of its cells, so the schema checks them as if
 * they had been typed, and it keeps which cell each value came from, so
 * every problem with a bound value names both the YAML line that binds it and
 * the cell (`so-lieu.xlsx!Quý III!B4`). Cells are read, never computed: a
 * formula gives its cached value, or an error when it has none.
 */
import { dirname, extname, isAbsolute, resolve as resolvePath } from 'node:path';
import { error, type Diagnostic, type Result, type SourceLocation } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';
import type { ParsedYaml } from '../load/yaml.js';
import { formatDataPath, type DataPath } from '../model/data-path.js';
import { columnsOf, parseReference, qualifiedCell, rowsOf, type CellAddress, type Reference } from './reference.js';
import type { CellValue, Workbook, WorkbookRead } from './workbook.js';

/** The keys that make a one-key block a binding, and what each gives. */
export const BINDING_KEYS = ['cell', 'cells', 'rows'] as const;
type BindingKey = (typeof BINDING_KEYS)[number];
/** Blocks whose `data` names a range: a chart (categories and series) and a table (columns and rows). */
type BlockKind = 'chart' | 'table';

/** At most this many cells come from one range: more is a mistake in the range (A:A), not a slide. */
export const MAX_BOUND_CELLS = 100_000;

export interface Binding {
  /** Where the binding stands in the data: the block `{ cell: … }`, or the chart or table holding `data`. */
  path: DataPath;
  kind: BindingKey | BlockKind;
  ref: string;
}

export interface BoundReport {
  /** The data with every binding replaced by its values. */
  data: unknown;
  /** For each value a cell gave (by its formatted data path), the cell: what messages and `diff` name. */
  cells: Map<string, string>;
  /** The workbook files read, absolute: what `watch` watches. */
  files: string[];
  /** Where each binding is written in the YAML, by its formatted data path. */
  at: Map<string, SourceLocation>;
}

/** Reads a workbook; the reader (workbook.ts) is loaded only for a report that has bindings. */
export type WorkbookReader = (file: string, base: string, options: { allowOutside: boolean }) => Promise<WorkbookRead>;

const SUPPORTED = ['.xlsx', '.xlsm', '.csv'];

/** The bindings of a report's data, in document order. */
export function findBindings(data: unknown): Binding[] {
  const found: Binding[] = [];
  // One path, extended and shortened as the walk goes; copied only for a binding found.
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    const only = keys.length === 1 ? keys[0]! : undefined;
    const record = value as Record<string, unknown>;
    if (only !== undefined && (BINDING_KEYS as readonly string[]).includes(only) && typeof record[only] === 'string') {
      found.push({ path: [...path], kind: only as BindingKey, ref: record[only] });
      return;
    }
    const block = blockKind(path);
    for (const key of keys) {
      const child = record[key];
      if (key === 'data' && block && typeof child === 'string') found.push({ path: [...path], kind: block, ref: child });
      else {
        path.push(key);
        visit(child);
        path.pop();
      }
    }
  };
  visit(data);
  return found;
}

/** `sections[2].charts[0]` is a chart, `sections[2].table` a table: where `data` binds a whole block. */
function blockKind(path: DataPath): BlockKind | undefined {
  if (path.length === 4 && path[0] === 'sections' && path[2] === 'charts') return 'chart';
  if (path.length === 3 && path[0] === 'sections' && path[2] === 'table') return 'table';
  return undefined;
}

export async function resolveBindings(
  doc: ParsedYaml,
  readWorkbook: WorkbookReader,
  { allowOutside = false } = {},
): Promise<Result<BoundReport>> {
  const bindings = findBindings(doc.data);
  if (bindings.length === 0) return { value: { data: doc.data, cells: new Map(), files: [], at: new Map() }, diagnostics: [] };
  const base = dirname(resolvePath(doc.file));
  const diagnostics: Diagnostic[] = [];
  const cells = new Map<string, string>();
  const workbooks = new Map<string, Promise<WorkbookRead>>();
  const replacements = new Map<string, unknown>();
  const where = new Map<string, SourceLocation>();

  for (const binding of bindings) {
    const at = bindingAt(doc, binding);
    if (at.location) where.set(formatDataPath(binding.path), at.location);
    const fail = (code: Diagnostic['code'], message: Text, hint: Text): void => {
      diagnostics.push(error(code, message, { ...at, hint }));
    };
    const ref = parseReference(binding.ref);
    if ('problem' in ref) {
      fail('binding-invalid', ref.problem, t('bind.reference.hint'));
      continue;
    }
    if (!SUPPORTED.includes(extname(ref.file).toLowerCase())) {
      fail('workbook-invalid', t('bind.unsupported', { file: ref.file }), t('bind.unsupported.hint'));
      continue;
    }
    if (!allowOutside && (isAbsolute(ref.file) || /(^|[\\/])\.\.([\\/]|$)/.test(ref.file))) {
      fail('workbook-invalid', t('bind.outside', { file: ref.file }), t('image.outside.hint'));
      continue;
    }
    const file = resolvePath(base, ref.file);
    let read = workbooks.get(file);
    if (!read) workbooks.set(file, (read = readWorkbook(file, base, { allowOutside })));
    const opened = await read;
    if (!('workbook' in opened)) {
      const problem = workbookProblem(opened, ref.file);
      fail(problem.code, problem.message, problem.hint);
      continue;
    }
    const { workbook } = opened;
    const csv = extname(ref.file).toLowerCase() === '.csv';
    const sheet = ref.sheet ?? workbook.sheets[0];
    if (sheet === undefined || !workbook.sheets.includes(sheet)) {
      fail('binding-invalid', t('bind.unknown-sheet', { file: ref.file, sheet: ref.sheet ?? '' }), t('bind.sheets.hint', { sheets: workbook.sheets.join(', ') }));
      continue;
    }
    const named = csv ? undefined : sheet;
    const bound = new Bound(ref, workbook, sheet, named, binding, cells, (code, message, hint) => fail(code, message, hint));
    const value = bound.value();
    if (value !== undefined) replacements.set(JSON.stringify(binding.path), value);
  }
  if (diagnostics.length > 0) return { diagnostics };
  const files = [...workbooks.keys()].sort();
  return { value: { data: replace(doc.data, [], replacements), cells, files, at: where }, diagnostics };
}

/** Where a binding is written: the `cell:`/`cells:`/`rows:` or `data:` value, as the YAML has it. */
function bindingAt(doc: ParsedYaml, binding: Binding): { location: Diagnostic['location']; dataPath: DataPath } {
  const key = binding.kind === 'chart' || binding.kind === 'table' ? 'data' : binding.kind;
  return { location: doc.locate([...binding.path, key]), dataPath: binding.path };
}

/** One binding's values, read from its workbook, each cell recorded in `cells`. */
class Bound {
  constructor(
    private readonly ref: Reference,
    private readonly workbook: Workbook,
    private readonly sheet: string,
    /** The sheet as messages name it: undefined for a CSV, which has one. */
    private readonly named: string | undefined,
    private readonly binding: Binding,
    private readonly cells: Map<string, string>,
    private readonly fail: (code: Diagnostic['code'], message: Text, hint: Text) => void,
  ) {}

  value(): unknown {
    const { ref, binding } = this;
    const rows = rowsOf(ref);
    const columns = columnsOf(ref);
    if (rows * columns > MAX_BOUND_CELLS) {
      this.fail('binding-invalid', t('bind.range-too-large', { ref: binding.ref, cells: rows * columns, limit: MAX_BOUND_CELLS }), t('bind.range.hint'));
      return undefined;
    }
    const at = (r: number, c: number): CellAddress => ({ row: ref.from.row + r, col: ref.from.col + c });
    const path = binding.path;
    switch (binding.kind) {
      case 'cell':
        if (rows * columns !== 1) return this.shape(t('bind.shape.cell'));
        return this.read(at(0, 0), path);
      case 'cells':
        if (rows > 1 && columns > 1) return this.shape(t('bind.shape.cells'));
        return Array.from({ length: rows * columns }, (_, i) => this.read(rows > 1 ? at(i, 0) : at(0, i), [...path, i]));
      case 'rows':
        return Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => this.read(at(r, c), [...path, r, c])));
      case 'chart':
        if (rows < 2 || columns < 2) return this.shape(t('bind.shape.chart'));
        return {
          categories: Array.from({ length: columns - 1 }, (_, c) => this.read(at(0, c + 1), [...path, 'categories', c])),
          series: Array.from({ length: rows - 1 }, (_, r) => ({
            name: this.read(at(r + 1, 0), [...path, 'series', r, 'name']),
            values: Array.from({ length: columns - 1 }, (_, c) => this.read(at(r + 1, c + 1), [...path, 'series', r, 'values', c])),
          })),
        };
      case 'table':
        if (rows < 2) return this.shape(t('bind.shape.table'));
        return {
          columns: Array.from({ length: columns }, (_, c) => this.read(at(0, c), [...path, 'columns', c])),
          rows: Array.from({ length: rows - 1 }, (_, r) => Array.from({ length: columns }, (_, c) => this.read(at(r + 1, c), [...path, 'rows', r, c]))),
        };
    }
  }

  private shape(expected: Text): undefined {
    this.fail('binding-invalid', t('bind.shape', { ref: this.binding.ref, expected }), t('bind.range.hint'));
    return undefined;
  }

  /** A cell's value as YAML would have given it; what cannot be a value is an error naming the cell. */
  private read(address: CellAddress, path: DataPath): unknown {
    const name = qualifiedCell(this.ref, this.named, address);
    this.cells.set(formatDataPath(path), name);
    const cell: CellValue = this.workbook.cell(this.sheet, address.row, address.col);
    switch (cell.kind) {
      case 'number':
      case 'text':
      case 'boolean':
      case 'date':
        if (cell.kind === 'text' && GROUPED.test(cell.value.trim())) {
          const plain = cell.value.trim().replace(/\./g, '');
          this.fail('thousands-separator', t('bind.thousands-text', { cell: name, written: cell.value.trim() }), t('bind.thousands-text.hint', { plain }));
        }
        return cell.value;
      case 'empty':
        this.fail('cell-invalid', t('bind.empty', { cell: name }), t('bind.empty.hint'));
        return null;
      case 'error':
        this.fail('cell-invalid', t('bind.error-value', { cell: name, value: cell.value }), t('bind.formula.hint'));
        return null;
      case 'formula-without-value':
        this.fail('cell-invalid', t('bind.no-cached-value', { cell: name, formula: cell.formula }), t('bind.formula.hint'));
        return null;
    }
  }
}

/** Text that a person typed as a figure with thousands grouped by dots ("214.380"). */
const GROUPED = /^[-+]?\d{1,3}(\.\d{3})+$/;

function workbookProblem(read: Exclude<WorkbookRead, { workbook: Workbook }>, file: string): { code: Diagnostic['code']; message: Text; hint: Text } {
  switch (read.problem) {
    case 'missing':
      return { code: 'workbook-not-found', message: t('bind.missing', { file }), hint: t('bind.missing.hint') };
    case 'outside':
      return { code: 'workbook-invalid', message: t('bind.outside', { file }), hint: t('image.outside.hint') };
    case 'not-a-file':
      return { code: 'workbook-invalid', message: t('bind.not-a-file', { file }), hint: t('read.special.hint') };
    case 'unsupported':
      return { code: 'workbook-invalid', message: t('bind.unsupported', { file }), hint: t('bind.unsupported.hint') };
    case 'too-large':
      return { code: 'workbook-invalid', message: t('bind.too-large', { file, size: Math.round((read.size / 1024 / 1024) * 10) / 10 }), hint: t('bind.too-large.hint') };
    case 'too-many-rows':
      return { code: 'workbook-invalid', message: t('bind.too-many-rows', { file, rows: read.rows, limit: read.limit }), hint: t('bind.too-large.hint') };
    case 'damaged':
    case 'unreadable':
      return { code: 'workbook-invalid', message: t('bind.damaged', { file, reason: read.reason }), hint: t('bind.damaged.hint') };
  }
}

/** `data` with the value at each bound path replaced (a chart's or table's `data` key merged into its block). */
function replace(data: unknown, path: DataPath, replacements: Map<string, unknown>): unknown {
  const key = JSON.stringify(path);
  if (replacements.has(key)) {
    const value = replacements.get(key);
    const kept = data !== null && typeof data === 'object' && !Array.isArray(data) && value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!kept) return value;
    // A chart or table: its other fields stay, `data` gives way to what it holds.
    const { data: _bound, ...rest } = data as Record<string, unknown>;
    return { ...rest, ...(value as Record<string, unknown>) };
  }
  if (Array.isArray(data)) return data.map((item, i) => replace(item, [...path, i], replacements));
  if (data === null || typeof data !== 'object') return data;
  return Object.fromEntries(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, replace(v, [...path, k], replacements)]));
}

/** The value of `byPath` at `path` or the nearest path above it: a bound value's cell, or its binding's place. */
export function nearest<T>(byPath: ReadonlyMap<string, T>, path: DataPath): T | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = byPath.get(formatDataPath(path.slice(0, n)));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A problem with a bound value, said at both places: at the YAML line that
 * binds it, naming the cell it came from. Others are returned as they are.
 */
export function atBoundCell(d: Diagnostic, bound: BoundReport): Diagnostic {
  if (!d.dataPath || bound.cells.size === 0) return d;
  const cell = nearest(bound.cells, d.dataPath);
  if (cell === undefined) return d;
  const location = nearest(bound.at, d.dataPath) ?? d.location;
  return { ...d, message: t('bind.in-cell', { message: d.message, cell }), ...(location ? { location } : {}) };
}

