/**
 * Parse YAML text into plain data while keeping a way back to the source:
 * `locate(path)` gives the line and column of any value, so later stages can
 * point at `file:line:col` without knowing about YAML.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import { error, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

export type DataPath = readonly (string | number)[];

export interface ParsedYaml {
  file: string;
  data: unknown;
  /** Where the value at `path` is written (its key, when it has no value). */
  locate(path: DataPath): SourceLocation;
  /** Where the key of the last step of `path` is written: for "unknown field" messages. */
  locateKey(path: DataPath): SourceLocation;
}

export function parseYaml(text: string, file: string): { value?: ParsedYaml; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const diagnostics = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? { line: 0, col: 0 };
    const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : e.code === 'TAB_AS_INDENT' ? 'tab-indent' : 'yaml-syntax';
    const detail = firstLine(e.message);
    return error(code, code === 'duplicate-key' ? t('yaml.duplicate-key', { detail }) : t('yaml.error', { detail }), {
      location: { file, line: pos.line, col: pos.col },
      hint: yamlHint(e.code),
    });
  });
  if (diagnostics.length > 0) return { diagnostics };

  const locateOffset = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
  if (doc.contents === null) {
    return {
      diagnostics: [error('empty-file', t('yaml.comments-only', { file }), { location: { file, line: 0, col: 0 }, hint: t('yaml.comments-only.hint') })],
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
    },
    diagnostics,
  };
}

/** The first alias that cannot be resolved, else the first alias. */
function firstAlias(doc: Document): Alias | undefined {
  let unresolved: Alias | undefined;
  let any: Alias | undefined;
  visit(doc, {
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
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    if (!pair) return undefined;
    return { node: pair.value, anchor: isNode(pair.value) ? pair.value : pair.key, key: pair.key };
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { node: item, anchor: item, key: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

const firstLine = (message: string): string => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');

function yamlHint(code: string): Text {
  switch (code) {
    case 'DUPLICATE_KEY':
      return t('yaml.duplicate-key.hint');
    case 'TAB_AS_INDENT':
      return t('yaml.tab.hint');
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return t('yaml.indent.hint');
    default:
      return t('yaml.syntax.hint');
  }
}
