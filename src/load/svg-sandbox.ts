/**
 * The SVG sandbox: an SVG picture is drawn from its own markup only.
 *
 * resvg (for the PNG fallback) and PowerPoint (drawing the SVG itself) both
 * follow references: resvg reads any file an <image> names, an absolute path
 * or one relative to the process's working folder, and @resvg/resvg-js 2.6.2
 * has no option to stop it (no resourcesDir; its only file options are
 * fonts, which briefdeck leaves off). So the SVG is parsed here first, and
 *
 *  - refused (a located `image-invalid`) when it refers to anything outside
 *    itself: an href that is not `#id` of its own (a file, a web address,
 *    `javascript:`, a `data:` that is not a PNG or JPEG), a CSS `url()` that
 *    is not `#id`, an `@import`, an `<?xml-stylesheet?>`, an external or
 *    parameter entity, or entities that expand past a bound;
 *  - cleaned of what is active or foreign, which neither viewer draws:
 *    <script>, <foreignObject> (a <switch> keeps its drawn fallback),
 *    <iframe>, <embed>, <object>, <audio>, <video>, <handler>, <listener>,
 *    animations of an href or an event, and every on… event attribute;
 *  - written back out in plain form: no DOCTYPE (its entities expanded),
 *    no processing instructions, attributes re-escaped.
 *
 * Only the cleaned SVG is rendered and embedded. `data:` PNG and JPEG
 * pictures inside it are handed back so the caller checks them like any
 * picture (structure, pixels).
 */
import { SaxesParser } from 'saxes';

export type SvgRefusal =
  /** The first element is not <svg>, or the text is not XML at all. */
  | { kind: 'not-svg' }
  /** Markup that is not well-formed XML, at a line of the file. */
  | { kind: 'malformed'; line: number }
  /** A reference to something outside the SVG. */
  | { kind: 'reference'; ref: string }
  /** An entity briefdeck does not expand: external, a parameter entity, markup or references inside, or too much text in all. */
  | { kind: 'entity'; name: string };

export type SvgSandboxResult =
  | { ok: true; svg: string; embedded: Uint8Array[] }
  | { ok: false; refusal: SvgRefusal };

/** Elements removed with everything inside them (compared in lower case, any prefix). */
const REMOVED = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener']);
const ANIMATIONS = new Set(['set', 'animate', 'animatecolor', 'animatemotion', 'animatetransform']);
/** Elements whose href loads a picture: only a `data:` PNG or JPEG, or (feImage) an element of this SVG. */
const PICTURE_ELEMENTS = new Set(['image', 'feimage']);
/** Text all entity references of a file may expand to: far beyond the namespace URIs Illustrator declares this way. */
const MAX_ENTITY_TEXT = 1_000_000;

class Refused extends Error {
  constructor(readonly refusal: SvgRefusal) {
    super(refusal.kind);
  }
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1).toLowerCase();

