/**
 * What a theme folder may hold beyond the shape its schemas check: every
 * value a deck is drawn with must be one ECMA-376 (and PowerPoint) accepts,
 * every name must name something, so a theme the loader accepts always gives
 * a valid deck. Each refusal is located at its line in theme.yaml,
 * outline.yaml or the locale file; a name is looked up among the record's own
 * keys only, so "constructor" or "toString" never reach Object.prototype.
 */
import Handlebars from 'handlebars';
import { basename, dirname } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { listOf, t, type Text } from '../i18n/catalogue.js';
import type { DataPath, ParsedYaml } from '../load/yaml.js';
import { reportSchema, SECTION_CONTENT, sectionSchema } from '../validate/schema.js';
import type { TemplateSource } from './load.js';
import { LIMITS, type Outline, type Theme } from './theme.js';
import { SHIPPED_WORD_USES, type KnownWordUse } from './shipped-words.js';

const useOneOf = (names: readonly string[]): Text => t('schema.use-one-of.hint', { allowed: listOf(names) });
/** A hair of rounding: 0.6 + 12.13 is 12.730000000000002. */
const EPSILON = 1e-6;

interface Range {
  min: number;
  max: number;
}

/** The theme's values against what a deck may hold; `masters` are the master templates there are. */
export function checkTheme(theme: Theme, doc: ParsedYaml, masters: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fail = (path: DataPath, message: Text, hint: Text): void => {
    out.push(error('theme-invalid', message, { location: doc.locate(path), dataPath: path, hint }));
  };
  const inRange = (path: DataPath, value: number | undefined, range: Range, unit: Text, hint: Text): boolean => {
    if (value === undefined || (value >= range.min && value <= range.max)) return true;
    fail(path, t('theme.out-of-range', { value: doc.sourceOf(path) ?? String(value), min: range.min, max: range.max, unit }), hint);
    return false;
  };
  const points = (path: DataPath, value: number | undefined, range: Range): boolean =>
    inRange(path, value, range, t('theme.unit.pt'), t('theme.length.hint'));
  const fontSize = (path: DataPath, value: number | undefined): boolean =>
    inRange(path, value, LIMITS.fontSize, t('theme.unit.pt'), t('theme.font-size.hint'));
  const colour = (path: DataPath, value: string | undefined): void => {
    if (value === undefined || Object.hasOwn(theme.colors, value) || /^[0-9A-Fa-f]{6}$/.test(value)) return;
    fail(path, t('theme.colour-reference', { value }), t('markup.colour.hint', { names: listOf(Object.keys(theme.colors)) }));
  };
  const font = (path: DataPath, name: string): void => {
    const problem = fontNameProblem(name);
    if (problem) fail(path, problem, t('theme.font-name.hint'));
  };
  /** A style's font: a key of `fonts` (checked there), or a family name itself. */
  const fontOrKey = (path: DataPath, value: string): void => {
    if (!Object.hasOwn(theme.fonts, value)) font(path, value);
  };

  const { width, height } = theme.size;
  const sized =
    inRange(['size', 'width'], width, LIMITS.slide, t('theme.unit.in'), t('theme.slide-size.hint')) &&
    inRange(['size', 'height'], height, LIMITS.slide, t('theme.unit.in'), t('theme.slide-size.hint'));

  for (const [key, name] of Object.entries(theme.fonts)) font(['fonts', key], name);
  theme.chartColors.forEach((c, i) => colour(['chartColors', i], c));

  if (sized) {
    const longer = Math.max(width, height);
    for (const [key, value] of Object.entries(theme.spacing)) {
      inRange(['spacing', key], value, { min: 0, max: longer }, t('theme.unit.in'), t('theme.length.hint'));
    }
    for (const [key, r] of Object.entries(theme.regions)) {
      const path = ['regions', key];
      if (!(r.w > 0 && r.h > 0)) fail(path, t('theme.empty-region'), t('theme.region.hint'));
      else if (r.x + r.w > width + EPSILON) fail(path, t('theme.region-too-wide', { end: r.x + r.w, width }), t('theme.region.hint'));
      else if (r.y + r.h > height + EPSILON) fail(path, t('theme.region-too-tall', { end: r.y + r.h, height }), t('theme.region.hint'));
    }
    for (const [key, s] of Object.entries(theme.shapeStyles)) {
      inRange(['shapeStyles', key, 'radius'], s.radius, { min: 0, max: Math.min(width, height) / 2 }, t('theme.unit.in'), t('theme.length.hint'));
    }
  }

  for (const [master, pictures] of Object.entries(theme.masterPictures)) {
    if (!masters.has(master)) fail(['masterPictures', master], t('theme.unknown-master', { name: master }), t('schema.use-one-of.hint', { allowed: listOf([...masters]) }));
    pictures.forEach((p, i) => {
      if (!Object.hasOwn(theme.regions, p.region)) {
        fail(['masterPictures', master, i, 'region'], t('theme.unknown-region', { name: p.region }), t('schema.use-one-of.hint', { allowed: listOf(Object.keys(theme.regions)) }));
      }
    });
  }

  for (const [key, s] of Object.entries(theme.textStyles)) {
    const path = ['textStyles', key];
    fontOrKey([...path, 'font'], s.font);
    fontSize([...path, 'size'], s.size);
    fontSize([...path, 'minSize'], s.minSize);
    fontSize([...path, 'maxSize'], s.maxSize);
    colour([...path, 'color'], s.color);
    colour([...path, 'fill'], s.fill);
    inRange([...path, 'lineSpacing'], s.lineSpacing, LIMITS.lineSpacing, t('theme.unit.times'), t('theme.line-spacing.hint'));
    points([...path, 'paraSpaceAfter'], s.paraSpaceAfter, LIMITS.paraSpaceAfter);
    points([...path, 'margin'], s.margin, LIMITS.margin);
  }
  for (const [key, s] of Object.entries(theme.shapeStyles)) {
    colour(['shapeStyles', key, 'fill'], s.fill);
    colour(['shapeStyles', key, 'line'], s.line);
    points(['shapeStyles', key, 'lineWidth'], s.lineWidth, LIMITS.lineWidth);
  }
  const textStyles = Object.keys(theme.textStyles);
  for (const [key, s] of Object.entries(theme.tableStyles)) {
    for (const part of ['header', 'body'] as const) {
      if (!Object.hasOwn(theme.textStyles, s[part])) {
        fail(['tableStyles', key, part], t('markup.unknown-text-style', { name: s[part] }), useOneOf(textStyles));
      }
    }
    colour(['tableStyles', key, 'headerFill'], s.headerFill);
    colour(['tableStyles', key, 'stripeFill'], s.stripeFill);
    colour(['tableStyles', key, 'border'], s.border);
  }
  const { chart } = theme;
  fontOrKey(['chart', 'font'], chart.font);
  fontSize(['chart', 'size'], chart.size);
  fontSize(['chart', 'labelSize'], chart.labelSize);
  for (const key of ['color', 'gridColor', 'insideLabelColor', 'highlightColor'] as const) colour(['chart', key], chart[key]);

  const missing = theme.masters.flatMap((m, i) => (masters.has(m) ? [] : [{ m, i }]));
  if (missing.length > 0) {
    const [first] = missing;
    fail(['masters', first?.i ?? 0], t('theme.masters-missing', { names: listOf(missing.map((x) => x.m)) }), t('theme.masters-missing.hint'));
  }
  return out;
}

