/**
 * Normalise the package pptxgenjs 4.0.1 writes so that
 *  - it passes the ECMA-376 schemas and OPC package rules (PowerPoint offers to
 *    "repair" decks that do not), and
 *  - the same input gives the same bytes whatever the clock or time zone.
 *
 * Pure function over bytes: no pptxgenjs import, no clock, no environment.
 * The XML edits are targeted string operations on the structures pptxgenjs is
 * known to write; no XML DOM is available here.
 */
import { unzipSync } from 'fflate';
import { writeChartLabels, type ChartLabels, type LabelsBelow } from './chart-labels.js';
import { writeHighlight, type ChartHighlight } from './chart-points.js';
import { partText, type Part, type PartMap } from './parts.js';
import { addSvgPictures, type SvgPicture } from './svg.js';
import { zipEntries, ZipWriter, type Deflated, type ZipCache, type ZipEntryInput } from './zip.js';

export interface NormaliseOptions {
  /** The document date (from the report data or SOURCE_DATE_EPOCH). */
  modified: Date;
  /** Language of all text on slides and notes, e.g. "vi-VN"; pptxgenjs tags fields and notes "en-US". */
  lang?: string;
  /** Data labels as text, per chart in the order the charts were added (see chart-labels.ts). */
  chartLabels?: readonly ChartLabels[];
  /** Which labels go below their point, per chart (see chart-labels.ts); none unless given. */
  chartLabelsBelow?: readonly (LabelsBelow | undefined)[];
  /** The point drawn in its own colour, per chart in the same order, if any (see chart-points.ts). */
  chartHighlights?: readonly (ChartHighlight | undefined)[];
  /** SVG pictures to add beside their PNG fallbacks (see svg.ts). */
  svgPictures?: readonly SvgPicture[];
}

/** What part edits need to know: the date stamp and the notes language; the deck's zip cache; whether the parts may be edited in place. */
interface EditContext {
  stamp: string;
  lang?: string;
  zipCache: ZipCache;
  owned: boolean;
}

export function normalisePackage(pptx: Uint8Array, options: NormaliseOptions): Uint8Array {
  return normalise(readParts(pptx), options, true);
}

/**
 * The same, from the parts themselves (name → bytes or text, folder entries
 * left out): the emitter takes them from pptxgenjs before it zips them, so
 * the deck is zipped once, here. `input` is not changed.
 */
export function normaliseParts(input: ReadonlyMap<string, Part>, options: NormaliseOptions): Uint8Array {
  return normalise(input, options, false);
}

/**
 * `normaliseParts` for a caller that hands its parts over: `input` and the
 * workbooks in it are emptied as they are zipped, so each part's text is
 * garbage once its bytes are written (a deck of 3.000 slides is 80 MB of text).
 */
export function normaliseOwnParts(input: Map<string, Part>, options: NormaliseOptions): Uint8Array {
  return normalise(input, options, true);
}

/**
 * What the last build of a small deck left: each part's text before and
 * after its edits, and the deflated texts. A rebuild after one figure
 * changed (watch) finds nearly every part unchanged and skips its edits and
 * its deflating; the bytes are the same. Big decks keep nothing.
 */
interface Memo {
  key: string;
  edits: Map<string, { input: string; output: Part }>;
  deflated: Map<string, Deflated>;
}
let lastBuild: Memo | undefined;
const MEMO_MAX_TEXT = 8 << 20;

