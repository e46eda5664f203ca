/**
 * Data labels in the deck's own number format. A chart's number format is
 * applied by the viewer's locale, so the same 27.1 shows as "27.1%" on an
 * English Windows; a label written as text shows "27,1%" everywhere. Each
 * point gets a <c:dLbl> whose rich text is the formatted label, styled like
 * the series' labels; the values stay numbers, so the chart stays editable.
 */
import { child, cloneNode, descendants, element, type XmlDocument, type XmlElement } from './xml.js';

/** Labels per series, per point, for one chart part. */
export type ChartLabels = readonly (readonly string[])[];

/** Per series, per point: true puts that point's label below it rather than where the series puts its labels. */
export type LabelsBelow = readonly (readonly boolean[])[];

/**
 * Writes each series' labels into the parsed chart part (after the chart
 * fixes): series in document order, points in order. A series without
 * labels, or without c:dLbls, is left as it is.
 */
export function writeChartLabels(doc: XmlDocument, labels: ChartLabels, lang: string, below: LabelsBelow = []): void {
  descendants(doc.root, 'c:ser').forEach((ser, s) => {
    const points = labels[s];
    const dLbls = child(ser, 'c:dLbls');
    if (points && dLbls) pointLabels(dLbls, points, lang, below[s] ?? []);
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

function pointLabels(dLbls: XmlElement, points: readonly string[], lang: string, below: readonly boolean[]): void {
  // The style of the labels: the series' txPr, or else the first point's (doughnuts carry it per point).
  const txPr = descendants(dLbls, 'c:txPr')[0];
  const pPr = txPr && descendants(txPr, 'a:pPr')[0];
  // The run carries the same character properties: not every viewer reads them from the paragraph.
  const defRPr = pPr && child(pPr, 'a:defRPr');
  const rPr = element('a:rPr', { lang });
  if (defRPr) {
    rPr.attributes.push(...defRPr.attributes.filter(([name]) => name !== 'lang'));
    rPr.children = defRPr.children.map(cloneNode);
  }
  const own = dLbls.children.filter((c) => c.kind !== 'element' || c.name !== 'c:dLbl');
  const position = own.find((c): c is XmlElement => c.kind === 'element' && c.name === 'c:dLblPos');
  const flags = ['showLegendKey', 'showVal', 'showCatName', 'showSerName', 'showPercent', 'showBubbleSize'].map((flag) =>
    element(`c:${flag}`, { val: flag === 'showVal' ? 1 : 0 }),
  );
  // CT_DLbl: idx, tx, dLblPos?, the show flags; CT_DLbls: dLbl* before the series-wide settings.
  const labels = points.map((text, idx) => {
    const paragraph = element('a:p', {}, [...(pPr ? [cloneNode(pPr)] : []), element('a:r', {}, [cloneNode(rPr), element('a:t', {}, [text])])]);
    const tx = element('c:tx', {}, [element('c:rich', {}, [element('a:bodyPr'), element('a:lstStyle'), paragraph])]);
    const pos = below[idx] ? [element('c:dLblPos', { val: 'b' })] : position ? [cloneNode(position)] : [];
    return element('c:dLbl', {}, [element('c:idx', { val: idx }), tx, ...pos, ...flags.map(cloneNode)]);
  });
  dLbls.children = [...labels, ...own];
}
