/**
 * The chart fixes (src/pptx/fixes/charts.ts): each defect found in the chart
 * parts pptxgenjs writes for the FIX_DECKS and gone after its fix, with the
 * XML the fix leaves; defects briefdeck's decks do not show are tested on
 * hand-written parts shaped like pptxgenjs's. Then the data labels and the
 * highlighted point written on the parsed part.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeChartLabels } from '../../../src/pptx/chart-labels.js';
import { writeHighlight } from '../../../src/pptx/chart-points.js';
import { CHART_FIXES, SERIES_ORDER, sequentialGuid, type ChartFix } from '../../../src/pptx/fixes/charts.js';
import type { FixContext } from '../../../src/pptx/fixes/fix.js';
import { partText } from '../../../src/pptx/parts.js';
import { attr, child, childElements, descendants, parseXml, serializeElement, serializeXml, textOf, type XmlDocument, type XmlElement } from '../../../src/pptx/xml.js';
import { FIX_DECKS, rawParts } from '../../helpers/raw.js';

const cx = (part: string): FixContext => ({ part, stamp: '2020-07-15T02:30:00Z', lang: 'vi-VN', author: 'Bộ TT&TT' });

function fix(name: string): ChartFix {
  const found = CHART_FIXES.find((f) => f.name === name);
  if (!found) throw new Error(`no chart fix ${name}`);
  return found;
}

interface RawChart {
  /** deck index in FIX_DECKS and part name, for messages */
  where: string;
  part: string;
  xml: string;
}

/** Every chart part pptxgenjs writes for the FIX_DECKS, as text. */
let charts: RawChart[] = [];
beforeAll(async () => {
  for (const [i, deck] of FIX_DECKS.entries()) {
    for (const [part, data] of await rawParts(deck.data, deck.theme)) {
      if (CHART_FIXES.some((f) => f.parts.test(part))) charts.push({ where: `deck ${i} ${part}`, part, xml: partText(data) });
    }
  }
  expect(charts.length).toBeGreaterThan(0);
});

/** A chart part with one fix applied, and whether it had the defect. */
function applied(name: string, chart: { part: string; xml: string }): { doc: XmlDocument; before: boolean; after: boolean } {
  const f = fix(name);
  const doc = parseXml(chart.xml);
  const before = f.detect(doc, cx(chart.part));
  f.apply(doc, cx(chart.part));
  return { doc, before, after: f.detect(doc, cx(chart.part)) };
}

/** The raw charts that have the defect. */
const withDefect = (name: string): RawChart[] => charts.filter((c) => fix(name).detect(parseXml(c.xml), cx(c.part)));

const plotArea = (doc: XmlDocument): XmlElement => child(child(doc.root, 'c:chart')!, 'c:plotArea')!;
const groups = (doc: XmlDocument, name: string): XmlElement[] => childElements(plotArea(doc), name);
const series = (doc: XmlDocument): XmlElement[] => descendants(doc.root, 'c:ser');
const names = (e: XmlElement): string[] => childElements(e).map((c) => c.name);
const axIds = (e: XmlElement): string[] => childElements(e, 'c:axId').map((a) => attr(a, 'val') ?? '');

/** A hand-written chart part: the plot area's content given. */
const chartPart = (plot: string): string =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
  `<c:chart><c:plotArea><c:layout/>${plot}</c:plotArea></c:chart></c:chartSpace>`;
const HAND = 'ppt/charts/chart1.xml';

describe('the chart fixes', () => {
  it('each has a kebab-case name, a defect, and looks at the deck\'s chart parts only', () => {
    expect(new Set(CHART_FIXES.map((f) => f.name)).size).toBe(CHART_FIXES.length);
    for (const f of CHART_FIXES) {
      expect(f.name).toMatch(/^[a-z]+(?:-[a-z0-9]+)+$/);
      expect(f.defect.length).toBeGreaterThan(40);
      expect(f.package).toBe('deck');
      expect(f.parts.test('ppt/charts/chart12.xml')).toBe(true);
      expect(f.parts.test('ppt/charts/_rels/chart12.xml.rels')).toBe(false);
      expect(f.parts.test('ppt/slides/slide1.xml')).toBe(false);
    }
  });

  it('finds every witnessed defect in the raw output of a FIX_DECK and none of the others', () => {
    for (const f of CHART_FIXES) {
      const found = withDefect(f.name).map((c) => c.where);
      // An unwitnessed fix that starts finding its defect should be marked witnessed (and tested on that deck).
      if (f.witnessed) expect(found, f.name).not.toEqual([]);
      else expect(found, f.name).toEqual([]);
    }
  });

  it('leaves no defect behind, and does nothing to a part without it', () => {
    for (const f of CHART_FIXES) {
      for (const chart of charts) {
        const { doc, before, after } = applied(f.name, chart);
        expect(after, `${f.name} on ${chart.where}`).toBe(false);
        if (!before) expect(serializeXml(doc), `${f.name} on ${chart.where}`).toBe(serializeXml(parseXml(chart.xml)));
        // A second run changes nothing.
        const once = serializeXml(doc);
        f.apply(doc, cx(chart.part));
        expect(serializeXml(doc)).toBe(once);
      }
    }
  });
});

