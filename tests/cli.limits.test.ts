/**
 * What a user can write or set that once ended in exit 70 (an internal
 * error), through the built CLI: SOURCE_DATE_EPOCH out of range, a report
 * of 8.000 sections, and a recursive alias in `diff`. Each is now a located
 * problem with its own exit code, or a deck. The corpus (cases-limits.yaml)
 * has the rest; the limits are in README.md ("Limits").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE } from './fixtures/bad/cases.js';
import { cli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

const STACK_TRACE = /\n\s+at .*\(.*:\d+:\d+\)/;
const dir = mkdtempSync(join(tmpdir(), 'briefdeck-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = readFileSync(BASE, 'utf8');
const coreDate = (deck: string): string | undefined => /<dcterms:modified[^>]*>([^<]*)</.exec(openDeck(readFileSync(deck)).parts.get('docProps/core.xml') ?? '')?.[1];

describe('SOURCE_DATE_EPOCH', () => {
  it('out of range (99999999999999, a date in the year 3 170 843) is a usage error, exit 2, with the value and a hint; no deck is written', () => {
    const deck = join(dir, 'epoch-huge.pptx');
    const r = cli(['build', BASE, '-o', deck], { env: { SOURCE_DATE_EPOCH: '99999999999999' } });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/SOURCE_DATE_EPOCH.*9999-12-31/);
    expect(r.stderr).toMatch(/\n {2}hint: /);
    expect(existsSync(deck)).toBe(false);
  });

  it('one second past 9999-12-31 23:59:59 is refused; that second itself, and 0 (1970), date the deck', () => {
    expect(cli(['build', BASE, '-o', join(dir, 'epoch-past.pptx')], { env: { SOURCE_DATE_EPOCH: '253402300800' } }).status).toBe(2);
    const last = join(dir, 'epoch-last.pptx');
    const r = cli(['build', BASE, '-o', last], { env: { SOURCE_DATE_EPOCH: '253402300799' } });
    expect(r.status, r.stderr).toBe(0);
    expect(coreDate(last)).toBe('9999-12-31T23:59:59Z');
    const zero = join(dir, 'epoch-zero.pptx');
    expect(cli(['build', BASE, '-o', zero], { env: { SOURCE_DATE_EPOCH: '0' } }).status).toBe(0);
    expect(coreDate(zero)).toBe('1970-01-01T00:00:00Z');
  });

  it('watch refuses it the same way, before building', () => {
    const r = cli(['watch', BASE, '-o', join(dir, 'epoch-watch.pptx')], { env: { SOURCE_DATE_EPOCH: '99999999999999' } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: SOURCE_DATE_EPOCH="99999999999999" is not a date a deck can carry/);
    expect(r.stdout).toBe('');
  });
});

describe('the meeting date', () => {
  it('builds on the first and last days a deck can carry, 1900-01-01 and 9999-12-31, dated by them', () => {
    for (const date of ['1900-01-01', '9999-12-31']) {
      const file = join(dir, `date-${date}.yaml`);
      const deck = join(dir, `date-${date}.pptx`);
      writeFileSync(file, base.replace('date: 2020-07-06', `date: ${date}`));
      expect(cli(['validate', file]).status).toBe(0);
      const r = cli(['build', file, '-o', deck]);
      expect(r.status, r.stderr).toBe(0);
      expect(coreDate(deck)).toBe(`${date}T00:00:00Z`);
    }
  });
});

describe('a report of 8.000 sections (within the 10.000 items of one list)', () => {
  const sections = (count: number, body: string): string =>
    base.replace(/^sections:\n[\s\S]*?(?=^closing:)/m, `sections:\n${Array.from({ length: count }, (_, i) => `  - title: Phần ${i + 1}\n    notes: Ghi chú\n${body}`).join('')}`);

  it('with five points each (56.000 slides at one item a slide) is refused by validate and by build alike, located, before a slide is drawn (was: exit 70 after 24 s)', { timeout: 60_000 }, () => {
    const file = join(dir, 'sections-8000-points.yaml');
    writeFileSync(file, sections(8000, '    points: [Một, Hai, Ba, Bốn, Năm]\n'));
    // Each section: its divider, its agenda line and 5 points; the title and closing: 2 + 7 × 7.143 > 50.000.
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l === '  - title: Phần 7143') + 1;
    const expected = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${line}:5: error: the report could make more than 50,000 slides.* \\(at sections\\[7142\\]\\) \\[too-many-items\\]`);
    for (const command of ['validate', 'build']) {
      const deck = join(dir, 'sections-8000-points.pptx');
      const r = cli(command === 'build' ? ['build', file, '-o', deck] : ['validate', file]);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(existsSync(deck)).toBe(false);
    }
  });
});

describe('diff', () => {
  it('reports a recursive alias in either file at its line, exit 1 (was: exit 70)', () => {
    const file = join(dir, 'recursive.yaml');
    writeFileSync(file, base.replace('  place: Huế\n', '  place: &a [*a]\n'));
    for (const args of [[BASE, file], [file, BASE]]) {
      const r = cli(['diff', ...args]);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`${file}:6:14: error: the alias *a is inside the block its anchor &a names`);
    }
  });

  it('reports year 0000 and 2.000 levels of nesting, located, exit 1', () => {
    const year = join(dir, 'year-0000.yaml');
    writeFileSync(year, base.replace('date: 2020-07-06', 'date: 0000-01-01'));
    const deep = join(dir, 'deep.yaml');
    writeFileSync(deep, base.replace('  place: Huế\n', `  place: ${'['.repeat(2000)}${']'.repeat(2000)}\n`));
    const dated = cli(['diff', BASE, year]);
    expect(dated.status, dated.stderr).toBe(1);
    expect(dated.stderr).toMatch(/year-0000\.yaml:7:9: error: .*\[invalid-date\]/);
    const nested = cli(['diff', deep, BASE]);
    expect(nested.status, nested.stderr).toBe(1);
    expect(nested.stderr).toMatch(/deep\.yaml:5:\d+: error: .*\[too-deep\]/);
  });
});
