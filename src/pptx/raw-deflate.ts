/**
 * Raw DEFLATE on one zlib stream used again and again, for the thousands of
 * small parts of a deck. `zlib.deflateRawSync` makes a stream per call: a
 * Transform stream, a native handle and zlib's 256 KB of state, all
 * garbage after one part. This keeps one and resets it (`deflateReset`,
 * which zlib defines as the same as ending the stream and starting it
 * again with the same settings), so each body is byte for byte what
 * `deflateRawSync` gives at that level; tests/pptx/raw-deflate.test.ts holds
 * it to that. In a micro-benchmark of the slide, notes and rels parts of a
 * 3.000-slide deck, 18.000 parts: 364 → 288 ms.
 *
 * The stream is driven as Node's own `zlibBufferSync` drives it, through
 * its handle (`_handle.writeSync`, `_writeState`, `_handle.reset`): not
 * public API, so a Node whose zlib stream lacks any of them gets
 * `deflateRawSync` itself.
 *
 * `rawDeflater` is self-contained (it uses nothing but its arguments and
 * globals) because the deflating threads run its source too
 * (deflate-pool.ts): one implementation for both sides.
 */
import * as zlib from 'node:zlib';

/** A raw DEFLATE compressor: a body of `data` at the deflater's level, a buffer of its own. */
export type RawDeflate = (data: Uint8Array) => Uint8Array;

/** The handle of a zlib stream, as Node's zlib.js uses it. */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  reset(): void;
}

export function rawDeflater(z: typeof zlib, level: number): RawDeflate {
  // deflateRawSync as zip.ts has always called it: its output chunk does not change the bytes, only what a body keeps.
  const fresh: RawDeflate = (data) => z.deflateRawSync(data, { level, chunkSize: Math.max(64, Math.min(1 << 16, (data.length >>> 2) + 128)) });
  let handle: ZlibHandle | undefined;
  let state: Uint32Array | undefined;
  let failure: unknown;
  try {
    const stream = new z.DeflateRaw({ level }) as unknown as { _handle?: ZlibHandle; _writeState?: unknown; on(event: 'error', listener: (error: unknown) => void): void };
    const found = stream._handle;
    if (found && typeof found.writeSync === 'function' && typeof found.reset === 'function' && stream._writeState instanceof Uint32Array) {
      handle = found;
      state = stream._writeState;
      // zlib reports an error through the stream: kept, and thrown where the body was asked for.
      stream.on('error', (error) => {
        failure = error;
      });
    }
  } catch {
    handle = undefined;
  }
  if (!handle || !state) return fresh;
  const FINISH = z.constants.Z_FINISH;
  let out = new Uint8Array(1 << 16);
  return (data) => {
    let inOff = 0;
    let inLeft = data.length;
    let used = 0;
    for (;;) {
      handle.writeSync(FINISH, data, inOff, inLeft, out, used, out.length - used);
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        handle.reset();
        throw error;
      }
      const outLeft = state[0]!;
      const inAfter = state[1]!;
      inOff += inLeft - inAfter;
      inLeft = inAfter;
      used = out.length - outLeft;
      // Room left over: the stream has ended (as zlibBufferSync decides). Full: more room, and on.
      if (outLeft > 0) break;
      const bigger = new Uint8Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    handle.reset();
    return out.slice(0, used);
  };
}

const deflaters = new Map<number, RawDeflate>();

/** Raw DEFLATE at `level` on this thread's stream for that level. */
export function deflateRaw(data: Uint8Array, level: number): Uint8Array {
  let deflate = deflaters.get(level);
  if (!deflate) deflaters.set(level, (deflate = rawDeflater(zlib, level)));
  return deflate(data);
}
