/**
 * What the deck model knows of each shape's meaning, written where
 * PowerPoint, screen readers and LibreOffice look for it; pptxgenjs writes
 * none of it:
 *  - the slide's title as a title placeholder (`<p:ph type="title"/>` or
 *    `ctrTitle`), and each layout's title placeholder in its place and look;
 *  - alternative text (`descr`) on charts and pictures;
 *  - PowerPoint's decorative mark on rectangles and decorative pictures;
 *  - the header row of a table (`firstRow`);
 *  - the slide titles in docProps/app.xml, where pptxgenjs writes "Slide 1"…
 *    (file browsers and search indexers list them).
 * The emitter names every shape (`shapeName`), and these edits find each
 * shape by its name in the part pptxgenjs wrote. Pure functions over parsed XML.
 */
import type { Box, Shape, TextStyle, TitlePlaceholder } from '../model/deck.js';
import { attr, child, childElements, descendants, element, setAttr, setText, textOf, type XmlDocument, type XmlElement } from './xml.js';

/** What one shape is, for the reader: found in the part by its `name`. */
export interface ShapeMarks {
  name: string;
  title?: TitlePlaceholder;
  descr?: string;
  decorative?: boolean;
  headerRow?: boolean;
}

/** A layout's own marks: its title placeholder, and its master's shapes. */
export interface LayoutMarks {
  title?: { placeholder: TitlePlaceholder; box: Box; style: TextStyle };
  shapes: ShapeMarks[];
}

const KIND_NAMES: Readonly<Record<Shape['kind'], string>> = { text: 'Text', rect: 'Rectangle', chart: 'Chart', image: 'Picture', table: 'Table' };

/** A shape's name, unique on its slide: "Title 1", "Chart 3" (PowerPoint's own way of naming shapes). */
export function shapeName(shape: Shape, index: number): string {
  return `${shape.kind === 'text' && shape.placeholder ? 'Title' : KIND_NAMES[shape.kind]} ${index + 1}`;
}

/** The marks of a slide's or master's shapes, in order; shapes with nothing to mark are left out. */
export function marksOf(shapes: readonly Shape[]): ShapeMarks[] {
  return shapes.flatMap((shape, i): ShapeMarks[] => {
    const name = shapeName(shape, i);
    switch (shape.kind) {
      case 'text':
        return shape.placeholder ? [{ name, title: shape.placeholder }] : [];
      case 'rect':
        return [{ name, decorative: true }];
      case 'chart':
        return [{ name, descr: shape.alt }];
      case 'image':
        return [shape.decorative ? { name, descr: '', decorative: true } : { name, descr: shape.alt ?? '' }];
      case 'table':
        return shape.header.length > 0 ? [{ name, headerRow: true }] : [];
    }
  });
}

/** Writes the marks on the shapes of a slide or layout part, each found by its name among the shapes of its tree. */
export function markShapes(doc: XmlDocument, marks: readonly ShapeMarks[]): void {
  const tree = descendants(doc.root, 'p:spTree')[0];
  if (!tree || marks.length === 0) return;
  const byName = new Map(marks.map((m) => [m.name, m]));
  for (const shape of childElements(tree)) {
    const nonVisual = childElements(shape).find((c) => c.name.startsWith('p:nv'));
    const props = nonVisual && child(nonVisual, 'p:cNvPr');
    const mark = props && byName.get(attr(props, 'name') ?? '');
    if (!mark || !props || !nonVisual) continue;
    if (mark.descr !== undefined) setAttr(props, 'descr', mark.descr);
    if (mark.decorative) markDecorative(props);
    if (mark.title) setTitle(nonVisual, mark.title);
    if (mark.headerRow) for (const table of descendants(shape, 'a:tblPr')) setAttr(table, 'firstRow', 1);
  }
}

/** PowerPoint's "Mark as decorative" (Office 2019 on): an extension of the shape's properties, which other readers skip. */
const DECORATIVE_URI = '{C183D7F6-B498-43B3-948B-1728B52AA6E4}';
const DECORATIVE_NS = 'http://schemas.microsoft.com/office/drawing/2017/decorative';

/** The extension that marks a shape decorative. */
export const decorativeMark = (): XmlElement => element('a:ext', { uri: DECORATIVE_URI }, [element('adec:decorative', { 'xmlns:adec': DECORATIVE_NS, val: 1 })]);

function markDecorative(props: XmlElement): void {
  if (descendants(props, 'adec:decorative').length > 0) return;
  const mark = decorativeMark();
  const list = child(props, 'a:extLst');
  if (list) list.children.push(mark);
  else props.children.push(element('a:extLst', {}, [mark]));
}

