/**
 * A small RFC 4180 CSV reader for bindings: a figure of the report taken from
 * a cell of a CSV file beside it.
 *
 * - Fields may be quoted ("…"), a doubled quote inside is one quote, and a
 *   quoted field may hold the separator and line breaks.
 * - Records end at CRLF, LF or a lone CR; a line end after the last record
 *   does not make an empty record, but an empty line between records is an
 *   empty row (as a spreadsheet program shows it).
 * - A UTF-8 BOM is dropped.
 * - The separator is `,` or `;`, whichever appears more often in the first
 *   record outside quotes (a Vietnamese or European Excel saves CSV with `;`);
 *   `,` when neither appears more.
 *
 * Lenient where spreadsheet programs are: characters after a closing quote
 * are kept (`"ab"c` is `abc`), and a quote inside an unquoted field is
 * literal. A quoted field never closed is an error, said with its line.
 */

export interface CsvParse {
  /** The records, each a list of fields as written (quotes removed); at most `maxRows` of them. */
  rows: string[][];
  /** How many records the text holds, counted to the end even past `maxRows`. */
  rowCount: number;
  separator: ',' | ';';
}

export type CsvResult = CsvParse | { error: string };

/** A field that is a number, after trimming: an optional minus, digits, optional decimals and exponent. */
export const CSV_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * But not a number written as Vietnamese staff write a thousand: 1–3 digits,
 * then groups of a dot and three digits ("214.380", "1.500.000"). Whether it
 * is 214.38 or 214380 depends on the deck's locale, so it stays text as
 * written, for the same check YAML figures get (GROUPED in format/notation.ts).
 */
export const CSV_GROUPED = /^-?\d{1,3}(\.\d{3})+$/;

/** The number a CSV field holds, or undefined when it is not one (text, empty, or looks grouped). */
export function csvNumber(field: string): number | undefined {
  const trimmed = field.trim();
  if (!CSV_NUMBER.test(trimmed) || CSV_GROUPED.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The records of `text` (already decoded; a leading BOM is dropped here).
 * Only the first `maxRows` records are kept, the rest are counted, so a huge
 * file costs no more memory than the limit allows.
 */
export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY): CsvResult {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const separator = chooseSeparator(s);
  const sep = separator.charCodeAt(0);
  const rows: string[][] = [];
  let rowCount = 0;
  let row: string[] = [];
  let field = '';
  let line = 1; // for the message about an unclosed quote
  let i = 0;
  const n = s.length;
  const endRecord = (): void => {
    row.push(field);
    field = '';
    rowCount++;
    if (rowCount <= maxRows) rows.push(row);
    row = [];
  };
  while (i < n) {
    // Here i is at the start of a field.
    let c = s.charCodeAt(i);
    if (c === QUOTE) {
      // A quoted field: to the closing quote, "" being one quote.
      const opened = line;
      i++;
      let start = i;
      let closed = false;
      while (i < n) {
        c = s.charCodeAt(i);
        if (c === QUOTE) {
          field += s.slice(start, i);
          if (s.charCodeAt(i + 1) === QUOTE) {
            field += '"';
            i += 2;
            start = i;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) line++;
        i++;
      }
      if (!closed) return { error: `a quoted field that starts on line ${opened} is never closed` };
    }
    // Unquoted text, or what follows a closing quote (kept, as spreadsheet programs do): to the separator or line end.
    const start = i;
    while (i < n && (c = s.charCodeAt(i)) !== sep && c !== CR && c !== LF) i++;
    field += s.slice(start, i);
    if (i >= n) {
      endRecord(); // the last record, with no line end after it
      break;
    }
    if (c === sep) {
      row.push(field);
      field = '';
      i++;
      if (i >= n) endRecord(); // a separator as the last character: an empty last field
      continue;
    }
    endRecord();
    i += c === CR && s.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
  }
  return { rows, rowCount, separator };
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** `;` when the first record has more semicolons than commas outside quotes, else `,`. */
function chooseSeparator(s: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted; // a doubled quote toggles twice: still inside
    else if (quoted) continue;
    else if (c === CR || c === LF) break;
    else if (c === 0x2c) commas++;
    else if (c === 0x3b) semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}
