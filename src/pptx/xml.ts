/**
 * The XML of a package's parts as a tree: what every fix to pptxgenjs's
 * output edits (src/pptx/fixes/), so that none of them matches markup with a
 * regular expression. A fix finds elements by name, reads attributes
 * decoded, and changes the tree; the part is written back from the tree.
 *
 * Hand-written rather than built on saxes: a deck of 3.000 slides is 80 MB
 * of XML, and this scanner (indexOf over the text, attribute values and text
 * kept as written until a fix reads them) parses it several times faster
 * than a validating SAX parser that decodes every entity. It is strict
 * where a mistake would corrupt a part: unbalanced or mismatched tags,
 * unterminated comments, attributes without quoted values and duplicate
 * attributes throw an XmlError with the offset.
 *
 * Text and attribute values are stored as written (entities not decoded);
 * `attr`/`textOf` decode, `setAttr`/`setText`/`element` encode. An untouched
 * part serialises to the same XML (single-quoted attributes come back
 * double-quoted, whitespace inside tags is one space).
 */

export interface XmlElement {
  readonly kind: 'element';
  name: string;
  /** Name and value as written in the part (entities not decoded), in document order. */
  attributes: [string, string][];
  children: XmlNode[];
}

/** Character data as written (entities and CDATA sections left as they are). */
export interface XmlText {
  readonly kind: 'text';
  raw: string;
}

/** A comment, processing instruction, XML declaration or DOCTYPE, kept verbatim. */
export interface XmlOther {
  readonly kind: 'other';
  raw: string;
}

export type XmlNode = XmlElement | XmlText | XmlOther;

export interface XmlDocument {
  /** What comes before the root element: the XML declaration, comments, whitespace. */
  prolog: (XmlText | XmlOther)[];
  root: XmlElement;
  /** What comes after the root element (whitespace, comments). */
  epilog: (XmlText | XmlOther)[];
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

// ---------------------------------------------------------------------------
// Parsing

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

export const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
/** Where a name ends: whitespace, `/`, `>` or `=`. */
const endsName = (c: number): boolean => isSpace(c) || c === SLASH || c === GT || c === EQUALS;

export function parseXml(source: string): XmlDocument {
  const prolog: (XmlText | XmlOther)[] = [];
  const epilog: (XmlText | XmlOther)[] = [];
  const stack: XmlElement[] = [];
  // The children of the open elements, one after another; each open element's
  // start in it. An element's children are cut out of it when it closes, in an
  // array of their number: a push-grown array per element held 16 slots.
  const nodes: XmlNode[] = [];
  const starts: number[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const length = source.length;

  const outside = (node: XmlText | XmlOther, at: number): void => {
    if (node.kind === 'text' && node.raw.trim() !== '') throw new XmlError('text outside the root element', at);
    (root ? epilog : prolog).push(node);
  };
  const add = (node: XmlNode, at: number): void => {
    if (stack.length > 0) nodes.push(node);
    else if (node.kind === 'element') {
      if (root) throw new XmlError('a second root element', at);
      root = node;
    } else outside(node, at);
  };
  const until = (marker: string, from: number): number => {
    const end = source.indexOf(marker, from);
    if (end < 0) throw new XmlError(`no ${marker} to close what starts`, from);
    return end + marker.length;
  };

  while (pos < length) {
    const lt = source.indexOf('<', pos);
    if (lt < 0) {
      add({ kind: 'text', raw: source.slice(pos) }, pos);
      break;
    }
    if (lt > pos) add({ kind: 'text', raw: source.slice(pos, lt) }, pos);
    const next = source.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      pos = until('?>', lt + 2);
      add({ kind: 'other', raw: source.slice(lt, pos) }, lt);
    } else if (next === 0x21 /* ! */) {
      if (source.startsWith('<!--', lt)) {
        pos = until('-->', lt + 4);
        add({ kind: 'other', raw: source.slice(lt, pos) }, lt);
      } else if (source.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) throw new XmlError('CDATA outside the root element', lt);
        pos = until(']]>', lt + 9);
        add({ kind: 'text', raw: source.slice(lt, pos) }, lt);
      } else if (source.startsWith('<!DOCTYPE', lt) && stack.length === 0 && !root) {
        pos = doctypeEnd(source, lt);
        add({ kind: 'other', raw: source.slice(lt, pos) }, lt);
      } else throw new XmlError('unexpected <!', lt);
    } else if (next === SLASH) {
      const gt = source.indexOf('>', lt + 2);
      if (gt < 0) throw new XmlError('unterminated end tag', lt);
      const name = source.slice(lt + 2, gt).trimEnd();
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`</${name}> closes ${open ? `<${open.name}>` : 'nothing'}`, lt);
      const start = starts.pop()!;
      open.children = nodes.length > start ? nodes.splice(start) : [];
      pos = gt + 1;
    } else {
      const element = startTag(source, lt);
      add(element, lt);
      if (!tagEmpty) {
        stack.push(element);
        starts.push(nodes.length);
      }
      pos = tagEnd;
    }
  }
  const open = stack.pop();
  if (open) throw new XmlError(`<${open.name}> is never closed`, length);
  if (!root) throw new XmlError('no root element', 0);
  return { prolog, root, epilog };
}

