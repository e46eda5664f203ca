/**
 * Markup tree + theme → deck-model shapes. Geometry comes from the theme's
 * named regions and from the layout's relative placements; styles and colours
 * are looked up by name in the theme. Nothing visual is decided here.
 *
 * The whole markup is checked against the declared vocabulary
 * (vocabulary.ts) before anything is built (`checkMarkup`): every element is
 * a declared one standing where it may, every attribute one it takes, and
 * every value of the attribute's kind (a length, a whole number, one of a
 * few words, a name of the theme looked up among the theme's own keys, never
 * Object.prototype's). Values are read through the same declarations, and
 * every box must lie on the slide: a layout either gives a valid deck or a
 * located error.
 */
import { listOf, say, t, type Text } from '../i18n/catalogue.js';
import type { ImageSet, LoadedImage } from '../load/images.js';
import type { Box, ChartShape, ChartType, Color, ImageShape, MasterSlide, Paragraph, Shape, Slide, TableShape, TextRun, TextStyle } from '../model/deck.js';
import type { MasterPicture, Theme } from '../templates/theme.js';
import { closest } from '../validate/validate.js';
import { childElements, type MarkupElement, type MarkupNode } from './markup.js';
import { readingOrder } from './reading-order.js';
import { titleText } from '../model/title.js';
import {
  ALIGNS,
  attributeOf,
  attributesOf,
  BOOLEANS,
  CHART_TYPES,
  childrenOf,
  TITLE_PLACEHOLDERS,
  declarationOf,
  ELEMENT_NAMES,
  elementsWith,
  KINDS,
  parentsOf,
  VALIGNS,
  type Attribute,
  type ShapeName,
} from './vocabulary.js';

/** A problem in a layout's markup, at the element that has it (and the attribute, when one is to blame). */
export class DrawError extends Error {
  constructor(
    readonly text: Text,
    readonly hint: Text,
    readonly element: MarkupElement,
    readonly attr?: string,
  ) {
    super(say(text));
  }
}

/** The value of a theme's own key: "constructor" or "toString" name nothing of Object.prototype here. */
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** A rounding error's worth of inches: boxes computed from percentages may end a hair past an edge. */
const EPSILON = 1e-6;

/** What drawing needs besides the markup: the theme and the pictures the data names. */
export interface DrawContext {
  theme: Theme;
  images: ImageSet;
  /** A chart value as the deck's locale writes it, with its unit when that is "%". */
  formatValue: (value: number, unit: string) => string;
  /** A chart's alternative text, made from its data in the deck's language; `title` names it when it has none of its own. */
  describeChart: (chart: ChartShape, title: string) => string;
}

export function drawSlide(root: MarkupElement, ctx: DrawContext, origin: Slide['origin']): Slide {
  const { theme } = ctx;
  expectName(root, 'slide');
  checkMarkup(root, ctx);
  const master = masterOf(root.attrs.master ?? theme.masters[0] ?? 'content', theme, root);
  const notes = childElements(root).filter((c) => c.name === 'notes');
  const frame = slideBox(theme);
  const shapes = readingOrder(childElements(root).map((child) => drawElement(child, frame, ctx)));
  const title = root.attrs.title?.trim() || undefined;
  return {
    master,
    shapes: describeCharts(shapes, titleText(shapes) ?? title ?? '', ctx),
    notes: notes.map((n) => inlineText(n.children)).join('\n').trim(),
    origin,
    ...(title ? { title } : {}),
  };
}

/** Charts whose layout gave no `alt` get one made from their data, named by their own title or else the slide's. */
function describeCharts(shapes: Shape[], slideTitle: string, ctx: DrawContext): Shape[] {
  return shapes.map((s) => (s.kind === 'chart' && s.alt === '' ? { ...s, alt: ctx.describeChart(s, s.title ?? slideTitle) } : s));
}

/**
 * A master: its markup's shapes, over the theme's pictures for it
 * (masterPictures, e.g. an imported template's logo), each in its region.
 */
