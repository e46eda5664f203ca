/**
 * Emit: deck model → .pptx bytes. The only module that knows pptxgenjs; it
 * maps shapes one to one, then normalises the package pptxgenjs writes
 * (schema fixes, fixed dates and zip times) so PowerPoint opens it without
 * repair and the same deck gives the same bytes.
 */
import pptx from 'pptxgenjs';
import type { ChartShape, Deck, ImageShape, MasterSlide, Paragraph, RectShape, Shape, TableShape, TextShape, TextStyle } from '../model/deck.js';
import type { Stopwatch } from '../timing.js';
import { captureParts, PARTS } from './capture.js';
import { earlyFixes, normaliseOwnPartsAsync, type NormaliseOptions } from './normalise.js';
import type { PartSink } from './part-sink.js';
import { lineLabelsBelow } from './chart-labels.js';
import { marksOf, shapeName, type LayoutMarks } from './accessibility.js';
import { titleText } from '../model/title.js';
import type { Part } from './parts.js';
import { addsRelationship, SlideXmlMemo } from './slide-xml-memo.js';
import type { ZipStream } from './zip.js';

// pptxgenjs's types describe a CommonJS module (class under `default`) while
// Node loads its ES build (class as the default export): accept either.
const PptxGenJS: typeof pptx.default =
  (pptx as unknown as { default?: typeof pptx.default }).default ?? (pptx as unknown as typeof pptx.default);
type Pres = InstanceType<typeof pptx.default>;
type Slide = pptx.default.Slide;
type MasterProps = pptx.default.SlideMasterProps;
type MasterObject = NonNullable<MasterProps['objects']>[number];
type TextProps = pptx.default.TextProps;
type TextOptions = pptx.default.TextPropsOptions;
type ShapeProps = pptx.default.ShapeProps;
type ChartOptions = pptx.default.IChartOpts;
type ImageProps = pptx.default.ImageProps;
type TableCell = pptx.default.TableCell;

/** The deck as a package: its bytes, or none when they went to `stream` as they were zipped. */
export async function emitPptx(deck: Deck, clock?: Stopwatch, stream?: ZipStream): Promise<Uint8Array> {
  const options = normaliseOptions(deck);
  const early = fixesEarly(deck) ? earlyFixes(options) : undefined;
  const parts = await pptxgenParts(deck, early?.fix);
  clock?.lap('emit');
  const normalised = await normaliseOwnPartsAsync(parts, { ...options, ...(early ? { early } : {}), ...(stream ? { stream } : {}) });
  clock?.lap('zip');
  return normalised;
}

/** What the normaliser adds to pptxgenjs's parts from the deck: chart labels and highlights, SVG pictures, accessibility marks. */
export function normaliseOptions(deck: Deck): NormaliseOptions {
  const charts = deck.slides.flatMap((s) => s.shapes.flatMap((shape) => (shape.kind === 'chart' ? [shape] : [])));
  const svgPictures = [...deck.masters, ...deck.slides].flatMap((s) =>
    s.shapes.flatMap((shape) => (shape.kind === 'image' && shape.svg ? [{ png: shape.data, svg: shape.svg }] : [])),
  );
  return {
    modified: deck.meta.date,
    lang: deck.lang,
    author: deck.meta.author,
    chartLabels: charts.map((chart) => chart.labels),
    chartLabelsBelow: charts.map((chart) => (chart.type === 'line' ? lineLabelsBelow(chart.series.map((s) => s.values)) : undefined)),
    chartHighlights: charts.map(highlightOf),
    svgPictures,
    accessibility: {
      slides: deck.slides.map((slide) => marksOf(slide.shapes)),
      layouts: new Map(deck.masters.map((m): [string, LayoutMarks] => [m.name, { ...(m.title ? { title: m.title } : {}), shapes: marksOf(m.shapes) }])),
      titles: deck.slides.map((slide) => titleText(slide.shapes) ?? ''),
    },
  };
}

/**
 * Whether the deck's slides and notes are fixed as pptxgenjs makes them
 * (normalise.ts `earlyFixes`): a deck with no SVG picture on a slide
 * (svg.ts edits those slides before their fixes), too big for the
 * normaliser to remember for watch anyway (its parts over 8 M characters:
 * a slide, its notes and their rels are 6.300 characters or more as
 * written in the conference deck and a 3.000-slide one, 9.100 as a median,
 * and longer as pptxgenjs writes them, which the memo counts), so no
 * rebuild loses its memo.
 */
