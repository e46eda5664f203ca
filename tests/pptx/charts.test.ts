/**
 * Charts read right on any viewer: labels in the deck's notation and no value
 * axis in the viewer's; one series in one colour, one category picked out only
 * when the data says `highlight`; a legend only when it explains something.
 * Builds tests/fixtures/charts/charts.yaml and reads the chart XML of the deck.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { mergeThemeData } from '../../src/templates/inherit.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDeck, loadReport } from '../../src/index.js';
import { writeHighlight, type ChartHighlight } from '../../src/pptx/chart-points.js';
import { parseXml, serializeXml } from '../../src/pptx/xml.js';
import { buildOnce, ROOT, TEMPLATES } from '../helpers/build.js';
import { said } from '../helpers/said.js';
import { chartSeriesValues, decode, openDeck, type OpenedDeck } from '../helpers/pptx.js';

const FIXTURE = resolve(ROOT, 'tests', 'fixtures', 'charts', 'charts.yaml');

interface ThemeColours {
  colors: Record<string, string>;
  chartColors: string[];
  chart: { highlightColor: string };
}

/** A theme's colour by name or as hex, as the builder resolves it. */
function themeColours(theme: string): { first: string; second: string; highlight: string } {
  // A theme that extends another takes what it does not say from it (print: the default's).
  const own = parse(readFileSync(join(TEMPLATES, theme, 'theme.yaml'), 'utf8')) as { extends?: string };
  const chain = own.extends ? [own, parse(readFileSync(join(TEMPLATES, own.extends, 'theme.yaml'), 'utf8'))] : [own];
  const data = mergeThemeData(chain) as ThemeColours;
  const resolveColour = (c: string): string => (data.colors[c] ?? c).toUpperCase();
  return {
    first: resolveColour(data.chartColors[0] ?? ''),
    second: resolveColour(data.chartColors[1] ?? ''),
    highlight: resolveColour(data.chart.highlightColor),
  };
}