/** Checks and cleans an SVG; `text` is the file decoded as UTF-8. */
export function sandboxSvg(text: string): SvgSandboxResult {
  const source = text.replace(/^\uFEFF/, '');
  const parser = new SaxesParser({ position: true });
  const out: string[] = [];
  const ids = new Set<string>();
  const elementRefs: string[] = [];
  const embedded: Uint8Array[] = [];
  /** Open elements: whether each is written out, and for a <style> its text so far (checked whole, when it closes). */
  const stack: { name: string; kept: boolean; css?: string }[] = [];
  let removing = 0;
  let root = false;
  const refuse = (refusal: SvgRefusal): never => {
    throw new Refused(refusal);
  };

  parser.on('error', () => refuse(root ? { kind: 'malformed', line: parser.line } : { kind: 'not-svg' }));
  parser.on('doctype', (doctype) => declareEntities(doctype, source, parser.ENTITIES, refuse));
  parser.on('processinginstruction', ({ target, body }) => {
    if (target.toLowerCase() === 'xml-stylesheet') refuse({ kind: 'reference', ref: /href\s*=\s*["']([^"']*)/.exec(body)?.[1] ?? `<?${target}?>` });
  });
  parser.on('comment', (comment) => {
    if (removing === 0 && root) out.push(`<!--${comment}-->`);
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (!root) {
      if (name !== 'svg') refuse({ kind: 'not-svg' });
      root = true;
    }
    const attributes = tag.attributes as Record<string, string>;
    const animatesActive = ANIMATIONS.has(name) && /^(?:.*:)?(?:href$|on)/i.test(attributes.attributeName ?? '');
    const kept = removing === 0 && !REMOVED.has(name) && !animatesActive;
    if (!kept) removing++;
    if (kept) out.push(`<${tag.name}${keptAttributes(name, attributes)}${tag.isSelfClosing ? '/>' : '>'}`);
    stack.push({ name: tag.name, kept, ...(name === 'style' ? { css: '' } : {}) });
  });
  parser.on('closetag', (tag) => {
    const open = stack.pop();
    if (!open) return;
    if (open.css !== undefined && open.kept) checkCss(open.css, refuse);
    if (!open.kept) removing--;
    else if (!tag.isSelfClosing) out.push(`</${tag.name}>`);
  });
  const onText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (!top || removing > 0) return;
    for (const open of stack) if (open.css !== undefined) open.css += text;
    out.push(escapeText(text));
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  /** The attributes written out: events dropped, references checked. */
  function keptAttributes(element: string, attributes: Record<string, string>): string {
    let written = '';
    for (const [name, value] of Object.entries(attributes)) {
      const local = localName(name);
      if (local.startsWith('on')) continue;
      if (local === 'id') ids.add(value);
      if (local === 'href') checkHref(element, value.trim());
      else checkCss(value, refuse, local !== 'style');
      written += ` ${name}="${escapeAttribute(value)}"`;
    }
    return written;
  }

  function checkHref(element: string, href: string): void {
    if (href.startsWith('#') && href.length > 1 && !/[\s/\\]/.test(href)) {
      // An <image> given "#x" would be read as the file "#x"; an <feImage> draws the element if there is one.
      if (element === 'image') refuse({ kind: 'reference', ref: href });
      if (element === 'feimage') elementRefs.push(href.slice(1));
      return;
    }
    const picture = PICTURE_ELEMENTS.has(element) ? dataPicture(href) : undefined;
    if (!picture) refuse({ kind: 'reference', ref: href.length > 80 ? `${href.slice(0, 77)}…` : href });
    else embedded.push(picture);
  }

  try {
    parser.write(source).close();
    if (!root) return { ok: false, refusal: { kind: 'not-svg' } };
    const missing = elementRefs.find((id) => !ids.has(id));
    if (missing !== undefined) return { ok: false, refusal: { kind: 'reference', ref: `#${missing}` } };
    return { ok: true, svg: out.join(''), embedded };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

/** A `data:` URI of a base64 PNG or JPEG, decoded; anything else is not one. */
function dataPicture(href: string): Uint8Array | undefined {
  const match = /^data:image\/(?:png|jpeg|jpg)(?:;[a-z0-9=._+-]*)*;base64,([A-Za-z0-9+/=\s]*)$/i.exec(href);
  if (!match) return undefined;
  const bytes = Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64');
  return bytes.length > 0 ? bytes : undefined;
}

/**
 * CSS (a <style>, a style attribute, or a presentation attribute such as
 * fill="url(#gradient)"): only references to the SVG's own elements.
 * Comments and escapes are undone first, so `u\72l(` is read as `url(`.
 */
function checkCss(css: string, refuse: (r: SvgRefusal) => never, urlsOnly = false): void {
  if (!/[(@\\]/.test(css)) return;
  const plain = css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ')
    .replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_, hex: string) => {
      const code = parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    })
    .replace(/\\(.)/gs, '$1');
  if (!urlsOnly) {
    const atImport = /@import\b[^;]*/i.exec(plain);
    if (atImport) refuse({ kind: 'reference', ref: atImport[0].trim().slice(0, 80) });
  }
  for (const call of plain.matchAll(/\b(url|image|image-set|src|cross-fade|element)\s*\(\s*(["']?)([^)"']*)/gi)) {
    const [whole, fn = '', , target = ''] = call;
    if (fn.toLowerCase() === 'url' && /^#[^\s/\\]+$/.test(target.trim())) continue;
    if (!urlsOnly || fn.toLowerCase() === 'url') refuse({ kind: 'reference', ref: `${whole.trim().slice(0, 80)})` });
  }
}

/**
 * Reads the DOCTYPE's internal subset for the entities some editors declare
 * (Illustrator: `<!ENTITY ns_ai "http://ns.adobe.com/…">`) and gives them to
 * the parser, which expands them as plain text. Refused: external and
 * parameter entities, values holding markup or references, and entities
 * whose references in the file would expand past MAX_ENTITY_TEXT.
 */
function declareEntities(doctype: string, source: string, entities: Record<string, string>, refuse: (r: SvgRefusal) => never): void {
  const open = doctype.indexOf('[');
  if (open < 0) return;
  let subset = doctype.slice(open + 1);
  const declared = new Map<string, string>();
  while ((subset = subset.replace(/^\s+/, '')) !== '' && !subset.startsWith(']')) {
    const entity = /^<!ENTITY\s+(%\s*)?([^\s%&;<>"']+)\s+(?:"([^"<&]*)"|'([^'<&]*)')\s*>/.exec(subset);
    if (entity && !entity[1]) {
      declared.set(entity[2] ?? '', entity[3] ?? entity[4] ?? '');
      subset = subset.slice(entity[0].length);
      continue;
    }
    if (/^<!ENTITY/.test(subset) || subset.startsWith('%')) {
      refuse({ kind: 'entity', name: /^<!ENTITY\s+(?:%\s*)?([^\s>]*)/.exec(subset)?.[1] || subset.slice(0, 20) });
    }
    const other = /^(?:<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!(?:ELEMENT|ATTLIST|NOTATION)(?:[^>"']|"[^"]*"|'[^']*')*>)/.exec(subset);
    if (!other) refuse({ kind: 'entity', name: subset.slice(0, 20) });
    subset = subset.slice(other?.[0].length ?? subset.length);
  }
  let expanded = 0;
  for (const reference of source.matchAll(/&([^\s&;<>#]+);/g)) {
    expanded += declared.get(reference[1] ?? '')?.length ?? 0;
    if (expanded > MAX_ENTITY_TEXT) refuse({ kind: 'entity', name: reference[1] ?? '' });
  }
  for (const [name, value] of declared) if (entities[name] === undefined) entities[name] = value;
}

const escapeText = (text: string): string =>
  text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));

const escapeAttribute = (value: string): string =>
  value.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c] ?? c);
