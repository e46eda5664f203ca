/**
 * The report data format, as one zod schema. The validator, the TypeScript
 * types and the published JSON Schema (`briefdeck schema`) all derive from it,
 * so they cannot drift apart.
 *
 * Optional fields default to `null` rather than being absent: Handlebars runs
 * in strict mode, where a missing key is an error but a null one is falsy.
 */
import { z } from 'zod';
import { t } from '../i18n/catalogue.js';
import { schemaMessage, schemaRule } from './rules.js';

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

const text = z.string().min(1, schemaMessage('schema.empty-text'));

export const QUALIFIERS = ['trên', 'hơn', 'gần', 'khoảng', 'dưới', 'đến'] as const;
export const CHART_TYPES = ['bar', 'column', 'line', 'doughnut'] as const;

/** Lists are capped so a runaway file is an error, not a hung build. */
export const MAX_LIST_ITEMS = 10_000;
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_LIST_ITEMS);

const count = z.number();
/** A figure as reported: never negative; a fall is a change with a negative `by`. */
// The refinements carry the message and code; `meta` tells the JSON Schema the same rule.
const figure = z
  .number()
  .refine((n) => n >= 0, {
    ...schemaRule(t('schema.negative'), 'negative-figure'),
  })
  .meta({ minimum: 0 });

export const qualifierSchema = z
  .enum(QUALIFIERS)
  .describe('A word that bounds a figure: trên/hơn (over), gần (nearly), khoảng (about), dưới (under), đến (up to).');

export const changeSchema = z
  .strictObject({
    by: optional(count.describe('Signed change: 40 is an increase, -26 a decrease.')),
    multiple: optional(
      z.number().finite().positive().describe('A change as a multiple: 2 is "gấp đôi" (doubled).'),
    ),
    unit: z.string().default('%').describe('Unit of `by`, "%" unless given.'),
    qualifier: optional(qualifierSchema),
    against: optional(text.describe('The period compared with, e.g. "cùng kỳ năm 2019".')),
  })
  .refine((c) => (c.by === null) !== (c.multiple === null), 'give either `by` or `multiple`')
  .describe('A change against a named period. Give `by` or `multiple`.');

const pointInTime = z.strictObject({
  value: figure,
  label: text.describe('When this value held, e.g. "2019" or "6/2020".'),
});

export const statSchema = z
  .strictObject({
    label: text.describe('What is counted, shown under the figure.'),
    value: optional(figure.describe('The figure itself, a plain number: 377000000, not "377 triệu".')),
    range: optional(
      z
        .tuple([figure, figure])
        .refine(([low, high]) => low <= high, 'a range is [low, high]: the first number must not be larger')
        .describe('A range [low, high], e.g. [700, 1000].'),
    ),
    before: optional(pointInTime.describe('With `after`: a before → after pair.')),
    after: optional(pointInTime),
    multiple: optional(z.number().finite().positive().describe('A multiple: 2 is "gấp đôi".')),
    qualifier: optional(qualifierSchema),
    unit: optional(z.string().describe('Unit written after the figure: "%", "tin nhắn", "đồng".')),
    change: optional(changeSchema),
    note: optional(text.describe('A short line of context under the label.')),
  })
  .superRefine((stat, ctx) => {
    const kinds = [stat.value, stat.range, stat.before ?? stat.after, stat.multiple].filter((k) => k !== null);
    // A stat may also be a bare change ("giảm 26% so với …"): then the change is the figure.
    if (kinds.length > 1 || (kinds.length === 0 && stat.change === null)) {
      ctx.addIssue({
        code: 'custom',
        ...schemaRule(t('schema.one-figure')),
      });
    } else if ((stat.before === null) !== (stat.after === null)) {
      ctx.addIssue({ code: 'custom', ...schemaRule(t('schema.before-after')), path: [stat.before ? 'after' : 'before'] });
    }
  })
  .describe('One statistic: exactly one of value, range, before+after, multiple; or only a change.');

export const chartSchema = z
  .strictObject({
    type: z.enum(CHART_TYPES),
    title: text,
    unit: optional(z.string().describe('Unit of the values, e.g. "%".')),
    categories: list(text).min(1),
    series: list(
      z.strictObject({
        name: text,
        values: list(count).min(1),
      }),
    ).min(1),
    caption: optional(text.describe('Source or explanation under the chart.')),
    notes: optional(text.describe('Speaker notes for this chart slide; the section notes otherwise.')),
  })
  .superRefine((chart, ctx) => {
    chart.series.forEach((series, i) => {
      if (series.values.length !== chart.categories.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['series', i, 'values'],
          ...schemaRule(
            t('schema.series-length', { name: series.name, values: series.values.length, categories: chart.categories.length }),
            'series-length',
          ),
        });
      }
    });
  })
  .describe('A native, editable PowerPoint chart.');

