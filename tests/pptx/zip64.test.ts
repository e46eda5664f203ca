/**
 * zip.ts past the classic format's 65.535 entries: ZIP64 end records, read
 * back by two independent readers (fflate, and Info-ZIP's `unzip -t` when it
 * is installed); and below it, no ZIP64 at all, the bytes as before.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntries, type ZipEntryInput } from '../../src/pptx/zip.js';

const entries = (count: number): ZipEntryInput[] => Array.from({ length: count }, (_, i) => ({ name: `ppt/p${i}.xml`, data: `<p n="${i}"/>`, store: i % 2 === 0 }));
const hasUnzip = spawnSync('sh', ['-c', 'command -v unzip']).status === 0;

/** The end records, read by hand from the end of the zip. */
function ends(zip: Uint8Array): { count: number; zip64?: { count: bigint; size: bigint; offset: bigint } } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const count = view.getUint16(eocd + 10, true);
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) return { count };
  const record = Number(view.getBigUint64(locator + 8, true));
  expect(view.getUint32(record, true)).toBe(0x06064b50);
  expect(view.getBigUint64(record + 4, true)).toBe(44n);
  expect(record + 56).toBe(locator);
  return { count, zip64: { count: view.getBigUint64(record + 32, true), size: view.getBigUint64(record + 40, true), offset: view.getBigUint64(record + 48, true) } };
}

describe('zip.ts and ZIP64', () => {
  it('writes 70.000 entries (a deck of 17.000 slides has that many) as ZIP64 that fflate and unzip read whole', { timeout: 60_000 }, () => {
    const zip = zipEntries(entries(70_000));
    const end = ends(zip);
    expect(end.count).toBe(0xffff);
    expect(end.zip64?.count).toBe(70_000n);
    // The central directory ends where the ZIP64 end record begins.
    expect(Number(end.zip64!.offset + end.zip64!.size)).toBe(zip.length - 22 - 20 - 56);

    const files = unzipSync(zip);
    expect(Object.keys(files)).toHaveLength(70_000);
    expect(strFromU8(files['ppt/p69999.xml']!)).toBe('<p n="69999"/>');
    expect(strFromU8(files['ppt/p12345.xml']!)).toBe('<p n="12345"/>');

    if (hasUnzip) {
      const dir = mkdtempSync(join(tmpdir(), 'briefdeck-zip64-'));
      try {
        writeFileSync(join(dir, 'big.zip'), zip);
        const r = spawnSync('unzip', ['-tq', join(dir, 'big.zip')], { encoding: 'utf8' });
        expect(r.stdout + r.stderr).toContain('No errors detected');
        expect(r.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('starts ZIP64 at 65.535 entries, the classic count field\'s marker value, and not below', () => {
    expect(ends(zipEntries(entries(65_534))).zip64).toBeUndefined();
    expect(ends(zipEntries(entries(65_534))).count).toBe(65_534);
    expect(ends(zipEntries(entries(65_535))).zip64?.count).toBe(65_535n);
  });

  it('writes a zip of a few entries exactly as the classic format, without a ZIP64 record or extra field', () => {
    const zip = zipEntries(entries(3));
    expect(ends(zip)).toEqual({ count: 3 });
    expect(Buffer.from(zip).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(false);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    expect(view.getUint16(4, true)).toBe(20); // version needed: 2.0
    expect(view.getUint16(28, true)).toBe(0); // no extra field
  });
});
