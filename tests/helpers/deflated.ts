/** What zip.ts must give for a text, and byte comparison of its bodies: shared by the zip tests. */
import { crc32, deflateRawSync } from 'node:zlib';
import type { Encoded } from '../../src/pptx/zip.js';

/** What `add` writes for `text`: its body (raw DEFLATE at zlib's level 6), the CRC and size of its UTF-8. */
export function deflatedText(text: string): Encoded {
  const bytes = Buffer.from(text, 'utf8');
  return { body: deflateRawSync(bytes, { level: 6 }), crc: crc32(bytes), size: bytes.length };
}

/** Whether two byte arrays hold the same bytes. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