function normalise(input: ReadonlyMap<string, Part>, options: NormaliseOptions, owned: boolean): Uint8Array {
  const context: EditContext = { stamp: w3cdtf(options.modified), zipCache: new Map(), owned };
  if (options.lang) context.lang = options.lang;
  let text = 0;
  for (const data of input.values()) if (typeof data === 'string') text += data.length;
  const key = `${context.stamp}\u0000${context.lang ?? ''}`;
  const previous = lastBuild?.key === key ? lastBuild : undefined;
  lastBuild = undefined;
  const memo: Memo | undefined = text <= MEMO_MAX_TEXT ? { key, edits: new Map(), deflated: new Map() } : undefined;
  if (memo) {
    // A text deflated last time is kept for next time too.
    const carried = (t: string): Deflated | undefined => {
      const found = previous?.deflated.get(t);
      if (found) memo.deflated.set(t, found);
      return found;
    };
    context.zipCache = { get: (t) => memo.deflated.get(t) ?? carried(t), set: (t, d) => memo.deflated.set(t, d) };
  }
  const charts = chartEdits(options);
  const withLabels = (parts: Map<string, Part>): Map<string, Part> => {
    for (const [name, edit] of charts) {
      const xml = parts.get(name);
      if (xml) parts.set(name, editXml(xml, edit));
    }
    return parts;
  };
  if ((options.svgPictures?.length ?? 0) > 0 || input.has('xl/workbook.xml')) {
    // Edits across parts after the part edits: all parts first, then the zip.
    const parts = normaliseOpcParts(input, context);
    if (options.svgPictures) addSvgPictures(parts, options.svgPictures);
    return writeParts(withLabels(parts), context.zipCache);
  }
  // Each part is edited, zipped and let go in turn. The part names do not
  // change after renumbering, so the content types can be fixed first.
  const parts = renumberParts(input, owned && input instanceof Map ? (input as Map<string, Part>) : undefined);
  const names = packageOrder([...parts.keys()]);
  const zip = new ZipWriter(memo ? { cache: context.zipCache } : {});
  for (const name of names) {
    const original = parts.get(name) ?? '';
    const before = typeof original === 'string' ? previous?.edits.get(name) : undefined;
    let data = before && before.input === original ? before.output : normalisePart(name, original, context);
    if (memo && typeof original === 'string') memo.edits.set(name, { input: original, output: data });
    if (name === CONTENT_TYPES) data = editXml(data, (xml) => dropOverridesForMissingParts(xml, names));
    const chart = charts.get(name);
    if (chart) data = editXml(data, chart);
    zip.add(zipEntry(name, data));
    if (owned || parts !== input) parts.delete(name);
  }
  lastBuild = memo;
  return zip.finish();
}

/**
 * The edits each chart part gets from the deck's data, after the part edits:
 * its data labels as text, and its highlighted point. Charts are numbered in
 * the order they were added once normalised: chart1 is the first.
 */
function chartEdits(options: NormaliseOptions): Map<string, (xml: string) => string> {
  const lang = options.lang ?? 'en-US';
  const labels = options.chartLabels ?? [];
  const highlights = options.chartHighlights ?? [];
  const edits = new Map<string, (xml: string) => string>();
  for (let i = 0; i < Math.max(labels.length, highlights.length); i++) {
    const l = labels[i];
    const h = highlights[i];
    if (!l && !h) continue;
    edits.set(`ppt/charts/chart${i + 1}.xml`, (xml) => {
      const labelled = l ? writeChartLabels(xml, l, lang, options.chartLabelsBelow?.[i]) : xml;
      return h ? writeHighlight(labelled, h) : labelled;
    });
  }
  return edits;
}

// ---------------------------------------------------------------------------
// Package level

/** Applies to the deck and, recursively, to the chart workbooks embedded in it; returns new parts. */
function normaliseOpcParts(input: ReadonlyMap<string, Part>, context: EditContext): Map<string, Part> {
  const parts = renumberParts(input, context.owned && input instanceof Map ? (input as Map<string, Part>) : undefined);
  for (const [name, data] of parts) parts.set(name, normalisePart(name, data, context));
  dropUnusedWorkbookTheme(parts);
  const types = parts.get(CONTENT_TYPES);
  if (types) parts.set(CONTENT_TYPES, editXml(types, (xml) => dropOverridesForMissingParts(xml, parts.keys())));
  return parts;
}

const CONTENT_TYPES = '[Content_Types].xml';
const ROOT_RELS = '_rels/.rels';

