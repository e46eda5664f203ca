/**
 * Fitting: PowerPoint applies no autofit when it opens a file, so text that is
 * too long for its box overflows during the talk. Each text box is measured
 * with the real font metrics; a box that overflows is shrunk, one point at a
 * time, down to its style's minimum size (legible from the back of a hall).
 * What still does not fit is reported, so the renderer can split the slide.
 */
import type { Paragraph, Shape, Slide, TextShape } from '../model/deck.js';
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
  const shrunkTo: number[] = [];
  let overflows = false;
  const shapes = slide.shapes.map((shape): Shape => {
    if (shape.kind !== 'text') return shape;
    const fitted = fitText(shape, measurer);
    if (!fitted) {
      overflows = true;
      return resize(shape, shape.style.minFontSize);
    }
    if (fitted.style.fontSize !== shape.style.fontSize) shrunkTo.push(fitted.style.fontSize);
    return fitted;
  });
  return { slide: { ...slide, shapes }, shrunkTo, overflows };
}

/** The shape at the largest size, from its own down to its style's minimum, at which it fits; undefined if none does. */
export function fitText(shape: TextShape, measurer: TextMeasurer): TextShape | undefined {
  for (let size = shape.style.fontSize; size >= shape.style.minFontSize; size -= 1) {
    const candidate = size === shape.style.fontSize ? shape : resize(shape, size);
    if (textHeight(candidate, measurer) <= innerHeight(candidate)) return candidate;
  }
  return undefined;
}

/** Scales the box's font and every run's own size by the same factor. */
function resize(shape: TextShape, size: number): TextShape {
  const factor = size / shape.style.fontSize;
  return {
    ...shape,
    style: { ...shape.style, fontSize: size },
    paragraphs: shape.paragraphs.map((p) => ({
      ...p,
      runs: p.runs.map((r) => (r.style?.fontSize ? { ...r, style: { ...r.style, fontSize: Math.round(r.style.fontSize * factor * 2) / 2 } } : r)),
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