/**
 * An element read from a part. Fixes read the attributes of few elements, and
 * a slide has hundreds: so when a tag is written the way `write` writes it
 * (` name="value"` each, nothing else), its attribute text is kept as one
 * string and split into pairs only if something reads or changes them; an
 * element nobody touched is written back from that string. A tag written any
 * other way is split at once, and written back normalised, as before.
 */
class ReadElement implements XmlElement {
  readonly kind = 'element';
  /** Given when the element closes (see parseXml). */
  children: XmlNode[] = NO_CHILDREN;
  private pairs: [string, string][] | undefined;

  constructor(
    public name: string,
    /** The attributes as written (canonical), until they are read; then undefined. */
    private written: string | undefined,
  ) {}

  get attributes(): [string, string][] {
    if (this.pairs === undefined) {
      this.pairs = readAttributes(this.written ?? '', 0, this.written?.length ?? 0);
      this.written = undefined;
    }
    return this.pairs;
  }

  set attributes(pairs: [string, string][]) {
    this.pairs = pairs;
    this.written = undefined;
  }

  /** The attribute text to write back, when nothing read the attributes. */
  get untouched(): string | undefined {
    return this.pairs === undefined ? this.written : undefined;
  }

  /**
   * An attribute's value as written, found in the attribute text without
   * splitting it, so that reading one leaves the tag to be written back from
   * that text; undefined when absent, null once the attributes are split (read
   * them there). In canonical text a value holds no `"`, so ` name="` can only
   * start that attribute.
   */
  writtenValue(name: string): string | undefined | null {
    if (this.pairs !== undefined || this.written === undefined) return null;
    return canonicalValue(this.written, name);
  }
}

/**
 * An attribute's value as written in canonical attribute text (` name="value"`
 * each), found without splitting it; undefined when absent. In canonical
 * text a value holds no `"`, so ` name="` can only start that attribute.
 */
export function canonicalValue(written: string, name: string): string | undefined {
  const at = written.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const from = at + name.length + 3;
  return written.slice(from, written.indexOf('"', from));
}

/** What an element read holds until it closes: never seen outside parseXml, which gives each element its own array. */
const NO_CHILDREN: XmlNode[] = [];

/** Name starts and ends of the tag being read: its duplicate check allocates nothing. */
let spans: Int32Array = new Int32Array(64);
/** Where the tag `startTag` read last ends, and whether it was empty (`<a/>`): returned here, not in an object or to a callback, per tag. */
let tagEnd = 0;
let tagEmpty = false;

/**
 * Reads the start tag at `lt` (the offset after it in `tagEnd`, whether it
 * is empty in `tagEmpty`). Checks the whole tag (names, "=", quotes, no "<"
 * in a value, no attribute twice) without making strings of its attributes.
 */
