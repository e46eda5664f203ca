/**
 * The fixes of a slide or notes slide, and its accessibility marks, made
 * without building the part's tree: the same output as parsing it
 * (xml.ts), running the fixes and the marks on the tree and writing it
 * back, byte for byte, with less work: a 3.000-slide deck has 6.000 such
 * parts, 22 M characters, which as trees took more than half of emit;
 * warm, 220 ms against the tree's 365 ms.
 *
 * One pass over the text records each element's place in flat arrays; the
 * fixes then decide, on those arrays, what the tree fixes would change
 * (an element dropped, attributes set, markup put first or last in an
 * element, what an element holds replaced), and the part is written from
 * slices of its text with those changes. What the tree writes differently
 * from the text is written the same way here (`<a></a>` as `<a/>`).
 *
 * It takes only what it knows to write exactly as the tree would: canonical
 * tags (` name="value"` each), end tags as `</name>`, no comment,
 * instruction, CDATA or DOCTYPE inside the root, only the fixes it
 * implements (`FLAT_FIXES`), and no speaker note with a line break inside a
 * run (the notes-lines fix rebuilds those paragraphs). For anything else it
 * returns undefined and the tree does the work, including throwing on bad
 * XML. tests/pptx/flat-fix.test.ts holds it to the tree on every fixture
 * deck and on generated parts.
 */
import { decorativeMark, titleLocks, titlePlaceholder, type ShapeMarks } from './accessibility.js';
import { canonicalValue, decodeEntities, element, escapeAttribute, isSpace, readAttributes, sameText, serializeElement } from './xml.js';

/** The fixes this module makes, by name (src/pptx/fixes/slides.ts); a part any other fix names is left to the tree. */
export const FLAT_FIXES: ReadonlySet<string> = new Set(['paragraph-one-properties', 'unique-shape-ids', 'notes-line-paragraphs', 'text-language']);

/** What the fixes know of the deck: its language (the text-language fix). */
export interface FlatContext {
  lang: string;
}

/**
 * The part with the named fixes (in their registry order) and then the
 * marks applied, as the tree would write it; undefined when it is not a
 * part this module takes (see above).
 */
export function flatFix(source: string, fixes: readonly string[], cx: FlatContext, marks: readonly ShapeMarks[] | undefined): string | undefined {
  if (!fixes.every((f) => FLAT_FIXES.has(f))) return undefined;
  const flat = scan(source, fixes.includes('notes-line-paragraphs'));
  if (!flat) return undefined;
  const changes = new Changes(flat);
  for (const fix of fixes) {
    if (fix === 'paragraph-one-properties') oneParagraphProperties(flat, changes);
    else if (fix === 'unique-shape-ids' && !uniqueShapeIds(flat, changes)) return undefined;
    else if (fix === 'text-language') textLanguage(flat, changes, cx.lang);
    // notes-line-paragraphs changes nothing in a part `scan` took: it took no run with a line break.
  }
  if (marks && marks.length > 0) markShapes(flat, changes, marks);
  const fixed = write(flat, changes);
  flat.source = ''; // the scratch arrays stay; the part's text need not
  return fixed;
}

// ---------------------------------------------------------------------------
// Reading: each element's place, in document order (an element's index is
// smaller than its descendants')

interface Flat {
  source: string;
  count: number;
  /** Start and length of each attribute name of the tag being read, for the check that none comes twice. */
  names: Int32Array;
  /** Where its start tag opens (`<`). */
  open: Int32Array;
  /** Where its name ends: its attribute text runs from here to `attrsEnd`. */
  nameEnd: Int32Array;
  attrsEnd: Int32Array;
  /** Just after its start tag. */
  openEnd: Int32Array;
  /** Where its end tag opens (`</`), -1 for `<a/>`. */
  close: Int32Array;
  /** Just after the element. */
  end: Int32Array;
  parent: Int32Array;
  firstChild: Int32Array;
  lastChild: Int32Array;
  nextSibling: Int32Array;
  /** Which of the names the fixes look for it has (`NAMES`), 0 for any other. */
  kind: Uint8Array;
  /** Where its `lang` value starts and ends, -1 without one. */
  langFrom: Int32Array;
  langTo: Int32Array;
}

