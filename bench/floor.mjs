/**
 * The floor: a plain pptxgenjs 4.0.1 script making the same slides as
 * briefdeck from the JSON bench/prepare.mjs made (title, text lines as
 * bullets or numbers, the same native charts with the same data, tables,
 * speaker notes). No templating, validation, fitting or normalising.
 *
 *   node bench/floor.mjs <input.json> <out.pptx> plain|compressed
 *
 * plain: `writeFile` (in Node it never compresses: STORE);
 * compressed: `stream({compression: true})` (JSZip's JavaScript DEFLATE), then written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import PptxGenJS from 'pptxgenjs';

const [, , inputFile, output, mode = 'plain'] = process.argv;
const input = JSON.parse(readFileSync(inputFile, 'utf8'));

const pres = new PptxGenJS();
pres.layout = 'LAYOUT_WIDE';
pres.title = input.title;
pres.author = input.author;
const COLORS = ['1F4E79', 'C00000', '2E7D32', 'EF6C00', '6A1B9A', '00838F'];

for (const s of input.slides) {
  const slide = pres.addSlide();
  slide.addText(s.title, { x: 0.6, y: 0.4, w: 12.1, h: 1, fontFace: 'Arial', fontSize: 28, bold: true, color: '1F4E79', lang: 'vi-VN' });
  const lines = s.lines ?? [];
  if (s.chart) {
    const data = s.chart.series.map((series) => ({ name: series.name, labels: s.chart.categories, values: series.values }));
    const type = s.chart.type === 'line' ? pres.ChartType.line : s.chart.type === 'doughnut' ? pres.ChartType.doughnut : pres.ChartType.bar;
    slide.addChart(type, data, {
      x: 0.6, y: 1.5, w: 12.1, h: 4.9,
      barDir: s.chart.type === 'bar' ? 'bar' : 'col',
      chartColors: COLORS,
      showValue: true,
      showLegend: s.chart.series.length > 1 || s.chart.type === 'doughnut',
      legendPos: 'b',
    });
    if (lines.length > 0) slide.addText(lines.join(' '), { x: 0.6, y: 6.5, w: 12.1, h: 0.6, fontFace: 'Arial', fontSize: 14, lang: 'vi-VN' });
  } else if (s.table) {
    const header = s.table.columns.map((text) => ({ text, options: { bold: true, fill: { color: '1F4E79' }, color: 'FFFFFF' } }));
    const rows = s.table.rows.map((row) => row.map((text) => ({ text: String(text) })));
    slide.addTable([header, ...rows], { x: 0.6, y: 1.5, w: 12.1, fontFace: 'Arial', fontSize: 12, border: { type: 'solid', pt: 0.75, color: 'BFBFBF' }, autoPage: false });
  } else if (lines.length > 0) {
    const bullet = s.numbered ? { type: 'number', indent: 32 } : { indent: 24 };
    slide.addText(
      lines.map((text) => ({ text, options: { bullet, breakLine: true, lang: 'vi-VN' } })),
      { x: 0.6, y: 1.5, w: 12.1, h: 5.5, fontFace: 'Arial', fontSize: 20, valign: 'top', paraSpaceAfter: 6 },
    );
  }
  if (s.notes) slide.addNotes(s.notes);
}

// write({compression: true}) ignores compression for nodebuffer output in 4.0.1; stream() honours it.
if (mode === 'compressed') writeFileSync(output, await pres.stream({ compression: true }));
else await pres.writeFile({ fileName: output });