/** The shape (`p:nvSpPr` holds the name's `p:cNvPr`) becomes the title placeholder. */
function setTitle(nvSpPr: XmlElement, type: TitlePlaceholder): void {
  const nvPr = child(nvSpPr, 'p:nvPr');
  const ph = titlePlaceholder(type);
  if (nvPr) nvPr.children = [ph, ...nvPr.children.filter((c) => c.kind !== 'element' || c.name !== 'p:ph')];
  else nvSpPr.children.push(element('p:nvPr', {}, [ph]));
  const locks = child(nvSpPr, 'p:cNvSpPr');
  if (locks && childElements(locks).length === 0) locks.children = [titleLocks()];
}

/** The placeholder mark that makes a shape its slide's title (`title`, or `ctrTitle` on a title slide). */
export const titlePlaceholder = (type: TitlePlaceholder): XmlElement => element('p:ph', { type });
/** A title placeholder's locks: it may not be grouped. */
export const titleLocks = (): XmlElement => element('a:spLocks', { noGrp: 1 });

const EMU = 914_400;
const emu = (inches: number): number => Math.round(inches * EMU);
const ANCHORS: Readonly<Record<TextStyle['valign'], string>> = { top: 't', middle: 'ctr', bottom: 'b' };
const ALIGNS: Readonly<Record<TextStyle['align'], string>> = { left: 'l', center: 'ctr', right: 'r' };

/**
 * The layout's title placeholder, in the place and look its slides show
 * their title: where PowerPoint puts a title typed on a new slide of this
 * layout, and what its outline and "Reset slide" go by. Its shape id follows
 * the part's largest.
 */
export function addLayoutTitle(doc: XmlDocument, title: NonNullable<LayoutMarks['title']>, lang: string): void {
  const tree = descendants(doc.root, 'p:spTree')[0];
  if (!tree || descendants(tree, 'p:ph').some((ph) => attr(ph, 'type') === title.placeholder)) return;
  const id = Math.max(1, ...descendants(tree, 'p:cNvPr').map((c) => Number(attr(c, 'id') ?? 0))) + 1;
  const { box, style, placeholder } = title;
  const inset = Math.round(style.margin * 12_700);
  const runProps = (name: string) =>
    element(name, { lang, sz: Math.round(style.fontSize * 100), b: style.bold ? 1 : 0, i: style.italic ? 1 : 0 }, [
      element('a:solidFill', {}, [element('a:srgbClr', { val: style.color })]),
      element('a:latin', { typeface: style.fontFace }),
      element('a:ea', { typeface: style.fontFace }),
      element('a:cs', { typeface: style.fontFace }),
    ]);
  const shape = element('p:sp', {}, [
    element('p:nvSpPr', {}, [
      element('p:cNvPr', { id, name: `Title Placeholder ${id}` }),
      element('p:cNvSpPr', {}, [titleLocks()]),
      element('p:nvPr', {}, [titlePlaceholder(placeholder)]),
    ]),
    element('p:spPr', {}, [
      element('a:xfrm', {}, [element('a:off', { x: emu(box.x), y: emu(box.y) }), element('a:ext', { cx: emu(box.w), cy: emu(box.h) })]),
    ]),
    element('p:txBody', {}, [
      element('a:bodyPr', { wrap: 'square', lIns: inset, tIns: inset, rIns: inset, bIns: inset, anchor: ANCHORS[style.valign] }, [element('a:noAutofit')]),
      element('a:lstStyle', {}, [
        element('a:lvl1pPr', { algn: ALIGNS[style.align] }, [
          element('a:lnSpc', {}, [element('a:spcPct', { val: Math.round(style.lineSpacing * 100_000) })]),
          runProps('a:defRPr'),
        ]),
      ]),
      element('a:p', {}, [element('a:endParaRPr', { lang })]),
    ]),
  ]);
  tree.children.push(shape);
}

/** The "Slide Titles" of docProps/app.xml: pptxgenjs's "Slide 1", "Slide 2"… (the last entries of TitlesOfParts) become the slides' titles. */
export function writeSlideTitles(doc: XmlDocument, titles: readonly string[]): void {
  const vector = descendants(doc.root, 'TitlesOfParts').flatMap((t) => childElements(t, 'vt:vector'))[0];
  if (!vector || titles.length === 0) return;
  const names = childElements(vector, 'vt:lpstr').slice(-titles.length);
  if (names.length !== titles.length || !names.every((n, i) => textOf(n) === `Slide ${i + 1}`)) return;
  names.forEach((n, i) => setText(n, titles[i]!));
}
