/**
 * A small deterministic zip writer on Node's native zlib: raw DEFLATE
 * (`deflateRawSync`) and CRC-32 (`zlib.crc32`, with a table fallback for
 * Node 20 releases before 20.15). The same entries give the same bytes on any
 * machine, clock or time zone: every entry has the DOS time 1980-01-01 00:00,
 * no extra fields, no comments, and the order given.
 *
 * ZIP64 (APPNOTE 4.5.3, 4.3.14–4.3.15) only where a value does not fit the
 * classic fields: 65.535 entries or more (a deck of about 16.000 slides),
 * 4 GB or more in a part or before the central directory. Then, and only
 * then, an entry gets the ZIP64 extra field (version 4.5) and the end record
 * is preceded by the ZIP64 end record and its locator; every smaller zip is
 * byte for byte what it was. No encryption, no data descriptors.
 */
import * as zlib from 'node:zlib';

export interface ZipEntryInput {
  /** The entry's name inside the zip, `/`-separated, no leading `/`. */
  name: string;
  /** The content; text is written as UTF-8. */
  data: Uint8Array | string;
  /** Write the bytes as they are (method 0): for formats that are already compressed. */
  store?: boolean;
}

export interface ZipOptions {
  /** zlib level for deflated entries, 1 (fastest) to 9 (smallest); 6 unless given. */
  level?: number;
  /**
   * Deflated text entries by content, to reuse across entries and zips: the
   * chart workbooks of a deck repeat the same theme, styles and rels parts
   * hundreds of times. Make one per deck (`new Map()`).
   */
  cache?: ZipCache;
}

/** A text deflated: its body, the CRC and size of its UTF-8 bytes, at one level. */
export interface Deflated {
  level: number;
  crc: number;
  size: number;
  body: Uint8Array;
}

/** Text → its deflated body (a Map will do). */
export interface ZipCache {
  get(text: string): Deflated | undefined;
  set(text: string, deflated: Deflated): unknown;
}

/** DOS time 00:00:00 and date 1980-01-01, the earliest a zip can hold. */
export const DOS_TIME = 0;
export const DOS_DATE = (0 << 9) | (1 << 5) | 1;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END_OF_CENTRAL = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const VERSION = 20; // 2.0: deflate
const VERSION_ZIP64 = 45; // 4.5: ZIP64
const UTF8_NAMES = 0x0800;
/** The classic fields' largest values, which also mean "see the ZIP64 record": a value this large goes there. */
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

export function zipEntries(entries: Iterable<ZipEntryInput>, options: ZipOptions = {}): Uint8Array {
  const zip = new ZipWriter(options);
  for (const entry of entries) zip.add(entry);
  return zip.finish();
}

/**
 * Writes a zip an entry at a time, so a caller can let go of each entry's
 * content as soon as it is added. Headers and bodies are copied into two
 * growing buffers as they are made.
 */
export class ZipWriter {
  private readonly level: number;
  private readonly cache: ZipCache | undefined;
  private readonly out = new Sink(1 << 20);
  private readonly central = new Sink(1 << 16);
  private readonly names = new Set<string>();
  private count = 0;

  constructor(options: ZipOptions = {}) {
    this.level = options.level ?? 6;
    this.cache = options.cache;
  }

