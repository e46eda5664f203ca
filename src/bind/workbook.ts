/**
 * The input edge of bindings: a workbook (.xlsx, .xlsm) or a CSV file beside
 * the report, opened and asked "what is in cell (sheet, row, col)".
 *
 * Files are opened as the report's own files and pictures are
 * (load/file.ts, as pictures are): inside the data folder once
 * links are followed (unless allowed), opened without waiting on a named
 * pipe (O_NONBLOCK) and not through a link swapped in after the check
 * (O_NOFOLLOW), only a regular file, and never read past MAX_WORKBOOK_BYTES
 * whatever its size said.
 *
 * A workbook is read for its cached values only: nothing is ever calculated.
 * A formula cell whose file holds no result (written by a program that does
 * not calculate, or the value removed) is `formula-without-value`, never 0.
 * SheetJS (@e965/xlsx) is loaded only when a workbook is read, so a report
 * without bindings never loads it. Before SheetJS sees a workbook, its zip is
 * unpacked here with a bound on the unpacked size (a small zip can unpack to
 * gigabytes), and SheetJS is handed only those parts, stored without
 * compression, so it never unpacks more than that.
 */
import { basename, extname, posix } from 'node:path';
import { readBeside } from '../load/file.js';
import { csvNumber, parseCsv } from './csv.js';

export type CellValue =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'date'; value: string } // YYYY-MM-DD (a date cell; time of day dropped)
  | { kind: 'boolean'; value: boolean }
  | { kind: 'empty' }
  | { kind: 'error'; value: string } // a cached error like "#DIV/0!"
  | { kind: 'formula-without-value'; formula: string }; // a formula cell with no cached value: never evaluated

export interface Workbook {
  /** Sheet names in order; a CSV has one sheet, named after the file without its extension. */
  readonly sheets: readonly string[];
  /** The cell at 0-based row and column of the sheet (the first sheet when `sheet` is undefined); a missing sheet throws nothing: check `sheets` first. Outside the used area: empty. */
  cell(sheet: string | undefined, row: number, col: number): CellValue;
}

export type WorkbookRead =
  | { workbook: Workbook }
  | { problem: 'missing' | 'outside' | 'not-a-file' | 'unsupported' }
  | { problem: 'too-large'; size: number } // bytes
  | { problem: 'too-many-rows'; rows: number; limit: number }
  | { problem: 'damaged' | 'unreadable'; reason: string };

export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
export const MAX_WORKBOOK_ROWS = 100_000; // per sheet

/**
 * The most a workbook's XML may unpack to, all parts together. A 10 MB
 * .xlsx of plain cells unpacks to well under this; past it, it is a zip
 * bomb or not a workbook for a report.
 */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

const EMPTY: CellValue = Object.freeze({ kind: 'empty' });

/** `file` absolute; `base` the data file's folder. */
export async function readWorkbook(file: string, base: string, options?: { allowOutside?: boolean }): Promise<WorkbookRead> {
  const kind = kindOf(file);
  if (!kind) return { problem: 'unsupported' };
  // The same rules as the report's pictures (load/file.ts).
  const read = await readBeside(file, base, { allowOutside: options?.allowOutside ?? false, limit: MAX_WORKBOOK_BYTES });
  if (!('bytes' in read)) return read;
  if (kind === 'csv') return csvWorkbook(read.bytes, sheetNameOf(file));
  return xlsxWorkbook(read.bytes);
}

function kindOf(file: string): 'xlsx' | 'csv' | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.csv') return 'csv';
  return undefined;
}

/** The file's name without its extension: `tinh.csv` is the sheet `tinh`. */
const sheetNameOf = (file: string): string => basename(file, extname(file));

// ---------------------------------------------------------------------------
// CSV

