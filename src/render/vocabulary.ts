/**
 * The markup vocabulary, declared once: every element a layout, partial or
 * master may write, what it is, where it may stand, and its attributes, each
 * with the kind of value it takes. As helpers.ts declares each helper's
 * arguments, this declares each element's attributes, and the drawing code checks
 * the whole markup against it before it draws anything (shapes.ts,
 * `checkMarkup`): an unknown element, an unknown attribute (with "did you
 * mean …?") or a value of the wrong kind is an error at the line and column
 * where the template wrote it.
 *
 * The lists of allowed words (ALIGNS, VALIGNS, CHART_TYPES, BOOLEANS) and the
 * ranges of whole numbers live here, and the drawing code reads its values through
 * the same declarations. README.md's table of elements is generated from this
 * file (`markupTable`); a test keeps the two equal.
 */
import type { ChartType, TitlePlaceholder } from '../model/deck.js';

export const ALIGNS = ['left', 'center', 'right'] as const;
export const VALIGNS = ['top', 'middle', 'bottom'] as const;
export const BOOLEANS = ['true', 'false'] as const;
export const CHART_TYPES = ['bar', 'column', 'line', 'doughnut'] as const satisfies readonly ChartType[];
/** The title placeholders a text may be (PowerPoint's `<p:ph type>`): `ctrTitle` on covers and dividers. */
export const TITLE_PLACEHOLDERS = ['title', 'ctrTitle'] as const satisfies readonly TitlePlaceholder[];
/** Every chart type the deck model has is declared (a compile error names the one missing). */
const allChartTypes: [Exclude<ChartType, (typeof CHART_TYPES)[number]>] extends [never] ? true : Exclude<ChartType, (typeof CHART_TYPES)[number]> = true;
void allChartTypes;

/** What an attribute's value must be; names are looked up among the theme's own keys. */
export type Attribute =
  | {
      readonly kind:
        | 'region' // a region of the theme
        | 'length' // inches, a percentage of the parent, or a spacing name of the theme
        | 'colour' // a colour name of the theme, or six hex digits
        | 'textStyle' // a text style of the theme
        | 'shapeStyle' // a shape style of the theme
        | 'tableStyle' // a table style of the theme
        | 'master' // a master of the theme
        | 'boolean' // true or false
        | 'text' // any text (a chart's title, a unit, a sizeGroup's name…)
        | 'picture'; // a picture path of the data
      /** How README.md says the value, when not by its kind alone. */
      readonly about?: string;
    }
  | { readonly kind: 'count'; readonly min: number; readonly max: number; readonly about?: string }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly about?: string };

export type AttributeKind = Attribute['kind'];

/** The attributes' kinds, each declared once and shared by the elements that take it. */
export const KINDS = {
  region: { kind: 'region' },
  length: { kind: 'length' },
  colour: { kind: 'colour' },
  textStyle: { kind: 'textStyle' },
  shapeStyle: { kind: 'shapeStyle' },
  tableStyle: { kind: 'tableStyle' },
  master: { kind: 'master' },
  boolean: { kind: 'boolean' },
  text: { kind: 'text' },
  picture: { kind: 'picture' },
  align: { kind: 'enum', values: ALIGNS },
  valign: { kind: 'enum', values: VALIGNS },
  chartType: { kind: 'enum', values: CHART_TYPES },
  /** a:buAutoNum/@startAt (ST_TextBulletStartAtNum) takes 1–32767. */
  start: { kind: 'count', min: 1, max: 32767 },
  maxColumns: { kind: 'count', min: 1, max: 100 },
  sizeGroup: { kind: 'text', about: 'a name: the boxes of a slide with the same name share one font size' },
  highlight: { kind: 'text', about: 'a category of the chart, or empty' },
  unit: { kind: 'text', about: 'text; `%` writes the values as percentages' },
  placeholder: { kind: 'enum', values: TITLE_PLACEHOLDERS, about: "the slide's title: PowerPoint's outline, slide list and PDF bookmarks read it (`ctrTitle` on covers and dividers)" },
  alt: { kind: 'text', about: 'alternative text for screen readers; a chart\'s is made from its data when empty' },
} as const satisfies Record<string, Attribute>;

/** Placement, taken by every element drawn in a box: a region of the theme, or x/y/w/h/right/bottom inside the parent. */
export const PLACEMENT = {
  region: KINDS.region,
  x: KINDS.length,
  y: KINDS.length,
  w: KINDS.length,
  h: KINDS.length,
  right: KINDS.length,
  bottom: KINDS.length,
} as const satisfies Record<string, Attribute>;

/** Where elements stand: the places more than one element may stand in. */
export const PLACES = {
  /** The root of a layout or master file. */
  root: [],
  /** Where shapes are drawn: a slide or master, or a container inside it. */
  shapes: ['slide', 'master', 'group', 'row', 'column', 'grid'],
  /** Text: where <span> and <br/> go. */
  text: ['text', 'item', 'span', 'td', 'notes'],
} as const satisfies Record<string, readonly string[]>;