export function drawMaster(name: string, root: MarkupElement, ctx: DrawContext, pictures: readonly MasterPicture[] = []): MasterSlide {
  const { theme } = ctx;
  expectName(root, 'master');
  checkMarkup(root, ctx);
  const frame = slideBox(theme);
  const numberEl = childElements(root).find((c) => c.name === 'slideNumber');
  const behind = pictures.flatMap((p) => {
    const region = theme.regions[p.region];
    return region ? [placePicture(p.image, region, 'center', 'middle')] : [];
  });
  return {
    name,
    background: color(root.attrs.background ?? 'background', theme, root, 'background'),
    shapes: [...behind, ...drawChildren(root, frame, ctx)],
    ...(numberEl ? { slideNumber: { box: boxOf(numberEl, frame, theme), style: textStyle(numberEl, theme) } } : {}),
  };
}

const slideBox = (theme: Theme): Box => ({ x: 0, y: 0, w: theme.size.width, h: theme.size.height });

function drawChildren(parent: MarkupElement, box: Box, ctx: DrawContext): Shape[] {
  return childElements(parent).flatMap((child) => drawElement(child, box, ctx));
}

type ShapeBuilder = (el: MarkupElement, parent: Box, ctx: DrawContext) => Shape[];

/** How each element the vocabulary declares a shape is drawn (a declared shape without a drawer does not compile). */
const SHAPES: Readonly<Record<ShapeName, ShapeBuilder>> = {
  text: (el, parent, { theme }) => [textShape(el, boxOf(el, parent, theme), theme, [paragraphOf(el.children, theme)])],
  list: (el, parent, { theme }) => [listShape(el, boxOf(el, parent, theme), theme)],
  box: (el, parent, { theme }) => [rectShape(el, boxOf(el, parent, theme), theme)],
  group: (el, parent, ctx) =>
    drawChildren(el, onSlide(inset(boxOf(el, parent, ctx.theme), length(el, 'padding', 0, ctx.theme)), el, ctx.theme, 'padding'), ctx),
  row: (el, parent, ctx) => arrange(el, boxOf(el, parent, ctx.theme), ctx),
  column: (el, parent, ctx) => arrange(el, boxOf(el, parent, ctx.theme), ctx),
  grid: (el, parent, ctx) => arrange(el, boxOf(el, parent, ctx.theme), ctx),
  chart: (el, parent, ctx) => [chartShape(el, boxOf(el, parent, ctx.theme), ctx)],
  image: (el, parent, ctx) => [imageShape(el, boxOf(el, parent, ctx.theme), ctx.images)],
  table: (el, parent, { theme }) => [tableShape(el, boxOf(el, parent, theme), theme)],
};

/** The names of the elements shapes.ts draws (for the test that every declared element is handled). */
export const DRAWN: readonly string[] = Object.keys(SHAPES);

function drawElement(el: MarkupElement, parent: Box, ctx: DrawContext): Shape[] {
  const shape = Object.hasOwn(SHAPES, el.name) ? SHAPES[el.name as ShapeName] : undefined;
  if (shape) return shape(el, parent, ctx);
  // Read by the element it stands in (<notes> by its <slide>, <slideNumber> by its <master>); checkMarkup let nothing else through.
  if (declarationOf(el.name)?.role === 'child') return [];
  throw new DrawError(t('markup.unknown-element', { name: el.name }), useOneOf(Object.keys(SHAPES)), el);
}

/**
 * Checks the markup against the vocabulary, before anything is built: each
 * element is declared and stands where it may, each attribute is one the
 * element takes, and each value is of its kind. The first mistake is thrown,
 * at its element and attribute.
 */
export function checkMarkup(root: MarkupElement, ctx: DrawContext): void {
  const visit = (el: MarkupElement, parent: MarkupElement | undefined): void => {
    checkElement(el, parent, ctx);
    childElements(el).forEach((child) => visit(child, el));
  };
  visit(root, undefined);
}

/**
 * One element against the vocabulary: declared, standing where it may (when
 * its parent is known), with attributes it takes, each value of its kind.
 * `valuesOf` limits the values checked (the template check before rendering
 * leaves out values a template computes); by default every one is.
 */
