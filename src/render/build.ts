/**
 * Markup tree + theme → deck-model shapes. Geometry comes from the theme's
 * named regions and from the layout's relative placements; styles and colours
 * are looked up by name in the theme. Nothing visual is decided here.
 */
import { listOf, say, t, type Text } from '../i18n/catalogue.js';
import type { ImageSet } from '../load/images.js';
import type { Box, ChartShape, ChartType, Color, ImageShape, MasterSlide, Paragraph, Shape, Slide, TableShape, TextRun, TextStyle } from '../model/deck.js';
import type { Theme } from '../templates/theme.js';
import { childElements, type MarkupElement, type MarkupNode } from './markup.js';

/** A problem in a layout's markup; `needle` is text to find in the template to locate it. */
export class BuildError extends Error {
  constructor(
    readonly text: Text,
    readonly needle: string,
    readonly hint: Text,
  ) {
    super(say(text));
  }
}

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
    throw new BuildError(t('markup.unknown-master', { name: master }), `master="${master}"`, useOneOf(theme.masters));
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
    background: color(root.attrs.background ?? 'background', theme),
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
      return buildChildren(el, inset(boxOf(el, parent, theme), length(el.attrs.padding, 0, theme)), ctx);
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
        `<${el.name}`,
        useOneOf(['text', 'list', 'box', 'group', 'row', 'column', 'grid', 'chart', 'image', 'table', 'notes']),
      );
  }
}

/** Splits a box among the children: side by side (row), stacked (column) or in balanced rows (grid). */
function arrange(el: MarkupElement, box: Box, ctx: BuildContext): Shape[] {
  const { theme } = ctx;
  const children = childElements(el);
  const n = children.length;
  if (n === 0) return [];
  const gap = length(el.attrs.gap, 0, theme);
  const maxColumns = el.name === 'row' ? n : el.name === 'column' ? 1 : Math.max(1, Number(el.attrs.maxColumns ?? 3));
  const rows = Math.ceil(n / maxColumns);
  const columns = Math.ceil(n / rows);
  // Cells are no larger than their content needs (maxCellWidth/maxCellHeight);
  // the block of cells is then placed in the box by align/valign, centred unless told.
  const cellW = Math.min((box.w - gap * (columns - 1)) / columns, length(el.attrs.maxCellWidth, Infinity, theme, box.w));
  const cellH = Math.min((box.h - gap * (rows - 1)) / rows, length(el.attrs.maxCellHeight, Infinity, theme, box.h));
  const blockW = columns * cellW + (columns - 1) * gap;
  const blockH = rows * cellH + (rows - 1) * gap;
  const left = box.x + placeAlong(el.attrs.align, box.w - blockW);
  const top = box.y + placeAlong(el.attrs.valign, box.h - blockH);
  return children.flatMap((child, i) => {
    const row = Math.floor(i / columns);
    const inRow = Math.min(columns, n - row * columns);
    // Centre a short last row, so 5 cards sit as 3 over 2 rather than ragged left.
    const offset = ((columns - inRow) * (cellW + gap)) / 2;
    const col = i % columns;
    const cell = { x: left + offset + col * (cellW + gap), y: top + row * (cellH + gap), w: cellW, h: cellH };
    return buildElement(child, cell, ctx);
  });
}

/** Where a block starts in the room left around it: at the start, the end, or centred (the default). */
function placeAlong(where: string | undefined, room: number): number {
  if (where === 'left' || where === 'top') return 0;
  if (where === 'right' || where === 'bottom') return room;
  return room / 2;
}

/** A box from a named region, or placed inside the parent with x/y/w/h/right/bottom (inches or %). */
function boxOf(el: MarkupElement, parent: Box, theme: Theme): Box {
  const region = el.attrs.region;
  if (region) {
    const found = theme.regions[region];
    if (!found) {
      throw new BuildError(t('markup.unknown-region', { name: region }), `region="${region}"`, useOneOf(Object.keys(theme.regions)));
    }
    return found;
  }
  const x = length(el.attrs.x, 0, theme, parent.w);
  const y = length(el.attrs.y, 0, theme, parent.h);
  const w = el.attrs.w ? length(el.attrs.w, 0, theme, parent.w) : parent.w - x - length(el.attrs.right, 0, theme, parent.w);
  const h = el.attrs.h ? length(el.attrs.h, 0, theme, parent.h) : parent.h - y - length(el.attrs.bottom, 0, theme, parent.h);
  return { x: parent.x + x, y: parent.y + y, w, h };
}

