/**
 * Layout templates render to a small XML vocabulary (<slide>, <text>, <list>,
 * <box>, <row>, <grid>, <group>, <chart>, <notes>…, each declared with its
 * attributes in vocabulary.ts and checked there by shapes.ts). Handlebars escapes every
 * value it inserts as XML, so text from the data can hold any character and
 * never becomes markup; this parser turns the output back into a tree.
 *
 * Where each tag was written: the renderer puts a processing instruction
 * `<?bd source line col?>` before every tag the template itself writes (see
 * `markTags`), so an element, or a markup error, is located at its line in
 * the layout (or partial), not at a line of the rendered output.
 */
import { SaxesParser } from 'saxes';
import { t, type Text } from '../i18n/catalogue.js';

/** A place in a template: which source (the renderer's index), 1-based line and column. */
export interface TemplatePosition {
  source: number;
  line: number;
  col: number;
}

export interface MarkupElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  /** Line of the element in the rendered output. */
  line: number;
  /** Where the template wrote the element's tag, when it wrote it (not data in {{{ }}}). */
  at?: TemplatePosition;
}

export type MarkupNode = MarkupElement | string;

export class MarkupError extends Error {
  constructor(
    /** The whole message: "the layout produced invalid markup: …". */
    readonly text: Text,
    readonly line: number,
    /** The last tag the template wrote before the error: the error is there or just after it. */
    readonly at: TemplatePosition | undefined,
  ) {
    super(text.key);
  }
}

/** The target of the position marks; a layout never writes processing instructions of its own. */
const MARK = 'bd';
/** A tag the template writes: `<name`, `</name`. Not `<!--` or `<?`. */
const TAG = /<(?=[A-Za-z_:/])/g;

/**
 * A template's literal text with a position mark before each tag in it.
 * `original` is the text as written, starting at `start` (Handlebars' 1-based
 * line, 0-based column); `value` is that text after whitespace control, which
 * only trims white space at its ends, so its tags are the same, in order.
 */
export function markTags(value: string, original: string, start: { line: number; column: number }, source: number): string {
  const positions = [...original.matchAll(TAG)].map((m) => {
    const before = original.slice(0, m.index);
    const newlines = before.split('\n').length - 1;
    const col = newlines === 0 ? start.column + before.length : before.length - before.lastIndexOf('\n') - 1;
    return `<?${MARK} ${source} ${start.line + newlines} ${col + 1}?>`;
  });
  let i = 0;
  return value.replace(TAG, () => `${positions[i++] ?? ''}<`);
}

/**
 * A position mark's body as a position. Every slide a layout draws has the
 * same marks, so each body is read once (60.000 of them at 3.000 slides, 50
 * ms): elements share the position, frozen since nothing may change it.
 */
function parsePosition(body: string): TemplatePosition | undefined {
  const known = positions.get(body);
  if (known !== undefined || positions.has(body)) return known;
  const [source, line, col] = body.trim().split(' ').map(Number);
  const position = source === undefined || line === undefined || col === undefined || [source, line, col].some((n) => !Number.isInteger(n)) ? undefined : Object.freeze({ source, line, col });
  if (positions.size >= MAX_POSITIONS) positions.clear();
  positions.set(body, position);
  return position;
}
const positions = new Map<string, TemplatePosition | undefined>();
/** Marks remembered at most: far more than a theme's templates write. */
const MAX_POSITIONS = 4096;

export function parseMarkup(xml: string): MarkupElement {
  const root = readWellFormed(xml) ?? readWithSaxes(xml);
  const elements = root.children.filter((c): c is MarkupElement => typeof c !== 'string');
  const [first, second] = elements;
  if (!first || second) throw new MarkupError(t('template.bad-markup', { detail: t('template.one-root') }), 1, second?.at ?? first?.at);
  return first;
}

