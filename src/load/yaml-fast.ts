/**
 * The fast read of a YAML file: its data, without source positions.
 *
 * `yaml` keeps a node with a range for every value so that any problem can be
 * pointed at `file:line:col`; on a 3.000-slide report that took 1,27 s of a
 * fresh process. Most builds report no problem at all, so the data
 * is read first through js-yaml's event stream (flat events with offsets, no
 * tree), and `yaml` runs only when a position is asked for (load/yaml.ts).
 *
 * The data must be exactly what `yaml` makes (its core schema, `toJS`), so
 * this read takes only the plain part of YAML and leaves everything else to
 * `yaml`, returning undefined:
 * - anything js-yaml refuses (the error is then `yaml`'s, as before), a
 *   carriage return not followed by a line feed, a tab in a line's
 *   indentation, and unusual characters (UNUSUAL_CHARACTER): the mutation
 *   test found the parsers disagreeing on each;
 * - a second document, directives, anchors, aliases, tags, collection keys,
 *   a key read as null (`yaml` makes it "", js-yaml "null"), `<<`, and a key
 *   written twice however spelt (1 and "1" are one key once data is made);
 * - an empty file or one holding a bare scalar (they have their own messages);
 * - nesting deeper than FAST_DEPTH (a report nests 8 levels; depth.ts judges
 *   deeper files, with its messages);
 * - a possible decimal comma in [ ] or { } (`[198,25, 203,9]`): slips.ts
 *   judges those, on `yaml`'s nodes.
 * Plain scalars are resolved by the same tests and conversions as `yaml`'s
 * core schema (CORE_SCALARS below). tests/load/yaml-fast.test.ts compares
 * both reads on every YAML file of the project and on generated and mutated
 * text.
 */
import { COLLECTION_STYLE, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { DataPath } from '../model/data-path.js';

/** Collections inside one another that the fast read accepts; deeper files go to `yaml` and depth.ts. */
export const FAST_DEPTH = 32;

export interface PlainYaml {
  data: unknown;
  /** Every value written as a plain scalar that reads as a number, in document order: notation checks need its text. */
  numbers: PlainNumber[];
}

export interface PlainNumber {
  path: DataPath;
  /** As typed: "1.245". */
  source: string;
  value: number;
}

/**
 * `yaml`'s core schema for plain scalars (yaml/dist/schema/core), in its
 * order: the first test that matches gives the value; none gives the text.
 */
const CORE_SCALARS: readonly { test: RegExp; resolve: (source: string) => unknown }[] = [
  { test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null },
  { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (s) => s[0] === 't' || s[0] === 'T' },
  { test: /^0o[0-7]+$/, resolve: (s) => parseInt(s.substring(2), 8) },
  { test: /^[-+]?[0-9]+$/, resolve: (s) => parseInt(s, 10) },
  { test: /^0x[0-9a-fA-F]+$/, resolve: (s) => parseInt(s.substring(2), 16) },
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: (s) => parseFloat(s) },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: (s) => parseFloat(s) },
];

export function resolvePlainScalar(source: string): unknown {
  for (const { test, resolve } of CORE_SCALARS) if (test.test(source)) return resolve(source);
  return source;
}

/** A collection being filled, with what its next scalar is for. */
interface Open {
  value: unknown[] | Record<string, unknown>;
  isMap: boolean;
  flow: boolean;
  /** In a mapping: the key waiting for its value. */
  key?: string;
  /** Where this collection sits in the data. */
  path: DataPath;
  /** The previous scalar in a flow collection, for the decimal-comma test. */
  previous?: { event: ScalarEvent; source: string };
}

/** A carriage return alone ends a line for js-yaml, as YAML says, but not for `yaml`, which reads such a file as one line. */
const LONE_CR = /\r(?!\n)/;
/** A tab in a line's indentation: the parsers disagree on where such a line belongs (`yaml` refuses some that js-yaml takes). */
const TAB_INDENT = /^ *\t/m;
/**
 * Characters a report has no use for, on which the parsers may differ: control
 * characters but tab and line ends, U+0085, the Unicode line and paragraph
 * separators, a byte order mark past the first character, noncharacters and
 * lone surrogates.
 */