const K_P = 1;
const K_PPR = 2;
const K_CNVPR = 3;
const K_SPTREE = 4;
const K_R = 5;
const K_NVPR = 6;
const K_CNVSPPR = 7;
const K_PH = 8;
const K_EXTLST = 9;
const K_DECORATIVE = 10;
const K_TBLPR = 11;
const NAMES: ReadonlyMap<string, number> = new Map([
  ['a:p', K_P],
  ['a:pPr', K_PPR],
  ['p:cNvPr', K_CNVPR],
  ['p:spTree', K_SPTREE],
  ['a:r', K_R],
  ['p:nvPr', K_NVPR],
  ['p:cNvSpPr', K_CNVSPPR],
  ['p:ph', K_PH],
  ['a:extLst', K_EXTLST],
  ['adec:decorative', K_DECORATIVE],
  ['a:tblPr', K_TBLPR],
]);
/** The names above by length, to tell an element's kind without making a string of its name. */
const BY_LENGTH: readonly (readonly [string, number][])[] = (() => {
  const table: [string, number][][] = [];
  for (const [name, kind] of NAMES) (table[name.length] ??= []).push([name, kind]);
  return table;
})();

const GT = 0x3e;
const SLASH = 0x2f;
const SPACE = 0x20;

/**
 * The arrays every part is read into, one part at a time (a part is fixed
 * and written before the next is read): new typed arrays for each of 6.000
 * parts took longer than reading them. Grown by doubling.
 */
let scratch: Flat;

function newFlat(source: string, room: number): Flat {
  return {
    source,
    count: 0,
    names: new Int32Array(64),
    open: new Int32Array(room),
    nameEnd: new Int32Array(room),
    attrsEnd: new Int32Array(room),
    openEnd: new Int32Array(room),
    close: new Int32Array(room),
    end: new Int32Array(room),
    parent: new Int32Array(room),
    firstChild: new Int32Array(room),
    lastChild: new Int32Array(room),
    nextSibling: new Int32Array(room),
    kind: new Uint8Array(room),
    langFrom: new Int32Array(room),
    langTo: new Int32Array(room),
  };
}

scratch = newFlat('', 1024);

function grow(flat: Flat): Flat {
  const bigger = newFlat(flat.source, flat.open.length * 2);
  for (const key of ['open', 'nameEnd', 'attrsEnd', 'openEnd', 'close', 'end', 'parent', 'firstChild', 'lastChild', 'nextSibling', 'kind', 'langFrom', 'langTo'] as const) {
    (bigger[key] as Int32Array).set(flat[key] as Int32Array);
  }
  bigger.count = flat.count;
  return bigger;
}

/**
 * The elements of `source`, or undefined when it holds anything this module
 * does not write as the tree does (see the module's comment). With
 * `noLineBreakInRuns`, a text inside an `a:r` that holds a line break (or a
 * character reference, which may be one) is such a thing.
 */
function scan(source: string, noLineBreakInRuns: boolean): Flat | undefined {
  let flat = scratch;
  flat.source = source;
  flat.count = 0;
  const length = source.length;
  let current = -1; // the open element
  let rootSeen = false;
  let runs = 0; // open a:r elements
  let pos = 0;
  let lt = source.indexOf('<');
  for (;;) {
    // The text before the next tag.
    const textEnd = lt < 0 ? length : lt;
    if (textEnd > pos) {
      if (current < 0) {
        for (let i = pos; i < textEnd; i++) if (!isSpace(source.charCodeAt(i))) return undefined;
      } else if (runs > 0 && noLineBreakInRuns && /[\r\n]|&#/.test(source.slice(pos, textEnd))) return undefined;
    }
    if (lt < 0) break;
    const next = source.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      if (rootSeen || current >= 0) return undefined; // an instruction only before the root (the XML declaration)
      const close = source.indexOf('?>', lt + 2);
      if (close < 0) return undefined;
      pos = close + 2;
    } else if (next === 0x21 /* ! */) {
      return undefined;
    } else if (next === SLASH) {
      if (current < 0) return undefined;
      const nameStart = lt + 2;
      const nameLength = flat.nameEnd[current]! - flat.open[current]! - 1;
      if (source.charCodeAt(nameStart + nameLength) !== GT || !sameText(source, flat.open[current]! + 1, flat.nameEnd[current]!, nameStart, nameStart + nameLength)) return undefined;
      if (flat.kind[current] === K_R) runs--;
      flat.close[current] = lt;
      pos = flat.end[current] = nameStart + nameLength + 1;
      current = flat.parent[current]!;
    } else {
      if (current < 0 && rootSeen) return undefined; // a second root
      if (flat.count === flat.open.length) flat = scratch = grow(flat);
      const i = flat.count++;
      if (!startTag(flat, i, lt)) return undefined;
      flat.parent[i] = current;
      flat.firstChild[i] = -1;
      flat.nextSibling[i] = -1;
      if (current >= 0) {
        const last = flat.lastChild[current]!;
        if (last < 0) flat.firstChild[current] = i;
        else flat.nextSibling[last] = i;
        flat.lastChild[current] = i;
      }
      flat.lastChild[i] = -1;
      rootSeen = true;
      pos = flat.openEnd[i]!;
      if (flat.close[i] !== -1) {
        // Open: what follows is inside it.
        if (flat.kind[i] === K_R) runs++;
        current = i;
      }
    }
    lt = source.indexOf('<', pos);
  }
  return current < 0 && rootSeen ? flat : undefined;
}