export interface ElementDeclaration {
  /** What it is or draws, in one line (README.md's table). */
  readonly description: string;
  /** Where it may stand: the root of a file, or inside one of the elements listed. */
  readonly in: 'root' | readonly string[];
  /** Takes the placement attributes (PLACEMENT). */
  readonly placed: boolean;
  /** Its attributes besides placement. */
  readonly attributes: Readonly<Record<string, Attribute>>;
  /**
   * Who makes something of it: `root`, the file's root (drawSlide, drawMaster);
   * `shape`, shapes.ts draws it wherever it stands (drawElement); `child`,
   * the element it stands in reads it (an <item> is read by its <list>).
   */
  readonly role: 'root' | 'shape' | 'child';
}

const arrangeAttributes = {
  gap: KINDS.length,
  maxCellWidth: KINDS.length,
  maxCellHeight: KINDS.length,
  align: KINDS.align,
  valign: KINDS.valign,
} as const;

/** Every element of the markup. */
export const ELEMENTS = {
  slide: {
    description: 'one slide: the root of a layout',
    in: 'root',
    placed: false,
    attributes: {
      master: { kind: 'master', about: "a master; the theme's first unless given" },
      title: { kind: 'text', about: "the slide's title when no `<text placeholder>` shows one: kept off the slide, for navigation; the section's title (else the meeting's) unless given" },
    },
    role: 'root',
  },
  master: {
    description: 'a slide master: the root of a master, drawn behind the slides that name it',
    in: 'root',
    placed: false,
    attributes: { background: KINDS.colour },
    role: 'root',
  },
  text: {
    description: 'a text box; inside it `<span>` and `<br/>`',
    in: PLACES.shapes,
    placed: true,
    attributes: { style: KINDS.textStyle, align: KINDS.align, valign: KINDS.valign, color: KINDS.colour, sizeGroup: KINDS.sizeGroup, placeholder: KINDS.placeholder },
    role: 'shape',
  },
  list: {
    description: 'a bullet or numbered list of `<item>`',
    in: PLACES.shapes,
    placed: true,
    attributes: {
      style: KINDS.textStyle,
      numbered: KINDS.boolean,
      start: KINDS.start,
      align: KINDS.align,
      valign: KINDS.valign,
      color: KINDS.colour,
      sizeGroup: KINDS.sizeGroup,
    },
    role: 'shape',
  },
  item: {
    description: 'an item of the list; inside it `<span>` and `<br/>`',
    in: ['list'],
    placed: false,
    attributes: {},
    role: 'child',
  },
  span: {
    description: 'a run of text in another text style',
    in: PLACES.text,
    placed: false,
    attributes: { style: KINDS.textStyle },
    role: 'child',
  },
  br: {
    description: 'a line break',
    in: PLACES.text,
    placed: false,
    attributes: {},
    role: 'child',
  },
  box: {
    description: 'a rectangle, rounded when its shape style has a radius',
    in: PLACES.shapes,
    placed: true,
    attributes: { style: KINDS.shapeStyle },
    role: 'shape',
  },
  row: {
    description:
      'splits its box evenly among its children, side by side, each cell no larger than the maxima; the block of cells is centred unless `align`/`valign` say otherwise',
    in: PLACES.shapes,
    placed: true,
    attributes: arrangeAttributes,
    role: 'shape',
  },
  column: {
    description: 'the same as `<row>`, its children stacked',
    in: PLACES.shapes,
    placed: true,
    attributes: arrangeAttributes,
    role: 'shape',
  },
  grid: {
    description: 'the same as `<row>`, its children in balanced rows of at most `maxColumns` (3 unless given)',
    in: PLACES.shapes,
    placed: true,
    attributes: { ...arrangeAttributes, maxColumns: KINDS.maxColumns },
    role: 'shape',
  },
  group: {
    description: 'a frame whose children are placed inside it, less its padding',
    in: PLACES.shapes,
    placed: true,
    attributes: { padding: KINDS.length },
    role: 'shape',
  },
  chart: {
    description: 'a native chart of `<category>` and `<series>`; `highlight` names the category drawn in the highlight colour',
    in: PLACES.shapes,
    placed: true,
    attributes: { type: KINDS.chartType, title: KINDS.text, unit: KINDS.unit, highlight: KINDS.highlight, alt: KINDS.alt },
    role: 'shape',
  },
  category: {
    description: 'a category of the chart, in order',
    in: ['chart'],
    placed: false,
    attributes: {},
    role: 'child',
  },
  series: {
    description: 'a series of the chart: a `<value>` per category',
    in: ['chart'],
    placed: false,
    attributes: { name: KINDS.text },
    role: 'child',
  },
  value: {
    description: 'a value of the series: a plain number',
    in: ['series'],
    placed: false,
    attributes: {},
    role: 'child',
  },
  image: {
    description: 'a picture of the data, fitted into its box with its aspect ratio, centred unless `align`/`valign` say otherwise',
    in: PLACES.shapes,
    placed: true,
    attributes: {
      src: KINDS.picture,
      align: KINDS.align,
      valign: KINDS.valign,
      alt: KINDS.alt,
      decorative: { kind: 'boolean', about: '`true`: screen readers skip it (PowerPoint\'s "Mark as decorative")' },
    },
    role: 'shape',
  },
  table: {
    description: 'a table of `<tr>` rows; widths and heights measured',
    in: PLACES.shapes,
    placed: true,
    attributes: { style: KINDS.tableStyle },
    role: 'shape',
  },
  tr: {
    description: 'a row of `<td>` cells; the first `header="true"` row is the header, repeated on continuation slides',
    in: ['table'],
    placed: false,
    attributes: { header: KINDS.boolean },
    role: 'child',
  },
  td: {
    description: "a cell's text",
    in: ['tr'],
    placed: false,
    attributes: {},
    role: 'child',
  },
  notes: {
    description: 'the speaker notes',
    in: ['slide'],
    placed: false,
    attributes: {},
    role: 'child',
  },
  slideNumber: {
    description: "the box of the slide's number",
    in: ['master'],
    placed: true,
    attributes: { style: KINDS.textStyle, align: KINDS.align, valign: KINDS.valign, color: KINDS.colour },
    role: 'child',
  },
} as const satisfies Record<string, ElementDeclaration>;

