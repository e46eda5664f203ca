/**
 * The binding reader (src/bind/workbook.ts): a workbook or CSV file beside the
 * report, asked for one cell. The workbook is tests/fixtures/bindings/so-lieu.xlsx,
 * written by LibreOffice from so-lieu.fods (see the README there); the cases
 * no spreadsheet program writes on request (a formula with its result
 * removed, a date with a time of day, a sheet of 100,001 rows, a zip bomb)
 * are made by editing its XML. Every refusal a data file can meet is here:
 * missing, a folder, a named pipe, a link out of the data folder, too large,
 * too many rows, damaged, and an extension that is not read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import ts from 'typescript';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../src/bind/csv.js';
import { MAX_WORKBOOK_BYTES, MAX_WORKBOOK_ROWS, readWorkbook, type CellValue, type Workbook, type WorkbookRead } from '../../src/bind/workbook.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'bindings');
const XLSX = join(FIXTURES, 'so-lieu.xlsx');
const CSV = join(FIXTURES, 'tinh.csv');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-bind-'));
  made.push(dir);
  return dir;
}

/** A data folder holding `name` with `bytes`: the file's path and the folder. */
function dataFile(name: string, bytes: Uint8Array | string): { file: string; base: string } {
  const base = tempDir();
  const file = join(base, name);
  writeFileSync(file, bytes);
  return { file, base };
}

function opened(read: WorkbookRead): Workbook {
  if (!('workbook' in read)) throw new Error(`expected a workbook, got ${JSON.stringify(read)}`);
  return read.workbook;
}

const readFixture = async (): Promise<Workbook> => opened(await readWorkbook(XLSX, FIXTURES));

