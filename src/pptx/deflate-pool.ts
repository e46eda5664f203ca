/**
 * The deflating threads of the process (zip.ts hands them batches): their
 * source, run with `eval` so the bundle needs no file of its own, and the
 * pool that starts them, gives each batch to the least busy, reads their
 * results, and drops a thread that fails.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';
import { rawDeflater } from './raw-deflate.js';

/**
 * What a deflating thread makes of a text before deflating it: the export
 * `name` of the ES module at `module` (a file: URL, loaded by the thread
 * once), called as `fn(text, ...args)` with each text's own arguments, which
 * must survive structured cloning. It returns the text to deflate, or
 * undefined (or throws) to leave the text to the calling thread.
 */
export interface ThreadTransform {
  module: string;
  name: string;
}

/**
 * What a deflating thread runs: a batch of contents one after another and
 * their ends in, the raw DEFLATE body of each (raw-deflate.ts's reused
 * stream at the level given, as zip.ts's `deflate`: its source is part of
 * this one) one after another and their ends out, with the CRC of each when
 * this Node has `zlib.crc32`.
 * A batch with a transform has each content that has arguments made into
 * its text first (UTF-8 in and out), and says each text's size, -1 for
 * one the transform left. Batches come and go on the port it is given,
 * which the writer can read without waiting (`receiveMessageOnPort`), in
 * turn: a transform's module is loaded before the batch that needs it.
 */
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const port = workerData.port;
const makers = new Map();
const load = (module) => import(module);
const decoder = new TextDecoder();
const rawDeflater = (${rawDeflater.toString()});
const deflaters = new Map();
function deflaterFor(level) {
  let found = deflaters.get(level);
  if (!found) deflaters.set(level, (found = rawDeflater(zlib, level)));
  return found;
}
let turn = Promise.resolve();
port.on('message', (job) => {
  turn = turn
    .then(() => (job.transform ? maker(job.transform) : undefined))
    .then((make) => deflate(job, make))
    .catch((error) => port.postMessage({ id: job.id, error: String((error && error.message) || error) }));
});
function maker({ module, name }) {
  const key = module + '#' + name;
  let found = makers.get(key);
  if (!found) {
    found = load(module).then((m) => {
      if (typeof m[name] !== 'function') throw new Error(module + ' has no function ' + name);
      return m[name];
    });
    makers.set(key, found);
  }
  return found;
}
function made(make, bytes, args) {
  try {
    const text = make(decoder.decode(bytes), ...args);
    return typeof text === 'string' ? Buffer.from(text, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
function deflate({ id, level, input, ends, transform }, make) {
  const bytes = new Uint8Array(input);
  const bodies = [];
  const crcs = typeof zlib.crc32 === 'function' ? [] : null;
  const sizes = make ? [] : null;
  let total = 0;
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i];
    let data = bytes.subarray(start, end);
    start = end;
    const args = make ? transform.args[i] : null;
    if (args) {
      data = made(make, data, args);
      if (!data) {
        sizes.push(-1);
        if (crcs) crcs.push(0);
        bodies.push(new Uint8Array(0));
        continue;
      }
    }
    if (sizes) sizes.push(data.length);
    const body = deflaterFor(level)(data);
    bodies.push(body);
    if (crcs) crcs.push(zlib.crc32(data));
    total += body.length;
  }
  const output = new Uint8Array(total);
  const outEnds = [];
  let at = 0;
  for (const body of bodies) {
    output.set(body, at);
    at += body.length;
    outEnds.push(at);
  }
  // The input is shared with the writer, which uses it again once this batch is back (BufferRecycler).
  port.postMessage({ id, output: output.buffer, ends: outEnds, crcs, sizes }, [output.buffer]);
}
`;

/** One fewer thread than the cores (the calling thread has work of its own), at least 1, at most 2: one deflates faster than a build makes XML. */
export function defaultThreads(): number {
  return (threadsByDefault ??= Math.max(1, Math.min(2, availableParallelism() - 1)));
}
/** Asked once: a deck with hundreds of charts makes a writer for each workbook (10 ms of a 3.000-slide build's profile was asking again). */
let threadsByDefault: number | undefined;

export interface Deflating {
  output: Uint8Array;
  ends: number[];
  crcs: number[] | null;
  /** With a transform: each text's size as made, -1 where the transform left it. */
  sizes: number[] | null;
}

/**
 * A batch for a thread: its contents one after another and their ends, and
 * the transform of those with arguments. The input is shared, not moved: the
 * writer still reads it (to make an entry the thread left) and uses it again
 * once the batch is back, and the thread only reads it.
 */
interface Job {
  level: number;
  input: SharedArrayBuffer;
  ends: number[];
  transform: (ThreadTransform & { args: (readonly unknown[] | null)[] }) | undefined;
}

type Done = (result: Deflating | Error) => void;

type DeflatedBatch = { id: number; output: ArrayBuffer; ends: number[]; crcs: number[] | null; sizes: number[] | null } | { id: number; error: string };

interface Thread {
  worker: Worker;
  port: MessagePort;
  jobs: Map<number, Done>;
}

/**
 * The deflating threads of the process, made when first needed and shared
 * by every writer (a watch rebuilds with the same ones). Results are read
 * as they arrive when the process waits, and at once by `poll`. A thread
 * keeps the process alive only while it has work. A thread that fails is
 * dropped and its jobs get the error (the writer deflates them itself);
 * after a failure no thread is started again.
 */
export class DeflatePool {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private failed = false;
  size = 0;

  /** Deflates a batch on a thread; `done` gets the bodies, or the error, once (never before this returns). */
  run(job: Job, done: Done): void {
    try {
      const thread = this.pick();
      const id = this.nextId++;
      thread.port.postMessage({ id, ...job });
      if (thread.jobs.size === 0) thread.port.ref();
      thread.jobs.set(id, done);
    } catch (error) {
      queueMicrotask(() => done(error instanceof Error ? error : new Error(String(error))));
    }
  }

  /** Takes every result the threads have sent, without waiting. */
  poll(): void {
    for (const thread of this.threads) {
      if (thread.jobs.size === 0) continue;
      const { receiveMessageOnPort } = threadsModule();
      for (let m = receiveMessageOnPort(thread.port); m; m = receiveMessageOnPort(thread.port)) this.receive(thread, m.message as DeflatedBatch);
    }
  }

  private receive(thread: Thread, message: DeflatedBatch): void {
    const done = thread.jobs.get(message.id);
    thread.jobs.delete(message.id);
    if (thread.jobs.size === 0) thread.port.unref();
    // A batch the thread could not make (a transform's module that did not load): the thread itself is well.
    if ('error' in message) done?.(new Error(`zip: ${message.error}`));
    else done?.({ output: new Uint8Array(message.output), ends: message.ends, crcs: message.crcs, sizes: message.sizes });
  }

  /**
   * Ends the threads that have no work, so their isolates are taken apart
   * now rather than when the process exits (a thread is started again if
   * a zip needs one).
   */
  stopIdle(): void {
    for (const thread of this.threads.filter((t) => t.jobs.size === 0)) {
      this.threads.splice(this.threads.indexOf(thread), 1);
      thread.worker.removeAllListeners('exit');
      thread.worker.removeAllListeners('error');
      thread.port.close();
      void thread.worker.terminate();
    }
  }

  /** The thread with the fewest jobs; a new one while there are fewer than `size` and all have work. */
  private pick(): Thread {
    if (this.failed) throw new Error('zip: a deflating thread failed');
    let best: Thread | undefined;
    for (const thread of this.threads) if (!best || thread.jobs.size < best.jobs.size) best = thread;
    if (best && (best.jobs.size === 0 || this.threads.length >= this.size)) return best;
    return this.start();
  }

  private start(): Thread {
    const { MessageChannel, Worker } = threadsModule();
    const { port1: port, port2 } = new MessageChannel();
    // No execArgv: the parent's flags (a test runner's loaders) are not for this code.
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { port: port2 }, transferList: [port2], execArgv: [], stdout: false, stderr: false });
    worker.unref(); // the port keeps the process alive while there is work
    const thread: Thread = { worker, port, jobs: new Map() };
    this.threads.push(thread);
    port.on('message', (message: DeflatedBatch) => this.receive(thread, message));
    port.unref();
    const fail = (error: unknown): void => {
      this.failed = true;
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      const jobs = [...thread.jobs.values()];
      thread.jobs.clear();
      port.close();
      for (const done of jobs) done(error instanceof Error ? error : new Error(String(error)));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`zip: a deflating thread exited (${code})`)));
    return thread;
  }
}

let pool: DeflatePool | undefined;

/** node:worker_threads, loaded with the first thread: a deck that starts none (the conference deck) does not load it (4 ms). */
let workerThreads: typeof import('node:worker_threads') | undefined;
const threadsModule = (): typeof import('node:worker_threads') => (workerThreads ??= createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads'));

/** Takes every result the threads have sent, without waiting (nothing to take before the first thread). */
export function pollDeflated(): void {
  pool?.poll();
}

/**
 * Ends the deflating threads that have no work: a one-off build does once
 * its last deck is zipped, so that they end while the deck is written to
 * disk, not at exit, where a thread took about 20 ms to end.
 */
export function stopIdleDeflating(): void {
  pool?.stopIdle();
}

/** The process's deflating threads, at least `size` of them when needed. */
export function deflatePool(size: number): DeflatePool {
  pool ??= new DeflatePool();
  pool.size = Math.max(pool.size, size);
  return pool;
}

/**
 * Batch buffers of the one usual size, used again: a batch's buffer is
 * shared with its thread and is free again once the batch is back. A fresh
 * 256 KB buffer is a fresh mapping, zeroed and faulted in page by page as it
 * is written, which in this virtual machine costs more than a copy: at
 * 3.000 slides 106 copies of a batch for the thread took 61 ms (perf: the
 * page faults in the UTF-8 writes and the zeroing were as many again).
 * Shared, a batch needs no copy for its thread at all (see zip.ts `Batch`).
 */
export class BufferRecycler {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(
    /** The only size kept. */
    readonly size: number,
    /** The most kept at once. */
    private readonly most: number,
  ) {}

  /** A buffer of `size` bytes, used before when one is free (its content is stale). */
  take(): SharedArrayBuffer {
    return this.free.pop() ?? new SharedArrayBuffer(this.size);
  }

  /** Gives back a buffer nothing reads any more; one of another size, or one too many, is left to the collector. */
  give(buffer: SharedArrayBuffer | undefined): void {
    if (buffer && buffer.byteLength === this.size && this.free.length < this.most) this.free.push(buffer);
  }
}
