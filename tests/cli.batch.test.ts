/**
 * `briefdeck build a.yaml b.yaml … --out-dir out/`: one deck per data file
 * (one per province), each reported; one bad file does not stop the others,
 * and the exit code says that one failed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFERENCE } from './helpers/build.js';
import { cli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

let dir: string;
let files: { hanoi: string; hue: string; broken: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefdeck-batch-'));
  const text = readFileSync(CONFERENCE, 'utf8');
  mkdirSync(join(dir, 'data'));
  files = { hanoi: join(dir, 'data', 'ha-noi.yaml'), hue: join(dir, 'data', 'hue.yaml'), broken: join(dir, 'data', 'broken.yaml') };
  writeFileSync(files.hanoi, text);
  writeFileSync(files.hue, text.replace('value: 152000000000', 'value: 9000000000'));
  writeFileSync(files.broken, text.replace('value: 152000000000', 'value: "152 tỷ"'));
});

describe('batch builds', () => {
  it('builds every good file, reports the bad one with its location, and exits 1', () => {
    const out = join(dir, 'decks');
    const r = cli(['build', files.hanoi, files.broken, files.hue, '--out-dir', out]);
    expect(r.status).toBe(1);
    expect(readFileSync(join(out, 'ha-noi.pptx')).length).toBeGreaterThan(10_000);
    expect(existsSync(join(out, 'broken.pptx'))).toBe(false);
    const hue = openDeck(readFileSync(join(out, 'hue.pptx')));
    const hueText = Array.from({ length: hue.slideCount }, (_, i) => hue.slideText(i + 1)).join('\n');
    expect(hueText).toContain('9 tỷ đồng');

    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${escape(files.hanoi)} → ${escape(join(out, 'ha-noi.pptx'))}: 25 slides in \\d+\\.\\d\\d s$`));
    expect(lines[1]).toBe(`${files.broken}: not built (1 error(s))`);
    expect(lines[2]).toMatch(new RegExp(`^${escape(files.hue)} → `));
    expect(lines[3]).toBe('2 of 3 decks built, 1 failed');
    expect(r.stderr).toMatch(new RegExp(`^${escape(files.broken)}:\\d+:\\d+: error: expected number, found text "152 tỷ" .*\\[not-a-number\\]`, 'm'));
  });

  it('gives scripts one JSON document with each deck\'s result', () => {
    const out = join(dir, 'json');
    const r = cli(['build', files.hanoi, files.broken, '--out-dir', out, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { ok: boolean; exitCode: number; decks: Array<{ data: string; ok: boolean; slides: number; diagnostics: Array<{ code: string; file: string; line: number }> }> };
    expect(doc).toMatchObject({ ok: false, exitCode: 1 });
    expect(doc.decks.map((d) => [d.data, d.ok, d.slides])).toEqual([
      [files.hanoi, true, 25],
      [files.broken, false, 0],
    ]);
    expect(doc.decks[1]!.diagnostics[0]).toMatchObject({ code: 'not-a-number', file: files.broken });
    expect(doc.decks[1]!.diagnostics[0]!.line).toBeGreaterThan(1);
  });

  it('exits 0 when all are built, and --quiet prints nothing', () => {
    const r = cli(['build', files.hanoi, files.hue, '--out-dir', join(dir, 'quiet'), '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('refuses -o with several files, and two files that would write the same deck', () => {
    const many = cli(['build', files.hanoi, files.hue, '-o', join(dir, 'x.pptx')]);
    expect(many.status).toBe(2);
    expect(many.stderr).toContain('-o names one deck, but 2 data files were given');
    mkdirSync(join(dir, 'other'));
    const twin = join(dir, 'other', 'hue.yaml');
    writeFileSync(twin, readFileSync(files.hue));
    const clash = cli(['build', files.hue, twin, '--out-dir', join(dir, 'clash')]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain('would both be written to');
    expect(existsSync(join(dir, 'clash'))).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
