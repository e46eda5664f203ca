/**
 * A chart's alternative text, made from its data in the deck's language:
 * "Biểu đồ cột: Thuê bao băng rộng cố định. Quý I/2021: 198.250; Quý
 * II/2021: 203.900". The values are its data labels, so the text says the
 * figures exactly as the slide shows them. Every word and separator comes
 * from the locale (`chartAlt`).
 */
import { fillPattern, type Locale } from '../format/locale.js';
import type { ChartShape } from '../model/deck.js';

export function describeChart(chart: Pick<ChartShape, 'type' | 'categories' | 'series' | 'labels'>, title: string, words: Locale['chartAlt']): string {
  const pointsOf = (s: number): string =>
    chart.categories.map((category, c) => fillPattern(words.point, { category, value: chart.labels[s]?.[c] ?? '' })).join(words.separator);
  const points =
    chart.series.length === 1
      ? pointsOf(0)
      : chart.series.map((series, s) => fillPattern(words.series, { series: series.name, points: pointsOf(s) })).join(words.seriesSeparator);
  return fillPattern(words.chart, { kind: words[chart.type], title: title.trim(), points });
}
