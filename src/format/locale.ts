/**
 * A locale is data, not code: templates/locales/<code>.yaml holds every
 * separator, scale word and sentence pattern, so adding a language means
 * adding a file. This module only defines and checks that file's shape.
 */
import { readPlainYaml } from '../load/yaml-fast.js';
import { yamlLib } from '../load/yaml-lib.js';
import * as z from 'zod';
import { QUALIFIERS } from '../validate/schema.js';

const word = z.string().min(1, 'must not be empty');

/** A pattern with `{slot}` placeholders; the slots the formatter fills must all be present. */
const pattern = (...slots: string[]) =>
  z
    .string()
    .min(1, 'must not be empty')
    .refine((p) => slots.every((s) => p.includes(`{${s}}`)), {
      message: `must contain ${slots.map((s) => `{${s}}`).join(' and ')}`,
    });

/** Keys are the number written plainly ("2"), matched against the formatted multiple. */
const wordsByMultiple = (value: z.ZodType<string>) =>
  z.record(z.string().regex(/^\d+(\.\d+)?$/, 'use a plain number as the key, e.g. "2"'), value).default({});

const qualifier = z.enum(QUALIFIERS);

const scaleSchema = z.strictObject({
  value: z.number().positive(),
  word,
});

export const localeSchema = z
  .strictObject({
    code: word,
    lang: word.describe('The lang attribute of text runs, e.g. "vi-VN".'),
    decimal: z.string().min(1),
    group: z.string(),
    minus: z.string().min(1).default('-'),
    maxDecimals: z.number().int().min(0).max(20),
    scaleFrom: z.number().positive().describe('Scale words are used only from this magnitude on.'),
    scales: z
      .array(scaleSchema)
      .default([])
      // Scale choice walks the list once, largest first: an unsorted list would pick "triệu" for a billion.
      .refine((s) => s.every((x, i) => i === 0 || x.value < (s[i - 1]?.value ?? Infinity)), 'list scales from largest to smallest'),
    scaled: pattern('n', 'scale'),
    percent: pattern('n'),
    quantity: pattern('n', 'unit'),
    range: pattern('low', 'high'),
    beforeAfter: pattern('before', 'after'),
    qualified: pattern('qualifier', 'figure'),
    rate: pattern('figure', 'period').describe('A figure per period: "{figure} mỗi {period}".'),
    part: pattern('figure', 'label').describe('A part of the whole: "trong đó {figure} {label}".'),
    share: pattern('part', 'share').describe('A part with its share of the whole: "{part} ({share})".'),
    qualifiers: z.record(qualifier, word),
    multiples: wordsByMultiple(word),
    multipleOther: pattern('n'),
    increase: word,
    decrease: word,
    unchanged: word,
    // A change pattern must place the qualifier: dropping "trên" would overstate the figure.
    change: pattern('verb', 'qualifier', 'amount'),
    changeQualifiers: z.partialRecord(qualifier, word).default({}),
    changeMultiples: wordsByMultiple(pattern('qualifier')),
    changeMultipleOther: pattern('qualifier', 'n'),
    against: word,
    compared: pattern('change', 'period'),
    datePattern: word,
    months: z.array(word).length(12, 'give the 12 month names'),
    words: z.record(z.string(), z.string()).default({}),
    repeatedTitle: pattern('title', 'n')
      .default('{title} ({n})')
      .describe('A slide title an earlier slide already has, made unique for navigation: "{title} ({n})", n from 2.'),
    // A chart's alternative text (render/alt-text.ts). A locale written before it had these reads them in English.
    chartAlt: z
      .strictObject({
        bar: word,
        column: word,
        line: word,
        doughnut: word,
        chart: pattern('kind', 'title', 'points').describe('"{kind}: {title}. {points}"'),
        point: pattern('category', 'value'),
        series: pattern('series', 'points').describe('One series of several: "{series}: {points}".'),
        separator: z.string().min(1).describe('Between points: "; ".'),
        seriesSeparator: z.string().min(1).describe('Between the series of a chart of several: ". ".'),
      })
      .default({
        bar: 'Bar chart',
        column: 'Column chart',
        line: 'Line chart',
        doughnut: 'Doughnut chart',
        chart: '{kind}: {title}. {points}',
        point: '{category}: {value}',
        series: '{series}: {points}',
        separator: '; ',
        seriesSeparator: '. ',
      })
      .describe("The words of a chart's alternative text, made from its data."),
  })
  // Equal separators would make 1.000 (a thousand) and 1.000 (one) the same string.
  .refine((l) => l.decimal !== l.group, { message: 'decimal and group separators must differ', path: ['group'] });

export type Locale = z.output<typeof localeSchema>;

/** Parse and check a locale file; throws an Error naming the file and every problem in it. */
export function parseLocale(yamlText: string, file: string): Locale {
  let data: unknown;
  try {
    // The fast read gives yaml's data, or steps aside (load/yaml-fast.ts).
    data = readPlainYaml(yamlText)?.data ?? yamlLib().parse(yamlText);
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const result = localeSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new Error(`${file}: invalid locale\n${problems.join('\n')}`);
}

/**
 * Fill a locale pattern. An empty slot is removed with the space beside it
 * ("{verb} {qualifier} {amount}" without a qualifier gives "tăng 40%"); the
 * pattern is tidied before the values go in, so the data's own spacing is kept.
 */
export function fillPattern(template: string, slots: Readonly<Record<string, string | null | undefined>>): string {
  let tidy = template;
  for (const [name, value] of Object.entries(slots)) {
    if (!value) tidy = tidy.split(`{${name}}`).join('');
  }
  tidy = tidy.replace(/ {2,}/g, ' ').trim();
  // One pass, so a value that happens to contain "{n}" is not filled again.
  return tidy.replace(/\{(\w+)\}/g, (slot, name: string) => slots[name] || slot);
}