/** "0.3" inches, "40%" of `of`, or a name from the theme's spacing. */
function length(value: string | undefined, fallback: number, theme: Theme, of = 0): number {
  if (value === undefined || value === '') return fallback;
  const spacing = theme.spacing[value];
  if (spacing !== undefined) return spacing;
  const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) return (Number(percent[1]) / 100) * of;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    throw new BuildError(t('markup.not-a-length', { value }), `"${value}"`, t('markup.length.hint'));
  }
  return n;
}

const inset = (box: Box, by: number): Box => ({ x: box.x + by, y: box.y + by, w: box.w - 2 * by, h: box.h - 2 * by });

function textShape(el: MarkupElement, box: Box, theme: Theme, paragraphs: Paragraph[]): Shape {
  const style = textStyle(el, theme);
  const fill = theme.textStyles[el.attrs.style ?? '']?.fill;
  const group = el.attrs.sizeGroup;
  return { kind: 'text', box, style, paragraphs, ...(fill ? { fill: color(fill, theme) } : {}), ...(group ? { sizeGroup: group } : {}) };
}

function listShape(el: MarkupElement, box: Box, theme: Theme): Shape {
  const numbered = el.attrs.numbered === 'true';
  const start = Number(el.attrs.start ?? 1);
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
    if (node.name !== 'span') throw new BuildError(t('markup.not-in-text', { name: node.name }), `<${node.name}`, t('markup.not-in-text.hint'));
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
  const s = theme.textStyles[name];
  if (!s) {
    throw new BuildError(t('markup.unknown-text-style', { name }), `style="${name}"`, useOneOf(Object.keys(theme.textStyles)));
  }
  return {
    fontFace: theme.fonts[s.font] ?? s.font,
    fontSize: s.size,
    minFontSize: Math.min(s.size, s.minSize ?? s.size),
    maxFontSize: Math.max(s.size, s.maxSize ?? s.size),
    balance: s.balance,
    color: color(el.attrs.color ?? s.color, theme),
    bold: s.bold,
    italic: s.italic,
    align: (el.attrs.align as TextStyle['align'] | undefined) ?? s.align,
    valign: (el.attrs.valign as TextStyle['valign'] | undefined) ?? s.valign,
    lineSpacing: s.lineSpacing,
    paraSpaceAfter: s.paraSpaceAfter,
    margin: s.margin,
  };
}

function rectShape(el: MarkupElement, box: Box, theme: Theme): Shape {
  const name = el.attrs.style ?? '';
  const s = theme.shapeStyles[name];
  if (!s) {
    throw new BuildError(t('markup.unknown-shape-style', { name }), `style="${name}"`, useOneOf(Object.keys(theme.shapeStyles)));
  }
  return {
    kind: 'rect',
    box,
    radius: s.radius,
    ...(s.fill ? { fill: color(s.fill, theme) } : {}),
    ...(s.line ? { line: { color: color(s.line, theme), width: s.lineWidth } } : {}),
  };
}

/** A table of <tr> rows of <td> cells; the first <tr header="true"> is the header. Widths and heights are fitted later. */
function tableShape(el: MarkupElement, box: Box, theme: Theme): TableShape {
  const name = el.attrs.style ?? 'table';
  const style = theme.tableStyles[name];
  if (!style) {
    const styles = Object.keys(theme.tableStyles);
    throw new BuildError(t('markup.unknown-table-style', { name }), `style="${name}"`, styles.length > 0 ? useOneOf(styles) : t('markup.no-table-styles'));
  }
  const rows = childElements(el).filter((r) => r.name === 'tr');
  const cells = (row: MarkupElement): string[] =>
    childElements(row)
      .filter((c) => c.name === 'td')
      .map((c) => inlineText(c.children).replace(/\s+/g, ' ').trim());
  const header = rows.find((r) => r.attrs.header === 'true');
  const body = rows.filter((r) => r !== header).map(cells);
  const headerCells = header ? cells(header) : [];
  const columns = Math.max(headerCells.length, ...body.map((r) => r.length), 1);
  const styleOf = (styleName: string): TextStyle => textStyle({ name: 'td', attrs: { style: styleName }, children: [], line: el.line }, theme);
  return {
    kind: 'table',
    box,
    header: headerCells,
    rows: body,
    columnWidths: Array.from({ length: columns }, () => box.w / columns),
    headerStyle: styleOf(style.header),
    bodyStyle: styleOf(style.body),
    headerFill: color(style.headerFill, theme),
    ...(style.stripeFill ? { stripeFill: color(style.stripeFill, theme) } : {}),
    borderColor: color(style.border, theme),
    numericColumns: Array.from({ length: columns }, (_, i) => body.length > 0 && body.every((r) => /^[-+−]?[\d.,\s]+%?$/.test(r[i] ?? ''))),
    balance: style.balance,
  };
}

