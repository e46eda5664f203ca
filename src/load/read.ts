/**
 * The input edge: reading a data or template file from disk. OS errors and
 * bytes that are not UTF-8 text become located diagnostics, in plain words.
 * Only regular files are read, and never more than the limit: a named pipe
 * would wait for a writer forever, and a device (/dev/zero) reports size 0
 * and never ends.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { error, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

/** Larger data files are refused rather than parsed: nobody types 10 MB of report by hand. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export async function readText(file: string): Promise<{ value?: string; diagnostics: Diagnostic[] }> {
  const read = await readBytes(file, { limit: MAX_INPUT_BYTES, tooLarge: (size) => t('read.too-large', { file, size }), overLimit: t('read.over-limit', { file }), hint: t('read.split.hint') });
  return read.value === undefined ? { diagnostics: read.diagnostics } : decodeText(read.value, file);
}

interface Limit {
  limit: number;
  /** Said when the size on disk is over the limit, in MB. */
  tooLarge: (size: string) => Text;
  /** Said when the file grew past the limit while it was read. */
  overLimit: Text;
  hint: Text;
}

/** A regular file's bytes, at most `limit` of them; anything else is a diagnostic. */
export async function readBytes(file: string, limit: Limit): Promise<{ value?: Buffer; diagnostics: Diagnostic[] }> {
  try {
    const refused = refuse(await stat(file), file, limit);
    if (refused) return refused;
    // O_NONBLOCK: if the path became a pipe since the stat, opening it does not wait for a writer.
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      // Checked again on what was opened, then read no further than just past the limit, whatever the size said.
      const again = refuse(await handle.stat(), file, limit);
      if (again) return again;
      const read = await readPast(handle, limit.limit);
      if (read.length > limit.limit) return fail('too-large', file, limit.overLimit, limit.hint);
      return { value: read, diagnostics: [] };
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('file-not-found', file, t('read.missing', { file }), t('read.missing.hint'));
    if (code === 'EACCES' || code === 'EPERM') return fail('read-failed', file, t('read.denied', { file }), t('read.denied.hint'));
    return fail('read-failed', file, t('read.failed', { file, reason: code ?? String(e) }), t('read.failed.hint'));
  }
}

/** Why a file is not read at all: a folder, a pipe, a device or a socket, or over the limit by its size. */
function refuse(info: Stats, file: string, limit: Limit): { diagnostics: Diagnostic[] } | undefined {
  if (info.isDirectory()) return fail('not-a-file', file, t('read.folder', { file }), t('read.folder.hint'));
  if (info.isFIFO()) return fail('not-a-file', file, t('read.pipe', { file }), t('read.special.hint'));
  if (info.isCharacterDevice() || info.isBlockDevice()) return fail('not-a-file', file, t('read.device', { file }), t('read.special.hint'));
  if (info.isSocket()) return fail('not-a-file', file, t('read.socket', { file }), t('read.special.hint'));
  if (!info.isFile()) return fail('not-a-file', file, t('read.not-regular', { file }), t('read.special.hint'));
  if (info.size > limit.limit) return fail('too-large', file, limit.tooLarge((info.size / 1024 / 1024).toFixed(1)), limit.hint);
  return undefined;
}

/**
 * The whole file, or as soon as it is past `limit` bytes, what was read so far
 * (at most one 64 KiB chunk more): a file that grows, or that says size 0 and
 * is not (/proc), is read no further.
 */
async function readPast(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= limit) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

