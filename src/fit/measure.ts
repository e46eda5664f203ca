/**
 * Text measurement with real font metrics, so fitting (fit.ts) predicts what
 * PowerPoint will do when it lays the deck out in Arial, Calibri or Times New
 * Roman.
 *
 * Those fonts cannot be shipped, so each is measured with its open
 * metric-compatible twin, which has the same advance widths: Arimo for Arial,
 * Carlito for Calibri, Tinos for Times New Roman (METRIC_FONTS). Any other
 * family is measured as Arial, with Arimo. @fontsource splits each font into
 * one file per Unicode subset (latin, vietnamese, ...); each character is drawn
 * from the subset file that has it, and each same-file run is shaped as
 * fontkit shapes it (kerning, ligatures, mark positioning).
 *
 * No font is opened here: the build (metrics-build.ts) reads the fonts with
 * fontkit once and writes their metric tables next to this module
 * (metrics/<font>-<face>.json); runUnits (metrics-table.ts) replays fontkit's
 * layout on them, to the same widths. A face's table is read on first use,
 * once per process; widths are cached per word, because a deck measures the
 * same words again and again while it shrinks boxes one point at a time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  INVISIBLE,
  METRIC_FONTS,
  METRICS_FORMAT,
  loadFile,
  runUnits,
  tableFileName,
  type Face,
  type FaceTable,
  type LoadedFile,
  type MetricFontName,
} from './metrics-table.js';

export interface FontSpec {
  family: string;
  bold: boolean;
  italic: boolean;
}

export interface TextMeasurer {
  /** Width in points of a single line of text at `size` pt (advances + kerning via fontkit layout). */
  width(text: string, font: FontSpec, size: number): number;
  /**
   * Greedy line breaking at spaces (and after hyphens/en dashes); a word longer
   * than the width breaks between characters (grapheme clusters). Runs of
   * spaces collapse: lines never start or end with one and words are joined by
   * one. Text with no words ("" or only spaces) gives [] — no lines.
   */
  wrap(text: string, font: FontSpec, size: number, maxWidth: number): string[];
  /** Height in points of one line at `size` with a line-spacing multiple: lineSpacing × 1.2 × size. */
  lineHeight(font: FontSpec, size: number, lineSpacing: number): number;
  /** Characters of `text` (after NFC, as the deck writes it) that none of the family's font files can draw, each once. */
  missingCharacters(text: string, font: FontSpec): string[];
}

/** The font an unknown family is measured with: Arial's widths. */
const FALLBACK_FONT: MetricFontName = 'Arimo';

const FONT_BY_FAMILY = new Map<string, MetricFontName>(
  (Object.keys(METRIC_FONTS) as MetricFontName[]).flatMap((name) => METRIC_FONTS[name].families.map((family) => [family, name] as const)),
);

