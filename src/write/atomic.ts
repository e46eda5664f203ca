/**
 * The output edge: the deck goes to a temporary file in the same folder and
 * is renamed over the target, so a reader never sees half a deck and a
 * failed build never touches the previous one.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';

export async function writeAtomic(target: string, bytes: Uint8Array): Promise<Diagnostic[]> {
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    return [];
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    return [
      error('write-failed', `cannot write ${target} (${code})`, {
        location: { file: target, line: 0, col: 0 },
        hint: writeHint(code),
      }),
    ];
  }
}

function writeHint(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return 'the file or folder is read-only or open in another program (close it in PowerPoint), or choose another path with -o';
    case 'ENOSPC':
      return 'the disk is full; free some space and build again';
    case 'EISDIR':
      return 'the output path is a folder; give a file name ending in .pptx';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file stands where the output folder should be; choose another path with -o';
    default:
      return 'check that the output folder exists and is writable';
  }
}