describe('chart-two-axis-ids', () => {
  it('keeps the first two c:axId of the bar and line groups pptxgenjs writes with three, each naming an axis of the chart', () => {
    const found = withDefect('chart-two-axis-ids');
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const chart of found) {
      const raw = parseXml(chart.xml);
      const rawGroups = [...groups(raw, 'c:barChart'), ...groups(raw, 'c:lineChart')];
      expect(rawGroups.map((g) => axIds(g).length), chart.where).toEqual(rawGroups.map(() => 3));
      const { doc } = applied('chart-two-axis-ids', chart);
      const axes = childElements(plotArea(doc)).filter((e) => e.name.endsWith('Ax')).map((a) => axIds(a)[0]);
      const fixed = [...groups(doc, 'c:barChart'), ...groups(doc, 'c:lineChart')];
      expect(fixed.map(axIds)).toEqual(rawGroups.map((g) => axIds(g).slice(0, 2)));
      for (const g of fixed) {
        expect(axes).toEqual(expect.arrayContaining(axIds(g)));
        expect(names(g).slice(-2)).toEqual(['c:axId', 'c:axId']); // still last: CT_BarChart/CT_LineChart end axId{2}, extLst?
      }
    }
  });

  it('drops the c:serAx only the dropped id named (not in the FIX_DECKS: pptxgenjs writes c:serAx for bar3D only)', () => {
    const chart = chartPart(
      '<c:barChart><c:barDir val="col"/><c:axId val="1"/><c:axId val="2"/><c:axId val="3"/></c:barChart>' +
        '<c:catAx><c:axId val="1"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:crossAx val="1"/></c:valAx><c:serAx><c:axId val="3"/><c:crossAx val="2"/></c:serAx>',
    );
    const { doc, before, after } = applied('chart-two-axis-ids', { part: HAND, xml: chart });
    expect([before, after]).toEqual([true, false]);
    expect(serializeElement(plotArea(doc))).toBe(
      '<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:axId val="1"/><c:axId val="2"/></c:barChart>' +
        '<c:catAx><c:axId val="1"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:crossAx val="1"/></c:valAx></c:plotArea>',
    );
  });

  it('leaves a 3-D bar chart its three ids and its series axis', () => {
    const bar3d = chartPart(
      '<c:bar3DChart><c:barDir val="col"/><c:axId val="1"/><c:axId val="2"/><c:axId val="3"/></c:bar3DChart>' +
        '<c:catAx><c:axId val="1"/></c:catAx><c:valAx><c:axId val="2"/></c:valAx><c:serAx><c:axId val="3"/></c:serAx>',
    );
    const { doc, before } = applied('chart-two-axis-ids', { part: HAND, xml: bar3d });
    expect(before).toBe(false);
    expect(serializeXml(doc)).toBe(bar3d);
  });
});

describe('line-chart-grouping', () => {
  it('gives the line chart of the every-layout deck the c:grouping CT_LineChart requires first', () => {
    const found = withDefect('line-chart-grouping');
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const chart of found) {
      expect(groups(parseXml(chart.xml), 'c:lineChart').map((g) => child(g, 'c:grouping'))).toContain(undefined);
      const { doc } = applied('line-chart-grouping', chart);
      for (const line of groups(doc, 'c:lineChart')) {
        expect(serializeElement(childElements(line)[0]!)).toBe('<c:grouping val="standard"/>');
        expect(names(line).filter((n) => n === 'c:grouping')).toHaveLength(1);
        expect(names(line)[1]).toBe('c:varyColors');
      }
    }
  });

  it('keeps a grouping that is there', () => {
    const stacked = chartPart('<c:lineChart><c:grouping val="stacked"/><c:varyColors val="0"/><c:axId val="1"/><c:axId val="2"/></c:lineChart>');
    const { doc, before } = applied('line-chart-grouping', { part: HAND, xml: stacked });
    expect(before).toBe(false);
    expect(serializeXml(doc)).toBe(stacked);
  });
});

