/**
 * Family-aware measurement: Calibri is measured with Carlito, Times New Roman
 * with Tinos, Arial and anything unknown with Arimo. Expected widths are
 * computed here with fontkit straight from each package's .woff2 files, so a
 * family measured with the wrong font (or a cache shared between fonts) shows
 * up as a wrong width.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { createMeasurer, knownFamily, metricFontOf, type FontSpec } from '../../src/fit/measure.js';

const require = createRequire(import.meta.url);
const filesOf = (pkg: string): string => join(dirname(require.resolve(`${pkg}/package.json`)), 'files');

const spec = (family: string, bold = false, italic = false): FontSpec => ({ family, bold, italic });
const ARIAL = spec('Arial');
const CALIBRI = spec('Calibri');
const TIMES = spec('Times New Roman');
const SENTENCE = 'Hội nghị sơ kết công tác thông tin và truyền thông sáu tháng đầu năm 2020';

const rawFonts = new Map<string, Font>();
/** A file of an @fontsource package, e.g. raw('carlito', 'latin-400-normal'). */
function raw(name: string, file: string): Font {
  const path = join(filesOf(`@fontsource/${name}`), `${name}-${file}.woff2`);
  let font = rawFonts.get(path);
  if (!font) {
    const opened = fontkit.openSync(path);
    if (!('layout' in opened)) throw new Error(`${path} is a collection`);
    rawFonts.set(path, (font = opened));
  }
  return font;
}

/** Width in points of one word shaped by fontkit from one file. */
function shaped(font: Font, word: string, size: number): number {
  for (const ch of word) expect(font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0), ch).toBe(true);
  return (font.layout(word).positions.reduce((sum, p) => sum + p.xAdvance, 0) * size) / font.unitsPerEm;
}

/** Width in points as plain glyph advances, no shaping at all. */
function advances(font: Font, text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += font.glyphForCodePoint(ch.codePointAt(0) ?? 0).advanceWidth;
  return (units * size) / font.unitsPerEm;
}

/** Every letter of the Vietnamese alphabet, every vowel with every tone, both cases, and a pangram. */
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const VIETNAMESE = [
  'Do bạch kim rất quý nên sẽ dùng để lắp vô xương.',
  'abcdđeghiklmnopqrstuvxy ₫',
  ...VOWELS.map((v) => TONES.map((tone) => (v + tone).normalize('NFC')).join('')),
]
  .map((line) => `${line} ${line.toUpperCase()}`)
  .join(' ');

const OPEN_FONTS = [
  { family: 'Arial', name: 'arimo' },
  { family: 'Calibri', name: 'carlito' },
  { family: 'Times New Roman', name: 'tinos' },
] as const;
const FACES = [
  [false, false, '400-normal'],
  [true, false, '700-normal'],
  [false, true, '400-italic'],
  [true, true, '700-italic'],
] as const;

describe('families and their metric fonts', () => {
  it('maps each registered family to its open font, ignoring case, spaces and quotes', () => {
    const cases: [string, string][] = [
      ['Arial', 'Arimo'],
      ['arimo', 'Arimo'],
      ['Liberation Sans', 'Arimo'],
      ['HELVETICA', 'Arimo'],
      ['Calibri', 'Carlito'],
      [' "Calibri" ', 'Carlito'],
      ['carlito', 'Carlito'],
      ['Times New Roman', 'Tinos'],
      ["'times new roman'", 'Tinos'],
      ['Times', 'Tinos'],
      ['Tinos', 'Tinos'],
      ['Liberation Serif', 'Tinos'],
    ];
    for (const [family, font] of cases) {
      expect(metricFontOf(family), family).toBe(font);
      expect(knownFamily(family), family).toBe(true);
    }
    for (const family of ['Comic Sans MS', 'Arial Narrow', 'Calibri Light', 'Cambria', '']) {
      expect(metricFontOf(family), family).toBeUndefined();
      expect(knownFamily(family), family).toBe(false);
    }
  });
});

