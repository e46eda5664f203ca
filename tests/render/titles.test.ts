/**
 * Every slide gets one title, unique in the deck (render/titles.ts), and a
 * chart's alternative text is made from its data (render/alt-text.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocale } from '../../src/format/locale.js';
import type { ChartShape, Slide, TextShape, TextStyle } from '../../src/model/deck.js';
import { describeChart } from '../../src/render/alt-text.js';
import { entitleSlides, masterTitles } from '../../src/render/titles.js';
import { ROOT } from '../helpers/build.js';

const style = { fontFace: 'Arial', fontSize: 20, minFontSize: 14, maxFontSize: 20, lineSpacing: 1, margin: 4, color: '000000', bold: true, italic: false, align: 'left', valign: 'top', paraSpaceAfter: 0, balance: false } as TextStyle;
const title = (text: string, y = 0.2): TextShape => ({ kind: 'text', placeholder: 'title', box: { x: 0.5, y, w: 9, h: 1 }, style, paragraphs: [{ runs: [{ text }] }] });
const body = (text: string): TextShape => ({ kind: 'text', box: { x: 0.5, y: 2, w: 9, h: 3 }, style, paragraphs: [{ runs: [{ text }] }] });
const slide = (shapes: Slide['shapes'], extra: Partial<Slide> = {}): Slide => ({ master: 'content', shapes, notes: '', origin: { layout: 'x', dataPath: '' }, ...extra });
const cx = { slideWidth: 13.333, style, repeated: '{title} ({n})', refit: (t: TextShape) => t };
const titleOf = (s: Slide): string => {
  const t = s.shapes.find((x) => x.kind === 'text' && x.placeholder);
  return t && t.kind === 'text' ? t.paragraphs.flatMap((p) => p.runs.map((r) => r.text)).join('') : '';
};

describe('entitleSlides', () => {
  it('numbers titles earlier slides already have, from 2, skipping numbers already taken', () => {
    const slides = ['Viễn thông', 'Viễn thông', 'Viễn thông (2)', 'Viễn thông', 'Bưu chính'].map((t) => slide([title(t), body('x')]));
    expect(entitleSlides(slides, cx).map(titleOf)).toEqual(['Viễn thông', 'Viễn thông (2)', 'Viễn thông (2) (2)', 'Viễn thông (3)', 'Bưu chính']);
  });

  it('numbers a content slide that repeats its divider\'s title, as LibreOffice numbers PDF bookmarks', () => {
    const divider = (t: string): TextShape => ({ ...title(t), placeholder: 'ctrTitle' });
    const slides = [slide([divider('Tổng quan')]), slide([title('Tổng quan')]), slide([divider('Tổng quan')])];
    expect(entitleSlides(slides, cx).map(titleOf)).toEqual(['Tổng quan', 'Tổng quan (2)', 'Tổng quan (3)']);
  });

  it('adds the number as a run of its own in the look of the last, and fits the title again', () => {
    const bold = { ...title('A'), paragraphs: [{ runs: [{ text: 'A', style: { italic: true } }] }] };
    const refitted: TextShape[] = [];
    const out = entitleSlides([slide([title('A')]), slide([bold])], { ...cx, refit: (t) => (refitted.push(t), t) });
    const runs = out[1]!.shapes[0]!.kind === 'text' ? out[1]!.shapes[0]!.paragraphs[0]!.runs : [];
    expect(runs).toEqual([{ text: 'A', style: { italic: true } }, { text: ' (2)', style: { italic: true } }]);
    expect(refitted).toHaveLength(1);
  });

  it('gives a slide whose layout shows no title one above the slide, first, with its navigation title', () => {
    const [out] = entitleSlides([slide([body('x')], { title: 'Ảnh hiện trường' })], cx);
    const hidden = out!.shapes[0]!;
    expect(hidden.kind === 'text' && hidden.placeholder).toBe('title');
    expect(hidden.box.y + hidden.box.h).toBeLessThanOrEqual(0);
    expect(hidden.box.w).toBe(13.333);
    expect(titleOf(out!)).toBe('Ảnh hiện trường');
    expect(out!.shapes[1]).toEqual(body('x'));
  });

  it("takes a master's title placeholder from the first title shown on its slides", () => {
    const master = { name: 'content', background: 'FFFFFF', shapes: [] };
    const slides = entitleSlides([slide([body('x')], { title: 'hidden' }), slide([title('Shown', 0.4)])], cx);
    expect(masterTitles([master, { ...master, name: 'cover' }], slides)).toEqual([
      { ...master, title: { placeholder: 'title', box: { x: 0.5, y: 0.4, w: 9, h: 1 }, style } },
      { ...master, name: 'cover' },
    ]);
  });
});

describe('describeChart', () => {
  const vi = parseLocale(readFileSync(resolve(ROOT, 'templates', 'locales', 'vi.yaml'), 'utf8'), 'vi.yaml').chartAlt;
  const en = parseLocale(readFileSync(resolve(ROOT, 'templates', 'locales', 'en.yaml'), 'utf8'), 'en.yaml').chartAlt;
  const chart: Pick<ChartShape, 'type' | 'categories' | 'series' | 'labels'> = {
    type: 'column',
    categories: ['Quý I/2021', 'Quý II/2021', 'Quý III/2021'],
    series: [{ name: 'Thuê bao', values: [198250, 203900, 214380] }],
    labels: [['198.250', '203.900', '214.380']],
  };

  it('says the kind, the title and every point as its label reads, in the locale', () => {
    expect(describeChart(chart, 'Thuê bao băng rộng cố định theo quý năm 2021', vi)).toBe(
      'Biểu đồ cột: Thuê bao băng rộng cố định theo quý năm 2021. Quý I/2021: 198.250; Quý II/2021: 203.900; Quý III/2021: 214.380',
    );
    expect(describeChart({ ...chart, type: 'line', labels: [['198,250', '203,900', '214,380']] }, 'Subscribers', en)).toBe(
      'Line chart: Subscribers. Quý I/2021: 198,250; Quý II/2021: 203,900; Quý III/2021: 214,380',
    );
  });

  it('names each series when there are several', () => {
    const two = { ...chart, categories: ['2019', '2020'], series: [{ name: 'Nội địa', values: [1, 2] }, { name: 'Nhập khẩu', values: [3, 4] }], labels: [['1', '2'], ['3', '4']] };
    expect(describeChart(two, 'Doanh thu', vi)).toBe('Biểu đồ cột: Doanh thu. Nội địa: 2019: 1; 2020: 2. Nhập khẩu: 2019: 3; 2020: 4');
  });

  it('has defaults in English for a locale written before charts had alternative text', () => {
    const { chartAlt } = parseLocale(readFileSync(resolve(ROOT, 'templates', 'locales', 'vi.yaml'), 'utf8').replace(/\nchartAlt:[\s\S]*?\n(?=\S)/, '\n'), 'old.yaml');
    expect(describeChart({ ...chart, type: 'doughnut' }, 'T', chartAlt)).toMatch(/^Doughnut chart: T\. Quý I\/2021: 198\.250/);
  });
});
