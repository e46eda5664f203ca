/**
 * Fitting: PowerPoint applies no autofit when it opens a file, so text that is
 * too long for its box overflows during the talk. Each text box is measured
 * with the real font metrics; a box that overflows is shrunk, one point at a
 * time, down to its style's minimum size (legible from the back of a hall).
 * What still does not fit is reported, so the renderer can split the slide.
 */
import type { Paragraph, Shape, Slide, TableShape, TextShape, TextStyle } from '../model/deck.js';
import type { FontSpec, TextMeasurer } from './measure.js';

/** Points per inch: boxes are in inches, fonts in points. */
const PT = 72;
/** The hanging indent pptxgenjs gives bullets (24 pt) and numbers (32 pt); see pptx/emit.ts. */
const BULLET_INDENT = { bullet: 24, number: 32 } as const;

export interface SlideFit {
  slide: Slide;
  /** The sizes text boxes were shrunk to, e.g. [20]. */
  shrunkTo: number[];
  /** True when some text overflows its box even at its minimum size. */
  overflows: boolean;
}

export function fitSlide(slide: Slide, measurer: TextMeasurer): SlideFit {
  let overflows = false;
  /** The height each fitted text was measured at: `balanced` asks again only of one resized since. */
  const measured = new Map<TextShape, number>();
  const fitted = slide.shapes.map((shape): Shape => {
    if (shape.kind === 'table') {
      const table = fitTable(shape, measurer);
      if (!table.fits) overflows = true;
      return table.shape;
    }
    if (shape.kind !== 'text') return shape;
    const text = fittedText(shape, measurer);
    if (!text) {
      overflows = true;
      return resize(shape, shape.style.minFontSize);
    }
    measured.set(text.shape, text.height);
    return text.shape;
  });
  const shapes = shareGroupSizes(fitted).map((shape) => (shape.kind === 'text' ? balanced(shape, measurer, measured.get(shape)) : shape));
  // Shrunk: set smaller than the style's own size (growing a short text is no news).
  const shrunkTo = shapes.flatMap((shape, i) => {
    const before = slide.shapes[i];
    return shape.kind === 'text' && before?.kind === 'text' && shape.style.fontSize < before.style.fontSize ? [shape.style.fontSize] : [];
  });
  return { slide: { ...slide, shapes }, shrunkTo, overflows };
}

/**
 * The shape at the largest size at which it fits: from its style's maximum
 * (short text is set larger) down to its minimum; undefined if none does.
 */
export function fitText(shape: TextShape, measurer: TextMeasurer): TextShape | undefined {
  return fittedText(shape, measurer)?.shape;
}

/** `fitText`, with the height the shape takes at the size it got. */
function fittedText(shape: TextShape, measurer: TextMeasurer): { shape: TextShape; height: number } | undefined {
  for (let size = shape.style.maxFontSize; size >= shape.style.minFontSize; size -= 1) {
    const candidate = size === shape.style.fontSize ? shape : resize(shape, size);
    const height = textHeight(candidate, measurer);
    if (height <= innerHeight(candidate)) return { shape: candidate, height };
  }
  return undefined;
}

/** Boxes of one size group (the figures of a row of cards) all take the smallest size any of them needed. */
function shareGroupSizes(shapes: Shape[]): Shape[] {
  const smallest = new Map<string, number>();
  for (const s of shapes) {
    if (s.kind === 'text' && s.sizeGroup) smallest.set(s.sizeGroup, Math.min(smallest.get(s.sizeGroup) ?? Infinity, s.style.fontSize));
  }
  if (smallest.size === 0) return shapes;
  return shapes.map((s) => {
    const size = s.kind === 'text' && s.sizeGroup ? smallest.get(s.sizeGroup) : undefined;
    return s.kind === 'text' && size !== undefined && size !== s.style.fontSize ? resize(s, size) : s;
  });
}

/**
 * Text of a balanced style that fills less than half its box is centred in
 * it, not left at the top. `height`: the text's height at its size when
 * fitting measured it already (in a 3.000-slide profile, measuring again
 * was 70 ms of 220 in fitting).
 */
function balanced(shape: TextShape, measurer: TextMeasurer, height?: number): TextShape {
  if (!shape.style.balance || shape.style.valign !== 'top') return shape;
  if ((height ?? textHeight(shape, measurer)) >= innerHeight(shape) / 2) return shape;
  return { ...shape, style: { ...shape.style, valign: 'middle' } };
}

/** Scales the box's font and every run's own size by the same factor. */
function resize(shape: TextShape, size: number): TextShape {
  const factor = size / shape.style.fontSize;
  return {
    ...shape,
    style: { ...shape.style, fontSize: size },
    paragraphs: shape.paragraphs.map((p) => ({
      ...p,
      // Never below 1 pt, the smallest size a deck may hold (a:rPr/@sz), however small the span is beside its box.
      runs: p.runs.map((r) => (r.style?.fontSize ? { ...r, style: { ...r.style, fontSize: Math.max(1, Math.round(r.style.fontSize * factor * 2) / 2) } } : r)),
    })),
  };
}