const UNUSUAL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|(?<!^)\ufeff|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Not something this read takes: the file goes to `yaml`. */
class NotPlain extends Error {}

export function readPlainYaml(text: string): PlainYaml | undefined {
  if (LONE_CR.test(text) || TAB_INDENT.test(text) || UNUSUAL_CHARACTER.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: FAST_DEPTH + 1 });
  } catch {
    return undefined;
  }
  try {
    return build(events, text);
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

function build(events: readonly Event[], text: string): PlainYaml | undefined {
  const stack: Open[] = [];
  const numbers: PlainNumber[] = [];
  let root: unknown;
  let documents = 0;
  const refuse = (): never => {
    throw new NotPlain();
  };

  /** Put a value where the innermost collection expects it; returns its step (key or index) there, undefined at the root. */
  const place = (value: unknown): string | number | undefined => {
    const open = stack[stack.length - 1];
    if (!open) {
      root = value;
      return undefined;
    }
    if (!open.isMap) {
      const list = open.value as unknown[];
      return list.push(value) - 1;
    }
    const key = open.key ?? refuse();
    open.key = undefined;
    const map = open.value as Record<string, unknown>;
    // As yaml's toJS: a "__proto__" key is data, not the object's prototype.
    if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
    else map[key] = value;
    return key;
  };
  /** The data path of a value just placed at `step`: made only for collections and numbers, not for every text. */
  const pathTo = (step: string | number | undefined): DataPath => {
    const parent = stack[stack.length - 1];
    return step === undefined || !parent ? [] : [...parent.path, step];
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents += 1;
        if (documents > 1 || event.directives.length > 0) refuse();
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        if (event.anchorStart >= 0 || event.tagStart >= 0 || stack.length >= FAST_DEPTH) refuse();
        const parent = stack[stack.length - 1];
        if (parent?.isMap && parent.key === undefined) refuse(); // a collection as a key
        if (parent) parent.previous = undefined;
        const isMap = event.type === EVENT_ID.MAPPING;
        const value = isMap ? {} : [];
        const path = pathTo(place(value));
        stack.push({ value, isMap, flow: event.style === COLLECTION_STYLE.FLOW, path });
        break;
      }
      case EVENT_ID.SCALAR:
        scalar(event);
        break;
      case EVENT_ID.ALIAS:
        refuse();
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }

  function scalar(event: ScalarEvent): void {
    if (event.anchorStart >= 0 || event.tagStart >= 0) refuse();
    const source = getScalarValue(text, event);
    const plain = event.style === SCALAR_STYLE.PLAIN;
    const value = plain ? resolvePlainScalar(source) : source;
    const open = stack[stack.length - 1];
    if (open?.flow) {
      if (plain && mayBeDecimalComma(text, open.previous, event, source)) refuse();
      open.previous = plain ? { event, source } : undefined;
    }
    if (open?.isMap && open.key === undefined) {
      if (value === null) refuse();
      const key = String(value);
      if (key === '<<' || Object.prototype.hasOwnProperty.call(open.value, key)) refuse();
      open.key = key;
      return;
    }
    const step = place(value);
    if (plain && typeof value === 'number') numbers.push({ path: pathTo(step), source, value });
  }

  if (documents !== 1 || root === null || typeof root !== 'object') return undefined;
  return { data: root, numbers };
}

/**
 * Whole digits, a "," with nothing after it, then digits: what slips.ts may
 * call a decimal comma (18,3). A wider net than slips.ts's, so that every
 * file it would flag is read by `yaml`.
 */
function mayBeDecimalComma(text: string, previous: Open['previous'], event: ScalarEvent, source: string): boolean {
  if (!previous || !/^\d+$/.test(source) || !/^[-+]?\d+$/.test(previous.source)) return false;
  return text.slice(previous.event.valueEnd, event.valueStart).endsWith(',');
}
