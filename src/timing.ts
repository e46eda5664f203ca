/**
 * Per-stage wall time of a build, for the benchmark and the watch loop.
 * `lap(stage)` charges the time since the previous lap to `stage`; a stage
 * may be charged more than once (fitting happens inside rendering, etc.).
 */
import { performance } from 'node:perf_hooks';

export type Stage = 'load' | 'validate' | 'plan' | 'render' | 'emit' | 'zip' | 'write';
export type StageTimings = Partial<Record<Stage, number>>;

export class Stopwatch {
  private last = performance.now();
  readonly timings: StageTimings = {};

  lap(stage: Stage): void {
    const now = performance.now();
    this.timings[stage] = (this.timings[stage] ?? 0) + (now - this.last);
    this.last = now;
  }
}