export function checkElement(el: MarkupElement, parent: MarkupElement | undefined, ctx: DrawContext, valuesOf: (attr: string) => boolean = () => true): void {
  const declaration = declarationOf(el.name);
  if (!declaration) {
    const meant = closest(el.name, ELEMENT_NAMES);
    const allowed = parent ? childrenOf(parent.name) : ELEMENT_NAMES.filter((name) => declarationOf(name)?.in === 'root');
    const hint = meant
      ? t('schema.did-you-mean.hint', { suggestion: `<${meant}>` })
      : parent && allowed.length === 0
        ? t('markup.nothing-inside.hint', { parent: parent.name })
        : parent
          ? t('markup.unknown-element.hint', { parent: parent.name, allowed: listOf(allowed.map((name) => `<${name}>`)) })
          : useOneOf(allowed.map((name) => `<${name}>`));
    throw new DrawError(t('markup.unknown-element', { name: el.name }), hint, el);
  }
  if (parent) {
    const parents = parentsOf(declaration);
    if (!parents.includes(parent.name)) {
      const hint =
        parents.length === 0
          ? t('markup.root-only.hint', { name: el.name })
          : t('markup.misplaced.hint', { name: el.name, allowed: listOf(parents.map((name) => `<${name}>`)) });
      throw new DrawError(t('markup.misplaced', { name: el.name, parent: parent.name }), hint, el);
    }
  }
  const takes = Object.keys(attributesOf(declaration));
  for (const attr of Object.keys(el.attrs)) {
    const attribute = attributeOf(declaration, attr);
    if (!attribute) {
      const meant = closest(attr, takes);
      const elsewhere = elementsWith(attr);
      const allowed = listOf(takes);
      const hint = meant
        ? t('schema.did-you-mean.hint', { suggestion: meant })
        : takes.length === 0
          ? t('markup.no-attributes.hint', { name: el.name })
          : elsewhere.length > 0
            ? t('markup.attribute-elsewhere.hint', { attr, elements: listOf(elsewhere.map((name) => `<${name}>`)), name: el.name, allowed })
            : t('markup.attributes.hint', { name: el.name, allowed });
      throw new DrawError(t('markup.unknown-attribute', { name: el.name, attr }), hint, el, attr);
    }
    if (valuesOf(attr)) checkValue(el, attr, attribute, ctx);
  }
}

/** A value of its declared kind, read the way drawing reads it (so the two never disagree); throws where it is not. */
function checkValue(el: MarkupElement, attr: string, attribute: Attribute, { theme, images }: DrawContext): void {
  const value = el.attrs[attr] ?? '';
  switch (attribute.kind) {
    case 'region':
      region(el, theme, attr);
      return;
    case 'length':
      length(el, attr, 0, theme);
      return;
    case 'colour':
      color(value, theme, el, attr);
      return;
    case 'textStyle':
      textStyleOf(value, theme, el, attr);
      return;
    case 'shapeStyle':
      shapeStyleOf(value, theme, el, attr);
      return;
    case 'tableStyle':
      tableStyleOf(value, theme, el, attr);
      return;
    case 'master':
      masterOf(value, theme, el, attr);
      return;
    case 'count':
      count(el, attr, 0, attribute);
      return;
    case 'enum':
      oneOf(el, attr, attribute.values);
      return;
    case 'boolean':
      flag(el, attr);
      return;
    case 'picture':
      pictureOf(el, images, attr);
      return;
    case 'text':
      return;
  }
}

