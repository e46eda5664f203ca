/**
 * Themes that extend another: the print theme is its theme.yaml alone; a
 * layout added to the default builds under print; values merge map by map,
 * `null` removes one, lists are replaced; every finding is located in the
 * file that wrote the value; unknown parents and loops are located errors.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeck } from '../src/index.js';
import { loadTemplates } from '../src/templates/load.js';
import { mergeThemeData } from '../src/templates/inherit.js';
import { formatDataPath } from '../src/model/data-path.js';
import { BASE } from './fixtures/bad/cases.js';
import { TEMPLATES } from './helpers/build.js';
import { templatesWith } from './helpers/templates.js';
import { openDeck } from './helpers/pptx.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the shipped templates to change. */
const templatesCopy = (): string => templatesWith([], made);

const edit = (file: string, change: (data: Record<string, any>) => void): void => {
  const data = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  change(data);
  writeFileSync(file, stringify(data));
};

/** The minimal report, its first section's slides given by `layout`. */
function reportUsing(dir: string, layout: string): string {
  const data = parse(readFileSync(BASE, 'utf8')) as Record<string, any>;
  data.sections[0].slides = [{ layout }];
  const file = join(dir, 'report.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

describe('the print theme extends the default', () => {
  it('is its theme.yaml alone: no layout, partial, master or outline copied', () => {
    expect(readdirSync(join(TEMPLATES, 'print'))).toEqual(['theme.yaml']);
    expect(parse(readFileSync(join(TEMPLATES, 'print', 'theme.yaml'), 'utf8')).extends).toBe('default');
  });

  it('takes every layout, master and the outline from the default, and says where each comes from', async () => {
    const loaded = await loadTemplates(TEMPLATES, 'print', 'vi');
    expect(loaded.diagnostics).toEqual([]);
    const set = loaded.value!;
    expect(set.chain).toEqual(['print', 'default']);
    expect([...set.layouts.values()].every((l) => l.theme === 'default' && l.file.includes(join('default', 'layouts')))).toBe(true);
    expect(set.outlineFile).toBe(join(TEMPLATES, 'default', 'outline.yaml'));
    expect(set.themeFile).toBe(join(TEMPLATES, 'print', 'theme.yaml'));
    // Merged: print's own values, the default's for the rest, print's removals.
    expect(set.theme.name).toBe('print');
    expect(set.theme.colors.coverBackground).toBe('FFFFFF');
    expect(set.theme.colors.primary).toBe('0B3D6E');
    expect(set.theme.textStyles.coverTitle).toMatchObject({ color: 'primary', size: 38, bold: true });
    expect(set.theme.shapeStyles.card).toMatchObject({ line: 'rule', radius: 0.1 });
    expect(set.theme.shapeStyles.card?.fill).toBeUndefined();
    expect(set.theme.tableStyles.table?.stripeFill).toBeUndefined();
  });

  it('builds a layout added to the default, under --theme print', async () => {
    const dir = templatesCopy();
    writeFileSync(join(dir, 'default', 'layouts', 'thank-you.hbs'), '<slide master="content">\n  <text region="title" style="title">Cảm ơn: {{section.title}}</text>\n</slide>\n');
    const data = reportUsing(dir, 'thank-you');
    for (const theme of ['default', 'print']) {
      const out = await buildDeck({ data, templates: dir, theme });
      expect(out.diagnostics.filter((d) => d.severity === 'error'), theme).toEqual([]);
      const deck = openDeck(out.pptx!);
      const texts = Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
      expect(texts, theme).toContain('Cảm ơn:');
    }
  });

  it('uses a layout of its own over the inherited one of the same name', async () => {
    const dir = templatesCopy();
    const mine = '<slide master="content">\n  <text region="title" style="title">Bản in: {{section.title}}</text>\n</slide>\n';
    mkdirSync(join(dir, 'print', 'layouts'));
    writeFileSync(join(dir, 'print', 'layouts', 'bullets.hbs'), mine);
    const loaded = await loadTemplates(dir, 'print', 'vi');
    expect(loaded.value?.layouts.get('bullets')).toMatchObject({ theme: 'print', source: mine });
    expect(loaded.value?.layouts.get('chart')?.theme).toBe('default');
    expect((await loadTemplates(dir, 'default', 'vi')).value?.layouts.get('bullets')?.source).not.toBe(mine);
  });
});

describe('merging theme values', () => {
  it('merges maps key by key, replaces lists and scalars, removes what is null, and keeps name and description its own', () => {
    const parent = { name: 'default', description: 'd', colors: { a: '111111', b: '222222' }, chartColors: ['a', 'b', 'c'], styles: { t: { size: 30, bold: true, fill: 'a' } } };
    const child = { name: 'print', description: 'p', extends: 'default', colors: { b: '333333' }, chartColors: ['x', 'y', 'z'], styles: { t: { size: 20, fill: null } } };
    expect(mergeThemeData([child, parent])).toEqual({
      name: 'print',
      description: 'p',
      colors: { a: '111111', b: '333333' },
      chartColors: ['x', 'y', 'z'],
      styles: { t: { size: 20, bold: true } },
    });
  });

  it('takes nothing but its own name and description from a grandparent', () => {
    expect(mergeThemeData([{ name: 'c', description: 'c', extends: 'b' }, { name: 'b', extends: 'a', x: 1 }, { name: 'a', description: 'a', x: 0, y: 2 }])).toEqual({
      name: 'c',
      description: 'c',
      x: 1,
      y: 2,
    });
  });
});

describe('findings are located in the file that wrote the value', () => {
  it('a bad value the child inherits is reported in the parent\'s theme.yaml; one it writes, in its own', async () => {
    const dir = templatesCopy();
    const defaultTheme = join(dir, 'default', 'theme.yaml');
    const printTheme = join(dir, 'print', 'theme.yaml');
    writeFileSync(defaultTheme, readFileSync(defaultTheme, 'utf8').replace('  body: { size: 22,', '  body: { size: 10000,'));
    writeFileSync(printTheme, `${readFileSync(printTheme, 'utf8')}\nsize: { width: 0.01, height: 7.5 }\n`);
    const loaded = await loadTemplates(dir, 'print', 'vi');
    const where = loaded.diagnostics.map((d) => `${d.location?.file}:${d.location?.line} ${formatDataPath(d.dataPath ?? [])}`);
    const bodyLine = readFileSync(defaultTheme, 'utf8').split('\n').findIndex((l) => l.includes('size: 10000')) + 1;
    const sizeLine = readFileSync(printTheme, 'utf8').split('\n').findIndex((l) => l.startsWith('size:')) + 1;
    expect(where).toEqual(expect.arrayContaining([`${defaultTheme}:${bodyLine} textStyles.body.size`, `${printTheme}:${sizeLine} size.width`]));
  });

  it('an unknown parent is an error at the extends line, naming the themes there are', async () => {
    const dir = templatesCopy();
    const printTheme = join(dir, 'print', 'theme.yaml');
    writeFileSync(printTheme, readFileSync(printTheme, 'utf8').replace('extends: default', 'extends: defualt'));
    const [d, ...rest] = (await loadTemplates(dir, 'print', 'vi')).diagnostics;
    expect(rest).toEqual([]);
    const line = readFileSync(printTheme, 'utf8').split('\n').findIndex((l) => l.startsWith('extends:')) + 1;
    expect(d).toMatchObject({ code: 'unknown-theme', location: { file: printTheme, line, col: 10 }, dataPath: ['extends'] });
  });

  it('themes that extend each other are an error, not a hang', async () => {
    const dir = templatesCopy();
    edit(join(dir, 'default', 'theme.yaml'), (t) => (t.extends = 'print'));
    const [d, ...rest] = (await loadTemplates(dir, 'print', 'vi')).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'theme-invalid', location: { file: join(dir, 'default', 'theme.yaml') } });
    expect(JSON.stringify(d?.message)).toContain('print → default → print');
  });

  it('a theme with no layouts anywhere in its chain is an error', async () => {
    const dir = templatesCopy();
    edit(join(dir, 'print', 'theme.yaml'), (t) => delete t.extends);
    const result = await loadTemplates(dir, 'print', 'vi');
    expect(result.value).toBeUndefined();
    expect(existsSync(join(dir, 'print', 'layouts'))).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toContain('read-failed');
  });
});
