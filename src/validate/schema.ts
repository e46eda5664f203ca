/**
 * The report data format, as one zod schema. The validator, the TypeScript
 * types and the published JSON Schema (`briefdeck schema`) all derive from it,
 * so they cannot drift apart.
 *
 * Optional fields default to `null` rather than being absent: Handlebars runs
 * in strict mode, where a missing key is an error but a null one is falsy.
 */
import * as z from 'zod';
import { t } from '../i18n/catalogue.js';
import { MAX_COUNTED_SLIDES, sectionPassingSlideLimit } from './budget.js';
import { isDocumentDate, MAX_DATE, MIN_DATE } from './dates.js';
import { schemaMessage, schemaRule } from './rules.js';

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

/** Text with something to show: "" and "   " are both empty on a slide (and a blank chart category breaks its workbook). */
const text = z.string().regex(/\S/, schemaMessage('schema.empty-text'));

/** The deck's locale when the report names none. */
export const DEFAULT_LOCALE = 'vi';

export const QUALIFIERS = ['trên', 'hơn', 'gần', 'khoảng', 'dưới', 'đến'] as const;
export const CHART_TYPES = ['bar', 'column', 'line', 'doughnut'] as const;

/** Lists are capped so a runaway file is an error, not a hung build. */
export const MAX_LIST_ITEMS = 10_000;
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_LIST_ITEMS);

/**
 * How `briefdeck diff` tells which element of a list became which in the
 * next version of a report: by `key`, fields tried in turn ('' is the element
 * itself, '0' a row's first cell). Elements left over between two paired ones
 * are paired when alike (`similar`: a point with a word changed) or in order
 * (`position`: a renamed category). A list with no key is paired by position.
 * A registry of its own, not `.meta()`: the JSON Schema does not carry it.
 */
export interface DiffKey {
  key: readonly string[];
  unkeyed?: 'similar' | 'position';
}
export const diffKeys = z.registry<DiffKey>();
const keyed = <T extends z.ZodType>(schema: T, key: DiffKey): T => {
  diffKeys.add(schema, key);
  return schema;
};

/**
 * The largest figure a report may hold: a million billion (10^15, "1 triệu tỷ").
 * Doubles are exact to about 9·10^15, so every figure up to it prints without float noise.
 */
export const MAX_FIGURE = 1e15;

// The refinements carry the message and code; `meta` tells the JSON Schema the same rule.
const count = z
  .number()
  .refine((n) => Math.abs(n) <= MAX_FIGURE, { ...schemaRule(t('schema.too-large', { max: '10^15' }), 'figure-too-large', t('schema.too-large.hint')), abort: true })
  .meta({ minimum: -MAX_FIGURE, maximum: MAX_FIGURE });
/** A figure as reported: never negative; a fall is a change with a negative `by`. */
const figure = count
  .refine((n) => n >= 0, {
    ...schemaRule(t('schema.negative'), 'negative-figure'),
  })
  .meta({ minimum: 0, maximum: MAX_FIGURE });

/** Which way a figure is good news: revenue up is good (`higher`), cyber-attacks up is bad (`lower`). */
export const BETTER = ['higher', 'lower'] as const;
const better = z
  .enum(BETTER)
  .describe('Which way is good news: "higher" (revenue) or "lower" (cyber-attacks). Colours the change; neutral without it.');

export const qualifierSchema = z
  .enum(QUALIFIERS)
  .describe('A word that bounds a figure: trên/hơn (over), gần (nearly), khoảng (about), dưới (under), đến (up to).');

export const changeSchema = z
  .strictObject({
    by: optional(count.describe('Signed change: 40 is an increase, -26 a decrease.')),
    multiple: optional(
      count.positive().describe('A change as a multiple: 2 is "gấp đôi" (doubled).'),
    ),
    unit: z.string().default('%').describe('Unit of `by`, "%" unless given.'),
    qualifier: optional(qualifierSchema),
    against: optional(text.describe('The period compared with, e.g. "cùng kỳ năm 2019".')),
    better: optional(better),
  })
  .refine((c) => (c.by === null) !== (c.multiple === null), schemaRule(t('schema.by-or-multiple'), 'field-combination', t('schema.by-or-multiple.hint')))
  .describe('A change against a named period. Give `by` or `multiple`.');

const pointInTime = z.strictObject({
  value: figure,
  label: text.describe('When this value held, e.g. "2019" or "6/2020".'),
});