/** Splits a box among the children: side by side (row), stacked (column) or in balanced rows (grid). */
function arrange(el: MarkupElement, box: Box, ctx: DrawContext): Shape[] {
  const { theme } = ctx;
  const children = childElements(el);
  const n = children.length;
  if (n === 0) return [];
  const maxColumns = el.name === 'row' ? n : el.name === 'column' ? 1 : count(el, 'maxColumns', 3, KINDS.maxColumns);
  const rows = Math.ceil(n / maxColumns);
  const columns = Math.ceil(n / rows);
  // Gaps take at most half the room: more cells than the box holds make the
  // cells small (and fitting splits the slide), never negative or off the slide.
  const gapX = columns > 1 ? Math.min(length(el, 'gap', 0, theme, box.w), box.w / (2 * (columns - 1))) : 0;
  const gapY = rows > 1 ? Math.min(length(el, 'gap', 0, theme, box.h), box.h / (2 * (rows - 1))) : 0;
  // Cells are no larger than their content needs (maxCellWidth/maxCellHeight);
  // the block of cells is then placed in the box by align/valign, centred unless told.
  const cellW = Math.min((box.w - gapX * (columns - 1)) / columns, length(el, 'maxCellWidth', Infinity, theme, box.w));
  const cellH = Math.min((box.h - gapY * (rows - 1)) / rows, length(el, 'maxCellHeight', Infinity, theme, box.h));
  const blockW = columns * cellW + (columns - 1) * gapX;
  const blockH = rows * cellH + (rows - 1) * gapY;
  const left = box.x + placeAlong(oneOf(el, 'align', ALIGNS), box.w - blockW);
  const top = box.y + placeAlong(oneOf(el, 'valign', VALIGNS), box.h - blockH);
  return children.flatMap((child, i) => {
    const row = Math.floor(i / columns);
    const inRow = Math.min(columns, n - row * columns);
    // Centre a short last row, so 5 cards sit as 3 over 2 rather than ragged left.
    const offset = ((columns - inRow) * (cellW + gapX)) / 2;
    const col = i % columns;
    const cell = { x: left + offset + col * (cellW + gapX), y: top + row * (cellH + gapY), w: cellW, h: cellH };
    return drawElement(child, cell, ctx);
  });
}

/** Where a block starts in the room left around it: at the start, the end, or centred (the default). */
function placeAlong(where: string | undefined, room: number): number {
  if (where === 'left' || where === 'top') return 0;
  if (where === 'right' || where === 'bottom') return room;
  return room / 2;
}

/** An attribute that takes one of a few words; undefined when it is not given. */
function oneOf<T extends string>(el: MarkupElement, attr: string, allowed: readonly T[]): T | undefined {
  const value = el.attrs[attr];
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DrawError(t('markup.not-allowed', { attr, value }), useOneOf(allowed), el, attr);
  }
  return value as T;
}

/** `true` or `false`; undefined when the attribute is not given. */
function flag(el: MarkupElement, attr: string): boolean | undefined {
  const value = oneOf(el, attr, BOOLEANS);
  return value === undefined ? undefined : value === 'true';
}

/** A whole number in its declared range, or `fallback` when the attribute is not given. */
function count(el: MarkupElement, attr: string, fallback: number, { min, max }: Extract<Attribute, { kind: 'count' }>): number {
  const value = el.attrs[attr];
  if (value === undefined) return fallback;
  const n = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new DrawError(t('markup.not-a-count', { attr, value, min, max }), t('markup.count.hint'), el, attr);
  return n;
}

/** A box from a named region, or placed inside the parent with x/y/w/h/right/bottom (inches or %). */
function boxOf(el: MarkupElement, parent: Box, theme: Theme): Box {
  const found = region(el, theme);
  if (found) return onSlide(found, el, theme, 'region');
  const x = length(el, 'x', 0, theme, parent.w);
  const y = length(el, 'y', 0, theme, parent.h);
  // What is left of the parent, which may be none: a cell made small by many items holds nothing, and fitting splits the slide.
  const w = el.attrs.w ? length(el, 'w', 0, theme, parent.w) : Math.max(0, parent.w - x - length(el, 'right', 0, theme, parent.w));
  const h = el.attrs.h ? length(el, 'h', 0, theme, parent.h) : Math.max(0, parent.h - y - length(el, 'bottom', 0, theme, parent.h));
  return onSlide({ x: parent.x + x, y: parent.y + y, w, h }, el, theme);
}

/** The theme's region the element names; undefined when it names none (region="" places it like no region). */
function region(el: MarkupElement, theme: Theme, attr = 'region'): Box | undefined {
  const name = el.attrs[attr];
  if (!name) return undefined;
  const found = own(theme.regions, name);
  if (!found) throw new DrawError(t('markup.unknown-region', { name }), useOneOf(Object.keys(theme.regions)), el, attr);
  return found;
}