function startTag(source: string, lt: number): ReadElement {
  let pos = lt + 1;
  const length = source.length;
  while (pos < length && !endsName(source.charCodeAt(pos))) pos++;
  const name = source.slice(lt + 1, pos);
  if (name === '') throw new XmlError('a tag without a name', lt);
  const nameEnd = pos;
  // No "<" may come before the tag ends: a value that runs past the next one holds it.
  const nextLt = source.indexOf('<', lt + 1);
  const limit = nextLt < 0 ? length : nextLt;
  let canonical = true;
  let count = 0;
  for (;;) {
    const before = pos;
    while (pos < length && isSpace(source.charCodeAt(pos))) pos++;
    const c = source.charCodeAt(pos);
    const empty = c === SLASH && source.charCodeAt(pos + 1) === GT;
    if (c === GT || empty) {
      if (pos !== before) canonical = false;
      const element = new ReadElement(name, canonical ? source.slice(nameEnd, pos) : undefined);
      if (!canonical) element.attributes = readAttributes(source, nameEnd, pos);
      if (empty) element.children = [];
      tagEnd = pos + (empty ? 2 : 1);
      tagEmpty = empty;
      return element;
    }
    if (pos >= length) throw new XmlError(`unterminated tag <${name}`, lt);
    if (pos !== before + 1 || source.charCodeAt(before) !== 0x20) canonical = false;
    const nameStart = pos;
    while (pos < length && !endsName(source.charCodeAt(pos))) pos++;
    const attributeEnd = pos;
    while (pos < length && isSpace(source.charCodeAt(pos))) pos++;
    if (attributeEnd === nameStart || source.charCodeAt(pos) !== EQUALS) {
      throw new XmlError(`attribute "${source.slice(nameStart, attributeEnd)}" of <${name}> has no value`, nameStart);
    }
    if (pos !== attributeEnd) canonical = false;
    pos++;
    const afterEquals = pos;
    while (pos < length && isSpace(source.charCodeAt(pos))) pos++;
    if (pos !== afterEquals) canonical = false;
    const quote = source.charCodeAt(pos);
    if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlError(`the value of ${source.slice(nameStart, attributeEnd)} is not quoted`, pos);
    if (quote === APOSTROPHE) canonical = false;
    const end = source.indexOf(quote === QUOTE ? '"' : "'", pos + 1);
    if (end < 0) throw new XmlError(`the value of ${source.slice(nameStart, attributeEnd)} is never closed`, pos);
    if (end > limit) throw new XmlError(`"<" in the value of ${source.slice(nameStart, attributeEnd)}`, pos);
    if (count * 2 + 2 > spans.length) spans = grown(spans);
    for (let i = 0; i < count; i++) {
      if (sameText(source, spans[2 * i]!, spans[2 * i + 1]!, nameStart, attributeEnd)) {
        throw new XmlError(`<${name}> has ${source.slice(nameStart, attributeEnd)} twice`, nameStart);
      }
    }
    spans[2 * count] = nameStart;
    spans[2 * count + 1] = attributeEnd;
    count++;
    pos = end + 1;
  }
}

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Whether two spans of `source` hold the same characters. */
export function sameText(source: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (source.charCodeAt(aStart + i) !== source.charCodeAt(bStart + i)) return false;
  return true;
}

/** The attributes of a tag already checked by `startTag`, between `from` and `to`, as pairs. */
export function readAttributes(source: string, from: number, to: number): [string, string][] {
  const attributes: [string, string][] = [];
  let pos = from;
  for (;;) {
    while (pos < to && isSpace(source.charCodeAt(pos))) pos++;
    if (pos >= to) return attributes;
    const nameStart = pos;
    while (pos < to && !endsName(source.charCodeAt(pos))) pos++;
    const attribute = source.slice(nameStart, pos);
    while (isSpace(source.charCodeAt(pos))) pos++;
    pos++; // "="
    while (isSpace(source.charCodeAt(pos))) pos++;
    const quote = source.charCodeAt(pos);
    const end = source.indexOf(quote === QUOTE ? '"' : "'", pos + 1);
    let value = source.slice(pos + 1, end);
    if (quote === APOSTROPHE) value = value.replaceAll('"', '&quot;'); // written back between double quotes
    attributes.push([attribute, value]);
    pos = end + 1;
  }
}

/** The end of a DOCTYPE, past an internal subset in brackets. */
function doctypeEnd(source: string, lt: number): number {
  let depth = 0;
  for (let pos = lt + 2; pos < source.length; pos++) {
    const c = source[pos];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth === 0) return pos + 1;
  }
  throw new XmlError('unterminated DOCTYPE', lt);
}

// ---------------------------------------------------------------------------
// Writing

export function serializeXml(doc: XmlDocument): string {
  const out: string[] = [];
  for (const node of doc.prolog) out.push(node.raw);
  write(doc.root, out);
  for (const node of doc.epilog) out.push(node.raw);
  return out.join('');
}

/** One element and what it holds, as XML. */
export function serializeElement(element: XmlElement): string {
  const out: string[] = [];
  write(element, out);
  return out.join('');
}

/** Pushes the pieces of the XML as they are, to be joined once: no string made per tag (they were 160 MB at 3.000 slides). */
function write(element: XmlElement, out: string[]): void {
  out.push('<', element.name);
  const untouched = element instanceof ReadElement ? element.untouched : undefined;
  if (untouched !== undefined) out.push(untouched);
  else for (const [name, value] of element.attributes) out.push(' ', name, '="', value, '"');
  if (element.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of element.children) {
    if (child.kind === 'element') write(child, out);
    else out.push(child.raw);
  }
  out.push('</', element.name, '>');
}

