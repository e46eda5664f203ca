/**
 * The template edge: reads a theme folder (theme.yaml, outline.yaml,
 * layouts/*.hbs, masters/*.hbs) and the locale files, validating the YAML
 * with the same located diagnostics as the report data.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { error, hasErrors, type Diagnostic, type Result } from '../diagnostics.js';
import { listOf, t } from '../i18n/catalogue.js';
import { loadImages } from '../load/images.js';
import { readText } from '../load/read.js';
import { parseYaml, type ParsedYaml } from '../load/yaml.js';
import { localeSchema, type Locale } from '../format/locale.js';
import { validateWith } from '../validate/validate.js';
import { checkOutline, checkTheme, checkWords, wordUses, type LocaleWords } from './check.js';
import { inheritedYaml } from './inherit.js';
import { outlineSchema, themeSchema, type MasterPicture, type Outline, type Theme } from './theme.js';
import type { z } from 'zod';

export interface TemplateSource {
  name: string;
  file: string;
  source: string;
  /** The theme whose folder holds it: the theme built, or one it extends. */
  theme: string;
}

export interface TemplateSet {
  theme: Theme;
  /** The theme built, then each theme it extends, in lookup order. */
  chain: string[];
  themeFile: string;
  outline: Outline;
  outlineFile: string;
  layouts: Map<string, TemplateSource>;
  masters: Map<string, TemplateSource>;
  /** Pieces layouts share, used as {{> name}}. */
  partials: Map<string, TemplateSource>;
  locale: Locale;
  /** The theme's pictures (masterPictures), loaded, by master. */
  masterPictures: Map<string, MasterPicture[]>;
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
  const chain = await loadThemeChain(templatesDir, themeName, themes);
  if (!chain.value) return { diagnostics: chain.diagnostics };
  const links = chain.value;
  const themeDoc = inheritedYaml(links.map((l) => l.doc));
  const theme = { ...validateWith(themeSchema, themeDoc), doc: themeDoc };
  const outlineFile = await firstFile(links.map((l) => join(l.dir, 'outline.yaml')));
  const [outline, locale, layouts, masters, partials, otherWords] = await Promise.all([
    loadYaml(outlineFile, outlineSchema),
    loadYaml(join(templatesDir, 'locales', `${localeCode}.yaml`), localeSchema),
    loadInherited(links, 'layouts'),
    loadInherited(links, 'masters'),
    loadInherited(links, 'partials', { optional: true }),
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
  const pictures = await loadMasterPictures(theme.value, links);
  diagnostics.push(...pictures.diagnostics);
  if (!pictures.value) return { diagnostics };
  return {
    value: {
      theme: theme.value,
      chain: links.map((l) => l.name),
      themeFile: join(themeDir, 'theme.yaml'),
      outline: outline.value,
      outlineFile,
      locale: locale.value,
      layouts: layouts.value,
      masters: masters.value,
      partials: partials.value,
      masterPictures: pictures.value,
    },
    diagnostics,
  };
}

/** Every template of a set, in one fixed order: layouts, masters, partials, each as loaded. */
export function templatesOf(set: TemplateSet): TemplateSource[] {
  return [...set.layouts.values(), ...set.masters.values(), ...set.partials.values()];
}

/** One locale file, for checking a report's figures without loading a whole theme (`validate`). */
export function loadLocale(templatesDir: string, code: string): Promise<Result<Locale>> {
  return loadYaml(join(templatesDir, 'locales', `${code}.yaml`), localeSchema);
}

/**
 * The pictures of `masterPictures`, each master's list read from the folder
 * of the theme that declares it (the nearest in the chain), with the checks
 * and located errors of the data's pictures: inside that folder, a regular
 * file, a PNG, JPEG or sandboxed SVG.
 */
async function loadMasterPictures(theme: Theme, links: readonly ThemeLink[]): Promise<Result<Map<string, MasterPicture[]>>> {
  const loaded = new Map<string, MasterPicture[]>();
  const diagnostics: Diagnostic[] = [];
  for (const [master, pictures] of Object.entries(theme.masterPictures)) {
    if (pictures.length === 0) continue;
    const declaring = links.find((l) => declares(l.doc.data, master)) ?? links[0];
    if (!declaring) continue;
    const refs = pictures.map((p, i) => ({ path: p.file, dataPath: ['masterPictures', master, i, 'file'] }));
    const images = await loadImages(refs, declaring.doc);
    diagnostics.push(...images.diagnostics);
    loaded.set(
      master,
      pictures.flatMap((p) => {
        const image = images.value.get(p.file);
        return image ? [{ image, region: p.region }] : [];
      }),
    );
  }
  return hasErrors(diagnostics) ? { diagnostics } : { value: loaded, diagnostics };
}

const declares = (data: unknown, master: string): boolean => {
  const pictures = (data as { masterPictures?: unknown } | null)?.masterPictures;
  return pictures !== null && typeof pictures === 'object' && Object.hasOwn(pictures, master);
};

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

async function loadSources(dir: string, theme: string, { optional = false } = {}): Promise<Result<Map<string, TemplateSource>>> {
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
    entries.flatMap((e) => (e.text.value === undefined ? [] : [[e.name, { name: e.name, file: e.file, source: e.text.value, theme }] as const])),
  );
  return { value: sources, diagnostics };
}

/** A theme folder in a chain, with its theme.yaml parsed. */
interface ThemeLink {
  name: string;
  dir: string;
  doc: ParsedYaml;
}

/** Themes one may extend in turn: more is a loop of extends, or a design no one can follow. */
const MAX_CHAIN = 8;

/**
 * The theme's theme.yaml, then that of the theme it `extends`, and so on:
 * an unknown parent, a theme that extends itself (directly or round a loop)
 * and a chain past MAX_CHAIN are each an error at the `extends` line.
 */
async function loadThemeChain(templatesDir: string, themeName: string, themes: readonly string[]): Promise<Result<ThemeLink[]>> {
  const links: ThemeLink[] = [];
  let name: string | undefined = themeName;
  while (name !== undefined) {
    const dir = join(templatesDir, name);
    const file = join(dir, 'theme.yaml');
    const text = await readText(file);
    if (text.value === undefined) return { diagnostics: text.diagnostics };
    const parsed = parseYaml(text.value, file);
    if (!parsed.value) return { diagnostics: parsed.diagnostics };
    const doc = parsed.value;
    links.push({ name, dir, doc });
    const parent = (doc.data as { extends?: unknown } | null)?.extends;
    if (parent === undefined || parent === null) break;
    const at = { location: doc.locate(['extends']), dataPath: ['extends'] };
    if (typeof parent !== 'string' || !themes.includes(parent)) {
      return {
        diagnostics: [
          error('unknown-theme', t('theme.unknown-parent', { theme: String(parent), folder: templatesDir }), {
            ...at,
            hint: t('schema.use-one-of.hint', { allowed: listOf(themes.filter((n) => n !== name)) }),
          }),
        ],
      };
    }
    if (links.some((l) => l.name === parent) || links.length >= MAX_CHAIN) {
      return { diagnostics: [error('theme-invalid', t('theme.extends-loop', { chain: [...links.map((l) => l.name), parent].join(' → ') }), { ...at, hint: t('theme.extends-loop.hint') })] };
    }
    name = parent;
  }
  return { value: links, diagnostics: [] };
}

/**
 * The layouts (masters, partials) of a theme and of those it extends: each
 * name is taken from the nearest theme that has it. At least one theme of
 * the chain must have the folder, unless it is optional.
 */
async function loadInherited(links: readonly ThemeLink[], folder: string, { optional = false } = {}): Promise<Result<Map<string, TemplateSource>>> {
  const found = await Promise.all(links.map((l) => loadSources(join(l.dir, folder), l.name, { optional: true })));
  const sources = new Map<string, TemplateSource>();
  for (const result of [...found].reverse()) for (const [name, source] of result.value ?? []) sources.set(name, source);
  const diagnostics = found.flatMap((r) => r.diagnostics);
  if (sources.size === 0 && !optional) {
    const dir = join(links[0]?.dir ?? '', folder);
    return { diagnostics: [...diagnostics, error('read-failed', t('templates.unreadable', { folder: dir }), { hint: t('templates.unreadable.hint') })] };
  }
  return { value: sources, diagnostics };
}

/** The first of `files` that exists, or else the first (whose read then says it is missing). */
async function firstFile(files: readonly string[]): Promise<string> {
  for (const file of files) if (await isFile(file)) return file;
  return files[0] ?? '';
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