/** The parts of a zip; folder entries (JSZip writes them) are not OPC parts. */
function readParts(bytes: Uint8Array): Map<string, Part> {
  const entries = Object.entries(unzipSync(bytes)).filter(([name]) => !name.endsWith('/'));
  return new Map(entries);
}

/**
 * The theme pptxgenjs puts in every chart workbook (the stock "Office Theme",
 * 6,8 KB, 1,6 KB deflated) when nothing in the workbook uses it: its styles
 * use indexed colours and named fonts. A workbook may have no theme (Excel
 * then uses its default Office theme), so "Edit data" opens it as before; a
 * deck of 600 charts is 1 MB smaller. Its content-type Override goes with the
 * other Overrides for absent parts.
 */
function dropUnusedWorkbookTheme(parts: Map<string, Part>): void {
  const theme = 'xl/theme/theme1.xml';
  const rels = 'xl/_rels/workbook.xml.rels';
  const relsXml = parts.get(rels);
  if (!parts.has('xl/workbook.xml') || !parts.has(theme) || relsXml === undefined) return;
  for (const [name, data] of parts) {
    if (name === theme || name.endsWith('.rels') || name === CONTENT_TYPES || !/\.xml$/.test(name)) continue;
    if (/\stheme="|<a:|schemeClr/.test(partText(data))) return; // something refers to theme colours or fonts
  }
  const withoutTheme = partText(relsXml).replace(/<Relationship\b[^>]*\sTarget="theme\/theme1\.xml"[^>]*\/>/, '');
  if (withoutTheme.includes('theme1.xml')) return;
  parts.delete(theme);
  parts.set(rels, withoutTheme);
}

// ---------------------------------------------------------------------------
// Part numbering

/**
 * pptxgenjs numbers charts and their workbooks from a module-global counter, so
 * the second deck built in one process starts at chart4. Renumber each family
 * from 1 in the original order, and follow the renames in rels and content types.
 */
const NUMBERED_FAMILIES = [/^(ppt\/charts\/chart)(\d+)(\.xml)$/, /^(ppt\/embeddings\/Microsoft_Excel_Worksheet)(\d+)(\.xlsx)$/];

function renumberParts(parts: ReadonlyMap<string, Part>, owned?: Map<string, Part>): Map<string, Part> {
  const renames = numberingRenames([...parts.keys()]);
  if ([...renames].every(([from, to]) => from === to)) return owned ?? new Map(parts);
  const renamed = new Map<string, Part>();
  for (const [name, data] of parts) {
    const target = renamedPart(name, renames);
    if (name === CONTENT_TYPES) renamed.set(target, editXml(data, (xml) => renamePartNames(xml, renames)));
    else if (name.endsWith('.rels')) renamed.set(target, editXml(data, (xml) => renameTargets(xml, name, renames)));
    else renamed.set(target, data);
  }
  owned?.clear();
  return renamed;
}

function numberingRenames(names: string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const family of NUMBERED_FAMILIES) {
    const members = names
      .map((name) => family.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[2]) - Number(b[2]));
    members.forEach((m, i) => renames.set(m[0], `${m[1] ?? ''}${i + 1}${m[3] ?? ''}`));
  }
  return renames;
}

/** A renamed part, or the rels part of one (ppt/charts/_rels/chart4.xml.rels). */
function renamedPart(name: string, renames: Map<string, string>): string {
  const direct = renames.get(name);
  if (direct !== undefined) return direct;
  const rels = /^(.*?)_rels\/([^/]+)\.rels$/.exec(name);
  const source = rels ? renames.get(`${rels[1] ?? ''}${rels[2] ?? ''}`) : undefined;
  return source === undefined || !rels ? name : `${rels[1] ?? ''}_rels/${baseName(source)}.rels`;
}

function renamePartNames(xml: string, renames: Map<string, string>): string {
  return xml.replace(/(\sPartName=")\/([^"]*)(")/g, (m, pre: string, part: string, post: string) => {
    const to = renames.get(part);
    return to === undefined ? m : `${pre}/${to}${post}`;
  });
}

