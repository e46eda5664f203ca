/**
 * One point of a one-series chart in a colour of its own: the category a
 * chart's `highlight` names. pptxgenjs colours either no point or every point
 * of a series (a c:dPt each, from its palette); this writes the one c:dPt
 * the data asks for, into a parsed chart part pptxgenjs wrote and the chart
 * fixes (fixes/charts.ts) repaired.
 */
import { attr, child, cloneNode, descendants, element, elementsOnly, setAttr, type XmlDocument, type XmlElement, type XmlNode } from './xml.js';

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
function enlarge(marker: XmlElement): void {
  const size = child(marker, 'c:size');
  const value = size && Number(attr(size, 'val'));
  if (size && Number.isInteger(value)) setAttr(size, 'val', Math.min(72, (value ?? 0) + 3));
}

/** Every a:srgbClr of `e` in colour `from` turns `to`. */
function recolour(e: XmlElement, from: string | undefined, to: string): void {
  if (from === undefined) return;
  for (const clr of descendants(e, 'a:srgbClr')) if (attr(clr, 'val') === from) setAttr(clr, 'val', to);
}

/** Where c:dPt goes in a series: before the first of these (CT_BarSer, CT_LineSer…). */
const AFTER_POINTS: ReadonlySet<string> = new Set(['c:dLbls', 'c:trendline', 'c:errBars', 'c:cat', 'c:val']);

/**
 * Gives point `index` of the chart's first series the highlight colour: a bar
 * or column is filled with it, a line's marker drawn in it and a little
 * larger (the line itself keeps the series colour: a point's own c:spPr on a
 * line would colour the segment that leads to it). The point copies the series' own fill or marker
 * with the colour swapped, so it differs from its neighbours in colour only.
 * Runs on the parsed chart part, after the chart fixes and the labels.
 */
export function writeHighlight(doc: XmlDocument, { index, color }: ChartHighlight): void {
  const ser = descendants(doc.root, 'c:ser')[0];
  if (!ser) return;
  const spPr = child(ser, 'c:spPr');
  const seriesColor = spPr && descendants(spPr, 'a:srgbClr').map((c) => attr(c, 'val') ?? '').find((v) => HEX_COLOUR.test(v));
  const marker = child(ser, 'c:marker');
  const lineSeries = child(ser, 'c:smooth') !== undefined || (marker !== undefined && marker.children.length > 0);
  // CT_DPt: idx, invertIfNegative?, marker?, bubble3D?, explosion?, spPr?
  const point = element('c:dPt', {}, [element('c:idx', { val: index })]);
  if (lineSeries) {
    if (marker && marker.children.length > 0) {
      const own = cloneNode(marker);
      enlarge(own);
      recolour(own, seriesColor, color);
      point.children.push(own);
    }
    point.children.push(element('c:bubble3D', { val: 0 }));
  } else {
    const fill = spPr ? cloneNode(spPr) : element('c:spPr');
    elementsOnly(fill);
    recolour(fill, seriesColor, color);
    if (fill.children.length === 0) fill.children = [element('a:solidFill', {}, [element('a:srgbClr', { val: color })])];
    point.children.push(element('c:invertIfNegative', { val: 0 }), element('c:bubble3D', { val: 0 }), fill);
  }
  // A point pptxgenjs coloured already gives way; the new one goes where the series' schema order puts c:dPt.
  const samePoint = (c: XmlNode): boolean => {
    const idx = c.kind === 'element' && c.name === 'c:dPt' ? child(c, 'c:idx') : undefined;
    return idx !== undefined && Number(attr(idx, 'val')) === index;
  };
  ser.children = ser.children.filter((c) => !samePoint(c));
  const at = ser.children.findIndex((c) => c.kind === 'element' && AFTER_POINTS.has(c.name));
  ser.children.splice(at < 0 ? ser.children.length : at, 0, point);
}

const HEX_COLOUR = /^[0-9A-Fa-f]{6}$/;
