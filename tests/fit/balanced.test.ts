/**
 * Balanced text (fit.ts `balanced`): a box of a balancing style whose text
 * fills less than half of it is centred; otherwise it stays at the top. The
 * height is the one fitting measured, asked of the measurer again only for
 * a box whose size changed since (a size group), so each text is wrapped
 * once per size it is tried at.
 */
import { describe, expect, it } from 'vitest';
import { fitSlide } from '../../src/fit/fit.js';
import { createMeasurer, type TextMeasurer } from '../../src/fit/measure.js';
import type { Slide, TextShape, TextStyle } from '../../src/model/deck.js';

const STYLE: TextStyle = {
  fontFace: 'Arial',
  fontSize: 20,
  minFontSize: 14,
  maxFontSize: 20,
  balance: true,
  color: '000000',
  bold: false,
  italic: false,
  align: 'left',
  valign: 'top',
  lineSpacing: 1,
  paraSpaceAfter: 6,
  margin: 4,
};

function text(words: string, extra: Partial<TextShape> = {}, style: Partial<TextStyle> = {}): TextShape {
  return { kind: 'text', box: { x: 0, y: 0, w: 4, h: 2 }, style: { ...STYLE, ...style }, paragraphs: [{ runs: [{ text: words }] }], ...extra };
}

const slideOf = (...shapes: TextShape[]): Slide => ({ master: 'm', shapes, notes: '', origin: { layout: 'l', dataPath: 'p' } });

/** The real measurer, with its wraps counted by text and size. */
function countingMeasurer(): { measurer: TextMeasurer; wraps: Map<string, number> } {
  const real = createMeasurer();
  const wraps = new Map<string, number>();
  const measurer: TextMeasurer = {
    ...real,
    width: (t, f, s) => real.width(t, f, s),
    lineHeight: (f, s, l) => real.lineHeight(f, s, l),
    missingCharacters: (t, f) => real.missingCharacters(t, f),
    wrap: (t, f, s, w) => {
      const key = `${s}:${t}`;
      wraps.set(key, (wraps.get(key) ?? 0) + 1);
      return real.wrap(t, f, s, w);
    },
  };
  return { measurer, wraps };
}

const valigns = (slide: Slide): string[] => slide.shapes.map((s) => (s.kind === 'text' ? s.style.valign : s.kind));

describe('balanced text', () => {
  it('centres a short text of a balancing style, leaves a long one and a non-balancing one at the top', () => {
    const { measurer } = countingMeasurer();
    const long = 'Tăng cường bảo đảm an toàn thông tin mạng, phát triển doanh nghiệp công nghệ số Việt Nam '.repeat(2);
    const fitted = fitSlide(slideOf(text('Ngắn.'), text(long), text('Ngắn.', {}, { balance: false })), measurer).slide;
    expect(valigns(fitted)).toEqual(['middle', 'top', 'top']);
  });

  it('wraps each text once at the size it fits at: the balance test reuses that height', () => {
    const { measurer, wraps } = countingMeasurer();
    fitSlide(slideOf(text('Một câu tóm tắt ngắn.')), measurer);
    expect(wraps.get('20:Một câu tóm tắt ngắn.')).toBe(1);
  });

  it('measures again a box its size group shrank, and centres it by its new height', () => {
    const { measurer, wraps } = countingMeasurer();
    // The long one needs a smaller size; the short one takes it too (one size group) and is measured at it.
    const long = 'Doanh thu an toàn thông tin mạng nội địa tăng từ 37,2% lên 50,8% '.repeat(3);
    const fitted = fitSlide(slideOf(text('9.637', { sizeGroup: 'g' }), text(long, { sizeGroup: 'g' })), measurer).slide;
    const sizes = fitted.shapes.map((s) => (s.kind === 'text' ? s.style.fontSize : 0));
    expect(sizes[0]).toBe(sizes[1]);
    expect(sizes[0]).toBeLessThan(20);
    expect(wraps.get(`${sizes[0]}:9.637`)).toBe(1);
    expect(valigns(fitted)[0]).toBe('middle');
  });
});