export type ElementName = keyof typeof ELEMENTS;
/** The elements shapes.ts draws wherever they stand (drawElement has a drawer for each). */
export type ShapeName = { [K in ElementName]: (typeof ELEMENTS)[K]['role'] extends 'shape' ? K : never }[ElementName];

export const ELEMENT_NAMES = Object.keys(ELEMENTS) as ElementName[];

/** The declaration of an element, looked up among the declared names only ("constructor" is none). */
export function declarationOf(name: string): ElementDeclaration | undefined {
  return Object.hasOwn(ELEMENTS, name) ? (ELEMENTS as Readonly<Record<string, ElementDeclaration>>)[name] : undefined;
}

/** Each element's attributes, placement first, made once: every element of every slide is checked against them. */
const ALL_ATTRIBUTES = new WeakMap<ElementDeclaration, Readonly<Record<string, Attribute>>>();

/** An element's attributes, placement first. */
export function attributesOf(element: ElementDeclaration): Readonly<Record<string, Attribute>> {
  let all = ALL_ATTRIBUTES.get(element);
  if (!all) ALL_ATTRIBUTES.set(element, (all = element.placed ? { ...PLACEMENT, ...element.attributes } : element.attributes));
  return all;
}

/** The declared attribute of an element, among its own names only. */
export function attributeOf(element: ElementDeclaration, attr: string): Attribute | undefined {
  const all = attributesOf(element);
  return Object.hasOwn(all, attr) ? all[attr] : undefined;
}

/** The elements an element may stand in ([] for a root). */
export const parentsOf = (element: ElementDeclaration): readonly string[] => (element.in === 'root' ? [] : element.in);

/** The elements that may stand inside `parent`. */
export const childrenOf = (parent: string): ElementName[] => ELEMENT_NAMES.filter((name) => parentsOf(ELEMENTS[name]).includes(parent));

/** The elements that declare an attribute. */
export const elementsWith = (attr: string): ElementName[] => ELEMENT_NAMES.filter((name) => attributeOf(ELEMENTS[name], attr) !== undefined);

// README.md's table

const code = (s: string): string => `\`${s}\``;
const tag = (name: string): string => code(`<${name}>`);

/** `a`, `b` or `c`. */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
}

const KIND_WORDS: Readonly<Record<AttributeKind, string>> = {
  region: 'a region',
  length: 'a length',
  colour: 'a colour',
  textStyle: 'a text style',
  shapeStyle: 'a shape style',
  tableStyle: 'a table style',
  master: 'a master',
  boolean: orList(BOOLEANS.map(code)),
  text: 'text',
  picture: 'a picture path of the data',
  count: 'a whole number',
  enum: 'one of a few words',
};

/** How the README says an attribute's value. */
export function describeAttribute(attribute: Attribute): string {
  if (attribute.about) return attribute.about;
  if (attribute.kind === 'count') return `${attribute.min}–${attribute.max}`;
  if (attribute.kind === 'enum') return orList(attribute.values.map(code));
  return KIND_WORDS[attribute.kind];
}

/** The README's table of the markup's elements, in markdown, from the declaration. */
export function markupTable(): string {
  const rows = ELEMENT_NAMES.map((name) => {
    const element: ElementDeclaration = ELEMENTS[name];
    const inside = element.in === 'root' ? 'the root' : element.in.map(tag).join(', ');
    const attributes = [
      ...(element.placed ? ['placement'] : []),
      ...Object.entries(element.attributes).map(([attr, kind]) => `${code(attr)} (${describeAttribute(kind)})`),
    ].join(', ');
    return `| ${tag(name)} | ${inside} | ${attributes} | ${element.description} |`;
  });
  return ['| element | inside | attributes | what it is |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
