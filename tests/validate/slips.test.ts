/**
 * Common slips get a code of their own and a hint that names the real mistake,
 * in English and in Vietnamese: a decimal comma inside { } or [ ], a colon in
 * unquoted text, a second YAML document, a number where text goes, and the
 * other mistakes that once ended as a generic "schema" error. And under
 * `--lang vi` nothing of the `yaml` package's English is ever shown.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { catalogues, LANGS, say, type Lang } from '../../src/i18n/catalogue.js';
import { parseYaml } from '../../src/load/yaml.js';
import { YAML_ERRORS } from '../../src/load/yaml-errors.js';
import { validateReport } from '../../src/validate/validate.js';
import { BASE } from '../fixtures/bad/cases.js';
import { cli } from '../helpers/cli.js';

const base = readFileSync(BASE, 'utf8');

/** _base.yaml with one exact piece of text replaced. */
function edit(from: string, to: string): string {
  if (base.split(from).length !== 2) throw new Error(`not exactly once in _base.yaml: ${JSON.stringify(from)}`);
  return base.replace(from, to);
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefdeck-slips-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let written = 0;
function fileOf(text: string): string {
  const file = join(dir, `slip-${++written}.yaml`);
  writeFileSync(file, text, 'utf8');
  return file;
}

interface Line {
  where: string;
  message: string;
  path?: string;
  code: string;
  hint: string;
}

/** The diagnostics `validate` prints, in a language: `file:line:col: error: message (at path) [code]` and the hint under it. */
function validate(file: string, lang: Lang): { status: number | null; lines: Line[]; stderr: string } {
  const r = cli(['validate', file, '--lang', lang]);
  const rows = r.stderr.split('\n');
  const lines: Line[] = [];
  rows.forEach((row, i) => {
    const m = /^(\S+?(?::\d+:\d+)?): (?:error|lỗi|warning|cảnh báo): (.*?)(?: \((?:at|tại) (\S+)\))? \[([a-z0-9-]+)\]$/.exec(row);
    if (!m) return;
    const hint = /^ {2}(?:hint|gợi ý): (.*)$/.exec(rows[i + 1] ?? '')?.[1] ?? '';
    lines.push({ where: m[1]!, message: m[2]!, ...(m[3] ? { path: m[3] } : {}), code: m[4]!, hint });
  });
  return { status: r.status, lines, stderr: r.stderr };
}

interface Slip {
  name: string;
  text: string;
  code: string;
  at: string;
  path?: string;
  en: { message: string; hint: string };
  vi: { message: string; hint: string };
}

const SLIPS: Slip[] = [
  {
    name: 'a decimal comma inside { }: change: { by: 18,3 }',
    text: edit('        qualifier: trên\n', '        qualifier: trên\n        change: { by: 18,3 }\n'),
    code: 'decimal-comma',
    at: ':16:23',
    path: 'sections[0].stats[0].change.by',
    en: { message: '18,3 is written with a decimal comma', hint: 'write 18.3: the data file uses a decimal point' },
    vi: { message: '18,3 được viết với dấu phẩy thập phân', hint: 'hãy viết 18.3: tệp dữ liệu luôn dùng dấu chấm thập phân' },
  },
  {
    name: 'a decimal comma inside [ ]: values: [10,5, 12]',
    text: edit('values: [10, 12]', 'values: [10,5, 12]'),
    code: 'decimal-comma',
    at: ':28:22',
    path: 'sections[0].charts[0].series[0].values',
    en: { message: '10,5 is written with a decimal comma', hint: 'write 10.5' },
    vi: { message: '10,5 được viết với dấu phẩy thập phân', hint: 'hãy viết 10.5' },
  },
  {
    name: 'a comma that may group thousands: change: { by: 1,500 }',
    text: edit('        qualifier: trên\n', '        qualifier: trên\n        change: { by: 1,500 }\n'),
    code: 'decimal-comma',
    at: ':16:23',
    en: { message: '1,500 is written with a decimal comma', hint: 'write 1.5 if it is a decimal, or 1500 if the comma groups thousands' },
    vi: { message: '1,500 được viết với dấu phẩy thập phân', hint: 'hãy viết 1.5 nếu là số thập phân, hoặc 1500 nếu dấu phẩy ngăn cách hàng nghìn' },
  },
  {
    name: 'a decimal comma in a figure YAML reads as text: value: 27,1',
    text: edit('value: 377000000', 'value: 27,1'),
    code: 'not-a-number',
    at: ':14:16',
    path: 'sections[0].stats[0].value',
    en: { message: 'expected number, found text "27,1"', hint: 'write 27.1' },
    vi: { message: 'cần một con số, nhưng gặp văn bản "27,1"', hint: 'hãy viết 27.1' },
  },
  {
    name: 'a colon in an unquoted field (YAML\'s error): lead: Kết quả: tốt',
    text: edit('    notes: Ghi chú bưu chính\n', '    notes: Ghi chú bưu chính\n    lead: Kết quả: tốt\n'),
    code: 'unquoted-colon',
    at: ':12:11',
    en: { message: 'text containing ": " is not in quotes', hint: 'text containing ": " must be in quotes: lead: "Kết quả: tốt"' },
    vi: { message: 'văn bản có ": " chưa được đặt trong dấu nháy', hint: 'văn bản có ": " phải đặt trong dấu nháy: lead: "Kết quả: tốt"' },
  },
  {
    name: 'two colons in an unquoted list item (YAML\'s error): - Việt Nam: nhà mạng: BTS',
    text: edit('      - Một\n', '      - Việt Nam: nhà mạng: BTS\n'),
    code: 'unquoted-colon',
    at: ':30:19',
    en: { message: 'YAML reads the part before ": " as a field name', hint: '- "Việt Nam: nhà mạng: BTS"' },
    vi: { message: 'YAML hiểu phần trước ": " là tên trường', hint: '- "Việt Nam: nhà mạng: BTS"' },
  },
  {
    name: 'a colon in an unquoted list item (a block of one field): - Việt Nam là nước duy nhất: nhà mạng, BTS',
    text: edit('      - Một\n', '      - Việt Nam là nước duy nhất: nhà mạng, BTS\n'),
    code: 'unquoted-colon',
    at: ':30:9',
    path: 'sections[0].points[0]',
    en: { message: 'text containing ": " is not in quotes', hint: 'must be in quotes: "Việt Nam là nước duy nhất: nhà mạng, BTS"' },
    vi: { message: 'văn bản có ": " chưa được đặt trong dấu nháy', hint: 'phải đặt trong dấu nháy: "Việt Nam là nước duy nhất: nhà mạng, BTS"' },
  },
  {
    name: 'a colon in an unquoted numbered item (text or {title, text})',
    text: edit('    points:\n      - Một\n      - Hai\n', '    items:\n      - Lưu ý: xem mục 3\n'),
    code: 'unquoted-colon',
    at: ':30:9',
    path: 'sections[0].items[0]',
    en: { message: 'text containing ": " is not in quotes', hint: '"Lưu ý: xem mục 3"' },
    vi: { message: 'văn bản có ": " chưa được đặt trong dấu nháy', hint: '"Lưu ý: xem mục 3"' },
  },
  {
    name: 'a second document after ---',
    text: `${base}---\nlocale: en\n`,
    code: 'several-documents',
    at: ':35:1',
    en: { message: 'a second YAML document starts here ("---")', hint: 'remove this "---" line, or move what follows it into a file of its own' },
    vi: { message: 'một tài liệu YAML thứ hai bắt đầu ở đây ("---")', hint: 'hãy xóa dòng "---" này, hoặc chuyển phần phía sau sang một tệp riêng' },
  },
  {
    name: 'a [ never closed, pointed at the [ rather than the line where YAML noticed',
    text: edit('values: [10, 12]', 'values: [10, 12'),
    code: 'yaml-syntax',
    at: ':28:21',
    en: { message: 'the list or block opened with [ is not closed with ]', hint: 'add ] after the last item' },
    vi: { message: 'danh sách hoặc khối mở bằng [ chưa được đóng bằng ]', hint: 'hãy thêm ] sau mục cuối cùng' },
  },
  {
    name: 'a quote never closed',
    text: edit('  title: Hội nghị sơ kết\n', '  title: "Hội nghị sơ kết\n'),
    code: 'yaml-syntax',
    at: ':4:26',
    en: { message: 'the text opened with " is never closed', hint: 'end the text with "' },
    vi: { message: 'đoạn văn bản mở bằng " không được đóng lại', hint: 'hãy kết thúc đoạn văn bản bằng "' },
  },
  {
    name: 'a field given twice',
    text: edit('  place: Huế\n', '  place: Huế\n  place: Đà Nẵng\n'),
    code: 'duplicate-key',
    at: ':7:3',
    en: { message: 'the field "place" appears twice in the same block', hint: 'remove or rename the second one' },
    vi: { message: 'trường "place" xuất hiện hai lần trong cùng một khối', hint: 'xóa hoặc đổi tên khóa thứ hai' },
  },
  {
    name: 'a number where text goes: label: 2020',
    text: edit('label: Gói, kiện', 'label: 2020'),
    code: 'not-text',
    at: ':13:16',
    path: 'sections[0].stats[0].label',
    en: { message: 'found number 2020', hint: 'put it in quotes to make it text: label: "2020"' },
    vi: { message: 'gặp số 2020', hint: 'hãy đặt trong dấu nháy để thành văn bản: label: "2020"' },
  },
  {
    name: 'a number in a numbered list (text or {title, text}): - 2020',
    text: edit('    points:\n      - Một\n      - Hai\n', '    items:\n      - 2020\n'),
    code: 'not-text',
    at: ':30:9',
    path: 'sections[0].items[0]',
    en: { message: 'expected string or object, found number 2020', hint: '"2020"' },
    vi: { message: 'cần văn bản hoặc một khối trường, nhưng gặp số 2020', hint: '"2020"' },
  },
  {
    name: 'nothing after the colon of a text: notes:',
    text: edit('  notes: Hết\n', '  notes:\n'),
    code: 'empty-text',
    at: ':34:9',
    path: 'closing.notes',
    en: { message: 'found nothing (null)', hint: 'cannot be left empty' },
    vi: { message: 'gặp giá trị rỗng (null)', hint: 'không được để trống' },
  },
  {
    name: 'yes where true or false goes: agenda: yes',
    text: edit('    notes: Ghi chú bưu chính\n', '    notes: Ghi chú bưu chính\n    agenda: yes\n'),
    code: 'wrong-type',
    at: ':12:13',
    path: 'sections[0].agenda',
    en: { message: 'expected boolean, found text "yes"', hint: 'write true or false' },
    vi: { message: 'cần true hoặc false, nhưng gặp văn bản "yes"', hint: 'hãy viết true hoặc false' },
  },
  {
    name: 'a statistic with two figures',
    text: edit('        qualifier: trên\n', '        qualifier: trên\n        range: [1, 2]\n'),
    code: 'field-combination',
    at: ':13:9',
    path: 'sections[0].stats[0]',
    en: { message: 'give exactly one of value, range', hint: 'a statistic shows one figure' },
    vi: { message: 'hãy ghi đúng một trong các trường value, range', hint: 'mỗi chỉ số hiện một con số' },
  },
  {
    name: 'a change with both by and multiple (a rule schema.ts writes in English)',
    text: edit('        qualifier: trên\n', '        qualifier: trên\n        change: { by: 40, multiple: 2 }\n'),
    code: 'field-combination',
    at: ':16:17',
    path: 'sections[0].stats[0].change',
    en: { message: 'a change gives either `by` or `multiple`', hint: 'keep by' },
    vi: { message: 'một thay đổi ghi `by` hoặc `multiple`', hint: 'hãy giữ by' },
  },
  {
    name: 'a range written high to low (a rule schema.ts writes in English)',
    text: edit('range: [700, 1000]', 'range: [1000, 700]'),
    code: 'invalid-value',
    at: ':17:16',
    path: 'sections[0].stats[1].range',
    en: { message: 'a range is [low, high]', hint: 'swap the two numbers' },
    vi: { message: 'khoảng giá trị viết theo dạng [thấp, cao]', hint: 'hãy đổi chỗ hai số' },
  },
  {
    name: 'a multiple of 0',
    text: edit('        qualifier: trên\n', '        qualifier: trên\n        change: { multiple: 0 }\n'),
    code: 'invalid-value',
    at: ':16:29',
    path: 'sections[0].stats[0].change.multiple',
    en: { message: 'must be greater than 0', hint: 'see the data format' },
    vi: { message: 'phải lớn hơn 0', hint: 'xem mô tả định dạng dữ liệu' },
  },
  {
    name: 'a section id with capitals',
    text: edit('  - title: Bưu chính\n', '  - id: Buu-Chinh\n    title: Bưu chính\n'),
    code: 'invalid-value',
    at: ':10:9',
    path: 'sections[0].id',
    en: { message: 'use lower-case letters, digits and "-"', hint: 'buu-chinh' },
    vi: { message: 'chỉ dùng chữ thường không dấu', hint: 'buu-chinh' },
  },
];

describe('each slip has its code, location, and a message and hint naming it, in English and Vietnamese', () => {
  for (const slip of SLIPS) {
    it(`${slip.name} → [${slip.code}]`, () => {
      const file = fileOf(slip.text);
      for (const lang of LANGS) {
        const r = validate(file, lang);
        expect(r.status, r.stderr).toBe(1);
        const first = r.lines[0];
        expect(first, r.stderr).toBeDefined();
        expect(first!.code, r.stderr).toBe(slip.code);
        expect(first!.where).toBe(`${file}${slip.at}`);
        if (slip.path) expect(first!.path).toBe(slip.path);
        expect(first!.message, lang).toContain(slip[lang].message);
        expect(first!.hint, lang).toContain(slip[lang].hint);
      }
    });
  }

  it('one diagnostic per decimal comma in a list, each at its first digit', () => {
    const file = fileOf(edit('values: [10, 12]', 'values: [198,25, 203,9]'));
    for (const lang of LANGS) {
      const r = validate(file, lang);
      expect(r.lines.map((l) => [l.code, l.where])).toEqual([
        ['decimal-comma', `${file}:28:22`],
        ['decimal-comma', `${file}:28:30`],
      ]);
    }
    expect(validate(file, 'vi').lines.map((l) => l.hint)).toEqual([
      expect.stringContaining('hãy viết 198.25'),
      expect.stringContaining('hãy viết 203.9'),
    ]);
  });

  it('flags a decimal comma only where no other reading makes sense', () => {
    const readAs = (text: string): string[] => {
      const parsed = parseYaml(text, 'x.yaml');
      return parsed.diagnostics.map((d) => d.code);
    };
    // No ", " anywhere: four numbers, or two with decimal commas? Left to the series-length check.
    expect(readAs('values: [198,25,203,9]\n')).toEqual([]);
    // A run of bare commas (1,2,3) is no decimal number.
    expect(readAs('values: [1,2,3, 4]\n')).toEqual([]);
    // Spaces after every comma: plain numbers.
    expect(readAs('values: [198, 25, 203]\nchange: { by: 18, against: 2019 }\n')).toEqual([]);
    // A key of digits that has a value is a key.
    expect(readAs('change: { by: 18,3: 4 }\n')).toEqual([]);
    // Decimals already written with a point.
    expect(readAs('values: [1.5,2, 3]\n')).toEqual([]);
    expect(readAs('values: [-1,5, 3]\n')).toEqual(['decimal-comma']);
  });

  it('lets a trailing "---" be, with blank lines or comments after it', () => {
    for (const tail of ['---\n', '---\n\n   \n', '--- # hết\n# bản cũ ở tệp khác\n', '---\n...\n']) {
      const r = cli(['validate', fileOf(`${base}${tail}`)]);
      expect(r.status, `${JSON.stringify(tail)}: ${r.stderr}`).toBe(0);
    }
  });

  it('reports a second document once, at its "---", even after an empty one', () => {
    const file = fileOf(`${base}---\n# bản cũ\n---\nlocale: en\n---\nlocale: vi\n`);
    const r = validate(file, 'vi');
    expect(r.lines.map((l) => [l.code, l.where])).toEqual([['several-documents', `${file}:37:1`]]);
  });
});

// ---------------------------------------------------------------------------
// No English from the `yaml` package under --lang vi

/** Words of the `yaml` package's messages: none may reach a Vietnamese reader. */
const YAML_ENGLISH = [
  'Nested mappings',
  'compact mapping',
  'mplicit',
  'Missing closing',
  'Unexpected',
  'parseAllDocuments',
  'Source contains',
  'multiple documents',
  'flow sequence',
  'flow mapping',
  'Map keys must be unique',
  'Tabs are not allowed',
  'sufficiently indented',
  'All mapping items',
  'All sequence items',
  'Plain value cannot start',
  'Invalid escape',
  'Block scalar',
  'must be separated',
  'Sequence item without',
  'at line',
];

/** zod's own words, which must not reach a reader either. */
const ZOD_ENGLISH = ['Invalid input', 'received', 'Too small', 'Too big', 'tuple', 'expected int'];

const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;

/** Broken YAML of every kind: each line of the base report with a stray token at its start, middle and end. */
function brokenVariants(): string[] {
  const tokens = [': ', ':', '- ', '"', "'", '[', '{', ']', '}', '@', '`', '%', '&', '*', '!', '|', '>', '\t', '? ', '--- ', '... ', ',', ' #x', '\\', '&a &b ', '!!int '];
  const lines = base.split('\n');
  const variants: string[] = [];
  lines.forEach((line, n) => {
    for (const token of tokens) {
      for (const col of new Set([0, line.search(/\S/), line.indexOf(': ') + 2, line.length])) {
        if (col < 0) continue;
        variants.push(lines.map((l, i) => (i === n ? `${l.slice(0, col)}${token}${l.slice(col)}` : l)).join('\n'));
      }
    }
  });
  return variants;
}

const said = (d: Diagnostic, lang: Lang): string => `${say(d.message, lang)}\n${d.hint ? say(d.hint, lang) : ''}`;

describe('no English from the yaml package under --lang vi', () => {
  it('every error code of the yaml package has a message and hint of our own, translated', () => {
    const site = { text: 'title: Hội nghị: sơ kết\n', offset: 7, parser: '' };
    for (const [code, sayError] of Object.entries(YAML_ERRORS)) {
      const { message, hint } = sayError(site);
      for (const text of [message, hint]) {
        const en = say(text, 'en');
        const vi = say(text, 'vi');
        expect(en, code).toMatch(/\S/);
        expect(vi, code).not.toBe(en);
        expect(vi, `${code}: ${vi}`).toMatch(VIETNAMESE);
        expect(vi, code).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('hundreds of broken files: every YAML problem is said in Vietnamese, none in the parser\'s words', () => {
    const variants = brokenVariants();
    const codes = new Set<string>();
    const parserCodes = new Set<string>();
    let problems = 0;
    for (const text of variants) {
      for (const e of parseDocument(text, { uniqueKeys: true }).errors) parserCodes.add(e.code);
      const parsed = parseYaml(text, 'bao-cao.yaml');
      const diagnostics = parsed.value ? validateReport(parsed.value).diagnostics : parsed.diagnostics;
      for (const d of diagnostics) {
        codes.add(d.code);
        problems++;
        const vi = said(d, 'vi');
        for (const phrase of [...YAML_ENGLISH, ...ZOD_ENGLISH]) expect(vi, `${d.code}: ${vi}\nin:\n${text}`).not.toContain(phrase);
        expect(vi, `${d.code}: ${vi}`).toMatch(VIETNAMESE);
        expect(d.code, vi).not.toBe('schema');
      }
    }
    // The sweep reaches the parser's common errors and the slips named above.
    for (const code of ['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'UNEXPECTED_TOKEN', 'BAD_SCALAR_START', 'TAB_AS_INDENT', 'MULTIPLE_DOCS']) {
      expect(parserCodes, code).toContain(code);
    }
    for (const code of ['yaml-syntax', 'unquoted-colon', 'tab-indent', 'several-documents']) expect(codes, code).toContain(code);
    expect(problems).toBeGreaterThan(500);
  });

  it('the CLI says a YAML error in Vietnamese, with no English on stderr', () => {
    const inputs = [
      edit('  title: Hội nghị sơ kết\n', '  title: "Hội nghị sơ kết\n'), // a quote never closed
      edit('  place: Huế\n', '  place: Huế\n  place: Đà Nẵng\n'), // a key twice
      edit('  organiser: Sở', '\torganiser: Sở'), // a tab
      edit('values: [10, 12]', 'values: [10, 12'), // a [ never closed
      edit('  title: Hội nghị sơ kết\n', '  title: @hoi-nghi\n'), // a reserved first character
      edit('  title: Hội nghị sơ kết\n', '  title: "Hội nghị" sơ kết\n'), // text after the closing quote
      edit('  title: Hội nghị sơ kết\n', '  title: "Hội nghị \\q"\n'), // a bad escape
      `${base}---\n${base}`,
    ];
    for (const text of inputs) {
      const r = cli(['validate', fileOf(text), '--lang', 'vi']);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/: lỗi: .*\[[a-z-]+\]\n {2}gợi ý: /);
      for (const phrase of YAML_ENGLISH) expect(r.stderr).not.toContain(phrase);
    }
  });

  it('the catalogue has no message that only repeats a detail from elsewhere (the parser\'s text)', () => {
    for (const key of Object.keys(catalogues.en) as (keyof typeof catalogues.en)[]) {
      if (!key.startsWith('yaml.')) continue;
      expect(catalogues.vi[key].replace(/\{\w+\}/g, '').trim(), key).not.toBe('');
    }
  });
});
