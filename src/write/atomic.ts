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
import { close, fsync, mkdirSync, openSync, readdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { error, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

/** A temporary name is never refused where the deck's own name is accepted; short deck names get this much room. */
const MIN_NAME_ROOM = 48;

/** The temporary files being written now: what an interrupted process removes before it exits. */
const writing = new Set<string>();

/**
 * A deck written while it is made: `write` takes its bytes in order (the
 * zip's chunks, pptx/zip.ts `ZipStream`) into the temporary file, created at
 * the first write; `commit` makes it the deck (fsync, then rename) and
 * `abort` removes it. A write that fails is kept, not thrown: the build goes
 * on undisturbed, and `commit` removes the file and reports the failure, so
 * the previous deck stays either way.
 */
export interface AtomicFile {
  write(bytes: Uint8Array): void;
  commit(): Promise<Diagnostic[]>;
  abort(): Promise<void>;
}

export function openAtomic(target: string): AtomicFile {
  const dir = dirname(target);
  const temp = join(dir, temporaryName(basename(target)));
  let fd: number | undefined;
  let opened = false;
  let failure: unknown;
  const open = (): number => {
    mkdirSync(dir, { recursive: true });
    removeStale(dir, basename(target));
    // A leftover of an earlier process with this pid is stale; then create it new ('wx': never through a planted link).
    rmSync(temp, { force: true });
    // Listed as soon as it exists, so an interrupt never leaves it behind.
    const file = openSync(temp, 'wx');
    opened = true;
    writing.add(temp);
    return file;
  };
  const write = (bytes: Uint8Array): void => {
    if (failure !== undefined) return;
    try {
      fd ??= open();
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      failure = e;
    }
  };
  const discard = async (): Promise<void> => {
    if (!opened) return;
    if (fd !== undefined) await closeAsync(fd).catch(() => undefined);
    fd = undefined;
    await rm(temp, { force: true }).catch(() => undefined);
    writing.delete(temp);
  };
  return {
    write,
    async commit() {
      write(new Uint8Array(0)); // an empty deck is a file too
      if (failure !== undefined) {
        await discard();
        return [writeFailed(target, failure)];
      }
      try {
        await fsyncAsync(fd!);
        await closeAsync(fd!);
        fd = undefined;
        await rename(temp, target);
        writing.delete(temp);
        return [];
      } catch (e) {
        await discard();
        return [writeFailed(target, e)];
      }
    },
    abort: discard,
  };
}

const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

function writeFailed(target: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
  const message = code === 'EISDIR' ? t('write.is-folder', { file: target }) : t('write.failed', { file: target, reason: code });
  return error('write-failed', message, { location: { file: target, line: 0, col: 0 }, hint: writeHint(code) });
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
function removeStale(dir: string, deckName: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^\..*\.(?:briefdeck-)?(\d{1,10})\.tmp$/.exec(name)?.[1];
    if (pid === undefined) continue;
    const owner = Number(pid);
    const ours = name === temporaryName(deckName, owner) || name === `.${deckName}.${owner}.tmp`;
    if (!ours || owner === process.pid || isRunning(owner)) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // another build removed it, or it cannot be: it is only a leftover
    }
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
