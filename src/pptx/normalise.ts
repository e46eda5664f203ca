/**
 * Normalise the package pptxgenjs 4.0.1 writes so that
 *  - it passes the ECMA-376 schemas and OPC package rules (PowerPoint offers
 *    to "repair" decks that do not), and every reader opens it (Calligra,
 *    Apache POI, openpyxl, Keynote: see README, "Readers");
 *  - the same input gives the same bytes whatever the clock or time zone.
 *
 * Each repair is a named fix on parsed XML (src/pptx/fixes/), listed in one
 * registry; this module only runs them, part by part, and zips the result.
 * Pure function over parts: no pptxgenjs import, no clock, no environment.
 * The build's variant (`normaliseOwnPartsAsync`) has the parts deflated on
 * other threads while it fixes the next ones; the bytes are the same.
 */
import { createRequire } from 'node:module';
import { writeChartLabels, type ChartLabels, type LabelsBelow } from './chart-labels.js';
import { writeHighlight, type ChartHighlight } from './chart-points.js';
import { naturalSorted, TextMemo, type FixContext, type PackageKind, type PartFix } from './fixes/fix.js';
import { ALL_PACKAGE_FIXES, PART_FIXES } from './fixes/index.js';
import { partText, type Part, type PartMap } from './parts.js';
import { addSvgPictures, type SvgPicture } from './svg.js';
import { attr, descendants, parseXml, serializeXml, type XmlDocument } from './xml.js';
import { addLayoutTitle, markShapes, writeSlideTitles, type LayoutMarks, type ShapeMarks } from './accessibility.js';
import { flatFix } from './flat-fix.js';
import { DeflateAhead, zipEntries, ZipWriter, type Deflated, type Encoded, type ZipCache, type ZipEntryInput, type ZipStream } from './zip.js';

export interface NormaliseOptions {
  /** The document date (from the report data or SOURCE_DATE_EPOCH). */
  modified: Date;
  /** Language of all text on slides and notes, e.g. "vi-VN"; pptxgenjs tags fields and notes "en-US". */
  lang?: string;
  /** Who made the deck (the report's organiser): the creator of its chart workbooks. */
  author?: string;
  /** Data labels as text, per chart in the order the charts were added (see chart-labels.ts). */
  chartLabels?: readonly ChartLabels[];
  /** Which labels go below their point, per chart (see chart-labels.ts); none unless given. */
  chartLabelsBelow?: readonly (LabelsBelow | undefined)[];
  /** The point drawn in its own colour, per chart in the same order, if any (see chart-points.ts). */
  chartHighlights?: readonly (ChartHighlight | undefined)[];
  /** SVG pictures to add beside their PNG fallbacks (see svg.ts). */
  svgPictures?: readonly SvgPicture[];
  /** Titles, alternative text, decorative marks and header rows (see accessibility.ts): per slide in order, per layout by its master's name. */
  accessibility?: { slides: readonly ShapeMarks[][]; layouts: ReadonlyMap<string, LayoutMarks>; titles: readonly string[] };
  /** The parts fixed already, as pptxgenjs made them (`earlyFixes`): zipped as they are. */
  early?: EarlyFixes;
  /** Where the deck's bytes go as they are zipped (zip.ts `ZipOptions.stream`): the deck is then returned empty. */
  stream?: ZipStream;
}

/**
 * A big deck's slides and notes fixed as pptxgenjs makes them (through the
 * bundle's PartsZip, part-sink.ts), each handed as UTF-8 to the deflating
 * threads, which fix it (flat-fix.ts, `FLAT_FIX_ON_THREAD`) and deflate it
 * while pptxgenjs makes the next ones. Held until the zip stage, the texts
 * made emit's collections copy them, and the zip stage deflated them. At
 * 3.000 slides, in-process, 4 interleaved runs each: 3,71-3,81 → 3,46-3,59
 * s, collection 720-770 → 530-570 ms (fixed on the build's thread then).
 * The parts map keeps an empty placeholder for each (`fix` returns it): its
 * body is made ahead, and the package fixes never touch a slide's or a
 * note's text. A deck with an SVG picture on a slide (whose slides svg.ts
 * edits before their fixes) is not fixed early (emit.ts `fixesEarly`). The
 * bytes are the same (tests/pptx/early-fixes.test.ts, and the bundle
 * against the modules).
 */
