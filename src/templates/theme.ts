/**
 * The theme and outline formats. A theme is data: sizes, colours, fonts,
 * regions and styles live in `templates/<theme>/theme.yaml`, never in code.
 */
import * as z from 'zod';
import type { LoadedImage } from '../load/images.js';
import { schemaMessage } from '../validate/rules.js';

const hex = z.string().regex(/^[0-9A-Fa-f]{6}$/, schemaMessage('schema.colour-format'));
const name = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, schemaMessage('schema.name-format'));
const inches = z.number().finite().min(0);

/**
 * What a theme value may be, so every theme the loader accepts gives a deck
 * that is valid against ECMA-376 (checked in check.ts, each refusal located
 * at its line in theme.yaml). The schema's own limits are wider; these are
 * the sane part of them.
 */
export const LIMITS = {
  /** A side of the slide, in inches: p:sldSz takes 914400–51206400 EMU, 1–56 in. */
  slide: { min: 1, max: 56 },
  /** Font sizes in points: a:rPr/@sz (ST_TextFontSize) takes 1–4000 pt. */
  fontSize: { min: 1, max: 400 },
  /** A multiple of the font size: a:spcPct takes 0–13200%. */
  lineSpacing: { min: 0.5, max: 5 },
  /** Points after a paragraph: a:spcPts takes 0–1584 pt. */
  paraSpaceAfter: { min: 0, max: 200 },
  /** Inner margin of a text box, in points (a table cell's under 72 pt, which pptxgenjs reads as inches). */
  margin: { min: 0, max: 50 },
  /** Outline width in points: a:ln/@w (ST_LineWidth) takes 0–1584 pt. */
  lineWidth: { min: 0, max: 100 },
  /** Characters in a font name (Windows keeps 31; some families are named longer). */
  fontName: { max: 64 },
} as const;

const boxSchema = z.strictObject({ x: inches, y: inches, w: inches, h: inches });

const textStyleSchema = z.strictObject({
  font: z.string().default('body').describe('A key of `fonts`, or a font family name.'),
  size: z.number().positive(),
  minSize: z.number().positive().optional().describe('Fitting may shrink the text down to this size; never below it.'),
  maxSize: z
    .number()
    .positive()
    .optional()
    .describe('Fitting may grow short text up to this size: three points are set larger than ten.'),
  balance: z
    .boolean()
    .default(false)
    .describe('Text that fills less than half its box is centred in it, rather than huddled at the top.'),
  color: z.string().default('text').describe('A key of `colors`, or six hex digits.'),
  bold: z.boolean().default(false),
  italic: z.boolean().default(false),
  align: z.enum(['left', 'center', 'right']).default('left'),
  valign: z.enum(['top', 'middle', 'bottom']).default('top'),
  lineSpacing: z.number().positive().default(1.1),
  paraSpaceAfter: z.number().min(0).default(0),
  margin: z.number().min(0).default(4),
  fill: z.string().optional(),
});

const shapeStyleSchema = z.strictObject({
  fill: z.string().optional(),
  line: z.string().optional(),
  lineWidth: z.number().min(0).default(1),
  radius: inches.default(0),
});

export const themeSchema = z.strictObject({
  name: name,
  description: z.string(),
  extends: name.optional().describe('A theme this one builds on: its values, layouts, masters and outline, with this file\'s values over them.'),
  size: z.strictObject({ width: z.number().positive(), height: z.number().positive() }),
  fonts: z.record(z.string(), z.string()),
  colors: z.record(z.string(), hex),
  chartColors: z.array(z.string()).min(3),
  spacing: z.record(z.string(), inches),
  regions: z.record(z.string(), boxSchema),
  textStyles: z.record(z.string(), textStyleSchema),
  shapeStyles: z.record(z.string(), shapeStyleSchema),
  tableStyles: z
    .record(
      z.string(),
      z.strictObject({
        header: z.string().describe('Text style of the header row.'),
        body: z.string().describe('Text style of the body cells.'),
        headerFill: z.string(),
        stripeFill: z.string().optional().describe('Fill of every other body row.'),
        border: z.string(),
        balance: z.boolean().default(false).describe('A table shorter than half its box is centred in it.'),
      }),
    )
    .default({}),
  chart: z.strictObject({
    font: z.string().default('body'),
    size: z.number().positive(),
    labelSize: z.number().positive(),
    color: z.string(),
    gridColor: z.string().optional().describe('Not drawn: charts have no value axis or gridlines, every point carrying its label.'),
    insideLabelColor: z.string().describe('Data labels drawn on a coloured slice (doughnut).'),
    highlightColor: z
      .string()
      .default('accent')
      .describe('The point a chart\'s `highlight` picks out; the other points keep the first chart colour.'),
  }),
  masters: z.array(name).min(1).describe('Master templates in masters/<name>.hbs'),
  masterPictures: z
    .record(
      name,
      z.array(
        z.strictObject({
          file: z.string().min(1).describe("A PNG, JPEG or SVG in the theme's folder."),
          region: z.string().describe('The region it is drawn in (its proportions kept, centred).'),
        }),
      ),
    )
    .default({})
    .describe("Pictures drawn behind every slide of a master, e.g. an organisation's logo: master name → pictures (`theme import` writes them)."),
});

const outlineStepSchema = z.strictObject({
  layout: name,
  from: z.string().optional().describe('Field whose value the slide shows; no slide when it is empty.'),
  when: z.string().optional().describe('Field that must be true for the slide to appear.'),
  perSlide: z.number().int().positive().optional().describe('Split a list into slides of this many items.'),
  each: z.boolean().default(false).describe('One slide per list item.'),
});

export const outlineSchema = z.strictObject({
  opening: z.array(outlineStepSchema).default([]),
  section: z.array(outlineStepSchema).min(1),
  closing: z.array(outlineStepSchema).default([]),
});

export type Theme = z.output<typeof themeSchema>;

/** A picture of `masterPictures`, loaded: what the master builder draws. */
export interface MasterPicture {
  image: LoadedImage;
  region: string;
}
export type ThemeTextStyle = z.output<typeof textStyleSchema>;
export type Outline = z.output<typeof outlineSchema>;
export type OutlineStep = z.output<typeof outlineStepSchema>;