function csvWorkbook(bytes: Buffer, name: string): WorkbookRead {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { problem: 'damaged', reason: 'UTF-16 text, not UTF-8' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { problem: 'damaged', reason: 'UTF-16 text, not UTF-8' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: 'damaged', reason: 'not UTF-8 text' };
  }
  // NUL is valid UTF-8 but never in text: UTF-16 without its BOM, or a binary file.
  if (text.includes('\0')) return { problem: 'damaged', reason: 'not UTF-8 text' };
  const parsed = parseCsv(text, MAX_WORKBOOK_ROWS);
  if ('error' in parsed) return { problem: 'damaged', reason: parsed.error };
  if (parsed.rowCount > MAX_WORKBOOK_ROWS) return { problem: 'too-many-rows', rows: parsed.rowCount, limit: MAX_WORKBOOK_ROWS };
  const rows = parsed.rows;
  const sheets = Object.freeze([name]);
  return {
    workbook: {
      sheets,
      cell(sheet, row, col) {
        if (sheet !== undefined && sheet !== name) return EMPTY;
        const field = rows[row]?.[col];
        return field === undefined ? EMPTY : csvCell(field);
      },
    },
  };
}

/** A number when it reads as one after trimming (csvNumber), empty when blank, otherwise the text as written. */
function csvCell(field: string): CellValue {
  if (field.trim() === '') return EMPTY;
  const value = csvNumber(field);
  return value === undefined ? { kind: 'text', value: field } : { kind: 'number', value };
}

// ---------------------------------------------------------------------------
// .xlsx / .xlsm

type XlsxModule = typeof import('@e965/xlsx');
type SheetJsCell = import('@e965/xlsx').CellObject;
type SheetJsSheet = import('@e965/xlsx').WorkSheet;

/** What SheetJS cannot tell: formula cells with no cached result, and how far down each sheet's cells go. */
interface SheetScan {
  /** 0-based row → 0-based column → the formula as written. */
  formulasWithoutValue: Map<number, Map<number, string>>;
  /** 0-based row → 0-based column → the error as written ("#DIV/0!"): SheetJS keeps only the ones it knows, and only as text it makes for every cell. */
  errors: Map<number, Map<number, string>>;
  /** 1 + the last row holding a cell with a value or a formula; 0 when none. */
  rows: number;
}

