/**
 * The deck model: what a slide shows, in absolute inches and resolved styles,
 * with no reference to templates or to pptxgenjs. Render produces it, emit
 * consumes it, and tests can inspect it without unzipping anything.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A colour as six hex digits, no "#". */
export type Color = string;

export interface TextStyle {
  fontFace: string;
  fontSize: number;
  /** The smallest size fitting may shrink the text to (legible from the back of the hall). */
  minFontSize: number;
  /** The largest size fitting may grow short text to; `fontSize` when it may not grow. */
  maxFontSize: number;
  /** Centre the text vertically when it fills less than half of its box. */
  balance: boolean;
  color: Color;
  bold: boolean;
  italic: boolean;
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle' | 'bottom';
  /** Line spacing as a multiple of the font size. */
  lineSpacing: number;
  /** Space after each paragraph, in points. */
  paraSpaceAfter: number;
  /** Inner margin of the text box, in points. */
  margin: number;
}

export interface TextRun {
  text: string;
  /** Starts a new line within the paragraph (a soft break). */
  breakBefore?: boolean;
  /** Overrides of the shape's style for this run only. */
  style?: Partial<Pick<TextStyle, 'fontFace' | 'fontSize' | 'color' | 'bold' | 'italic'>>;
}

export interface Paragraph {
  runs: TextRun[];
  bullet?: { kind: 'bullet' } | { kind: 'number'; start: number };
}

/** A title placeholder (`<p:ph type>`): `ctrTitle` on covers and dividers. */
export type TitlePlaceholder = 'title' | 'ctrTitle';

export interface TextShape {
  kind: 'text';
  /** The slide's title: written as PowerPoint's title placeholder, which navigation, the outline and PDF bookmarks read. */
  placeholder?: TitlePlaceholder;
  box: Box;
  style: TextStyle;
  fill?: Color;
  paragraphs: Paragraph[];
  /** Text boxes of one slide with the same group share one font size: the figures of a row of cards. */
  sizeGroup?: string;
}

export interface RectShape {
  kind: 'rect';
  box: Box;
  fill?: Color;
  line?: { color: Color; width: number };
  /** Corner radius in inches; 0 is a plain rectangle. */
  radius: number;
}

export type ChartType = 'bar' | 'column' | 'line' | 'doughnut';

export interface ChartShape {
  kind: 'chart';
  box: Box;
  type: ChartType;
  title?: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  /**
   * The palette: one colour per series, or per point of a doughnut (its
   * points are parts of a whole). A single bar, column or line series is
   * drawn in the first colour only.
   */
  colors: Color[];
  /** One category's point drawn in its own colour (`highlight` in the data): its index and colour. */
  highlight?: { index: number; color: Color };
  /**
   * Excel number format of the values in the workbook and behind the data
   * labels, e.g. `General"%"`. The value axis is not shown (every point has its label).
   */
  numberFormat: string;
  /** The data labels as the deck's locale writes them, per series and point: "27,1%". */
  labels: string[][];
  style: { fontFace: string; fontSize: number; color: Color; labelSize: number; insideLabelColor: Color };
  showLegend: boolean;
  /** Alternative text: the data's `alt`, else made from the data in the deck's language. */
  alt: string;
}

export interface ImageShape {
  kind: 'image';
  /** Already fitted: the picture's aspect ratio is kept inside the layout's box. */
  box: Box;
  mime: 'image/png' | 'image/jpeg';
  data: Uint8Array;
  /** For an SVG picture: the SVG, with `data` its PNG rendering (the fallback). */
  svg?: Uint8Array;
  /** Alternative text; none for a decorative picture. */
  alt?: string;
  /** Screen readers skip it (PowerPoint's decorative mark). */
  decorative?: boolean;
}

export interface TableShape {
  kind: 'table';
  box: Box;
  /** The header row, then the body rows; each cell is its text. */
  header: string[];
  rows: string[][];
  /** Column widths in inches, summing to the box width. */
  columnWidths: number[];
  /** Row heights in inches (header first), once fitting has measured them. */
  rowHeights?: number[];
  headerStyle: TextStyle;
  bodyStyle: TextStyle;
  headerFill: Color;
  stripeFill?: Color;
  borderColor: Color;
  /** Numeric columns are right-aligned, as figures are read. */
  numericColumns: boolean[];
  /** Centre the table vertically in its box when it fills less than half of it. */
  balance: boolean;
}

export type Shape = TextShape | RectShape | ChartShape | ImageShape | TableShape;

export interface Slide {
  master: string;
  /**
   * In reading order: the title first, then the content top to bottom and
   * left to right, a block (a card, a column) at a time; shapes that overlap
   * keep their drawing order (see render/reading-order.ts).
   */
  shapes: Shape[];
  /** The title for navigation when no shape is the title placeholder: the layout's `<slide title>`, else its section's or meeting's. */
  title?: string;
  notes: string;
  /** Where the slide came from, for messages: the layout and the data path. */
  origin: { layout: string; dataPath: string };
}

export interface MasterSlide {
  name: string;
  background: Color;
  shapes: Shape[];
  slideNumber?: { box: Box; style: TextStyle };
  /** Its layout's title placeholder, where its slides show their title (see render/titles.ts). */
  title?: { placeholder: TitlePlaceholder; box: Box; style: TextStyle };
}

export interface Deck {
  size: { width: number; height: number };
  lang: string;
  meta: { title: string; author: string; company: string; subject: string; date: Date };
  masters: MasterSlide[];
  slides: Slide[];
}
