/**
 * Validation: plain data in, a typed `Report` or located diagnostics out.
 * Every zod issue becomes one diagnostic pointing at the YAML line it concerns.
 */
import type { z } from 'zod';
import { error, type Diagnostic, type DiagnosticCode, type Result } from '../diagnostics.js';
import { catalogues, listOf, t, type MessageKey, type ParamValue, type Text } from '../i18n/catalogue.js';
import type { DataPath, ParsedYaml } from '../load/yaml.js';
import { formatDataPath } from './path.js';
import { reportSchema, type Report } from './schema.js';
import { sanitiseText } from './text.js';

export { formatDataPath } from './path.js';

export function validateReport(doc: ParsedYaml): Result<Report> {
  const text = sanitiseText(doc);
  const validated = validateWith(reportSchema, { ...doc, data: text.data });
  const diagnostics = [...text.diagnostics, ...validated.diagnostics];
  return diagnostics.length > 0 ? { diagnostics } : validated;
}

/** Validates any YAML document (report, theme, outline, locale) against a zod schema. */
export function validateWith<T>(schema: z.ZodType<T>, doc: ParsedYaml): Result<T> {
  const parsed = schema.safeParse(doc.data, { reportInput: true });
  if (parsed.success) return { value: parsed.data, diagnostics: [] };
  return { diagnostics: withoutMisspelt(mostTelling(parsed.error.issues).flatMap((issue) => toDiagnostics(issue, doc, schema))) };
}

type Issue = z.core.$ZodIssue;

/**
 * A misspelt key ("closng") is both an unknown field and a missing one: say it
 * once, as the unknown field with its "did you mean 'closing'?".
 */
function withoutMisspelt(diagnostics: Diagnostic[]): Diagnostic[] {
  const meant = new Set(
    diagnostics.filter((d) => d.code === 'unknown-field' && d.hint?.key === 'schema.did-you-mean.hint').map((d) => {
      const suggestion = String(d.hint?.params.suggestion ?? '');
      const parent = (d.dataPath ?? '').replace(/(^|\.)[^.[\]]+$/, '');
      return parent ? `${parent}.${suggestion}` : suggestion;
    }),
  );
  const kept = diagnostics.filter((d) => !(d.code === 'missing-field' && meant.has(d.dataPath ?? '')));
  // The unknown field first: it is the cause.
  return [...kept.filter((d) => d.code === 'unknown-field'), ...kept.filter((d) => d.code !== 'unknown-field')];
}

/** A value of the wrong type says it all: drop the other complaints zod makes about the same place. */
function mostTelling(issues: readonly Issue[]): Issue[] {
  const key = (issue: Issue): string => JSON.stringify(issue.path);
  const wrongType = new Set(issues.filter((i) => i.code === 'invalid_type').map(key));
  return issues.filter((i) => i.code === 'invalid_type' || !wrongType.has(key(i)));
}

function toDiagnostics(issue: Issue, doc: ParsedYaml, schema: z.ZodType): Diagnostic[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const at = [...path, key];
      const known = shapeAt(schema, path) ?? [];
      const suggestion = closest(key, known);
      return error('unknown-field', t('schema.unknown-field', { key }), {
        location: doc.locateKey(at),
        dataPath: formatDataPath(at),
        hint: suggestion
          ? t('schema.did-you-mean.hint', { suggestion })
          : known.length > 0
            ? t('schema.allowed-here.hint', { allowed: listOf(known) })
            : t('schema.remove.hint'),
      });
    });
  }
  return [
    error(codeOf(issue), describe(issue), {
      location: doc.locate(path),
      dataPath: formatDataPath(path),
      hint: hintFor(issue),
    }),
  ];
}

/** A stable code per kind of mistake, so messages can change and scripts still match. */
function codeOf(issue: Issue): DiagnosticCode {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined && !nonFinite(issue)) return 'missing-field';
      return issue.expected === 'number' ? 'not-a-number' : 'schema';
    case 'too_small':
      return issue.origin === 'array' ? 'empty-list' : 'schema';
    case 'too_big':
      return issue.origin === 'array' ? 'too-many-items' : 'schema';
    case 'invalid_value':
      return 'invalid-value';
    case 'custom': {
      const code = (issue.params as { code?: DiagnosticCode } | undefined)?.code;
      return code ?? 'schema';
    }
    default:
      return 'schema';
  }
}

