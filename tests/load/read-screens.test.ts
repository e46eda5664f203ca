/**
 * The screens a data file's bytes pass before they are decoded (empty,
 * binary) say what they said when written plainly: a whole-file regular
 * expression for "empty", every NUL counted for "binary". Those plain
 * versions are the oracle here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/load/read.js';

const plainlyEmpty = (bytes: Uint8Array): boolean => bytes.length === 0 || /^\s*$/.test(Buffer.from(bytes).toString('latin1'));
const plainlyBinaryByNuls = (bytes: Uint8Array): boolean => {
  const nuls = bytes.reduce((n, b) => (b === 0 ? n + 1 : n), 0);
  return nuls > 8 || nuls / bytes.length > 0.05;
};

/** Bytes drawn mostly from those the screens look at: NUL, the white space, and a few letters. */
const screenedBytes = fc.uint8Array({ maxLength: 400 }).chain((noise) =>
  fc
    .array(fc.constantFrom(0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x85, 0x1c, 0x61, 0x3a), { maxLength: 400 })
    .chain((common) => fc.shuffledSubarray([...common, ...noise.slice(0, noise.length % 7)], { minLength: common.length }))
    .map((bytes) => new Uint8Array(bytes)),
);

describe('decodeText screens', () => {
  it('calls a file empty exactly when it holds nothing but white space', () => {
    fc.assert(
      fc.property(screenedBytes, (bytes) => {
        expect(decodeText(bytes, 'x.yaml').diagnostics.some((d) => d.code === 'empty-file')).toBe(plainlyEmpty(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('calls a file binary by its NULs exactly when counting all of them would', () => {
    // NULs at an even and an odd place, then letters: never taken for UTF-16 or UTF-32, nor a known signature.
    const prefix = [0x00, 0x00, 0x61, 0x61, 0x61, 0x61];
    fc.assert(
      fc.property(screenedBytes, (drawn) => {
        const bytes = new Uint8Array([...prefix, ...drawn]);
        const codes = decodeText(bytes, 'x.yaml').diagnostics.map((d) => d.code);
        expect(codes.includes('binary-file')).toBe(plainlyBinaryByNuls(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts NULs past the ninth and in a long file as before', () => {
    const text = (nuls: number, length: number): Uint8Array => {
      const bytes = new Uint8Array(length).fill(0x61);
      for (let i = 0; i < nuls; i++) bytes[Math.floor(((i + 0.5) * length) / nuls)] = 0;
      return bytes;
    };
    for (const [nuls, length] of [
      [8, 1000],
      [9, 1000],
      [9, 2_000_000],
      [1, 20],
      [2, 20],
      [3, 60],
      [4, 60],
    ] as const) {
      const bytes = text(nuls, length);
      expect(decodeText(bytes, 'x.yaml').diagnostics.some((d) => d.code === 'binary-file'), `${nuls} in ${length}`).toBe(plainlyBinaryByNuls(bytes));
    }
  });
});
