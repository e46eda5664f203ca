/**
 * One point of a one-series chart in a colour of its own: the category a
 * chart's `highlight` names. pptxgenjs colours either no point or every point
 * of a series (a c:dPt each, from its palette); this writes the one c:dPt
 * the data asks for, into a chart part pptxgenjs wrote and normalise.ts fixed.
 */

/** The point to draw apart: its index among the categories, and its colour (six hex digits). */
export interface ChartHighlight {
  index: number;
  color: string;
}

/**
 * The highlighted marker of a line is a little larger than the others. That
 * helps the eye, and LibreOffice reads a point's own marker only when its
 * symbol or size differs from the series' marker (7.4 still draws it in the
 * series colour; PowerPoint draws it in the highlight colour).
 */
function larger(marker: string): string {
  return marker.replace(/<c:size val="(\d+)"\/>/, (_, size: string) => `<c:size val="${Math.min(72, Number(size) + 3)}"/>`);
}

/**
 * Gives point `index` of the chart's first series the highlight colour: a bar
 * or column is filled with it, a line's marker drawn in it and a little
 * larger (the line itself keeps the series colour: a point's own c:spPr on a
 * line would colour the segment that leads to it). The point copies the series' own fill or marker
 * with the colour swapped, so it differs from its neighbours in colour only.
 */
export function writeHighlight(xml: string, { index, color }: ChartHighlight): string {
  let done = false;
  return xml.replace(/<c:ser>([\s\S]*?)<\/c:ser>/g, (whole, inner: string) => {
    if (done) return whole;
    done = true;
    const spPr = /<c:spPr>([\s\S]*?)<\/c:spPr>/.exec(inner)?.[1] ?? '';
    const seriesColor = /<a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(spPr)?.[1];
    const recolour = (part: string): string =>
      seriesColor === undefined ? part : part.replaceAll(`<a:srgbClr val="${seriesColor}"/>`, `<a:srgbClr val="${color}"/>`);
    const marker = /<c:marker>[\s\S]*?<\/c:marker>/.exec(inner)?.[0];
    const lineSeries = /<c:smooth\b/.test(inner) || marker !== undefined;
    // CT_DPt: idx, invertIfNegative?, marker?, bubble3D?, explosion?, spPr?
    const point = lineSeries
      ? `<c:dPt><c:idx val="${index}"/>${recolour(larger(marker ?? ''))}<c:bubble3D val="0"/></c:dPt>`
      : `<c:dPt><c:idx val="${index}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${recolour(spPr).trim() || `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>`}</c:spPr></c:dPt>`;
    // A point pptxgenjs coloured already gives way; the new one goes where the series' schema order puts c:dPt.
    const withoutOwn = inner.replace(/<c:dPt>(?:(?!<\/c:dPt>)[\s\S])*?<c:idx val="(\d+)"\/>[\s\S]*?<\/c:dPt>/g, (dPt, idx: string) =>
      Number(idx) === index ? '' : dPt,
    );
    const at = withoutOwn.search(/<c:(?:dLbls|trendline|errBars|cat|val)\b/);
    const placed = at < 0 ? `${withoutOwn}${point}` : `${withoutOwn.slice(0, at)}${point}${withoutOwn.slice(at)}`;
    return `<c:ser>${placed}</c:ser>`;
  });
}