function renameTargets(xml: string, relsName: string, renames: Map<string, string>): string {
  const sourceDir = relsName.replace(/_rels\/[^/]*$/, '');
  return xml.replace(/(<Relationship\b[^>]*?\sTarget=")([^"]*)(")/g, (m, pre: string, target: string, post: string) => {
    const to = renames.get(resolveTarget(sourceDir, target));
    // Only the file name changes; keep the target's own style (absolute or relative).
    return to === undefined ? m : `${pre}${target.replace(/[^/]*$/, baseName(to))}${post}`;
  });
}

/** The part name a relationship target points to, from the source part's folder. */
function resolveTarget(sourceDir: string, target: string): string {
  const segments = target.startsWith('/') ? [] : sourceDir.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

interface PartEdit {
  match: RegExp;
  edit: (xml: string, context: EditContext) => string;
}

const PART_EDITS: readonly PartEdit[] = [
  { match: /^docProps\/core\.xml$/, edit: setCoreDates },
  { match: /^ppt\/presentation\.xml$/, edit: fixPresentation },
  { match: /^ppt\/charts\/chart\d+\.xml$/, edit: fixChart },
  { match: /^ppt\/(?:slides\/slide|slideMasters\/slideMaster|notesSlides\/notesSlide)\d+\.xml$/, edit: fixParagraphs },
  { match: /^ppt\/slides\/slide\d+\.xml$/, edit: uniqueShapeIds },
  { match: /^ppt\/notesSlides\/notesSlide\d+\.xml$/, edit: notesParagraphs },
  { match: /^ppt\/(?:slides\/slide|notesSlides\/notesSlide)\d+\.xml$/, edit: setLanguage },
];

/**
 * pptxgenjs writes the whole note as one run with CRLFs inside <a:t>, which
 * PowerPoint shows as one paragraph: make each line a paragraph.
 */
function notesParagraphs(xml: string): string {
  return xml.replace(/<a:p><a:r>(<a:rPr [^>]*\/>)<a:t>([^<]*)<\/a:t><\/a:r>(<a:endParaRPr [^>]*\/>)?<\/a:p>/g, (whole, rPr: string, text: string, end = '') => {
    const lines = text.split(/\r?\n/);
    return lines.length === 1 ? whole : lines.map((line) => `<a:p><a:r>${rPr}<a:t>${line}</a:t></a:r>${end}</a:p>`).join('');
  });
}

/** Slide-number fields and notes come tagged en-US whatever the runs say: tag all text with the deck's language. */
function setLanguage(xml: string, { lang }: EditContext): string {
  return lang ? xml.replace(/ lang="[^"]*"/g, ` lang="${lang}"`) : xml;
}

/**
 * pptxgenjs gives the slide-number placeholder the fixed id 25, which collides
 * with the 24th shape of a busy slide (PowerPoint then repairs the file):
 * give every repeated id the next free one.
 */
function uniqueShapeIds(xml: string): string {
  const ids = [...xml.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => Number(m[1]));
  let next = Math.max(0, ...ids) + 1;
  const seen = new Set<number>();
  return xml.replace(/<p:cNvPr id="(\d+)"/g, (tag, id: string) => {
    const n = Number(id);
    if (!seen.has(n)) {
      seen.add(n);
      return tag;
    }
    return `<p:cNvPr id="${next++}"`;
  });
}

/**
 * pptxgenjs writes an <a:pPr> before every run of a paragraph, but the schema
 * allows one, as the paragraph's first child: keep that one, drop the rest.
 */
function fixParagraphs(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_, inner: string) => {
    let seen = false;
    const kept = inner.replace(/<a:pPr\b[^>]*?\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, (pPr: string, offset: number) => {
      const first = !seen && offset === 0;
      seen = true;
      return first ? pPr : '';
    });
    return `<a:p>${kept}</a:p>`;
  });
}

/** Packages pptxgenjs embeds (chart data workbooks, written by JSZip with the clock's time). */
const EMBEDDED_PACKAGE = /^ppt\/embeddings\/[^/]+\.(?:xlsx|xlsm|docx|pptx)$/i;

