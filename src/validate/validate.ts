/**
 * Validation: plain data in, a typed `Report` or located diagnostics out.
 * Every zod issue becomes one diagnostic pointing at the YAML line it concerns.
 */
import type { z } from 'zod';
import { error, type Diagnostic, type DiagnosticCode, type Result } from '../diagnostics.js';
import { catalogues, listOf, t, type MessageKey, type ParamValue, type Text } from '../i18n/catalogue.js';
import { decimalCommaHint } from '../load/slips.js';
import type { DataPath, ParsedYaml } from '../load/yaml.js';
import { quoted } from '../load/yaml-errors.js';
import { reportSchema, type Report } from './schema.js';
import { sanitiseText } from './text.js';

export function validateReport(doc: ParsedYaml): Result<Report> {
  const text = sanitiseText(doc);
  const validated = validateWith(reportSchema, { ...doc, data: text.data });
  const diagnostics = [...text.diagnostics, ...validated.diagnostics];
  return diagnostics.length > 0 ? { diagnostics } : validated;
}

/** Validates any YAML document (report, theme, outline, locale) against a zod schema. */
export function validateWith<T>(schema: z.ZodType<T>, doc: ParsedYaml): Result<T> {
  // jitless: zod's fast path writes a parser for each object schema with `new Function` on its first parse,
  // 6-12 ms of a conference build (CPU profiles) for documents parsed once each. The plain path gives the same
  // results; validate at 3.000 slides took 142-156 ms jitless, 127-155 ms with the fast path (4 runs each, median 149 both).
  const parsed = schema.safeParse(doc.data, { reportInput: true, jitless: true });
  if (parsed.success) return { value: parsed.data, diagnostics: [] };
  return { diagnostics: withoutMisspelt(mostTelling(parsed.error.issues).flatMap((issue) => toDiagnostics(issue, doc, schema))) };
}

type Issue = z.core.$ZodIssue;

/**
 * A misspelt key ("closng") is both an unknown field and a missing one: say it
 * once, as the unknown field with its "did you mean 'closing'?".
 */
function withoutMisspelt(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (path: DataPath): string => JSON.stringify(path);
  const meant = new Set(
    diagnostics.filter((d) => d.code === 'unknown-field' && d.hint?.key === 'schema.did-you-mean.hint').map((d) => {
      const suggestion = String(d.hint?.params.suggestion ?? '');
      const at = d.dataPath ?? [];
      const parent = typeof at.at(-1) === 'string' ? at.slice(0, -1) : at;
      return key([...parent, suggestion]);
    }),
  );
  const kept = diagnostics.filter((d) => !(d.code === 'missing-field' && meant.has(key(d.dataPath ?? []))));
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
        dataPath: at,
        hint: suggestion
          ? t('schema.did-you-mean.hint', { suggestion })
          : known.length > 0
            ? t('schema.allowed-here.hint', { allowed: listOf(known) })
            : t('schema.remove.hint'),
      });
    });
  }
  // A block where a list item may be text or a block ({title, text}): say what is wrong with the block.
  const meant = colonText(issue) === undefined ? meantOption(issue) : undefined;
  if (meant) {
    const nested = meant.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue);
    return mostTelling(nested).flatMap((i) => toDiagnostics(i, doc, schema));
  }
  return [
    error(codeOf(issue), describe(issue), {
      location: doc.locate(path),
      dataPath: path,
      hint: hintFor(issue, doc, path),
    }),
  ];
}

/**
 * A stable code per kind of mistake, so messages can change and scripts still
 * match. Every issue zod can raise on a report has a code of its own: none
 * ends as a generic "schema" error.
 */
function codeOf(issue: Issue): DiagnosticCode {
  if (colonText(issue) !== undefined) return 'unquoted-colon';
  const expected = expectedTypes(issue);
  if (expected) {
    if (issue.input === undefined && !nonFinite(issue)) return 'missing-field';
    return typeCode(expected, issue.input);
  }
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' ? 'empty-list' : issue.origin === 'string' ? 'empty-text' : 'invalid-value';
    case 'too_big':
      return issue.origin === 'array' ? 'too-many-items' : 'invalid-value';
    case 'custom': {
      const code = (issue.params as { code?: DiagnosticCode } | undefined)?.code;
      return code ?? ruleOf(issue)?.code ?? 'invalid-value';
    }
    case 'invalid_format':
      // The pattern of text that must show something, or another (a section id).
      return issue.message === 'schema.empty-text' ? 'empty-text' : 'invalid-value';
    default:
      // invalid_value (a word not allowed), not_multiple_of, invalid_key…
      return 'invalid-value';
  }
}

