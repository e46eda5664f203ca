/**
 * Cell references as a report writes them: `so-lieu.xlsx!Quý III!B4`, a file
 * beside the report, a sheet (the first when left out), and a cell or a range
 * in A1 notation (`B2:D2`; `$` allowed, as Excel copies it). A sheet may be
 * quoted as Excel quotes it (`'Quý III'`). The file is what comes before the
 * first `!`, the cell what comes after the last; the sheet is what is between.
 */
import { t, type Text } from '../i18n/catalogue.js';

export interface CellAddress {
  /** 0-based. */
  row: number;
  col: number;
}

export interface Reference {
  file: string;
  sheet: string | undefined;
  from: CellAddress;
  to: CellAddress;
}

/** Excel's last column (XFD) and row: a reference past them names no cell. */
const MAX_COLUMNS = 16_384;
const MAX_ROWS = 1_048_576;

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

export function parseReference(text: string): Reference | { problem: Text } {
  const first = text.indexOf('!');
  const last = text.lastIndexOf('!');
  if (first <= 0 || last === text.length - 1) return { problem: t('bind.reference-form', { ref: text }) };
  const file = text.slice(0, first).trim();
  const sheetText = first === last ? undefined : text.slice(first + 1, last).trim();
  const sheet = sheetText === undefined ? undefined : sheetText.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  if (sheet === '') return { problem: t('bind.reference-form', { ref: text }) };
  const [start = '', end = start, ...rest] = text.slice(last + 1).trim().split(':');
  const from = address(start);
  const to = address(end);
  if (rest.length > 0 || !from || !to) return { problem: t('bind.reference-cell', { ref: text, cell: text.slice(last + 1) }) };
  return {
    file,
    sheet,
    from: { row: Math.min(from.row, to.row), col: Math.min(from.col, to.col) },
    to: { row: Math.max(from.row, to.row), col: Math.max(from.col, to.col) },
  };
}

function address(text: string): CellAddress | undefined {
  const m = CELL.exec(text);
  if (!m) return undefined;
  const col = [...(m[1] ?? '').toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  const row = Number(m[2]) - 1;
  return col < MAX_COLUMNS && row >= 0 && row < MAX_ROWS ? { row, col } : undefined;
}

/** "B4" for row 3, column 1. */
export function cellName({ row, col }: CellAddress): string {
  let letters = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row + 1}`;
}

/** The full name of one cell, as messages and `diff` say it: `so-lieu.xlsx!Quý III!B4`. */
export function qualifiedCell(ref: Reference, sheet: string | undefined, at: CellAddress): string {
  return sheet === undefined ? `${ref.file}!${cellName(at)}` : `${ref.file}!${sheet}!${cellName(at)}`;
}

export const rowsOf = (ref: Reference): number => ref.to.row - ref.from.row + 1;
export const columnsOf = (ref: Reference): number => ref.to.col - ref.from.col + 1;
