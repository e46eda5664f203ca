/**
 * Figures kept in a spreadsheet, through the built CLI: a report whose
 * figures, chart and table come from so-lieu.xlsx (written by LibreOffice
 * Calc from so-lieu.fods), one from tinh.csv; every error names the YAML line
 * that binds and the cell, in English and Vietnamese; `watch` rebuilds when
 * the workbook is saved (rewritten, or renamed over); `diff` names the cell.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.js';
import { cli, startCli, type RunningCli } from './helpers/cli.js';
import { canDeckcheck, deckcheck } from './helpers/deckcheck.js';
import { chartSeriesValues, openDeck } from './helpers/pptx.js';

const FIXTURES = resolve(ROOT, 'tests', 'fixtures', 'bindings');

/** A copy of the bindings fixture folder, with the report edited. */
function folder(edit: (yaml: string) => string = (y) => y, report = 'bao-cao.yaml'): { dir: string; data: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'briefdeck-bind-')), 'bao-cao');
  cpSync(FIXTURES, dir, { recursive: true });
  const data = join(dir, report);
  writeFileSync(data, edit(readFileSync(data, 'utf8')));
  return { dir, data };
}

/** 1-based line and column of `needle` in the text. */
function at(text: string, needle: string): string {
  const i = text.indexOf(needle);
  expect(i, needle).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** so-lieu.xlsx with the cached value of a cell of sheet 1 replaced (or removed, with `undefined`). */
function workbookWith(cell: string, value: string | undefined): Uint8Array {
  const parts = unzipSync(readFileSync(join(FIXTURES, 'so-lieu.xlsx')));
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
  const re = new RegExp(`(<c r="${cell}"[^>]*>(?:<f[^>]*>[^<]*</f>)?)<v>[^<]*</v>`);
  expect(sheet).toMatch(re);
  parts['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace(re, value === undefined ? '$1' : `$1<v>${value}</v>`));
  return zipSync(parts);
}

const allText = (file: string): string => {
  const deck = openDeck(readFileSync(file));
  return Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
};

describe('a report bound to a workbook', () => {
  it('builds a deck showing the workbook\'s figures, chart and table in Vietnamese notation', () => {
    const { dir, data } = folder();
    const out = join(dir, 'deck.pptx');
    const r = cli(['build', data, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const deck = openDeck(readFileSync(out));
    const text = allText(out);
    expect(text).toContain('214.380 thuê bao'); // Quý III!D2
    expect(text).toContain('616.530 thuê bao'); // Quý III!B4, a formula's saved result
    expect(text).toContain('30/9/2021'); // the meeting date, a date cell
    expect(text).toMatch(/Hà Nội\n8,25 triệu\n27,1/); // the Tỉnh sheet, as a table
    const chart = Array.from({ length: deck.slideCount }, (_, i) => deck.chartsOfSlide(i + 1)).flat()[0]!;
    expect(chartSeriesValues(chart)).toEqual([[198250, 203900, 214380]]);
    expect(chart).toContain('Quý III/2021');
    if (canDeckcheck({ render: true })) {
      const check = deckcheck(readFileSync(out), { render: true });
      expect(check.stdout).toMatch(/=> PASS/);
    }
  }, 180_000);

  it('builds a table and a figure from a CSV file', () => {
    const { dir, data } = folder((y) => y, 'bao-cao-csv.yaml');
    const out = join(dir, 'deck.pptx');
    const r = cli(['build', data, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = allText(out);
    expect(text).toContain('Thành phố Hồ Chí Minh; TP.HCM');
    expect(text).toContain('9,17 triệu');
  });
});

describe('each mistake names the YAML line and the cell, in English and Vietnamese', () => {
  const cases: { name: string; edit: (y: string) => string; code: string; en: string; vi: string; needle: string; workbook?: Uint8Array }[] = [
    {
      name: 'text where a figure belongs',
      edit: (y) => y.replace('Quý III!D2 }', 'Quý III!A2 }'),
      code: 'not-a-number',
      en: 'expected number, found text "Thuê bao" (in so-lieu.xlsx!Quý III!A2)',
      vi: '(ô so-lieu.xlsx!Quý III!A2)',
      needle: 'so-lieu.xlsx!Quý III!A2',
    },
    {
      name: 'thousands typed as text',
      edit: (y) => y.replace('Quý III!D2 }', 'Quý III!B6 }'),
      code: 'thousands-separator',
      en: 'the cell so-lieu.xlsx!Quý III!B6 holds the text 214.380, not a number',
      vi: 'ô so-lieu.xlsx!Quý III!B6 chứa văn bản 214.380',
      needle: 'so-lieu.xlsx!Quý III!B6',
    },
    {
      name: 'an empty cell',
      edit: (y) => y.replace('Quý III!D2 }', 'Quý III!F9 }'),
      code: 'cell-invalid',
      en: 'the cell so-lieu.xlsx!Quý III!F9 is empty',
      vi: 'ô so-lieu.xlsx!Quý III!F9 để trống',
      needle: 'so-lieu.xlsx!Quý III!F9',
    },
    {
      name: 'a formula with no saved result',
      edit: (y) => y,
      workbook: workbookWith('B4', undefined),
      code: 'cell-invalid',
      en: 'the cell so-lieu.xlsx!Quý III!B4 holds the formula',
      vi: 'ô so-lieu.xlsx!Quý III!B4 chứa công thức',
      needle: 'so-lieu.xlsx!Quý III!B4',
    },
    {
      name: 'a range of the wrong shape',
      edit: (y) => y.replace('Quý III!D2 }', 'Quý III!B2:D3 }'),
      code: 'binding-invalid',
      en: 'so-lieu.xlsx!Quý III!B2:D3 is not one cell',
      vi: 'so-lieu.xlsx!Quý III!B2:D3 không phải một ô',
      needle: 'so-lieu.xlsx!Quý III!B2:D3',
    },
    {
      name: 'a sheet the workbook lacks',
      edit: (y) => y.replace('Quý III!D2 }', 'Quý IV!D2 }'),
      code: 'binding-invalid',
      en: 'so-lieu.xlsx has no sheet "Quý IV"',
      vi: 'so-lieu.xlsx không có trang tính "Quý IV"',
      needle: 'so-lieu.xlsx!Quý IV!D2',
    },
    {
      name: 'a workbook that is not there',
      edit: (y) => y.replace('{ cell: so-lieu.xlsx!Quý III!D2 }', '{ cell: so-lieu-q4.xlsx!Quý III!D2 }'),
      code: 'workbook-not-found',
      en: 'so-lieu-q4.xlsx is not in the data file\'s folder',
      vi: 'so-lieu-q4.xlsx không có trong thư mục',
      needle: 'so-lieu-q4.xlsx!Quý III!D2',
    },
    {
      name: 'a damaged workbook',
      edit: (y) => y,
      workbook: readFileSync(join(FIXTURES, 'so-lieu.xlsx')).subarray(0, 3000),
      code: 'workbook-invalid',
      en: 'so-lieu.xlsx cannot be read as a workbook',
      vi: 'không đọc được so-lieu.xlsx như một bảng tính',
      needle: 'so-lieu.xlsx!Quý III!B5',
    },
    {
      name: 'a workbook outside the data folder',
      edit: (y) => y.replace('{ cell: so-lieu.xlsx!Quý III!D2 }', '{ cell: ../so-lieu.xlsx!Quý III!D2 }'),
      code: 'workbook-invalid',
      en: '../so-lieu.xlsx is outside the data file\'s folder',
      vi: '../so-lieu.xlsx nằm ngoài thư mục',
      needle: '../so-lieu.xlsx!Quý III!D2',
    },
  ];

  it.each(cases)('$name', ({ edit, code, en, vi, needle, workbook }) => {
    const { dir, data } = folder(edit);
    if (workbook) writeFileSync(join(dir, 'so-lieu.xlsx'), workbook);
    const out = join(dir, 'deck.pptx');
    writeFileSync(out, 'the last good deck');
    const yaml = readFileSync(data, 'utf8');
    const r = cli(['build', data, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${data}:${at(yaml, needle)}: error: ${en}`);
    expect(r.stderr).toContain(`[${code}]`);
    const v = cli(['--lang', 'vi', 'build', data, '-o', out]);
    expect(v.status).toBe(1);
    expect(v.stderr).toContain(`${data}:${at(yaml, needle)}: lỗi: `);
    expect(v.stderr).toContain(vi);
    expect(readFileSync(out, 'utf8')).toBe('the last good deck');
  });
});

describe('watch and diff see the workbook', () => {
  let running: RunningCli | undefined;
  afterEach(async () => {
    await running?.interrupt();
    running = undefined;
  });

  const isBuild = (line: string): boolean => line.startsWith('{') && (JSON.parse(line) as { event: string }).event === 'build';

  it('rebuilds when a cell is edited, saved by rewriting the file and by renaming over it, not for a lock file', async () => {
    const { dir, data } = folder();
    const deck = join(dir, 'deck.pptx');
    const workbook = join(dir, 'so-lieu.xlsx');
    running = startCli(['watch', data, '-o', deck, '--json']);
    expect((JSON.parse(await running.next(isBuild)) as { ok: boolean }).ok).toBe(true);
    expect(allText(deck)).toContain('214.380 thuê bao');

    // A script rewriting the workbook in place.
    writeFileSync(workbook, workbookWith('D2', '220000'));
    const rewritten = JSON.parse(await running.next(isBuild)) as { ok: boolean; changed: string[] };
    expect(rewritten.ok).toBe(true);
    expect(rewritten.changed.some((f) => f.endsWith('so-lieu.xlsx'))).toBe(true);
    expect(allText(deck)).toContain('220.000 thuê bao');

    // Excel's and LibreOffice's lock files come and go while the workbook is open: no rebuild.
    writeFileSync(join(dir, '~$so-lieu.xlsx'), 'lock');
    writeFileSync(join(dir, '.~lock.so-lieu.xlsx#'), 'lock');
    // Save by rename: a temporary file written, then renamed over the workbook.
    const temporary = join(dir, 'lu1234abcd.tmp');
    writeFileSync(temporary, workbookWith('D2', '231500'));
    renameSync(temporary, workbook);
    const renamed = JSON.parse(await running.next(isBuild)) as { ok: boolean; changed: string[] };
    expect(renamed.ok).toBe(true);
    expect(renamed.changed.some((f) => f.includes('~'))).toBe(false);
    expect(allText(deck)).toContain('231.500 thuê bao');
  }, 60_000);

  it('diff names the cell a changed figure comes from', () => {
    const before = folder();
    const after = folder();
    writeFileSync(join(after.dir, 'so-lieu.xlsx'), workbookWith('D2', '220000'));
    const r = cli(['diff', before.data, after.data]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('(so-lieu.xlsx!Quý III!D2): 214.380 thuê bao → 220.000 thuê bao');
    const json = cli(['diff', before.data, after.data, '--json']);
    expect(json.stdout).toContain('"cell": "so-lieu.xlsx!Quý III!D2"');
  });
});

