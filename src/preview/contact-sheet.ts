/**
 * The contact sheet: every slide picture as a thumbnail in one image, in a
 * grid, the slide number under each. Composed as an SVG (one <image> per
 * slide, embedded as a data: URI) and drawn to PNG by resvg: no process, no
 * network, no fonts. The numbers are drawn as strokes, not text, so they look
 * the same on a server without fonts as on a staff laptop.
 */

export interface ContactSheetOptions {
  /** Thumbnails per row (fewer when there are fewer slides). */
  columns: number;
  /** Width of one thumbnail in pixels; the height follows the slides' aspect ratio. */
  thumbWidth: number;
}

export const CONTACT_SHEET_DEFAULTS: ContactSheetOptions = { columns: 4, thumbWidth: 320 };

/** Space around the grid, between thumbnails, and for the number under each. */
const MARGIN = 24;
const GAP_X = 24;
const GAP_Y = 12;
const LABEL_HEIGHT = 30;
const DIGIT_HEIGHT = 14;

export interface Cell {
  /** 1-based slide number. */
  slide: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ContactSheetLayout {
  width: number;
  height: number;
  columns: number;
  rows: number;
  thumbWidth: number;
  thumbHeight: number;
  cells: Cell[];
}

/** Where each thumbnail goes, for `count` slides of `slideWidth` × `slideHeight` pixels. */
export function contactSheetLayout(
  count: number,
  slideWidth: number,
  slideHeight: number,
  options: ContactSheetOptions = CONTACT_SHEET_DEFAULTS,
): ContactSheetLayout {
  const columns = Math.max(1, Math.min(options.columns, count));
  const rows = Math.max(1, Math.ceil(count / columns));
  const thumbWidth = options.thumbWidth;
  const thumbHeight = Math.max(1, Math.round((thumbWidth * slideHeight) / Math.max(1, slideWidth)));
  const cells: Cell[] = [];
  for (let i = 0; i < count; i++) {
    const column = i % columns;
    const row = Math.floor(i / columns);
    cells.push({
      slide: i + 1,
      x: MARGIN + column * (thumbWidth + GAP_X),
      y: MARGIN + row * (thumbHeight + LABEL_HEIGHT + GAP_Y),
      width: thumbWidth,
      height: thumbHeight,
    });
  }
  return {
    width: 2 * MARGIN + columns * thumbWidth + (columns - 1) * GAP_X,
    height: 2 * MARGIN + rows * (thumbHeight + LABEL_HEIGHT) + (rows - 1) * GAP_Y,
    columns,
    rows,
    thumbWidth,
    thumbHeight,
    cells,
  };
}

/** The pixel size in a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 24 || view.readUInt32BE(0) !== 0x89504e47 || view.readUInt32BE(4) !== 0x0d0a1a0a) return undefined;
  if (view.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = view.readUInt32BE(16);
  const height = view.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** The SVG of the sheet: the slides' PNG bytes in slide order, all of the size of the first. */
export function contactSheetSvg(slides: readonly Uint8Array[], options: ContactSheetOptions = CONTACT_SHEET_DEFAULTS): { svg: string; layout: ContactSheetLayout } {
  const first = slides[0] ? pngSize(slides[0]) : undefined;
  const layout = contactSheetLayout(slides.length, first?.width ?? 16, first?.height ?? 9, options);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">`,
    `<rect width="100%" height="100%" fill="#e8eaed"/>`,
  ];
  for (const cell of layout.cells) {
    const png = slides[cell.slide - 1];
    if (!png) continue;
    const { x, y, width, height } = cell;
    parts.push(
      `<rect x="${x - 1}" y="${y - 1}" width="${width + 2}" height="${height + 2}" fill="#ffffff" stroke="#b9bec6" stroke-width="1"/>`,
      `<image x="${x}" y="${y}" width="${width}" height="${height}" preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/>`,
      numberLabel(cell.slide, x + width / 2, y + height + (LABEL_HEIGHT - DIGIT_HEIGHT) / 2),
    );
  }
  parts.push('</svg>');
  return { svg: parts.join('\n'), layout };
}

