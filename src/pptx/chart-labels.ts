/**
 * Data labels in the deck's own number format. A chart's number format is
 * applied by the viewer's locale, so the same 27.1 shows as "27.1%" on an
 * English Windows; a label written as text shows "27,1%" everywhere. Each
 * point gets a <c:dLbl> whose rich text is the formatted label, styled like
 * the series' labels; the values stay numbers, so the chart stays editable.
 */

/** Labels per series, per point, for one chart part. */
export type ChartLabels = readonly (readonly string[])[];

/** Per series, per point: true puts that point's label below it rather than where the series puts its labels. */
export type LabelsBelow = readonly (readonly boolean[])[];

export function writeChartLabels(xml: string, labels: ChartLabels, lang: string, below: LabelsBelow = []): string {
  let series = 0;
  return xml.replace(/<c:ser>([\s\S]*?)<\/c:ser>/g, (whole, inner: string) => {
    const s = series++;
    const points = labels[s];
    if (!points) return whole;
    return `<c:ser>${inner.replace(/<c:dLbls>([\s\S]*?)<\/c:dLbls>/, (_, dLbls: string) => `<c:dLbls>${pointLabels(dLbls, points, lang, below[s] ?? [])}</c:dLbls>`)}</c:ser>`;
  });
}

/**
 * Where the labels of a line chart with several series go: at each category
 * the lowest series' label below its point, the others above, so two lines
 * that run close together do not print their labels on top of each other.
 */
export function lineLabelsBelow(series: readonly (readonly number[])[]): boolean[][] {
  if (series.length < 2) return series.map((values) => values.map(() => false));
  return series.map((values, s) =>
    values.map((v, i) => {
      const lowest = Math.min(...series.map((other) => other[i] ?? Infinity));
      // Ties go to the first series drawn at that value, so exactly one label moves.
      return v === lowest && series.findIndex((other) => other[i] === lowest) === s;
    }),
  );
}

function pointLabels(dLbls: string, points: readonly string[], lang: string, below: readonly boolean[]): string {
  const own = dLbls.replace(/<c:dLbl>[\s\S]*?<\/c:dLbl>/g, '');
  // The style of the labels: the series' txPr, or else the first point's (doughnuts carry it per point).
  const txPr = /<c:txPr>([\s\S]*?)<\/c:txPr>/.exec(dLbls)?.[1] ?? '';
  const pPr = /<a:pPr>[\s\S]*?<\/a:pPr>/.exec(txPr)?.[0] ?? '';
  // The run carries the same character properties: not every viewer reads them from the paragraph.
  const defRPr = /<a:defRPr([^>]*?)(\/>|>([\s\S]*?)<\/a:defRPr>)/.exec(pPr);
  const rPr = defRPr ? `<a:rPr lang="${lang}"${(defRPr[1] ?? '').replace(/ lang="[^"]*"/, '')}>${defRPr[3] ?? ''}</a:rPr>` : `<a:rPr lang="${lang}"/>`;
  const position = /<c:dLblPos val="[^"]*"\/>/.exec(own)?.[0] ?? '';
  const labels = points
    .map(
      (text, idx) =>
        `<c:dLbl><c:idx val="${idx}"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>${pPr}<a:r>${rPr}<a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>` +
        `${below[idx] ? '<c:dLblPos val="b"/>' : position}<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>`,
    )
    .join('');
  return labels + own.trim();
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
