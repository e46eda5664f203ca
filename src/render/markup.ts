/**
 * Layout templates render to a small XML vocabulary (<slide>, <text>, <list>,
 * <box>, <row>, <grid>, <group>, <chart>, <notes>). Handlebars escapes every
 * value it inserts as XML, so text from the data can hold any character and
 * never becomes markup; this parser turns the output back into a tree.
 */
import { SaxesParser } from 'saxes';

export interface MarkupElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  /** Line of the element in the rendered output, for messages. */
  line: number;
}

export type MarkupNode = MarkupElement | string;

export class MarkupError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseMarkup(xml: string): MarkupElement {
  const parser = new SaxesParser({ position: true });
  const root: MarkupElement = { name: '#root', attrs: {}, children: [], line: 1 };
  const stack: MarkupElement[] = [root];
  const top = (): MarkupElement => stack[stack.length - 1] ?? root;
  let failure: MarkupError | undefined;

  parser.on('opentag', (tag) => {
    const element: MarkupElement = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [], line: parser.line };
    top().children.push(element);
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (text) => top().children.push(text));
  parser.on('error', (e) => {
    failure ??= new MarkupError(e.message.replace(/^[^:]*:\d+:\d+: /, ''), parser.line);
  });
  parser.write(xml).close();
  if (failure) throw failure;

  const elements = root.children.filter((c): c is MarkupElement => typeof c !== 'string');
  const [first] = elements;
  if (!first || elements.length !== 1) throw new MarkupError('a layout must render exactly one root element', 1);
  return first;
}

export const childElements = (element: MarkupElement): MarkupElement[] =>
  element.children.filter((c): c is MarkupElement => typeof c !== 'string');