/** Bytes → text, refusing what a text editor would not show as a YAML file. */
export function decodeText(bytes: Uint8Array, file: string): { value?: string; diagnostics: Diagnostic[] } {
  if (onlyWhiteSpace(bytes)) {
    return fail('empty-file', file, t('read.empty', { file }), t('read.empty.hint'));
  }
  // UTF-32 first: its little-endian BOM (FF FE 00 00) starts like UTF-16's.
  const utf32 = utf32Kind(bytes);
  if (utf32) {
    return fail('not-utf8', file, t('read.utf32', { file, endian: utf32 }), t('read.save-utf8.hint'));
  }
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    return fail('not-utf8', file, t('read.utf16', { file, endian: utf16 }), t('read.save-utf8.hint'));
  }
  if (looksBinary(bytes)) return fail('binary-file', file, t('read.binary', { file }), t('read.binary.hint'));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Line ends as YAML reads them: CRLF (Windows) and a lone CR (old Mac files) are line breaks, so lines are counted right.
    return { value: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), diagnostics: [] };
  } catch {
    const message = looksLikeWindows1258(bytes) ? t('read.windows-1258', { file }) : t('read.not-utf8', { file });
    return fail('not-utf8', file, message, t('read.save-utf8.hint'));
  }
}

/**
 * Binary: a known file signature, or NUL bytes in quantity. A stray NUL in
 * otherwise good text is left to the text check, which can say where it is.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 8));
  const signatures = ['89504e47', '504b0304', '25504446', 'd0cf11e0', 'ffd8ff', '47494638'];
  if (signatures.some((sig) => head.toString('hex').startsWith(sig))) return true;
  // Counted by the buffer's native search, and only up to 9, past which the count does not matter: a
  // callback a byte took 19-25 ms of a 2 MB report (3.000 slides), the search 0,1-0,2 ms.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let nuls = 0;
  for (let at = buffer.indexOf(0); at !== -1 && nuls <= 8; at = buffer.indexOf(0, at + 1)) nuls++;
  return nuls > 8 || nuls / bytes.length > 0.05;
}

/** Nothing but what `\s` matches in the bytes read as Latin-1 (tab to carriage return, space, no-break space), or nothing at all. */
function onlyWhiteSpace(bytes: Uint8Array): boolean {
  for (const b of bytes) if (!(b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0xa0)) return false;
  return true;
}

function utf32Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'little-endian';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'big-endian';
  // Without a BOM, text in UTF-32 has two zero bytes in every four (the high half of each character).
  const sample = bytes.subarray(0, 400 - (Math.min(bytes.length, 400) % 4));
  if (sample.length < 8) return undefined;
  const zerosAt = (position: number): number => sample.filter((b, i) => b === 0 && i % 4 === position).length;
  const quads = sample.length / 4;
  const [z0, z1, z2, z3] = [zerosAt(0), zerosAt(1), zerosAt(2), zerosAt(3)];
  if (z2 === quads && z3 === quads && z0 < quads) return 'little-endian';
  if (z0 === quads && z1 === quads && z3 < quads) return 'big-endian';
  return undefined;
}

function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian';
  // Without a BOM, ASCII in UTF-16 shows as every other byte being zero.
  const sample = bytes.subarray(0, 200);
  let evenZeros = 0;
  let oddZeros = 0;
  sample.forEach((b, i) => {
    if (b === 0) i % 2 === 0 ? evenZeros++ : oddZeros++;
  });
  const half = sample.length / 2;
  if (oddZeros > half * 0.6 && evenZeros === 0) return 'little-endian';
  if (evenZeros > half * 0.6 && oddZeros === 0) return 'big-endian';
  return undefined;
}

/** Windows-1258 writes Vietnamese with single high bytes: â ê ô ă ơ ư đ and the five combining tone marks. */
function looksLikeWindows1258(bytes: Uint8Array): boolean {
  const vietnamese = new Set([0xe2, 0xea, 0xf4, 0xe3, 0xf5, 0xfd, 0xf0, 0xc2, 0xca, 0xd4, 0xc3, 0xd5, 0xdd, 0xd0, 0xcc, 0xec, 0xd2, 0xde, 0xf2]);
  let high = 0;
  let hits = 0;
  for (const b of bytes) {
    if (b < 0x80) continue;
    high++;
    if (vietnamese.has(b)) hits++;
  }
  return high > 0 && hits / high > 0.5;
}

function fail(code: DiagnosticCode, file: string, message: Text, hint: Text): { diagnostics: Diagnostic[] } {
  return { diagnostics: [error(code, message, { location: { file, line: 0, col: 0 }, hint })] };
}