  add(entry: ZipEntryInput): void {
    const { out, central } = this;
    if (this.names.has(entry.name)) throw new Error(`zip: duplicate entry ${entry.name}`);
    this.names.add(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : UTF8_NAMES;
    const method = entry.store ? 0 : 8;
    const { body, crc, size } = encode(entry, this.level, this.cache);
    const offset = out.length;
    // A size of 4 GB or more goes in the ZIP64 extra field, in the local header both sizes (4.5.3).
    const largeSizes = size >= MAX_U32 || body.length >= MAX_U32;
    const localExtra = largeSizes ? [size, body.length] : [];
    const centralExtra = [...localExtra, ...(offset >= MAX_U32 ? [offset] : [])];
    const version = centralExtra.length > 0 ? VERSION_ZIP64 : VERSION;

    out.u32(LOCAL_HEADER);
    out.u16(version);
    out.u16(flags);
    out.u16(method);
    out.u16(DOS_TIME);
    out.u16(DOS_DATE);
    out.u32(crc);
    out.u32(largeSizes ? MAX_U32 : body.length);
    out.u32(largeSizes ? MAX_U32 : size);
    out.u16(name.length);
    out.u16(extraLength(localExtra));
    out.bytes(name);
    zip64Extra(out, localExtra);
    out.bytes(body);

    central.u32(CENTRAL_HEADER);
    central.u16(version); // made by: MS-DOS, 2.0 (4.5 with ZIP64)
    central.u16(version);
    central.u16(flags);
    central.u16(method);
    central.u16(DOS_TIME);
    central.u16(DOS_DATE);
    central.u32(crc);
    central.u32(largeSizes ? MAX_U32 : body.length);
    central.u32(largeSizes ? MAX_U32 : size);
    central.u16(name.length);
    central.u16(extraLength(centralExtra));
    central.u16(0); // comment length
    central.u16(0); // disk number
    central.u16(0); // internal attributes
    central.u32(0); // external attributes
    central.u32(offset >= MAX_U32 ? MAX_U32 : offset);
    central.bytes(name);
    zip64Extra(central, centralExtra);

    this.count += 1;
  }

  /** The zip: the entries, the central directory and its end record. */
  finish(): Uint8Array {
    const { out, central, count } = this;
    const centralOffset = out.length;
    const centralSize = central.length;
    out.bytes(central.view());
    const zip64 = count >= MAX_U16 || centralSize >= MAX_U32 || centralOffset >= MAX_U32;
    if (zip64) {
      const recordOffset = out.length;
      out.u32(ZIP64_END_OF_CENTRAL);
      out.u64(44); // the size of the rest of this record
      out.u16(VERSION_ZIP64); // made by
      out.u16(VERSION_ZIP64); // needed to extract
      out.u32(0); // this disk
      out.u32(0); // disk of the central directory
      out.u64(count); // entries on this disk
      out.u64(count);
      out.u64(centralSize);
      out.u64(centralOffset);
      out.u32(ZIP64_LOCATOR);
      out.u32(0); // disk of the ZIP64 end record
      out.u64(recordOffset);
      out.u32(1); // disks in all
    }
    out.u32(END_OF_CENTRAL);
    out.u16(0); // this disk
    out.u16(0); // disk of the central directory
    out.u16(Math.min(count, MAX_U16)); // entries on this disk
    out.u16(Math.min(count, MAX_U16));
    out.u32(Math.min(centralSize, MAX_U32));
    out.u32(Math.min(centralOffset, MAX_U32));
    out.u16(0); // comment length
    return out.view();
  }
}

/** A little-endian byte writer that doubles its buffer as it fills. */
class Sink {
  private buffer: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  u16(value: number): void {
    this.reserve(2);
    this.length = this.buffer.writeUInt16LE(value, this.length);
  }

  u32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeUInt32LE(value >>> 0, this.length);
  }

  u64(value: number): void {
    this.reserve(8);
    this.length = this.buffer.writeBigUInt64LE(BigInt(value), this.length);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** The bytes written, in a buffer of their own size. */
  view(): Uint8Array {
    const exact = new Uint8Array(this.length);
    exact.set(this.buffer.subarray(0, this.length));
    return exact;
  }
}

/** The length of a ZIP64 extra field holding these values (none: no field). */
const extraLength = (values: readonly number[]): number => (values.length === 0 ? 0 : 4 + 8 * values.length);

/** The ZIP64 extra field (4.5.3): its id, its size, then the values that did not fit, in the order the format gives. */
function zip64Extra(sink: Sink, values: readonly number[]): void {
  if (values.length === 0) return;
  sink.u16(ZIP64_EXTRA);
  sink.u16(8 * values.length);
  for (const value of values) sink.u64(value);
}

/** The entry's bytes as written (deflated unless stored), the CRC and size of its content. */
function encode(entry: ZipEntryInput, level: number, cache: ZipCache | undefined): { body: Uint8Array; crc: number; size: number } {
  if (typeof entry.data === 'string' && !entry.store) {
    const cached = cache?.get(entry.data);
    if (cached && cached.level === level) return cached;
    if (cache) return encodeInto(cache, entry.data, level);
  }
  if (entry.store) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    return { crc: crc32(data), size: data.length, body: data };
  }
  const data = typeof entry.data === 'string' ? utf8(entry.data) : entry.data;
  return { crc: crc32(data), size: data.length, body: deflate(data, level) };
}

/** Deflates `text` into `cache` (and returns it). */
export function encodeInto(cache: ZipCache, text: string, level: number): { body: Uint8Array; crc: number; size: number } {
  const data = utf8(text);
  const encoded = { level, crc: crc32(data), size: data.length, body: deflate(data, level) };
  cache.set(text, encoded);
  return encoded;
}

/**
 * Raw DEFLATE. zlib writes into chunks of `chunkSize` (16 KB unless told),
 * and the result keeps its chunk: 20.000 small parts would hold 320 MB until
 * the next GC. A chunk about the size XML compresses to keeps that small.
 */
function deflate(data: Uint8Array, level: number): Uint8Array {
  return zlib.deflateRawSync(data, { level, chunkSize: Math.max(64, Math.min(1 << 16, (data.length >>> 2) + 128)) });
}

/** Text as UTF-8 in a scratch buffer reused from call to call: valid until the next call. */
let scratch = Buffer.allocUnsafe(1 << 16);
function utf8(text: string): Uint8Array {
  if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(Math.max(text.length * 3, scratch.length * 2));
  return scratch.subarray(0, scratch.write(text, 'utf8'));
}

// ---------------------------------------------------------------------------
// CRC-32 (IEEE), native when Node has it

type Crc32 = (data: Uint8Array) => number;

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

let table: Uint32Array | undefined;

/** The table-driven CRC-32 of the zip format, for Node releases without `zlib.crc32`. */
export function crc32Portable(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const crc32: Crc32 = nativeCrc32 ? (data) => nativeCrc32(data) : crc32Portable;
