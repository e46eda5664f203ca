/**
 * flat-fix.ts fixes slides and notes without their tree: whatever it
 * returns must be what the tree gives (parse, the fixes in registry order,
 * the marks, write), byte for byte, and where the tree throws it must
 * return nothing. Shown on every slide and notes slide of the fixture
 * decks, and on generated parts full of what pptxgenjs never writes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markShapes, type ShapeMarks } from '../../src/pptx/accessibility.js';
import { normaliseOptions } from '../../src/pptx/emit.js';
import { FLAT_FIXES, flatFix } from '../../src/pptx/flat-fix.js';
import { PART_FIXES } from '../../src/pptx/fixes/index.js';
import { partText } from '../../src/pptx/parts.js';
import { parseXml, serializeXml } from '../../src/pptx/xml.js';
import { DeckBuilder } from '../../src/index.js';
import { TEMPLATES } from '../helpers/build.js';
import { FIX_DECKS, rawParts } from '../helpers/raw.js';

const LANG = 'vi-VN';
const fixesOf = (part: string): string[] => PART_FIXES.filter((f) => f.package === 'deck' && f.parts.test(part)).map((f) => f.name);
const SLIDE_FIXES = fixesOf('ppt/slides/slide1.xml');
const NOTES_FIXES = fixesOf('ppt/notesSlides/notesSlide1.xml');

/** What the tree makes of the part; undefined where it throws. */
function byTree(source: string, fixes: readonly string[], marks: readonly ShapeMarks[] | undefined, part: string): string | undefined {
  try {
    const doc = parseXml(source);
    for (const fix of PART_FIXES) if (fixes.includes(fix.name)) fix.apply(doc, { part, stamp: '', lang: LANG, author: '' });
    if (marks && marks.length > 0) markShapes(doc, marks);
    return serializeXml(doc);
  } catch {
    return undefined;
  }
}

describe('flatFix', () => {
  it('implements every fix the registry names for slides and notes', () => {
    expect(SLIDE_FIXES.length).toBeGreaterThan(0);
    for (const fix of [...SLIDE_FIXES, ...NOTES_FIXES]) expect(FLAT_FIXES.has(fix)).toBe(true);
  });

  it.each(FIX_DECKS.map((d) => [`${d.data.split('/').pop()} (${d.theme})`, d] as const))('%s: every slide and notes slide as the tree writes it', async (_, { data, theme }) => {
    const parts = await rawParts(data, theme);
    const rendered = await new DeckBuilder().render({ data, templates: TEMPLATES, theme });
    const marks = normaliseOptions(rendered.value!.deck).accessibility!.slides;
    let taken = 0;
    let count = 0;
    for (const [name, part] of parts) {
      const slide = /^ppt\/slides\/slide(\d+)\.xml$/.exec(name);
      if (!slide && !/^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(name)) continue;
      count++;
      const source = partText(part);
      const shapes = slide ? marks[Number(slide[1]) - 1] : undefined;
      const flat = flatFix(source, fixesOf(name), { lang: LANG }, shapes);
      if (flat === undefined) continue;
      taken++;
      expect(flat, name).toBe(byTree(source, fixesOf(name), shapes, name));
    }
    // Only notes with a line break in a run are left to the tree.
    expect(count).toBeGreaterThanOrEqual(10);
    expect(taken).toBeGreaterThan(count * 0.8);
  });

  it('leaves a part another fix names to the tree', () => {
    expect(flatFix('<p:sld/>', [...SLIDE_FIXES, 'slide-number-cache'], { lang: LANG }, undefined)).toBeUndefined();
  });

  it('gives what the tree gives, or nothing, on generated parts (fast-check)', () => {
    const stats = { taken: 0, changed: 0, marked: 0 };
    fc.assert(
      fc.property(part, fc.boolean(), marksArb, ({ xml }, notes, marks) => {
        const fixes = notes ? NOTES_FIXES : SLIDE_FIXES;
        const name = notes ? 'ppt/notesSlides/notesSlide1.xml' : 'ppt/slides/slide1.xml';
        const shapes = notes ? undefined : marks;
        const flat = flatFix(xml, fixes, { lang: LANG }, shapes);
        if (flat === undefined) return;
        stats.taken++;
        const withoutMarks = flatFix(xml, fixes, { lang: LANG }, undefined);
        if (flat !== xml) stats.changed++;
        if (flat !== withoutMarks) stats.marked++;
        expect(flat).toBe(byTree(xml, fixes, shapes, name));
      }),
      { numRuns: 3000 },
    );
    // Most generated parts are taken, and the fixes and marks change many of them: the property is not vacuous.
    // In 3.000 runs: about 1.200 taken, 1.150 changed and 120 marked.
    expect(stats.taken).toBeGreaterThan(800);
    expect(stats.changed).toBeGreaterThan(600);
    expect(stats.marked).toBeGreaterThan(60);
  });
});

