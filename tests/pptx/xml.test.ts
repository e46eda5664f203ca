/** The XML tree the fixes edit: parsing, writing back, strictness, entities. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partText } from '../../src/pptx/parts.js';
import {
  attr,
  cloneNode,
  decodeEntities,
  descendants,
  element,
  escapeAttribute,
  escapeText,
  parseXml,
  serializeElement,
  serializeXml,
  setAttr,
  textOf,
  XmlError,
  type XmlElement,
} from '../../src/pptx/xml.js';
import { FIX_DECKS, rawParts } from '../helpers/raw.js';

describe('parseXml and serializeXml', () => {
  it('write back every raw part of a deck as it was read, and reading that again gives the same tree', async () => {
    const parts = await rawParts(FIX_DECKS[0].data);
    let checked = 0;
    for (const [name, data] of parts) {
      if (data instanceof Map || !/\.(?:xml|rels)$/.test(name)) continue;
      const text = partText(data);
      const once = serializeXml(parseXml(text));
      expect(serializeXml(parseXml(once)), name).toBe(once);
      // The same text, but for runs of whitespace inside tags (pptxgenjs writes some `a  b="1"`), which come back as one
      // space, and empty elements written <a></a>, which come back <a/>.
      const spaced = (xml: string): string =>
        xml
          .replace(/\s+/g, ' ')
          .replace(/ (\/?>)/g, '$1')
          .replace(/<([\w:]+)([^<>]*?)><\/\1>/g, '<$1$2/>');
      expect(spaced(once), name).toBe(spaced(text));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('keeps the declaration, comments, CDATA and entities as written', () => {
    const xml = '<?xml version="1.0"?>\n<!-- made by hand --><a x=\'1 "q"\' y="&amp;&#233;"><![CDATA[<b>]]>R&amp;D &lt;1&gt;<b/></a>\n';
    const doc = parseXml(xml);
    expect(attr(doc.root, 'x')).toBe('1 "q"');
    expect(attr(doc.root, 'y')).toBe('&é');
    expect(textOf(doc.root)).toBe('<b>R&D <1>');
    expect(serializeXml(doc)).toBe('<?xml version="1.0"?>\n<!-- made by hand --><a x="1 &quot;q&quot;" y="&amp;&#233;"><![CDATA[<b>]]>R&amp;D &lt;1&gt;<b/></a>\n');
  });

  it('refuses what would corrupt a part, with the offset', () => {
    for (const bad of ['<a><b></a>', '<a>', '<a x=1/>', '<a x="1" x="2"/>', '<a/><b/>', 'text<a/>', '<a><!-- never closed</a>', '', '<a x="<"/>', '</a>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });

  it('refuses a duplicate attribute however it is spaced or quoted, and a "<" in any value', () => {
    for (const bad of ['<a x="1" y="2" x="3"/>', "<a x='1' x=\"2\">", '<a  x="1"\ty = "2" x ="3"/>', '<a y="1" x="2<"/>', '<a y="1" x=\'<\'/>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });

  it('writes untouched tags back as read, normalises the others, and reads attributes on demand', () => {
    const xml = '<a:p x="1" y="&amp;2"><b  z = \'3\' /><c w="4"/><d/></a:p>';
    const doc = parseXml(xml);
    expect(serializeXml(doc)).toBe('<a:p x="1" y="&amp;2"><b z="3"/><c w="4"/><d/></a:p>');
    const b = descendants(doc.root, 'b')[0]!;
    const c = descendants(doc.root, 'c')[0]!;
    expect(attr(c, 'w')).toBe('4');
    setAttr(c, 'w', '5 & 6');
    c.attributes.push(['v', '7']);
    expect(b.attributes).toEqual([['z', '3']]);
    expect(attr(doc.root, 'y')).toBe('&2');
    doc.root.attributes = doc.root.attributes.filter(([n]) => n !== 'x');
    expect(serializeXml(doc)).toBe('<a:p y="&amp;2"><b z="3"/><c w="5 &amp; 6" v="7"/><d/></a:p>');
  });

  it('copies a node with cloneNode: attributes and children, apart from the original', () => {
    const doc = parseXml('<a x="1"><b y="2">t</b></a>');
    const copy = cloneNode(doc.root);
    setAttr(copy, 'x', '9');
    (copy.children[0] as XmlElement).attributes.push(['z', '3']);
    expect(serializeElement(doc.root)).toBe('<a x="1"><b y="2">t</b></a>');
    expect(serializeElement(copy)).toBe('<a x="9"><b y="2" z="3">t</b></a>');
  });

  it('encodes what it is given and decodes what it reads', () => {
    const e = element('a:t', { val: 'say "5 < 6" & go' }, ['Tôi & <bạn>']);
    expect(serializeElement(e)).toBe('<a:t val="say &quot;5 &lt; 6&quot; &amp; go">Tôi &amp; &lt;bạn&gt;</a:t>');
    setAttr(e, 'val', "it's");
    expect(attr(e, 'val')).toBe("it's");
    expect(decodeEntities('&#x1F600;&unknown;&amp')).toBe('😀&unknown;&amp');
  });

  it('round-trips any tree of elements, attributes and text (fast-check)', () => {
    const name = fc.constantFrom('a:p', 'a:r', 'c:ser', 'p:sp', 'x');
    const text = fc.string({ maxLength: 8 });
    const tree: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
      node: fc
        .tuple(name, fc.dictionary(fc.constantFrom('id', 'val', 'lang', 'r:id'), text, { maxKeys: 3 }), fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('node')), { maxLength: 3 }))
        .map(([n, attrs, children]) => element(n, attrs, children.filter((c) => c !== ''))),
    })).node;
    fc.assert(
      fc.property(tree, (root) => {
        const xml = serializeElement(root);
        const again = parseXml(xml);
        expect(serializeElement(again.root)).toBe(xml);
        expect(textOf(again.root)).toBe(textOf(root));
        for (const e of [again.root, ...descendants(again.root, 'x')]) for (const [n] of e.attributes) expect(attr(e, n)).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('reads an attribute from the tag as written the same as from its split attributes, for any tree (fast-check)', () => {
    const text = fc.string({ maxLength: 8 });
    const tree: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
      node: fc
        .tuple(fc.constantFrom('a:p', 'x'), fc.dictionary(fc.constantFrom('id', 'val', 'lang', 'xml:lang', 'r:id', 'd'), text, { maxKeys: 4 }), fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('node')), { maxLength: 3 }))
        .map(([n, attrs, children]) => element(n, attrs, children.filter((c) => c !== ''))),
    })).node;
    const NAMES = ['id', 'val', 'lang', 'xml:lang', 'r:id', 'd', 'ang', 'missing'];
    fc.assert(
      fc.property(tree, fc.boolean(), (root, spaced) => {
        const xml = spaced ? serializeElement(root).replaceAll('="', ' = "') : serializeElement(root);
        const written = [parseXml(xml).root, ...descendants(parseXml(xml).root, 'x')];
        const split = [parseXml(xml).root, ...descendants(parseXml(xml).root, 'x')];
        split.forEach((e, i) => {
          for (const name of NAMES) {
            const pair = e.attributes.find(([n]) => n === name);
            expect(attr(written[i]!, name)).toBe(pair ? decodeEntities(pair[1]) : undefined);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('escapes text and attribute values so the text reads back the same (fast-check)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(decodeEntities(escapeText(s))).toBe(s);
        expect(decodeEntities(escapeAttribute(s))).toBe(s);
        expect(escapeAttribute(s)).not.toMatch(/["<>]/);
      }),
    );
  });
});
