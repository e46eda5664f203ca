/**
 * The picture edge: finds the image files a report names, inside the data
 * file's folder only (unless allowed), reads them once, and learns their
 * pixel size so layouts can keep the aspect ratio. Nothing is fetched from
 * the network: a URL is refused, not followed.
 *
 * Every picture is checked before it reaches a deck (README, "Pictures"):
 * a regular file (a pipe or a device is refused, not waited on), at most
 * MAX_PICTURE_BYTES; a PNG or JPEG whole and at most MAX_PICTURE_PIXELS
 * (picture-formats.ts); an SVG drawn from its own markup only, cleaned of
 * scripts (svg-sandbox.ts), with a PNG fallback of bounded size.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';
import { isOutside, readBeside } from './file.js';
import { checkRaster, MAX_PICTURE_PIXELS, type Damage, type PictureFormat, type RasterCheck } from './picture-formats.js';
import { sandboxSvg, type SvgRefusal } from './svg-sandbox.js';
import type { DataPath, ParsedYaml } from './yaml.js';

export { MAX_PICTURE_PIXELS } from './picture-formats.js';

/** Bytes a picture file may have: 20 MB, ten times a full-screen photo; a larger one makes a deck too heavy to send. */
export const MAX_PICTURE_BYTES = 20 * 1024 * 1024;

/**
 * The PNG fallback of an SVG: 1600 px wide (sharp on a projector), but never
 * more than 4096 px on its long side nor 4 megapixels, whatever the SVG's
 * width, height and viewBox say (a 1 × 300 SVG is drawn 14 × 4096).
 */
export const SVG_FALLBACK = { width: 1600, longSide: 4096, pixels: 4_000_000 } as const;

export interface LoadedImage {
  mime: 'image/png' | 'image/jpeg';
  /** The picture, or for an SVG its PNG rendering (the fallback older viewers draw). */
  bytes: Uint8Array;
  width: number;
  height: number;
  /** For an SVG: the SVG as embedded, checked and cleaned (svg-sandbox.ts). */
  svg?: Uint8Array;
}

/** Images by the path written in the data. */
export type ImageSet = Map<string, LoadedImage>;

export interface ImageRef {
  path: string;
  dataPath: DataPath;
}

export async function loadImages(
  refs: readonly ImageRef[],
  doc: ParsedYaml,
  { allowOutside = false } = {},
): Promise<{ value: ImageSet; diagnostics: Diagnostic[] }> {
  const base = dirname(resolve(doc.file));
  const images: ImageSet = new Map();
  const diagnostics: Diagnostic[] = [];
  for (const ref of refs) {
    if (images.has(ref.path)) continue;
    const fail = (message: Text, hint: Text): void => {
      diagnostics.push(error('image-invalid', message, { location: doc.locate(ref.dataPath), hint, dataPath: ref.dataPath }));
    };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref.path)) {
      fail(t('image.web-address', { path: ref.path }), t('image.web-address.hint'));
      continue;
    }
    const file = resolve(base, ref.path);
    if (!allowOutside && (isAbsolute(ref.path) || isOutside(base, file))) {
      fail(t('image.outside', { path: ref.path }), t('image.outside.hint'));
      continue;
    }
    const read = await readBeside(file, base, { allowOutside, limit: MAX_PICTURE_BYTES });
    if ('problem' in read) {
      const { problem } = read;
      if (problem === 'missing') {
        diagnostics.push(
          error('image-not-found', t('image.missing', { path: ref.path }), {
            location: doc.locate(ref.dataPath),
            dataPath: ref.dataPath,
            hint: t('image.missing.hint', { folder: base }),
          }),
        );
      } else if (problem === 'outside') fail(t('image.outside-link', { path: ref.path }), t('image.outside.hint'));
      else if (problem === 'not-a-file') fail(t('image.not-a-file', { path: ref.path }), t('image.not-a-file.hint'));
      else if (problem === 'too-large') {
        const size = Math.round((read.size / 1024 / 1024) * 10) / 10;
        fail(t('image.too-large', { path: ref.path, size, limit: MAX_PICTURE_BYTES / 1024 / 1024 }), t('image.too-large.hint'));
      } else if (problem === 'unreadable') fail(t('image.unreadable', { path: ref.path, reason: read.reason }), t('image.missing.hint', { folder: base }));
      continue;
    }
    const image = await describePicture(read.bytes);
    if ('image' in image) images.set(ref.path, image.image);
    else fail(image.message(ref.path), image.hint);
  }
  return { value: images, diagnostics };
}

type Described = { image: LoadedImage } | { message: (path: string) => Text; hint: Text };

/** A PNG or JPEG checked whole, or an SVG sandboxed and drawn; otherwise what is wrong, in words. */
async function describePicture(bytes: Uint8Array): Promise<Described> {
  const raster = await checkRaster(bytes);
  if (raster.ok) return { image: { mime: raster.mime, bytes, width: raster.width, height: raster.height } };
  if (raster.problem !== 'unknown') return rasterProblem(raster);
  return svgPicture(bytes);
}

const DAMAGE: Record<Damage, Text> = {
  truncated: t('image.damage.truncated'),
  checksum: t('image.damage.checksum'),
  structure: t('image.damage.structure'),
  data: t('image.damage.data'),
};

