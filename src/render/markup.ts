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

function parsePosition(body: string): TemplatePosition | undefined {
  const [source, line, col] = body.trim().split(' ').map(Number);
  return source === undefined || line === undefined || col === undefined || [source, line, col].some((n) => !Number.isInteger(n))
    ? undefined
    : { source, line, col };
}

export function parseMarkup(xml: string): MarkupElement {
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

  const elements = root.children.filter((c): c is MarkupElement => typeof c !== 'string');
  const [first, second] = elements;
  if (!first || second) throw new MarkupError(t('template.bad-markup', { detail: t('template.one-root') }), 1, second?.at ?? first?.at);
  return first;
}

export const childElements = (element: MarkupElement): MarkupElement[] =>
  element.children.filter((c): c is MarkupElement => typeof c !== 'string');