describe('series-invert-if-negative', () => {
  it('drops c:invertIfNegative from line series and keeps it in bar series', () => {
    const found = withDefect('series-invert-if-negative');
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const chart of found) {
      const { doc } = applied('series-invert-if-negative', chart);
      for (const line of groups(doc, 'c:lineChart')) for (const ser of childElements(line, 'c:ser')) expect(names(ser)).not.toContain('c:invertIfNegative');
    }
    for (const chart of charts) {
      const { doc } = applied('series-invert-if-negative', chart);
      for (const bar of groups(doc, 'c:barChart')) for (const ser of childElements(bar, 'c:ser')) expect(names(ser)).toContain('c:invertIfNegative');
    }
  });

  it('drops it from area and radar series too (hand-written)', () => {
    const area = chartPart(
      '<c:areaChart><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:invertIfNegative val="0"/><c:val/></c:ser><c:axId val="1"/><c:axId val="2"/></c:areaChart>' +
        '<c:radarChart><c:radarStyle val="marker"/><c:ser><c:idx val="1"/><c:order val="1"/><c:invertIfNegative val="0"/><c:val/></c:ser><c:axId val="1"/><c:axId val="2"/></c:radarChart>',
    );
    const { doc, before, after } = applied('series-invert-if-negative', { part: HAND, xml: area });
    expect([before, after]).toEqual([true, false]);
    expect(series(doc).map(names)).toEqual([
      ['c:idx', 'c:order', 'c:val'],
      ['c:idx', 'c:order', 'c:val'],
    ]);
  });
});

describe('chart-categories-str-ref', () => {
  /** A category reference as formula and points (idx → text). */
  const categories = (cat: XmlElement): { f: string; count: string | undefined; points: [string, string][] } => {
    const ref = childElements(cat)[0]!;
    const cache = childElements(ref).find((c) => c.name.endsWith('Cache'))!;
    const points = descendants(cache, 'c:pt').map((pt): [string, string] => [attr(pt, 'idx') ?? '', textOf(child(pt, 'c:v')!)]);
    const count = child(cache, 'c:ptCount');
    return { f: textOf(child(ref, 'c:f')!), count: count && attr(count, 'val'), points };
  };

  it('rewrites the one-level c:multiLvlStrRef of every bar and line series as a c:strRef with the same formula and points', () => {
    const found = withDefect('chart-categories-str-ref');
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const chart of found) {
      const rawCats = series(parseXml(chart.xml)).map((s) => child(s, 'c:cat')!);
      expect(rawCats.some((c) => names(c)[0] === 'c:multiLvlStrRef'), chart.where).toBe(true);
      const { doc } = applied('chart-categories-str-ref', chart);
      const cats = series(doc).map((s) => child(s, 'c:cat')!);
      expect(cats.map(categories)).toEqual(rawCats.map(categories));
      for (const cat of cats) {
        expect(names(cat)).toEqual(['c:strRef']);
        const strRef = child(cat, 'c:strRef')!;
        expect(names(strRef)).toEqual(['c:f', 'c:strCache']);
        const strCache = child(strRef, 'c:strCache')!;
        const { count, points } = categories(cat);
        expect(names(strCache)).toEqual(['c:ptCount', ...points.map(() => 'c:pt')]);
        expect(Number(count)).toBe(points.length);
        expect(points.map(([idx]) => idx)).toEqual(points.map((_, i) => String(i)));
      }
      expect(serializeXml(doc)).not.toContain('multiLvl'.concat('StrRef'));
    }
  });

  it('writes the shape Apache POI reads', () => {
    const chart = charts.find((c) => c.xml.includes('<c:lineChart>')) ?? withDefect('chart-categories-str-ref')[0]!;
    const { doc } = applied('chart-categories-str-ref', chart);
    const cat = child(series(doc)[0]!, 'c:cat')!;
    const { f, points } = categories(cat);
    expect(serializeElement(cat)).toBe(
      `<c:cat><c:strRef><c:f>${f}</c:f><c:strCache><c:ptCount val="${points.length}"/>` +
        points.map(([idx, v]) => `<c:pt idx="${idx}"><c:v>${v}</c:v></c:pt>`).join('') +
        '</c:strCache></c:strRef></c:cat>',
    );
  });

  it('leaves categories of two levels alone (hand-written, as pptxgenjs writes them)', () => {
    const twoLevels = chartPart(
      '<c:barChart><c:barDir val="col"/><c:ser><c:idx val="0"/><c:order val="0"/><c:cat><c:multiLvlStrRef><c:f>Sheet1!$A$2:$B$3</c:f><c:multiLvlStrCache><c:ptCount val="2"/>' +
        '<c:lvl><c:pt idx="0"><c:v>Q1</c:v></c:pt><c:pt idx="1"><c:v>Q2</c:v></c:pt></c:lvl><c:lvl><c:pt idx="0"><c:v>2020</c:v></c:pt><c:pt idx="1"><c:v></c:v></c:pt></c:lvl>' +
        '</c:multiLvlStrCache></c:multiLvlStrRef></c:cat><c:val/></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>',
    );
    const { doc, before } = applied('chart-categories-str-ref', { part: HAND, xml: twoLevels });
    expect(before).toBe(false);
    expect(serializeXml(doc)).toBe(serializeXml(parseXml(twoLevels)));
  });

  it('keeps an escaped category text and the cache\'s extLst', () => {
    const escaped = chartPart(
      '<c:barChart><c:ser><c:idx val="0"/><c:order val="0"/><c:cat><c:multiLvlStrRef><c:f>Sheet1!$A$2:$A$2</c:f><c:multiLvlStrCache><c:ptCount val="1"/>' +
        '<c:lvl><c:pt idx="0"><c:v>R&amp;D &lt;2020&gt;</c:v></c:pt></c:lvl><c:extLst/></c:multiLvlStrCache></c:multiLvlStrRef></c:cat><c:val/></c:ser></c:barChart>',
    );
    const { doc, after } = applied('chart-categories-str-ref', { part: HAND, xml: escaped });
    expect(after).toBe(false);
    expect(serializeElement(child(series(doc)[0]!, 'c:cat')!)).toBe(
      '<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$2</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>R&amp;D &lt;2020&gt;</c:v></c:pt><c:extLst/></c:strCache></c:strRef></c:cat>',
    );
  });
});

