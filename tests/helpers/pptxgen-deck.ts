/**
 * A small deck made straight through pptxgenjs, for the tests of what
 * briefdeck takes from it (capture.ts, parts-zip.ts): text, notes, a
 * picture and two charts; `q3` is a figure that can change.
 */
import pptxgen from 'pptxgenjs';

export type PptxGenJSClass = typeof pptxgen.default;
export type Pres = InstanceType<PptxGenJSClass>;

/** The pptxgenjs the modules run, as its CommonJS build loads under ES imports. */
export const PptxGenJS: PptxGenJSClass =
  (pptxgen as unknown as { default?: PptxGenJSClass }).default ?? (pptxgen as unknown as PptxGenJSClass);

export const NORMALISE_OPTIONS = { modified: new Date('2020-07-06T00:00:00Z'), lang: 'vi-VN' };
export const PIXEL = 'image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
export const CHART_DATA = [{ name: 'Thực hiện', labels: ['Q1', 'Q2', 'Q3'], values: [12, 18, 33] }];

export function sampleDeck(q3 = 33, Maker: PptxGenJSClass = PptxGenJS): Pres {
  const pres = new Maker();
  pres.layout = 'LAYOUT_WIDE';
  pres.title = 'Sơ kết 6 tháng đầu năm 2020';
  const slide = pres.addSlide();
  slide.addText([{ text: 'Kết quả nổi bật', options: { bullet: true, lang: 'vi-VN' } }], { x: 1, y: 1, w: 8, h: 1 });
  slide.addImage({ data: PIXEL, x: 1, y: 3, w: 1, h: 1 });
  slide.addNotes('Nhấn mạnh chỉ tiêu vượt kế hoạch.');
  const data = [{ ...CHART_DATA[0]!, values: [12, 18, q3] }];
  pres.addSlide().addChart(pres.ChartType.bar, structuredClone(data), { x: 1, y: 1, w: 8, h: 5, barDir: 'col', showValue: true });
  pres.addSlide().addChart(pres.ChartType.doughnut, structuredClone(data), { x: 1, y: 1, w: 8, h: 5 });
  return pres;
}