export function fixesEarly(deck: Deck): boolean {
  return deck.slides.length >= EARLY_FIX_MIN_SLIDES && !deck.slides.some((s) => s.shapes.some((shape) => shape.kind === 'image' && shape.svg));
}
const EARLY_FIX_MIN_SLIDES = 1_500;

/**
 * The parts pptxgenjs makes of the deck, not zipped: the package is zipped
 * once, when it is normalised (see capture.ts). The presentation object is
 * left behind here, so its memory is free while the parts are normalised.
 */
export async function pptxgenParts(deck: Deck, sink?: PartSink, memo: SlideXmlMemo | undefined = sink ? undefined : writtenSlides): Promise<Map<string, Part>> {
  const pres = new PptxGenJS();
  pres.defineLayout({ name: 'BRIEFDECK', width: deck.size.width, height: deck.size.height });
  pres.layout = 'BRIEFDECK';
  pres.title = deck.meta.title;
  pres.author = deck.meta.author;
  pres.company = escapeXml(deck.meta.company); // pptxgenjs writes Company into app.xml unescaped
  pres.subject = deck.meta.subject;
  for (const master of deck.masters) pres.defineSlideMaster(masterProps(master, deck.lang));
  const reused = memo?.reusable(deck) ?? [];
  deck.slides.forEach((slide, s) => {
    const target = pres.addSlide({ masterName: slide.master });
    const kept = reused[s] !== undefined;
    slide.shapes.forEach((shape, i) => {
      if (!kept || addsRelationship(shape)) addShape(pres, target, shape, deck.lang, shapeName(shape, i));
    });
    target.addNotes(slide.notes);
  });
  const parts = await captureParts(() => pres.write({ outputType: PARTS as 'uint8array' }), sink);
  memo?.settle(deck, reused, parts);
  return parts;
}

/**
 * The slides written for the last small deck: a rebuild writes again only
 * those that changed. A rebuild of the conference deck after one figure
 * changed: emit 16-17 → 8-9 ms in process (30 rebuilds, 3 runs each); watch,
 * 6 interleaved runs of 10 rebuilds, the runs' medians 44-64 → 33-47 ms.
 */
const writtenSlides = new SlideXmlMemo();

/** Forgets the slides written last: the next deck is written in full (tests compare the two). */
export const forgetWrittenSlides = (): void => writtenSlides.forget();

function masterProps(master: MasterSlide, lang: string): MasterProps {
  const objects = master.shapes.flatMap((shape, i): MasterObject[] => {
    const objectName = shapeName(shape, i);
    if (shape.kind === 'rect') return [{ rect: rectOptions(shape, objectName) }];
    if (shape.kind === 'text') return [{ text: { text: plainText(shape), options: textBoxOptions(shape, objectName, lang) } }];
    if (shape.kind === 'image') return [{ image: imageOptions(shape, objectName) }];
    return []; // charts on a master make no sense; the builder never produces them there
  });
  const number = master.slideNumber;
  return {
    title: master.name,
    background: { color: master.background },
    objects,
    ...(number
      ? {
          slideNumber: {
            ...number.box,
            fontFace: number.style.fontFace,
            fontSize: number.style.fontSize,
            color: number.style.color,
            align: number.style.align,
            valign: number.style.valign,
          },
        }
      : {}),
  };
}

/** Adds a shape under `objectName`, by which accessibility.ts finds it in the part pptxgenjs writes. */
function addShape(pres: Pres, slide: Slide, shape: Shape, lang: string, objectName: string): void {
  switch (shape.kind) {
    case 'text':
      slide.addText(textRuns(shape, lang), textBoxOptions(shape, objectName));
      return;
    case 'rect':
      slide.addShape(shape.radius > 0 ? pres.ShapeType.roundRect : pres.ShapeType.rect, rectOptions(shape, objectName));
      return;
    case 'chart':
      addChart(pres, slide, shape, objectName);
      return;
    case 'image':
      slide.addImage(imageOptions(shape, objectName));
      return;
    case 'table':
      addTable(slide, shape, lang, objectName);
      return;
  }
}