export interface EarlyFixes {
  fix(name: string, text: string): Part | undefined;
  /** The parts fixed, and each one's body, deflated on the deflating threads while the next are made. */
  readonly done: Map<string, Promise<Encoded>>;
  /** Sends what is still waiting for a batch to fill. */
  flush(): void;
  /** How many parts the build's thread fixed because the deflating thread did not (flat-fix.ts left them, or the thread failed). */
  remade(): number;
}

/** The parts fixed early: every slide and notes slide (see EarlyFixes), with the options the deck is then normalised with. */
export function earlyFixes(options: Omit<NormaliseOptions, 'early'>): EarlyFixes {
  const cx = deckContext(options);
  const marked = accessibilityEdits(options, cx.lang);
  const done = new Map<string, Promise<Encoded>>();
  const ahead = new DeflateAhead(undefined, undefined, FLAT_FIX_ON_THREAD);
  // The same objects for every part: a batch's message then carries each once (structured cloning keeps identity).
  const context = { lang: cx.lang };
  const fixNames = new Map<string, readonly string[]>();
  const namesOf = (fixes: readonly PartFix[]): readonly string[] => {
    const names = fixes.map((f) => f.name);
    const key = names.join('\n');
    return fixNames.get(key) ?? (fixNames.set(key, names), names);
  };
  return {
    done,
    fix(name, text) {
      if (!SLIDE_OR_NOTES.test(name)) return undefined;
      const edit = marked(name);
      const here = (t: string): string => partText(fixPart(name, t, 'deck', cx, edit, true));
      const fixes = partFixes(name, 'deck');
      // What flat-fix.ts takes, the deflating thread fixes (the same text); anything else is fixed here.
      const encoded = flatFixable(name, 'deck', fixes, edit) ? ahead.make(text, [namesOf(fixes), context, edit?.marks], here) : ahead.encode(Buffer.from(here(text), 'utf8'));
      done.set(name, encoded);
      return TAKEN;
    },
    flush: () => ahead.flush(),
    remade: () => ahead.remade,
  };
}

/**
 * `flatFix`, run by the deflating thread on each slide and notes slide
 * fixed early: the build's thread only encodes the part pptxgenjs made,
 * and goes on to the next (fixing them was 1 s of a 6 s build's thread in
 * a slow hour). The thread fixes a part in about twice the time (decoding
 * and encoding it, code compiled afresh, both cores busy), so the gain is
 * what the second core had spare: 3.000 slides through the CLI, 10
 * interleaved pairs, 6,68-7,26 → 6,47-6,99 s (faster in 9 of 10, by 0,27
 * s on average); 10.000 slides, 2 pairs, 17,3-17,4 → 16,7-17,0 s, peak RSS
 * 597-615 → 666-678 MB (a batch's bytes are kept here until it is back).
 * Run from src/ (the tests), this module is TypeScript, which the thread
 * cannot load: it leaves every part, and the build's thread fixes them
 * (early-fixes.test.ts holds the thread to the tree through dist/).
 */
const FLAT_FIX_ON_THREAD = { module: new URL('./flat-fix.js', import.meta.url).href, name: 'flatFix' };

/** What the parts map holds for a part fixed early: its body is made ahead, nothing reads it again. */
const TAKEN = new Uint8Array(0);

/** A slide or a notes slide: the parts fixed early, and those flat-fix.ts can fix. */
const SLIDE_OR_NOTES = /^ppt\/(?:slides\/slide|notesSlides\/notesSlide)\d+\.xml$/;