/** The box, when it lies on the slide with a size of 0 or more; else the layout's mistake, at the element. */
function onSlide(box: Box, el: MarkupElement, theme: Theme, attr?: string): Box {
  const { width, height } = theme.size;
  const fits =
    [box.x, box.y, box.w, box.h].every(Number.isFinite) &&
    box.w >= 0 &&
    box.h >= 0 &&
    box.x >= -EPSILON &&
    box.y >= -EPSILON &&
    box.x + box.w <= width + EPSILON &&
    box.y + box.h <= height + EPSILON;
  if (fits) return box;
  const placed = attr ?? ['w', 'h', 'x', 'y', 'right', 'bottom'].find((a) => el.attrs[a] !== undefined);
  throw new DrawError(
    t('markup.outside-slide', { name: el.name, x: box.x, y: box.y, w: box.w, h: box.h, width, height }),
    t('markup.outside-slide.hint'),
    el,
    placed,
  );
}

/**
 * "0.3" inches, "40%" of `of`, or a name from the theme's spacing; never
 * below 0 or beyond the slide's longer side (100%).
 */
function length(el: MarkupElement, attr: string, fallback: number, theme: Theme, of = 0): number {
  const value = el.attrs[attr];
  if (value === undefined || value === '') return fallback;
  const spacing = own(theme.spacing, value);
  if (spacing !== undefined) return spacing;
  const max = Math.max(theme.size.width, theme.size.height);
  const outOfRange = (): never => {
    throw new DrawError(t('markup.length-range', { attr, value, max }), t('markup.length.hint'), el, attr);
  };
  const percent = /^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (percent) {
    const p = Number(percent[1]);
    if (!(p >= 0 && p <= 100)) outOfRange();
    return (p / 100) * of;
  }
  const n = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    throw new DrawError(t('markup.not-a-length', { value }), t('markup.length.hint'), el, attr);
  }
  if (!(n >= 0 && n <= max)) outOfRange();
  return n;
}

/** The box less its padding; a padding wider than the box (a cell made small by many items) leaves nothing. */
function inset(box: Box, padding: number): Box {
  const by = Math.min(padding, box.w / 2, box.h / 2);
  return { x: box.x + by, y: box.y + by, w: box.w - 2 * by, h: box.h - 2 * by };
}

function textShape(el: MarkupElement, box: Box, theme: Theme, paragraphs: Paragraph[]): Shape {
  const style = textStyle(el, theme);
  const fill = own(theme.textStyles, el.attrs.style ?? 'body')?.fill;
  const group = el.attrs.sizeGroup;
  const placeholder = oneOf(el, 'placeholder', TITLE_PLACEHOLDERS);
  return {
    kind: 'text',
    box,
    style,
    paragraphs,
    ...(fill ? { fill: color(fill, theme, el, 'style') } : {}),
    ...(group ? { sizeGroup: group } : {}),
    ...(placeholder ? { placeholder } : {}),
  };
}

function listShape(el: MarkupElement, box: Box, theme: Theme): Shape {
  const numbered = flag(el, 'numbered') === true;
  const start = count(el, 'start', 1, KINDS.start);
  const items = childElements(el).filter((c) => c.name === 'item');
  // Consecutive paragraphs with the same autonumber scheme form one sequence
  // counting up from its startAt, so every item carries the list's start.
  const paragraphs = items.map(
    (item): Paragraph => ({
      ...paragraphOf(item.children, theme),
      bullet: numbered ? { kind: 'number', start } : { kind: 'bullet' },
    }),
  );
  return textShape(el, box, theme, paragraphs);
}

/**
 * Each run of white space as one space, as HTML folds it. Most texts have
 * only single spaces, which `replace` would copy anyway: a 3.000-slide
 * build made 12,5 MB of such copies (allocation profile).
 */
export function collapseSpaces(text: string): string {
  return FOLDABLE_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
}
/** White space other than a single space: a space unit that is not U+0020, or a space before another. */
const FOLDABLE_SPACE = /[^\S ]| \s/;

