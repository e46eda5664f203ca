/**
 * Every slide has a title, and no two the same: PowerPoint's outline, its
 * "Go to slide" list, the Accessibility Checker and LibreOffice's PDF
 * bookmarks all read a slide by the text of its title placeholder.
 *
 * - A layout shows its title in a `<text placeholder="title">` (or
 *   `ctrTitle`). A slide whose layout shows none gets a title placeholder
 *   just above the slide's top edge, out of sight in the show and in print,
 *   holding the layout's `<slide title>`, else its section's or meeting's
 *   title.
 * - A title an earlier slide already has gets the locale's `repeatedTitle`,
 *   "Viễn thông (2)", and is fitted again into its box. This holds across
 *   kinds too: the first slide of a section after its divider is "Tổng quan
 *   (2)". LibreOffice numbers equal page names the same way in the PDF's
 *   bookmarks, so what the slide says and what the bookmark says agree.
 */
import { fillPattern } from '../format/locale.js';
import type { MasterSlide, Slide, TextShape, TextStyle } from '../model/deck.js';
import { titleText } from '../model/title.js';

export interface TitleContext {
  /** The slide's width, in inches: the width of a title kept out of sight. */
  slideWidth: number;
  /** The look of a title kept out of sight: the theme's body text. */
  style: TextStyle;
  /** A repeated title, with `{title}` and `{n}`: "{title} ({n})". */
  repeated: string;
  /** Fits a title whose text grew; returns it as it is when there is no measurer. */
  refit: (title: TextShape) => TextShape;
}

/** The slides, each with one title placeholder whose text no earlier slide's has. */
export function entitleSlides(slides: readonly Slide[], cx: TitleContext): Slide[] {
  const used = new Set<string>();
  return slides.map((slide) => {
    const withTitle = slide.shapes.some(isTitle) ? slide : { ...slide, shapes: [hiddenTitle(slide, cx), ...slide.shapes] };
    const text = titleText(withTitle.shapes) ?? '';
    let unique = text;
    for (let n = 2; used.has(unique); n++) unique = fillPattern(cx.repeated, { title: text, n: String(n) });
    used.add(unique);
    if (unique === text) return withTitle;
    return { ...withTitle, shapes: withTitle.shapes.map((s) => (isTitle(s) ? cx.refit(retitled(s, text, unique)) : s)) };
  });
}

/**
 * Each master's title placeholder, as its slides show it: the box and look
 * of the first title on the slide area among the slides that use it. A
 * master no slide shows a title on has none.
 */
export function masterTitles(masters: readonly MasterSlide[], slides: readonly Slide[]): MasterSlide[] {
  return masters.map((master) => {
    const shown = slides.flatMap((s) => (s.master === master.name ? s.shapes.filter(isTitle) : [])).find((t) => t.box.y >= 0);
    return shown?.placeholder ? { ...master, title: { placeholder: shown.placeholder, box: shown.box, style: shown.style } } : master;
  });
}

const isTitle = (shape: Slide['shapes'][number]): shape is TextShape => shape.kind === 'text' && shape.placeholder !== undefined;

/** A title placeholder above the slide's top edge: as wide as the slide, two lines high. */
function hiddenTitle(slide: Slide, { slideWidth, style }: TitleContext): TextShape {
  const h = (2 * style.fontSize * style.lineSpacing + 2 * style.margin) / 72;
  return {
    kind: 'text',
    placeholder: 'title',
    box: { x: 0, y: -h, w: slideWidth, h },
    style,
    paragraphs: [{ runs: [{ text: slide.title ?? '' }] }],
  };
}

/**
 * The title reading `to` instead of `from`: what the pattern adds after the
 * title is a run of its own after the last one, in its look; a pattern that
 * writes the title elsewhere makes it one run.
 */
function retitled(title: TextShape, from: string, to: string): TextShape {
  const last = title.paragraphs.length - 1;
  const style = title.paragraphs[last]?.runs.at(-1)?.style;
  const run = (text: string) => ({ text, ...(style ? { style } : {}) });
  if (!to.startsWith(from)) return { ...title, paragraphs: [{ runs: [run(to)] }] };
  const paragraphs = title.paragraphs.map((p, i) => (i === last ? { ...p, runs: [...p.runs, run(to.slice(from.length))] } : p));
  return { ...title, paragraphs };
}
