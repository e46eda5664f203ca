/**
 * The reference for the font metric tables (tests/fit/metric-tables.test.ts):
 * src/fit/measure.ts as it was before issue 15, measuring with fontkit at run
 * time, unchanged but for this comment and the names of its exports
 * (createFontkitMeasurer, fontkitKnownFamily, fontkitMetricFontOf). The
 * tables must give the same widths, lines and missing characters.
 *
 * Original header:
 *
 * Text measurement with real font metrics, so fitting (fit.ts) predicts what
 * PowerPoint will do when it lays the deck out in Arial, Calibri or Times New
 * Roman.
 *
 * Those fonts cannot be shipped, so each is measured with its open
 * metric-compatible twin, which has the same advance widths: Arimo for Arial,
 * Carlito for Calibri, Tinos for Times New Roman (METRIC_FONTS). Any other
 * family is measured as Arial, with Arimo. @fontsource splits each font into
 * one file per Unicode subset (latin, vietnamese, ...); each character is drawn
 * from the subset file that has it, and each same-file run is shaped with
 * fontkit (kerning, mark positioning). Font files are read lazily, once per
 * process; widths are cached per word, because a deck measures the same words
 * again and again while it shrinks boxes one point at a time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';

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

/**
 * The open fonts with real metrics, each with the families it measures
 * (lower case): a family's own font where we have it, else its metric twin.
 */
const METRIC_FONTS = {
  Arimo: { package: '@fontsource/arimo', families: ['arial', 'arimo', 'liberation sans', 'helvetica'] },
  Carlito: { package: '@fontsource/carlito', families: ['calibri', 'carlito'] },
  Tinos: { package: '@fontsource/tinos', families: ['times new roman', 'times', 'tinos', 'liberation serif'] },
} as const;

type MetricFontName = keyof typeof METRIC_FONTS;

/** The font an unknown family is measured with: Arial's widths. */
const FALLBACK_FONT: MetricFontName = 'Arimo';

const FONT_BY_FAMILY = new Map<string, MetricFontName>(
  (Object.keys(METRIC_FONTS) as MetricFontName[]).flatMap((name) => METRIC_FONTS[name].families.map((family) => [family, name] as const)),
);

