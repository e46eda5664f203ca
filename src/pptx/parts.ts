/**
 * The parts of a package as the normaliser handles them: bytes, or text for
 * XML not yet encoded (saves decoding and encoding it again), or, for a
 * package embedded in the deck (a chart workbook), its own parts, zipped
 * when the deck is.
 */

export type Part = Uint8Array | string | PartMap;
export type PartMap = ReadonlyMap<string, Part>;

/** The text of an XML part. */
export function partText(data: Part): string {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return utf8.decode(data);
  throw new TypeError('an embedded package is not text');
}

/** What fflate's strFromU8 uses too; fflate itself is not loaded for it (at its start it loads node:worker_threads, 4 ms). */
const utf8 = new TextDecoder();