/** "Arial", ' "Times New Roman" ' → the registry's key: trimmed, unquoted, lower case. */
const familyKey = (family: string): string => family.trim().replace(/^["']|["']$/g, '').toLowerCase();

/** Whether the family has real metrics here; anything else is measured as Arial, but worth a warning. */
export function knownFamily(family: string): boolean {
  return FONT_BY_FAMILY.has(familyKey(family));
}

/** The open font the family is measured with ('Arimo', 'Carlito' or 'Tinos'), or undefined when it has no metrics here. */
export function metricFontOf(family: string): MetricFontName | undefined {
  return FONT_BY_FAMILY.get(familyKey(family));
}

/**
 * PowerPoint pitches a single-spaced line at 1.2 em for every face, not at the
 * font's own line box (measured against PowerPoint in e.g.
 * developer0hye/office2pdf#1071). Arimo's hhea box is 1.15 em (Arial's too),
 * and its Windows box is 1.43 em (grown for stacked Vietnamese marks, unlike
 * Arial's 1.12 em), so neither font metric would match PowerPoint.
 */
const LINE_PITCH_EM = 1.2;

/**
 * Width of a character no file can draw. PowerPoint draws it from a fallback
 * font (an emoji or CJK face), whose glyphs are about 1 em wide; a whole
 * grapheme cluster (👩‍💻, 🇻🇳) counts once.
 */
const MISSING_EM = 1;

/** Spaces a line may break at. No-break spaces (U+00A0, U+2007, U+202F) glue their words. */
const BREAKING_SPACE = /[\t\n\v\f\r \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/;
/** Dashes a line may break after: hyphen-minus, hyphen, en dash. */
const DASHES = new Set(['-', '\u2010', '\u2013']);
const ANY_DASH = /[-\u2010\u2013]/;
// INVISIBLE (metrics-table.ts): controls and invisible format characters (soft hyphen, ZWJ,
// variation selectors) take no width and are never "missing".

/**
 * The grapheme clusters of a text (UAX #29, as Intl.Segmenter finds them).
 * A text of characters that never join a cluster (below U+0300 from the
 * space on, Vietnamese's precomposed letters, general punctuation without
 * the joiners, currency signs, letterlike symbols and arrows) is one
 * cluster per character, and is cut here: the first Intl object a process
 * makes starts ICU, 22 ms of a build that needs it for nothing else. A test
 * holds these ranges to Intl.Segmenter.
 */
export function graphemeClusters(text: string): Iterable<string> {
  for (let i = 0; i < text.length; i++) if (!standsAlone(text.charCodeAt(i))) return segmentsOf(text);
  return text.length === 1 ? [text] : Array.from(text);
}

/** Whether a UTF-16 unit is a character that forms a grapheme cluster of its own, whatever is beside it. */
export function standsAlone(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x2ff) ||
    (c >= 0x1e00 && c <= 0x1eff) ||
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e) ||
    (c >= 0x20a0 && c <= 0x20c0) ||
    (c >= 0x2100 && c <= 0x21ff)
  );
}

let graphemes: Intl.Segmenter | undefined;
function* segmentsOf(text: string): Iterable<string> {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) yield segment;
}

// ---------------------------------------------------------------------------
// Metric tables

const faceOf = (font: FontSpec): Face => `${font.bold ? 700 : 400}-${font.italic ? 'italic' : 'normal'}`;

/** One metric font in one face, read from its table on first use. */
interface FaceMetrics {
  table: FaceTable;
  /** Subset files by index in table.files, turned into maps when a character first needs one. */
  files: (LoadedFile | undefined)[];
  /** Code point → the file it comes from when the current run's file does not have it. */
  home: Map<number, number>;
}

/** A metric font in one face: what the caches below are keyed by. */
interface Style {
  font: MetricFontName;
  face: Face;
  /** "Carlito 700-italic". */
  key: `${MetricFontName} ${Face}`;
}

/**
 * The style a font spec is measured in, made once per family and face: it
 * is asked for every text measured and every string checked for coverage
 * (at 3.000 slides, 28 ms of a build's profile went on reading the family
 * name and building the key again).
 */
function styleOf(spec: FontSpec): Style {
  let faces = stylesByFamily.get(spec.family);
  if (!faces) {
    if (stylesByFamily.size >= STYLE_FAMILIES_MAX) stylesByFamily.clear();
    stylesByFamily.set(spec.family, (faces = []));
  }
  const index = (spec.bold ? 2 : 0) + (spec.italic ? 1 : 0);
  let style = faces[index];
  if (!style) {
    const font = metricFontOf(spec.family) ?? FALLBACK_FONT;
    const face = faceOf(spec);
    style = faces[index] = { font, face, key: `${font} ${face}` };
  }
  return style;
}
const stylesByFamily = new Map<string, (Style | undefined)[]>();
/** Families remembered at most: a theme names a few; a family name comes from templates and themes, not from a report's data. */
const STYLE_FAMILIES_MAX = 64;

const faces = new Map<Style['key'], FaceMetrics>();