/** Inline content: text, <span style="…"> runs, and <br/> line breaks; white space folds as in HTML. */
function paragraphOf(nodes: readonly MarkupNode[], theme: Theme): Paragraph {
  const runs: TextRun[] = [];
  let breakBefore = false;
  const visit = (node: MarkupNode, style: TextRun['style']): void => {
    if (typeof node === 'string') {
      const text = collapseSpaces(node);
      if (text.length > 0) runs.push({ text, ...(style ? { style } : {}), ...(breakBefore ? { breakBefore } : {}) });
      if (text.trim().length > 0) breakBefore = false;
      return;
    }
    if (node.name === 'br') {
      breakBefore = true;
      return;
    }
    if (node.name !== 'span') throw new DrawError(t('markup.not-in-text', { name: node.name }), t('markup.not-in-text.hint'), node);
    const spanStyle = node.attrs.style === undefined ? style : runStyle(node, theme);
    node.children.forEach((child) => visit(child, spanStyle));
  };
  nodes.forEach((n) => visit(n, undefined));
  return { runs: trimRuns(runs) };
}

/** Drops the indentation that templates put around and between lines. */
function trimRuns(runs: TextRun[]): TextRun[] {
  const trimmed = runs.map((r, i) => {
    const startsLine = i === 0 || r.breakBefore === true;
    const endsLine = i === runs.length - 1 || runs[i + 1]?.breakBefore === true;
    let text = r.text;
    if (startsLine) text = text.trimStart();
    if (endsLine) text = text.trimEnd();
    return { ...r, text };
  });
  return trimmed.filter((r) => r.text.length > 0 || r.breakBefore);
}

function runStyle(el: MarkupElement, theme: Theme): TextRun['style'] {
  const s = textStyle(el, theme);
  return { fontFace: s.fontFace, fontSize: s.fontSize, color: s.color, bold: s.bold, italic: s.italic };
}

function textStyleOf(name: string, theme: Theme, el: MarkupElement, attr = 'style'): Theme['textStyles'][string] {
  const s = own(theme.textStyles, name);
  if (!s) throw new DrawError(t('markup.unknown-text-style', { name }), useOneOf(Object.keys(theme.textStyles)), el, attr);
  return s;
}

function shapeStyleOf(name: string, theme: Theme, el: MarkupElement, attr = 'style'): Theme['shapeStyles'][string] {
  const s = own(theme.shapeStyles, name);
  if (!s) throw new DrawError(t('markup.unknown-shape-style', { name }), useOneOf(Object.keys(theme.shapeStyles)), el, attr);
  return s;
}

function tableStyleOf(name: string, theme: Theme, el: MarkupElement, attr = 'style'): Theme['tableStyles'][string] {
  const s = own(theme.tableStyles, name);
  if (!s) {
    const styles = Object.keys(theme.tableStyles);
    throw new DrawError(t('markup.unknown-table-style', { name }), styles.length > 0 ? useOneOf(styles) : t('markup.no-table-styles'), el, attr);
  }
  return s;
}

function masterOf(name: string, theme: Theme, el: MarkupElement, attr = 'master'): string {
  if (!theme.masters.includes(name)) throw new DrawError(t('markup.unknown-master', { name }), useOneOf(theme.masters), el, attr);
  return name;
}

function pictureOf(el: MarkupElement, images: ImageSet, attr = 'src'): LoadedImage {
  const src = el.attrs[attr] ?? '';
  const image = images.get(src);
  if (!image) throw new DrawError(t('markup.unknown-picture', { src }), t('markup.unknown-picture.hint'), el, attr);
  return image;
}

export function textStyle(el: MarkupElement, theme: Theme): TextStyle {
  const s = textStyleOf(el.attrs.style ?? 'body', theme, el);
  return {
    fontFace: fontFace(s.font, theme),
    fontSize: s.size,
    minFontSize: Math.min(s.size, s.minSize ?? s.size),
    maxFontSize: Math.max(s.size, s.maxSize ?? s.size),
    balance: s.balance,
    color: el.attrs.color === undefined ? color(s.color, theme, el, 'style') : color(el.attrs.color, theme, el, 'color'),
    bold: s.bold,
    italic: s.italic,
    align: oneOf(el, 'align', ALIGNS) ?? s.align,
    valign: oneOf(el, 'valign', VALIGNS) ?? s.valign,
    lineSpacing: s.lineSpacing,
    paraSpaceAfter: s.paraSpaceAfter,
    margin: s.margin,
  };
}