function damagedPicture(format: PictureFormat, reason: Text): Described {
  return { message: (path) => t('image.damaged', { path, format, reason }), hint: t('image.damaged.hint') };
}

function rasterProblem(check: Exclude<RasterCheck, { ok: true } | { problem: 'unknown' }>, inSvg = false): Described {
  if (check.problem === 'damaged') {
    return inSvg ? { message: (path) => t('image.svg-embedded', { path, reason: DAMAGE[check.damage] }), hint: t('image.damaged.hint') } : damagedPicture(check.format, DAMAGE[check.damage]);
  }
  const size = { width: check.width, height: check.height, megapixels: Math.round((check.width * check.height) / 100_000) / 10, limit: MAX_PICTURE_PIXELS / 1_000_000 };
  return {
    message: (path) => (inSvg ? t('image.svg-embedded', { path, reason: t('image.reason.too-many-pixels', size) }) : t('image.too-many-pixels', { path, ...size })),
    hint: t('image.too-many-pixels.hint'),
  };
}

/**
 * An SVG with its PNG fallback. The SVG goes through the sandbox first; only
 * what comes out is drawn and embedded. resvg is loaded only when a deck has
 * an SVG; it is given no fonts and no files, and the size it draws at is
 * worked out from the SVG's own size (SVG_FALLBACK), never left to it.
 */
async function svgPicture(bytes: Uint8Array): Promise<Described> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return notAPicture;
  }
  const sandboxed = sandboxSvg(text);
  if (!sandboxed.ok) return svgRefusal(sandboxed.refusal);
  for (const picture of sandboxed.embedded) {
    const check = await checkRaster(picture);
    if (!check.ok) return check.problem === 'unknown' ? svgRefusal({ kind: 'reference', ref: 'data:' }) : rasterProblem(check, true);
  }
  const svg = Buffer.from(sandboxed.svg, 'utf8');
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    const options = { font: { loadSystemFonts: false }, logLevel: 'off' as const };
    const probe = new Resvg(svg, options);
    const { width, height } = probe;
    if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) return damagedPicture('SVG', t('image.damage.svg-size'));
    if (Math.max(width, height) / Math.min(width, height) > SVG_FALLBACK.longSide) {
      return { message: (path) => t('image.svg-proportions', { path, width, height, limit: SVG_FALLBACK.longSide }), hint: t('image.svg-proportions.hint') };
    }
    const rendered = new Resvg(svg, { ...options, fitTo: fallbackFit(width, height) }).render();
    if (rendered.width * rendered.height > SVG_FALLBACK.pixels * 1.01 + SVG_FALLBACK.longSide) return damagedPicture('SVG', t('image.damage.svg-size'));
    return { image: { mime: 'image/png', bytes: rendered.asPng(), width, height, svg } };
  } catch {
    return damagedPicture('SVG', t('image.damage.svg-draw'));
  }
}

/**
 * How resvg is told to size the fallback: by its long side, in whole pixels,
 * within SVG_FALLBACK, and the short side at least one pixel (so an SVG may
 * be at most SVG_FALLBACK.longSide times longer than wide; svgPicture
 * refuses a thinner one).
 */
export function fallbackFit(width: number, height: number): { mode: 'width' | 'height'; value: number } {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.max(Math.min(SVG_FALLBACK.width / width, SVG_FALLBACK.longSide / long, Math.sqrt(SVG_FALLBACK.pixels / (width * height))), 1 / short);
  return { mode: width >= height ? 'width' : 'height', value: Math.max(1, Math.min(SVG_FALLBACK.longSide, Math.round(long * scale))) };
}

const notAPicture: Described = { message: (path) => t('image.not-a-picture', { path }), hint: t('image.not-a-picture.hint') };

function svgRefusal(refusal: SvgRefusal): Described {
  switch (refusal.kind) {
    case 'not-svg':
      return notAPicture;
    case 'malformed':
      return damagedPicture('SVG', t('image.damage.svg-markup', { line: refusal.line }));
    case 'reference':
      return { message: (path) => t('image.svg-reference', { path, ref: refusal.ref }), hint: t('image.svg-reference.hint') };
    case 'entity':
      return { message: (path) => t('image.svg-entity', { path, name: refusal.name }), hint: t('image.svg-entity.hint') };
  }
}

/** Reads the pixel size from the file header only (PNG IHDR or JPEG SOFn), checking nothing else: loading checks the whole file. */
export function describeImage(bytes: Uint8Array): LoadedImage | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length > 24 && view.readUInt32BE(0) === 0x89504e47 && view.toString('latin1', 12, 16) === 'IHDR') {
    return sized('image/png', bytes, view.readUInt32BE(16), view.readUInt32BE(20));
  }
  if (view.length > 4 && view[0] === 0xff && view[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < view.length && view[offset] === 0xff) {
      const marker = view[offset + 1] ?? 0;
      const length = view.readUInt16BE(offset + 2);
      // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return sized('image/jpeg', bytes, view.readUInt16BE(offset + 7), view.readUInt16BE(offset + 5));
      }
      offset += 2 + length;
    }
    return undefined;
  }
  return undefined;
}

function sized(mime: LoadedImage['mime'], bytes: Uint8Array, width: number, height: number): LoadedImage | undefined {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) return undefined;
  return { mime, bytes, width, height };
}
