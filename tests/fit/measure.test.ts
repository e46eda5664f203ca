/**
 * Text measurement against the font files themselves: expected widths are
 * computed here straight from the raw Arimo .woff files (a different decoder
 * path from the module's .woff2), so a wrong subset, weight or scale shows up.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fc from 'fast-check';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { createMeasurer, isSpaceUnit, knownFamily, type FontSpec } from '../../src/fit/measure.js';

const FILES = join(dirname(createRequire(import.meta.url).resolve('@fontsource/arimo/package.json')), 'files');
const ARIAL: FontSpec = { family: 'Arial', bold: false, italic: false };
const BOLD: FontSpec = { ...ARIAL, bold: true };
const ITALIC: FontSpec = { ...ARIAL, italic: true };
const REFERENCE = 'Hội nghị sơ kết công tác thông tin và truyền thông';

const m = createMeasurer();

const rawFonts = new Map<string, Font>();
function rawFont(file: string): Font {
  const cached = rawFonts.get(file);
  if (cached) return cached;
  const font = fontkit.openSync(join(FILES, file));
  if (!('glyphForCodePoint' in font)) throw new Error(`${file} is a collection`);
  rawFonts.set(file, font);
  return font;
}

/** Sum of plain glyph advances (no shaping, no kerning) in points. */
function rawWidth(file: string, text: string, size: number): number {
  const font = rawFont(file);
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    expect(font.hasGlyphForCodePoint(cp), `${file} has ${ch}`).toBe(true);
    units += font.glyphForCodePoint(cp).advanceWidth;
  }
  return (units * size) / font.unitsPerEm;
}

const graphemeCount = (s: string): number => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;
/** The spaces a line may break at; no-break spaces (U+00A0, U+2007, U+202F) are not among them. */
const SPACE = '[\\t\\n\\v\\f\\r \\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]';
const BREAKING_SPACE = new RegExp(`${SPACE}+`, 'g');
/** In a wrapped line, words are joined by exactly one plain space. */
const STRAY_SPACE = new RegExp(`^ | $|  |${SPACE.replace(' ', '')}`);

