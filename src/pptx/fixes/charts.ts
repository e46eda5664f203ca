/**
 * Fixes to the chart parts pptxgenjs 4.0.1 writes (ppt/charts/chartN.xml),
 * each on the parsed part, in the order they run. The data labels and the
 * highlighted point (chart-labels.ts, chart-points.ts) are written after
 * these, from the deck's data.
 */
import { attr, child, childElements, element, elementsOnly, setAttr, type XmlDocument, type XmlElement, type XmlNode } from '../xml.js';
import type { PartFix } from './fix.js';

/** A chart fix; `witnessed` is false when no deck briefdeck makes today shows the defect (tested on hand-written XML only). */
export interface ChartFix extends PartFix {
  readonly witnessed: boolean;
}

const CHART_PART = /^ppt\/charts\/chart\d+\.xml$/;

/** Chart groups whose schema allows exactly two c:axId; pptxgenjs writes a third (a series-axis id) on all of them. */
export const TWO_AXIS_GROUPS: ReadonlySet<string> = new Set(['c:barChart', 'c:lineChart', 'c:areaChart', 'c:radarChart', 'c:scatterChart', 'c:bubbleChart', 'c:stockChart']);

/** Series types with c:invertIfNegative (CT_BarSer, CT_BubbleSer); pptxgenjs also writes it into line, area and radar series. */
export const INVERT_GROUPS: ReadonlySet<string> = new Set(['c:barChart', 'c:bar3DChart', 'c:bubbleChart']);

/**
 * One order consistent with every series type's schema sequence (bar, line,
 * area, radar, pie, scatter, bubble). pptxgenjs writes c:marker (lines) and
 * c:dPt (one series in several colours) after c:dLbls.
 */
export const SERIES_ORDER = [
  'c:idx',
  'c:order',
  'c:tx',
  'c:spPr',
  'c:invertIfNegative',
  'c:pictureOptions',
  'c:explosion',
  'c:marker',
  'c:dPt',
  'c:dLbls',
  'c:trendline',
  'c:errBars',
  'c:cat',
  'c:val',
  'c:xVal',
  'c:yVal',
  'c:bubbleSize',
  'c:bubble3D',
  'c:shape',
  'c:smooth',
  'c:extLst',
] as const;

const SERIES_RANK: ReadonlyMap<string, number> = new Map(SERIES_ORDER.map((name, i) => [name, i]));

// ---------------------------------------------------------------------------
// Where things are in a chart part

/** c:chartSpace/c:chart/c:plotArea. */
const plotArea = (doc: XmlDocument): XmlElement | undefined => {
  const chart = child(doc.root, 'c:chart');
  return chart && child(chart, 'c:plotArea');
};

/** c:barChart, c:lineChart, c:doughnutChart… (the axes are c:catAx, c:valAx, c:dateAx, c:serAx). */
const isChartGroup = (e: XmlElement): boolean => e.name.startsWith('c:') && e.name.endsWith('Chart');

function chartGroups(doc: XmlDocument): XmlElement[] {
  const area = plotArea(doc);
  return area ? childElements(area).filter(isChartGroup) : [];
}

/** Each series with the name of its chart group. */
function allSeries(doc: XmlDocument): { group: string; ser: XmlElement }[] {
  return chartGroups(doc).flatMap((group) => childElements(group, 'c:ser').map((ser) => ({ group: group.name, ser })));
}

const removeChildren = (e: XmlElement, drop: (c: XmlElement) => boolean): void => {
  e.children = e.children.filter((c) => c.kind !== 'element' || !drop(c));
};

const axisIds = (e: XmlElement): string[] => childElements(e, 'c:axId').map((a) => attr(a, 'val') ?? '');

// ---------------------------------------------------------------------------
// Axis ids

/** A c:serAx no chart group names: what dropping the third c:axId leaves behind. */
function danglingSeriesAxes(area: XmlElement): XmlElement[] {
  const used = new Set(childElements(area).filter(isChartGroup).flatMap(axisIds));
  return childElements(area, 'c:serAx').filter((axis) => !axisIds(axis).some((id) => used.has(id)));
}

