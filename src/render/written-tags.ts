/**
 * The tags a template writes in its own text, read before it runs: what lets
 * every layout, partial and master be checked against the vocabulary when
 * the templates load, including layouts this report does not use.
 *
 * The template's literal text (Handlebars' content statements) is kept at
 * its place; everything Handlebars computes ({{…}}, blocks' own tags,
 * comments) is blanked with a placeholder character, newlines kept, so every
 * line and column stays the template's own. A tag name or attribute name
 * with a placeholder in it is computed: it is not checked. An attribute
 * value with one is computed too: its name is checked, its value only once
 * the template has run (shapes.ts checks the rendered markup again).
 */

/** Stands for computed text: a private-use character no template writes. */
const COMPUTED = '\uE000';

export interface WrittenTag {
  name: string;
  /** Attributes as written; the value is undefined when the template computes it. */
  attrs: Map<string, string | undefined>;
  /** 1-based line and column of the `<`. */
  line: number;
  col: number;
  /** The element it stands in, when the nesting is certain; undefined at the top (or when unknown). */
  parent: WrittenTag | undefined;
  /** False once the tags before it did not nest as written (branches that open different elements). */
  nestingKnown: boolean;
}

interface ContentNode {
  type: string;
  original?: string;
  value?: string;
  loc?: { start: { line: number; column: number } };
}

/** The template's text with everything Handlebars computes blanked (see above). */
export function literalText(source: string, program: unknown): string {
  // Handlebars locates by line (1-based) and column (0-based) in UTF-16 units.
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const units = source.split('');
  const out: string[] = units.map((c) => (c === '\n' || c === '\r' ? c : COMPUTED));
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as ContentNode;
    if (n.type === 'ContentStatement' && n.loc) {
      const text = typeof n.original === 'string' ? n.original : (n.value ?? '');
      const start = (lineStarts[n.loc.start.line - 1] ?? 0) + n.loc.start.column;
      for (let i = 0; i < text.length; i++) out[start + i] = text[i] ?? COMPUTED;
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  visit(program);
  return out.join('');
}

const NAME = /[A-Za-z_][\w.:-]*/y;

/** The tags of a blanked template, with their attributes and nesting. */
export function writtenTags(text: string): WrittenTag[] {
  const tags: WrittenTag[] = [];
  const open: WrittenTag[] = [];
  let nestingKnown = true;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line += 1;
      lineStart = i + 1;
      continue;
    }
    if (c !== '<') continue;
    const closing = text[i + 1] === '/';
    NAME.lastIndex = i + (closing ? 2 : 1);
    const name = NAME.exec(text)?.[0];
    if (!name) continue; // `<!--`, `<?`, or a `<` in text
    const at = { line, col: i - lineStart + 1 };
    const end = tagEnd(text, NAME.lastIndex);
    if (end < 0) break;
    const body = text.slice(NAME.lastIndex, end);
    const selfClosing = text[end - 1] === '/';
    if (closing) {
      const top = open.pop();
      if (!top || top.name !== name) nestingKnown = false;
    } else if (!text.slice(NAME.lastIndex, NAME.lastIndex + 1).includes(COMPUTED)) {
      const tag: WrittenTag = { name, attrs: attributes(body), ...at, parent: open.at(-1), nestingKnown };
      tags.push(tag);
      if (!selfClosing) open.push(tag);
    }
    // Lines inside the tag still count.
    for (let j = i; j < end; j++) {
      if (text[j] === '\n') {
        line += 1;
        lineStart = j + 1;
      }
    }
    i = end;
  }
  return tags;
}

/** The index of the `>` that ends a tag, quotes respected; -1 when there is none. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

const ATTRIBUTE = /([^\s=/>"']+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function attributes(body: string): Map<string, string | undefined> {
  const attrs = new Map<string, string | undefined>();
  for (const m of body.matchAll(ATTRIBUTE)) {
    const name = m[1] ?? '';
    if (name.includes(COMPUTED)) continue;
    const value = m[3] ?? m[4] ?? '';
    attrs.set(name.replace(new RegExp(COMPUTED, 'g'), ''), value.includes(COMPUTED) ? undefined : value);
  }
  return attrs;
}