describe('series-child-order', () => {
  it('moves the c:marker of line series before c:dLbls', () => {
    const found = withDefect('series-child-order');
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const chart of found) {
      const rawLine = groups(parseXml(chart.xml), 'c:lineChart').flatMap((g) => childElements(g, 'c:ser'));
      expect(rawLine.some((s) => names(s).indexOf('c:marker') > names(s).indexOf('c:dLbls')), chart.where).toBe(true);
      const { doc } = applied('series-child-order', chart);
      for (const ser of series(doc)) {
        const order = names(ser);
        if (order.includes('c:marker')) expect(order.indexOf('c:marker')).toBeLessThan(order.indexOf('c:dLbls'));
      }
      // Nothing is lost or added.
      const before = series(parseXml(chart.xml)).map((s) => names(s).sort());
      expect(series(doc).map((s) => names(s).sort())).toEqual(before);
    }
  });

  it('moves c:dPt before c:dLbls (not in the FIX_DECKS: pptxgenjs writes them for one series in several colours)', () => {
    const dPt = (i: number): string => `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></c:spPr></c:dPt>`;
    const bar = chartPart(
      '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="1"/><c:ser>  <c:idx val="0"/><c:order val="0"/>  <c:spPr><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></c:spPr>' +
        `  <c:invertIfNegative val="0"/><c:dLbls><c:showVal val="1"/></c:dLbls>${dPt(0)}${dPt(1)}<c:cat/><c:val/><c:extLst/></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>`,
    );
    const { doc, before, after } = applied('series-child-order', { part: HAND, xml: bar });
    expect([before, after]).toEqual([true, false]);
    expect(serializeElement(series(doc)[0]!)).toBe(
      '<c:ser><c:idx val="0"/><c:order val="0"/><c:spPr><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>' +
        `${dPt(0)}${dPt(1)}<c:dLbls><c:showVal val="1"/></c:dLbls><c:cat/><c:val/><c:extLst/></c:ser>`,
    );
  });

  it('keeps an element it does not know after the known one before it', () => {
    const odd = chartPart('<c:lineChart><c:ser><c:idx val="0"/><c:dLbls/><x:mine/><c:marker/><c:val/></c:ser></c:lineChart>');
    const { doc } = applied('series-child-order', { part: HAND, xml: odd });
    expect(names(series(doc)[0]!)).toEqual(['c:idx', 'c:marker', 'c:dLbls', 'x:mine', 'c:val']);
  });
});