const twoAxisIds: ChartFix = {
  name: 'chart-two-axis-ids',
  defect: 'pptxgenjs writes a third c:axId (its series axis) in 2-D bar, line, area… groups, where CT_BarChart etc. allow two; PowerPoint repairs the file, strict schema readers reject it',
  package: 'deck',
  parts: CHART_PART,
  witnessed: true, // the third c:axId; the dangling c:serAx it would leave is not (pptxgenjs writes c:serAx only for bar3D, which keeps three)
  detect(doc) {
    const area = plotArea(doc);
    if (!area) return false;
    const extra = childElements(area).some((g) => TWO_AXIS_GROUPS.has(g.name) && childElements(g, 'c:axId').length > 2);
    return extra || danglingSeriesAxes(area).length > 0;
  },
  apply(doc) {
    const area = plotArea(doc);
    if (!area) return;
    for (const group of childElements(area)) {
      if (!TWO_AXIS_GROUPS.has(group.name)) continue;
      let axes = 0;
      removeChildren(group, (c) => c.name === 'c:axId' && ++axes > 2);
    }
    const dangling = new Set(danglingSeriesAxes(area));
    if (dangling.size > 0) removeChildren(area, (c) => dangling.has(c));
  },
};

// ---------------------------------------------------------------------------
// Line grouping

const lineGrouping: ChartFix = {
  name: 'line-chart-grouping',
  defect: 'pptxgenjs writes c:lineChart without the c:grouping CT_LineChart requires first; schema-validating readers reject the chart',
  package: 'deck',
  parts: CHART_PART,
  witnessed: true,
  detect: (doc) => chartGroups(doc).some((g) => g.name === 'c:lineChart' && !child(g, 'c:grouping')),
  apply(doc) {
    for (const group of chartGroups(doc)) {
      // "standard" is the schema default: the chart draws as before.
      if (group.name === 'c:lineChart' && !child(group, 'c:grouping')) group.children.unshift(element('c:grouping', { val: 'standard' }));
    }
  },
};

// ---------------------------------------------------------------------------
// invertIfNegative

const hasStrayInvert = ({ group, ser }: { group: string; ser: XmlElement }): boolean => !INVERT_GROUPS.has(group) && child(ser, 'c:invertIfNegative') !== undefined;

const seriesInvertIfNegative: ChartFix = {
  name: 'series-invert-if-negative',
  defect: 'pptxgenjs writes c:invertIfNegative into line, area and radar series, whose schema types have no such element; schema-validating readers reject the chart',
  package: 'deck',
  parts: CHART_PART,
  witnessed: true,
  detect: (doc) => allSeries(doc).some(hasStrayInvert),
  apply(doc) {
    for (const s of allSeries(doc)) if (hasStrayInvert(s)) removeChildren(s.ser, (c) => c.name === 'c:invertIfNegative');
  },
};

// ---------------------------------------------------------------------------
// Categories

/** A c:cat's c:multiLvlStrRef whose cache has exactly one level: single-level categories written the multi-level way. */
function singleLevelRef(cat: XmlElement): { ref: XmlElement; cache: XmlElement; level: XmlElement } | undefined {
  const ref = child(cat, 'c:multiLvlStrRef');
  const cache = ref && child(ref, 'c:multiLvlStrCache');
  const levels = cache ? childElements(cache, 'c:lvl') : [];
  const level = levels[0];
  return ref && cache && level && levels.length === 1 ? { ref, cache, level } : undefined;
}

const categoryRefs = (doc: XmlDocument): XmlElement[] => allSeries(doc).flatMap(({ ser }) => childElements(ser, 'c:cat'));

const categoriesStrRef: ChartFix = {
  name: 'chart-categories-str-ref',
  defect:
    'pptxgenjs writes single-level categories as c:multiLvlStrRef with one c:lvl; Apache POI 5 (XDDFChart.getChartSeries) throws a NullPointerException on it',
  package: 'deck',
  parts: CHART_PART,
  witnessed: true,
  detect: (doc) => categoryRefs(doc).some((cat) => singleLevelRef(cat) !== undefined),
  apply(doc) {
    for (const cat of categoryRefs(doc)) {
      const found = singleLevelRef(cat);
      if (!found) continue;
      const { ref, cache, level } = found;
      // CT_StrRef: f, strCache?, extLst?; CT_StrData: ptCount?, pt*, extLst?. Same formula, same points.
      const ptCount = child(cache, 'c:ptCount');
      const points = childElements(level, 'c:pt');
      const strCache = element('c:strCache', {}, [...(ptCount ? [ptCount] : []), ...points, ...childElements(cache, 'c:extLst')]);
      const strRef = element('c:strRef', {}, [...childElements(ref, 'c:f'), strCache, ...childElements(ref, 'c:extLst')]);
      cat.children = [strRef]; // CT_AxDataSource holds one reference
    }
  },
};

