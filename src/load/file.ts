/**
 * A file beside the data, read as every file the data names is read (a
 * picture, a workbook): inside the data file's folder once links are
 * followed (unless allowed), opened without waiting (O_NONBLOCK: a named
 * pipe is not waited on) and not through a link swapped in after the check
 * (O_NOFOLLOW), its type checked on what was opened, and read no further
 * than the limit whatever its size said.
 */
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

export type FileRead =
  | { bytes: Buffer }
  | { problem: 'missing' | 'outside' | 'not-a-file' }
  | { problem: 'too-large'; size: number }
  | { problem: 'unreadable'; reason: string };

/** Outside `base`: a first path segment of "..", or another drive. A file named "..logo.png" is inside. */
export const isOutside = (base: string, file: string): boolean => {
  const rel = relative(base, file);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
};

export async function readBeside(file: string, base: string, { allowOutside, limit }: { allowOutside: boolean; limit: number }): Promise<FileRead> {
  let handle: FileHandle | undefined;
  try {
    const real = await realpath(file);
    if (!allowOutside && isOutside(await realpath(base), real)) return { problem: 'outside' };
    handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) return { problem: 'not-a-file' };
    if (info.size > limit) return { problem: 'too-large', size: info.size };
    const bytes = await readAtMost(handle, limit + 1);
    if (bytes.length > limit) return { problem: 'too-large', size: bytes.length };
    return { bytes };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'missing' };
    if (code === 'EISDIR' || code === 'ENXIO' || code === 'ELOOP') return { problem: 'not-a-file' };
    return { problem: 'unreadable', reason: code ?? 'error' };
  } finally {
    await handle?.close();
  }
}

async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(4 * 1024 * 1024, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}
