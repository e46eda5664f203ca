/**
 * PNG and JPEG pictures checked before they go into a deck: the structure of
 * the file, end to end, and the pixel size from the header before anything
 * is decoded. A damaged picture is refused here rather than embedded (a
 * viewer would draw a grey box, or PowerPoint offer to repair the deck).
 *
 *  - PNG: the signature; every chunk whole, with its CRC; IHDR first and
 *    valid; PLTE for a palette picture; IDAT present and its zlib stream
 *    inflating to at least the rows the header promises (counted, not kept);
 *    IEND present.
 *  - JPEG: SOI; every segment whole up to each scan; a frame header (SOFn)
 *    before the first scan; the entropy-coded data ending in a marker; EOI.
 *
 * Bytes after IEND or EOI are left alone (many tools write some).
 */
import { createInflate } from 'node:zlib';

/** Pixels a picture may have (width × height): 40 megapixels, about 8000 × 5000. */
export const MAX_PICTURE_PIXELS = 40_000_000;

export type PictureFormat = 'PNG' | 'JPEG' | 'SVG';

/** What is wrong with a damaged file, in words a user can act on. */
export type Damage = 'truncated' | 'checksum' | 'structure' | 'data';

export type RasterCheck =
  | { ok: true; mime: 'image/png' | 'image/jpeg'; width: number; height: number }
  | { ok: false; problem: 'damaged'; format: PictureFormat; damage: Damage }
  | { ok: false; problem: 'too-many-pixels'; width: number; height: number }
  | { ok: false; problem: 'unknown' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const isPng = (bytes: Uint8Array): boolean => bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8));
export const isJpeg = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8;

/** A PNG or JPEG, checked; anything else is `unknown` (the caller may try SVG). */
export async function checkRaster(bytes: Uint8Array): Promise<RasterCheck> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isPng(view)) return checkPng(view);
  if (isJpeg(view)) return checkJpeg(view);
  return { ok: false, problem: 'unknown' };
}

const damaged = (format: PictureFormat, damage: Damage): RasterCheck => ({ ok: false, problem: 'damaged', format, damage });
const tooManyPixels = (width: number, height: number): boolean => width * height > MAX_PICTURE_PIXELS;

// ---------------------------------------------------------------------------
// PNG

/** Bit depths allowed for each colour type, and its channels. */
const PNG_COLOUR_TYPES: Record<number, { depths: number[]; channels: number }> = {
  0: { depths: [1, 2, 4, 8, 16], channels: 1 },
  2: { depths: [8, 16], channels: 3 },
  3: { depths: [1, 2, 4, 8], channels: 1 },
  4: { depths: [8, 16], channels: 2 },
  6: { depths: [8, 16], channels: 4 },
};
const PNG_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

async function checkPng(b: Buffer): Promise<RasterCheck> {
  const bad = (damage: Damage): RasterCheck => damaged('PNG', damage);
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  let palette = false;
  let end = false;
  while (!end) {
    if (offset + 8 > b.length) return bad('truncated');
    const length = b.readUInt32BE(offset);
    const type = b.toString('latin1', offset + 4, offset + 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) return bad('structure');
    if (offset + 12 + length > b.length) return bad('truncated');
    const data = b.subarray(offset + 8, offset + 8 + length);
    if (crc32(b, offset + 4, offset + 8 + length) !== b.readUInt32BE(offset + 8 + length)) return bad('checksum');
    if (!header) {
      if (type !== 'IHDR' || length !== 13) return bad('structure');
      const width = data.readUInt32BE(0);
      const height = data.readUInt32BE(4);
      const [depth = 0, colour = 0, compression, filter, interlace = 0] = data.subarray(8);
      const kind = PNG_COLOUR_TYPES[colour];
      if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return bad('structure');
      if (!kind || !kind.depths.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) return bad('structure');
      if (tooManyPixels(width, height)) return { ok: false, problem: 'too-many-pixels', width, height };
      header = { width, height, depth, colour, interlace };
    } else if (type === 'IHDR') {
      return bad('structure');
    } else if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || idat.length > 0) return bad('structure');
      palette = true;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      end = true;
    } else if (PNG_CRITICAL.has(type) || /^[A-Z]/.test(type)) {
      return bad('structure'); // an unknown critical chunk: no decoder may draw the picture
    }
    offset += 12 + length;
  }
  if (!header || idat.length === 0 || (header.colour === 3 && !palette)) return bad('structure');
  const expected = pngDataSize(header.width, header.height, header.depth * (PNG_COLOUR_TYPES[header.colour]?.channels ?? 1), header.interlace === 1);
  const inflated = await inflatesTo(idat, expected);
  if (inflated !== 'ok') return bad(inflated === 'short' ? 'truncated' : 'data');
  return { ok: true, mime: 'image/png', width: header.width, height: header.height };
}