/** The code of a value of the wrong type, by what was expected (zod's names) and what was found. */
function typeCode(expected: readonly string[], input: unknown): DiagnosticCode {
  if (expected.includes('string')) {
    if (input === null) return 'empty-text';
    if (typeof input === 'number' || typeof input === 'boolean') return 'not-text';
    return 'wrong-type';
  }
  if (expected.includes('number')) return 'not-a-number';
  if (expected.includes('int')) return typeof input === 'number' ? 'invalid-value' : 'not-a-number';
  // `closing:` with nothing under it: as good as missing.
  if (input === null) return 'missing-field';
  return 'wrong-type';
}

/** The types an issue says the value is not: [expected] for invalid_type; for a union, each option's that refused it by type. */
function refusedTypes(issue: Issue): string[] {
  if (issue.code === 'invalid_type') return [kindOf(issue.expected)];
  if (issue.code !== 'invalid_union') return [];
  return issue.errors.flatMap((option) =>
    option.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => kindOf((i as { expected: string }).expected)),
  );
}

/** zod's type names as a reader tells them apart: a tuple ([low, high]) is a list, a record a block. */
const KINDS: Readonly<Record<string, string>> = { tuple: 'array', set: 'array', record: 'object', map: 'object', nan: 'number' };
const kindOf = (expected: string): string => (Object.hasOwn(KINDS, expected) ? (KINDS[expected] ?? expected) : expected);

/** What was expected when the value has the wrong type: for a union, only when every option refused its type. */
function expectedTypes(issue: Issue): string[] | undefined {
  if (issue.code === 'invalid_type') return [kindOf(issue.expected)];
  if (issue.code !== 'invalid_union') return undefined;
  const refused = refusedTypes(issue);
  return refused.length === issue.errors.length && refused.length > 0 ? refused : undefined;
}

/** The one option of a union that took the value's type (a block, for text-or-{title, text}): its issues say what is wrong. */
function meantOption(issue: Issue): Issue[] | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const typed = issue.errors.filter((option) => !option.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  return typed.length === 1 ? typed[0] : undefined;
}

/**
 * `- Lưu ý: xem mục 3` without quotes is a block of one field, "Lưu ý", where
 * text was expected: the text as it was meant, else undefined. Only a field
 * name with a space in it counts (a real field name has none).
 */
function colonText(issue: Issue): string | undefined {
  if (!refusedTypes(issue).includes('string')) return undefined;
  const value = (issue as { input?: unknown }).input;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  const [key, inner] = entries[0] ?? [];
  if (entries.length !== 1 || key === undefined || !/\S\s+\S/.test(key)) return undefined;
  if (inner === null) return `${key}:`;
  return typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean' ? `${key}: ${String(inner)}` : undefined;
}

/** Checks that take only a message (a regex), so name no code or hint of their own: by their message key. */
const RULES: Readonly<Record<string, { code: DiagnosticCode; hint: MessageKey }>> = {
  'schema.id-format': { code: 'invalid-value', hint: 'schema.id-format.hint' },
};
const ruleOf = (issue: Issue): (typeof RULES)[string] | undefined => (Object.hasOwn(RULES, issue.message) ? RULES[issue.message] : undefined);

/** zod reports NaN and Infinity (YAML's .nan and .inf) as a wrong type. */
const nonFinite = (issue: Issue): string | undefined => {
  const received = (issue as { received?: unknown }).received;
  return received === 'NaN' || received === 'Infinity' ? received : undefined;
};

