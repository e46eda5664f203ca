/**
 * The fast reader of rendered markup (render/markup.ts, `readWellFormed`)
 * against saxes (`readWithSaxes`): whatever it reads, it reads as saxes
 * does (names, attributes, text, entities, lines, position marks); whatever
 * saxes rejects, it leaves to saxes; and it does read the markup layouts
 * render to.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWellFormed, readWithSaxes, type MarkupElement } from '../../src/render/markup.js';

/** The top-level elements read (what parseMarkup looks at: saxes also keeps some of the white space between them). */
const elements = (root: MarkupElement): MarkupElement[] => root.children.filter((c): c is MarkupElement => typeof c !== 'string');

/** saxes's reading, or 'error'. */
function bySaxes(xml: string): MarkupElement[] | 'error' {
  try {
    return elements(readWithSaxes(xml));
  } catch {
    return 'error';
  }
}

/** Handlebars's escaping of `{{value}}`. */
const escape = (text: string): string =>
  text.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);

const space = fc.constantFrom(' ', '  ', '\n', '\t', '\n  ', ' \r\n');
const someSpace = fc.oneof({ weight: 4, arbitrary: fc.constant(' ') }, { weight: 1, arbitrary: space });
const name = fc.constantFrom('slide', 'text', 'list', 'item', 'a:b', 'x_1', 'box-2', 'chart.bar');
const attributeName = fc.constantFrom('x', 'y', 'style', 'kind', 'w', 'data-id');
/** Data as a report holds it: Vietnamese, symbols, emoji, and now and then a control character. */
const data = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Hội nghị', '37,2% → 50,8%', 'A & B <C>', '"trích dẫn"', "it's", 'a = b', '😀 ✓', '', '  ', 'x\ny', 'tab\there') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0001', '\u000b', '\ud800', '\udc00', '\udc00\udc00', '\ud800\ud800', '\ufffe', ']]>', '\r') },
);
/** Text as a template writes it: escaped data, or raw entities and references, some of them not XML's. */
const written = fc.oneof(
  { weight: 6, arbitrary: data.map(escape) },
  { weight: 1, arbitrary: fc.constantFrom('&#10;', '&#9;', '&#x1F600;', '&#0;', '&#x;', '&nbsp;', '&amp', '&#X41;', '&#65;', 'a & b', '&apos;', '<', ']]>') },
);
const mark = fc.tuple(fc.nat(3), fc.nat(40), fc.nat(40)).map(([s, l, c]) => `<?bd ${s} ${l} ${c}?>`);
const otherInstruction = fc.constantFrom('<?bd?>', '<?bdx 1 2 3?>', '<?ab 1 2 3?>', '<?xml version="1.0"?>', '<!-- note -->', '<![CDATA[x]]>', '<?bd 1 2 3\n?>');

const attribute = fc.tuple(someSpace, attributeName, fc.constantFrom('=', ' = ', '=\n'), fc.constantFrom('"', "'"), written).map(([s, n, eq, q, v]) => `${s}${n}${eq}${q}${v.replaceAll(q, q === '"' ? '&quot;' : '&#x27;')}${q}`);