export const listItemSchema = z.union([
  text,
  z.strictObject({
    title: optional(text),
    text: text,
  }),
]);

const columnSchema = z.strictObject({
  title: text,
  points: list(text).min(1),
});

/** The section fields a slide can show. */
export const SECTION_CONTENT = ['lead', 'stats', 'charts', 'points', 'items', 'compare', 'quote', 'picture', 'table.rows'] as const;

const cell = z.union([z.string(), count]).describe('Text, or a number the deck writes in its locale (9.637).');

export const tableSchema = z
  .strictObject({
    columns: list(text).min(1).describe('The header row.'),
    rows: list(list(cell)).min(1),
    caption: optional(text),
  })
  .superRefine((table, ctx) => {
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          ...schemaRule(t('schema.row-length', { row: i + 1, cells: row.length, columns: table.columns.length }), 'row-length'),
        });
      }
    });
  })
  .describe('A table; long tables continue on the next slide with the header repeated.');

export const slideOverrideSchema = z.strictObject({
  layout: text.describe('Layout name, e.g. "bullets".'),
  from: optional(z.enum(SECTION_CONTENT).describe('Section field the slide shows, e.g. "points".')),
  perSlide: optional(z.number().int().positive()),
});

const imagePath = text.describe('A PNG, JPEG or SVG file, relative to the data file\'s folder.');

export const pictureSchema = z
  .strictObject({
    path: imagePath,
    caption: optional(text),
  })
  .describe('A picture placed with its aspect ratio kept.');

export const sectionSchema = z.strictObject({
  id: optional(z.string().regex(/^[a-z0-9-]+$/, schemaMessage('schema.id-format'))),
  title: text,
  subtitle: optional(text),
  agenda: z.boolean().default(true).describe('List this section on the agenda slide.'),
  divider: z.boolean().default(true).describe('Open the section with a divider slide.'),
  lead: optional(text.describe('One sentence that sums the section up.')),
  stats: list(statSchema).default([]),
  charts: list(chartSchema).default([]),
  points: list(text).default([]).describe('Narrative bullet points.'),
  items: list(listItemSchema).default([]).describe('A numbered list (orientations, tasks, lessons).'),
  compare: optional(
    z.strictObject({ left: columnSchema, right: columnSchema }).describe('A two-column comparison.'),
  ),
  quote: optional(z.strictObject({ text: text, source: optional(text) })),
  picture: optional(pictureSchema),
  table: optional(tableSchema),
  notes: text.describe('Speaker notes for the section, in full sentences.'),
  slides: optional(
    list(slideOverrideSchema).min(1).describe("Replaces the outline's slides for this section."),
  ),
});

const isoDate = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), { ...schemaRule(t('schema.date-format'), 'invalid-date'), abort: true })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    },
    schemaRule(t('schema.date-missing'), 'invalid-date'),
  )
  .meta({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });

export const reportSchema = z
  .strictObject({
    locale: z.enum(['vi', 'en']).default('vi').describe('Number and word format of the deck.'),
    theme: optional(text.describe('Theme folder under templates/, "default" unless given.')),
    meeting: z.strictObject({
      title: text,
      subtitle: optional(text),
      organiser: text,
      organiserShort: optional(text.describe('Short form for the footer, e.g. "Bộ TT&TT".')),
      place: text,
      date: isoDate.describe('Meeting date, YYYY-MM-DD. Also the document date of the deck.'),
      presenter: optional(text),
      logo: optional(imagePath.describe('The organiser\'s logo (PNG, JPEG or SVG), shown on every slide.')),
      notes: text.describe('Speaker notes for the title slide.'),
    }),
    sections: list(sectionSchema)
      .min(1)
      .superRefine((sections, ctx) => {
        const seen = new Set<string>();
        sections.forEach((section, i) => {
          if (section.id === null) return;
          if (seen.has(section.id)) {
            ctx.addIssue({ code: 'custom', path: [i, 'id'], ...schemaRule(t('schema.id-taken', { id: section.id }), 'invalid-value') });
          }
          seen.add(section.id);
        });
      }),
    closing: z.strictObject({
      message: text,
      source: optional(text),
      notes: text,
    }),
  })
  .describe('A briefing report: the meeting, its sections, and a closing message.');

export type Report = z.output<typeof reportSchema>;
export type Section = Report['sections'][number];
export type Stat = z.output<typeof statSchema>;
export type Change = z.output<typeof changeSchema>;
export type Chart = z.output<typeof chartSchema>;
export type ListItem = z.output<typeof listItemSchema>;
export type Qualifier = (typeof QUALIFIERS)[number];