/** "Arial", ' "Times New Roman" ' → the registry's key: trimmed, unquoted, lower case. */
const familyKey = (family: string): string => family.trim().replace(/^["']|["']$/g, '').toLowerCase();

/** Whether the family has real metrics here; anything else is measured as Arial, but worth a warning. */
export function fontkitKnownFamily(family: string): boolean {
  return FONT_BY_FAMILY.has(familyKey(family));
}

/** The open font the family is measured with ('Arimo', 'Carlito' or 'Tinos'), or undefined when it has no metrics here. */
export function fontkitMetricFontOf(family: string): MetricFontName | undefined {
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
/** Controls and invisible format characters (soft hyphen, ZWJ, variation selectors) take no width and are never "missing". */
const INVISIBLE = /[\p{Cc}\p{Default_Ignorable_Code_Point}]/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// ---------------------------------------------------------------------------
// Font files

interface Subset {
  name: string;
  /** Inclusive code point ranges from the package's unicode-range. */
  ranges: [number, number][];
}

/** A weight/style pair, e.g. "700-italic"; it names one file per subset. */
type Face = `${400 | 700}-${'normal' | 'italic'}`;

const faceOf = (font: FontSpec): Face => `${font.bold ? 700 : 400}-${font.italic ? 'italic' : 'normal'}`;

/** One metric font's files, read as characters need them. */
interface MetricFont {
  name: MetricFontName;
  dir?: string;
  subsets?: Subset[];
  /** Opened files, by path. */
  files: Map<string, Font>;
}

const metricFonts = new Map<MetricFontName, MetricFont>();

/** A metric font in one face: what the caches below are keyed by. */
interface Style {
  font: MetricFont;
  face: Face;
  /** "Carlito 700-italic". */
  key: `${MetricFontName} ${Face}`;
}

function styleOf(spec: FontSpec): Style {
  const name = fontkitMetricFontOf(spec.family) ?? FALLBACK_FONT;
  let font = metricFonts.get(name);
  if (!font) metricFonts.set(name, (font = { name, files: new Map() }));
  const face = faceOf(spec);
  return { font, face, key: `${name} ${face}` };
}

/** Per metric font and face, character → whether it takes no glyph (a space, an invisible) or a font draws it. */
const drawable = new Map<Style['key'], Map<string, boolean>>();
/** Per metric font and face, code point → the file that draws it, or null when none does. */
const fontByChar = new Map<Style['key'], Map<number, Font | null>>();

function packageDir(font: MetricFont): string {
  font.dir ??= dirname(createRequire(import.meta.url).resolve(`${METRIC_FONTS[font.name].package}/package.json`));
  return font.dir;
}

/**
 * The subsets and their unicode-ranges, from the package's unicode.json (the
 * same ranges its CSS declares). Latin first (most text), then Vietnamese
 * before latin-ext, so a Vietnamese word's ơ/ư come from the same file as its
 * ặ/ự and the word shapes as one run.
 */
function loadSubsets(font: MetricFont): Subset[] {
  if (font.subsets) return font.subsets;
  const table = JSON.parse(readFileSync(join(packageDir(font), 'unicode.json'), 'utf8')) as Record<string, string>;
  const priority = ['latin', 'vietnamese', 'latin-ext'];
  const rank = (name: string): number => (priority.includes(name) ? priority.indexOf(name) : priority.length);
  font.subsets = Object.entries(table)
    .map(([name, range]) => ({ name, ranges: range.split(',').map(parseRange) }))
    .sort((a, b) => rank(a.name) - rank(b.name));
  return font.subsets;
}

/** "U+0102-0103" → [0x102, 0x103]; "U+20AB" → [0x20ab, 0x20ab]. */
function parseRange(range: string): [number, number] {
  const [lo = '0', hi = lo] = range.trim().replace(/^U\+/i, '').split('-');
  return [parseInt(lo, 16), parseInt(hi, 16)];
}

/**
 * The .woff2 file, not the .woff: fontkit 2.0.4 reads past the end of a .woff's
 * glyf table for empty glyphs stored last (U+00A0, U+2002, U+2009 in every
 * file), and throws a RangeError; its WOFF2 decoder has no such problem and
 * gives the same advances for every other character.
 */
function subsetFont(subset: string, style: Style): Font {
  const file = join(packageDir(style.font), 'files', `${style.font.name.toLowerCase()}-${subset}-${style.face}.woff2`);
  let font = style.font.files.get(file);
  if (!font) {
    const opened = fontkit.openSync(file);
    if (!('layout' in opened)) throw new Error(`${file}: expected a single font, found a collection`);
    font = opened;
    style.font.files.set(file, font);
  }
  return font;
}

/**
 * The font that draws `cp`: the current run's font if it has the glyph (longer
 * runs keep kerning and keep a mark on its base), else the first subset whose
 * unicode-range lists `cp` and whose file really has it. Files are opened only
 * when a character may be in them.
 */
function fontFor(cp: number, style: Style, current: Font | undefined): Font | undefined {
  if (current?.hasGlyphForCodePoint(cp)) return current;
  let known = fontByChar.get(style.key);
  if (!known) fontByChar.set(style.key, (known = new Map()));
  let font = known.get(cp);
  if (font === undefined) {
    const subset = loadSubsets(style.font).find(
      (s) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) && subsetFont(s.name, style).hasGlyphForCodePoint(cp),
    );
    font = subset ? subsetFont(subset.name, style) : null;
    known.set(cp, font);
  }
  return font ?? undefined;
}

// ---------------------------------------------------------------------------
// Widths

/** Per metric font and face, token → width in em. Bounded so a long-lived process cannot grow it without limit. */
const widthCache = new Map<Style['key'], Map<string, number>>();
let widthCacheSize = 0;
const WIDTH_CACHE_LIMIT = 200_000;

/** Width in em of a token (a word, or a run of spaces), shaped per subset font. */
function tokenEm(token: string, style: Style): number {
  let widths = widthCache.get(style.key);
  if (!widths) widthCache.set(style.key, (widths = new Map()));
  const cached = widths.get(token);
  if (cached !== undefined) return cached;

  let em = 0;
  let run = '';
  let runFont: Font | undefined;
  const flush = (): void => {
    if (runFont && run) {
      const advance = runFont.layout(run).positions.reduce((sum, p) => sum + p.xAdvance, 0);
      em += advance / runFont.unitsPerEm;
    }
    run = '';
  };
  // NFC: the deck is written composed, and decomposed Vietnamese (a + U+0323 +
  // U+0306) has marks no subset's range lists.
  for (const { segment } of graphemes.segment(token.normalize('NFC'))) {
    let base = true;
    for (const ch of segment) {
      if (INVISIBLE.test(ch)) continue;
      const font = fontFor(ch.codePointAt(0) ?? 0, style, runFont);
      if (!font) {
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
      run += ch;
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
  let em = from;
  for (const token of text.split(/(\s+)/)) if (token) em += tokenEm(token, style);
  return em;
}

/** Whether text starts or ends with a character lineEm splits at. */
const EDGE_SPACE = /^\s|\s$/;

/**
 * A word split after each dash that a line may break at: "thông-tin" →
 * ["thông-", "tin"]. A leading dash (-5, --x) is a sign, not a break, and a
 * hyphen before a digit (COVID-19) does not break, as in Unicode line breaking.
 */
function dashPieces(word: string): string[] {
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

export function createFontkitMeasurer(): TextMeasurer {
  const width = (text: string, font: FontSpec, size: number): number => lineEm(text, styleOf(font)) * size;

  const wrap = (text: string, font: FontSpec, size: number, maxWidth: number): string[] => {
    const style = styleOf(font);
    const fits = (line: string): boolean => lineEm(line, style) * size <= maxWidth;
    const lines: string[] = [];
    let line = '';
    // The width of `line` in em while it is known. A word after a space adds
    // its own tokens to it, in the order lineEm would add them, so the sum is
    // the same to the last bit and a line costs one look-up per word, not one
    // per word so far.
    let lineWidth: number | undefined = 0;
    for (const word of text.split(BREAKING_SPACE)) {
      if (!word) continue;
      dashPieces(word).forEach((piece, i) => {
        const candidate = line === '' ? piece : line + (i === 0 ? ' ' : '') + piece;
        const additive = i === 0 && lineWidth !== undefined && !EDGE_SPACE.test(piece) && !EDGE_SPACE.test(line);
        const width = additive ? (line === '' ? lineEm(piece, style) : lineEm(piece, style, lineEm(' ', style, lineWidth))) : lineEm(candidate, style);
        if (width * size <= maxWidth) {
          line = candidate;
          lineWidth = width;
          return;
        }
        if (line !== '') lines.push(line);
        line = '';
        lineWidth = 0;
        const pieceWidth = lineEm(piece, style);
        if (pieceWidth * size <= maxWidth) {
          line = piece;
          lineWidth = pieceWidth;
          return;
        }
        // Too long for any line: break between characters, at least one per line.
        for (const { segment } of graphemes.segment(piece)) {
          if (line === '' || fits(line + segment)) line += segment;
          else {
            lines.push(line);
            line = segment;
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
    if (!known) drawable.set(style.key, (known = new Map()));
    const missing = new Set<string>();
    for (const ch of text.normalize('NFC')) {
      let ok = known.get(ch);
      if (ok === undefined) {
        ok = BREAKING_SPACE.test(ch) || INVISIBLE.test(ch) || fontFor(ch.codePointAt(0) ?? 0, style, undefined) !== undefined;
        known.set(ch, ok);
      }
      if (!ok) missing.add(ch);
    }
    return [...missing];
  };

  return { width, wrap, lineHeight, missingCharacters };
}