/** zod reports NaN and Infinity (YAML's .nan and .inf) as a wrong type. */
const nonFinite = (issue: Issue): string | undefined => {
  const received = (issue as { received?: unknown }).received;
  return received === 'NaN' || received === 'Infinity' ? received : undefined;
};

function describe(issue: Issue): Text {
  const special = nonFinite(issue);
  if (special) return t('schema.not-finite', { value: special });
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? t('schema.missing', { expected: expectedType(issue.expected) })
        : t('schema.wrong-type', { expected: expectedType(issue.expected), found: valueOf(issue.input) });
    case 'too_small':
      if (issue.origin === 'array') return t('schema.too-few', { count: String(issue.minimum) });
      break;
    case 'too_big':
      if (issue.origin === 'array') return t('schema.too-many', { count: String(issue.maximum) });
      break;
    case 'invalid_value':
      return t('schema.not-allowed', { found: preview(issue.input), allowed: listOf(issue.values.map(String)) });
  }
  return ruleText(issue) ?? t('schema.other', { detail: issue.message });
}

/**
 * The schemas' own rules name a catalogue key as their message (`schemaRule`),
 * with the values it needs in `params.values`; zod's built-in messages do not.
 */
function ruleText(issue: Issue): Text | undefined {
  if (!Object.hasOwn(catalogues.en, issue.message)) return undefined;
  const values = (issue as { params?: { values?: Record<string, ParamValue> } }).params?.values ?? {};
  return { key: issue.message as MessageKey, params: values };
}

function hintFor(issue: Issue): Text {
  if (nonFinite(issue)) return t('schema.not-finite.hint');
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof issue.input === 'string') {
    return t('schema.text-for-number.hint');
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return t('schema.missing.hint');
  if (issue.code === 'too_small' && issue.origin === 'array') return t('schema.too-few.hint');
  if (issue.code === 'too_big' && issue.origin === 'array') return t('read.split.hint');
  if (issue.code === 'invalid_value') return t('schema.use-one-of.hint', { allowed: listOf(issue.values.map(String)) });
  const code = codeOf(issue);
  if (code === 'invalid-date') return t('schema.date.hint');
  if (code === 'negative-figure') return t('schema.negative.hint');
  if (code === 'series-length') return t('schema.series-length.hint');
  if (code === 'row-length') return t('schema.row-length.hint');
  return t('schema.see-format.hint');
}

/** Walks the zod schema along a data path to list the allowed keys of the object there. */
function shapeAt(root: z.ZodType, path: DataPath): string[] | undefined {
  let schema: unknown = root;
  for (const key of path) {
    schema = unwrap(schema);
    const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === 'object' && typeof key === 'string') schema = def.shape?.[key];
    else if (def?.type === 'array' && typeof key === 'number') schema = def.element;
    else return undefined;
  }
  const def = (unwrap(schema) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** Sees through default/nullable/optional/pipe wrappers to the schema that holds the shape. */
function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
  while (current?.def && (current.def.innerType !== undefined || current.def.type === 'pipe')) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
}


const EXPECTED: Readonly<Record<string, Text>> = {
  number: t('expected.number'),
  string: t('expected.string'),
  boolean: t('expected.boolean'),
  object: t('expected.object'),
  array: t('expected.array'),
};
const expectedType = (type: string): ParamValue => EXPECTED[type] ?? type;

/** The value found, as "text "377 triệu"", "a list", "boolean true"…, in the reader's words. */
function valueOf(value: unknown): Text {
  if (value === null) return t('type.nothing');
  if (Array.isArray(value)) return t('type.list');
  if (typeof value === 'string') return t('type.value', { type: t('type.text'), value: preview(value) });
  if (typeof value === 'object') return t('type.block');
  return t('type.value', { type: typeof value, value: preview(value) });
}

function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
