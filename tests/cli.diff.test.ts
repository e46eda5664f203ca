/**
 * `briefdeck diff old new`: what staff tell the official before the meeting.
 * The conference data with one figure changed and one task added, compared
 * with the original, through the built CLI.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFERENCE } from './helpers/build.js';
import { cli } from './helpers/cli.js';

const TASK = 'Tổ chức tổng kết công tác năm 2020 trước ngày 15/12/2020.';
const LAST_TASK = '      - Phát triển các doanh nghiệp triển khai ứng dụng công nghệ số tại các địa phương.\n';

let dir: string;
let oldData: string;
let newData: string;

/** A copy of the conference data with `edit` applied to its text; the edit must find what it replaces. */
function edited(name: string, edit: (text: string) => string): string {
  const text = readFileSync(CONFERENCE, 'utf8');
  const changed = edit(text);
  expect(changed).not.toBe(text);
  const file = join(dir, name);
  writeFileSync(file, changed);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefdeck-diff-'));
  oldData = join(dir, 'old.yaml');
  copyFileSync(CONFERENCE, oldData);
  newData = edited('new.yaml', (text) =>
    text
      // The postal figure: trên 377 triệu → trên 380 triệu
      .replace('value: 377000000\n', 'value: 380000000\n')
      // A ninth task in "8 việc lớn cần làm ngay"
      .replace(LAST_TASK, `${LAST_TASK}      - ${TASK}\n`),
  );
});

interface DiffJson {
  ok: boolean;
  old: string;
  new: string;
  changes: {
    slide: { section: string | null; title: string | null; layout: string | null; shows: string | null };
    kind: string;
    path: string;
    label: string;
    before?: string;
    after?: string;
  }[];
  counts: Record<string, number>;
}

describe('briefdeck diff', () => {
  it('names the changed figure, before and after in Vietnamese figures, and the added task, slide by slide', () => {
    const r = cli(['diff', oldData, newData]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'Slide "Bưu chính" (figures):',
        '  Gói, kiện bưu chính: trên 377 triệu → trên 380 triệu',
        'Slide "8 việc lớn cần làm ngay" (numbered list):',
        `  added item 9: ${TASK}`,
        'In all: 1 figure changed, 1 item added.',
        '',
      ].join('\n'),
    );
  });

  it('speaks Vietnamese with --lang vi', () => {
    const r = cli(['diff', '--lang', 'vi', oldData, newData]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'Trang "Bưu chính" (số liệu):',
        '  Gói, kiện bưu chính: trên 377 triệu → trên 380 triệu',
        'Trang "8 việc lớn cần làm ngay" (danh sách đánh số):',
        `  thêm mục 9: ${TASK}`,
        'Tổng cộng: 1 số liệu thay đổi, thêm 1 mục.',
        '',
      ].join('\n'),
    );
  });

  it('gives scripts one JSON document: each change with its slide, kind, data path, label, before and after', () => {
    const r = cli(['diff', oldData, newData, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as DiffJson;
    expect(doc).toEqual({
      ok: true,
      old: oldData,
      new: newData,
      changes: [
        {
          slide: { section: 'Bưu chính', title: 'Bưu chính', layout: 'highlights', shows: 'figures' },
          kind: 'figure-changed',
          path: 'sections[2].stats[0]',
          label: 'Gói, kiện bưu chính',
          before: 'trên 377 triệu',
          after: 'trên 380 triệu',
        },
        {
          slide: { section: '8 việc lớn cần làm ngay', title: '8 việc lớn cần làm ngay', layout: 'numbered', shows: 'numbered list' },
          kind: 'item-added',
          path: 'sections[10].items[8]',
          label: 'item 9',
          after: TASK,
        },
      ],
      counts: { 'figure-changed': 1, 'item-added': 1 },
    });
  });

  it('says there are no differences between a file and its copy, and exits 0', () => {
    const r = cli(['diff', oldData, CONFERENCE]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`No differences: ${oldData} and ${CONFERENCE} give the same slides.\n`);
    const json = JSON.parse(cli(['diff', oldData, CONFERENCE, '--json']).stdout) as DiffJson;
    expect(json.changes).toEqual([]);
    expect(json.counts).toEqual({});
  });

  it('reports a new file that is not valid data with its located error, and exits 1', () => {
    const bad = edited('bad.yaml', (text) => text.replace('value: 377000000\n', 'value: "380 triệu"\n'));
    const line = readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('"380 triệu"')) + 1;
    const r = cli(['diff', oldData, bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad}:${line}:16: error: expected number, found text "380 triệu" (at sections[2].stats[0].value) [not-a-number]`);

    const json = cli(['diff', oldData, bad, '--json']);
    expect(json.status).toBe(1);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 1, diagnostics: [{ code: 'not-a-number', file: bad, line, col: 16 }] });
  });

  it('exits 3 when a file cannot be read', () => {
    const r = cli(['diff', join(dir, 'missing.yaml'), newData]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('[file-not-found]');
  });

  it('compares the slides of the theme given, like build', () => {
    const r = cli(['diff', oldData, newData, '--theme', 'print']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  Gói, kiện bưu chính: trên 377 triệu → trên 380 triệu\n');
    const unknown = cli(['diff', oldData, newData, '--theme', 'no-such-theme']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('[unknown-theme]');
  });

  it('needs both files', () => {
    const r = cli(['diff', oldData]);
    expect(r.status).toBe(2);
  });
});