describe('width per family', () => {
  it('measures Calibri with Carlito, in every face', () => {
    const m = createMeasurer();
    for (const [bold, italic, face] of FACES) {
      const font = raw('carlito', `latin-${face}`);
      for (const word of ['Calibri', 'Measurement', '0123456789']) {
        const expected = shaped(font, word, 20);
        expect(m.width(word, spec('Calibri', bold, italic), 20), `${word} ${face}`).toBeCloseTo(expected, 6);
        // Not Arial's width: the check can tell the fonts apart.
        expect(Math.abs(expected - shaped(raw('arimo', `latin-${face}`), word, 20)), `${word} ${face}`).toBeGreaterThan(0.5);
      }
    }
    // Calibri's digits are tabular, 0.507 em: ten at 10 pt ≈ 50.7 pt (Arial's are 55.6 pt).
    expect(m.width('0123456789', CALIBRI, 10)).toBeCloseTo(advances(raw('carlito', 'latin-400-normal'), '0123456789', 10), 6);
    expect(m.width('0123456789', CALIBRI, 10)).toBeCloseTo(50.7, 1);
  });

  it('measures Times New Roman with Tinos, in every face', () => {
    const m = createMeasurer();
    for (const [bold, italic, face] of FACES) {
      const font = raw('tinos', `latin-${face}`);
      for (const word of ['Roman', 'Measurement', '0123456789']) {
        const expected = shaped(font, word, 20);
        expect(m.width(word, spec('Times New Roman', bold, italic), 20), `${word} ${face}`).toBeCloseTo(expected, 6);
        expect(m.width(word, spec('Liberation Serif', bold, italic), 20), `${word} ${face}`).toBeCloseTo(expected, 6);
      }
    }
    // Times digits are 0.5 em.
    expect(m.width('0123456789', TIMES, 10)).toBeCloseTo(50, 6);
  });

  it('draws Vietnamese letters from each font’s own vietnamese subset', () => {
    const m = createMeasurer();
    for (const { family, name } of OPEN_FONTS) {
      for (const ch of ['ặ', 'ỗ', 'ự', 'ể']) {
        const expected = shaped(raw(name, 'vietnamese-400-normal'), ch, 20);
        expect(expected, `${name} ${ch}`).toBeGreaterThan(5);
        expect(m.width(ch, spec(family), 20), `${family} ${ch}`).toBeCloseTo(expected, 6);
        expect(m.width(ch, spec(family, true), 20), `${family} bold ${ch}`).toBeCloseTo(shaped(raw(name, 'vietnamese-700-normal'), ch, 20), 6);
      }
      // A mixed word sums its runs: H from latin, ộ from vietnamese.
      expect(m.width('Hộ', spec(family), 20), family).toBeCloseTo(shaped(raw(name, 'latin-400-normal'), 'H', 20) + shaped(raw(name, 'vietnamese-400-normal'), 'ộ', 20), 6);
    }
  });

  it('keeps each font’s widths apart when one measurer sees the same words in several families', () => {
    // Arial first, so a cache keyed by face alone would hand Calibri and Times Arial's widths.
    const m = createMeasurer();
    const arial = m.width(SENTENCE, ARIAL, 20);
    const calibri = m.width(SENTENCE, CALIBRI, 20);
    const times = m.width(SENTENCE, TIMES, 20);
    expect(new Set([arial, calibri, times]).size).toBe(3);
    // Each the same as a fresh measurer that saw only that family.
    expect(createMeasurer().width(SENTENCE, CALIBRI, 20)).toBe(calibri);
    expect(createMeasurer().width(SENTENCE, TIMES, 20)).toBe(times);
    expect(m.width(SENTENCE, ARIAL, 20)).toBe(arial);
  });

  it('measures an unknown family as Arial, with Arimo', () => {
    const m = createMeasurer();
    for (const family of ['Comic Sans MS', 'Calibri Light', '']) {
      expect(m.width(SENTENCE, spec(family), 20), family).toBe(m.width(SENTENCE, ARIAL, 20));
      expect(m.width(SENTENCE, spec(family, true, true), 20), family).toBe(m.width(SENTENCE, spec('Arial', true, true), 20));
      expect(m.width('Measurement', spec(family), 20), family).toBeCloseTo(shaped(raw('arimo', 'latin-400-normal'), 'Measurement', 20), 6);
    }
  });

  it('measures Calibri narrower than Arial on a Vietnamese sentence', () => {
    const m = createMeasurer();
    const arial = m.width(SENTENCE, ARIAL, 20);
    const calibri = m.width(SENTENCE, CALIBRI, 20);
    // Calibri sets text about a tenth narrower than Arial.
    expect(calibri).toBeLessThan(arial * 0.95);
    expect(calibri).toBeGreaterThan(arial * 0.8);
    expect(m.width(SENTENCE, spec('Calibri', true), 20)).toBeLessThan(m.width(SENTENCE, spec('Arial', true), 20) * 0.95);
  });
});

describe('missingCharacters per family', () => {
  it('finds every Vietnamese letter, with every tone, drawable in all three fonts, bold and italic', () => {
    const m = createMeasurer();
    for (const { family } of OPEN_FONTS) {
      for (const [bold, italic, face] of FACES) {
        const font = spec(family, bold, italic);
        expect(m.missingCharacters(VIETNAMESE, font), `${family} ${face}`).toEqual([]);
        expect(m.missingCharacters(VIETNAMESE.normalize('NFD'), font), `${family} ${face} NFD`).toEqual([]);
        // Drawn, not given the fallback width of 1 em: every letter is narrower.
        for (const ch of new Set(VIETNAMESE.replace(/\s/g, ''))) expect(m.width(ch, font, 10), `${family} ${face} ${ch}`).toBeLessThan(10);
        // And the check does find what none of the files has.
        expect(m.missingCharacters('Tăng 📈 中', font), `${family} ${face}`).toEqual(['📈', '中']);
      }
    }
  });
});

describe('wrap per family', () => {
  it('breaks a long line differently in Calibri and Arial', () => {
    const m = createMeasurer();
    const text = Array.from({ length: 6 }, () => SENTENCE).join(', ');
    const arial = m.wrap(text, ARIAL, 20, 400);
    const calibri = m.wrap(text, CALIBRI, 20, 400);
    expect(calibri).not.toEqual(arial);
    expect(calibri.length).toBeLessThan(arial.length);
    for (const [font, lines] of [
      [ARIAL, arial],
      [CALIBRI, calibri],
    ] as const) {
      expect(lines.join(' ')).toBe(text);
      for (const line of lines) expect(m.width(line, font, 20), line).toBeLessThanOrEqual(400);
    }
    // Where they first part, Calibri holds the word Arial had to carry over.
    const i = calibri.findIndex((line, k) => line !== arial[k]);
    expect(i).toBeGreaterThanOrEqual(0);
    const next = `${arial[i] ?? ''} ${(arial[i + 1] ?? '').split(' ')[0] ?? ''}`;
    expect(m.width(next, ARIAL, 20)).toBeGreaterThan(400);
    expect(calibri[i]?.startsWith(next), next).toBe(true);
  });
});