function rectShape(el: MarkupElement, box: Box, theme: Theme): Shape {
  const s = shapeStyleOf(el.attrs.style ?? '', theme, el);
  return {
    kind: 'rect',
    box,
    radius: box.w > 0 && box.h > 0 ? s.radius : 0, // a rounded corner is a share of the shorter side
    ...(s.fill ? { fill: color(s.fill, theme, el, 'style') } : {}),
    ...(s.line ? { line: { color: color(s.line, theme, el, 'style'), width: s.lineWidth } } : {}),
  };
}

/** A table of <tr> rows of <td> cells; the first <tr header="true"> is the header. Widths and heights are fitted later. */
function tableShape(el: MarkupElement, box: Box, theme: Theme): TableShape {
  const style = tableStyleOf(el.attrs.style ?? 'table', theme, el);
  if (!(box.w > 0)) {
    // A table needs a width to share among its columns.
    const { width, height } = theme.size;
    throw new DrawError(t('markup.outside-slide', { name: el.name, ...box, width, height }), t('markup.outside-slide.hint'), el);
  }
  const rows = childElements(el).filter((r) => r.name === 'tr');
  const cells = (row: MarkupElement): string[] =>
    childElements(row)
      .filter((c) => c.name === 'td')
      .map((c) => collapseSpaces(inlineText(c.children)).trim());
  const header = rows.find((r) => flag(r, 'header') === true);
  const body = rows.filter((r) => r !== header).map(cells);
  const headerCells = header ? cells(header) : [];
  const columns = Math.max(headerCells.length, ...body.map((r) => r.length), 1);
  const styleOf = (styleName: string): TextStyle => textStyle({ ...el, attrs: { style: styleName } }, theme);
  return {
    kind: 'table',
    box,
    header: headerCells,
    rows: body,
    columnWidths: Array.from({ length: columns }, () => box.w / columns),
    headerStyle: styleOf(style.header),
    bodyStyle: styleOf(style.body),
    headerFill: color(style.headerFill, theme, el, 'style'),
    ...(style.stripeFill ? { stripeFill: color(style.stripeFill, theme, el, 'style') } : {}),
    borderColor: color(style.border, theme, el, 'style'),
    // \u2212 is the minus sign (−), escaped so that the bundle stays ASCII (startup/bundle.ts).
    numericColumns: Array.from({ length: columns }, (_, i) => body.length > 0 && body.every((r) => /^[-+\u2212]?[\d.,\s]+%?$/.test(r[i] ?? ''))),
    balance: style.balance,
  };
}

/** A picture as large as its box allows, its aspect ratio kept, centred (or aligned by `align`/`valign`). */
function imageShape(el: MarkupElement, box: Box, images: ImageSet): ImageShape {
  const picture = placePicture(pictureOf(el, images), box, oneOf(el, 'align', ALIGNS), oneOf(el, 'valign', VALIGNS));
  if (flag(el, 'decorative') === true) return { ...picture, decorative: true };
  const alt = el.attrs.alt?.trim();
  return alt ? { ...picture, alt } : picture;
}