/** Text with the awkward parts of real report data: Vietnamese, dashes, no-break spaces, emoji, CJK, long words. */
const reportText = fc
  .array(
    fc.oneof(
      fc.constantFrom('Hội', 'nghị', 'ặ', 'ỗ', 'ự', 'ể', 'truyền', 'thông-tin', 'COVID-19', '2019–2020', '-5', '—', 'A', 'W', 'i'),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', ' - ', '📈', '中', '👩‍💻', 'Siêu-dài-không-ngắt-được-chút-nào'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('width', () => {
  it('matches the raw font advances for strings without kerning pairs', () => {
    // Arial digits are tabular, 0.556 em (1139/2048): ten at 10 pt ≈ 55.6 pt.
    expect(m.width('0123456789', ARIAL, 10)).toBeCloseTo(55.6, 1);
    const cases: [string, FontSpec, string, number][] = [
      ['0123456789', ARIAL, 'arimo-latin-400-normal.woff', 10],
      ['HHHH', ARIAL, 'arimo-latin-400-normal.woff', 24],
      ['HHHH', BOLD, 'arimo-latin-700-normal.woff', 24],
      ['HHHH', ITALIC, 'arimo-latin-400-italic.woff', 24],
      ['0123456789', { ...BOLD, italic: true }, 'arimo-latin-700-italic.woff', 18],
      ['mmnn', ARIAL, 'arimo-latin-400-normal.woff', 13.5],
    ];
    for (const [text, font, file, size] of cases) expect(m.width(text, font, size), `${text} ${file}`).toBeCloseTo(rawWidth(file, text, size), 6);
  });

  it('draws Vietnamese letters with stacked marks from the vietnamese subset, with real advances', () => {
    for (const ch of ['ặ', 'ỗ', 'ự', 'ể']) {
      const expected = rawWidth('arimo-vietnamese-400-normal.woff', ch, 20);
      expect(expected).toBeGreaterThan(5); // a real letter, not a zero-width mark
      expect(m.width(ch, ARIAL, 20), ch).toBeCloseTo(expected, 6);
      expect(m.width(ch, BOLD, 20), ch).toBeCloseTo(rawWidth('arimo-vietnamese-700-normal.woff', ch, 20), 6);
    }
    // Mixed-subset words sum their runs: H from latin, ộ from vietnamese.
    expect(m.width('Hộ', ARIAL, 20)).toBeCloseTo(rawWidth('arimo-latin-400-normal.woff', 'H', 20) + rawWidth('arimo-vietnamese-400-normal.woff', 'ộ', 20), 6);
  });

  it('measures decomposed (NFD) Vietnamese as the composed text the deck writes', () => {
    const nfc = 'Hội nghị sơ kết ặ ỗ ự';
    expect(m.width(nfc.normalize('NFD'), ARIAL, 20)).toBeCloseTo(m.width(nfc, ARIAL, 20), 9);
  });

  it('applies kerning from the font (AV is narrower than A + V)', () => {
    expect(m.width('AV', ARIAL, 100)).toBeLessThan(rawWidth('arimo-latin-400-normal.woff', 'AV', 100) - 1);
  });

  it('measures the reference title at 20 pt in the range Arial gives', () => {
    const width = m.width(REFERENCE, ARIAL, 20);
    console.log(`reference at 20 pt: regular ${width.toFixed(2)} pt, bold ${m.width(REFERENCE, BOLD, 20).toFixed(2)} pt`);
    expect(width).toBeGreaterThan(400);
    expect(width).toBeLessThan(520);
  });

  it('measures no-break and typographic spaces (which crash fontkit on the .woff files)', () => {
    expect(m.width('a\u00a0b', ARIAL, 20)).toBeCloseTo(m.width('a b', ARIAL, 20), 9);
    expect(m.width('\u2002', ITALIC, 20)).toBeCloseTo(10, 6); // en space: 0.5 em
    expect(m.width('\u2009', ITALIC, 20)).toBeGreaterThan(0);
  });

  it('gives characters no font draws a fallback width of about 1 em per cluster, and invisibles none', () => {
    expect(m.width('📈', ARIAL, 20)).toBeCloseTo(20, 6);
    expect(m.width('👩‍💻', ARIAL, 20)).toBeCloseTo(20, 6);
    expect(m.width('a\u00adb\u200bc', ARIAL, 20)).toBeCloseTo(m.width('abc', ARIAL, 20), 9);
  });

  it('is wider in bold than regular for the same text', () => {
    // Not every glyph: Arial's H is 0.722 em in both weights.
    expect(m.width('HHHH', BOLD, 20)).toBe(m.width('HHHH', ARIAL, 20));
    for (const text of [REFERENCE, 'Hội nghị', 'ặ ỗ ự', 'report 2020']) expect(m.width(text, BOLD, 20), text).toBeGreaterThan(m.width(text, ARIAL, 20));
  });

  it('scales linearly with size', () => {
    fc.assert(
      fc.property(reportText, fc.double({ min: 1, max: 200, noNaN: true }), fc.double({ min: 1, max: 200, noNaN: true }), (text, a, b) => {
        const perPointA = m.width(text, ARIAL, a) / a;
        const perPointB = m.width(text, ARIAL, b) / b;
        expect(perPointA).toBeCloseTo(perPointB, 9);
        expect(perPointA).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('measures Arial-like families alike and reports unknown ones', () => {
    for (const family of ['Arial', 'arimo', 'Liberation Sans', 'Helvetica', ' "Arial" ']) expect(knownFamily(family), family).toBe(true);
    for (const family of ['Comic Sans MS', 'Calibri Light', 'Arial Narrow', '']) expect(knownFamily(family), family).toBe(false);
    // An unknown family still measures, as Arimo.
    expect(m.width(REFERENCE, { ...ARIAL, family: 'Comic Sans MS' }, 20)).toBe(m.width(REFERENCE, ARIAL, 20));
  });

  it('is cheap for words already measured', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `thông${i % 500} tin`).join(' ');
    m.width(words, ARIAL, 20); // first pass shapes 501 distinct words
    const start = performance.now();
    for (let i = 0; i < 50; i++) m.wrap(words, ARIAL, 20 - (i % 10), 400);
    const perWrap = (performance.now() - start) / 50;
    expect(perWrap).toBeLessThan(80); // ~4000 words per pass: ~15 ms from the cache, ~400 ms shaping them afresh
  });
});

describe('wrap', () => {
  it('returns [] for text with no words', () => {
    expect(m.wrap('', ARIAL, 20, 100)).toEqual([]);
    expect(m.wrap('  \t\n ', ARIAL, 20, 100)).toEqual([]);
  });

  it('breaks greedily at spaces', () => {
    const lines = m.wrap(REFERENCE, ARIAL, 20, 200);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ')).toBe(REFERENCE);
    // Greedy: the next line's first word would not have fitted on the line before.
    lines.slice(1).forEach((line, i) => {
      const first = line.split(' ')[0] ?? '';
      expect(m.width(`${lines[i] ?? ''} ${first}`, ARIAL, 20)).toBeGreaterThan(200);
    });
    expect(m.wrap(REFERENCE, ARIAL, 20, 1000)).toEqual([REFERENCE]);
  });

  it('breaks after hyphens and en dashes, not after a leading sign or before a number', () => {
    const narrow = (text: string): string[] => m.wrap(text, ARIAL, 20, m.width('thông-', ARIAL, 20) + 1);
    expect(narrow('thông-tin')).toEqual(['thông-', 'tin']);
    expect(narrow('2019–2020')).toEqual(['2019–', '2020']);
    // No break before the number: too long, so it splits by characters instead of at the hyphen.
    expect(m.wrap('COVID-19', ARIAL, 20, m.width('COVID-1', ARIAL, 20) + 0.5)).toEqual(['COVID-1', '9']);
    expect(m.wrap('-5 -5', ARIAL, 20, m.width('-5', ARIAL, 20) + 1)).toEqual(['-5', '-5']);
  });

  it('keeps words joined by a no-break space together', () => {
    const widest = Math.max(m.width('tháng\u00a06', ARIAL, 20), m.width('năm\u00a02020', ARIAL, 20));
    const lines = m.wrap('tháng\u00a06 năm\u00a02020', ARIAL, 20, widest + 1);
    expect(lines).toEqual(['tháng\u00a06', 'năm\u00a02020']);
  });

  it('breaks a word longer than the line between characters, keeping clusters whole', () => {
    const lines = m.wrap('Siêuuuuuuuuuuuuuuuuuuuuuudài', ARIAL, 20, 60);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).toBe('Siêuuuuuuuuuuuuuuuuuuuuuudài');
    expect(m.wrap('👩‍💻👩‍💻', ARIAL, 20, 5)).toEqual(['👩‍💻', '👩‍💻']);
  });

  it('never returns a line wider than the width unless it is one unbreakable character', () => {
    fc.assert(
      fc.property(reportText, fc.double({ min: 6, max: 60, noNaN: true }), fc.double({ min: 1, max: 600, noNaN: true }), (text, size, maxWidth) => {
        for (const line of m.wrap(text, BOLD, size, maxWidth)) {
          if (graphemeCount(line) > 1) expect(m.width(line, BOLD, size)).toBeLessThanOrEqual(maxWidth);
        }
      }),
    );
  });

  it('keeps every non-space character in order, with no empty lines or stray spaces', () => {
    fc.assert(
      fc.property(reportText, fc.double({ min: 1, max: 600, noNaN: true }), (text, maxWidth) => {
        const lines = m.wrap(text, ARIAL, 20, maxWidth);
        expect(lines.join('').replace(BREAKING_SPACE, '')).toBe(text.replace(BREAKING_SPACE, ''));
        for (const line of lines) {
          expect(line).not.toBe('');
          expect(line).not.toMatch(STRAY_SPACE); // no leading, trailing or doubled space; only ' ' between words
        }
      }),
    );
  });

  it('is greedy for any text: the next line\'s first word, measured with the whole line, would not have fitted', () => {
    // wrap adds each word's width to the line's instead of measuring the line again: the same sums, to the last bit.
    fc.assert(
      fc.property(reportText, fc.double({ min: 6, max: 40, noNaN: true }), fc.double({ min: 20, max: 600, noNaN: true }), (text, size, maxWidth) => {
        const lines = m.wrap(text, ARIAL, size, maxWidth);
        // A word wider than the line is split between characters, and a piece of it (a no-break
        // space glued to an emoji, split off alone) reads like a word here: checked above instead.
        if (text.split(BREAKING_SPACE).some((w) => m.width(w, ARIAL, size) > maxWidth)) return;
        lines.slice(1).forEach((line, i) => {
          const previous = lines[i] ?? '';
          const first = line.split(' ')[0] ?? '';
          // A dash piece or a character split joins without a space; those lines are checked by the properties above.
          if (/[-\u2010\u2013]$/.test(previous) || /[-\u2010\u2013]/.test(first) || m.width(first, ARIAL, size) > maxWidth) return;
          if (!text.split(BREAKING_SPACE).includes(first) || !text.split(BREAKING_SPACE).some((w) => previous.endsWith(w))) return;
          expect(m.width(`${previous} ${first}`, ARIAL, size)).toBeGreaterThan(maxWidth);
        });
      }),
    );
  });

  it('joins back to the input with spaces collapsed when every word fits and none has a dash', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Hội', 'nghị', 'sơ', 'kết', 'ặ', 'ỗ', 'ự', 'A', 'W', '📈'), { maxLength: 40 }), fc.constantFrom(' ', '  ', '\t', '\n '), fc.integer({ min: 80, max: 800 }), (words, gap, maxWidth) => {
        const lines = m.wrap(words.join(gap), ARIAL, 20, maxWidth);
        expect(lines.join(' ')).toBe(words.join(' '));
      }),
    );
  });
});

