/**
 * `collectYoungGarbage` (cli/idle-gc.ts), which watch calls between
 * rebuilds: it runs a collection of the young generation, seen by Node's own
 * GC performance entries, and leaves no `gc` in the program's global scope.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { collectYoungGarbage } from '../../src/cli/idle-gc.js';

/** The kinds of the collections `run` causes (NODE_PERFORMANCE_GC_*). */
async function collectionsDuring(run: () => void): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) kinds.push(entry.detail?.kind ?? -1);
  });
  observer.observe({ entryTypes: ['gc'] });
  run();
  await new Promise((r) => setTimeout(r, 50)); // entries are delivered asynchronously
  observer.disconnect();
  return kinds;
}

describe('collectYoungGarbage', () => {
  it('runs a collection of the young generation (a scavenge) each time it is called', async () => {
    const kinds = await collectionsDuring(() => {
      for (let i = 0; i < 3; i++) collectYoungGarbage();
    });
    // At least one scavenge a call (a full collection, gc(), would show as major only).
    expect(kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MINOR).length).toBeGreaterThanOrEqual(3);
  });

  it('puts no gc in the global scope', () => {
    collectYoungGarbage();
    expect('gc' in globalThis).toBe(false);
  });
});