/** "B4" → [3, 1]. */
function at(ref: string): [number, number] {
  const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(ref)!;
  const col = [...letters!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [Number(digits) - 1, col];
}
const cellAt = (book: Workbook, ref: string, sheet?: string): CellValue => book.cell(sheet, ...at(ref));

/** The fixture workbook, with `edit` applied to the first sheet's XML and `parts` to the parts they name. */
function editedXlsx(edit?: (sheetXml: string) => string, parts: Record<string, (xml: string) => string> = {}): Uint8Array {
  const files = unzipSync(readFileSync(XLSX));
  const edits: Record<string, (xml: string) => string> = { ...(edit ? { 'xl/worksheets/sheet1.xml': edit } : {}), ...parts };
  for (const [path, change] of Object.entries(edits)) {
    const before = strFromU8(files[path]!);
    const after = change(before);
    expect(after, `the edit of ${path} changed nothing`).not.toBe(before);
    files[path] = strToU8(after);
  }
  return zipSync(files);
}

const B4 = '<c r="B4" s="0" t="n"><f aca="false">SUM(B2:D2)</f><v>616530</v></c>';
const B5 = '<c r="B5" s="1" t="n"><v>44469</v></c>';

describe('a workbook written by LibreOffice', () => {
  it('has its sheets in order', async () => {
    expect((await readFixture()).sheets).toEqual(['Quý III', 'Tỉnh']);
  });

  it('gives every kind of cell as the program saved it', async () => {
    const book = await readFixture();
    const q = 'Quý III';
    expect(cellAt(book, 'A1', q)).toEqual({ kind: 'empty' });
    expect(['B1', 'C1', 'D1'].map((r) => cellAt(book, r, q))).toEqual([
      { kind: 'text', value: 'Quý I/2021' },
      { kind: 'text', value: 'Quý II/2021' },
      { kind: 'text', value: 'Quý III/2021' },
    ]);
    expect(cellAt(book, 'A2', q)).toEqual({ kind: 'text', value: 'Thuê bao' });
    expect(['B2', 'C2', 'D2'].map((r) => cellAt(book, r, q))).toEqual([198250, 203900, 214380].map((value) => ({ kind: 'number', value })));
    expect(cellAt(book, 'A3', q)).toEqual({ kind: 'text', value: 'Doanh thu (tỷ đồng)' });
    expect(['B3', 'C3', 'D3'].map((r) => cellAt(book, r, q))).toEqual([2650.5, 2710.25, 2831.75].map((value) => ({ kind: 'number', value })));
    // =SUM(B2:D2): the result LibreOffice calculated and stored, read back, never calculated here.
    expect(cellAt(book, 'B4', q)).toEqual({ kind: 'number', value: 616530 });
    expect(cellAt(book, 'B5', q)).toEqual({ kind: 'date', value: '2021-09-30' });
    expect(cellAt(book, 'B6', q)).toEqual({ kind: 'text', value: '214.380' });
    expect(cellAt(book, 'B7', q)).toEqual({ kind: 'text', value: '27,1%' });
    expect(cellAt(book, 'B8', q)).toEqual({ kind: 'error', value: '#DIV/0!' });
    expect(cellAt(book, 'B9', q)).toEqual({ kind: 'boolean', value: true });
  });

  it('reads the first sheet when no sheet is named, and the second by its name', async () => {
    const book = await readFixture();
    expect(cellAt(book, 'B4')).toEqual({ kind: 'number', value: 616530 });
    const t = 'Tỉnh';
    expect([0, 1, 2].map((c) => book.cell(t, 0, c))).toEqual(['Tỉnh', 'Dân số', 'Tỷ lệ %'].map((value) => ({ kind: 'text', value })));
    expect([1, 2, 3, 4].map((r) => book.cell(t, r, 0))).toEqual(
      ['Hà Nội', 'Thành phố Hồ Chí Minh', 'Đà Nẵng', 'Thừa Thiên Huế'].map((value) => ({ kind: 'text', value })),
    );
    expect(book.cell(t, 1, 1)).toEqual({ kind: 'number', value: 8246600 });
    expect(book.cell(t, 1, 2)).toEqual({ kind: 'number', value: 27.1 });
    expect(book.cell(t, 4, 2)).toEqual({ kind: 'number', value: 3.7 });
  });

  it('is empty outside the used area, at a sheet it does not have, and at no real position', async () => {
    const book = await readFixture();
    expect(book.cell('Quý III', 9, 1)).toEqual({ kind: 'empty' });
    expect(book.cell('Quý III', 99_999, 16_383)).toEqual({ kind: 'empty' });
    expect(book.cell('Tỉnh', 5, 0)).toEqual({ kind: 'empty' });
    expect(book.cell('Quý IV', 1, 1)).toEqual({ kind: 'empty' });
    expect(book.cell('toString', 0, 0)).toEqual({ kind: 'empty' });
    expect(book.cell(undefined, -1, 0)).toEqual({ kind: 'empty' });
    expect(book.cell(undefined, 1, 1.5)).toEqual({ kind: 'empty' });
  });

  it('reads .xlsm and an upper-case extension the same way', async () => {
    const base = tempDir();
    for (const name of ['so-lieu.xlsm', 'SO-LIEU.XLSX']) {
      copyFileSync(XLSX, join(base, name));
      expect(cellAt(opened(await readWorkbook(join(base, name), base)), 'B4')).toEqual({ kind: 'number', value: 616530 });
    }
  });
});

describe('a date cell', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  // A day and time shown as 2021-09-30 18:00 is the next day in local time east of UTC+6.
  const withTime = editedXlsx((xml) => xml.replace(B5, B5.replace('44469', '44469.75')));

  // Each zone with its offset from UTC on 2021-09-30, in minutes as getTimezoneOffset says it.
  const zones = { UTC: 0, 'Asia/Ho_Chi_Minh': -420, 'America/Los_Angeles': 420, 'Pacific/Kiritimati': -840, 'Pacific/Pago_Pago': 660 };
  for (const [tz, offset] of Object.entries(zones)) {
    it(`is the day the sheet shows, its time of day dropped, in time zone ${tz}`, async () => {
      process.env.TZ = tz;
      expect(new Date(Date.UTC(2021, 8, 30, 18)).getTimezoneOffset()).toBe(offset); // the zone took effect
      expect(cellAt(await readFixture(), 'B5')).toEqual({ kind: 'date', value: '2021-09-30' });
      const { file, base } = dataFile('gio.xlsx', withTime);
      expect(cellAt(opened(await readWorkbook(file, base)), 'B5')).toEqual({ kind: 'date', value: '2021-09-30' });
    });
  }

  it('written as an ISO date (t="d") is that day', async () => {
    const { file, base } = dataFile('iso.xlsx', editedXlsx((xml) => xml.replace(B5, '<c r="B5" s="1" t="d"><v>2021-09-30T00:00:00</v></c>')));
    expect(cellAt(opened(await readWorkbook(file, base)), 'B5')).toEqual({ kind: 'date', value: '2021-09-30' });
  });
});

