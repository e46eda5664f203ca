/**
 * Parse YAML text into plain data while keeping a way back to the source:
 * `locate(path)` gives the line and column of any value, so later stages can
 * point at `file:line:col` without knowing about YAML.
 */
import type { Alias, Document } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import { error, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import { MAX_DEPTH, measureDepth, scanDepth } from './depth.js';
import type { DataPath } from '../model/data-path.js';
import { decimalCommaHint, findDecimalCommas } from './slips.js';
import { sayYamlError } from './yaml-errors.js';
import { readPlainYaml, type PlainYaml } from './yaml-fast.js';

export type { DataPath } from '../model/data-path.js';

export interface ParsedYaml {
  file: string;
  data: unknown;
  /** Where the value at `path` is written (its key, when it has no value). */
  locate(path: DataPath): SourceLocation;
  /** Where the key of the last step of `path` is written: for "unknown field" messages. */
  locateKey(path: DataPath): SourceLocation;
  /** The scalar at `path` as it was typed ("6.2020", which YAML reads as 6.202): hints quote it. */
  sourceOf(path: DataPath): string | undefined;
  /** Every number written as a plain scalar, as it was typed ("1.245"), with its data path: notation checks need the text, not the value. */
  numberLiterals(): NumberLiteral[];
}

export interface NumberLiteral {
  path: DataPath;
  source: string;
  value: number;
  location: SourceLocation;
}

/** How `yaml` reads every file: the same options whether positions are wanted at once or later. */
const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: true, logLevel: 'error' } as const;

/**
 * The data of a YAML file, or its problems, located. A file in the plain part
 * of YAML (yaml-fast.ts) is read without positions, and `yaml` reads it
 * again only if something asks where a value is: a build without problems
 * never does.
 */
export function parseYaml(text: string, file: string): { value?: ParsedYaml; diagnostics: Diagnostic[] } {
  const plain = readPlainYaml(text);
  return plain ? { value: locatedOnDemand(text, file, plain), diagnostics: [] } : parseWithPositions(text, file);
}

function locatedOnDemand(text: string, file: string, plain: PlainYaml): ParsedYaml {
  let positions: { doc: Document; locateOffset: (offset: number) => SourceLocation } | undefined;
  const index = (): NonNullable<typeof positions> => {
    if (!positions) {
      const lineCounter = new (yamlLib().LineCounter)();
      const doc = yamlLib().parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
      positions = { doc, locateOffset: (offset) => ({ file, ...lineCounter.linePos(offset) }) };
    }
    return positions;
  };
  const locate = (path: DataPath): SourceLocation => index().locateOffset(offsetOf(index().doc, path));
  return {
    file,
    data: plain.data,
    locate,
    locateKey: (path) => index().locateOffset(offsetOf(index().doc, path, { key: true })),
    sourceOf: (path) => sourceOf(index().doc, path),
    // A literal's location is its value's: asked for only when it is reported.
    numberLiterals: () =>
      plain.numbers.map(({ path, source, value }) => ({
        path,
        source,
        value,
        get location() {
          return locate(path);
        },
      })),
  };
}

/** The full read, `yaml` with positions: every problem located; the files the fast read leaves to it. */
export function parseWithPositions(text: string, file: string): { value?: ParsedYaml; diagnostics: Diagnostic[] } {
  const lineCounter = new (yamlLib().LineCounter)();
  const tooDeep = (location: SourceLocation, dataPath?: DataPath): Diagnostic =>
    error('too-deep', t('yaml.too-deep-limit', { limit: MAX_DEPTH }), {
      location,
      ...(dataPath && dataPath.length > 0 ? { dataPath } : {}),
      hint: t('yaml.too-deep-limit.hint'),
    });
  // Nesting is measured before the parser runs: it recurses, and overflows its stack at about 900 levels.
  const deep = scanDepth(text);
  if (deep !== undefined) {
    const counter = new (yamlLib().LineCounter)();
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
    return { diagnostics: [tooDeep({ file, ...counter.linePos(deep) })] };
  }
  let doc: Document;
  try {
    doc = yamlLib().parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  } catch (e) {
    // Not expected after the scan; but a file, however odd, is a located problem, never a crash.
    if (!(e instanceof RangeError)) throw e;
    return { diagnostics: [tooDeep({ file, line: 0, col: 0 })] };
  }
  const locateOffset = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
  // A second document is an error only when it holds something: a trailing "---" (with comments) is let be.
  const errors = doc.errors.filter((e) => e.code !== 'MULTIPLE_DOCS');
  const second = doc.errors.some((e) => e.code === 'MULTIPLE_DOCS') ? secondDocument(text) : undefined;
  const diagnostics = onePerLine(
    errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 0, col: 0 };
      const said = sayYamlError(e.code, { text, offset: e.pos[0], parser: e.message });
      const location = said.offset === undefined ? { file, line: pos.line, col: pos.col } : locateOffset(said.offset);
      return error(said.code, said.message, { location, hint: said.hint });
    }),
  );
  if (second !== undefined) {
    const said = sayYamlError('MULTIPLE_DOCS', { text, offset: second, parser: '' });
    diagnostics.push(error(said.code, said.message, { location: locateOffset(second), hint: said.hint }));
  }
  if (diagnostics.length > 0) return { diagnostics };

  // Slips YAML reads without an error, but not as the person meant them.
  const slips = findDecimalCommas(doc, text).map((slip) =>
    error('decimal-comma', t('yaml.decimal-comma', { written: slip.written }), {
      location: locateOffset(slip.offset),
      dataPath: slip.path,
      hint: decimalCommaHint(slip.written),
    }),
  );
  if (slips.length > 0) return { diagnostics: slips };

  if (doc.contents === null || isEmptyScalar(doc.contents)) {
    return {
      diagnostics: [error('empty-file', t('yaml.comments-only', { file }), { location: { file, line: 0, col: 0 }, hint: t('yaml.comments-only.hint') })],
    };
  }
  // The exact depth, through aliases, and aliases inside their own anchor (&a [*a]), before toJS makes the data.
  const depth = measureDepth(doc);
  if (depth) {
    const location = locateOffset(depth.node.range?.[0] ?? 0);
    if (depth.kind === 'too-deep') return { diagnostics: [tooDeep(location, depth.path)] };
    return {
      diagnostics: [
        error('yaml-syntax', t('yaml.alias-recursive', { alias: depth.alias }), {
          location,
          ...(depth.path.length > 0 ? { dataPath: depth.path } : {}),
          hint: t('yaml.alias-recursive.hint'),
        }),
      ],
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Aliases are resolved only here: one without its anchor, or a "billion laughs" of them.
    const alias = firstAlias(doc);
    const message = e instanceof Error ? e.message : String(e);
    const excessive = /alias count/i.test(message);
    return {
      diagnostics: [
        error('yaml-syntax', excessive ? t('yaml.alias-bomb') : t('yaml.alias-missing', { alias: alias?.source ?? '' }), {
          location: alias?.range ? locateOffset(alias.range[0]) : { file, line: 0, col: 0 },
          hint: excessive ? t('yaml.alias-bomb.hint') : t('yaml.alias-missing.hint'),
        }),
      ],
    };
  }
  return {
    value: {
      file,
      data,
      locate: (path) => locateOffset(offsetOf(doc, path)),
      locateKey: (path) => locateOffset(offsetOf(doc, path, { key: true })),
      sourceOf: (path) => sourceOf(doc, path),
      numberLiterals: () => numberLiterals(doc, locateOffset),
    },
    diagnostics,
  };
}

