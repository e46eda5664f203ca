/**
 * `briefdeck init [dir]`: a new report with a Vietnamese comment on every
 * field and the schema beside it; it validates and builds as it is, and
 * never overwrites a file.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { chartSeriesValues, openDeck } from './helpers/pptx.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'briefdeck-init-'));

/** Letters only Vietnamese writes (with its tone marks), in either case. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;

describe('briefdeck init', () => {
  it('writes a report that validates and builds as it is, and says what to run next', () => {
    const dir = join(tmp(), 'bao-cao-6-thang'); // a folder that does not exist yet
    const r = cli(['init', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = join(dir, 'bao-cao.yaml');
    const schema = join(dir, 'report.schema.json');
    expect(r.stdout).toContain(`created ${report}`);
    expect(r.stdout).toContain(`created ${schema}`);
    expect(r.stdout).toContain(`created ${join(dir, 'so-lieu.xlsx')}`);
    expect(r.stdout).toContain(`briefdeck validate ${report}`);
    expect(r.stdout).toContain(`briefdeck build ${report}`);

    const valid = cli(['validate', report]);
    expect(valid.stderr).toBe('');
    expect(valid.status).toBe(0);

    const out = join(dir, 'bao-cao.pptx');
    const built = cli(['build', report, '-o', out]);
    expect(built.stderr).toBe(''); // not even a fitting warning
    expect(built.status).toBe(0);
    const deck = openDeck(readFileSync(out));
    expect(deck.slideCount).toBeGreaterThanOrEqual(8);
    const text = Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
    expect(text).toContain('Hội nghị sơ kết công tác thông tin và truyền thông 6 tháng đầu năm 2024');
    expect(text).toContain('Chuyển đổi số và dịch vụ công trực tuyến');
    expect(text).toContain('hơn 1.250'); // value + qualifier, in the deck's number format
    expect(text).toContain('38,5% → 61,2%'); // before → after
    expect(text).toContain('giảm 26%'); // a fall written as change: { by: -26 }
    expect(deck.names.some((n) => n.startsWith('ppt/charts/'))).toBe(true);
    // The chart's figures come from so-lieu.xlsx beside the report, cells B2:E2.
    const chart = Array.from({ length: deck.slideCount }, (_, i) => deck.chartsOfSlide(i + 1)).flat()[0] ?? '';
    expect(chartSeriesValues(chart)).toEqual([[41.3, 47.8, 55.6, 61.2]]);
  });

  it('points editors at the schema on the first line, and the schema is what `briefdeck schema` prints', () => {
    const dir = tmp();
    expect(cli(['init'], { cwd: dir }).status).toBe(0); // the current folder by default
    const yaml = readFileSync(join(dir, 'bao-cao.yaml'), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./report.schema.json');
    expect(readFileSync(join(dir, 'report.schema.json'), 'utf8')).toBe(cli(['schema']).stdout);
  });

  it('explains the fields in Vietnamese comments', () => {
    const dir = tmp();
    expect(cli(['init', dir]).status).toBe(0);
    const lines = readFileSync(join(dir, 'bao-cao.yaml'), 'utf8').split('\n');
    const comments = lines.map((l) => /^\s*#\s?(.*)$/.exec(l)?.[1] ?? '').filter((c) => /\p{L}{3}/u.test(c));
    expect(comments.length).toBeGreaterThan(60);
    // Comments that are sentences are Vietnamese; the others are commented-out fields (`# logo: logo.png`).
    const prose = comments.filter((c) => !/^[\w-]+:\s/.test(c.trim()) && !/^-/.test(c.trim()) && !c.startsWith('yaml-language-server'));
    const notVietnamese = prose.filter((c) => !VIETNAMESE.test(c));
    expect(notVietnamese.length / prose.length).toBeLessThan(0.1);
    // The top-level fields and those of the meeting and the closing each have a comment just above.
    const uncommented = lines.flatMap((line, i) => {
      if (!/^(\s{0,2})[A-Za-z]+:/.test(line)) return [];
      return /^\s*#/.test(lines[i - 1] ?? '') ? [] : [line];
    });
    expect(uncommented).toEqual([]);
    for (const hint of ['qualifier', 'unit', 'change', 'by: -26', 'notes', 'briefdeck validate', 'briefdeck build', 'Thêm một phần']) {
      expect(lines.some((l) => l.trimStart().startsWith('#') && l.includes(hint)), hint).toBe(true);
    }
  });

  it('never overwrites: a second init fails with exit 3 and leaves both files as they were', () => {
    const dir = tmp();
    expect(cli(['init', dir]).status).toBe(0);
    const report = join(dir, 'bao-cao.yaml');
    const schema = join(dir, 'report.schema.json');
    writeFileSync(report, readFileSync(report, 'utf8').replace('Ninh An', 'Hà Nam')); // the staff's edits
    const before = [readFileSync(report), readFileSync(schema)];

    const r = cli(['init', dir]);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cannot write ${report}: it already exists`);
    expect(r.stderr).toContain('[write-failed]');
    expect(r.stderr).toMatch(/hint: choose another folder, or move .* out of the way/);
    expect(readFileSync(report).equals(before[0]!)).toBe(true);
    expect(readFileSync(schema).equals(before[1]!)).toBe(true);
  });

  it('writes nothing at all when only one of the files exists', () => {
    const dir = tmp();
    const schema = join(dir, 'report.schema.json');
    writeFileSync(schema, '{ "mine": true }\n');
    const r = cli(['init', dir]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`cannot write ${schema}`);
    expect(existsSync(join(dir, 'bao-cao.yaml'))).toBe(false);
    expect(readFileSync(schema, 'utf8')).toBe('{ "mine": true }\n');
  });

  it('refuses a folder that is a file, and speaks Vietnamese with --lang vi', () => {
    const dir = tmp();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = cli(['init', file]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('is a file, not a folder');

    const fresh = join(dir, 'vi');
    mkdirSync(fresh);
    const vi = cli(['--lang', 'vi', 'init', fresh]);
    expect(vi.status).toBe(0);
    expect(vi.stdout).toContain(`đã tạo ${join(fresh, 'bao-cao.yaml')}`);
    expect(cli(['--lang', 'vi', 'init', fresh]).stderr).toContain('init không bao giờ ghi đè tệp');
  });
});