type Context = Omit<FixContext, 'part'>;

/** What every part's fixes know of the deck, from the options. */
function deckContext(options: NormaliseOptions): Context {
  return { stamp: w3cdtf(options.modified), lang: options.lang ?? 'en-US', author: options.author ?? '' };
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
 * `normaliseParts` for a caller that hands its parts over: `input` is
 * emptied as it is zipped, so each part's text is garbage once its bytes are
 * written (a deck of 3.000 slides is 80 MB of text).
 */
export function normaliseOwnParts(input: Map<string, Part>, options: NormaliseOptions): Uint8Array {
  return normalise(input, options, true);
}

/**
 * `normaliseOwnParts`, deflating on other threads while the next parts are
 * fixed (`ZipWriter.addAsync`): the same bytes, the same memo for watch.
 */
export async function normaliseOwnPartsAsync(input: Map<string, Part>, options: NormaliseOptions): Promise<Uint8Array> {
  const { zip, names, fixed, parts, done } = normalising(input, options, true);
  options.early?.flush();
  for (const name of names) {
    const early = options.early?.done.get(name);
    if (early) zip.addEncoded(name, false, early);
    else await zip.addAsync(zipEntry(name, fixed(name)));
    parts.delete(name);
  }
  done();
  return zip.finishAsync();
}

/**
 * What the last build of a small deck left: each part's input (its text and
 * the edits it gets, or a chart workbook's parts) and what was made of it,
 * and the deflated texts. A rebuild after one figure changed (watch) finds
 * nearly every part unchanged and skips its parsing, its fixing and its
 * deflating; the bytes are the same. Big decks keep nothing.
 */
interface Memo {
  key: string;
  /** By part: its text (or a workbook's key) and its edits' key, apart (joined, a part's text would be copied to compare), and its output. */
  edits: Map<string, { input: string; edit: string; output: Part }>;
  deflated: Map<string, Deflated>;
}
let lastBuild: Memo | undefined;
const MEMO_MAX_TEXT = 8 << 20;

function normalise(input: ReadonlyMap<string, Part>, options: NormaliseOptions, owned: boolean): Uint8Array {
  const { zip, names, fixed, parts, done } = normalising(input, options, owned);
  for (const name of names) {
    zip.add(zipEntry(name, fixed(name)));
    parts.delete(name);
  }
  done();
  return zip.finish();
}

/**
 * What a build needs to fix and zip the parts, one at a time, whichever way
 * it zips: the package fixes run, the parts in package order, the writer,
 * `fixed(name)` for each part's fixed content, and `done()` once every part
 * is added, which keeps the memo for the next build. Each part is fixed,
 * zipped and let go in turn (the caller deletes it from `parts`).
 */
interface Normalising {
  zip: ZipWriter;
  names: string[];
  parts: Map<string, Part>;
  fixed: (name: string) => Part;
  done: () => void;
}

function normalising(input: ReadonlyMap<string, Part>, options: NormaliseOptions, owned: boolean): Normalising {
  const cx = deckContext(options);
  let text = 0;
  for (const data of input.values()) if (typeof data === 'string') text += data.length;
  const key = `${cx.stamp}\u0000${cx.lang}\u0000${cx.author}`;
  const previous = lastBuild?.key === key ? lastBuild : undefined;
  lastBuild = undefined;
  const early = options.early?.done ?? new Map<string, Promise<Encoded>>();
  const memo: Memo | undefined = text <= MEMO_MAX_TEXT && early.size === 0 ? { key, edits: new Map(), deflated: new Map() } : undefined;
  let zipCache: ZipCache = new Map();
  if (memo) {
    // A text deflated last time is kept for next time too.
    const carried = (t: string): Deflated | undefined => {
      const found = previous?.deflated.get(t);
      if (found) memo.deflated.set(t, found);
      return found;
    };
    zipCache = { get: (t) => memo.deflated.get(t) ?? carried(t), set: (t, d) => memo.deflated.set(t, d) };
  }

  const parts = owned && input instanceof Map ? (input as Map<string, Part>) : new Map(input);
  runPackageFixes(parts, 'deck', cx);
  if (options.svgPictures && options.svgPictures.length > 0) addSvgPictures(parts, options.svgPictures);
  const charts = chartEdits(options, cx.lang);
  const marked = accessibilityEdits(options, cx.lang);
  // Workbook parts fixed in this build, by name and text: pptxgenjs gives every chart workbook the same docProps/app.xml
  // and core.xml, and parsing, fixing and writing each again was most of the workbooks' part fixes (53 ms at 600 charts,
  // CPU profile). A part's fixes depend on nothing else but the deck's context, the same for the whole build.
  const workbookParts = new TextMemo<string, Part>(256);

  /**
   * The last build's output for this part when it was made from the same
   * input, else `make()` (kept for the next build). An input said as
   * undefined cannot be compared: the part is made.
   */
  const remembered = (name: string, input: () => string | undefined, edit: (() => string) | undefined, make: () => Part): Part => {
    if (!memo && !previous) return make(); // a big deck: nothing kept, nothing to compare
    const text = input();
    if (text === undefined) return make();
    const edits = edit ? edit() : '';
    const before = previous?.edits.get(name);
    const data = before && before.input === text && before.edit === edits ? before.output : make();
    memo?.edits.set(name, { input: text, edit: edits, output: data });
    return data;
  };
  const fixed = (name: string): Part => {
    const original = parts.get(name) ?? '';
    if (early.has(name)) return original;
    if (original instanceof Map || EMBEDDED_PACKAGE.test(name)) {
      // A workbook is fixed and zipped the same way as last time when its parts are the same.
      return remembered(name, () => (original instanceof Map ? workbookKey(original, cx) : undefined), undefined, () => normaliseWorkbook(original, cx, zipCache, workbookParts));
    }
    if (typeof original !== 'string') return fixPart(name, original, 'deck', cx);
    // A part is fixed the same way as last time when its text and its edits (a chart's labels, marks) are.
    const edit = charts.get(name) ?? marked(name);
    return remembered(name, () => original, edit?.key, () => fixPart(name, original, 'deck', cx, edit, !memo));
  };
  const done = (): void => {
    lastBuild = memo;
  };
  const stream = options.stream ? { stream: options.stream } : {};
  return { zip: new ZipWriter(memo ? { cache: zipCache, ...stream } : stream), names: packageOrder([...parts.keys()]), parts, fixed, done };
}

/** A chart's data workbook: its own fixes, zipped (stored in the deck, as Office stores it). */
function normaliseWorkbook(data: Part, cx: Context, cache: ZipCache, fixed: TextMemo<string, Part>): Uint8Array {
  const parts = data instanceof Map ? new Map(data) : readParts(partBytes(data));
  for (const [name, part] of parts) {
    if (partFixes(name, 'workbook').length === 0) continue;
    const fix = (): Part => fixPart(name, part, 'workbook', cx);
    parts.set(name, typeof part === 'string' ? fixed.of(name, part, fix) : fix());
  }
  runPackageFixes(parts, 'workbook', cx);
  return writeParts(parts, cache);
}

function runPackageFixes(parts: Map<string, Part>, kind: PackageKind, cx: Context): void {
  for (const fix of ALL_PACKAGE_FIXES) if (fix.package === kind) fix.apply(parts, cx);
}

/**
 * A part with every fix that names it applied, on one parse; `edit` (a
 * chart's labels) after them. A part no fix names is left as it is. With
 * `flat`, a slide or notes slide is fixed without its tree when it can be
 * (flat-fix.ts): the same text, with less work. Only a big deck's (one
 * fixed early, or too big for the watch memo): a small deck's few slides
 * are fixed faster by the tree's code, which its other parts have run
 * already (a watch rebuild of the conference deck, which fixes one slide
 * again, took 3-5 ms more with flat-fix.ts's code still cold).
 */
function fixPart(name: string, data: Part, kind: PackageKind, cx: Context, edit?: PartEdit, flat = false): Part {
  const fixes = partFixes(name, kind);
  if (fixes.length === 0 && !edit) return data;
  const text = partText(data);
  if (flat && flatFixable(name, kind, fixes, edit)) {
    const fixed = flatFix(text, fixes.map((f) => f.name), cx, edit?.marks);
    if (fixed !== undefined) return fixed;
  }
  const doc = parseXml(text);
  const context: FixContext = { ...cx, part: name };
  for (const fix of fixes) fix.apply(doc, context);
  edit?.apply(doc);
  return serializeXml(doc);
}

/**
 * The fixes that name a part, in their registry order. Looked up by the
 * part's name with each number as 1 (`nameShape`): every fix names its parts
 * with \d+, never by one number (tests/pptx/fixes.test.ts holds them to it),
 * so slide7 has slide1's fixes, and a deck's 6.000 slides and notes do not
 * each test every fix's pattern (30 ms at 3.000 slides, CPU profile).
 */
export function partFixes(name: string, kind: PackageKind): readonly PartFix[] {
  const known = kind === 'workbook' ? workbookFixes.get(name) : undefined;
  if (known) return known;
  const shape = `${kind}:${nameShape(name)}`;
  let fixes = fixesByShape.get(shape);
  if (!fixes) fixesByShape.set(shape, (fixes = PART_FIXES.filter((f) => f.package === kind && f.parts.test(name))));
  if (kind === 'workbook' && workbookFixes.size < WORKBOOK_NAMES) workbookFixes.set(name, fixes);
  return fixes;
}
const fixesByShape = new Map<string, readonly PartFix[]>();
/**
 * A workbook part's fixes by its own name: every chart workbook of a deck
 * has the same 11 part names, each looked up twice (600 charts: 11 ms of
 * shaping the names, CPU profile). A deck's parts are not kept so: each
 * slide has a name of its own.
 */
const workbookFixes = new Map<string, readonly PartFix[]>();
const WORKBOOK_NAMES = 1024;

/** A part name with each run of digits as 1: ppt/slides/slide27.xml → ppt/slides/slide1.xml. */
export const nameShape = (name: string): string => name.replace(/\d+/g, '1');

/** Whether flat-fix.ts may fix the part: a slide or notes slide that has fixes, whose edit (if any) is its marks. */
function flatFixable(name: string, kind: PackageKind, fixes: readonly PartFix[], edit: PartEdit | undefined): boolean {
  return kind === 'deck' && SLIDE_OR_NOTES.test(name) && (fixes.length > 0 || edit !== undefined) && (!edit || edit.marks !== undefined);
}

/**
 * The edits each chart part gets from the deck's data, after its fixes: its
 * data labels as text, and its highlighted point. Charts are numbered in the
 * order they were added once renumbered: chart1 is the first.
 */
function chartEdits(options: NormaliseOptions, lang: string): Map<string, PartEdit> {
  const labels = options.chartLabels ?? [];
  const highlights = options.chartHighlights ?? [];
  const edits = new Map<string, PartEdit>();
  for (let i = 0; i < Math.max(labels.length, highlights.length); i++) {
    const l = labels[i];
    const h = highlights[i];
    const below = options.chartLabelsBelow?.[i];
    if (!l && !h) continue;
    edits.set(`ppt/charts/chart${i + 1}.xml`, {
      key: () => JSON.stringify([l, h, below]),
      apply(doc) {
        if (l) writeChartLabels(doc, l, lang, below);
        if (h) writeHighlight(doc, h);
      },
    });
  }
  return edits;
}

/**
 * An embedded workbook's parts as one text, for the memo: names and
 * contents, in order; undefined if one is bytes. Its docProps/core.xml goes
 * in fixed: pptxgenjs stamps the clock's time there, which its fix replaces
 * with the document date, so the raw part differs in every build while the
 * workbook made from it does not.
 */
function workbookKey(parts: ReadonlyMap<string, Part>, cx: Context): string | undefined {
  let key = '';
  for (const [name, data] of parts) {
    if (typeof data !== 'string') return undefined;
    key += `${name}\u0000${name === WORKBOOK_CORE ? partText(fixPart(name, data, 'workbook', cx)) : data}\u0000`;
  }
  return key;
}

const WORKBOOK_CORE = 'docProps/core.xml';

const SLIDE_PART = /^ppt\/slides\/slide(\d+)\.xml$/;
const LAYOUT_PART = /^ppt\/slideLayouts\/slideLayout\d+\.xml$/;
const APP_PROPERTIES = 'docProps/app.xml';

/** What a part gets after its fixes, from the deck's data, and the same said as text for the memo (made only when a memo is kept). */
interface PartEdit {
  key: () => string;
  apply: (doc: XmlDocument) => void;
  /** A slide's marks, which `apply` writes: given, flat-fix.ts can write them too. */
  marks?: readonly ShapeMarks[];
}

/**
 * The accessibility marks of a part, after its fixes: a slide's by its
 * number (slide1 is the first), a layout's by its name, which pptxgenjs
 * gives from its master's. `key` says them as text, for the memo (made only when a memo is kept).
 */
function accessibilityEdits(options: NormaliseOptions, lang: string): (name: string) => PartEdit | undefined {
  const marks = options.accessibility;
  if (!marks) return () => undefined;
  return (name) => {
    if (name === APP_PROPERTIES) return { key: () => JSON.stringify(marks.titles), apply: (doc) => writeSlideTitles(doc, marks.titles) };
    const slide = SLIDE_PART.exec(name);
    if (slide) {
      const shapes = marks.slides[Number(slide[1]) - 1];
      return shapes && shapes.length > 0 ? { key: () => JSON.stringify(shapes), apply: (doc) => markShapes(doc, shapes), marks: shapes } : undefined;
    }
    if (!LAYOUT_PART.test(name) || marks.layouts.size === 0) return undefined;
    return {
      key: () => JSON.stringify([...marks.layouts]),
      apply(doc) {
        const layout = marks.layouts.get(descendants(doc.root, 'p:cSld').map((c) => attr(c, 'name') ?? '')[0] ?? '');
        if (!layout) return;
        markShapes(doc, layout.shapes);
        if (layout.title) addLayoutTitle(doc, layout.title, lang);
      },
    };
  };
}

// ---------------------------------------------------------------------------
// Reading and zipping: fixed order, fixed times (zip.ts), compression by kind

/** Packages pptxgenjs embeds (chart data workbooks). */
const EMBEDDED_PACKAGE = /^ppt\/embeddings\/[^/]+\.(?:xlsx|xlsm|docx|pptx)$/i;

const CONTENT_TYPES = '[Content_Types].xml';
const ROOT_RELS = '_rels/.rels';

/** The parts of a zip; folder entries (JSZip writes them) are not OPC parts. */
function readParts(bytes: Uint8Array): Map<string, Part> {
  // fflate is loaded here, when a zip is read (a build reads none: its parts come as they are): at its start it loads node:worker_threads, 4 ms.
  const { unzipSync } = createRequire(import.meta.url)('fflate') as typeof import('fflate');
  const entries = Object.entries(unzipSync(bytes)).filter(([name]) => !name.endsWith('/'));
  return new Map(entries);
}

function partBytes(data: Part): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return writeParts(data, new Map());
}

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
  return naturalSorted(names, rank);
}

/** W3CDTF as Office writes it (UTC, whole seconds); the only date form core.xml needs. */
function w3cdtf(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    throw new RangeError(`normalisePackage: modified must be a valid date in years 1-9999, got ${String(date)}`);
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}