function normalisePart(name: string, data: Part, context: EditContext): Part {
  if (EMBEDDED_PACKAGE.test(name)) {
    const inner = data instanceof Map ? data : readParts(partBytes(data));
    return writeParts(normaliseOpcParts(inner, { ...context, owned: context.owned || inner !== data }), context.zipCache);
  }
  const edits = PART_EDITS.filter((e) => e.match.test(name));
  if (edits.length === 0) return data;
  return editXml(data, (xml) => edits.reduce((acc, e) => e.edit(acc, context), xml));
}

/** Edits a part as text; the result stays text until the package is zipped. */
function editXml(data: Part, edit: (xml: string) => string): string {
  return edit(partText(data));
}

function partBytes(data: Part): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return writeParts(data, new Map());
}

// ---------------------------------------------------------------------------
// Zip writing: fixed order, fixed times (zip.ts), compression by kind

/** Formats that are already compressed: deflating them again costs time and gains nothing. */
const STORED = /\.(?:png|jpe?g|gif|webp|xlsx|xlsm|docx|pptx|zip|mp3|mp4|m4a|m4v|mov)$/i;

function writeParts(parts: PartMap, cache: ZipCache): Uint8Array {
  return zipEntries(
    packageOrder([...parts.keys()]).map((name) => zipEntry(name, parts.get(name) ?? '')),
    { cache },
  );
}

/** A part as a zip entry: an embedded package zipped, compressed formats stored. */
function zipEntry(name: string, data: Part): ZipEntryInput {
  return { name, data: typeof data === 'string' ? data : partBytes(data), store: STORED.test(name) };
}

/** [Content_Types].xml first and the package rels second (what Office writes and some readers expect), then by name. */
function packageOrder(names: string[]): string[] {
  const rank = (n: string): number => (n === CONTENT_TYPES ? 0 : n === ROOT_RELS ? 1 : 2);
  return [...names].sort((a, b) => rank(a) - rank(b) || naturalCompare(a, b));
}

/** Code-unit order with digit runs compared as numbers (slide2 before slide10); locale-free on purpose. */
function naturalCompare(a: string, b: string): number {
  const chunks = (s: string): string[] => s.match(/\d+|\D+/g) ?? [];
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] ?? '';
    const y = cb[i] ?? '';
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

// ---------------------------------------------------------------------------
// Dates

/** W3CDTF as Office writes it (UTC, whole seconds); the only date form core.xml needs. */
function w3cdtf(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    throw new RangeError(`normalisePackage: modified must be a valid date in years 1-9999, got ${String(date)}`);
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** pptxgenjs and its JSZip workbooks stamp the clock's time here; use the document date instead. */
function setCoreDates(xml: string, { stamp }: EditContext): string {
  return xml.replace(
    /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
    (_m, open: string, _name: string, close: string) => `${open}${stamp}${close}`,
  );
}

// ---------------------------------------------------------------------------
// [Content_Types].xml

/** pptxgenjs writes an Override per slide master it might have had (one per layout); OPC forbids Overrides for absent parts. */
function dropOverridesForMissingParts(xml: string, names: Iterable<string>): string {
  // Part names compare case-insensitively in OPC.
  const present = new Set([...names].map((n) => `/${n}`.toLowerCase()));
  return xml.replace(/<Override\b[^>]*?(?:\/>|>\s*<\/Override>)/g, (override) => {
    const partName = /\sPartName\s*=\s*"([^"]*)"/.exec(override)?.[1];
    return partName === undefined || present.has(partName.toLowerCase()) ? override : '';
  });
}

// ---------------------------------------------------------------------------
// ppt/presentation.xml