/** Parses a part, lets `edit` change the tree, and writes it back. */
export function editXml(source: string, edit: (doc: XmlDocument) => void): string {
  const doc = parseXml(source);
  edit(doc);
  return serializeXml(doc);
}

// ---------------------------------------------------------------------------
// Reading and changing the tree

/** A new element; attribute values and text are given decoded, and encoded here. */
export function element(name: string, attributes: Readonly<Record<string, string | number>> = {}, children: readonly (XmlNode | string)[] = []): XmlElement {
  return {
    kind: 'element',
    name,
    attributes: Object.entries(attributes).map(([n, v]) => [n, escapeAttribute(String(v))]),
    children: children.map((c) => (typeof c === 'string' ? { kind: 'text', raw: escapeText(c) } : c)),
  };
}

/** A deep copy of a node, to put the same markup in a second place (structuredClone would lose an element's attributes, read on demand). */
export function cloneNode<T extends XmlNode>(node: T): T {
  if (node.kind !== 'element') return { ...node };
  const copy: XmlElement = {
    kind: 'element',
    name: node.name,
    attributes: node.attributes.map(([n, v]): [string, string] => [n, v]),
    children: node.children.map(cloneNode),
  };
  return copy as T;
}

/** An attribute's value, decoded; undefined when absent. */
export function attr(e: XmlElement, name: string): string | undefined {
  const written = e instanceof ReadElement ? e.writtenValue(name) : null;
  if (written !== null) return written === undefined ? undefined : decodeEntities(written);
  for (const [n, v] of e.attributes) if (n === name) return decodeEntities(v);
  return undefined;
}

/** Sets an attribute (added at the end when absent); the value is given decoded. */
export function setAttr(e: XmlElement, name: string, value: string | number): void {
  const encoded = escapeAttribute(String(value));
  const at = e.attributes.findIndex(([n]) => n === name);
  if (at >= 0) e.attributes[at] = [name, encoded];
  else e.attributes.push([name, encoded]);
}

export function removeAttr(e: XmlElement, name: string): void {
  e.attributes = e.attributes.filter(([n]) => n !== name);
}

/** The child elements of `e`, or those named `name`. */
export function childElements(e: XmlElement, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const c of e.children) if (c.kind === 'element' && (name === undefined || c.name === name)) found.push(c);
  return found;
}

/** The first child element named `name`. */
export function child(e: XmlElement, name: string): XmlElement | undefined {
  for (const c of e.children) if (c.kind === 'element' && c.name === name) return c;
  return undefined;
}

/** Every element under `e` (not `e` itself) named `name`, in document order. */
export function descendants(e: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (parent: XmlElement): void => {
    for (const c of parent.children) {
      if (c.kind !== 'element') continue;
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(e);
  return found;
}

/** The text an element holds, decoded (CDATA unwrapped), its descendants' included. */
export function textOf(e: XmlElement): string {
  let text = '';
  for (const c of e.children) {
    if (c.kind === 'element') text += textOf(c);
    else if (c.kind === 'text') text += c.raw.startsWith('<![CDATA[') ? c.raw.slice(9, -3) : decodeEntities(c.raw);
  }
  return text;
}

/** Replaces what an element holds with one text (given decoded). */
export function setText(e: XmlElement, text: string): void {
  e.children = text === '' ? [] : [{ kind: 'text', raw: escapeText(text) }];
}

/** Drops the whitespace-only text between child elements (pptxgenjs writes none, Office writes none). */
export function elementsOnly(e: XmlElement): void {
  e.children = e.children.filter((c) => c.kind !== 'text' || c.raw.trim() !== '');
}

// ---------------------------------------------------------------------------
// Entities

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let pos = 0;
  for (;;) {
    const amp = raw.indexOf('&', pos);
    if (amp < 0) return out + raw.slice(pos);
    const semi = raw.indexOf(';', amp);
    if (semi < 0) return out + raw.slice(pos);
    const entity = raw.slice(amp + 1, semi);
    let decoded: string | undefined = NAMED[entity];
    if (decoded === undefined && entity.startsWith('#')) {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) decoded = String.fromCodePoint(code);
    }
    out += raw.slice(pos, amp) + (decoded ?? raw.slice(amp, semi + 1));
    pos = semi + 1;
  }
}

export function escapeText(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const entity = c === 0x26 ? '&amp;' : c === LT ? '&lt;' : c === GT ? '&gt;' : undefined;
    if (entity === undefined) continue;
    out += text.slice(from, i) + entity;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

export function escapeAttribute(text: string): string {
  const escaped = escapeText(text);
  return escaped.includes('"') ? escaped.replaceAll('"', '&quot;') : escaped;
}