async function xlsxWorkbook(bytes: Buffer): Promise<WorkbookRead> {
  const damaged = (reason: string): WorkbookRead => ({ problem: 'damaged', reason });
  if (!isZip(bytes)) {
    if (hex(bytes, 4) === 'd0cf11e0') return damaged('an encrypted (password-protected) workbook or an old .xls file, not .xlsx');
    return damaged('not a zip file, so not an .xlsx workbook');
  }
  const { unzipSync, zipSync } = await import('fflate');

  // The parts' sizes as the zip declares them, unpacking nothing.
  let declared = 0;
  const wanted = new Set<string>();
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        // Only the XML parts: pictures and other media are no part of a cell's value.
        if (/\.(xml|rels)$/i.test(entry.name)) {
          declared += entry.originalSize;
          wanted.add(entry.name);
        }
        return false;
      },
    });
  } catch {
    return damaged('a damaged or incomplete zip file');
  }
  if (declared > MAX_UNPACKED_BYTES) return damaged(`its parts unpack to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);

  // The XML parts, each unpacked into a buffer of its declared size: no part grows past what was counted.
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (entry) => wanted.has(entry.name) });
  } catch {
    return damaged('a damaged zip file (a part cannot be unpacked)');
  }
  const byName = new Map(Object.keys(parts).map((name) => [name.replace(/^\//, '').toLowerCase(), name]));
  const text = (path: string): string | undefined => {
    const name = byName.get(path.toLowerCase());
    const part = name === undefined ? undefined : parts[name];
    return part && Buffer.from(part.buffer, part.byteOffset, part.length).toString('utf8');
  };

  const layout = workbookLayout(text);
  if (layout === 'xlsb') return damaged('an Excel binary workbook (.xlsb), not .xlsx');
  if (!layout) return damaged('a zip file, but not an Excel workbook');

  // Each worksheet's extent and formulas without values, from its XML; too many rows stops here.
  const scans = new Map<string, SheetScan>();
  for (const sheet of layout) {
    const xml = sheet.part === undefined ? undefined : text(sheet.part);
    if (xml === undefined) continue;
    const scan = scanSheet(xml);
    if (scan.rows > MAX_WORKBOOK_ROWS) return { problem: 'too-many-rows', rows: scan.rows, limit: MAX_WORKBOOK_ROWS };
    scans.set(sheet.name, scan);
  }

  const XLSX: XlsxModule = await import('@e965/xlsx');
  let book: import('@e965/xlsx').WorkBook;
  try {
    const stored = zipSync(parts, { level: 0 });
    book = quietly(() =>
      XLSX.read(stored, {
        type: 'buffer',
        dense: true,
        cellDates: true,
        cellFormula: true,
        // No display text: formatting every cell doubles the time a large sheet takes; errors are read from the scan.
        cellText: false,
        cellHTML: false,
        cellStyles: false,
        cellNF: false,
        sheetStubs: false,
        bookVBA: false,
        // One row past the limit, so a sheet over it is seen without reading the rest.
        sheetRows: MAX_WORKBOOK_ROWS + 1,
      }),
    );
  } catch (e) {
    return damaged(`the workbook cannot be read (${shortMessage(e)})`);
  }
  const sheets = Object.freeze([...book.SheetNames]);
  if (sheets.length === 0) return damaged('a workbook with no sheets');
  for (const name of sheets) {
    const rows = rowsOf(book.Sheets[name]);
    if (rows > MAX_WORKBOOK_ROWS) return { problem: 'too-many-rows', rows, limit: MAX_WORKBOOK_ROWS };
  }
  return {
    workbook: {
      sheets,
      cell(sheet, row, col) {
        const name = sheet ?? sheets[0]!;
        const ws = Object.hasOwn(book.Sheets, name) ? book.Sheets[name] : undefined;
        if (!ws || !isIndex(row) || !isIndex(col)) return EMPTY;
        const pending = scans.get(name)?.formulasWithoutValue.get(row)?.get(col);
        const found = (ws['!data'] as (SheetJsCell | undefined)[][] | undefined)?.[row]?.[col];
        if (pending !== undefined) return { kind: 'formula-without-value', formula: found?.f ?? pending };
        if (found?.t === 'e') return { kind: 'error', value: scans.get(name)?.errors.get(row)?.get(col) ?? errorText(found) };
        return found ? xlsxCell(found) : EMPTY;
      },
    },
  };
}

const isIndex = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** A zip: a local file header first, or the end record of an empty zip. */
const isZip = (bytes: Uint8Array): boolean => hex(bytes, 4) === '504b0304' || hex(bytes, 4) === '504b0506';
const hex = (bytes: Uint8Array, n: number): string => Buffer.from(bytes.subarray(0, n)).toString('hex');

/** 1 + the last row where SheetJS found a cell (it reads at most one row past the limit). */
function rowsOf(ws: SheetJsSheet | undefined): number {
  const data = ws?.['!data'] as (SheetJsCell | undefined)[][] | undefined;
  if (!data) return 0;
  for (let r = data.length - 1; r >= 0; r--) if (data[r]?.some((c) => c !== undefined)) return r + 1;
  return 0;
}

const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

const errorText = (c: SheetJsCell): string => c.w ?? (typeof c.v === 'number' ? ERROR_TEXT[c.v] : undefined) ?? '#ERROR';

/** A SheetJS cell as a value: its cached value only. */
function xlsxCell(c: SheetJsCell): CellValue {
  if (typeof c.f === 'string' && (c.t === 'z' || c.v === undefined)) return { kind: 'formula-without-value', formula: c.f };
  switch (c.t) {
    case 'n':
      return typeof c.v === 'number' && Number.isFinite(c.v) ? { kind: 'number', value: c.v } : { kind: 'error', value: '#NUM!' };
    case 's':
      return { kind: 'text', value: String(c.v ?? '') };
    case 'b':
      return { kind: 'boolean', value: c.v === true };
    case 'e':
      return { kind: 'error', value: errorText(c) };
    case 'd':
      return dateCell(c.v);
    default:
      return EMPTY;
  }
}

/**
 * A date cell's day. SheetJS 0.20 gives a date cell (a serial number under a
 * date format, or an ISO date written as t="d") as the Date whose UTC reading
 * is the day and time shown, whatever the time zone here; the time of day is
 * dropped. A serial no calendar can show (negative, or past 9999) is what
 * Excel shows for it.
 */
function dateCell(v: unknown): CellValue {
  const date = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  if (!date || Number.isNaN(date.getTime())) return { kind: 'error', value: '########' };
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return { kind: 'error', value: '########' };
  return { kind: 'date', value: date.toISOString().slice(0, 10) };
}

/** SheetJS writes some complaints to the console while reading; they are not ours to print. */
function quietly<T>(run: () => T): T {
  const saved = { error: console.error, warn: console.warn, log: console.log };
  const nothing = (): void => undefined;
  console.error = nothing;
  console.warn = nothing;
  console.log = nothing;
  try {
    return run();
  } finally {
    Object.assign(console, saved);
  }
}

function shortMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = message.split('\n')[0]!.trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line || 'unknown error';
}

// ---------------------------------------------------------------------------
// The workbook's parts: which sheet is which XML part (what SheetJS knows but does not say).

interface SheetPart {
  name: string;
  /** The worksheet's part in the zip; undefined for a chart sheet or a missing relationship. */
  part?: string;
}

/** The sheets in order with their worksheet parts, or undefined when this zip is not a workbook (of XML). */
function workbookLayout(text: (path: string) => string | undefined): SheetPart[] | 'xlsb' | undefined {
  const root = relationships(text('_rels/.rels'), '');
  const main = root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (/\.bin$/i.test(main)) return 'xlsb';
  const workbook = text(main);
  if (workbook === undefined || !/<(?:[\w.-]+:)?workbook[\s>]/.test(workbook)) return undefined;
  const folder = posix.dirname(main);
  const rels = relationships(text(posix.join(folder, '_rels', `${posix.basename(main)}.rels`)), folder);
  const sheets: SheetPart[] = [];
  for (const tag of workbook.matchAll(/<(?:[\w.-]+:)?sheet\s([^>]*)>/g)) {
    const attrs = tag[1]!;
    const name = attribute(attrs, 'name');
    if (name === undefined) continue;
    const id = /\s[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(` ${attrs}`);
    const rel = id ? rels.find((r) => r.id === (id[1] ?? id[2])) : undefined;
    sheets.push({ name, ...(rel && rel.type.endsWith('/worksheet') ? { part: rel.target } : {}) });
  }
  return sheets;
}

interface Relationship {
  id: string;
  type: string;
  /** The target part, resolved to a path inside the zip. */
  target: string;
}

function relationships(xml: string | undefined, folder: string): Relationship[] {
  if (xml === undefined) return [];
  const out: Relationship[] = [];
  for (const tag of xml.matchAll(/<(?:[\w.-]+:)?Relationship\s([^>]*)>/g)) {
    const attrs = tag[1]!;
    const [id, type, target] = [attribute(attrs, 'Id'), attribute(attrs, 'Type'), attribute(attrs, 'Target')];
    if (id === undefined || type === undefined || target === undefined || attribute(attrs, 'TargetMode') === 'External') continue;
    const path = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(folder, target));
    out.push({ id, type, target: path });
  }
  return out;
}

/** An unprefixed attribute's value, XML entities read. */
function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return match ? unescapeXml(match[1] ?? match[2]!) : undefined;
}

function unescapeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (whole, hexCode?: string, decimal?: string, named?: string) => {
    if (named) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named as 'amp'];
    const code = hexCode ? parseInt(hexCode, 16) : Number(decimal);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * One pass over a worksheet's cells (SpreadsheetML `<sheetData>`): which
 * cells hold a formula and no cached result, and the last row with a cell
 * that holds something. A cell without `r` follows the one before it, a row
 * without `r` the row before it, as in SheetJS. A result is a non-empty
 * `<v>` or an inline string; a `t="str"` cell with an empty `<v>` is a
 * formula whose result is the empty string (how Excel saves ="").
 */
function scanSheet(xml: string): SheetScan {
  const formulasWithoutValue = new Map<number, Map<number, string>>();
  const errors = new Map<number, Map<number, string>>();
  const put = (map: Map<number, Map<number, string>>, value: string): void => {
    let cols = map.get(row);
    if (!cols) map.set(row, (cols = new Map()));
    cols.set(col, value);
  };
  let rows = 0;
  const start = xml.search(/<(?:[\w.-]+:)?sheetData[\s>]/);
  if (start < 0) return { formulasWithoutValue, errors, rows };
  const tags = /<(\/?)(?:[\w.-]+:)?(sheetData|row|c|f|v|is)(?=[\s/>])([^>]*)>/g;
  tags.lastIndex = start;
  let row = -1;
  let col = -1;
  let inCell = false;
  let cellType = '';
  let formula: string | undefined;
  let hasValue = false;
  let hasEmptyV = false;
  let value = '';
  /** Shared formulas by their index: the text as written at the first cell, and where that cell is. */
  const shared = new Map<string, { text: string; row: number; col: number }>();
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const [, closing, tag, attrs = ''] = m;
    const selfClosing = attrs.endsWith('/');
    const end = tags.lastIndex;
    if (closing) {
      if (tag === 'sheetData') break;
      if (tag === 'c' && inCell) {
        inCell = false;
        if (formula !== undefined && !hasValue && !(cellType === 'str' && hasEmptyV)) put(formulasWithoutValue, formula);
        else if (cellType === 'e' && hasValue) put(errors, unescapeXml(value));
        if (formula !== undefined || hasValue) rows = Math.max(rows, row + 1);
      }
      continue;
    }
    if (tag === 'row') {
      const r = /(?:^|\s)r\s*=\s*["'](\d+)["']/.exec(attrs);
      row = r ? Number(r[1]) - 1 : row + 1;
      col = -1;
    } else if (tag === 'c') {
      const r = /(?:^|\s)r\s*=\s*["']([A-Za-z]+)(\d+)["']/.exec(attrs);
      if (r) {
        col = columnIndex(r[1]!);
        row = Number(r[2]) - 1;
      } else col++;
      if (selfClosing) continue;
      inCell = true;
      cellType = /(?:^|\s)t\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1] ?? '';
      formula = undefined;
      hasValue = false;
      hasEmptyV = false;
      value = '';
    } else if (inCell && tag === 'f') {
      // The formula's text runs to the next tag (a `<` cannot be in it unescaped).
      const text = selfClosing ? '' : unescapeXml(xml.slice(end, xml.indexOf('<', end))).replace(/_xlfn\./g, '');
      formula = text;
      // A shared formula is written once, at its first cell; the others say only its index, and shift its references.
      const si = /(?:^|\s)t\s*=\s*["']shared["']/.test(attrs) ? /(?:^|\s)si\s*=\s*["'](\d+)["']/.exec(attrs)?.[1] : undefined;
      if (si !== undefined) {
        const first = shared.get(si);
        if (text !== '' && !first) shared.set(si, { text, row, col });
        else if (text === '' && first) formula = shiftFormula(first.text, row - first.row, col - first.col);
      }
    } else if (inCell && tag === 'v') {
      value = selfClosing ? '' : xml.slice(end, xml.indexOf('<', end));
      if (value !== '') hasValue = true;
      else hasEmptyV = true;
    } else if (inCell && tag === 'is') {
      hasValue = true;
    }
  }
  return { formulasWithoutValue, errors, rows };
}

/**
 * A formula's relative references moved by rows and columns, as Excel fills
 * a shared formula: `SUM(B2:B3)` one column right is `SUM(C2:C3)`; `$`
 * parts stay, and quoted text is left alone.
 */
function shiftFormula(formula: string, rows: number, cols: number): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(^|[^._A-Za-z0-9])(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?![_.(A-Za-z0-9])/g, (whole, before: string, fixCol: string, letters: string, fixRow: string, digits: string) => {
            const col = fixCol ? columnIndex(letters) : columnIndex(letters) + cols;
            const row = fixRow ? Number(digits) - 1 : Number(digits) - 1 + rows;
            if (col < 0 || row < 0) return whole;
            return `${before}${fixCol}${columnName(col)}${fixRow}${row + 1}`;
          }),
    )
    .join('');
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** "A" → 0, "Z" → 25, "AA" → 26. */
function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