/**
 * A canonical start tag: a name, then ` name="value"` for each attribute
 * with no `<` in a value, then `>` or `/>`; one match checks the whole tag.
 * A name holds none of the characters that end one for the tree (xml.ts
 * `endsName`), nor other white space, `<` or `"`: a tag the tree would read
 * otherwise is left to it.
 */
const CANONICAL_TAG = /<[^\s/>=<"]+(?: [^\s/>=<"]+="[^"<]*")*\/?>/y;

/**
 * Reads the start tag at `lt` into element `i`: false unless it is canonical
 * (see above) with no attribute twice. `close` is set to -1 for `<a/>` and
 * to 0 (unknown yet) otherwise.
 */
function startTag(flat: Flat, i: number, lt: number): boolean {
  const source = flat.source;
  CANONICAL_TAG.lastIndex = lt;
  if (!CANONICAL_TAG.test(source)) return false;
  const openEnd = CANONICAL_TAG.lastIndex;
  const empty = source.charCodeAt(openEnd - 2) === SLASH;
  const attrsEnd = openEnd - (empty ? 2 : 1);
  let nameEnd = lt + 1;
  while (nameEnd < attrsEnd && source.charCodeAt(nameEnd) !== SPACE) nameEnd++;
  flat.open[i] = lt;
  flat.nameEnd[i] = nameEnd;
  flat.attrsEnd[i] = attrsEnd;
  flat.openEnd[i] = openEnd;
  flat.close[i] = empty ? -1 : 0;
  if (empty) flat.end[i] = openEnd;
  flat.kind[i] = kindOf(source, lt + 1, nameEnd - lt - 1);
  flat.langFrom[i] = -1;
  flat.langTo[i] = -1;
  const names = flat.names;
  let count = 0;
  for (let pos = nameEnd; pos < attrsEnd; ) {
    const nameStart = pos + 1;
    const equals = source.indexOf('=', nameStart);
    const attributeLength = equals - nameStart;
    const valueEnd = source.indexOf('"', equals + 2);
    // No attribute twice: compared with the ones before it (a tag has few).
    for (let k = 0; k < count; k += 2) {
      if (names[k + 1] === attributeLength && sameText(source, names[k]!, names[k]! + attributeLength, nameStart, nameStart + attributeLength)) return false;
    }
    if (count + 2 > names.length) return false; // more attributes than any part of pptxgenjs's has: the tree reads it
    names[count] = nameStart;
    names[count + 1] = attributeLength;
    count += 2;
    if (attributeLength === 4 && source.startsWith('lang', nameStart)) {
      flat.langFrom[i] = equals + 2;
      flat.langTo[i] = valueEnd;
    }
    pos = valueEnd + 1;
  }
  return true;
}

function kindOf(source: string, from: number, length: number): number {
  const candidates = BY_LENGTH[length];
  if (candidates) for (const [name, kind] of candidates) if (source.startsWith(name, from)) return kind;
  return 0;
}

// ---------------------------------------------------------------------------
// What the fixes change

interface Change {
  /** The attributes as the tree's fixes left them (values encoded), when one was set. */
  attributes?: [string, string][];
  /** Markup put before its first child, and after its last. */
  first?: string;
  last?: string;
  /** Markup that replaces what it holds. */
  content?: string;
  removed?: boolean;
}

class Changes {
  readonly byElement = new Map<number, Change>();
  constructor(private readonly flat: Flat) {}

  of(i: number): Change {
    let change = this.byElement.get(i);
    if (!change) this.byElement.set(i, (change = {}));
    return change;
  }

  /** Whether element `i` is no longer in the part: it or an element around it was dropped. */
  gone(i: number): boolean {
    for (let k = i; k >= 0; k = this.flat.parent[k]!) if (this.byElement.get(k)?.removed) return true;
    return false;
  }

