/**
 * The parts of a package as the normaliser handles them: bytes, or text for
 * XML not yet encoded (saves decoding and encoding it again), or, for a
 * package embedded in the deck (a chart workbook), its own parts, zipped
 * when the deck is.
 */
import { strFromU8 } from 'fflate';

export type Part = Uint8Array | string | PartMap;
export type PartMap = ReadonlyMap<string, Part>;

/** The text of an XML part. */
export function partText(data: Part): string {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return strFromU8(data);
  throw new TypeError('an embedded package is not text');
}