// ---------------------------------------------------------------------------
// Generated parts: shapes as pptxgenjs writes them, with what it never writes
// mixed in (tags spaced or quoted otherwise, attributes twice, tags that do not
// match, comments, CDATA, line breaks and character references in runs).

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
/** `usual`, and once in a while `odd`. */
const rarely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 30, arbitrary: usual }, { weight: 1, arbitrary: odd });
const text = pick('', ' ', 'Hà Nội', 'a &amp; b', 'x\ny', '&#10;', '&quot;', '>', '\r\n');
const attrName = pick('lang', 'id', 'name', 'descr', 'type', 'val', 'firstRow', 'altLang');
const attrValue = pick('en-US', 'vi-VN', 'vi&#45;VN', 'a&amp;b', '1', '2', '25', 'x', '', 'Shape 1', 'Shape 2', 'Title 1', 'title', '&quot;');
const attributes = fc.uniqueArray(fc.tuple(attrName, attrValue), { maxLength: 4, selector: ([n]) => n }).map((pairs) => pairs.map(([n, v]) => ` ${n}="${v}"`).join(''));
/** Now and then, a tag written otherwise than canonically. */
const oddity = fc.oneof({ weight: 200, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pick(' ', "  x='1'", ' x="<"', '\n', ' x="1" x="2"') });

interface Xml {
  xml: string;
}

function el(name: fc.Arbitrary<string>, inner: fc.Arbitrary<Xml[]>, attrs: fc.Arbitrary<string> = attributes): fc.Arbitrary<Xml> {
  return fc
    .tuple(name, attrs, oddity, fc.nat(9), inner, fc.oneof({ weight: 200, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pick(' ', 'x', 'y') }))
    .map(([n, attrs, odd, form, children, endOdd]) => {
      const body = children.map((c) => c.xml).join('');
      const start = `<${n}${attrs}${odd}`;
      if (body === '' && form < 4) return { xml: `${start}/>` };
      const end = endOdd === 'x' ? `${n}x` : endOdd === 'y' ? `${n.slice(0, -1)}y` : n;
      return { xml: `${start}>${body}</${end}${endOdd === ' ' ? ' ' : ''}>` };
    });
}

const leaf = (name: string): fc.Arbitrary<Xml> => el(pick(name), fc.constant([]));
const textNode: fc.Arbitrary<Xml> = text.map((t) => ({ xml: t }));
const other: fc.Arbitrary<Xml> = pick('<!-- c -->', '<![CDATA[a\nb]]>', '<?pi x?>').map((xml) => ({ xml }));
const some = (...items: fc.Arbitrary<Xml>[]): fc.Arbitrary<Xml[]> =>
  fc.array(fc.oneof({ weight: 40, arbitrary: fc.oneof(...items) }, { weight: 6, arbitrary: textNode }, { weight: 1, arbitrary: other }), { maxLength: 4 });

const cNvPr = el(
  pick('p:cNvPr'),
  some(el(pick('a:extLst'), some(leaf('a:ext'), leaf('adec:decorative'))), leaf('adec:decorative')),
  // A shape's id and name as pptxgenjs writes them, mostly.
  rarely(fc.tuple(pick('2', '3', '25'), pick('Shape 1', 'Shape 2', 'Title 1'), pick('', ' descr="a"')).map(([id, n, more]) => ` id="${id}" name="${n}"${more}`), attributes),
);
const run = el(pick('a:r'), some(leaf('a:rPr'), el(pick('a:t'), fc.array(textNode, { maxLength: 2 }))));
const paragraph = el(pick('a:p'), some(el(pick('a:pPr'), some(leaf('a:defRPr'), leaf('a:buNone'), cNvPr)), run, leaf('a:endParaRPr'), leaf('a:fld')));
const nvPr = el(pick('p:nvPr'), some(leaf('p:ph'), leaf('p:custDataLst')));
const locks = el(pick('p:cNvSpPr'), some(leaf('a:spLocks')));
/** Mostly in pptxgenjs's order (the name first), now and then anyhow. */
const nonVisual = el(
  pick('p:nvSpPr', 'p:nvGraphicFramePr', 'p:nvPicPr'),
  rarely(
    fc.tuple(cNvPr, fc.option(locks), fc.option(nvPr), some(leaf('a:x'))).map(([a, b, c, rest]) => [a, ...(b ? [b] : []), ...(c ? [c] : []), ...rest]),
    some(cNvPr, locks, nvPr, leaf('p:nvPr')),
  ),
);
const body = some(el(pick('p:txBody'), some(leaf('a:bodyPr'), paragraph)), el(pick('a:tbl'), some(leaf('a:tblPr'), paragraph)));
const shape = el(
  pick('p:sp', 'p:graphicFrame', 'p:pic'),
  rarely(
    fc.tuple(nonVisual, body).map(([nv, rest]) => [nv, ...rest]),
    some(nonVisual, leaf('p:spPr')),
  ),
);
const tree = el(pick('p:spTree'), some(shape, shape, leaf('p:cNvPr'), paragraph));
const part: fc.Arbitrary<Xml> = fc
  .tuple(
    rarely(pick('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', ''), pick('<!-- c -->', 'x')),
    el(
      pick('p:sld', 'p:notes'),
      rarely(
        el(pick('p:cSld'), fc.tuple(tree, some(paragraph)).map(([t, rest]) => [t, ...rest])).map((c) => [c]),
        fc.array(el(pick('p:cSld'), some(tree, paragraph)), { maxLength: 2 }),
      ),
    ),
    rarely(pick('', '\n'), pick('x', '<?pi?>')),
  )
  .map(([prolog, root, epilog]) => ({ xml: prolog + root.xml + epilog }));

const marksArb: fc.Arbitrary<ShapeMarks[]> = fc.array(
  fc.record(
    { name: pick('Shape 1', 'Shape 2', 'Title 1'), title: pick('title' as const, 'ctrTitle' as const), descr: pick('', 'Biểu đồ', 'a & "b"'), decorative: fc.boolean(), headerRow: fc.boolean() },
    { requiredKeys: ['name'] },
  ),
  { minLength: 1, maxLength: 3 },
);