/** A part of the statistic's figure: "3.106 trạm BTS, trong đó 1.057 trạm 4G". */
const partSchema = z
  .strictObject({
    value: figure.describe('The part, a plain number no larger than the whole.'),
    label: text.describe('What the part counts, e.g. "trạm 4G".'),
    unit: optional(z.string().describe('Unit of the part; the statistic\'s unit unless given.')),
    qualifier: optional(qualifierSchema),
  })
  .describe('A part of the whole ("trong đó"): shown under the figure, with its share of the whole.');

export const statSchema = z
  .strictObject({
    label: text.describe('What is counted, shown under the figure.'),
    value: optional(figure.describe('The figure itself, a plain number: 377000000, not "377 triệu".')),
    range: optional(
      z
        .tuple([figure, figure])
        .refine(([low, high]) => low <= high, schemaRule(t('schema.range-order'), 'invalid-value', t('schema.range-order.hint')))
        .describe('A range [low, high], e.g. [700, 1000].'),
    ),
    before: optional(pointInTime.describe('With `after`: a before → after pair.')),
    after: optional(pointInTime),
    multiple: optional(count.positive().describe('A multiple: 2 is "gấp đôi".')),
    qualifier: optional(qualifierSchema),
    unit: optional(z.string().describe('Unit written after the figure: "%", "tin nhắn", "đồng".')),
    change: optional(changeSchema),
    note: optional(text.describe('A short line of context under the label.')),
    per: optional(text.describe('A rate: the period each figure is per, e.g. "tháng" gives "2.300 tin mỗi tháng".')),
    part: optional(partSchema),
    better: optional(better),
  })
  .superRefine((stat, ctx) => {
    const kinds = [stat.value, stat.range, stat.before ?? stat.after, stat.multiple].filter((k) => k !== null);
    // A stat may also be a bare change ("giảm 26% so với …"): then the change is the figure.
    if (kinds.length > 1 || (kinds.length === 0 && stat.change === null)) {
      ctx.addIssue({
        code: 'custom',
        ...schemaRule(t('schema.one-figure'), 'field-combination', t('schema.one-figure.hint')),
      });
    } else if ((stat.before === null) !== (stat.after === null)) {
      ctx.addIssue({ code: 'custom', ...schemaRule(t('schema.before-after'), 'field-combination', t('schema.before-after.hint')), path: [stat.before ? 'after' : 'before'] });
    }
    if (stat.part !== null && stat.value !== null && (stat.part.unit ?? stat.unit) === stat.unit && stat.part.value > stat.value) {
      ctx.addIssue({
        code: 'custom',
        path: ['part', 'value'],
        ...schemaRule(t('schema.part-exceeds-whole', { part: stat.part.value, whole: stat.value }), 'part-exceeds-whole', t('schema.part-exceeds-whole.hint')),
      });
    }
    if (stat.part !== null && stat.value === null) {
      ctx.addIssue({ code: 'custom', path: ['part'], ...schemaRule(t('schema.part-needs-value'), 'invalid-value', t('schema.part-needs-value.hint')) });
    }
  })
  .describe('One statistic: exactly one of value, range, before+after, multiple; or only a change.');

export const chartSchema = z
  .strictObject({
    type: z.enum(CHART_TYPES),
    title: text,
    unit: optional(z.string().describe('Unit of the values, e.g. "%".')),
    categories: keyed(list(text).min(1), { key: [''], unkeyed: 'position' }),
    series: keyed(
      list(
        z.strictObject({
          name: text,
          values: list(count).min(1),
        }),
      ).min(1),
      { key: ['name'], unkeyed: 'position' },
    ),
    caption: optional(text.describe('Source or explanation under the chart.')),
    alt: optional(
      text.describe("Alternative text for screen readers and PowerPoint's Accessibility Checker; made from the chart's data in the deck's language unless given."),
    ),
    notes: optional(text.describe('Speaker notes for this chart slide; the section notes otherwise.')),
    highlight: optional(
      text.describe(
        'One of the categories, drawn in the theme\'s highlight colour; the other points keep the series colour. For a bar, column or line chart of one series.',
      ),
    ),
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
    if (chart.highlight !== null) {
      // Named as written, whatever the Unicode form or the spaces around it (the deck compares the same way).
      const key = (name: string): string => name.normalize('NFC').trim();
      const allowed = chart.categories.join(', ');
      if (!chart.categories.some((c) => key(c) === key(chart.highlight ?? ''))) {
        ctx.addIssue({
          code: 'custom',
          path: ['highlight'],
          ...schemaRule(t('schema.highlight-category', { name: chart.highlight }), 'invalid-value', t('schema.highlight-category.hint', { allowed })),
        });
      } else if (chart.type === 'doughnut' || chart.series.length > 1) {
        // A doughnut already gives each part its colour, and several series each have theirs.
        ctx.addIssue({
          code: 'custom',
          path: ['highlight'],
          ...schemaRule(t('schema.highlight-one-series'), 'invalid-value', t('schema.highlight-one-series.hint')),
        });
      }
    }
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
  points: keyed(list(text).min(1), { key: [''] }),
});

