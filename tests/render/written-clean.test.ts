/**
 * The shipped template sets the build found clean (render/written-clean.ts):
 * the key covers everything the check reads, so an edited set is checked
 * again; the keys `npm run build` wrote are those of the shipped sets that
 * are clean; and a renderer from the build skips the check for them only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Renderer } from '../../src/render/render.js';
import { writtenKey } from '../../src/render/written-clean.js';
import { listThemes, loadTemplates, type TemplateSet } from '../../src/templates/load.js';
import { shippedSets } from '../../src/templates/shipped.js';
import { ROOT, TEMPLATES } from '../helpers/build.js';

const BUILT = join(ROOT, 'dist', 'render', 'written-clean.json');

async function shipped(theme = 'default', locale = 'vi'): Promise<TemplateSet> {
  const loaded = await loadTemplates(TEMPLATES, theme, locale);
  expect(loaded.diagnostics).toEqual([]);
  return loaded.value!;
}

/** The set with one template's text changed. */
function edited(set: TemplateSet, kind: 'layouts' | 'masters' | 'partials', change: (text: string) => string): TemplateSet {
  const [name, source] = [...set[kind]][0]!;
  return { ...set, [kind]: new Map([...set[kind], [name, { ...source, source: change(source.source) }]]) };
}

describe('writtenKey', () => {
  it('is the same for the same set, loaded twice', async () => {
    expect(writtenKey(await shipped())).toBe(writtenKey(await shipped()));
  });

  it('changes with any template, the theme or the locale', async () => {
    const set = await shipped();
    const key = writtenKey(set);
    const others = [
      edited(set, 'layouts', (t) => `${t} `),
      edited(set, 'masters', (t) => t.replace('<', '<!-- -->\n<')),
      edited(set, 'partials', (t) => t.slice(1)),
      { ...set, theme: { ...set.theme, colors: { ...set.theme.colors, primary: '000000' } } },
      { ...set, locale: { ...set.locale, decimal: set.locale.decimal === ',' ? '.' : ',' } },
      await shipped('default', 'en'),
      await shipped('print', 'vi'),
    ];
    const keys = others.map(writtenKey);
    expect(keys).not.toContain(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers all of the theme and the locale: JSON holds them whole', async () => {
    const set = await shipped();
    expect(JSON.parse(JSON.stringify(set.theme))).toEqual(set.theme);
    expect(JSON.parse(JSON.stringify(set.locale))).toEqual(set.locale);
  });
});

describe.runIf(existsSync(BUILT))('the keys npm run build wrote', () => {
  it('are those of the shipped sets the check finds clean, and only those', async () => {
    const written = new Set(JSON.parse(readFileSync(BUILT, 'utf8')) as string[]);
    const sets = await shippedSets();
    expect(sets.length).toBe((await listThemes(TEMPLATES)).length * 2); // each theme in en and vi
    let clean = 0;
    for (const set of sets) {
      const found = new Renderer(set).findWrittenMistakes();
      expect(written.has(writtenKey(set)), set.themeFile).toBe(found.length === 0);
      if (found.length === 0) clean += 1;
    }
    expect(clean).toBeGreaterThan(0);
    expect(written.size).toBe(clean);
  });

  it('let a renderer from the build skip the check for a shipped set, and not for one edited into a mistake', async () => {
    const dist = (file: string): Promise<unknown> => import(/* @vite-ignore */ join(ROOT, 'dist', file));
    const { Renderer: BuiltRenderer } = (await dist('render/render.js')) as { Renderer: typeof Renderer };
    const { knownClean } = (await dist('render/written-clean.js')) as { knownClean: (key: string) => boolean };
    const set = await shipped();
    expect(knownClean(writtenKey(set))).toBe(true);
    const broken = edited(set, 'layouts', (t) => t.replace(/<([a-z]+)/, '<$1 colour="red"'));
    expect(knownClean(writtenKey(broken))).toBe(false);
    expect(new BuiltRenderer(broken).checkWrittenMarkup().map((d) => d.code)).not.toEqual([]);
    expect(new BuiltRenderer(set).checkWrittenMarkup()).toEqual([]);
  });
});
