/**
 * The output edge: the deck goes to a temporary file in the same folder and
 * is renamed over the target, so a reader never sees half a deck and a
 * failed build never touches the previous one.
 *
 * The temporary file is `.<deck name>.briefdeck-<pid>.tmp`, the deck name cut
 * short when needed so the whole name is no longer than the deck's own (a
 * 255-byte deck name is legal, so its temporary name must be too). A build
 * stopped by SIGINT or SIGTERM removes it (`removeTemporaryFiles`); one killed
 * outright (SIGKILL, a power cut) leaves it, and the next build of the same
 * deck removes the leftovers whose process is gone.
 */
import { close, fsync, openSync, unlinkSync, write } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { error, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

/** A temporary name is never refused where the deck's own name is accepted; short deck names get this much room. */
const MIN_NAME_ROOM = 48;

/** The temporary files being written now: what an interrupted process removes before it exits. */
const writing = new Set<string>();

export async function writeAtomic(target: string, bytes: Uint8Array): Promise<Diagnostic[]> {
  const dir = dirname(target);
  const temp = join(dir, temporaryName(basename(target)));
  try {
    await mkdir(dir, { recursive: true });
    await removeStale(dir, basename(target));
    // A leftover of an earlier process with this pid is stale; then create it new ('wx': never through a planted link).
    await rm(temp, { force: true });
    // Created synchronously and listed at once, so an interrupt never misses it (an open still in flight could
    // create it after the interrupt had looked); written without blocking, so an interrupt is handled at once.
    const fd = openSync(temp, 'wx');
    writing.add(temp);
    try {
      await writeAll(fd, bytes);
      await fsyncAsync(fd);
    } finally {
      await closeAsync(fd);
    }
    await rename(temp, target);
    return [];
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const message = code === 'EISDIR' ? t('write.is-folder', { file: target }) : t('write.failed', { file: target, reason: code });
    return [error('write-failed', message, { location: { file: target, line: 0, col: 0 }, hint: writeHint(code) })];
  } finally {
    writing.delete(temp);
  }
}

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, offset, bytes.length - offset, null);
    offset += bytesWritten;
  }
}

/**
 * Removes the temporary files being written, at once: for a process stopped
 * by a signal, just before it exits. The previous deck is untouched.
 */
export function removeTemporaryFiles(): void {
  for (const temp of writing) {
    try {
      unlinkSync(temp);
    } catch {
      // not created yet, or already renamed
    }
  }
  writing.clear();
}

/**
 * `.<deck name>.briefdeck-<pid>.tmp`, with the deck name shortened (by whole
 * characters) until the whole is no longer than the deck's name, in UTF-8
 * bytes (Linux, macOS) and UTF-16 units (Windows), or than MIN_NAME_ROOM.
 */
export function temporaryName(deckName: string, pid: number = process.pid): string {
  const tail = `.briefdeck-${pid}.tmp`;
  const maxBytes = Math.max(Buffer.byteLength(deckName), MIN_NAME_ROOM);
  const maxUnits = Math.max(deckName.length, MIN_NAME_ROOM);
  const chars = Array.from(deckName);
  let name = `.${deckName}${tail}`;
  while (chars.length > 0 && (Buffer.byteLength(name) > maxBytes || name.length > maxUnits)) {
    chars.pop();
    name = `.${chars.join('')}${tail}`;
  }
  return name;
}

/**
 * Temporary files of this deck left by builds that were killed: named for
 * this deck (or in the older `.<deck>.<pid>.tmp` form) by a process that no
 * longer runs. A build still running, here or as another user, is let be.
 */
async function removeStale(dir: string, deckName: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^\..*\.(?:briefdeck-)?(\d{1,10})\.tmp$/.exec(name)?.[1];
    if (pid === undefined) continue;
    const owner = Number(pid);
    const ours = name === temporaryName(deckName, owner) || name === `.${deckName}.${owner}.tmp`;
    if (!ours || owner === process.pid || isRunning(owner)) continue;
    await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true; // not a process id: leave the file alone
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user. ESRCH: no such process.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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
    case 'ENAMETOOLONG':
      return t('write.name-too-long.hint');
    default:
      return t('write.failed.hint');
  }
}