function numberLiterals(doc: Document, locateOffset: (offset: number) => SourceLocation): NumberLiteral[] {
  const found: NumberLiteral[] = [];
  yamlLib().visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'number' || node.type !== 'PLAIN' || typeof node.source !== 'string') return;
      const path = ancestors.flatMap((a, i): (string | number)[] => {
        const child = ancestors[i + 1] ?? node;
        if (yamlLib().isSeq(a)) return [a.items.indexOf(child as never)];
        if (yamlLib().isPair(a) && yamlLib().isScalar(a.key)) return [String(a.key.value)];
        return [];
      });
      found.push({ path, source: node.source, value: node.value, location: locateOffset(node.range?.[0] ?? 0) });
    },
  });
  return found;
}

/** The first alias that cannot be resolved, else the first alias. */
function firstAlias(doc: Document): Alias | undefined {
  let unresolved: Alias | undefined;
  let any: Alias | undefined;
  yamlLib().visit(doc, {
    Alias(_, node) {
      any ??= node;
      if (!unresolved && node.resolve(doc) === undefined) unresolved = node;
    },
  });
  return unresolved ?? any;
}

/** Offset of the deepest node on `path` that exists: a missing key points at its parent. */
function offsetOf(doc: Document, path: DataPath, { key = false } = {}): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, step] of path.entries()) {
    const child = childOf(node, step);
    if (child === undefined) break;
    node = child.node;
    offset = rangeStart(key && i === path.length - 1 ? child.key : child.anchor) ?? offset;
  }
  return offset;
}

/** The child node to descend into, the node to point at (the value, or its key when the value is empty), and its key. */
function childOf(node: unknown, key: string | number): { node: unknown; anchor: unknown; key: unknown } | undefined {
  if (yamlLib().isMap(node)) {
    const pair = node.items.find((p) => yamlLib().isScalar(p.key) && String(p.key.value) === String(key));
    if (!pair) return undefined;
    return { node: pair.value, anchor: yamlLib().isNode(pair.value) ? pair.value : pair.key, key: pair.key };
  }
  if (yamlLib().isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { node: item, anchor: item, key: item };
  }
  return undefined;
}

function sourceOf(doc: Document, path: DataPath): string | undefined {
  let node: unknown = doc.contents;
  for (const step of path) {
    node = childOf(node, step)?.node;
    if (node === undefined) return undefined;
  }
  return yamlLib().isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
}

function rangeStart(node: unknown): number | undefined {
  return yamlLib().isNode(node) ? node.range?.[0] : undefined;
}

/**
 * Offset of the second document that holds data (its "---"), or undefined
 * when every document after the first is empty: a trailing "---", with
 * nothing but blank lines or comments after it, loses nothing.
 */
function secondDocument(text: string): number | undefined {
  const [, ...later] = yamlLib().parseAllDocuments(text, { uniqueKeys: true });
  const holding = later.find((d) => d.errors.length > 0 || !(d.contents === null || isEmptyScalar(d.contents)));
  return holding ? (holding.range[0] ?? 0) : undefined;
}

const isEmptyScalar = (node: unknown): boolean =>
  yamlLib().isScalar(node) && node.value === null && node.source === '' && !node.anchor && !node.tag;

/** One problem a line: the parser often reports one mistake several times over (a key, then its value…). */
function onePerLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  return diagnostics.filter((d) => {
    const line = d.location?.line ?? 0;
    if (line > 0 && seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}