/** Draws the sheet to PNG bytes. */
export async function renderContactSheet(
  slides: readonly Uint8Array[],
  options: ContactSheetOptions = CONTACT_SHEET_DEFAULTS,
): Promise<{ png: Uint8Array; layout: ContactSheetLayout }> {
  const { svg, layout } = contactSheetSvg(slides, options);
  const { Resvg } = await import('@resvg/resvg-js');
  const rendered = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
  return { png: rendered.asPng(), layout };
}

/**
 * The digits 0–9 as strokes in a 10 × 16 box (y down): a small, fixed
 * "font" so a number never depends on what fonts the machine has.
 */
const DIGITS: readonly string[] = [
  'M5 0C1.6 0 0 3.4 0 8S1.6 16 5 16 10 12.6 10 8 8.4 0 5 0Z',
  'M2.2 3.2 6 0V16',
  'M0.6 3.4C1.2 1.2 3 0 5.1 0 7.9 0 9.8 1.8 9.8 4.4 9.8 6.8 8.2 8.3 5.4 10.2 2.4 12.2 0.4 13.8 0.2 16H10',
  'M0.6 2.2C1.6 0.7 3.2 0 5 0 7.8 0 9.5 1.7 9.5 4 9.5 6.3 7.6 7.6 4.6 7.6 8 7.6 10 9.3 10 11.8 10 14.4 8 16 5 16 3 16 1.2 15.3 0 13.8',
  'M7.4 16V0L0 11.2H10',
  'M9.4 0H1.6L0.9 7.3C2 6.5 3.5 6 5 6 8 6 10 7.9 10 10.9 10 14 8 16 5 16 3 16 1.2 15.3 0 13.8',
  'M9 1.3C8.1 0.4 6.9 0 5.6 0 2.2 0 0.2 3.4 0.2 8.8 0.2 13.6 2.1 16 5.1 16 8 16 10 13.9 10 11 10 8.1 8.1 6.2 5.3 6.2 2.9 6.2 1.1 7.5 0.3 9.5',
  'M0 0H10C6.8 4.2 4.6 9.2 3.6 16',
  'M5 7.5C2.4 7.5 0.7 6.1 0.7 3.8 0.7 1.5 2.5 0 5 0S9.3 1.5 9.3 3.8C9.3 6.1 7.6 7.5 5 7.5 2 7.5 0 9.2 0 11.7 0 14.3 2.1 16 5 16S10 14.3 10 11.7C10 9.2 8 7.5 5 7.5Z',
  'M1 14.7C1.9 15.6 3.1 16 4.4 16 7.8 16 9.8 12.6 9.8 7.2 9.8 2.4 7.9 0 4.9 0 2 0 0 2.1 0 5 0 7.9 1.9 9.8 4.7 9.8 7.1 9.8 8.9 8.5 9.7 6.5',
];
const DIGIT_ADVANCE = 14;

/** A number centred on `cx`, its top at `top`, DIGIT_HEIGHT pixels tall. */
function numberLabel(n: number, cx: number, top: number): string {
  const digits = String(n);
  const scale = DIGIT_HEIGHT / 16;
  const width = (digits.length * DIGIT_ADVANCE - (DIGIT_ADVANCE - 10)) * scale;
  const left = cx - width / 2;
  const strokes = [...digits].map((d, i) => `<path transform="translate(${i * DIGIT_ADVANCE} 0)" d="${DIGITS[Number(d)] ?? ''}"/>`).join('');
  return `<g transform="translate(${round(left)} ${round(top)}) scale(${scale})" fill="none" stroke="#3c4043" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round">${strokes}</g>`;
}

const round = (v: number): number => Math.round(v * 100) / 100;
