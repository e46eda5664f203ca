/**
 * Figures inside text. A point, item or note may write a figure as data,
 * `Tập huấn kỹ năng số cho {5000} cán bộ`, and the deck writes it in its own
 * notation ("5.000" in vi, "5,000" in en; {377000000} → "377 triệu",
 * {27.1%} → "27,1%"). The syntax is a plain number in braces, nothing else:
 * it is replaced as text, never compiled, so it can never run template code.
 * Any other braces are kept as written.
 */
import type { DataPath } from '../load/yaml.js';
import { eachString } from '../model/data-path.js';
import type { Report } from '../validate/schema.js';
import type { Locale } from './locale.js';
import { formatQuantity, formatScaled } from './number.js';

export const INLINE_FIGURE = /\{([-+]?\d+(?:\.\d+)?)(%?)\}/g;

/** Fields that name things rather than say them: never rewritten. */
const NOT_PROSE = new Set(['id', 'theme', 'locale', 'date', 'path', 'logo', 'layout', 'from', 'type', 'unit', 'qualifier', 'better']);

/** Every prose string of the report (validated or not yet), with its data path. */
export function inlineFigureTexts(report: unknown): { path: DataPath; text: string }[] {
  const found: { path: DataPath; text: string }[] = [];
  eachString(
    report,
    (text, path) => {
      if (text.includes('{')) found.push({ path: [...path], text });
    },
    (key) => NOT_PROSE.has(key),
  );
  return found;
}

/** The text with each {figure} written in the locale's notation. */
export function writeInlineFigures(text: string, locale: Locale): string {
  return text.replace(INLINE_FIGURE, (_, n: string, percent: string) =>
    percent ? formatQuantity(Number(n), '%', locale) : formatScaled(Number(n), locale),
  );
}

/** The report with every inline figure written out; the same object when it has none. */
export function withInlineFigures(report: Report, locale: Locale): Report {
  const texts = inlineFigureTexts(report);
  if (texts.length === 0) return report;
  const copy = structuredClone(report);
  for (const { path, text } of texts) {
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy as never);
    parent[path[path.length - 1] as string | number] = writeInlineFigures(text, locale);
  }
  return copy;
}