  /** An attribute's value, decoded, as the fixes so far left it; undefined when absent. */
  attr(i: number, name: string): string | undefined {
    const set = this.byElement.get(i)?.attributes;
    if (set) {
      for (const [n, v] of set) if (n === name) return decodeEntities(v);
      return undefined;
    }
    const written = writtenValue(this.flat, i, name);
    return written === undefined ? undefined : decodeEntities(written);
  }

  /** Sets an attribute as `setAttr` does: in its place, or last when absent. */
  setAttr(i: number, name: string, value: string | number): void {
    const change = this.of(i);
    const pairs = (change.attributes ??= attributePairs(this.flat, i));
    const encoded = escapeAttribute(String(value));
    const at = pairs.findIndex(([n]) => n === name);
    if (at >= 0) pairs[at] = [name, encoded];
    else pairs.push([name, encoded]);
  }

  append(i: number, markup: string): void {
    const change = this.of(i);
    change.last = (change.last ?? '') + markup;
  }
}

/** The value of `name` in element `i`'s attribute text as written; undefined when absent. */
const writtenValue = (flat: Flat, i: number, name: string): string | undefined => canonicalValue(flat.source.slice(flat.nameEnd[i], flat.attrsEnd[i]), name);

/** Element `i`'s attributes as pairs (values as written), as the tree splits them. */
const attributePairs = (flat: Flat, i: number): [string, string][] => readAttributes(flat.source, flat.nameEnd[i]!, flat.attrsEnd[i]!);

/** The element children of `i` still in the part, in order. */
function* children(flat: Flat, changes: Changes, i: number): Generator<number> {
  for (let c = flat.firstChild[i]!; c >= 0; c = flat.nextSibling[c]!) if (!changes.byElement.get(c)?.removed) yield c;
}

/** The elements inside `i` (not `i`) still in the part and of `kind`, in document order. */
function* inside(flat: Flat, changes: Changes, i: number, kind: number): Generator<number> {
  const end = flat.end[i]!;
  for (let j = i + 1; j < flat.count && flat.open[j]! < end; j++) if (flat.kind[j] === kind && !changes.gone(j)) yield j;
}

/** paragraph-one-properties: every `a:pPr` of a paragraph but its first child is dropped. */
function oneParagraphProperties(flat: Flat, changes: Changes): void {
  for (let p = 1; p < flat.count; p++) {
    if (flat.kind[p] !== K_P) continue;
    const first = flat.firstChild[p]!;
    for (let c = first; c >= 0; c = flat.nextSibling[c]!) if (c !== first && flat.kind[c] === K_PPR) changes.of(c).removed = true;
  }
}

/**
 * unique-shape-ids: a shape id seen before takes the next id after the
 * part's largest. False for a part with more shapes than `MAX_SPREAD`: the
 * tree's fix spreads every id into Math.max, which throws past some number
 * of arguments; the tree then does it, or throws, as before.
 */
function uniqueShapeIds(flat: Flat, changes: Changes): boolean {
  const shapes = [...inside(flat, changes, 0, K_CNVPR)];
  if (shapes.length > MAX_SPREAD) return false;
  let next = Math.max(0, ...shapes.map((c) => Number(changes.attr(c, 'id') ?? 0))) + 1;
  const seen = new Set<string>();
  for (const shape of shapes) {
    const id = changes.attr(shape, 'id') ?? '';
    if (seen.has(id)) changes.setAttr(shape, 'id', next++);
    else seen.add(id);
  }
  return true;
}
/** Far fewer arguments than a spread may take. */
const MAX_SPREAD = 10_000;

/** text-language: a `lang` other than the deck's becomes the deck's. */
function textLanguage(flat: Flat, changes: Changes, lang: string): void {
  for (let i = 0; i < flat.count; i++) {
    if (flat.langFrom[i] === -1) continue; // one inside a dropped element is set too, and never written
    const set = changes.byElement.get(i)?.attributes;
    const value = set ? changes.attr(i, 'lang') : decodeEntities(flat.source.slice(flat.langFrom[i], flat.langTo[i]));
    if (value !== lang) changes.setAttr(i, 'lang', lang);
  }
}