describe('chart-random-ids', () => {
  const guid = (): string => `{${randomUUID().toUpperCase()}}`;
  /** A scatter series with custom XY labels, as pptxgenjs 4.0.1 writes it (dataLabelFormatScatter: 'customXY'), its ids drawn at random. */
  const scatter = (): string => {
    const chartUuid = guid().slice(9, -1);
    const label = (idx: number): string =>
      `<c:dLbl><c:idx val="${idx}"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>p${idx}</a:t></a:r>` +
      `<a:fld id="${guid()}" type="XVALUE"><a:rPr lang="en-US"/><a:t>[Y</a:t></a:fld><a:fld id="${guid()}" type="YVALUE"><a:rPr lang="en-US"/><a:t>[Y]</a:t></a:fld></a:p></c:rich></c:tx>` +
      '<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>' +
      '<c:extLst><c:ext uri="{C3380CC4-5D6E-409C-BE32-E72D297353CC}" xmlns:c16="http://schemas.microsoft.com/office/drawing/2014/chart">' +
      `<c16:uniqueId val="{0000000${idx + 1}${chartUuid}}"/></c:ext></c:extLst></c:dLbl>`;
    return chartPart(
      `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:dLbls>${label(0)}${label(1)}<c:showVal val="0"/></c:dLbls>` +
        '<c:xVal/><c:yVal/></c:ser><c:axId val="1"/><c:axId val="2"/></c:scatterChart>',
    );
  };

  it('is not witnessed: no FIX_DECK draws a scatter chart', () => {
    expect(fix('chart-random-ids').witnessed).toBe(false);
    expect(charts.filter((c) => c.xml.includes('c16:uniqueId') || c.xml.includes('<a:fld'))).toEqual([]);
  });

  it('numbers the label and field ids of a part in document order, so two builds give the same bytes', () => {
    const [a, b] = [scatter(), scatter()];
    expect(a).not.toBe(b);
    const fixed = [a, b].map((xml) => {
      const { doc, before, after } = applied('chart-random-ids', { part: HAND, xml });
      expect([before, after]).toEqual([true, false]);
      return doc;
    });
    expect(serializeXml(fixed[0]!)).toBe(serializeXml(fixed[1]!));
    const ids = [...descendants(fixed[0]!.root, 'a:fld'), ...descendants(fixed[0]!.root, 'c16:uniqueId')].map((e) => attr(e, 'id') ?? attr(e, 'val'));
    expect(new Set(ids).size).toBe(6); // unique within the part
    const dLbl = descendants(fixed[0]!.root, 'c:dLbl')[0]!;
    expect(descendants(dLbl, 'a:fld').map((e) => attr(e, 'id'))).toEqual([sequentialGuid(1), sequentialGuid(2)]);
    expect(descendants(dLbl, 'c16:uniqueId').map((e) => attr(e, 'val'))).toEqual([sequentialGuid(3)]);
    expect(sequentialGuid(3)).toBe('{00000000-0000-4000-8000-000000000003}');
    expect(sequentialGuid(26)).toBe('{00000000-0000-4000-8000-00000000001A}');
  });
});

/** CT_CatAx's sequence: pptxgenjs writes c:noMultiLvlLbl, which stays valid (and last) with a c:strRef. */
const CAT_AX_ORDER = ['c:axId', 'c:scaling', 'c:delete', 'c:axPos', 'c:majorGridlines', 'c:minorGridlines', 'c:title', 'c:numFmt', 'c:majorTickMark', 'c:minorTickMark', 'c:tickLblPos', 'c:spPr', 'c:txPr', 'c:crossAx', 'c:crosses', 'c:crossesAt', 'c:auto', 'c:lblAlgn', 'c:lblOffset', 'c:tickLblSkip', 'c:tickMarkSkip', 'c:noMultiLvlLbl', 'c:extLst'];

const inOrder = (children: string[], order: readonly string[]): boolean => {
  const ranks = children.map((n) => order.indexOf(n));
  return ranks.every((r, i) => r >= 0 && (i === 0 || r >= ranks[i - 1]!));
};