const { element } = fc.letrec<{ element: string; node: string }>((tie) => ({
  element: fc
    .tuple(fc.option(mark, { nil: '' }), name, fc.array(attribute, { maxLength: 3 }), fc.option(someSpace, { nil: '' }), fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
    .map(([m, n, attrs, s, children, empty]) => (empty && children.length === 0 ? `${m}<${n}${attrs.join('')}${s}/>` : `${m}<${n}${attrs.join('')}${s}>${children.join('')}</${n}${s}>`)),
  node: fc.oneof({ weight: 3, arbitrary: written }, { weight: 3, arbitrary: tie('element') }, { weight: 1, arbitrary: mark }, { weight: 1, arbitrary: otherInstruction }),
}));

/** Markup as a layout renders it, now and then with a mistake in it. */
const markup = fc.tuple(fc.option(space, { nil: '' }), element, fc.option(space, { nil: '' })).map(([a, e, b]) => `${a}${e}${b}`);
const mistake = fc.tuple(markup, fc.nat(), fc.constantFrom('', '<', '>', '</x>', '<x>', '&', '"', '=', ' ', 'text', '<a/>', '\u0000', '/')).map(([xml, at, insert]) => {
  const i = at % (xml.length + 1);
  return xml.slice(0, i) + insert + xml.slice(i + (insert === '' ? 1 : 0));
});

describe('readWellFormed', () => {
  it('reads what saxes reads, or leaves it to saxes', () => {
    fc.assert(
      fc.property(fc.oneof(markup, mistake), (xml) => {
        const fast = readWellFormed(xml);
        if (fast !== undefined) expect(elements(fast)).toEqual(bySaxes(xml));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads markup as layouts render it (no mistakes, no rare characters) itself', () => {
    const text = fc.constantFrom('Hội nghị', '37,2% → 50,8%', 'A & B <C>', '"trích dẫn"', "it's", 'a = b', '😀 ✓', '', '  ', 'x\ny', 'tab\there').map(escape);
    const plain = fc.tuple(someSpace.filter((s) => !s.includes('\r')), attributeName, fc.constantFrom('"', "'"), text).map(([s, n, q, v]) => `${s}${n}=${q}${v}${q}`);
    const { tree } = fc.letrec<{ tree: string; node: string }>((tie) => ({
      tree: fc
        .tuple(fc.option(mark, { nil: '' }), name, fc.uniqueArray(plain, { maxLength: 3, selector: (a) => a.trim().split('=')[0] }), fc.array(tie('node'), { maxLength: 3 }))
        .map(([m, n, attrs, children]) => `${m}<${n}${attrs.join('')}>${children.join('')}</${n}>`),
      node: fc.oneof({ weight: 2, arbitrary: text }, { weight: 1, arbitrary: tie('tree') }, { weight: 1, arbitrary: mark }),
    }));
    fc.assert(
      fc.property(tree, (xml) => {
        const fast = readWellFormed(xml);
        expect(fast).toBeDefined();
        expect(elements(fast!)).toEqual(bySaxes(xml));
      }),
      { numRuns: 500 },
    );
  });

  it('reads names, attributes in both quotes, entities, lines and position marks as saxes does', () => {
    const xml =
      '<?bd 0 1 1?><slide a="1\n2\t3" b=\'x&#10;y\'\n  c = "&amp;&lt;&#x27;">\n  hi &amp; there<?bd 0 3 2?><text/>\n tail<?bd 0 4 1?>more 😀&#x1F600;</slide>\n';
    const fast = readWellFormed(xml);
    expect(elements(fast!)).toEqual(bySaxes(xml));
    const slide = elements(fast!)[0]!;
    expect(slide.attrs).toEqual({ a: '1 2 3', b: 'x\ny', c: "&<'" });
    expect(slide.line).toBe(3);
    expect(slide.children).toEqual(['\n  hi & there', expect.objectContaining({ name: 'text', line: 4, at: { source: 0, line: 3, col: 2 } }), '\n tail', 'more 😀😀']);
  });

  it('leaves to saxes what it rejects or reads another way', () => {
    for (const xml of [
      '<slide>x]]>y</slide>',
      '<slide>a\r\nb</slide>',
      '<slide>a<!-- c -->b</slide>',
      '<slide><a></b></slide>',
      '<slide a="1" a="2"/>',
      '<slide>&nbsp;</slide>',
      '<slide/><x/>',
      'x<slide/>',
      '<slide __proto__="x"/>',
      '<slide><?ab 1 2 3?><text/></slide>',
      '<slide a="<"/>',
      '<slide>\u0001</slide>',
      '<slide>\ud800</slide>',
      '<slide b="1"c="2"/>',
      '<slide>',
      '',
    ]) {
      expect(readWellFormed(xml), xml).toBeUndefined();
    }
  });
});