describe('a formula with no cached result', () => {
  it('is formula-without-value when LibreOffice\'s result is removed, never 0', async () => {
    const { file, base } = dataFile('no-value.xlsx', editedXlsx((xml) => xml.replace(B4, '<c r="B4" s="0" t="n"><f aca="false">SUM(B2:D2)</f></c>')));
    const book = opened(await readWorkbook(file, base));
    expect(cellAt(book, 'B4')).toEqual({ kind: 'formula-without-value', formula: 'SUM(B2:D2)' });
    expect(cellAt(book, 'B2')).toEqual({ kind: 'number', value: 198250 }); // the rest is read
  });

  it('is formula-without-value as a program that does not calculate writes it (no type, an empty <v>): SheetJS alone says 0', async () => {
    const { file, base } = dataFile('openpyxl.xlsx', editedXlsx((xml) => xml.replace(B4, '<c r="B4"><f>SUM(B2:D2)</f><v></v></c>')));
    expect(cellAt(opened(await readWorkbook(file, base)), 'B4')).toEqual({ kind: 'formula-without-value', formula: 'SUM(B2:D2)' });
    const bare = dataFile('bare.xlsx', editedXlsx((xml) => xml.replace(B4, '<c r="B4"><f>SUM(B2:D2)&gt;0</f></c>')));
    expect(cellAt(opened(await readWorkbook(bare.file, bare.base)), 'B4')).toEqual({ kind: 'formula-without-value', formula: 'SUM(B2:D2)>0' });
  });

  it('is formula-without-value for each cell of a shared formula, with its own references', async () => {
    const shared = editedXlsx((xml) =>
      xml.replace(B4, '<c r="B4"><f t="shared" ref="B4:C4" si="0">SUM(B2:B3)</f></c><c r="C4"><f t="shared" si="0"/></c>'),
    );
    const { file, base } = dataFile('shared.xlsx', shared);
    const book = opened(await readWorkbook(file, base));
    expect(cellAt(book, 'B4')).toEqual({ kind: 'formula-without-value', formula: 'SUM(B2:B3)' });
    expect(cellAt(book, 'C4')).toEqual({ kind: 'formula-without-value', formula: 'SUM(C2:C3)' });
  });

  it('is text when Excel saved an empty-text result (t="str" with an empty <v>)', async () => {
    const { file, base } = dataFile('empty-text.xlsx', editedXlsx((xml) => xml.replace(B4, '<c r="B4" t="str"><f>""</f><v></v></c>')));
    expect(cellAt(opened(await readWorkbook(file, base)), 'B4')).toEqual({ kind: 'text', value: '' });
  });

  it('keeps a cached error of a formula an error, as written, also one SheetJS does not know', async () => {
    const B8 = '<c r="B8" s="0" t="e"><f aca="false">1/0</f><v>#DIV/0!</v></c>';
    const edited = editedXlsx((xml) => xml.replace(B4, '<c r="B4" t="e"><f>NA()</f><v>#N/A</v></c>').replace(B8, '<c r="B8" t="e"><f>_xlfn.SEQUENCE(2)</f><v>#SPILL!</v></c>'));
    const { file, base } = dataFile('errors.xlsx', edited);
    const book = opened(await readWorkbook(file, base));
    expect(cellAt(book, 'B4')).toEqual({ kind: 'error', value: '#N/A' });
    expect(cellAt(book, 'B8')).toEqual({ kind: 'error', value: '#SPILL!' });
  });
});