/** What is wrong with a font name, or undefined: it goes into the deck's XML as an attribute. */
export function fontNameProblem(name: string): Text | undefined {
  const length = [...name].length;
  if (name.trim() === '' || length > LIMITS.fontName.max) return t('theme.font-name-length', { max: LIMITS.fontName.max, count: length });
  // Controls, the characters markup is made of, and what XML cannot hold at all (lone surrogates, U+FFFE/FFFF).
  const bad = /[\u0000-\u001f\u007f-\u009f"<>&\ufffe\uffff]|[\ud800-\udfff]/u.exec(name)?.[0];
  if (bad === undefined) return undefined;
  const code = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const shown = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff\ud800-\udfff]/u.test(bad) ? code : `${bad} (${code})`;
  return t('theme.font-name', { name: JSON.stringify(name), char: shown });
}

// ---------------------------------------------------------------------------
// The outline

type Schema = { def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown } };

/** Sees through default, nullable, optional and pipe to the schema of the value itself. */
function unwrap(schema: unknown): Schema | undefined {
  let current = schema as Schema | undefined;
  for (let i = 0; i < 20 && current?.def; i++) {
    const next = current.def.innerType ?? (current.def.type === 'pipe' ? current.def.in : undefined);
    if (next === undefined) break;
    current = next as Schema;
  }
  return current;
}

/** The schema of the field a dotted name reaches ("table.rows"), through own keys of object shapes only. */
function fieldAt(root: Schema, name: string): Schema | undefined {
  let current: Schema | undefined = root;
  for (const key of name.split('.')) {
    const shape = unwrap(current)?.def;
    if (shape?.type !== 'object' || !shape.shape || !Object.hasOwn(shape.shape, key)) return undefined;
    current = shape.shape[key] as Schema;
  }
  return current;
}

/** What opening and closing steps see: the meeting, the closing, and the agenda (a list made from the sections). */
const reportScope: Schema = {
  def: {
    type: 'object',
    shape: {
      meeting: (unwrap(reportSchema) as Schema).def?.shape?.meeting,
      closing: (unwrap(reportSchema) as Schema).def?.shape?.closing,
      agenda: { def: { type: 'array' } },
    },
  },
};

const isYesNo = (schema: Schema | undefined): boolean => unwrap(schema)?.def?.type === 'boolean';

