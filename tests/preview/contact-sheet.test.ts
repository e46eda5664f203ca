/** The contact sheet on its own, without LibreOffice: slide pictures made by resvg. */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { contactSheetLayout, contactSheetSvg, pngSize, renderContactSheet } from '../../src/preview/contact-sheet.js';

/** A 16:9 "slide" of one colour. */
const slide = (fill: string, width = 160, height = 90): Uint8Array =>
  new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${fill}"/></svg>`).render().asPng();

describe('contact sheet', () => {
  it('lays slides out in rows of four, each thumbnail keeping the slides\' aspect ratio', () => {
    const grid = contactSheetLayout(25, 1280, 720);
    expect({ columns: grid.columns, rows: grid.rows, thumbWidth: grid.thumbWidth, thumbHeight: grid.thumbHeight }).toEqual({ columns: 4, rows: 7, thumbWidth: 320, thumbHeight: 180 });
    expect(grid.cells).toHaveLength(25);
    expect(grid.cells[4]).toMatchObject({ slide: 5, x: grid.cells[0]!.x }); // the fifth starts the second row
    expect(grid.cells[4]!.y).toBeGreaterThan(grid.cells[0]!.y + grid.thumbHeight);
    for (const cell of grid.cells) {
      expect(cell.x + cell.width).toBeLessThanOrEqual(grid.width);
      expect(cell.y + cell.height).toBeLessThanOrEqual(grid.height);
    }
    expect(contactSheetLayout(2, 1280, 720).columns).toBe(2); // no empty columns for a short deck
    expect(contactSheetLayout(3, 1024, 768).thumbHeight).toBe(240); // 4:3 slides
  });

  it('draws one image per slide and a number under each, into a PNG of the grid\'s size', async () => {
    const slides = ['#c00', '#0a0', '#00c', '#888', '#fc0'].map((c) => slide(c));
    const { svg } = contactSheetSvg(slides);
    expect(svg.match(/<image /g)).toHaveLength(5);
    expect(svg.match(/<g transform=[^>]*stroke=/g)).toHaveLength(5);
    const { png, layout } = await renderContactSheet(slides);
    expect(pngSize(png)).toEqual({ width: layout.width, height: layout.height });
    expect(layout.rows).toBe(2);
  });

  it('reads a PNG\'s size, and nothing from other bytes', () => {
    expect(pngSize(slide('#fff', 200, 100))).toEqual({ width: 200, height: 100 });
    expect(pngSize(new TextEncoder().encode('%PDF-1.7 not a picture at all'))).toBeUndefined();
  });
});