/**
 * Per metric font and face, whether a character takes no glyph (a space, an
 * invisible) or a font draws it: the BMP in a table (0 not yet known,
 * DRAWN, NOT_DRAWN), the rest in a map. A report's text is read a code unit
 * at a time against it: 1,2 M characters took 47–86 ms one map look-up per
 * character.
 */
const drawable = new Map<Style['key'], { bmp: Uint8Array; astral: Map<number, boolean> }>();
const DRAWN = 1;
const NOT_DRAWN = 2;

/**
 * Where the tables are: BRIEFDECK_FONT_METRICS when set (a folder of them);
 * else metrics/ beside this module (dist/fit/metrics, written by the build);
 * and when this module runs as TypeScript source (the tests), the build's
 * dist/fit/metrics, which `npm test` builds first.
 */
function tableDirs(): string[] {
  const override = process.env.BRIEFDECK_FONT_METRICS;
  if (override) return [override];
  const dirs = [fileURLToPath(new URL('./metrics/', import.meta.url))];
  if (import.meta.url.endsWith('.ts')) dirs.push(fileURLToPath(new URL('../../dist/fit/metrics/', import.meta.url)));
  return dirs;
}

function metricsOf(style: Style): FaceMetrics {
  let metrics = faces.get(style.key);
  if (metrics) return metrics;
  const name = tableFileName(style.font, style.face);
  const dirs = tableDirs();
  const dir = dirs.find((d) => existsSync(join(d, name)));
  if (!dir) {
    throw new Error(
      `font metric table ${name} not found in ${dirs.join(' or ')}: the build writes the tables (npm run build, ` +
        'which runs node dist/fit/metrics-build.js); BRIEFDECK_FONT_METRICS can name a folder of them',
    );
  }
  const table = JSON.parse(readFileSync(join(dir, name), 'utf8')) as FaceTable;
  if (table.format !== METRICS_FORMAT) {
    throw new Error(`${join(dir, name)} is a metric table of format ${String(table.format)}, not ${METRICS_FORMAT}: rebuild it (npm run build)`);
  }
  const home = new Map<number, number>();
  for (let i = 0; i + 1 < table.home.length; i += 2) home.set(table.home[i] as number, table.home[i + 1] as number);
  metrics = { table, files: [], home };
  faces.set(style.key, metrics);
  return metrics;
}

function fileOf(metrics: FaceMetrics, index: number): LoadedFile {
  let file = metrics.files[index];
  if (!file) {
    const table = metrics.table.files[index];
    if (!table) throw new Error(`${metrics.table.font} ${metrics.table.face}: no subset file ${index} in the metric table`);
    metrics.files[index] = file = loadFile(table);
  }
  return file;
}

/**
 * The file that draws `cp`, by index: the current run's file if it has the
 * glyph (longer runs keep kerning and keep a mark on its base), else the
 * first subset whose unicode-range lists `cp` and whose file really has it
 * (worked out by the build).
 */
function fontFor(cp: number, style: Style, current: number | undefined): number | undefined {
  const metrics = metricsOf(style);
  if (current !== undefined && fileOf(metrics, current).cmap.has(cp)) return current;
  return metrics.home.get(cp);
}

// ---------------------------------------------------------------------------
// Widths

/** Per metric font and face, token → width in em. Bounded so a long-lived process cannot grow it without limit. */
const widthCache = new Map<Style['key'], Map<string, number>>();
let widthCacheSize = 0;
const WIDTH_CACHE_LIMIT = 200_000;

