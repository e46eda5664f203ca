/**
 * zip.ts: the deterministic zip writer on Node's zlib. Read back with fflate
 * (an independent reader) and by hand for the header fields.
 */
import * as zlib from 'node:zlib';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Portable, DOS_DATE, DOS_TIME, zipEntries, ZipWriter, type ZipCache, type ZipEntryInput } from '../../src/pptx/zip.js';

interface Header {
  name: string;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  local: { flags: number; method: number; time: number; date: number; crc: number; compressed: number; size: number };
}

/** The central directory and each entry's local header, read by hand. */
function headers(zip: Uint8Array): Header[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const count = view.getUint16(eocd + 10, true);
  expect(view.getUint16(eocd + 8, true)).toBe(count);
  let at = view.getUint32(eocd + 16, true);
  expect(at + view.getUint32(eocd + 12, true)).toBe(eocd);
  const out: Header[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    out.push({
      name: Buffer.from(zip.subarray(at + 46, at + 46 + nameLength)).toString('utf8'),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      crc: view.getUint32(at + 16, true),
      compressed: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      local: {
        flags: view.getUint16(local + 6, true),
        method: view.getUint16(local + 8, true),
        time: view.getUint16(local + 10, true),
        date: view.getUint16(local + 12, true),
        crc: view.getUint32(local + 14, true),
        compressed: view.getUint32(local + 18, true),
        size: view.getUint32(local + 22, true),
      },
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

const XML = '<?xml version="1.0" encoding="UTF-8"?><p:sld><a:t>Hội nghị sơ kết công tác thông tin và truyền thông</a:t></p:sld>'.repeat(40);
const PNG_LIKE = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251);

const ENTRIES: ZipEntryInput[] = [
  { name: '[Content_Types].xml', data: '<Types/>' },
  { name: '_rels/.rels', data: strToU8('<Relationships/>') },
  { name: 'ppt/slides/slide1.xml', data: XML },
  { name: 'ppt/media/image1.png', data: PNG_LIKE, store: true },
  { name: 'ppt/empty.xml', data: '' },
  { name: 'tài liệu/ghi chú.txt', data: 'Ghi chú' },
];

const bytesOf = (data: Uint8Array | string): Uint8Array => (typeof data === 'string' ? strToU8(data) : data);

describe('zipEntries', () => {
  const zip = zipEntries(ENTRIES);

  it('round-trips through fflate: every entry, its bytes, in the order given', () => {
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(ENTRIES.map((e) => e.name));
    for (const e of ENTRIES) expect(Buffer.from(files[e.name]!).equals(Buffer.from(bytesOf(e.data)))).toBe(true);
  });

  it('stores entries marked store and deflates the others', () => {
    const byName = new Map(headers(zip).map((h) => [h.name, h]));
    const stored = byName.get('ppt/media/image1.png')!;
    expect([stored.method, stored.compressed, stored.size]).toEqual([0, PNG_LIKE.length, PNG_LIKE.length]);
    const slide = byName.get('ppt/slides/slide1.xml')!;
    expect(slide.method).toBe(8);
    expect(slide.size).toBe(Buffer.byteLength(XML));
    expect(slide.compressed).toBeLessThan(slide.size / 10);
    for (const h of byName.values()) expect(h.local).toEqual({ flags: h.flags, method: h.method, time: h.time, date: h.date, crc: h.crc, compressed: h.compressed, size: h.size });
  });

  it('gives every entry the DOS time 1980-01-01 00:00 and flags UTF-8 names only', () => {
    for (const h of headers(zip)) {
      expect([h.date, h.time]).toEqual([DOS_DATE, DOS_TIME]);
      expect(h.flags).toBe(/^[\x20-\x7e]*$/.test(h.name) ? 0 : 0x0800);
    }
    expect(headers(zip).find((h) => h.name.startsWith('tài'))?.flags).toBe(0x0800);
  });

  it('writes the CRC-32 of each entry, as zlib computes it', () => {
    for (const [i, h] of headers(zip).entries()) {
      const data = bytesOf(ENTRIES[i]!.data);
      expect(h.crc).toBe(crc32Portable(data));
      expect(h.crc).toBe(crc32(data));
      expect(h.crc).toBe(zlib.crc32(data));
    }
    expect(crc32Portable(strToU8('123456789'))).toBe(0xcbf43926); // the check value of CRC-32/ISO-HDLC
    expect(crc32Portable(new Uint8Array())).toBe(0);
  });

  it('gives the same bytes every time, with or without a cache, at once or an entry at a time', () => {
    const again = zipEntries(ENTRIES);
    expect(Buffer.from(again).equals(Buffer.from(zip))).toBe(true);
    const cache: ZipCache = new Map();
    const cached = zipEntries(ENTRIES, { cache });
    expect(cache.size).toBeGreaterThan(0);
    expect(Buffer.from(cached).equals(Buffer.from(zip))).toBe(true);
    expect(Buffer.from(zipEntries(ENTRIES, { cache })).equals(Buffer.from(zip))).toBe(true); // now from the cache
    const writer = new ZipWriter();
    for (const e of ENTRIES) writer.add(e);
    expect(Buffer.from(writer.finish()).equals(Buffer.from(zip))).toBe(true);
  });

  it('deflates what zlib would, at the level asked', () => {
    const slide = headers(zip).find((h) => h.name === 'ppt/slides/slide1.xml')!;
    const level1 = headers(zipEntries([{ name: 'a.xml', data: XML }], { level: 1 }))[0]!;
    expect(slide.compressed).toBe(zlib.deflateRawSync(Buffer.from(XML), { level: 6 }).length);
    expect(level1.compressed).toBe(zlib.deflateRawSync(Buffer.from(XML), { level: 1 }).length);
  });

  it('refuses a name twice', () => {
    expect(() => zipEntries([ENTRIES[0]!, ENTRIES[0]!])).toThrow(/duplicate/);
  });

  it('writes an empty zip as just the end record', () => {
    const empty = zipEntries([]);
    expect(empty.length).toBe(22);
    expect(Object.keys(unzipSync(empty))).toEqual([]);
  });

  it('handles many entries and a large one', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ name: `ppt/slides/slide${i + 1}.xml`, data: `<p:sld n="${i}">${'x'.repeat(i % 97)}</p:sld>` }));
    const big = { name: 'big.xml', data: XML.repeat(400) };
    const files = unzipSync(zipEntries([...many, big]));
    expect(Object.keys(files)).toHaveLength(3001);
    expect(Buffer.from(files['big.xml']!).toString('utf8')).toBe(big.data);
    expect(Buffer.from(files['ppt/slides/slide2999.xml']!).toString('utf8')).toBe(many[2998]!.data);
  });

  it('writes entries across the writer\'s 1 MB chunks whole: stored bodies that straddle a chunk\'s end, larger than a chunk, and headers between', () => {
    // Sizes around the chunk size, so bodies and headers fall on every side of a chunk's end.
    const sizes = [1 << 20, (1 << 20) - 30, 17, (1 << 20) + 5, 3 << 20, 1, 0, (1 << 20) - 1];
    const entries = sizes.map((size, i) => ({ name: `ppt/media/image${i}.png`, data: Uint8Array.from({ length: size }, (_, j) => (j * 31 + i) % 256), store: true }));
    const zip = zipEntries(entries);
    const files = unzipSync(zip);
    entries.forEach((entry) => expect(Buffer.compare(Buffer.from(files[entry.name]!), Buffer.from(entry.data))).toBe(0));
    expect(headers(zip).map((h) => h.size)).toEqual(sizes);
    expect(zip.length).toBe(sizes.reduce((sum, size) => sum + size, 0) + entries.reduce((sum, e) => sum + 30 + 46 + 2 * e.name.length, 0) + 22);
  });

  it('gives the same bytes when writers overlap and later ones take the first chunks of those done with', () => {
    const reference = zipEntries(ENTRIES);
    const small = (tag: string): ZipEntryInput[] => [{ name: 'a.xml', data: `<a>${tag}</a>` }, { name: 'b.bin', data: Uint8Array.of(1, 2, 3), store: true }];
    const small1 = zipEntries(small('1'));
    const a = new ZipWriter();
    const b = new ZipWriter();
    a.add(small('1')[0]!);
    b.add(ENTRIES[0]!);
    a.add(small('1')[1]!);
    const fromA = a.finish(); // its chunks go back here, while b still writes into its own
    const c = new ZipWriter();
    for (const e of small('2')) c.add(e);
    for (const e of ENTRIES.slice(1)) b.add(e);
    const fromC = c.finish();
    const fromB = b.finish();
    expect(Buffer.from(fromA).equals(Buffer.from(small1))).toBe(true);
    expect(Buffer.from(fromB).equals(Buffer.from(reference))).toBe(true);
    expect(Buffer.from(fromC).equals(Buffer.from(zipEntries(small('2'))))).toBe(true);
    expect(Buffer.from(fromA).equals(Buffer.from(small1))).toBe(true); // still its own bytes after later zips
    for (let i = 0; i < 20; i++) expect(Buffer.from(zipEntries(small(String(i % 3)))).equals(Buffer.from(zipEntries(small(String(i % 3)))))).toBe(true);
  });

  it('streams the same bytes, in order, a chunk at a time as the zip grows, through memory it fills again once the stream has taken it', () => {
    const sizes = [1 << 20, (1 << 20) - 30, 17, (1 << 20) + 5, 3 << 20, 1, 0];
    const entries: ZipEntryInput[] = [
      ...sizes.map((size, i) => ({ name: `ppt/media/big${i}.png`, data: Uint8Array.from({ length: size }, (_, j) => (j * 7 + i) % 251), store: true })),
      ...ENTRIES,
    ];
    const held = zipEntries(entries);
    const taken: Buffer[] = []; // copied when given: the writer fills the chunk again afterwards
    const memory = new Set<ArrayBufferLike>();
    const writer = new ZipWriter({ stream: { write: (chunk) => (taken.push(Buffer.from(chunk)), memory.add(chunk.buffer)) } });
    for (const e of entries) writer.add(e);
    const takenBeforeEnd = taken.length;
    expect(writer.finish()).toHaveLength(0);
    expect(takenBeforeEnd).toBeGreaterThan(3); // written as the zip grew, not at the end
    expect(taken.length).toBeGreaterThan(takenBeforeEnd); // the last chunk, at the end
    expect(taken.every((c) => c.length > 0)).toBe(true);
    expect(Buffer.concat(taken).equals(Buffer.from(held))).toBe(true);
    expect(memory.size).toBeLessThan(taken.length); // chunks of memory used again, not one per chunk written
  });
});
