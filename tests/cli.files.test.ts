/**
 * Hostile files around a build, through the built CLI: an output that is one
 * of the build's inputs, inputs that are not regular files, temporary files
 * left by killed builds, names as long as the disk allows, and messages that
 * stay honest and cannot drive the terminal. (Interrupting a build with a
 * signal is tests/cli.signals.test.ts; broken data files are the corpus,
 * tests/fixtures/bad/cases-files.yaml.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from './fixtures/bad/cases.js';
import { ROOT, TEMPLATES } from './helpers/build.js';
import { cli } from './helpers/cli.js';

const PICTURES = join(ROOT, 'tests', 'fixtures', 'pictures');
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/; // what a terminal may act on (tab and line breaks aside)

let root: string;
let count = 0;
/** A fresh folder holding a copy of the minimal valid report, as `report.yaml`. */
function folder(): { dir: string; report: string } {
  const dir = join(root, `case-${++count}`);
  mkdirSync(dir);
  const report = join(dir, 'report.yaml');
  copyFileSync(BASE, report);
  return { dir, report };
}
const temporaryFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
/** A process id that no longer runs: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'briefdeck-files-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('a deck is never written over a file the build reads', () => {
  it('refuses `-o` naming the data file itself: exit 2, both named, the report untouched', () => {
    const { dir, report } = folder();
    const before = readFileSync(report);
    const r = cli(['build', report, '-o', report]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error: the output ${report} is the data file ${report}: the deck would be written over the report [output-is-input]`);
    expect(r.stderr).toMatch(/\n {2}hint: give the deck its own name with -o/);
    expect(r.stderr).not.toContain('last good deck');
    expect(r.stdout).toBe('');
    expect(readFileSync(report)).toEqual(before);
    expect(temporaryFiles(dir)).toEqual([]);

    const json = cli(['build', report, '-o', report, '--json']);
    expect(json.status).toBe(2);
    expect(json.stderr).toBe('');
    const doc = JSON.parse(json.stdout);
    expect(doc.exitCode).toBe(2);
    expect(doc.decks[0].diagnostics[0].code).toBe('output-is-input');
    expect(readFileSync(report)).toEqual(before);
  });

  it('sees through other names of the same file: a relative path, a symbolic link, a hard link, a linked data file', () => {
    const { dir, report } = folder();
    const before = readFileSync(report);
    symlinkSync(report, join(dir, 'link.pptx'));
    linkSync(report, join(dir, 'hard.pptx'));
    symlinkSync(report, join(dir, 'data-link.yaml'));
    for (const [data, out] of [
      ['report.yaml', './report.yaml'],
      [report, join(dir, 'link.pptx')],
      [report, join(dir, 'hard.pptx')],
      [join(dir, 'data-link.yaml'), report],
    ] as const) {
      const r = cli(['build', data, '-o', out], { cwd: dir });
      expect(r.status, `${data} -o ${out}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`the output ${out} is the data file ${data}`);
    }
    expect(readFileSync(report)).toEqual(before);
    expect(readFileSync(join(dir, 'hard.pptx'))).toEqual(before);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('refuses a picture the report shows (the logo, a section picture) as the output', () => {
    const dir = join(root, 'pictures');
    cpSync(PICTURES, dir, { recursive: true });
    const report = join(dir, 'report.yaml');
    for (const picture of ['logo.png', 'chart.jpg']) {
      const before = readFileSync(join(dir, picture));
      const r = cli(['build', report, '-o', join(dir, picture)]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`the output ${join(dir, picture)} is ${join(dir, picture)}, a picture the report shows`);
      expect(readFileSync(join(dir, picture))).toEqual(before);
    }
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('refuses every file of the templates: theme, outline, a layout, a partial, a master, a locale', () => {
    const { dir, report } = folder();
    const templates = join(dir, 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    const partial = readdirSync(join(templates, 'default', 'partials'))[0];
    const files = [
      join(templates, 'default', 'theme.yaml'),
      join(templates, 'default', 'outline.yaml'),
      join(templates, 'default', 'layouts', 'title.hbs'),
      join(templates, 'default', 'masters', readdirSync(join(templates, 'default', 'masters'))[0]!),
      join(templates, 'print', 'theme.yaml'),
      join(templates, 'locales', 'vi.yaml'),
      join(templates, 'locales', 'en.yaml'),
      ...(partial ? [join(templates, 'default', 'partials', partial)] : []),
    ];
    for (const file of files) {
      const before = readFileSync(file);
      const r = cli(['build', report, '--templates', templates, '-o', file]);
      expect(r.status, `${file}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`the output ${file} is ${file}, a file of the templates`);
      expect(readFileSync(file)).toEqual(before);
    }
  });

  it('knows the shipped templates too (a link to theme.yaml as -o), and a batch whose deck would replace its data', () => {
    const { dir, report } = folder();
    const shipped = join(TEMPLATES, 'default', 'theme.yaml');
    const before = readFileSync(shipped);
    symlinkSync(shipped, join(dir, 'theme-link.pptx'));
    const r = cli(['build', report, '-o', join(dir, 'theme-link.pptx')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`is ${shipped}, a file of the templates`);
    expect(readFileSync(shipped)).toEqual(before);

    // `--out-dir` writes <name>.pptx: a data file called deck.pptx would become its own deck.
    copyFileSync(report, join(dir, 'deck.pptx'));
    const batch = cli(['build', report, join(dir, 'deck.pptx'), '--out-dir', dir]);
    expect(batch.status).toBe(2);
    expect(batch.stderr).toContain(`the output ${join(dir, 'deck.pptx')} is the data file ${join(dir, 'deck.pptx')}`);
    expect(readFileSync(join(dir, 'deck.pptx'))).toEqual(readFileSync(report));
    expect(existsSync(join(dir, 'report.pptx'))).toBe(true); // the other deck of the batch is built
  });

  it('still builds over the last deck, and over a file that is not an input', () => {
    const { dir, report } = folder();
    const out = join(dir, 'deck.pptx');
    expect(cli(['build', report, '-o', out]).status).toBe(0);
    expect(cli(['build', report, '-o', out]).status).toBe(0);
    writeFileSync(join(dir, 'notes.txt'), 'not an input');
    expect(cli(['build', report, '-o', join(dir, 'notes.txt')]).status).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt')).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('only regular files are read, and never past the limit', () => {
  it('answers at once for a named pipe given as a template', () => {
    const { dir, report } = folder();
    const templates = join(dir, 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    const layout = join(templates, 'default', 'layouts', 'title.hbs');
    rmSync(layout);
    execFileSync('mkfifo', [layout]);
    const started = Date.now();
    const r = cli(['build', report, '--templates', templates, '-o', join(dir, 'deck.pptx')]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${layout}: error: ${layout} is a named pipe (FIFO), not a file [not-a-file]`);
  });

  it.skipIf(!existsSync('/proc/self/pagemap'))('stops reading a file past 10 MB even when its size says 0 (/proc/self/pagemap)', () => {
    const { dir } = folder();
    const file = join(dir, 'pagemap.yaml');
    symlinkSync('/proc/self/pagemap', file);
    const started = Date.now();
    const r = cli(['validate', file]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: error: ${file} is over 10 MB, the limit [too-large]`);
  });
});

describe('messages are honest', () => {
  it('reads a report with old Mac line ends (CR alone) as the report it is', () => {
    const { dir, report } = folder();
    writeFileSync(report, readFileSync(BASE, 'utf8').replace(/\n/g, '\r'));
    expect(cli(['validate', report]).stdout).toBe(`${report}: valid\n`);
    const r = cli(['build', report, '-o', join(dir, 'deck.pptx')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: 7 slides in /);
  });

  it('says the output is a folder (exit 3), and claims no last good deck there', () => {
    const { dir, report } = folder();
    const out = join(dir, 'decks');
    mkdirSync(out);
    const r = cli(['build', report, '-o', out]);
    expect(r.status).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(`${out}: error: cannot write the deck to ${out}: it is a folder [write-failed]`);
    expect(r.stderr).toMatch(/\n {2}hint: give a file name ending in \.pptx, or build into that folder with --out-dir/);
    expect(r.stderr).not.toContain('last good deck');
    expect(readdirSync(out)).toEqual([]);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('refuses a device or a named pipe as the output (exit 3): the rename would replace /dev/null for everyone', () => {
    const { dir, report } = folder();
    const pipe = join(dir, 'deck.pptx');
    execFileSync('mkfifo', [pipe]);
    for (const out of ['/dev/null', pipe]) {
      const before = lstatSync(out);
      const r = cli(['build', report, '-o', out]);
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr.split('\n')[0]).toBe(`${out}: error: cannot write the deck to ${out}: it is a device, pipe or socket, not a file [write-failed]`);
      const after = lstatSync(out);
      expect([after.ino, after.isFile()]).toEqual([before.ino, false]);
    }
    expect(temporaryFiles(dir)).toEqual([]);
    expect(temporaryFiles('/dev')).toEqual([]);
  });

  it('says the previous deck is kept only when there is one', () => {
    const { dir, report } = folder();
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(BASE, 'utf8').replace('value: 377000000', 'value: "377 triệu"'));
    const out = join(dir, 'deck.pptx');
    expect(cli(['build', broken, '-o', out]).stderr).not.toContain('last good deck');
    writeFileSync(join(dir, 'notes.txt'), 'not a deck');
    expect(cli(['build', broken, '-o', join(dir, 'notes.txt')]).stderr).not.toContain('last good deck');
    expect(cli(['build', report, '-o', out]).status).toBe(0);
    expect(cli(['build', broken, '-o', out]).stderr).toContain(`${out} was not changed: it is still the last good deck`);
  });

  it('writes a deck whose name is as long as the disk allows (255 bytes), in ASCII and in Vietnamese', () => {
    const { dir, report } = folder();
    for (const name of [`${'x'.repeat(250)}.pptx`, `${'ệ'.repeat(83)}.pptx`]) {
      expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(254);
      const out = join(dir, name);
      const r = cli(['build', report, '-o', out]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      expect(temporaryFiles(dir)).toEqual([]);
    }
  });

  it('prints control characters of file names escaped, in problems and in results', () => {
    const { dir, report } = folder();
    const missing = join(dir, 'a\u001b[2Jb.yaml');
    const r = cli(['validate', missing]);
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toContain(`${join(dir, 'a\\x1b[2Jb.yaml')}: error: ${join(dir, 'a\\x1b[2Jb.yaml')} does not exist [file-not-found]`);

    const out = join(dir, 'deck\u001b]0;title\u0007\u009b2J.pptx');
    const built = cli(['build', report, '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).not.toMatch(CONTROL);
    expect(built.stdout).toContain('deck\\x1b]0;title\\x07\\x9b2J.pptx: 7 slides');
    expect(existsSync(out)).toBe(true);

    const usage = cli(['build', report, '--frobnicate\u001b[2J']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).not.toMatch(CONTROL);
    expect(usage.stderr).toContain("unknown option '--frobnicate\\x1b[2J'");
  });

  it('keeps values as they are in --json, with C1 controls written as \\u escapes', () => {
    const { dir } = folder();
    const file = join(dir, 'keys.yaml');
    writeFileSync(file, readFileSync(BASE, 'utf8').replace('locale: vi\n', 'locale: vi\na\u009b2J\u001bb: 1\n'));
    const r = cli(['validate', file, '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(CONTROL);
    const doc = JSON.parse(r.stdout);
    const first = (doc.files?.[0]?.diagnostics ?? doc.diagnostics)[0];
    expect(first.dataPath).toBe('a\u009b2J\u001bb');
  });
});

describe('temporary files of killed builds', () => {
  it('are removed by the next build of the same deck; a running build\'s and another deck\'s are let be', () => {
    const { dir, report } = folder();
    const out = join(dir, 'deck.pptx');
    const dead = deadPid();
    const stale = [`.deck.pptx.briefdeck-${dead}.tmp`, `.deck.pptx.${dead}.tmp`]; // this version's name, and the older one
    const kept = [`.deck.pptx.briefdeck-${process.pid}.tmp`, `.other.pptx.briefdeck-${dead}.tmp`, `.deck.pptx.briefdeck-${dead}.tmp.bak`];
    for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), 'half a deck');
    const r = cli(['build', report, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const left = readdirSync(dir).filter((f) => f.startsWith('.'));
    expect(left.sort()).toEqual([...kept].sort());
  });

  it('are named to fit wherever the deck\'s name fits, and recognised when shortened', () => {
    const { dir, report } = folder();
    const name = `${'y'.repeat(250)}.pptx`;
    const dead = deadPid();
    // What a killed build of this deck leaves: the name cut so the whole is 255 bytes.
    const tail = `.briefdeck-${dead}.tmp`;
    const stale = `.${name}`.slice(0, 255 - tail.length) + tail;
    expect(Buffer.byteLength(stale)).toBe(255);
    writeFileSync(join(dir, stale), 'half a deck');
    const r = cli(['build', report, '-o', join(dir, name)]);
    expect(r.status, r.stderr).toBe(0);
    expect(temporaryFiles(dir)).toEqual([]);
  });
});