/** A picture as large as its box allows, its aspect ratio kept, centred (or aligned by `align`/`valign`). */
function imageShape(el: MarkupElement, box: Box, images: ImageSet): ImageShape {
  const src = el.attrs.src ?? '';
  const image = images.get(src);
  if (!image) throw new BuildError(t('markup.unknown-picture', { src }), '<image', t('markup.unknown-picture.hint'));
  const scale = Math.min(box.w / image.width, box.h / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const x = el.attrs.align === 'left' ? box.x : el.attrs.align === 'right' ? box.x + box.w - w : box.x + (box.w - w) / 2;
  const y = el.attrs.valign === 'top' ? box.y : el.attrs.valign === 'bottom' ? box.y + box.h - h : box.y + (box.h - h) / 2;
  return { kind: 'image', box: { x, y, w, h }, mime: image.mime, data: image.bytes, ...(image.svg ? { svg: image.svg } : {}) };
}

function chartShape(el: MarkupElement, box: Box, { theme, formatValue }: BuildContext): ChartShape {
  const type = el.attrs.type as ChartType;
  if (!CHART_TYPES.includes(type)) {
    throw new BuildError(t('markup.unknown-chart-type', { name: el.attrs.type ?? '' }), '<chart', useOneOf(CHART_TYPES));
  }
  const children = childElements(el);
  const categories = children.filter((c) => c.name === 'category').map((c) => inlineText(c.children).trim());
  const series = children
    .filter((c) => c.name === 'series')
    .map((s) => ({
      name: s.attrs.name ?? '',
      values: childElements(s)
        .filter((v) => v.name === 'value')
        .map((v) => chartValue(inlineText(v.children))),
    }));
  const values = series.flatMap((s) => s.values);
  const chart = theme.chart;
  const highlight = chartHighlight(el.attrs.highlight ?? '', categories);
  return {
    kind: 'chart',
    box,
    type,
    ...(el.attrs.title ? { title: el.attrs.title } : {}),
    categories,
    series,
    colors: theme.chartColors.map((c) => color(c, theme)),
    ...(highlight === undefined ? {} : { highlight: { index: highlight, color: color(chart.highlightColor, theme) } }),
    numberFormat: numberFormat(values, el.attrs.unit ?? ''),
    labels: series.map((s) => s.values.map((v) => formatValue(v, el.attrs.unit ?? ''))),
    style: {
      fontFace: theme.fonts[chart.font] ?? chart.font,
      fontSize: chart.size,
      labelSize: chart.labelSize,
      color: color(chart.color, theme),
      insideLabelColor: color(chart.insideLabelColor, theme),
    },
    showLegend: type === 'doughnut' || series.length > 1,
  };
}

/**
 * The index of the category `highlight` names (empty: none). The data is
 * checked before (the validator), so a miss here is the layout's mistake.
 */
function chartHighlight(name: string, categories: readonly string[]): number | undefined {
  const key = (text: string): string => text.normalize('NFC').trim();
  if (key(name) === '') return undefined;
  const index = categories.findIndex((c) => key(c) === key(name));
  if (index < 0) throw new BuildError(t('markup.chart-highlight', { name: name.trim() }), 'highlight=', useOneOf(categories));
  return index;
}

function chartValue(text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new BuildError(t('markup.chart-value', { value: text.trim() }), '<value', t('markup.chart-value.hint'));
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

export function color(value: string, theme: Theme): Color {
  const named = theme.colors[value];
  if (named) return named.toUpperCase();
  if (/^[0-9A-Fa-f]{6}$/.test(value)) return value.toUpperCase();
  throw new BuildError(t('markup.unknown-colour', { value }), value, t('markup.colour.hint', { names: listOf(Object.keys(theme.colors)) }));
}

function expectName(el: MarkupElement, name: string): void {
  if (el.name !== name) throw new BuildError(t('markup.root', { name, found: el.name }), `<${el.name}`, t('markup.root.hint', { name }));
}

const useOneOf = (names: readonly string[]): Text => t('schema.use-one-of.hint', { allowed: listOf(names) });