const innerHeight = (shape: TextShape): number => shape.box.h * PT - 2 * shape.style.margin;

/** The height in points the text takes when wrapped to the box's width. */
export function textHeight(shape: TextShape, measurer: TextMeasurer): number {
  const { style } = shape;
  const width = shape.box.w * PT - 2 * style.margin;
  return shape.paragraphs.reduce((total, paragraph, i) => {
    const indent = paragraph.bullet ? BULLET_INDENT[paragraph.bullet.kind] : 0;
    const after = i < shape.paragraphs.length - 1 ? style.paraSpaceAfter : 0;
    return total + paragraphHeight(paragraph, shape, measurer, width - indent) + after;
  }, 0);
}

/** Lines of each soft-broken segment, at the paragraph's largest font, bold if any run is (a safe over-estimate). */
function paragraphHeight(paragraph: Paragraph, shape: TextShape, measurer: TextMeasurer, width: number): number {
  const { style } = shape;
  const segments: { text: string; font: FontSpec; size: number }[] = [];
  for (const run of paragraph.runs) {
    const font = { family: run.style?.fontFace ?? style.fontFace, bold: run.style?.bold ?? style.bold, italic: run.style?.italic ?? style.italic };
    const size = run.style?.fontSize ?? style.fontSize;
    const last = segments[segments.length - 1];
    if (!last || run.breakBefore) segments.push({ text: run.text, font, size });
    else {
      last.text += run.text;
      last.font = { ...last.font, bold: last.font.bold || font.bold };
      last.size = Math.max(last.size, size);
    }
  }
  if (segments.length === 0) return measurer.lineHeight({ family: style.fontFace, bold: style.bold, italic: style.italic }, style.fontSize, style.lineSpacing);
  return segments.reduce((h, s) => {
    const lines = Math.max(1, measurer.wrap(s.text, s.font, s.size, width).length);
    return h + lines * measurer.lineHeight(s.font, s.size, style.lineSpacing);
  }, 0);
}

/**
 * A table's columns share the width in proportion to their widest cell (none
 * above 60% of the table), and each row is as tall as its tallest wrapped
 * cell. The measured heights are written into the deck, so PowerPoint draws
 * the rows as measured; a table taller than its box does not fit.
 */
export function fitTable(shape: TableShape, measurer: TextMeasurer): { shape: TableShape; fits: boolean } {
  // A short table is set larger, up to its styles' maximum sizes, like short text.
  const grow = Math.max(shape.bodyStyle.maxFontSize - shape.bodyStyle.fontSize, shape.headerStyle.maxFontSize - shape.headerStyle.fontSize, 0);
  for (let step = grow; step > 0; step--) {
    const larger = measureTable({ ...shape, headerStyle: grown(shape.headerStyle, step), bodyStyle: grown(shape.bodyStyle, step) }, measurer);
    if (larger.fits) return larger;
  }
  return measureTable(shape, measurer);
}

const grown = (style: TextStyle, step: number): TextStyle => ({ ...style, fontSize: Math.min(style.maxFontSize, style.fontSize + step) });

function measureTable(shape: TableShape, measurer: TextMeasurer): { shape: TableShape; fits: boolean } {
  const { box, headerStyle, bodyStyle } = shape;
  const all = [shape.header, ...shape.rows];
  const columns = shape.columnWidths.length;
  const natural = Array.from({ length: columns }, (_, c) =>
    Math.min(
      box.w * PT * 0.6,
      Math.max(1, ...all.map((row, r) => {
        const style = r === 0 ? headerStyle : bodyStyle;
        return measurer.width(row[c] ?? '', fontOf(style), style.fontSize) + 2 * style.margin;
      })),
    ),
  );
  const total = natural.reduce((a, b) => a + b, 0);
  const columnWidths = natural.map((w) => (box.w * w) / total);
  const rowHeight = (row: readonly string[], style: TextStyle): number =>
    Math.max(
      ...columnWidths.map((w, c) => {
        const lines = Math.max(1, measurer.wrap(row[c] ?? '', fontOf(style), style.fontSize, w * PT - 2 * style.margin).length);
        return lines * measurer.lineHeight(fontOf(style), style.fontSize, style.lineSpacing) + 2 * style.margin;
      }),
    ) / PT;
  const rowHeights = [...(shape.header.length > 0 ? [rowHeight(shape.header, headerStyle)] : []), ...shape.rows.map((r) => rowHeight(r, bodyStyle))];
  const height = rowHeights.reduce((a, b) => a + b, 0);
  const fits = height <= box.h + 1e-6;
  // A short table of a balanced style sits in the middle of its box.
  const placed = shape.balance && height < box.h / 2 ? { ...box, y: box.y + (box.h - height) / 2, h: height } : box;
  return { shape: { ...shape, box: placed, columnWidths, rowHeights }, fits };
}

const fontOf = (style: TextStyle): FontSpec => ({ family: style.fontFace, bold: style.bold, italic: style.italic });