function describe(issue: Issue): Text {
  const special = nonFinite(issue);
  if (special) return t('schema.not-finite', { value: special });
  if (colonText(issue) !== undefined) return t('yaml.unquoted-colon');
  const expected = expectedTypes(issue);
  if (expected) {
    const input = (issue as { input?: unknown }).input;
    if (input === undefined) return t('schema.missing', { expected: expectedList(expected) });
    if (expected.length === 1 && expected[0] === 'int' && typeof input === 'number') return t('schema.not-whole', { value: preview(input) });
    return t('schema.wrong-type', { expected: expectedList(expected), found: valueOf(input) });
  }
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return t('schema.too-few', { count: String(issue.minimum) });
      if (issue.origin === 'string') return ruleText(issue) ?? t('schema.empty-text');
      return ruleText(issue) ?? t(issue.inclusive ? 'schema.too-small' : 'schema.too-small-exclusive', { minimum: limit(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'array') return t('schema.too-many', { count: String(issue.maximum) });
      if (issue.origin === 'string') return ruleText(issue) ?? t('schema.too-long', { maximum: limit(issue.maximum) });
      return ruleText(issue) ?? t(issue.inclusive ? 'schema.too-big' : 'schema.too-big-exclusive', { maximum: limit(issue.maximum) });
    case 'invalid_value':
      return t('schema.not-allowed', { found: preview(issue.input), allowed: listOf(issue.values.map(String)) });
    case 'not_multiple_of':
      return ruleText(issue) ?? t('schema.not-multiple', { divisor: limit(issue.divisor) });
    case 'invalid_format':
      return ruleText(issue) ?? t('schema.bad-format');
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

function hintFor(issue: Issue, doc: ParsedYaml, path: DataPath): Text {
  const ruleHint = (issue as { params?: { hint?: Text } }).params?.hint;
  if (ruleHint) return ruleHint;
  if (nonFinite(issue)) return t('schema.not-finite.hint');
  const colon = colonText(issue);
  if (colon !== undefined) return t('yaml.unquoted-colon.hint', { example: exampleAt(path, colon) });
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof issue.input === 'string') {
    // 27,1: a decimal comma, which YAML reads as text.
    const written = issue.input.trim();
    return /^[-+]?\d+,\d+$/.test(written) ? decimalCommaHint(written) : t('schema.text-for-number.hint');
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return t('schema.missing.hint');
  if (issue.code === 'too_small' && issue.origin === 'array') return t('schema.too-few.hint');
  if (issue.code === 'too_big' && issue.origin === 'array') return t('read.split.hint');
  if (issue.code === 'invalid_value') return t('schema.use-one-of.hint', { allowed: listOf(issue.values.map(String)) });
  const code = codeOf(issue);
  if (code === 'not-text') {
    const input = (issue as { input?: unknown }).input;
    return t('schema.not-text.hint', { example: exampleAt(path, doc.sourceOf(path) ?? String(input)) });
  }
  if (code === 'empty-text') return t('schema.empty-text.hint');
  if (code === 'invalid-value' && expectedTypes(issue)?.includes('int')) return t('schema.whole-number.hint');
  if (code === 'missing-field') return t('schema.fill-in.hint');
  if (code === 'wrong-type') {
    const expected = expectedTypes(issue) ?? [];
    if (expected.includes('string')) return t('schema.write-text.hint');
    if (expected.includes('array')) return t('schema.write-list.hint');
    if (expected.includes('boolean')) return t('schema.write-boolean.hint');
    return t('schema.write-block.hint');
  }
  const rule = ruleOf(issue);
  if (rule) return { key: rule.hint, params: {} };
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
    schema = unwrap(schema, typeof key === 'string' ? 'object' : 'array');
    const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === 'object' && typeof key === 'string') schema = def.shape?.[key];
    else if (def?.type === 'array' && typeof key === 'number') schema = def.element;
    else return undefined;
  }
  const def = (unwrap(schema, 'object') as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/**
 * Sees through default/nullable/optional/pipe wrappers to the schema that
 * holds the shape, and through a union to its option of the `kind` wanted
 * (the block of text-or-{title, text}).
 */
function unwrap(schema: unknown, kind?: 'object' | 'array'): unknown {
  type Def = { innerType?: unknown; in?: unknown; type?: string; options?: unknown[] };
  let current = schema as { def?: Def } | undefined;
  while (current?.def && (current.def.innerType !== undefined || current.def.type === 'pipe')) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  if (kind && current?.def?.type === 'union') {
    const option = current.def.options?.map((o) => unwrap(o) as { def?: Def }).find((o) => o.def?.type === kind);
    if (option) return option;
  }
  return current;
}


const EXPECTED: Readonly<Record<string, Text>> = {
  number: t('expected.number'),
  int: t('expected.number'),
  string: t('expected.string'),
  boolean: t('expected.boolean'),
  object: t('expected.object'),
  array: t('expected.array'),
};
const expectedType = (type: string): ParamValue => EXPECTED[type] ?? type;
/** "string", "string or object"…: the types a union's options expected, in the reader's words. */
const expectedList = (types: readonly string[]): ParamValue =>
  [...new Set(types)].map(expectedType).reduce((first, second) => t('schema.either', { first, second }));

/** A limit of a number check, written in the reader's language when it is whole (1.000.000 / 1,000,000). */
const limit = (value: unknown): ParamValue => (typeof value === 'number' && Number.isInteger(value) ? value : String(value));

/** The field (or list item) rewritten with its value in quotes, for a hint: `label: "2020"`. */
function exampleAt(path: DataPath, text: string): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `${last}: ${quoted(text)}` : quoted(text);
}

/** The value found, as "text "377 triệu"", "a list", "boolean true"…, in the reader's words. */
function valueOf(value: unknown): Text {
  if (value === null) return t('type.nothing');
  if (Array.isArray(value)) return t('type.list');
  if (typeof value === 'string') return t('type.value', { type: t('type.text'), value: preview(value) });
  if (typeof value === 'object') return t('type.block');
  if (typeof value === 'number') return t('type.number.value', { value: preview(value) });
  if (typeof value === 'boolean') return t('type.boolean.value', { value: preview(value) });
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