describe('lineHeight', () => {
  it('is lineSpacing × 1.2 × size, as PowerPoint pitches lines, not the font box', () => {
    expect(m.lineHeight(ARIAL, 20, 1)).toBeCloseTo(24, 9);
    expect(m.lineHeight(BOLD, 18, 1.5)).toBeCloseTo(32.4, 9);
    expect(m.lineHeight(ARIAL, 10, 0.9)).toBeCloseTo(10.8, 9);
    // Arimo's own hhea line box (Arial's too) is 1.15 em: PowerPoint's 1.2 em is taller.
    const font = rawFont('arimo-latin-400-normal.woff');
    expect((font.ascent - font.descent + font.lineGap) / font.unitsPerEm).toBeCloseTo(1.15, 2);
  });
});

describe('isSpaceUnit', () => {
  it('is what /\\s/ matches, for every UTF-16 unit', () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpaceUnit(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});

describe('width of a line', () => {
  it('is the sum, in order, of the widths of its runs of space and of the rest (the runs of split(/(\\s+)/))', () => {
    const unit = fc.oneof(fc.constantFrom(' ', '  ', '\u00a0', '\t', '\u3000', 'ệ', 'W', 'A', 'T', '-', '1', '😀', 'x'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), fc.constantFrom(ARIAL, BOLD, ITALIC), (pieces, font) => {
        const text = pieces.join('');
        const runs = text.split(/(\s+)/).filter(Boolean);
        // Size 1: widths in em, so the sums compare to the last bit.
        expect(m.width(text, font, 1)).toBe(runs.reduce((em, run) => em + m.width(run, font, 1), 0));
      }),
      { numRuns: 500 },
    );
  });
});

describe('missingCharacters', () => {
  it('finds none in Vietnamese, composed or decomposed', () => {
    expect(m.missingCharacters('Hội nghị sơ kết ặ ỗ ự', ARIAL)).toEqual([]);
    expect(m.missingCharacters('Hội nghị sơ kết ặ ỗ ự'.normalize('NFD'), BOLD)).toEqual([]);
    expect(m.missingCharacters(`${REFERENCE} — “Tiếng Việt” 1.234,5 ₫ € Ελληνικά Русский שלום`, ITALIC)).toEqual([]);
  });

  it('reports emoji and CJK, each once, and ignores joiners and variation selectors', () => {
    expect(m.missingCharacters('Tăng 📈 中 中 📈', ARIAL)).toEqual(['📈', '中']);
    expect(m.missingCharacters('✅\ufe0f 👩‍💻', ARIAL)).toEqual(['✅', '👩', '💻']);
    expect(m.missingCharacters('a\u00a0b\tc\n', ARIAL)).toEqual([]);
  });
});