/** The children named `name` of an XML string (elements that do not nest in themselves). */
const elements = (xml: string, name: string): string[] => [...xml.matchAll(new RegExp(`<${name}>[\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);

/** The fill colours of a series' own c:spPr (not its points, labels or marker). */
function seriesFills(series: string): string[] {
  const own = series.replace(/<c:dPt>[\s\S]*?<\/c:dPt>|<c:dLbls>[\s\S]*?<\/c:dLbls>|<c:marker>[\s\S]*?<\/c:marker>/g, '');
  const spPr = /<c:spPr>([\s\S]*?)<\/c:spPr>/.exec(own)?.[1] ?? '';
  return [...spPr.matchAll(/<a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/><\/a:solidFill>/g)].map((m) => m[1] ?? '');
}

/** The text of each data label of a chart, in order. */
const labelTexts = (xml: string): string[] => [...xml.matchAll(/<c:dLbl>[\s\S]*?<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1] ?? ''));

/** The chart part on the slide titled `title`. */
function chartTitled(deck: OpenedDeck, title: string): string {
  for (let n = 1; n <= deck.slideCount; n++) {
    const [chart] = deck.chartsOfSlide(n);
    if (chart && deck.slideParagraphs(n)[0] === title) return chart;
  }
  throw new Error(`no chart slide titled ${title}`);
}

describe('charts in a built deck', () => {
  let deck: OpenedDeck;
  const colours = themeColours('default');
  beforeAll(async () => {
    const built = await buildOnce(FIXTURE);
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    deck = openDeck(built.pptx!);
  });

  describe('one series is one colour', () => {
    it('draws a one-series column chart in the first chart colour, with no colour per point', () => {
      const xml = chartTitled(deck, 'Thuê bao băng rộng cố định');
      const [bar] = elements(xml, 'c:barChart');
      expect(bar).toContain('<c:barDir val="col"/>');
      expect(bar).toContain('<c:varyColors val="0"/>');
      const series = elements(bar!, 'c:ser');
      expect(series).toHaveLength(1);
      expect(seriesFills(series[0]!)).toEqual([colours.first]);
      expect(xml).not.toContain('<c:dPt>');
    });

    it('does the same for a one-series bar chart and a one-series line chart', () => {
      const bar = chartTitled(deck, 'Tỷ lệ tăng trưởng');
      expect(bar).toContain('<c:barDir val="bar"/>');
      expect(bar).toContain('<c:varyColors val="0"/>');
      expect(bar).not.toContain('<c:dPt>');
      expect(seriesFills(elements(bar, 'c:ser')[0]!)).toEqual([colours.first]);
      const line = chartTitled(deck, 'Đường một chuỗi');
      expect(elements(line, 'c:lineChart')[0]).toContain('<c:varyColors val="0"/>');
      const series = elements(line, 'c:ser')[0]!;
      expect(new Set(seriesFills(series))).toEqual(new Set([colours.first])); // the fill and the line
      // The marker is in the series colour too.
      expect(/<c:marker>[\s\S]*?<\/c:marker>/.exec(series.replace(/<c:dPt>[\s\S]*?<\/c:dPt>/g, ''))?.[0]).toContain(`<a:srgbClr val="${colours.first}"/>`);
    });

    it('gives a two-series chart one colour per series and no colour per point', () => {
      const xml = chartTitled(deck, 'Hai chuỗi');
      expect(xml).toContain('<c:varyColors val="0"/>');
      const series = elements(xml, 'c:ser');
      expect(series.map(seriesFills)).toEqual([[colours.first], [colours.second]]);
      expect(xml).not.toContain('<c:dPt>');
    });

    it('keeps a colour per part of a doughnut', () => {
      const xml = chartTitled(deck, 'Vành khuyên');
      expect(xml).toContain('<c:varyColors val="1"/>');
      const points = elements(xml, 'c:dPt');
      expect(points).toHaveLength(2);
      expect(points.map((p) => /<a:srgbClr val="([0-9A-F]{6})"/.exec(p)?.[1])).toEqual([colours.first, colours.second]);
    });
  });

  describe('highlight', () => {
    it('draws the named category of a column chart, and only it, in the highlight colour', () => {
      const xml = chartTitled(deck, 'Doanh thu theo quý');
      const series = elements(xml, 'c:ser');
      expect(series).toHaveLength(1);
      const points = elements(series[0]!, 'c:dPt');
      expect(points).toHaveLength(1);
      expect(points[0]).toContain('<c:idx val="2"/>'); // Quý III, the third category
      expect(points[0]).toContain(`<a:srgbClr val="${colours.highlight}"/>`);
      expect(seriesFills(series[0]!)).toEqual([colours.first]);
      expect(colours.highlight).not.toBe(colours.first);
      // The point comes where the schema puts it: after the series' fill, before its labels.
      expect(series[0]!.indexOf('<c:dPt>')).toBeGreaterThan(series[0]!.indexOf('<c:invertIfNegative'));
      expect(series[0]!.indexOf('<c:dPt>')).toBeLessThan(series[0]!.indexOf('<c:dLbls>'));
      expect(labelTexts(xml)).toEqual(['120', '135', '160', '150']);
    });

    it('draws the named point of a line chart with a marker in the highlight colour, the line in the series colour', () => {
      const xml = chartTitled(deck, 'Đường một chuỗi');
      const points = elements(xml, 'c:dPt');
      expect(points).toHaveLength(1);
      expect(points[0]).toContain('<c:idx val="1"/>'); // "2019"
      expect(points[0]).toMatch(/^<c:dPt><c:idx val="1"\/><c:marker>[\s\S]*<\/c:marker><c:bubble3D val="0"\/><\/c:dPt>$/);
      expect(points[0]).toContain(`<a:srgbClr val="${colours.highlight}"/>`);
      expect(points[0]).not.toContain(`<a:srgbClr val="${colours.first}"/>`);
    });

    it('uses the print theme\'s highlight colour in the print theme', async () => {
      const print = themeColours('print');
      const built = await buildOnce(FIXTURE, 'print');
      const xml = chartTitled(openDeck(built.pptx!), 'Doanh thu theo quý');
      const points = elements(xml, 'c:dPt');
      expect(points).toHaveLength(1);
      expect(points[0]).toContain(`<a:srgbClr val="${print.highlight}"/>`);
      expect(seriesFills(elements(xml, 'c:ser')[0]!)).toEqual([print.first]);
    });
  });

  describe('legend', () => {
    it('shows a legend for several series and for a doughnut, and none for one series', () => {
      expect(chartTitled(deck, 'Hai chuỗi')).toContain('<c:legend>');
      expect(chartTitled(deck, 'Vành khuyên')).toContain('<c:legend>');
      for (const title of ['Thuê bao băng rộng cố định', 'Tỷ lệ tăng trưởng', 'Doanh thu theo quý', 'Đường một chuỗi']) {
        expect(chartTitled(deck, title), title).not.toContain('<c:legend>');
      }
    });
  });

  describe('value axis', () => {
    const CHARTS = ['Thuê bao băng rộng cố định', 'Tỷ lệ tăng trưởng', 'Doanh thu theo quý', 'Hai chuỗi', 'Đường một chuỗi'];

    it('keeps the value axis in the chart, deleted, with no tick labels and no gridlines', () => {
      for (const title of CHARTS) {
        const xml = chartTitled(deck, title);
        const valAx = elements(xml, 'c:valAx');
        expect(valAx, title).toHaveLength(1);
        expect(valAx[0], title).toContain('<c:delete val="1"/>');
        expect(valAx[0], title).toMatch(/<c:tickLblPos val="none"\/>/);
        expect(valAx[0], title).toMatch(/<c:majorTickMark val="none"\/>/);
        expect(valAx[0], title).not.toContain('<c:majorGridlines');
        expect(valAx[0], title).not.toContain('<c:minorGridlines');
        // The chart groups still name it: the axis pair stays whole.
        const ids = [...elements(xml, 'c:plotArea')[0]!.matchAll(/<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
        expect(ids, title).toContain(/<c:axId val="(\d+)"\/>/.exec(valAx[0]!)?.[1]);
      }
    });

    it('keeps the category axis; bars still start at 0, lines keep their own scale', () => {
      for (const title of CHARTS) {
        const chart = chartTitled(deck, title);
        const catAx = elements(chart, 'c:catAx');
        expect(catAx, title).toHaveLength(1);
        expect(catAx[0], title).toContain('<c:delete val="0"/>');
        const valAx = elements(chart, 'c:valAx')[0];
        if (chart.includes('<c:lineChart>')) expect(valAx, title).not.toContain('<c:min ');
        else expect(valAx, title).toContain('<c:min val="0"/>');
      }
    });
  });

  describe('labels', () => {
    it('writes the labels in Vietnamese notation and keeps the values numbers', () => {
      const column = chartTitled(deck, 'Thuê bao băng rộng cố định');
      expect(labelTexts(column)).toEqual(['198.250', '203.900', '214.380']);
      expect(chartSeriesValues(column)).toEqual([[198250, 203900, 214380]]);
      const bar = chartTitled(deck, 'Tỷ lệ tăng trưởng');
      expect(labelTexts(bar)).toEqual(['12,5%', '27,1%']);
      expect(chartSeriesValues(bar)).toEqual([[12.5, 27.1]]);
    });
  });
});

describe('highlight in the data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-charts-'));
  const fixture = readFileSync(FIXTURE, 'utf8');

  async function diagnosticsOf(name: string, text: string) {
    const file = join(dir, name);
    writeFileSync(file, text);
    return (await loadReport(file)).diagnostics;
  }

  it('must be one of the chart\'s categories: a located invalid-value, said in both languages', async () => {
    const text = fixture.replace('highlight: Quý III', 'highlight: Quý V');
    const line = text.split('\n').findIndex((l) => l.includes('highlight: Quý V')) + 1;
    const [problem, ...more] = await diagnosticsOf('not-a-category.yaml', text);
    expect(more).toEqual([]);
    expect(problem).toMatchObject({ code: 'invalid-value', severity: 'error', dataPath: ['sections', 0, 'charts', 2, 'highlight'] });
    expect(problem!.location).toMatchObject({ line, col: 20 });
    const en = said(problem!, 'en');
    expect(en.message).toBe('highlight "Quý V" is not one of the chart\'s categories');
    expect(en.hint).toBe('write one of the categories exactly as in categories: Quý I, Quý II, Quý III, Quý IV');
    const vi = said(problem!, 'vi');
    expect(vi.message).toBe('highlight "Quý V" không phải một hạng mục của biểu đồ');
    expect(vi.hint).toContain('Quý I, Quý II, Quý III, Quý IV');
  });

  it('names a category as written, whatever the spaces around it or the Unicode form', async () => {
    const decomposed = 'Quý III'.normalize('NFD');
    expect(await diagnosticsOf('nfd.yaml', fixture.replace('highlight: Quý III', `highlight: " ${decomposed} "`))).toEqual([]);
  });

  it('is refused on a chart of several series and on a doughnut', async () => {
    const twoSeries = fixture.replace('        title: Hai chuỗi\n', '        title: Hai chuỗi\n        highlight: "2020"\n');
    const [problem] = await diagnosticsOf('two-series.yaml', twoSeries);
    expect(problem).toMatchObject({ code: 'invalid-value', dataPath: ['sections', 0, 'charts', 3, 'highlight'] });
    expect(said(problem!, 'en').message).toBe('highlight picks out a point of a bar, column or line chart with one series');
    const doughnut = fixture.replace('        title: Vành khuyên\n', '        title: Vành khuyên\n        highlight: Cấp xã\n');
    const [again] = await diagnosticsOf('doughnut.yaml', doughnut);
    expect(again).toMatchObject({ code: 'invalid-value', dataPath: ['sections', 0, 'charts', 5, 'highlight'] });
  });
});

describe('highlight in a layout', () => {
  it('a highlight that names no category is the layout\'s mistake, located and with the categories listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefdeck-templates-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const file = join(dir, 'default', 'layouts', 'chart.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('highlight="{{content.highlight}}"', 'highlight="Quý {{content.title}}"'));
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.pptx).toBeUndefined();
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('highlight=')) + 1;
    expect(r.diagnostics[0]).toMatchObject({ code: 'template-markup', location: { file, line } });
    expect(said(r.diagnostics[0]!).message).toBe('highlight="Quý Thuê bao băng rộng cố định" is not one of the chart\'s categories');
    expect(said(r.diagnostics[0]!).hint).toBe('use one of: 2018, 2019, 2020');
  });
});

describe('writeHighlight', () => {
  /** writeHighlight on a parsed copy of `xml`, written back. */
  const highlighted = (xml: string, h: ChartHighlight): string => {
    const doc = parseXml(xml);
    writeHighlight(doc, h);
    return serializeXml(doc);
  };
  const bar =
    '<c:barChart><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>S</c:v></c:tx>' +
    '<c:spPr><a:solidFill><a:srgbClr val="0B3D6E"/></a:solidFill><a:effectLst/></c:spPr><c:invertIfNegative val="0"/>' +
    '<c:dLbls><c:showVal val="1"/></c:dLbls><c:cat/><c:val/></c:ser>' +
    '<c:ser><c:idx val="1"/><c:spPr><a:solidFill><a:srgbClr val="0B3D6E"/></a:solidFill></c:spPr><c:cat/><c:val/></c:ser></c:barChart>';

  it('adds one point, in the first series only, before its labels, copying the series fill in the new colour', () => {
    const out = highlighted(bar, { index: 3, color: 'C62828' });
    const [first, second] = elements(out, 'c:ser');
    expect(elements(first!, 'c:dPt')).toEqual([
      '<c:dPt><c:idx val="3"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="C62828"/></a:solidFill><a:effectLst/></c:spPr></c:dPt>',
    ]);
    expect(first).toContain('<c:invertIfNegative val="0"/><c:dPt>');
    expect(first).toContain('</c:dPt><c:dLbls>');
    expect(second).not.toContain('<c:dPt>');
    expect(out.replace(/<c:dPt>[\s\S]*?<\/c:dPt>/, '')).toBe(bar);
  });

  it('replaces a point pptxgenjs coloured at the same index and leaves the others', () => {
    const dPt = (i: number, c: string): string => `<c:dPt><c:idx val="${i}"/><c:spPr><a:solidFill><a:srgbClr val="${c}"/></a:solidFill></c:spPr></c:dPt>`;
    const coloured = bar.replace('<c:dLbls>', `${dPt(0, 'AAAAAA')}${dPt(1, 'BBBBBB')}<c:dLbls>`);
    const out = highlighted(coloured, { index: 1, color: 'C62828' });
    const points = elements(elements(out, 'c:ser')[0]!, 'c:dPt');
    expect(points).toHaveLength(2);
    expect(points[0]).toBe(dPt(0, 'AAAAAA'));
    expect(points[1]).toContain('<c:idx val="1"/>');
    expect(points[1]).toContain('C62828');
  });

  it('gives a line point a larger marker in the new colour, and no fill of its own (that would colour the segment)', () => {
    const line =
      '<c:lineChart><c:ser><c:idx val="0"/><c:spPr><a:ln w="38100"><a:solidFill><a:srgbClr val="0B3D6E"/></a:solidFill></a:ln></c:spPr>' +
      '<c:marker><c:symbol val="circle"/><c:size val="10"/><c:spPr><a:solidFill><a:srgbClr val="0B3D6E"/></a:solidFill></c:spPr></c:marker>' +
      '<c:dLbls/><c:cat/><c:val/><c:smooth val="0"/></c:ser></c:lineChart>';
    const out = highlighted(line, { index: 0, color: 'C62828' });
    expect(elements(out, 'c:dPt')).toEqual([
      '<c:dPt><c:idx val="0"/><c:marker><c:symbol val="circle"/><c:size val="13"/><c:spPr><a:solidFill><a:srgbClr val="C62828"/></a:solidFill></c:spPr></c:marker><c:bubble3D val="0"/></c:dPt>',
    ]);
    expect(out).toContain('</c:marker><c:dPt>');
  });
});

describe('labels of a line chart with several series', () => {
  it('go below the point for the lowest series at each category, above for the others', async () => {
    const { lineLabelsBelow } = await import('../../src/pptx/chart-labels.js');
    expect(lineLabelsBelow([[31.5, 30.2, 28.4], [27.6, 28.9, 29.8]])).toEqual([[false, false, true], [true, true, false]]);
    // A tie moves one label only; a single series keeps its labels where they are.
    expect(lineLabelsBelow([[5], [5]])).toEqual([[true], [false]]);
    expect(lineLabelsBelow([[1, 2]])).toEqual([[false, false]]);
  });
});