/** CT_Presentation child order; pptxgenjs writes notesMasterIdLst after sldIdLst. */
const PRESENTATION_ORDER = [
  'p:sldMasterIdLst',
  'p:notesMasterIdLst',
  'p:handoutMasterIdLst',
  'p:sldIdLst',
  'p:sldSz',
  'p:notesSz',
  'p:smartTags',
  'p:embeddedFontLst',
  'p:custShowLst',
  'p:photoAlbum',
  'p:custDataLst',
  'p:kinsoku',
  'p:defaultTextStyle',
  'p:modifyVerifier',
  'p:extLst',
] as const;

function fixPresentation(xml: string): string {
  const ordered = mapElements(xml, 'p:presentation', (inner) => joinChildren(sortChildren(splitChildren(inner), PRESENTATION_ORDER)));
  // Section ids come from Math.random (pptxgenjs getUuid).
  return replaceGuids(ordered, /(<p14:section\b[^>]*?\sid=")\{[0-9A-Fa-f-]{36}\}(")/g);
}

// ---------------------------------------------------------------------------
// ppt/charts/chartN.xml

/** Chart groups whose schema allows exactly two c:axId; pptxgenjs writes a third (a series-axis id) on all of them. */
const TWO_AXIS_GROUPS = new Set(['c:barChart', 'c:lineChart', 'c:areaChart', 'c:radarChart', 'c:scatterChart', 'c:bubbleChart', 'c:stockChart']);

/** Series types with c:invertIfNegative (CT_BarSer, CT_BubbleSer); pptxgenjs also writes it into line, area and radar series. */
const INVERT_GROUPS = new Set(['c:barChart', 'c:bar3DChart', 'c:bubbleChart']);

/**
 * One order consistent with every series type's schema sequence (bar, line, area,
 * radar, pie, scatter, bubble). pptxgenjs writes c:dPt and c:marker after c:dLbls.
 */
