/**
 * The picture edge: finds the image files a report names, inside the data
 * file's folder only (unless allowed), reads them once, and learns their
 * pixel size so layouts can keep the aspect ratio. Nothing is fetched from
 * the network: a URL is refused, not followed.
 */
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';
import { formatDataPath } from '../validate/path.js';
import type { DataPath, ParsedYaml } from './yaml.js';

export interface LoadedImage {
  mime: 'image/png' | 'image/jpeg';
  /** The picture, or for an SVG its PNG rendering (the fallback older viewers draw). */
  bytes: Uint8Array;
  width: number;
  height: number;
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
      diagnostics.push(error('image-invalid', message, { location: doc.locate(ref.dataPath), hint, dataPath: formatDataPath(ref.dataPath) }));
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
    let bytes: Uint8Array;
    try {
      const real = await realpath(file);
      if (!allowOutside && isOutside(await realpath(base), real)) {
        fail(t('image.outside-link', { path: ref.path }), t('image.outside.hint'));
        continue;
      }
      bytes = await readFile(real);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      diagnostics.push(
        error(
          code === 'ENOENT' ? 'image-not-found' : 'image-invalid',
          code === 'ENOENT' ? t('image.missing', { path: ref.path }) : t('image.unreadable', { path: ref.path, reason: code ?? 'error' }),
          { location: doc.locate(ref.dataPath), dataPath: formatDataPath(ref.dataPath), hint: t('image.missing.hint', { folder: base }) },
        ),
      );
      continue;
    }
    const image = describeImage(bytes) ?? (await svgPicture(bytes));
    if (!image) {
      fail(t('image.not-a-picture', { path: ref.path }), t('image.not-a-picture.hint'));
      continue;
    }
    images.set(ref.path, image);
  }
  return { value: images, diagnostics };
}

const isOutside = (base: string, file: string): boolean => {
  const rel = relative(base, file);
  return rel.startsWith('..') || isAbsolute(rel);
};


/**
 * An SVG with its PNG fallback, rendered 1600 px wide (sharp on a projector).
 * resvg is loaded only when a deck has an SVG; it draws with no network access.
 */
async function svgPicture(bytes: Uint8Array): Promise<LoadedImage | undefined> {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
  if (!/<svg[\s>]/i.test(head)) return undefined;
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    const rendered = new Resvg(Buffer.from(bytes), { fitTo: { mode: 'width', value: 1600 }, font: { loadSystemFonts: false } }).render();
    return sized('image/png', rendered.asPng(), rendered.width, rendered.height, bytes);
  } catch {
    return undefined;
  }
}

/** Reads the pixel size from the file header: PNG IHDR or JPEG SOFn. */
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

function sized(mime: LoadedImage['mime'], bytes: Uint8Array, width: number, height: number, svg?: Uint8Array): LoadedImage | undefined {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) return undefined;
  return { mime, bytes, width, height, ...(svg ? { svg } : {}) };
}