/** Every `layout`, `from` and `when` of the outline names something real; located at its line in outline.yaml. */
export function checkOutline(outline: Outline, doc: ParsedYaml, layouts: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = [...layouts].sort();
  for (const part of ['opening', 'section', 'closing'] as const) {
    const section = part === 'section';
    const scope = section ? (sectionSchema as unknown as Schema) : reportScope;
    const scopeName = t(section ? 'outline.scope.section' : 'outline.scope.report');
    const fields = section ? [...SECTION_CONTENT] : ['meeting', 'agenda', 'closing'];
    const yesNo = Object.entries(unwrap(scope)?.def?.shape ?? {}).flatMap(([key, s]) => (isYesNo(s as Schema) ? [key] : []));
    outline[part].forEach((step, i) => {
      const at = (key: string): Pick<Diagnostic, 'location' | 'dataPath'> => ({ location: doc.locate([part, i, key]), dataPath: [part, i, key] });
      if (!layouts.has(step.layout)) {
        out.push(error('unknown-layout', t('layout.unknown-in-outline', { layout: step.layout }), { ...at('layout'), hint: useOneOf(known) }));
      }
      if (step.from !== undefined && !fieldAt(scope, step.from)) {
        out.push(
          error('theme-invalid', t('outline.unknown-field', { key: 'from', name: step.from, scope: scopeName }), { ...at('from'), hint: useOneOf(fields) }),
        );
      }
      if (step.when !== undefined) {
        const field = fieldAt(scope, step.when);
        if (yesNo.length === 0) {
          out.push(error('theme-invalid', t('outline.no-yes-no', { name: step.when }), { ...at('when'), hint: t('outline.no-yes-no.hint') }));
        } else if (!field) {
          out.push(
            error('theme-invalid', t('outline.unknown-field', { key: 'when', name: step.when, scope: scopeName }), {
              ...at('when'),
              hint: t('outline.when.hint', { allowed: listOf(yesNo) }),
            }),
          );
        } else if (!isYesNo(field)) {
          out.push(error('theme-invalid', t('outline.not-yes-no', { name: step.when }), { ...at('when'), hint: t('outline.when.hint', { allowed: listOf(yesNo) }) }));
        }
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The words of the locale that layouts use

/** A `{{t "word"}}` in a template, where it is written. */
export interface WordUse {
  word: string;
  source: TemplateSource;
  line: number;
  col: number;
}

/**
 * Every `{{t "word"}}` (or `(t "word")`) with a word written out; templates
 * that do not parse are the renderer's to report. A template whose text is
 * in `known` (the shipped ones, in the bundle: shipped-words.ts) is not parsed.
 */
export function wordUses(sources: Iterable<TemplateSource>, known: ReadonlyMap<string, readonly KnownWordUse[]> = SHIPPED_WORD_USES): WordUse[] {
  const uses: WordUse[] = [];
  for (const source of sources) {
    const found = known.get(source.source);
    if (found) {
      for (const [word, line, col] of found) uses.push({ word, source, line, col });
      continue;
    }
    let ast: hbs.AST.Program;
    try {
      ast = Handlebars.parse(source.source);
    } catch {
      continue;
    }
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.forEach(visit);
        return;
      }
      const n = node as { type?: string; path?: { type?: string; original?: unknown }; params?: { type?: string; value?: unknown }[]; loc?: hbs.AST.SourceLocation };
      const [first] = n.params ?? [];
      if (
        (n.type === 'MustacheStatement' || n.type === 'SubExpression') &&
        n.path?.type === 'PathExpression' &&
        n.path.original === 't' &&
        first?.type === 'StringLiteral' &&
        typeof first.value === 'string'
      ) {
        uses.push({ word: first.value, source, line: n.loc?.start.line ?? 0, col: (n.loc?.start.column ?? -1) + 1 });
      }
      for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
    };
    visit(ast);
  }
  return uses;
}

/** Another locale file's words, to tell a word the locale lacks from one no locale has. */
export interface LocaleWords {
  file: string;
  words: ReadonlySet<string>;
}

/**
 * Each word a layout uses is in the locale's `words`. A word another locale
 * has is missing from this one: located in the locale file. A word no locale
 * has is the layout's mistake: located at the {{t}} in the layout.
 */
export function checkWords(uses: readonly WordUse[], words: Readonly<Record<string, string>>, doc: ParsedYaml, others: readonly LocaleWords[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const said = new Set<string>();
  for (const use of uses) {
    if (Object.hasOwn(words, use.word) || said.has(use.word)) continue;
    said.add(use.word);
    const having = others.filter((o) => o.words.has(use.word)).map((o) => basename(o.file));
    if (having.length > 0) {
      out.push(
        error('missing-field', t('locale.word-missing', { word: use.word, layout: `${basename(dirname(use.source.file))}/${basename(use.source.file)}`, line: use.line }), {
          location: doc.locateKey(['words']),
          dataPath: ['words', use.word],
          hint: t('locale.word-missing.hint', { locales: listOf(having) }),
        }),
      );
    } else {
      out.push(
        error('template-render', t('template.unknown-word', { word: use.word, words: listOf(Object.keys(words)) }), {
          location: { file: use.source.file, line: use.line, col: use.col },
          hint: t('template.unknown-word.hint'),
        }),
      );
    }
  }
  return out;
}
