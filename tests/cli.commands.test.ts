/** The built CLI: commands, messages and the exit codes the README documents. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFERENCE } from './helpers/build.js';
import { cli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'briefdeck-cli-'));

/** The conference data with one line replaced: the way staff break it. */
function brokenCopy(dir: string, from: RegExp, to: string): string {
  const text = readFileSync(CONFERENCE, 'utf8');
  expect(text).toMatch(from);
  const file = join(dir, 'report.yaml');
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe('briefdeck build', () => {
  it('writes the deck and prints its path, slide count and time', () => {
    const out = join(tmp(), 'deck.pptx');
    const r = cli(['build', CONFERENCE, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const deck = openDeck(readFileSync(out));
    expect(r.stdout).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${deck.slideCount} slides in \\d+\\.\\d\\d s\\n$`));
  });

  it('writes to out/<data-name>.pptx by default', () => {
    const dir = tmp();
    const r = cli(['build', CONFERENCE], { cwd: dir });
    expect(r.status).toBe(0);
    expect(statSync(join(dir, 'out', 'bo-tttt-so-ket-6-thang-2020.pptx')).size).toBeGreaterThan(10_000);
  });

  it('gives byte-identical decks for the same input, whatever the time zone', () => {
    const dir = tmp();
    const a = join(dir, 'a.pptx');
    const b = join(dir, 'b.pptx');
    expect(cli(['build', CONFERENCE, '-o', a], { env: { TZ: 'Asia/Ho_Chi_Minh' } }).status).toBe(0);
    expect(cli(['build', CONFERENCE, '-o', b], { env: { TZ: 'America/Los_Angeles' } }).status).toBe(0);
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
  });

  it('dates the document from the meeting, or from SOURCE_DATE_EPOCH', () => {
    const dir = tmp();
    const core = (file: string): string => openDeck(readFileSync(file)).parts.get('docProps/core.xml')!;
    expect(cli(['build', CONFERENCE, '-o', join(dir, 'a.pptx')]).status).toBe(0);
    expect(core(join(dir, 'a.pptx'))).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2020-07-06T00:00:00Z</dcterms:modified>');
    expect(cli(['build', CONFERENCE, '-o', join(dir, 'b.pptx')], { env: { SOURCE_DATE_EPOCH: '1600000000' } }).status).toBe(0);
    expect(core(join(dir, 'b.pptx'))).toContain('2020-09-13T12:26:40Z');
    const bad = cli(['build', CONFERENCE, '-o', join(dir, 'c.pptx')], { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(bad.status).toBe(2);
  });

  it('cannot write into a folder that cannot exist: exit 3, a plain message, no temporary file left', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const r = cli(['build', CONFERENCE, '-o', join(dir, 'not-a-folder', 'deck.pptx')]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/cannot write .*deck\.pptx \((EEXIST|ENOTDIR)\) \[write-failed\]/);
    expect(r.stderr).toContain('hint: a file stands where the output folder should be');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['not-a-folder']);
  });

  it('replaces a deck that is open read-only by renaming, and leaves no temporary file after success', () => {
    const dir = tmp();
    const out = join(dir, 'deck.pptx');
    writeFileSync(out, 'old');
    chmodSync(out, 0o444);
    expect(cli(['build', CONFERENCE, '-o', out]).status).toBe(0);
    expect(readdirSync(dir)).toEqual(['deck.pptx']);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('leaves the previous deck untouched when a build fails', () => {
    const dir = tmp();
    const out = join(dir, 'deck.pptx');
    expect(cli(['build', CONFERENCE, '-o', out]).status).toBe(0);
    const before = readFileSync(out);
    const bad = brokenCopy(dir, /value: 377000000/, 'value: "377 triệu"');
    const r = cli(['build', bad, '-o', out]);
    expect(r.status).toBe(1);
    expect(Buffer.compare(readFileSync(out), before)).toBe(0);
  });

  it('locates an unknown layout named in the data and lists the valid ones', () => {
    const dir = tmp();
    const file = join(dir, 'report.yaml');
    const fixture = readFileSync(join('tests', 'fixtures', 'every-layout.yaml'), 'utf8');
    writeFileSync(file, fixture.replace('    notes: Ghi chú bưu chính\n', '    notes: Ghi chú bưu chính\n    slides: [{ layout: bulets, from: points }]\n'));
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('bulets')) + 1;
    const col = lines[line - 1]!.indexOf('bulets') + 1;
    const r = cli(['build', file, '-o', join(dir, 'x.pptx')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:${line}:${col}: error: unknown layout "bulets" (at sections[0].slides[0].layout) [unknown-layout]`);
    expect(r.stderr).toMatch(/hint: use one of: .*bullets/);
  });

  it('says which theme names exist when the theme is unknown (exit 1)', () => {
    const r = cli(['build', CONFERENCE, '--theme', 'nope', '-o', join(tmp(), 'x.pptx')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown theme "nope"');
    expect(r.stderr).toMatch(/hint: use one of: .*default/);
  });
});

describe('briefdeck validate', () => {
  it('exits 0 on the conference data', () => {
    const r = cli(['validate', CONFERENCE]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('points at file:line:col with a hint when a figure is written as text', () => {
    const dir = tmp();
    const bad = brokenCopy(dir, /value: 377000000/, 'value: "377 triệu"');
    const line = readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('"377 triệu"')) + 1;
    const col = readFileSync(bad, 'utf8').split('\n')[line - 1]!.indexOf('"377 triệu"') + 1;
    const r = cli(['validate', bad]);
    expect(r.status).toBe(1);
    const [first, hint] = r.stderr.split('\n');
    expect(first).toBe(`${bad}:${line}:${col}: error: expected number, found text "377 triệu" (at sections[2].stats[0].value) [not-a-number]`);
    expect(hint).toMatch(/^ {2}hint: write the figure as a plain number/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  it('suggests the field meant by a misspelt key', () => {
    const bad = brokenCopy(tmp(), /^closing:/m, 'closng:');
    const r = cli(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown field "closng"');
    expect(r.stderr).toContain("hint: did you mean 'closing'?");
  });

  it('reports a YAML syntax error with its line', () => {
    const bad = brokenCopy(tmp(), /^locale: vi$/m, 'locale: vi\n\tbad: tab');
    const r = cli(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/report\.yaml:\d+:\d+: error: /);
  });

  it('exits 3 when the file cannot be read, and for a folder', () => {
    const missing = cli(['validate', join(tmp(), 'nope.yaml')]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('does not exist');
    const dir = tmp();
    mkdirSync(join(dir, 'data.yaml'));
    const folder = cli(['validate', join(dir, 'data.yaml')]);
    expect(folder.status).toBe(3);
    expect(folder.stderr).toContain('is a folder');
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command or a missing argument', () => {
    expect(cli(['frobnicate']).status).toBe(2);
    expect(cli(['build']).status).toBe(2);
  });

  it('prints help and the version', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/build \[options\] <data\.\.\.>/);
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('prints the JSON Schema of the data format', () => {
    const r = cli(['schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.sections.type).toBe('array');
    expect(schema.required).toEqual(expect.arrayContaining(['meeting', 'sections', 'closing']));
  });
});