describe('a CSV file', () => {
  it('is one sheet named after the file, read as a Vietnamese Excel saves it (BOM, ";", CRLF, a quoted ";")', async () => {
    const book = opened(await readWorkbook(CSV, FIXTURES));
    expect(book.sheets).toEqual(['tinh']);
    expect(book.cell(undefined, 0, 0)).toEqual({ kind: 'text', value: 'Tỉnh' }); // no BOM in front
    expect(book.cell('tinh', 0, 2)).toEqual({ kind: 'text', value: 'Tỷ lệ %' });
    expect(book.cell('tinh', 2, 0)).toEqual({ kind: 'text', value: 'Thành phố Hồ Chí Minh; TP.HCM' });
    expect(book.cell('tinh', 2, 1)).toEqual({ kind: 'number', value: 9166800 });
    expect(book.cell('tinh', 1, 2)).toEqual({ kind: 'text', value: '27,1' }); // a decimal comma stays text
    expect(book.cell('tinh', 4, 0)).toEqual({ kind: 'text', value: 'Thừa Thiên Huế' });
    expect(book.cell('tinh', 4, 2)).toEqual({ kind: 'text', value: '3,7' });
    expect(book.cell('tinh', 5, 0)).toEqual({ kind: 'empty' }); // the last line end makes no row
    expect(book.cell('tinh', 1, 3)).toEqual({ kind: 'empty' });
    expect(book.cell('tinh.csv', 1, 0)).toEqual({ kind: 'empty' }); // not a sheet of it
  });

  it('types a field as a number only when all of it is one', async () => {
    const fields = ['214380', ' 42 ', '-3.5', '6.02e23', '1E-3', '214.380', '27,1', '2,6 triệu', '+5', '1.', '.5', '0x10', '1e999', '', '   ', ' x '];
    const { file, base } = dataFile('so.csv', `${fields.map((f) => `"${f}"`).join(',')}\n`);
    const book = opened(await readWorkbook(file, base));
    expect(fields.map((_, i) => book.cell(undefined, 0, i))).toEqual([
      { kind: 'number', value: 214380 },
      { kind: 'number', value: 42 },
      { kind: 'number', value: -3.5 },
      { kind: 'number', value: 6.02e23 },
      { kind: 'number', value: 0.001 },
      { kind: 'text', value: '214.380' },
      { kind: 'text', value: '27,1' },
      { kind: 'text', value: '2,6 triệu' },
      { kind: 'text', value: '+5' },
      { kind: 'text', value: '1.' },
      { kind: 'text', value: '.5' },
      { kind: 'text', value: '0x10' },
      { kind: 'text', value: '1e999' }, // not a finite number
      { kind: 'empty' },
      { kind: 'empty' },
      { kind: 'text', value: ' x ' }, // text as written
    ]);
  });

  it('has no dates: a date is text', async () => {
    const { file, base } = dataFile('ngay.csv', 'ngày,2021-09-30,30/09/2021\n');
    const book = opened(await readWorkbook(file, base));
    expect(book.cell(undefined, 0, 1)).toEqual({ kind: 'text', value: '2021-09-30' });
    expect(book.cell(undefined, 0, 2)).toEqual({ kind: 'text', value: '30/09/2021' });
  });

  it('refuses bytes that are not UTF-8 (Windows-1258, UTF-16, NUL)', async () => {
    // "Hà Nội;1" as Windows-1258 writes it: à is E0, ộ is ô (F4) and a combining dot (F2).
    const cp1258 = Buffer.from([0x48, 0xe0, 0x20, 0x4e, 0xf4, 0xf2, 0x69, 0x3b, 0x31, 0x0d, 0x0a]);
    for (const [name, bytes, reason] of [
      ['cp1258.csv', cp1258, 'not UTF-8 text'],
      ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a;b\r\n', 'utf16le')]), 'UTF-16 text, not UTF-8'],
      ['utf16-nobom.csv', Buffer.from('a;b\r\n', 'utf16le'), 'not UTF-8 text'],
    ] as const) {
      const { file, base } = dataFile(name, bytes);
      expect(await readWorkbook(file, base)).toEqual({ problem: 'damaged', reason });
    }
  });

  it('refuses a quoted field never closed, saying where it opened', async () => {
    const { file, base } = dataFile('mo.csv', 'a;b\r\n1;"2\r\n3;4\r\n');
    expect(await readWorkbook(file, base)).toEqual({ problem: 'damaged', reason: 'a quoted field that starts on line 2 is never closed' });
  });
});