function addTable(slide: Slide, table: TableShape, lang: string, objectName: string): void {
  const cell = (text: string, style: TextStyle, column: number, fill: string | undefined): TableCell => ({
    text,
    options: {
      fontFace: style.fontFace,
      fontSize: style.fontSize,
      color: style.color,
      bold: style.bold,
      italic: style.italic,
      align: table.numericColumns[column] && style === table.bodyStyle ? 'right' : style.align,
      valign: 'middle',
      margin: style.margin / 72, // inches: pptxgenjs reads values under 1 as inches
      lang,
      ...(fill ? { fill: { color: fill } } : {}),
    },
  });
  const header = table.header.length > 0 ? [table.header.map((t, c) => cell(t, table.headerStyle, c, table.headerFill))] : [];
  const body = table.rows.map((row, r) => row.map((t, c) => cell(t, table.bodyStyle, c, r % 2 === 1 ? table.stripeFill : undefined)));
  slide.addTable([...header, ...body], {
    x: table.box.x,
    y: table.box.y,
    w: table.box.w,
    colW: table.columnWidths,
    ...(table.rowHeights ? { rowH: table.rowHeights } : {}),
    border: { type: 'solid', pt: 0.75, color: table.borderColor },
    autoPage: false,
    objectName,
  });
}

function imageOptions(shape: ImageShape, objectName: string): ImageProps {
  const { box } = shape;
  return { x: box.x, y: box.y, w: box.w, h: box.h, data: `${shape.mime};base64,${Buffer.from(shape.data).toString('base64')}`, objectName };
}

/**
 * The options of a shape's box. Their fields are written out, not spread: a
 * literal that spreads the model's box and then adds a dozen fields takes
 * V8's slow path, about 10 µs a text box (131 boxes of the conference deck:
 * 1,3–2,9 ms against 0,15–0,24 ms written out).
 */
function textBoxOptions(shape: TextShape, objectName: string, lang?: string): TextOptions {
  const { box, style } = shape;
  const options: TextOptions = {
    x: box.x,
    y: box.y,
    w: box.w,
    h: box.h,
    fontFace: style.fontFace,
    fontSize: style.fontSize,
    color: style.color,
    bold: style.bold,
    italic: style.italic,
    align: style.align,
    valign: style.valign,
    lineSpacingMultiple: style.lineSpacing,
    margin: style.margin,
    wrap: true,
  };
  if (shape.fill) options.fill = { color: shape.fill };
  if (lang !== undefined) options.lang = lang;
  options.objectName = objectName;
  return options;
}

/** One pptxgenjs run per model run; paragraph options ride on each run, `breakLine` ends a paragraph. */
function textRuns(shape: TextShape, lang: string): TextProps[] {
  const { style } = shape;
  return shape.paragraphs.flatMap((paragraph, p) =>
    paragraph.runs.map((run, r) => ({
      text: run.text,
      options: {
        lang,
        ...run.style,
        ...bulletOptions(paragraph),
        paraSpaceAfter: style.paraSpaceAfter,
        ...(run.breakBefore ? { softBreakBefore: true } : {}),
        ...(r === paragraph.runs.length - 1 && p < shape.paragraphs.length - 1 ? { breakLine: true } : {}),
      },
    })),
  );
}

function bulletOptions(paragraph: Paragraph): TextOptions {
  const bullet = paragraph.bullet;
  if (!bullet) return {};
  if (bullet.kind === 'bullet') return { bullet: { indent: 24 } };
  return { bullet: { type: 'number', numberStartAt: bullet.start, indent: 32 } };
}

const plainText = (shape: TextShape): string =>
  shape.paragraphs.map((p) => p.runs.map((r) => (r.breakBefore ? `\n${r.text}` : r.text)).join('')).join('\n');

function rectOptions(shape: RectShape, objectName: string): ShapeProps {
  const { box } = shape;
  const options: ShapeProps = { x: box.x, y: box.y, w: box.w, h: box.h };
  if (shape.fill) options.fill = { color: shape.fill };
  options.line = shape.line ? { color: shape.line.color, width: shape.line.width } : { type: 'none' };
  if (shape.radius > 0) options.rectRadius = shape.radius;
  options.objectName = objectName;
  return options;
}

