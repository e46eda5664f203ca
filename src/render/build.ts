/**
 * Markup tree + theme → deck-model shapes. Geometry comes from the theme's
 * named regions and from the layout's relative placements; styles and colours
 * are looked up by name in the theme. Nothing visual is decided here.
 *
 * Every attribute value is checked by its kind before it is used (a length,
 * a whole number, one of a few words, a name of the theme looked up among the
 * theme's own keys, never Object.prototype's), and every box must lie on the
 * slide: a layout either gives a valid deck or a located error.
 */
import { listOf, say, t, type Text } from '../i18n/catalogue.js';
import type { ImageSet } from '../load/images.js';
import type { Box, ChartShape, ChartType, Color, ImageShape, MasterSlide, Paragraph, Shape, Slide, TableShape, TextRun, TextStyle } from '../model/deck.js';
import type { Theme } from '../templates/theme.js';
import { childElements, type MarkupElement, type MarkupNode } from './markup.js';

/** A problem in a layout's markup, at the element that has it (and the attribute, when one is to blame). */
export class BuildError extends Error {
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

const ALIGNS = ['left', 'center', 'right'] as const;
const VALIGNS = ['top', 'middle', 'bottom'] as const;
/** A rounding error's worth of inches: boxes computed from percentages may end a hair past an edge. */
const EPSILON = 1e-6;
/** a:buAutoNum/@startAt (ST_TextBulletStartAtNum) takes 1–32767. */
const MAX_START = 32767;
const MAX_COLUMNS = 100;

const CHART_TYPES: readonly ChartType[] = ['bar', 'column', 'line', 'doughnut'];

/** What the builder needs besides the markup: the theme and the pictures the data names. */
export interface BuildContext {
  theme: Theme;
  images: ImageSet;
  /** A chart value as the deck's locale writes it, with its unit when that is "%". */
  formatValue: (value: number, unit: string) => string;
}

export function buildSlide(root: MarkupElement, ctx: BuildContext, origin: Slide['origin']): Slide {
  const { theme } = ctx;
  expectName(root, 'slide');
  const master = root.attrs.master ?? theme.masters[0] ?? 'content';
  if (!theme.masters.includes(master)) {
    throw new BuildError(t('markup.unknown-master', { name: master }), useOneOf(theme.masters), root, 'master');
  }
  const notes = childElements(root).filter((c) => c.name === 'notes');
  const frame = slideBox(theme);
  return {
    master,
    shapes: buildChildren(root, frame, ctx),
    notes: notes.map((n) => inlineText(n.children)).join('\n').trim(),
    origin,
  };
}

export function buildMaster(name: string, root: MarkupElement, ctx: BuildContext): MasterSlide {
  const { theme } = ctx;
  expectName(root, 'master');
  const frame = slideBox(theme);
  const numberEl = childElements(root).find((c) => c.name === 'slideNumber');
  return {
    name,
    background: color(root.attrs.background ?? 'background', theme, root, 'background'),
    shapes: buildChildren(root, frame, ctx),
    ...(numberEl ? { slideNumber: { box: boxOf(numberEl, frame, theme), style: textStyle(numberEl, theme) } } : {}),
  };
}

const slideBox = (theme: Theme): Box => ({ x: 0, y: 0, w: theme.size.width, h: theme.size.height });

function buildChildren(parent: MarkupElement, box: Box, ctx: BuildContext): Shape[] {
  return childElements(parent).flatMap((child) => buildElement(child, box, ctx));
}

function buildElement(el: MarkupElement, parent: Box, ctx: BuildContext): Shape[] {
  const { theme } = ctx;
  switch (el.name) {
    case 'notes':
    case 'slideNumber':
      return [];
    case 'text':
      return [textShape(el, boxOf(el, parent, theme), theme, [paragraphOf(el.children, theme)])];
    case 'list':
      return [listShape(el, boxOf(el, parent, theme), theme)];
    case 'box':
      return [rectShape(el, boxOf(el, parent, theme), theme)];
    case 'group':
      return buildChildren(el, onSlide(inset(boxOf(el, parent, theme), length(el, 'padding', 0, theme)), el, theme, 'padding'), ctx);
    case 'row':
    case 'column':
    case 'grid':
      return arrange(el, boxOf(el, parent, theme), ctx);
    case 'chart':
      return [chartShape(el, boxOf(el, parent, theme), ctx)];
    case 'image':
      return [imageShape(el, boxOf(el, parent, theme), ctx.images)];
    case 'table':
      return [tableShape(el, boxOf(el, parent, theme), theme)];
    default:
      throw new BuildError(
        t('markup.unknown-element', { name: el.name }),
        useOneOf(['text', 'list', 'box', 'group', 'row', 'column', 'grid', 'chart', 'image', 'table', 'notes']),
        el,
      );
  }
}

/** Splits a box among the children: side by side (row), stacked (column) or in balanced rows (grid). */
function arrange(el: MarkupElement, box: Box, ctx: BuildContext): Shape[] {
  const { theme } = ctx;
  const children = childElements(el);
  const n = children.length;
  if (n === 0) return [];
  const maxColumns = el.name === 'row' ? n : el.name === 'column' ? 1 : count(el, 'maxColumns', 3, 1, MAX_COLUMNS);
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
    return buildElement(child, cell, ctx);
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
    throw new BuildError(t('markup.not-allowed', { attr, value }), useOneOf(allowed), el, attr);
  }
  return value as T;
}

