/**
 * Raw DEFLATE on a reused zlib stream (raw-deflate.ts): every body is the
 * one `zlib.deflateRawSync` makes at the same level, whatever came before
 * it on the stream, and the reused stream is what this Node really runs
 * (not the fallback).
 */
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateRaw, rawDeflater } from '../../src/pptx/raw-deflate.js';

const reference = (data: Uint8Array, level: number): Buffer => zlib.deflateRawSync(data, { level });

/** zlib's stream, with `deflateRawSync` counted (and refused when `refuse`). */
function countingZlib(options: { refuse?: boolean; noHandle?: boolean } = {}): { z: typeof zlib; calls: () => number } {
  let calls = 0;
  class NoHandle {
    on(): void {}
  }
  const z = {
    constants: zlib.constants,
    DeflateRaw: options.noHandle ? NoHandle : zlib.DeflateRaw,
    deflateRawSync: (data: Uint8Array, opts: zlib.ZlibOptions) => {
      calls += 1;
      if (options.refuse) throw new Error('deflateRawSync was called');
      return zlib.deflateRawSync(data, opts);
    },
  } as unknown as typeof zlib;
  return { z, calls: () => calls };
}

const XML = Buffer.from(
  '<p:sp><p:txBody><a:p><a:r><a:rPr lang="vi-VN"/><a:t>Doanh thu an toàn thông tin mạng nội địa đạt 50,8%</a:t></a:r></a:p></p:txBody></p:sp>'.repeat(40),
  'utf8',
);

describe('rawDeflater', () => {
  it('uses one stream again on this Node: no deflateRawSync, the same bytes', () => {
    const { z, calls } = countingZlib({ refuse: true });
    const deflate = rawDeflater(z, 6);
    for (const data of [XML, new Uint8Array(0), XML.subarray(0, 10), XML]) expect(Buffer.from(deflate(data)).equals(reference(data, 6))).toBe(true);
    expect(calls()).toBe(0);
  });

  it('gives each body in a buffer of its own: a later body does not overwrite an earlier one', () => {
    const deflate = rawDeflater(zlib, 6);
    const first = deflate(XML);
    const copy = Uint8Array.from(first);
    deflate(randomBytes(5000));
    expect(first).toEqual(copy);
    expect(first.byteLength).toBe(first.buffer.byteLength);
  });

  it('grows past its output buffer: a body bigger than 64 KB (random bytes do not compress)', () => {
    const deflate = rawDeflater(zlib, 6);
    const noise = randomBytes(300_000);
    const body = deflate(noise);
    expect(body.length).toBeGreaterThan(1 << 16);
    expect(Buffer.from(body).equals(reference(noise, 6))).toBe(true);
    // And the stream is whole again after it.
    expect(Buffer.from(deflate(XML)).equals(reference(XML, 6))).toBe(true);
  });

  it('falls back to deflateRawSync when the stream has no handle to drive', () => {
    const { z, calls } = countingZlib({ noHandle: true });
    const deflate = rawDeflater(z, 9);
    expect(Buffer.from(deflate(XML)).equals(reference(XML, 9))).toBe(true);
    expect(calls()).toBe(1);
  });

  it('makes what deflateRawSync makes for any run of contents, at any level', () => {
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.string({ unit: 'grapheme', maxLength: 2000 }).map((s) => Buffer.from(s.repeat(3), 'utf8')),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.array(content, { minLength: 1, maxLength: 6 }), (level, contents) => {
        const deflate = rawDeflater(zlib, level);
        for (const data of contents) if (!Buffer.from(deflate(data)).equals(reference(data, level))) return false;
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a stream per level (deflateRaw)', () => {
    expect(Buffer.from(deflateRaw(XML, 1)).equals(reference(XML, 1))).toBe(true);
    expect(Buffer.from(deflateRaw(XML, 9)).equals(reference(XML, 9))).toBe(true);
    expect(Buffer.from(deflateRaw(XML, 1)).equals(reference(XML, 1))).toBe(true);
  });
});
