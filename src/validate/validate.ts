/**
 * Validation: plain data in, a typed `Report` or located diagnostics out.
 * Every zod issue becomes one diagnostic pointing at the YAML line it concerns.
 */
import type { z } from 'zod';
import { error, type Diagnostic, type DiagnosticCode, type Result } from '../diagnostics.js';
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
    diagnostics.filter((d) => d.code === 'unknown-field' && d.hint?.startsWith('did you mean')).map((d) => {
      const suggestion = /'([^']+)'/.exec(d.hint ?? '')?.[1] ?? '';
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
      return error('unknown-field', `unknown field "${key}"`, {
        location: doc.locateKey(at),
        dataPath: formatDataPath(at),
        hint: suggestion
          ? `did you mean '${suggestion}'?`
          : known.length > 0
            ? `remove it; allowed here: ${known.join(', ')}`
            : 'remove it',
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

function describe(issue: Issue): string {
  const special = nonFinite(issue);
  if (special) return `expected a number, found ${special}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `missing required field (expected ${issue.expected})`
        : `expected ${issue.expected}, found ${typeName(issue.input)} ${preview(issue.input)}`.trimEnd();
    case 'too_small':
      return issue.origin === 'array' ? `needs at least ${String(issue.minimum)} item(s)` : issue.message;
    case 'too_big':
      return issue.origin === 'array' ? `has more than ${String(issue.maximum)} items` : issue.message;
    case 'invalid_value':
      return `found ${preview(issue.input)}; expected one of: ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

function hintFor(issue: Issue): string {
  if (nonFinite(issue)) return 'write the figure as a plain number such as 27.1';
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof issue.input === 'string') {
    return 'write the figure as a plain number (377000000, 27.1) and put words such as "triệu" or "trên" in unit/qualifier';
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'add this field';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'add an item, or remove the empty list';
  if (issue.code === 'too_big' && issue.origin === 'array') return 'split the report into several files';
  if (issue.code === 'invalid_value') return `use one of: ${issue.values.map(String).join(', ')}`;
  const code = codeOf(issue);
  if (code === 'invalid-date') return 'write a real date as YYYY-MM-DD, e.g. 2020-07-06';
  if (code === 'negative-figure') return 'a fall is written as a change: change: { by: -26, against: … }';
  if (code === 'series-length') return 'give each series one value per category';
  if (code === 'row-length') return 'give each row one cell per column (an empty cell is "")';
  return 'see the data format in README.md, or run `briefdeck schema`';
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


function typeName(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  return typeof value === 'object' ? 'a block of fields' : typeof value;
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
