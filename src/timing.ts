/**
 * Per-stage wall time of a build, for the benchmark and the watch loop.
 * `lap(stage)` charges the time since the previous lap to `stage`; a stage
 * may be charged more than once (fitting happens inside rendering, etc.).
 */
export type Stage = 'load' | 'validate' | 'plan' | 'render' | 'emit' | 'zip' | 'write';
export type StageTimings = Partial<Record<Stage, number>>;

/**
 * Milliseconds from a fixed point, as `performance.now()` gives them, from
 * the process's own clock: node:perf_hooks (or the global `performance`)
 * loads a dozen modules, 1,6 ms of each start.
 */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export class Stopwatch {
  private last = now();
  readonly timings: StageTimings = {};

  lap(stage: Stage): void {
    const at = now();
    this.timings[stage] = (this.timings[stage] ?? 0) + (at - this.last);
    this.last = at;
  }
}