// ---------------------------------------------------------------------------
// Series child order

/** Each child's rank in SERIES_ORDER; an unknown child (or a comment) ranks with the known child before it. */
function seriesRanks(ser: XmlElement): number[] {
  let previous = -1;
  return ser.children.map((c) => {
    const known = c.kind === 'element' ? SERIES_RANK.get(c.name) : undefined;
    if (known !== undefined) previous = known;
    return previous;
  });
}

function outOfOrder(ser: XmlElement): boolean {
  const ranks = seriesRanks(ser);
  return ranks.some((r, i) => i > 0 && r < (ranks[i - 1] ?? -1));
}

const seriesChildOrder: ChartFix = {
  name: 'series-child-order',
  defect: 'pptxgenjs writes c:marker and c:dPt after c:dLbls in a c:ser, against the schema sequence; PowerPoint repairs the file, schema-validating readers reject it',
  package: 'deck',
  parts: CHART_PART,
  witnessed: true, // c:marker in line series; c:dPt after c:dLbls only for one series in several colours, which briefdeck does not draw
  detect: (doc) => allSeries(doc).some(({ ser }) => outOfOrder(ser)),
  apply(doc) {
    for (const { ser } of allSeries(doc)) {
      if (!outOfOrder(ser)) continue;
      elementsOnly(ser); // whitespace between children has no place once they move
      const ranks = seriesRanks(ser);
      const ranked = ser.children.map((node, index): [XmlNode, number, number] => [node, ranks[index] ?? -1, index]);
      ser.children = ranked.sort((x, y) => x[1] - y[1] || x[2] - y[2]).map(([node]) => node);
    }
  },
};

// ---------------------------------------------------------------------------
// Random ids

const GUID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/;

/** The n-th fixed GUID of a part (a valid version-4 form). */
export const sequentialGuid = (n: number): string => `{00000000-0000-4000-8000-${n.toString(16).toUpperCase().padStart(12, '0')}}`;

/** The GUID-valued ids pptxgenjs draws from Math.random: c16:uniqueId val (data labels) and a:fld id (scatter label fields), in document order. */
function randomIds(doc: XmlDocument): { e: XmlElement; name: 'val' | 'id' }[] {
  const found: { e: XmlElement; name: 'val' | 'id' }[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.kind !== 'element') continue;
      if (c.name === 'c16:uniqueId' && GUID.test(attr(c, 'val') ?? '')) found.push({ e: c, name: 'val' });
      else if (c.name === 'a:fld' && GUID.test(attr(c, 'id') ?? '')) found.push({ e: c, name: 'id' });
      walk(c);
    }
  };
  walk(doc.root);
  return found;
}

/** The fixed id of each: numbered in document order, one count for both kinds, so no two are the same. */
function fixedIds(doc: XmlDocument): { e: XmlElement; name: 'val' | 'id'; fixed: string }[] {
  return randomIds(doc).map((r, i) => ({ ...r, fixed: sequentialGuid(i + 1) }));
}

const chartRandomIds: ChartFix = {
  name: 'chart-random-ids',
  defect: 'pptxgenjs draws the c16:uniqueId of scatter data labels and the a:fld ids of their XVALUE/YVALUE fields from Math.random, so two builds of one deck differ in bytes',
  package: 'deck',
  parts: CHART_PART,
  witnessed: false, // only scatter charts with custom labels carry them; briefdeck draws none
  detect: (doc) => fixedIds(doc).some(({ e, name, fixed }) => attr(e, name) !== fixed),
  apply(doc) {
    for (const { e, name, fixed } of fixedIds(doc)) setAttr(e, name, fixed);
  },
};

/** In the order they run: ids and groups first, then the series' children, whose order is settled last. */
export const CHART_FIXES: readonly ChartFix[] = [twoAxisIds, lineGrouping, seriesInvertIfNegative, categoriesStrRef, seriesChildOrder, chartRandomIds];