const SERIES_ORDER = [
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

function fixChart(xml: string): string {
  const fixed = mapElements(xml, 'c:plotArea', fixPlotArea);
  // Scatter label ids (c16:uniqueId, a:fld) come from Math.random (pptxgenjs getUuid).
  const labelIds = replaceGuids(fixed, /(<c16:uniqueId\s+val=")\{[0-9A-Fa-f-]{36}\}(")/g);
  return replaceGuids(labelIds, /(<a:fld\s+id=")\{[0-9A-Fa-f-]{36}\}("\s+type="[XY]VALUE")/g);
}

function fixPlotArea(inner: string): string {
  const children = splitChildren(inner).map((child) => (isChartGroup(child) ? fixChartGroup(child) : child));
  const used = new Set(children.filter(isChartGroup).flatMap((group) => axisIds(group.xml)));
  // An axis no chart group uses (a c:serAx left behind by the dropped third id) would dangle.
  const kept = children.filter((child) => !(child.name === 'c:serAx' && !axisIds(child.xml).some((id) => used.has(id))));
  return joinChildren(kept);
}

/** c:barChart, c:lineChart, c:doughnutChart… (the axes are c:catAx, c:valAx, c:dateAx, c:serAx). */
const isChartGroup = (child: XmlChild): boolean => /^c:\w+Chart$/.test(child.name);

function fixChartGroup(group: XmlChild): XmlChild {
  return rebuild(group, (children) => {
    let axes = 0;
    const fixed = children
      .filter((c) => c.name !== 'c:axId' || !TWO_AXIS_GROUPS.has(group.name) || ++axes <= 2)
      .map((c) => (c.name === 'c:ser' ? fixSeries(c, group.name) : c));
    return group.name === 'c:lineChart' ? ensureLineGrouping(fixed) : fixed;
  });
}

/** CT_LineChart requires c:grouping first; pptxgenjs never writes it for lines. "standard" is the schema default. */
function ensureLineGrouping(children: XmlChild[]): XmlChild[] {
  if (children.some((c) => c.name === 'c:grouping')) return children;
  return [{ name: 'c:grouping', xml: '<c:grouping val="standard"/>' }, ...children];
}

function fixSeries(series: XmlChild, groupName: string): XmlChild {
  return rebuild(series, (children) =>
    sortChildren(
      children.filter((c) => c.name !== 'c:invertIfNegative' || INVERT_GROUPS.has(groupName)),
      SERIES_ORDER,
    ),
  );
}

function axisIds(xml: string): string[] {
  return [...xml.matchAll(/<c:axId\s+val="([^"]*)"/g)].map((m) => m[1] ?? '');
}

// ---------------------------------------------------------------------------
// Deterministic ids

/**
 * Replaces each GUID between the prefix (group 1) and suffix (group 2) of `pattern`
 * with a sequential one, unique within the part, so random ids stop changing the bytes.
 */
function replaceGuids(xml: string, pattern: RegExp): string {
  let n = 0;
  return xml.replace(pattern, (_m, prefix: string, suffix: string) => `${prefix}${sequentialGuid(++n)}${suffix}`);
}

function sequentialGuid(n: number): string {
  return `{00000000-0000-4000-8000-${n.toString(16).toUpperCase().padStart(12, '0')}}`;
}

// ---------------------------------------------------------------------------
// Minimal element handling for the known, comment-free, namespace-prefixed XML pptxgenjs writes

interface XmlChild {
  /** Qualified name, e.g. `c:ser`. */
  name: string;
  /** The whole element, start tag to end tag. */
  xml: string;
}

/** Start/end/empty tag; attribute values may hold `>`. Groups: 1 `/` of an end tag, 2 name, 3 `/` of an empty tag. */
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>/g;
const TAG_AT_START = new RegExp(`^${TAG.source}`);

/** Rewrites the content of every `<name>…</name>` (elements that never nest in themselves). */
function mapElements(xml: string, name: string, edit: (inner: string) => string): string {
  const element = new RegExp(`(<${name}(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*>)([\\s\\S]*?)(</${name}>)`, 'g');
  return xml.replace(element, (_m, open: string, inner: string, close: string) => `${open}${edit(inner)}${close}`);
}

/** The top-level child elements of an element's content; whitespace between them is dropped. */
function splitChildren(inner: string): XmlChild[] {
  const children: XmlChild[] = [];
  let depth = 0;
  let start = 0;
  let name = '';
  let last = 0;
  for (const tag of inner.matchAll(TAG)) {
    const at = tag.index;
    if (depth === 0 && inner.slice(last, at).trim() !== '') throw new Error(`normalisePackage: unexpected text in element content near ${inner.slice(last, at + 40)}`);
    const isEnd = tag[1] === '/';
    const isEmpty = tag[3] === '/';
    if (depth === 0 && !isEnd) {
      start = at;
      name = tag[2] ?? '';
    }
    if (!isEnd && !isEmpty) depth += 1;
    if (isEnd) depth -= 1;
    last = at + tag[0].length;
    if (depth === 0) children.push({ name, xml: inner.slice(start, last) });
  }
  if (depth !== 0 || inner.slice(last).trim() !== '') throw new Error('normalisePackage: unbalanced element content');
  return children;
}

const joinChildren = (children: readonly XmlChild[]): string => children.map((c) => c.xml).join('');

/** Stable sort into schema order; an unknown child keeps its place after the known child before it. */
function sortChildren(children: readonly XmlChild[], order: readonly string[]): XmlChild[] {
  let previous = -1;
  const ranked = children.map((child, index) => {
    const known = order.indexOf(child.name);
    previous = known >= 0 ? known : previous;
    return { child, rank: previous, index };
  });
  return ranked.sort((x, y) => x.rank - y.rank || x.index - y.index).map((r) => r.child);
}

/** Replaces an element's children, keeping its start and end tags. */
function rebuild(element: XmlChild, edit: (children: XmlChild[]) => XmlChild[]): XmlChild {
  const open = TAG_AT_START.exec(element.xml)?.[0];
  const close = `</${element.name}>`;
  if (open === undefined || open.endsWith('/>') || !element.xml.endsWith(close)) return element;
  const inner = element.xml.slice(open.length, element.xml.length - close.length);
  return { name: element.name, xml: `${open}${joinChildren(edit(splitChildren(inner)))}${close}` };
}