describe('the CSV parser', () => {
  const rows = (text: string): string[][] => {
    const parsed = parseCsv(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.rows;
  };

  it('reads quoted fields: doubled quotes, separators and line breaks inside', () => {
    expect(rows('"a ""quoted"" word","x,y","two\nlines","cr\r\nlf",""\n')).toEqual([['a "quoted" word', 'x,y', 'two\nlines', 'cr\r\nlf', '']]);
    expect(rows('"""",""""""\n')).toEqual([['"', '""']]);
  });

  it('is lenient where spreadsheet programs are: text after a closing quote is kept, a quote inside a field is a quote', () => {
    expect(rows('"ab"c,d"e"f,5" screen\n')).toEqual([['abc', 'd"e"f', '5" screen']]);
  });

  it('ends records at CRLF, LF and a lone CR; a last line end makes no record, an empty line is an empty row', () => {
    expect(rows('a,b\r\nc,d\ne,f\rg,h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
    expect(rows('a\r\n\r\nb\r\n')).toEqual([['a'], [''], ['b']]);
    expect(rows('a,b,\n')).toEqual([['a', 'b', '']]);
    expect(rows('a,b,')).toEqual([['a', 'b', '']]);
    expect(rows('')).toEqual([]);
    expect(rows('\n')).toEqual([['']]);
  });

  it('drops a UTF-8 BOM', () => {
    expect(rows('\uFEFFa;b\n')).toEqual([['a', 'b']]);
  });

  it('chooses ";" or "," by which appears more in the first record outside quotes', () => {
    const separator = (text: string): string => {
      const parsed = parseCsv(text);
      return 'error' in parsed ? parsed.error : parsed.separator;
    };
    expect(separator('Tỉnh;Dân số;Tỷ lệ %\nHà Nội;8246600;27,1\n')).toBe(';');
    expect(separator('"a;b;c";d,e\n')).toBe(','); // the quoted semicolons are not counted
    expect(separator('"x,y,z";1;2\n')).toBe(';');
    expect(separator('a,b;c\n')).toBe(','); // a tie: comma
    expect(separator('one\n1;2;3\n')).toBe(','); // only the first record counts
    expect(rows('a,b;c\n')).toEqual([['a', 'b;c']]);
  });

  it('keeps at most maxRows records and counts them all', () => {
    const parsed = parseCsv('1\n2\n3\n4\n', 2);
    expect(parsed).toEqual({ rows: [['1'], ['2']], rowCount: 4, separator: ',' });
  });
});

describe('refusals', () => {
  it('a missing file, or a path through a file', async () => {
    const base = tempDir();
    expect(await readWorkbook(join(base, 'khong-co.xlsx'), base)).toEqual({ problem: 'missing' });
    writeFileSync(join(base, 'a.csv'), 'x\n');
    expect(await readWorkbook(join(base, 'a.csv', 'b.csv'), base)).toEqual({ problem: 'missing' });
  });

  it('a folder', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'folder.xlsx'));
    expect(await readWorkbook(join(base, 'folder.xlsx'), base)).toEqual({ problem: 'not-a-file' });
  });

  const noFifo = process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v mkfifo']).status !== 0;
  it('a named pipe, at once instead of waiting for a writer', { skip: noFifo, timeout: 5_000 }, async () => {
    const base = tempDir();
    execFileSync('mkfifo', [join(base, 'pipe.csv')]);
    expect(await readWorkbook(join(base, 'pipe.csv'), base)).toEqual({ problem: 'not-a-file' });
  });

  it('a device, even when outside files are allowed', { skip: process.platform !== 'linux' }, async () => {
    const base = tempDir();
    symlinkSync('/dev/zero', join(base, 'zero.csv'));
    expect(await readWorkbook(join(base, 'zero.csv'), base, { allowOutside: true })).toEqual({ problem: 'not-a-file' });
  });

  it('a link out of the data folder, unless allowed; a link inside it is followed', async () => {
    const outside = tempDir();
    copyFileSync(XLSX, join(outside, 'that.xlsx'));
    const base = tempDir();
    symlinkSync(join(outside, 'that.xlsx'), join(base, 'link.xlsx'));
    expect(await readWorkbook(join(base, 'link.xlsx'), base)).toEqual({ problem: 'outside' });
    expect(cellAt(opened(await readWorkbook(join(base, 'link.xlsx'), base, { allowOutside: true })), 'B4')).toEqual({ kind: 'number', value: 616530 });
    // A file elsewhere is outside too, and a file named "..x.csv" is inside.
    writeFileSync(join(base, '..x.csv'), '1\n');
    expect(await readWorkbook(join(outside, 'that.xlsx'), base)).toEqual({ problem: 'outside' });
    expect(opened(await readWorkbook(join(base, '..x.csv'), base)).cell(undefined, 0, 0)).toEqual({ kind: 'number', value: 1 });
    copyFileSync(CSV, join(base, 'real.csv'));
    symlinkSync('real.csv', join(base, 'inside.csv'));
    expect(opened(await readWorkbook(join(base, 'inside.csv'), base)).sheets).toEqual(['inside']);
  });

  it('a file over the size limit, by its size, without reading it', async () => {
    const base = tempDir();
    const file = join(base, 'lon.xlsx');
    writeFileSync(file, '');
    truncateSync(file, MAX_WORKBOOK_BYTES + 1); // sparse: costs no disk
    expect(await readWorkbook(file, base)).toEqual({ problem: 'too-large', size: MAX_WORKBOOK_BYTES + 1 });
  });

  it('a CSV of more rows than the limit; the limit itself is read', async () => {
    const line = (i: number): string => `${i};x\n`;
    const over = dataFile('nhieu.csv', Array.from({ length: MAX_WORKBOOK_ROWS + 1 }, (_, i) => line(i)).join(''));
    expect(await readWorkbook(over.file, over.base)).toEqual({ problem: 'too-many-rows', rows: MAX_WORKBOOK_ROWS + 1, limit: MAX_WORKBOOK_ROWS });
    const full = dataFile('du.csv', Array.from({ length: MAX_WORKBOOK_ROWS }, (_, i) => line(i)).join(''));
    expect(opened(await readWorkbook(full.file, full.base)).cell(undefined, MAX_WORKBOOK_ROWS - 1, 0)).toEqual({ kind: 'number', value: MAX_WORKBOOK_ROWS - 1 });
  });

  it('a workbook sheet of more rows than the limit; the limit itself is read', async () => {
    const sheetOf = (rows: number) => (xml: string): string => {
      const body = Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="n"><v>${i + 1}</v></c></row>`).join('');
      return xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${body}</sheetData>`).replace(/<dimension ref="[^"]*"\/>/, '');
    };
    const over = dataFile('nhieu.xlsx', editedXlsx(undefined, { 'xl/worksheets/sheet2.xml': sheetOf(MAX_WORKBOOK_ROWS + 1) }));
    expect(await readWorkbook(over.file, over.base)).toEqual({ problem: 'too-many-rows', rows: MAX_WORKBOOK_ROWS + 1, limit: MAX_WORKBOOK_ROWS });
    const full = dataFile('du.xlsx', editedXlsx(undefined, { 'xl/worksheets/sheet2.xml': sheetOf(MAX_WORKBOOK_ROWS) }));
    const book = opened(await readWorkbook(full.file, full.base));
    expect(book.cell('Tỉnh', MAX_WORKBOOK_ROWS - 1, 0)).toEqual({ kind: 'number', value: MAX_WORKBOOK_ROWS });
  });

  it('a damaged workbook: cut short, not a zip, an encrypted or .xls file, a zip that is not a workbook', async () => {
    const whole = readFileSync(XLSX);
    const cases: [string, Uint8Array, RegExp][] = [
      ['cut.xlsx', whole.subarray(0, Math.floor(whole.length / 2)), /zip/],
      ['cut-end.xlsx', whole.subarray(0, whole.length - 10), /zip/],
      ['text.xlsx', Buffer.from('Tỉnh;Dân số\n'), /not a zip/],
      ['empty.xlsx', Buffer.alloc(0), /not a zip/],
      ['old.xlsx', Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'), /encrypted|\.xls/],
      ['docs.xlsx', zipSync({ 'hello.txt': strToU8('xin chào') }), /not an Excel workbook/],
      ['no-workbook.xlsx', zipSync(Object.fromEntries(Object.entries(unzipSync(whole)).filter(([name]) => name !== 'xl/workbook.xml'))), /not an Excel workbook/],
    ];
    for (const [name, bytes, reason] of cases) {
      const { file, base } = dataFile(name, bytes);
      const read = await readWorkbook(file, base);
      expect(read, name).toMatchObject({ problem: 'damaged' });
      expect((read as { reason: string }).reason, name).toMatch(reason);
    }
  });

  it('a zip whose parts would unpack to more than a workbook can hold (a zip bomb), unpacking nothing', async () => {
    const bytes = Buffer.from(readFileSync(XLSX));
    // Every central directory entry (PK\1\2) says its part unpacks to 3 GB.
    let count = 0;
    for (let i = bytes.indexOf('PK\x01\x02', 0, 'latin1'); i >= 0; i = bytes.indexOf('PK\x01\x02', i + 4, 'latin1')) {
      bytes.writeUInt32LE(3_000_000_000, i + 24);
      count++;
    }
    expect(count).toBeGreaterThan(5);
    const { file, base } = dataFile('bomb.xlsx', bytes);
    expect(await readWorkbook(file, base)).toEqual({ problem: 'damaged', reason: 'its parts unpack to more than 256 MB' });
  });

  it('a sheet whose XML is not XML, without throwing', async () => {
    const { file, base } = dataFile('rac.xlsx', editedXlsx(() => '<<<not xml'));
    const read = await readWorkbook(file, base);
    if ('workbook' in read) expect(cellAt(read.workbook, 'B4')).toEqual({ kind: 'empty' });
    else expect(read).toMatchObject({ problem: 'damaged' });
  });

  it('an extension that is not read, before opening anything', async () => {
    const base = tempDir();
    for (const name of ['so-lieu.ods', 'so-lieu.xls', 'so-lieu.xlsb', 'so-lieu.fods', 'so-lieu.txt', 'so-lieu', 'so-lieu.xlsx.bak']) {
      expect(await readWorkbook(join(base, name), base), name).toEqual({ problem: 'unsupported' });
    }
    expect(await readWorkbook(join(FIXTURES, 'so-lieu.fods'), FIXTURES)).toEqual({ problem: 'unsupported' });
  });
});