/** Width in em of a token (a word, or a run of spaces), shaped per subset file. */
function tokenEm(token: string, style: Style): number {
  let widths = widthCache.get(style.key);
  if (!widths) widthCache.set(style.key, (widths = new Map()));
  const cached = widths.get(token);
  if (cached !== undefined) return cached;

  let em = 0;
  let run: number[] = [];
  let runFont: number | undefined;
  const flush = (): void => {
    if (runFont !== undefined && run.length > 0) {
      const file = fileOf(metricsOf(style), runFont);
      em += runUnits(file, run) / file.table.unitsPerEm;
    }
    run = [];
  };
  // NFC: the deck is written composed, and decomposed Vietnamese (a + U+0323 +
  // U+0306) has marks no subset's range lists.
  for (const segment of graphemeClusters(token.normalize('NFC'))) {
    let base = true;
    for (const ch of segment) {
      if (INVISIBLE.test(ch)) continue;
      const cp = ch.codePointAt(0) ?? 0;
      const font = fontFor(cp, style, runFont);
      if (font === undefined) {
        // A base nobody draws: the fallback font draws the whole cluster.
        // A mark nobody draws: zero width (it is reported by missingCharacters).
        if (base) {
          flush();
          em += MISSING_EM;
          break;
        }
        continue;
      }
      if (font !== runFont) {
        flush();
        runFont = font;
      }
      run.push(cp);
      base = false;
    }
  }
  flush();

  if (widthCacheSize >= WIDTH_CACHE_LIMIT) {
    for (const cache of widthCache.values()) cache.clear();
    widthCacheSize = 0;
  }
  widths.set(token, em);
  widthCacheSize += 1;
  return em;
}

/**
 * Width of a line in em: the sum of its words and space runs, each cached so
 * wrapping costs map look-ups. Kerning across a space (a few Arial pairs such
 * as "A " and " T", each narrowing by under 0.1 em) is dropped, so a line
 * measures a hair wider than PowerPoint draws it: the safe side for fitting.
 */
function lineEm(text: string, style: Style, from = 0): number {
  // The tokens of text.split(/(\s+)/) without its array (100 MB of them at 3.000 slides): runs of space and of the rest, in order.
  let em = from;
  let start = 0;
  for (let i = 1; i < text.length; i++) {
    if (isSpaceUnit(text.charCodeAt(i)) === isSpaceUnit(text.charCodeAt(i - 1))) continue;
    em += tokenEm(text.slice(start, i), style);
    start = i;
  }
  if (text.length > 0) em += tokenEm(start === 0 ? text : text.slice(start), style);
  return em;
}

/**
 * Whether a UTF-16 unit is what `\s` matches (a space, tab, line end, no-break
 * or other Unicode space, BOM): what lineEm splits at. A test holds it to the
 * regular expression over every unit.
 */
export function isSpaceUnit(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether text starts, or ends, with a character lineEm splits at; each looks at one unit (/^\s|\s$/ tried `\s$` along the whole line). */
const startsWithSpace = (text: string): boolean => text.length > 0 && isSpaceUnit(text.charCodeAt(0));
const endsWithSpace = (text: string): boolean => text.length > 0 && isSpaceUnit(text.charCodeAt(text.length - 1));

/**
 * A word split after each dash that a line may break at: "thông-tin" →
 * ["thông-", "tin"]. A leading dash (-5, --x) is a sign, not a break, and a
 * hyphen before a digit (COVID-19) does not break, as in Unicode line breaking.
 */
function dashPieces(word: string): string[] {
  if (!ANY_DASH.test(word)) return [word]; // most words: one look, no pieces to find
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < word.length; i++) {
    const prev = word[i - 1] ?? '';
    const next = word[i] ?? '';
    if (!DASHES.has(prev) || DASHES.has(next)) continue;
    if (![...word.slice(start, i)].some((c) => !DASHES.has(c))) continue;
    if (prev !== '\u2013' && /\d/.test(next)) continue;
    pieces.push(word.slice(start, i));
    start = i;
  }
  pieces.push(word.slice(start));
  return pieces;
}

