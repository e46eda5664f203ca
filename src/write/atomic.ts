/**
 * The output edge: the deck goes to a temporary file in the same folder and
 * is renamed over the target, so a reader never sees half a deck and a
 * failed build never touches the previous one.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

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
      error('write-failed', t('write.failed', { file: target, reason: code }), {
        location: { file: target, line: 0, col: 0 },
        hint: writeHint(code),
      }),
    ];
  }
}

function writeHint(code: string): Text {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return t('write.busy.hint');
    case 'ENOSPC':
      return t('write.disk-full.hint');
    case 'EISDIR':
      return t('write.is-folder.hint');
    case 'EEXIST':
    case 'ENOTDIR':
      return t('write.not-a-folder.hint');
    default:
      return t('write.failed.hint');
  }
}