/** The markup's top-level nodes under a `#root`, read by saxes: every message and line of a markup error is its. */
export function readWithSaxes(xml: string): MarkupElement {
  const parser = new SaxesParser({ position: true });
  const root: MarkupElement = { name: '#root', attrs: {}, children: [], line: 1 };
  const stack: MarkupElement[] = [root];
  const top = (): MarkupElement => stack[stack.length - 1] ?? root;
  let failure: MarkupError | undefined;
  let at: TemplatePosition | undefined;

  parser.on('processinginstruction', (pi) => {
    if (pi.target === MARK) at = parsePosition(pi.body);
  });
  parser.on('opentag', (tag) => {
    const element: MarkupElement = {
      name: tag.name,
      attrs: { ...(tag.attributes as Record<string, string>) },
      children: [],
      line: parser.line,
      ...(at ? { at } : {}),
    };
    top().children.push(element);
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (text) => top().children.push(text));
  parser.on('error', (e) => {
    failure ??= new MarkupError(t('template.bad-markup', { detail: e.message.replace(/^(?:[^:\s]*:)?\d+:\d+: /, '') }), parser.line, at);
  });
  parser.write(xml).close();
  if (failure) throw failure;
  return root;
}

export const childElements = (element: MarkupElement): MarkupElement[] =>
  element.children.filter((c): c is MarkupElement => typeof c !== 'string');

// ---------------------------------------------------------------------------
// The fast path

/**
 * The markup's top-level nodes under a `#root`, as `readWithSaxes` gives
 * them, for markup in the plain form layouts render to: ASCII names,
 * attributes in either quotes, text, the five named entities and character
 * references, and the renderer's position marks. Anything else (a comment,
 * CDATA, a carriage return, a control character, any other entity or
 * instruction, a mistake of any kind) gives undefined, and saxes reads the
 * markup instead, so an error's message and line are always saxes's. White
 * space between top-level nodes is not kept (saxes keeps some of it; only
 * the elements are read). saxes took about 90 µs a slide (260 ms at 3.000
 * slides, a third of rendering).
 */
export function readWellFormed(xml: string): MarkupElement | undefined {
  const root: MarkupElement = { name: '#root', attrs: {}, children: [], line: 1 };
  const stack: MarkupElement[] = [root];
  const length = xml.length;
  let at: TemplatePosition | undefined;
  let line = 1;
  let pos = 0;
  let rootSeen = false;
  while (pos < length) {
    const lt = xml.indexOf('<', pos);
    const end = lt < 0 ? length : lt;
    if (end > pos) {
      const text = charData(xml, pos, end, false);
      if (text === undefined) return undefined;
      line += text.newlines;
      if (stack.length > 1) stack[stack.length - 1]!.children.push(text.value);
      else if (!onlySpace(xml, pos, end)) return undefined; // text outside the root
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === QUESTION) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0 || !xml.startsWith(MARK, lt + 2)) return undefined;
      const after = xml.charCodeAt(lt + 2 + MARK.length);
      if (lt + 2 + MARK.length !== close && !isSpace(after)) return undefined; // another target
      // An instruction's body is not decoded: one with '&' is left to saxes, like any other unusual one.
      const body = xml.slice(lt + 2, close).includes('&') ? undefined : charData(xml, lt + 2 + MARK.length, close, false);
      if (body === undefined) return undefined;
      at = parsePosition(body.value);
      line += body.newlines;
      pos = close + 2;
    } else if (next === SLASH) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) return undefined;
      const nameEnd = nameFrom(xml, lt + 2);
      if (nameEnd === lt + 2) return undefined;
      for (let i = nameEnd; i < gt; i++) {
        const c = xml.charCodeAt(i);
        if (!isSpace(c)) return undefined;
        if (c === NEWLINE) line++;
      }
      const open = stack.pop();
      if (!open || stack.length === 0 || open.name !== xml.slice(lt + 2, nameEnd)) return undefined;
      pos = gt + 1;
    } else {
      if (stack.length === 1 && rootSeen) return undefined; // a second root
      const nameEnd = nameFrom(xml, lt + 1);
      if (nameEnd === lt + 1) return undefined;
      const attrs: Record<string, string> = {};
      let p = nameEnd;
      let closed = false;
      let empty = false;
      for (;;) {
        const before = p;
        for (; p < length && isSpace(xml.charCodeAt(p)); p++) if (xml.charCodeAt(p) === NEWLINE) line++;
        const c = xml.charCodeAt(p);
        if (c === GT || (c === SLASH && xml.charCodeAt(p + 1) === GT)) {
          empty = c === SLASH;
          p += empty ? 2 : 1;
          closed = true;
          break;
        }
        if (p === before) return undefined; // no space before an attribute, or the end of the markup
        const attributeEnd = nameFrom(xml, p);
        if (attributeEnd === p) return undefined;
        const attribute = xml.slice(p, attributeEnd);
        if (attribute === '__proto__' || Object.hasOwn(attrs, attribute)) return undefined;
        p = attributeEnd;
        for (; p < length && isSpace(xml.charCodeAt(p)); p++) if (xml.charCodeAt(p) === NEWLINE) line++;
        if (xml.charCodeAt(p) !== EQUALS) return undefined;
        p++;
        for (; p < length && isSpace(xml.charCodeAt(p)); p++) if (xml.charCodeAt(p) === NEWLINE) line++;
        const quote = xml.charCodeAt(p);
        if (quote !== QUOTE && quote !== APOSTROPHE) return undefined;
        const valueEnd = xml.indexOf(quote === QUOTE ? '"' : "'", p + 1);
        if (valueEnd < 0) return undefined;
        const value = charData(xml, p + 1, valueEnd, true);
        if (value === undefined || xml.slice(p + 1, valueEnd).includes('<')) return undefined;
        line += value.newlines;
        // Attribute-value normalisation (XML 1.0, 3.3.3): a tab or line end written as such is a space; one from a reference stays.
        attrs[attribute] = value.value;
        p = valueEnd + 1;
      }
      if (!closed) return undefined;
      const element: MarkupElement = { name: xml.slice(lt + 1, nameEnd), attrs, children: [], line, ...(at ? { at } : {}) };
      stack[stack.length - 1]!.children.push(element);
      if (stack.length === 1) rootSeen = true;
      if (!empty) stack.push(element);
      pos = p;
    }
  }
  return stack.length === 1 && rootSeen ? root : undefined;
}