/** The section fields a slide can show. */
export const SECTION_CONTENT = ['lead', 'stats', 'charts', 'points', 'items', 'compare', 'quote', 'picture', 'table.rows'] as const;

const cell = z.union([z.string(), count]).describe('Text, or a number the deck writes in its locale (9.637).');

export const tableSchema = z
  .strictObject({
    columns: list(text).min(1).describe('The header row.'),
    rows: keyed(list(list(cell)).min(1), { key: ['', '0'] }),
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
    alt: optional(text.describe("What the picture shows, for screen readers and PowerPoint's Accessibility Checker.")),
    decorative: z
      .boolean()
      .default(false)
      .describe("A picture that only decorates: screen readers skip it (PowerPoint's 'Mark as decorative')."),
  })
  .superRefine((picture, ctx) => {
    // Screen readers skip a decorative picture, so its `alt` would never be read: one of the two is a mistake.
    if (picture.decorative && picture.alt !== null) {
      ctx.addIssue({ code: 'custom', path: ['alt'], ...schemaRule(t('schema.decorative-alt'), 'invalid-value', t('schema.decorative-alt.hint')) });
    }
  })
  .describe('A picture placed with its aspect ratio kept.');

export const sectionSchema = z.strictObject({
  id: optional(z.string().regex(/^[a-z0-9-]+$/, schemaMessage('schema.id-format'))),
  title: text,
  subtitle: optional(text),
  agenda: z.boolean().default(true).describe('List this section on the agenda slide.'),
  divider: z.boolean().default(true).describe('Open the section with a divider slide.'),
  lead: optional(text.describe('One sentence that sums the section up.')),
  stats: keyed(list(statSchema), { key: ['label'] }).default([]),
  charts: keyed(list(chartSchema), { key: ['title', 'categories'] }).default([]),
  points: keyed(list(text), { key: [''] }).default([]).describe('Narrative bullet points.'),
  items: keyed(list(listItemSchema), { key: [''] }).default([]).describe('A numbered list (orientations, tasks, lessons).'),
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
    { ...schemaRule(t('schema.date-missing'), 'invalid-date'), abort: true },
  )
  .refine(
    (s) => isDocumentDate(new Date(`${s}T00:00:00Z`)),
    schemaRule(t('schema.date-range', { min: MIN_DATE, max: MAX_DATE }), 'invalid-date', t('schema.date-range.hint', { min: MIN_DATE, max: MAX_DATE })),
  )
  .meta({ pattern: '^(?:19|[2-9]\\d)\\d{2}-\\d{2}-\\d{2}$', format: 'date' });

export const reportSchema = z
  .strictObject({
    locale: z.enum(['vi', 'en']).default(DEFAULT_LOCALE).describe('Number and word format of the deck.'),
    theme: optional(text.describe('Theme folder under templates/, "default" unless given.')),
    meeting: z.strictObject({
      title: text,
      subtitle: optional(text),
      organiser: text,
      organiserShort: optional(text.describe('Short form for the footer, e.g. "Bộ TT&TT".')),
      place: text,
      date: isoDate.describe(`Meeting date, YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}. Also the document date of the deck.`),
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
        // All the lists together: the deck they make is bounded too (budget.ts).
        const passing = sectionPassingSlideLimit(sections);
        if (passing !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [passing],
            ...schemaRule(t('schema.too-many-slides', { max: MAX_COUNTED_SLIDES }), 'too-many-items', t('schema.too-many-slides.hint')),
          });
        }
      }),
    closing: z.strictObject({
      message: text,
      subtitle: optional(text.describe('A line under the closing message: the vision, the next milestone.')),
      source: optional(text),
      notes: text,
    }),
  })
  .describe('A briefing report: the meeting, its sections, and a closing message.');

// A section keeps its `id` across versions; one without is known by its title, else by its place.
keyed(reportSchema.shape.sections, { key: ['id', 'title'], unkeyed: 'position' });

export type Report = z.output<typeof reportSchema>;
export type Section = Report['sections'][number];
export type Stat = z.output<typeof statSchema>;
export type Change = z.output<typeof changeSchema>;
export type Chart = z.output<typeof chartSchema>;
export type ListItem = z.output<typeof listItemSchema>;
export type Qualifier = (typeof QUALIFIERS)[number];
export type Better = (typeof BETTER)[number];
export type Part = z.output<typeof partSchema>;