/** A whole number from `min` to `max`, or `fallback` when the attribute is not given. */
function count(el: MarkupElement, attr: string, fallback: number, min: number, max: number): number {
  const value = el.attrs[attr];
  if (value === undefined) return fallback;
  const n = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new BuildError(t('markup.not-a-count', { attr, value, min, max }), t('markup.count.hint'), el, attr);
  return n;
}

/** A box from a named region, or placed inside the parent with x/y/w/h/right/bottom (inches or %). */
function boxOf(el: MarkupElement, parent: Box, theme: Theme): Box {
  const region = el.attrs.region;
  if (region) {
    const found = own(theme.regions, region);
    if (!found) {
      throw new BuildError(t('markup.unknown-region', { name: region }), useOneOf(Object.keys(theme.regions)), el, 'region');
    }
    return onSlide(found, el, theme, 'region');
  }
  const x = length(el, 'x', 0, theme, parent.w);
  const y = length(el, 'y', 0, theme, parent.h);
  // What is left of the parent, which may be none: a cell made small by many items holds nothing, and fitting splits the slide.
  const w = el.attrs.w ? length(el, 'w', 0, theme, parent.w) : Math.max(0, parent.w - x - length(el, 'right', 0, theme, parent.w));
  const h = el.attrs.h ? length(el, 'h', 0, theme, parent.h) : Math.max(0, parent.h - y - length(el, 'bottom', 0, theme, parent.h));
  return onSlide({ x: parent.x + x, y: parent.y + y, w, h }, el, theme);
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
  throw new BuildError(
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
    throw new BuildError(t('markup.length-range', { attr, value, max }), t('markup.length.hint'), el, attr);
  };
  const percent = /^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (percent) {
    const p = Number(percent[1]);
    if (!(p >= 0 && p <= 100)) outOfRange();
    return (p / 100) * of;
  }
  const n = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    throw new BuildError(t('markup.not-a-length', { value }), t('markup.length.hint'), el, attr);
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
  return { kind: 'text', box, style, paragraphs, ...(fill ? { fill: color(fill, theme, el, 'style') } : {}), ...(group ? { sizeGroup: group } : {}) };
}