export function createMeasurer(): TextMeasurer {
  const width = (text: string, font: FontSpec, size: number): number => lineEm(text, styleOf(font)) * size;

  const wrap = (text: string, font: FontSpec, size: number, maxWidth: number): string[] => {
    const style = styleOf(font);
    const fits = (line: string): boolean => lineEm(line, style) * size <= maxWidth;
    const lines: string[] = [];
    let line = '';
    // Whether `line` starts, and ends, with a space unit, kept as it grows: reading the last unit of a line
    // made by `+` flattens it, once per word (10-35 ms of a 3.000-slide build's thread, CPU profiles).
    let lineStarts = false;
    let lineEnds = false;
    const begin = (text: string): void => {
      line = text;
      lineStarts = startsWithSpace(text);
      lineEnds = endsWithSpace(text);
    };
    // The width of `line` in em while it is known. A word after a space adds
    // its own tokens to it, in the order lineEm would add them, so the sum is
    // the same to the last bit and a line costs one look-up per word, not one
    // per word so far.
    let lineWidth: number | undefined = 0;
    for (const word of text.split(BREAKING_SPACE)) {
      if (!word) continue;
      dashPieces(word).forEach((piece, i) => {
        const candidate = line === '' ? piece : line + (i === 0 ? ' ' : '') + piece;
        const additive = i === 0 && lineWidth !== undefined && !startsWithSpace(piece) && !endsWithSpace(piece) && !lineStarts && !lineEnds;
        const width = additive ? (line === '' ? lineEm(piece, style) : lineEm(piece, style, lineEm(' ', style, lineWidth))) : lineEm(candidate, style);
        if (width * size <= maxWidth) {
          if (line === '') begin(piece);
          else {
            line = candidate;
            if (piece.length > 0) lineEnds = endsWithSpace(piece);
            else if (i === 0) lineEnds = true; // it ends with the space before the piece
          }
          lineWidth = width;
          return;
        }
        if (line !== '') lines.push(line);
        begin('');
        lineWidth = 0;
        const pieceWidth = lineEm(piece, style);
        if (pieceWidth * size <= maxWidth) {
          begin(piece);
          lineWidth = pieceWidth;
          return;
        }
        // Too long for any line: break between characters, at least one per line.
        for (const segment of graphemeClusters(piece)) {
          if (line === '') begin(segment);
          else if (fits(line + segment)) {
            line += segment;
            if (segment.length > 0) lineEnds = endsWithSpace(segment);
          } else {
            lines.push(line);
            begin(segment);
          }
        }
        lineWidth = undefined;
      });
    }
    if (line !== '') lines.push(line);
    return lines;
  };

  const lineHeight = (_font: FontSpec, size: number, lineSpacing: number): number => lineSpacing * LINE_PITCH_EM * size;

  const missingCharacters = (text: string, font: FontSpec): string[] => {
    const style = styleOf(font);
    let known = drawable.get(style.key);
    if (!known) drawable.set(style.key, (known = { bmp: new Uint8Array(0x10000), astral: new Map() }));
    const { bmp, astral } = known;
    const canDraw = (ch: string): boolean => BREAKING_SPACE.test(ch) || INVISIBLE.test(ch) || fontFor(ch.codePointAt(0) ?? 0, style, undefined) !== undefined;
    let missing: Set<string> | undefined;
    const nfc = text.normalize('NFC');
    for (let i = 0; i < nfc.length; i++) {
      const unit = nfc.charCodeAt(i);
      const low = unit >= 0xd800 && unit <= 0xdbff ? nfc.charCodeAt(i + 1) : NaN;
      if (low >= 0xdc00 && low <= 0xdfff) {
        // A surrogate pair: one character outside the BMP.
        const cp = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        const ch = nfc.slice(i, i + 2);
        i++;
        let ok = astral.get(cp);
        if (ok === undefined) astral.set(cp, (ok = canDraw(ch)));
        if (!ok) (missing ??= new Set()).add(ch);
        continue;
      }
      let status = bmp[unit];
      if (status === 0) bmp[unit] = status = canDraw(String.fromCharCode(unit)) ? DRAWN : NOT_DRAWN;
      if (status === NOT_DRAWN) (missing ??= new Set()).add(String.fromCharCode(unit));
    }
    return missing ? [...missing] : [];
  };

  return { width, wrap, lineHeight, missingCharacters };
}
