/**
 * The order of `watch`'s builds: one at a time, a burst of saves as one
 * rebuild, and practice builds only while nothing is waiting.
 */

/** Editors save in bursts (write, rename, chmod): one rebuild per burst. */
export const SETTLE_MS = 40;

export interface RebuildQueue {
  /** A file changed: it is rebuilt once the burst settles. */
  add(file: string): void;
  /** Runs `task` now, unless a build is running or a change is waiting; says whether it ran. */
  spare(task: () => Promise<unknown>): Promise<boolean>;
  /** Resolves once the build running now, if any, is done. */
  idle(): Promise<void>;
}

/**
 * Collects changed files, waits for the burst to settle, runs one rebuild at
 * a time, and runs once more if files changed during a rebuild (or a spare
 * task).
 */
export function rebuildQueue(run: (changes: ReadonlySet<string>) => Promise<void>, settleMs = SETTLE_MS): RebuildQueue {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const start = (task: () => Promise<unknown>): Promise<void> => {
    busy = true;
    running = task()
      .then(() => undefined, () => undefined) // `run` reports its own failures; the queue must outlive any
      .finally(() => {
        busy = false;
        if (pending.size > 0) timer ??= setTimeout(flush, settleMs);
      });
    return running;
  };
  const flush = (): void => {
    timer = undefined;
    if (busy || pending.size === 0) return;
    const changes = pending;
    pending = new Set();
    void start(() => run(changes));
  };
  return {
    add(file) {
      pending.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, settleMs);
    },
    async spare(task) {
      if (busy || pending.size > 0) return false;
      await start(task);
      return true;
    },
    async idle() {
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Runs `build` up to `times` times while the queue has nothing else to do,
 * stopping at the first save (which then waits for one build at most) or
 * when `stopped()`. Says how many ran.
 */
export async function practise(queue: RebuildQueue, build: () => Promise<unknown>, times: number, stopped: () => boolean): Promise<number> {
  let done = 0;
  while (done < times && !stopped() && (await queue.spare(build))) done++;
  return done;
}
