/** Output that fits a terminal and a script: language, colour, --quiet, --json. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFERENCE } from './helpers/build.js';
import { cli } from './helpers/cli.js';

let broken: string;
const ESC = '\u001b[';

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-output-'));
  broken = join(dir, 'report.yaml');
  writeFileSync(broken, readFileSync(CONFERENCE, 'utf8').replace('value: 152000000000', 'value: "152 tỷ"'));
});

describe('the language of messages', () => {
  it('is English by default, Vietnamese with --lang vi or LANG=vi_VN, and the code and location stay the same', () => {
    const en = cli(['validate', broken]);
    const flag = cli(['validate', broken, '--lang', 'vi']);
    const env = cli(['validate', broken], { env: { LANG: 'vi_VN.UTF-8' } });
    for (const r of [en, flag, env]) expect(r.status).toBe(1);
    expect(en.stderr).toMatch(/:\d+:\d+: error: expected number, found text "152 tỷ" \(at sections\[\d\]\.stats\[\d\]\.value\) \[not-a-number\]\n {2}hint: write the figure/);
    expect(flag.stderr).toMatch(/:\d+:\d+: lỗi: cần một con số, nhưng gặp văn bản "152 tỷ" \(tại sections\[\d\]\.stats\[\d\]\.value\) \[not-a-number\]\n {2}gợi ý: viết số liệu/);
    expect(env.stderr).toBe(flag.stderr);
    const location = (s: string): string => s.split(': ')[0]!;
    expect(location(flag.stderr)).toBe(location(en.stderr));
  });

  it('--lang wins over LANG, and an unknown language is a usage error', () => {
    expect(cli(['validate', broken, '--lang', 'en'], { env: { LANG: 'vi_VN.UTF-8' } }).stderr).toContain('error: expected number');
    const bad = cli(['validate', broken, '--lang', 'fr']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: unknown language "fr"; briefdeck speaks en, vi\n');
  });

  it('help and usage errors are translated too', () => {
    expect(cli(['--help', '--lang', 'vi']).stdout).toMatch(/^Cách dùng: briefdeck/);
    const unknown = cli(['buidl', CONFERENCE], { env: { LANG: 'vi_VN.UTF-8' } });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("lỗi: không có lệnh 'buidl' (có phải ý bạn là build?)");
  });
});

describe('start-up', () => {
  it('--help answered without loading the CLI is exactly the help the CLI prints, in both languages', () => {
    for (const lang of ['en', 'vi']) {
      const fast = cli(['--help', '--lang', lang]);
      const full = cli(['help', '--lang', lang]); // the `help` command always goes through commander
      expect(fast.status).toBe(0);
      expect(fast.stdout).toBe(full.stdout);
      expect(fast.stdout).toMatch(/build \[options\] <data\.\.\.>/);
    }
    expect(cli(['-h'], { env: { LANG: 'vi_VN.UTF-8' } }).stdout).toMatch(/^Cách dùng:/);
  });
});

describe('colour', () => {
  it('is off when the output is not a terminal, on with FORCE_COLOR, and off again with NO_COLOR', () => {
    expect(cli(['validate', broken]).stderr).not.toContain(ESC);
    const forced = cli(['validate', broken], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain(`${ESC}31merror${ESC}39m`);
    expect(cli(['validate', broken], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stderr).not.toContain(ESC);
  });
});

describe('--quiet and --json', () => {
  it('validate --json prints one document with located diagnostics and nothing on stderr', () => {
    const r = cli(['validate', broken, CONFERENCE, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { ok: boolean; files: Array<{ data: string; ok: boolean; diagnostics: Array<Record<string, unknown>> }> };
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f) => f.ok)).toEqual([false, true]);
    expect(doc.files[0]!.diagnostics[0]).toMatchObject({
      code: 'not-a-number',
      severity: 'error',
      file: broken,
      message: 'expected number, found text "152 tỷ"',
      dataPath: expect.stringMatching(/^sections\[\d\]\.stats\[\d\]\.value$/),
    });
    const vi = JSON.parse(cli(['validate', broken, '--json', '--lang', 'vi']).stdout) as typeof doc;
    expect(vi.files[0]!.diagnostics[0]!.message).toBe('cần một con số, nhưng gặp văn bản "152 tỷ"');
  });

  it('--quiet keeps errors and drops the "valid" line', () => {
    expect(cli(['validate', CONFERENCE, '--quiet'])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const r = cli(['--quiet', 'validate', broken]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[not-a-number]');
  });
});