describe('all chart fixes, in order', () => {
  it('leave every chart of every FIX_DECK well-formed, every series in SERIES_ORDER, no multi-level reference, no defect', () => {
    for (const chart of charts) {
      const doc = parseXml(chart.xml);
      for (const f of CHART_FIXES) f.apply(doc, cx(chart.part));
      const xml = serializeXml(doc);
      const again = parseXml(xml); // well-formed
      expect(serializeXml(again)).toBe(xml);
      for (const ser of series(again)) expect(inOrder(names(ser), SERIES_ORDER), `${chart.where}: ${names(ser).join(' ')}`).toBe(true);
      for (const catAx of descendants(again.root, 'c:catAx')) expect(inOrder(names(catAx), CAT_AX_ORDER), `${chart.where}: ${names(catAx).join(' ')}`).toBe(true);
      expect(descendants(again.root, 'c:multiLvlStrRef'), chart.where).toEqual([]);
      for (const f of CHART_FIXES) expect(f.detect(again, cx(chart.part)), `${f.name} on ${chart.where}`).toBe(false);
      // The chart data is the same: every cached value, in order.
      expect(descendants(again.root, 'c:v').map(textOf)).toEqual(descendants(parseXml(chart.xml).root, 'c:v').map(textOf));
    }
  });
});

describe('writeChartLabels', () => {
  it('writes a label per point before the series-wide settings, styled like them, some below their point', () => {
    const chart = charts.find((c) => c.xml.includes('<c:lineChart>'))!;
    const doc = parseXml(chart.xml);
    for (const f of CHART_FIXES) f.apply(doc, cx(chart.part));
    writeChartLabels(doc, [['1.000', 'a & <b>'], ['3']], 'vi-VN', [[false, true]]);
    const [first, second] = series(doc).map((s) => child(s, 'c:dLbls')!);
    const labels = childElements(first!, 'c:dLbl');
    expect(labels.map((l) => textOf(descendants(l, 'a:t')[0]!))).toEqual(['1.000', 'a & <b>']);
    expect(serializeElement(labels[1]!)).toContain('<a:t>a &amp; &lt;b&gt;</a:t>');
    expect(labels.map((l) => names(l))).toEqual([
      ['c:idx', 'c:tx', 'c:dLblPos', 'c:showLegendKey', 'c:showVal', 'c:showCatName', 'c:showSerName', 'c:showPercent', 'c:showBubbleSize'],
      ['c:idx', 'c:tx', 'c:dLblPos', 'c:showLegendKey', 'c:showVal', 'c:showCatName', 'c:showSerName', 'c:showPercent', 'c:showBubbleSize'],
    ]);
    // The series' position for the first, below for the second.
    expect(labels.map((l) => attr(child(l, 'c:dLblPos')!, 'val'))).toEqual(['t', 'b']);
    const rPr = descendants(labels[0]!, 'a:rPr')[0]!;
    expect(rPr.attributes[0]).toEqual(['lang', 'vi-VN']);
    expect(attr(rPr, 'sz')).toBe('1600');
    expect(names(first!).slice(0, 3)).toEqual(['c:dLbl', 'c:dLbl', 'c:numFmt']);
    expect(childElements(second!, 'c:dLbl')).toHaveLength(1);
  });
});

describe('writeHighlight', () => {
  it('puts the point where the schema wants it in every chart, after the fixes and the labels', () => {
    for (const chart of charts) {
      const doc = parseXml(chart.xml);
      for (const f of CHART_FIXES) f.apply(doc, cx(chart.part));
      writeChartLabels(doc, [['a', 'b'], ['c']], 'vi-VN');
      writeHighlight(doc, { index: 1, color: 'C62828' });
      const [first, ...others] = series(parseXml(serializeXml(doc)));
      expect(inOrder(names(first!), SERIES_ORDER), chart.where).toBe(true);
      const points = childElements(first!, 'c:dPt').filter((p) => attr(child(p, 'c:idx')!, 'val') === '1');
      expect(points, chart.where).toHaveLength(1);
      expect(serializeElement(points[0]!)).toContain('<a:srgbClr val="C62828"/>');
      for (const ser of others) expect(serializeElement(ser)).not.toContain('C62828');
    }
  });

  it('recolours a series colour that carries a transparency too', () => {
    const doc = parseXml(
      chartPart('<c:barChart><c:ser><c:idx val="0"/><c:spPr><a:solidFill><a:srgbClr val="0B3D6E"><a:alpha val="50000"/></a:srgbClr></a:solidFill></c:spPr><c:val/></c:ser></c:barChart>'),
    );
    writeHighlight(doc, { index: 0, color: 'C62828' });
    expect(serializeElement(child(series(doc)[0]!, 'c:dPt')!)).toBe(
      '<c:dPt><c:idx val="0"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="C62828"><a:alpha val="50000"/></a:srgbClr></a:solidFill></c:spPr></c:dPt>',
    );
  });
});
