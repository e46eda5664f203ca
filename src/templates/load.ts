/**
 * The template edge: reads a theme folder (theme.yaml, outline.yaml,
 * layouts/*.hbs, masters/*.hbs) and the locale files, validating the YAML
 * with the same located diagnostics as the report data.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { error, hasErrors, type Diagnostic, type Result } from '../diagnostics.js';
import { listOf, t } from '../i18n/catalogue.js';
import { readText } from '../load/read.js';
import { parseYaml, type ParsedYaml } from '../load/yaml.js';
import { localeSchema, type Locale } from '../format/locale.js';
import { validateWith } from '../validate/validate.js';
import { checkOutline, checkTheme, checkWords, wordUses, type LocaleWords } from './check.js';
import { outlineSchema, themeSchema, type Outline, type Theme } from './theme.js';
import type { z } from 'zod';

export interface TemplateSource {
  name: string;
  file: string;
  source: string;
}

export interface TemplateSet {
  theme: Theme;
  themeFile: string;
  outline: Outline;
  outlineFile: string;
  layouts: Map<string, TemplateSource>;
  masters: Map<string, TemplateSource>;
  /** Pieces layouts share, used as {{> name}}. */
  partials: Map<string, TemplateSource>;
  locale: Locale;
}

export async function loadTemplates(templatesDir: string, themeName: string, localeCode: string): Promise<Result<TemplateSet>> {
  const themeDir = join(templatesDir, themeName);
  const themes = await listThemes(templatesDir);
  if (!themes.includes(themeName)) {
    const valid = themes;
    return {
      diagnostics: [
        error('unknown-theme', t('theme.unknown', { theme: themeName, folder: templatesDir }), {
          hint: t('schema.use-one-of.hint', { allowed: valid.length > 0 ? listOf(valid) : t('none-found') }),
        }),
      ],
    };
  }
  const [theme, outline, locale, layouts, masters, partials, otherWords] = await Promise.all([
    loadYaml(join(themeDir, 'theme.yaml'), themeSchema),
    loadYaml(join(themeDir, 'outline.yaml'), outlineSchema),
    loadYaml(join(templatesDir, 'locales', `${localeCode}.yaml`), localeSchema),
    loadSources(join(themeDir, 'layouts')),
    loadSources(join(themeDir, 'masters')),
    loadSources(join(themeDir, 'partials'), { optional: true }),
    otherLocaleWords(join(templatesDir, 'locales'), `${localeCode}.yaml`),
  ]);
  const diagnostics = [theme, outline, locale, layouts, masters, partials].flatMap((r) => r.diagnostics);
  // What the schemas cannot say: values a deck can hold, names that name something, each at its line.
  if (theme.value && theme.doc && masters.value) diagnostics.push(...checkTheme(theme.value, theme.doc, new Set(masters.value.keys())));
  if (outline.value && outline.doc && layouts.value) diagnostics.push(...checkOutline(outline.value, outline.doc, new Set(layouts.value.keys())));
  if (locale.value && locale.doc && layouts.value && masters.value && partials.value) {
    const uses = wordUses([...layouts.value.values(), ...partials.value.values(), ...masters.value.values()]);
    diagnostics.push(...checkWords(uses, locale.value.words, locale.doc, otherWords));
  }
  if (!theme.value || !outline.value || !locale.value || !layouts.value || !masters.value || !partials.value || hasErrors(diagnostics)) {
    return { diagnostics };
  }
  return {
    value: {
      theme: theme.value,
      themeFile: join(themeDir, 'theme.yaml'),
      outline: outline.value,
      outlineFile: join(themeDir, 'outline.yaml'),
      locale: locale.value,
      layouts: layouts.value,
      masters: masters.value,
      partials: partials.value,
    },
    diagnostics,
  };
}

/** One locale file, for checking a report's figures without loading a whole theme (`validate`). */
export function loadLocale(templatesDir: string, code: string): Promise<Result<Locale>> {
  return loadYaml(join(templatesDir, 'locales', `${code}.yaml`), localeSchema);
}

/** A YAML file checked against its schema, with the parsed document to locate later findings in. */
async function loadYaml<T>(file: string, schema: z.ZodType<T>): Promise<Result<T> & { doc?: ParsedYaml }> {
  const text = await readText(file);
  if (text.value === undefined) return { diagnostics: text.diagnostics };
  const parsed = parseYaml(text.value, file);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  return { ...validateWith(schema, parsed.value), doc: parsed.value };
}

/** The words of the other locale files beside this one; a file that does not read or parse has none. */
async function otherLocaleWords(dir: string, except: string): Promise<LocaleWords[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') && n !== except).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (n) => {
      const file = join(dir, n);
      const text = await readText(file);
      const data = text.value === undefined ? undefined : parseYaml(text.value, file).value?.data;
      const words = data !== null && typeof data === 'object' ? (data as { words?: unknown }).words : undefined;
      return { file, words: new Set(words !== null && typeof words === 'object' && !Array.isArray(words) ? Object.keys(words) : []) };
    }),
  );
}

async function loadSources(dir: string, { optional = false } = {}): Promise<Result<Map<string, TemplateSource>>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.hbs')).sort();
  } catch {
    if (optional) return { value: new Map(), diagnostics: [] };
    return { diagnostics: [error('read-failed', t('templates.unreadable', { folder: dir }), { hint: t('templates.unreadable.hint') })] };
  }
  const entries = await Promise.all(
    names.map(async (n) => ({ name: basename(n, '.hbs'), file: join(dir, n), text: await readText(join(dir, n)) })),
  );
  const diagnostics: Diagnostic[] = entries.flatMap((e) => e.text.diagnostics);
  const sources = new Map(
    entries.flatMap((e) => (e.text.value === undefined ? [] : [[e.name, { name: e.name, file: e.file, source: e.text.value }] as const])),
  );
  return { value: sources, diagnostics };
}

/**
 * The themes of a templates folder: its folders that hold a theme.yaml. Other
 * folders (locales/, the starter report of `briefdeck init`) are not themes.
 */
export async function listThemes(templatesDir: string): Promise<string[]> {
  const dirs = await listDirs(templatesDir);
  const isTheme = await Promise.all(dirs.map((d) => isFile(join(templatesDir, d, 'theme.yaml'))));
  return dirs.filter((_, i) => isTheme[i]);
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
