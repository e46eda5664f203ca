/** Runs the built CLI (dist/bin.cjs) as a user would, in a child process. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { shebangEnv, shebangFlags } from '../../src/startup/load-bundle.js';
import { ROOT } from './build.js';

export const BIN = resolve(ROOT, 'dist', 'bin.cjs');
/** The Node flags of the executable's shebang, as a shell runs it: the bundle's code cache is taken only under them (about 60 ms a run). */
const FLAGS = existsSync(BIN) ? shebangFlags(BIN) : [];
/** And the variables it sets for Node (glibc's malloc tunable). */
const SHEBANG_ENV = existsSync(BIN) ? shebangEnv(BIN) : {};

/** The executable's environment as a shell gives it, in English and uncoloured unless a test asks otherwise: the words are asserted. */
function childEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...process.env, ...SHEBANG_ENV, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', NO_COLOR: '1', FORCE_COLOR: '', ...extra };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  if (!existsSync(BIN)) throw new Error('dist/bin.cjs is missing: run `npm run build` (npm test does it first)');
  const r = spawnSync(process.execPath, [...FLAGS, BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A CLI process that keeps running (watch): its stdout lines as they come, and a way to stop it. */
export interface RunningCli {
  /** Resolves with the first stdout line (not yet consumed) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  stderr(): string;
  /** The process's CPU time so far (user and system), in ms; undefined where /proc cannot say. */
  cpuMs(): number | undefined;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit status. */
  interrupt(): Promise<number | null>;
}

export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningCli {
  if (!existsSync(BIN)) throw new Error('dist/bin.cjs is missing: run `npm run build` (npm test does it first)');
  const child = spawn(process.execPath, [...FLAGS, BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let consumed = 0;
  return {
    next(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching line in ${timeoutMs} ms; stdout so far:\n${lines.join('\n')}\nstderr:\n${errors}`)), timeoutMs);
        const look = (): void => {
          while (consumed < lines.length) {
            const line = lines[consumed++] ?? '';
            if (match(line)) {
              clearTimeout(timer);
              resolve(line);
              return;
            }
          }
          waiters.push(look);
        };
        look();
      });
    },
    stderr: () => errors,
    cpuMs: () => (child.pid === undefined ? undefined : processCpuMs(child.pid)),
    interrupt() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** A process's CPU time (user and system) from /proc/PID/stat, in ms; undefined off Linux or once it is gone. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, what /proc counts CPU time in: 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;