const NEWLINE = 0x0a;
const TAB = 0x09;
const QUOTE = 0x22;
const AMPERSAND = 0x26;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const GT = 0x3e;
const QUESTION = 0x3f;
const BRACKET = 0x5d;

const isSpace = (c: number): boolean => c === 0x20 || c === NEWLINE || c === TAB;
const isNameStart = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x3a;

/** The end of the ASCII name at `from` (`from` itself when there is none). */
function nameFrom(xml: string, from: number): number {
  if (!isNameStart(xml.charCodeAt(from))) return from;
  let p = from + 1;
  while (p < xml.length && isNameChar(xml.charCodeAt(p))) p++;
  return p;
}

function onlySpace(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Character data between `from` and `to`, entities decoded, and its line
 * ends; in an attribute's value (`attribute`), tabs and line ends written as
 * such are spaces, and those from references stay. Undefined for anything
 * the fast path leaves to saxes (a control character or carriage return, an
 * unpaired surrogate, U+FFFE/U+FFFF, "]]>", an unknown entity, a reference
 * to a character XML does not allow).
 */
function charData(xml: string, from: number, to: number, attribute: boolean): { value: string; newlines: number } | undefined {
  let value = '';
  let newlines = 0;
  let run = from;
  let plain = true; // no tab or line end written in the run since `run`
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c < 0x20) {
      if (c === NEWLINE) newlines++;
      else if (c !== TAB) return undefined;
      plain = false;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c > 0xdbff || i + 1 >= to) return undefined;
      const low = xml.charCodeAt(i + 1);
      if (low < 0xdc00 || low > 0xdfff) return undefined;
      i++;
    } else if (c === 0xfffe || c === 0xffff) return undefined;
    else if (c === GT && i - 2 >= from && xml.charCodeAt(i - 1) === BRACKET && xml.charCodeAt(i - 2) === BRACKET) return undefined;
    else if (c === AMPERSAND) {
      const semi = xml.indexOf(';', i + 1);
      if (semi < 0 || semi >= to || semi - i > 10) return undefined;
      const decoded = entity(xml.slice(i + 1, semi));
      if (decoded === undefined) return undefined;
      value += normalised(xml.slice(run, i), attribute && !plain) + decoded;
      run = semi + 1;
      i = semi;
      plain = true;
    }
  }
  const rest = normalised(xml.slice(run, to), attribute && !plain);
  return { value: run === from ? rest : value + rest, newlines };
}

/** A run of an attribute's value with its written tabs and line ends as spaces, when it has any (`spaced`). */
const normalised = (text: string, spaced: boolean): string => (spaced ? text.replace(/[\t\n]/g, ' ') : text);

function entity(name: string): string | undefined {
  const named = NAMED[name];
  if (named !== undefined) return named;
  if (name.charCodeAt(0) !== 0x23 /* # */) return undefined;
  const hex = name.charCodeAt(1) === 0x78; /* x */
  const digits = name.slice(hex ? 2 : 1);
  if (digits === '' || !(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  const allowed = code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return allowed ? String.fromCodePoint(code) : undefined;
}