/** A picture as large as its box allows, its proportions kept, aligned in the box. */
function placePicture(image: LoadedImage, box: Box, align: (typeof ALIGNS)[number] | undefined, valign: (typeof VALIGNS)[number] | undefined): ImageShape {
  const scale = Math.min(box.w / image.width, box.h / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const x = box.x + placeAlong(align, box.w - w);
  const y = box.y + placeAlong(valign, box.h - h);
  return { kind: 'image', box: { x, y, w, h }, mime: image.mime, data: image.bytes, ...(image.svg ? { svg: image.svg } : {}) };
}

function chartShape(el: MarkupElement, box: Box, { theme, formatValue }: DrawContext): ChartShape {
  const type = el.attrs.type as ChartType;
  if (!(CHART_TYPES as readonly string[]).includes(type)) {
    throw new DrawError(t('markup.unknown-chart-type', { name: el.attrs.type ?? '' }), useOneOf(CHART_TYPES), el, 'type');
  }
  const children = childElements(el);
  const categories = children.filter((c) => c.name === 'category').map((c) => inlineText(c.children).trim());
  const series = children
    .filter((c) => c.name === 'series')
    .map((s) => ({
      name: s.attrs.name ?? '',
      values: childElements(s)
        .filter((v) => v.name === 'value')
        .map((v) => chartValue(inlineText(v.children), v)),
    }));
  const values = series.flatMap((s) => s.values);
  const chart = theme.chart;
  const highlight = chartHighlight(el.attrs.highlight ?? '', categories, el);
  return {
    kind: 'chart',
    box,
    type,
    ...(el.attrs.title ? { title: el.attrs.title } : {}),
    categories,
    series,
    colors: theme.chartColors.map((c) => color(c, theme, el)),
    ...(highlight === undefined ? {} : { highlight: { index: highlight, color: color(chart.highlightColor, theme, el) } }),
    numberFormat: numberFormat(values, el.attrs.unit ?? ''),
    labels: series.map((s) => s.values.map((v) => formatValue(v, el.attrs.unit ?? ''))),
    style: {
      fontFace: fontFace(chart.font, theme),
      fontSize: chart.size,
      labelSize: chart.labelSize,
      color: color(chart.color, theme, el),
      insideLabelColor: color(chart.insideLabelColor, theme, el),
    },
    showLegend: type === 'doughnut' || series.length > 1,
    alt: el.attrs.alt?.trim() ?? '',
  };
}

/**
 * The index of the category `highlight` names (empty: none). The data is
 * checked before (the validator), so a miss here is the layout's mistake.
 */
function chartHighlight(name: string, categories: readonly string[], el: MarkupElement): number | undefined {
  const key = (text: string): string => text.normalize('NFC').trim();
  if (key(name) === '') return undefined;
  const index = categories.findIndex((c) => key(c) === key(name));
  if (index < 0) throw new DrawError(t('markup.chart-highlight', { name: name.trim() }), useOneOf(categories), el, 'highlight');
  return index;
}

function chartValue(text: string, el: MarkupElement): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new DrawError(t('markup.chart-value', { value: text.trim() }), t('markup.chart-value.hint'), el);
  }
  return n;
}

/**
 * An Excel number format for the values (the workbook, and the data labels
 * once someone resets them in PowerPoint): whole numbers grouped (9.637),
 * others as written (27,1 — "General" keeps 26 from becoming 26,0), and "%"
 * as a literal so 27.1 is not multiplied by 100. The viewer's locale applies
 * it, which is why the labels are written as text and no value axis is shown.
 */
function numberFormat(values: readonly number[], unit: string): string {
  const base = values.every(Number.isInteger) ? '#,##0' : 'General';
  return unit === '%' ? `${base}"%"` : base;
}

function inlineText(nodes: readonly MarkupNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : n.name === 'br' ? '\n' : inlineText(n.children))).join('');
}

/** A colour of the theme by name, or six hex digits; the element (and attribute) it was asked for is blamed when it is neither. */
export function color(value: string, theme: Theme, el: MarkupElement, attr?: string): Color {
  const found = themeColour(value, theme);
  if (found !== undefined) return found;
  throw new DrawError(t('markup.unknown-colour', { value }), t('markup.colour.hint', { names: listOf(Object.keys(theme.colors)) }), el, attr);
}

/** A colour name of the theme (its own key) or six hex digits, upper-case; undefined when it is neither. */
export function themeColour(value: string, theme: Pick<Theme, 'colors'>): Color | undefined {
  const named = own(theme.colors, value);
  if (typeof named === 'string') return named.toUpperCase();
  return /^[0-9A-Fa-f]{6}$/.test(value) ? value.toUpperCase() : undefined;
}

/** A font key of the theme (its own key), or else a family name itself. */
export function fontFace(font: string, theme: Pick<Theme, 'fonts'>): string {
  return own(theme.fonts, font) ?? font;
}

function expectName(el: MarkupElement, name: string): void {
  if (el.name !== name) throw new DrawError(t('markup.root', { name, found: el.name }), t('markup.root.hint', { name }), el);
}

const useOneOf = (names: readonly string[]): Text => t('schema.use-one-of.hint', { allowed: listOf(names) });