describe('loading SheetJS', () => {
  const SOURCE = join(ROOT, 'src', 'bind', 'workbook.ts');

  /** Every import of `module` in the source: static (import/export … from, import x = require) or dynamic, and whether inside a function. */
  function importsOf(file: string, module: string): { dynamic: boolean; inFunction: boolean; typeOnly: boolean }[] {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const found: { dynamic: boolean; inFunction: boolean; typeOnly: boolean }[] = [];
    const visit = (node: ts.Node, inFunction: boolean): void => {
      const named = (e: ts.Expression | undefined): boolean => !!e && ts.isStringLiteralLike(e) && e.text === module;
      if (ts.isImportDeclaration(node) && named(node.moduleSpecifier)) found.push({ dynamic: false, inFunction, typeOnly: !!node.importClause?.isTypeOnly });
      if (ts.isExportDeclaration(node) && named(node.moduleSpecifier)) found.push({ dynamic: false, inFunction, typeOnly: node.isTypeOnly });
      if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && named(node.moduleReference.expression)) {
        found.push({ dynamic: false, inFunction, typeOnly: node.isTypeOnly });
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && named(node.arguments[0])) found.push({ dynamic: true, inFunction, typeOnly: false });
      if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && named(node.argument.literal as ts.Expression)) found.push({ dynamic: false, inFunction, typeOnly: true });
      ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node)));
    };
    visit(source, false);
    return found;
  }

  it('is imported by the reader only inside a function (types apart), and not at all by the CSV parser', () => {
    const imports = importsOf(SOURCE, '@e965/xlsx');
    expect(imports.filter((i) => !i.typeOnly)).toEqual([{ dynamic: true, inFunction: true, typeOnly: false }]);
    expect(importsOf(join(ROOT, 'src', 'bind', 'csv.ts'), '@e965/xlsx')).toEqual([]);
  });

  it('happens when a workbook is read, not when the reader is imported or a CSV is read', async () => {
    let loaded = 0;
    vi.resetModules();
    vi.doMock('@e965/xlsx', async (importOriginal) => {
      loaded++;
      return importOriginal();
    });
    try {
      const fresh = (await import('../../src/bind/workbook.js')) as typeof import('../../src/bind/workbook.js');
      expect(loaded).toBe(0);
      expect(opened(await fresh.readWorkbook(CSV, FIXTURES)).sheets).toEqual(['tinh']);
      expect(loaded).toBe(0);
      // The check sees a load when there is one.
      expect(cellAt(opened(await fresh.readWorkbook(XLSX, FIXTURES)), 'B4')).toEqual({ kind: 'number', value: 616530 });
      expect(loaded).toBe(1);
    } finally {
      vi.doUnmock('@e965/xlsx');
      vi.resetModules();
    }
  });
});
