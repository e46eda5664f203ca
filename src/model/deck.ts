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

export interface TextShape {
  kind: 'text';
  box: Box;
  style: TextStyle;
  fill?: Color;
  paragraphs: Paragraph[];
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
  colors: Color[];
  /** Excel number format of the value axis (and of the workbook), e.g. `General"%"`. */
  numberFormat: string;
  /** The data labels as the deck's locale writes them, per series and point: "27,1%". */
  labels: string[][];
  style: { fontFace: string; fontSize: number; color: Color; labelSize: number; gridColor: Color; insideLabelColor: Color };
  showLegend: boolean;
}

export interface ImageShape {
  kind: 'image';
  /** Already fitted: the picture's aspect ratio is kept inside the layout's box. */
  box: Box;
  mime: 'image/png' | 'image/jpeg';
  data: Uint8Array;
  /** For an SVG picture: the SVG, with `data` its PNG rendering (the fallback). */
  svg?: Uint8Array;
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
}

export type Shape = TextShape | RectShape | ChartShape | ImageShape | TableShape;

export interface Slide {
  master: string;
  shapes: Shape[];
  notes: string;
  /** Where the slide came from, for messages: the layout and the data path. */
  origin: { layout: string; dataPath: string };
}

export interface MasterSlide {
  name: string;
  background: Color;
  shapes: Shape[];
  slideNumber?: { box: Box; style: TextStyle };
}

export interface Deck {
  size: { width: number; height: number };
  lang: string;
  meta: { title: string; author: string; company: string; subject: string; date: Date };
  masters: MasterSlide[];
  slides: Slide[];
}