function addChart(pres: Pres, slide: Slide, chart: ChartShape, objectName: string): void {
  const data = chart.series.map((s) => ({ name: s.name, labels: chart.categories, values: s.values }));
  const { style } = chart;
  const common: ChartOptions = {
    ...chart.box,
    objectName,
    chartColors: paletteFor(chart),
    showLegend: chart.showLegend,
    legendPos: 'b',
    legendFontSize: style.fontSize,
    legendFontFace: style.fontFace,
    legendColor: style.color,
    showValue: true,
    dataLabelFormatCode: chart.numberFormat,
    dataLabelFontSize: style.labelSize,
    dataLabelFontFace: style.fontFace,
    dataLabelFontBold: true,
    dataLabelColor: style.color,
    ...(chart.title ? { showTitle: true, title: chart.title, titleFontSize: style.fontSize, titleFontFace: style.fontFace } : {}),
  };
  if (chart.type === 'doughnut') {
    slide.addChart(pres.ChartType.doughnut, data, {
      ...common,
      holeSize: 50,
      showPercent: false,
      dataLabelPosition: 'bestFit',
      dataLabelColor: style.insideLabelColor,
      legendPos: 'r',
    });
    return;
  }
  // Bars must start at zero, or a fall from -26 to -27,1 looks like a collapse.
  // A line is read by its slope, not its length: it keeps the viewer's own
  // scale, so prices between 27 and 31 do not lie flat along the top.
  const values = chart.series.flatMap((s) => s.values);
  const bars = chart.type !== 'line';
  const axes: ChartOptions = {
    ...(bars && values.every((v) => v >= 0) ? { valAxisMinVal: 0 } : {}),
    ...(bars && values.every((v) => v <= 0) ? { valAxisMaxVal: 0 } : {}),
    catAxisLabelPos: 'low',
    catAxisLabelFontSize: style.fontSize,
    catAxisLabelFontFace: style.fontFace,
    catAxisLabelColor: style.color,
    // Every point carries its label, written in the deck's notation; the
    // value axis would be in the viewer's (250,000 beside 198.250). It stays
    // in the chart (the schema and "Edit data" need it) but deleted, with no
    // tick labels, tick marks or line, and no gridlines to read against.
    valAxisHidden: true,
    valAxisLabelPos: 'none',
    valAxisMajorTickMark: 'none',
    valAxisLineShow: false,
    valAxisLabelFormatCode: chart.numberFormat,
    valGridLine: { style: 'none' },
    catGridLine: { style: 'none' },
    ...(chart.series.length === 1 && chart.type !== 'line' ? { barGapWidthPct: 60 } : {}),
  };
  if (chart.type === 'line') {
    slide.addChart(pres.ChartType.line, data, { ...common, ...axes, dataLabelPosition: 't', lineSize: 3, lineDataSymbolSize: 10 });
    return;
  }
  slide.addChart(pres.ChartType.bar, data, {
    ...common,
    ...axes,
    barDir: chart.type === 'bar' ? 'bar' : 'col',
    // Horizontal bars list the first category on top, as the data reads
    // (pptxgenjs writes the value through; its types only name 'minMax').
    ...(chart.type === 'bar' ? { catAxisOrientation: 'maxMin' as 'minMax' } : {}),
    dataLabelPosition: 'outEnd',
  });
}

/**
 * The colours pptxgenjs is given. A doughnut has one per point (its points
 * are parts of a whole), other charts one per series. A single series gets
 * the first colour only: given more, pptxgenjs colours each bar on its own
 * (a c:dPt per point), and a one-series chart of blue, red and green bars
 * reads as if red meant something. pptxgenjs picks random colours for points
 * or series beyond the palette, which would make the deck differ between
 * builds: repeat the palette instead.
 */
function paletteFor(chart: ChartShape): string[] {
  const needed = chart.type === 'doughnut' ? chart.categories.length : chart.series.length;
  return Array.from({ length: Math.max(needed, 1) }, (_, i) => chart.colors[i % chart.colors.length] ?? '000000');
}

/** The point `highlight` picks out, where one is drawn: in a bar, column or line chart of one series. */
function highlightOf(chart: ChartShape): ChartShape['highlight'] {
  return chart.type !== 'doughnut' && chart.series.length === 1 ? chart.highlight : undefined;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