/** Bytes of filtered image data a PNG of this size holds: a filter byte and the packed pixels per row, per Adam7 pass if interlaced. */
function pngDataSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number): number => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  // Adam7: [x start, y start, x step, y step] for the 7 passes
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  return passes.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil(Math.max(0, width - x0) / dx), Math.ceil(Math.max(0, height - y0) / dy)), 0);
}

/**
 * Whether the zlib stream of `chunks` inflates to at least `expected` bytes.
 * The output is counted and dropped, and inflating stops once there is
 * enough: a decompression bomb costs no memory and little time.
 */
function inflatesTo(chunks: readonly Buffer[], expected: number): Promise<'ok' | 'short' | 'bad'> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let produced = 0;
    let settled = false;
    const settle = (verdict: 'ok' | 'short' | 'bad'): void => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(verdict);
    };
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced >= expected) settle('ok');
    });
    inflate.on('error', (e: NodeJS.ErrnoException) => settle(e.code === 'Z_BUF_ERROR' ? 'short' : 'bad'));
    inflate.on('end', () => settle(produced >= expected ? 'ok' : 'short'));
    for (const chunk of chunks) inflate.write(chunk);
    inflate.end();
  });
}

/** CRC-32 (ISO 3309, the one PNG and zip use) of `bytes[start, end)`; Node 20 has no zlib.crc32. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

// ---------------------------------------------------------------------------
// JPEG

/** Start-of-frame markers (they carry the size): C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isFrameMarker = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function checkJpeg(b: Buffer): RasterCheck {
  const bad = (damage: Damage): RasterCheck => damaged('JPEG', damage);
  let offset = 2;
  let frame: { width: number; height: number } | undefined;
  let scans = 0;
  for (;;) {
    if (offset >= b.length) return bad('truncated');
    if (b[offset] !== 0xff) return bad('structure');
    while (offset < b.length && b[offset] === 0xff) offset++; // fill bytes before a marker
    if (offset >= b.length) return bad('truncated');
    const marker = b[offset++] ?? 0;
    if (marker === 0xd9) return frame && scans > 0 ? { ok: true, mime: 'image/jpeg', ...frame } : bad('structure'); // EOI
    if (marker === 0x00 || marker === 0xd8) return bad('structure');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    if (offset + 2 > b.length) return bad('truncated');
    const length = b.readUInt16BE(offset);
    if (length < 2) return bad('structure');
    if (offset + length > b.length) return bad('truncated');
    if (isFrameMarker(marker)) {
      const components = length >= 8 ? (b[offset + 7] ?? 0) : 0;
      if (frame || length < 8 + 3 * components || components === 0) return bad('structure');
      const height = b.readUInt16BE(offset + 3);
      const width = b.readUInt16BE(offset + 5);
      if (width === 0 || height === 0) return bad('structure');
      if (tooManyPixels(width, height)) return { ok: false, problem: 'too-many-pixels', width, height };
      frame = { width, height };
    }
    offset += length;
    if (marker !== 0xda) continue;
    // SOS: the entropy-coded data runs to the next marker that is not a stuffed 00 or a restart.
    if (!frame) return bad('structure');
    scans++;
    for (;;) {
      const ff = b.indexOf(0xff, offset);
      if (ff < 0 || ff + 1 >= b.length) return bad('truncated');
      const next = b[ff + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        offset = ff + 2;
        continue;
      }
      offset = ff;
      break;
    }
  }
}