/** accessibility.ts `markShapes`, on the flat part. */
function markShapes(flat: Flat, changes: Changes, marks: readonly ShapeMarks[]): void {
  const tree = inside(flat, changes, 0, K_SPTREE).next();
  if (tree.done) return;
  const byName = new Map(marks.map((m) => [m.name, m]));
  for (const shape of children(flat, changes, tree.value)) {
    let nonVisual = -1;
    for (const c of children(flat, changes, shape)) {
      if (flat.source.startsWith('p:nv', flat.open[c]! + 1)) {
        nonVisual = c;
        break;
      }
    }
    const props = nonVisual < 0 ? -1 : childOf(flat, changes, nonVisual, K_CNVPR);
    if (props < 0) continue;
    const mark = byName.get(changes.attr(props, 'name') ?? '');
    if (!mark) continue;
    if (mark.descr !== undefined) changes.setAttr(props, 'descr', mark.descr);
    if (mark.decorative && inside(flat, changes, props, K_DECORATIVE).next().done) {
      const list = childOf(flat, changes, props, K_EXTLST);
      const ext = decorativeMark();
      if (list >= 0) changes.append(list, serializeElement(ext));
      else changes.append(props, serializeElement(element('a:extLst', {}, [ext])));
    }
    if (mark.title) setTitle(flat, changes, nonVisual, mark.title);
    if (mark.headerRow) for (const table of [...inside(flat, changes, shape, K_TBLPR)]) changes.setAttr(table, 'firstRow', 1);
  }
}

/** accessibility.ts `setTitle`: the shape becomes the title placeholder. */
function setTitle(flat: Flat, changes: Changes, nonVisual: number, type: NonNullable<ShapeMarks['title']>): void {
  const nvPr = childOf(flat, changes, nonVisual, K_NVPR);
  const ph = serializeElement(titlePlaceholder(type));
  if (nvPr >= 0) {
    for (const c of [...children(flat, changes, nvPr)]) if (flat.kind[c] === K_PH) changes.of(c).removed = true;
    const change = changes.of(nvPr);
    change.first = ph + (change.first ?? '');
  } else changes.append(nonVisual, serializeElement(element('p:nvPr', {}, [titlePlaceholder(type)])));
  const locks = childOf(flat, changes, nonVisual, K_CNVSPPR);
  if (locks >= 0 && children(flat, changes, locks).next().done && !hasNewChildren(changes.byElement.get(locks))) {
    changes.of(locks).content = serializeElement(titleLocks());
  }
}

const hasNewChildren = (change: Change | undefined): boolean => change !== undefined && (change.first !== undefined || change.last !== undefined || change.content !== undefined);

function childOf(flat: Flat, changes: Changes, i: number, kind: number): number {
  for (const c of children(flat, changes, i)) if (flat.kind[c] === kind) return c;
  return -1;
}

// ---------------------------------------------------------------------------
// Writing

/**
 * The part from slices of its text, with the changes: as the tree writes it
 * (xml.ts `write`), where an element with nothing in it is written `<a/>`.
 */
function write(flat: Flat, changes: Changes): string {
  const { source } = flat;
  const out: string[] = [];
  let pos = 0;
  // Elements whose last markup goes before their end tag, innermost last.
  const closing: number[] = [];
  const flushTo = (at: number): void => {
    while (closing.length > 0 && flat.close[closing[closing.length - 1]!]! < at) {
      const i = closing.pop()!;
      out.push(source.slice(pos, flat.close[i]), changes.byElement.get(i)!.last!);
      pos = flat.close[i]!;
    }
  };
  for (let i = 0; i < flat.count; i++) {
    const change = changes.byElement.get(i);
    const emptyPair = flat.close[i] === flat.openEnd[i];
    if (!change && !emptyPair) continue;
    flushTo(flat.open[i]!);
    out.push(source.slice(pos, flat.open[i]));
    pos = flat.end[i]!;
    const skip = (): void => {
      while (i + 1 < flat.count && flat.open[i + 1]! < pos) i++;
    };
    if (change?.removed) {
      skip();
      continue;
    }
    const name = source.slice(flat.open[i]! + 1, flat.nameEnd[i]);
    const head = change?.attributes ? `<${name}${change.attributes.map(([n, v]) => ` ${n}="${v}"`).join('')}` : source.slice(flat.open[i], flat.attrsEnd[i]);
    const empty = flat.close[i] === -1 || emptyPair;
    if (!hasNewChildren(change) && empty) {
      out.push(head, '/>');
    } else if (change?.content !== undefined) {
      out.push(head, '>', change.content, `</${name}>`);
      skip();
    } else if (empty) {
      out.push(head, '>', change?.first ?? '', change?.last ?? '', `</${name}>`);
    } else {
      out.push(head, '>', change?.first ?? '');
      pos = flat.openEnd[i]!;
      if (change?.last !== undefined) closing.push(i);
    }
  }
  flushTo(Infinity);
  out.push(source.slice(pos));
  return out.join('');
}