function listShape(el: MarkupElement, box: Box, theme: Theme): Shape {
  const numbered = oneOf(el, 'numbered', ['true', 'false'] as const) === 'true';
  const start = count(el, 'start', 1, 1, MAX_START);
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

/** Inline content: text, <span style="…"> runs, and <br/> line breaks; white space folds as in HTML. */
function paragraphOf(nodes: readonly MarkupNode[], theme: Theme): Paragraph {
  const runs: TextRun[] = [];
  let breakBefore = false;
  const visit = (node: MarkupNode, style: TextRun['style']): void => {
    if (typeof node === 'string') {
      const text = node.replace(/\s+/g, ' ');
      if (text.length > 0) runs.push({ text, ...(style ? { style } : {}), ...(breakBefore ? { breakBefore } : {}) });
      if (text.trim().length > 0) breakBefore = false;
      return;
    }
    if (node.name === 'br') {
      breakBefore = true;
      return;
    }
    if (node.name !== 'span') throw new BuildError(t('markup.not-in-text', { name: node.name }), t('markup.not-in-text.hint'), node);
    const spanStyle = node.attrs.style ? runStyle(node, theme) : style;
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

export function textStyle(el: MarkupElement, theme: Theme): TextStyle {
  const name = el.attrs.style ?? 'body';
  const s = own(theme.textStyles, name);
  if (!s) {
    throw new BuildError(t('markup.unknown-text-style', { name }), useOneOf(Object.keys(theme.textStyles)), el, 'style');
  }
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
  const name = el.attrs.style ?? '';
  const s = own(theme.shapeStyles, name);
  if (!s) {
    throw new BuildError(t('markup.unknown-shape-style', { name }), useOneOf(Object.keys(theme.shapeStyles)), el, 'style');
  }
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
  const name = el.attrs.style ?? 'table';
  const style = own(theme.tableStyles, name);
  if (!style) {
    const styles = Object.keys(theme.tableStyles);
    throw new BuildError(t('markup.unknown-table-style', { name }), styles.length > 0 ? useOneOf(styles) : t('markup.no-table-styles'), el, 'style');
  }
  if (!(box.w > 0)) {
    // A table needs a width to share among its columns.
    const { width, height } = theme.size;
    throw new BuildError(t('markup.outside-slide', { name: el.name, ...box, width, height }), t('markup.outside-slide.hint'), el);
  }
  const rows = childElements(el).filter((r) => r.name === 'tr');
  const cells = (row: MarkupElement): string[] =>
    childElements(row)
      .filter((c) => c.name === 'td')
      .map((c) => inlineText(c.children).replace(/\s+/g, ' ').trim());
  const header = rows.find((r) => oneOf(r, 'header', ['true', 'false'] as const) === 'true');
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
    numericColumns: Array.from({ length: columns }, (_, i) => body.length > 0 && body.every((r) => /^[-+−]?[\d.,\s]+%?$/.test(r[i] ?? ''))),
    balance: style.balance,
  };
}

/** A picture as large as its box allows, its aspect ratio kept, centred (or aligned by `align`/`valign`). */
function imageShape(el: MarkupElement, box: Box, images: ImageSet): ImageShape {
  const src = el.attrs.src ?? '';
  const image = images.get(src);
  if (!image) throw new BuildError(t('markup.unknown-picture', { src }), t('markup.unknown-picture.hint'), el, 'src');
  const scale = Math.min(box.w / image.width, box.h / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const x = box.x + placeAlong(oneOf(el, 'align', ALIGNS), box.w - w);
  const y = box.y + placeAlong(oneOf(el, 'valign', VALIGNS), box.h - h);
  return { kind: 'image', box: { x, y, w, h }, mime: image.mime, data: image.bytes, ...(image.svg ? { svg: image.svg } : {}) };
}

function chartShape(el: MarkupElement, box: Box, { theme, formatValue }: BuildContext): ChartShape {
  const type = el.attrs.type as ChartType;
  if (!CHART_TYPES.includes(type)) {
    throw new BuildError(t('markup.unknown-chart-type', { name: el.attrs.type ?? '' }), useOneOf(CHART_TYPES), el, 'type');
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
  if (index < 0) throw new BuildError(t('markup.chart-highlight', { name: name.trim() }), useOneOf(categories), el, 'highlight');
  return index;
}

function chartValue(text: string, el: MarkupElement): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new BuildError(t('markup.chart-value', { value: text.trim() }), t('markup.chart-value.hint'), el);
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
  throw new BuildError(t('markup.unknown-colour', { value }), t('markup.colour.hint', { names: listOf(Object.keys(theme.colors)) }), el, attr);
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
  if (el.name !== name) throw new BuildError(t('markup.root', { name, found: el.name }), t('markup.root.hint', { name }), el);
}

const useOneOf = (names: readonly string[]): Text => t('schema.use-one-of.hint', { allowed: listOf(names) });
