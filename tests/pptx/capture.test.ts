/**
 * capture.ts and the normaliser's part-level entry points: the parts taken
 * from pptxgenjs before JSZip zips them give the same deck, byte for byte,
 * as normalising the zip pptxgenjs writes; JSZip is unchanged outside a
 * capture; chart workbooks stay complete packages.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strFromU8, unzipSync, type Unzipped } from 'fflate';
import { describe, expect, it } from 'vitest';
import { captureParts, JSZIP_VERSION, jszipVersion, PARTS } from '../../src/pptx/capture.js';
import { normaliseOwnParts, normalisePackage, normaliseParts } from '../../src/pptx/normalise.js';
import type { Part } from '../../src/pptx/parts.js';
import { NORMALISE_OPTIONS, sampleDeck, type Pres } from '../helpers/pptxgen-deck.js';

const OPTIONS = NORMALISE_OPTIONS;
const deck = (q3?: number): Pres => sampleDeck(q3);

const capture = (pres: Pres): Promise<Map<string, Part>> => captureParts(() => pres.write({ outputType: PARTS as 'uint8array' }));
const text = (files: Unzipped, name: string): string => strFromU8(files[name] ?? new Uint8Array());

describe('captureParts', () => {
  it('hands over the parts: XML as text, each chart workbook as its own parts, no folders', async () => {
    const parts = await capture(deck());
    expect([...parts.keys()].some((n) => n.endsWith('/'))).toBe(false);
    expect(typeof parts.get('ppt/slides/slide1.xml')).toBe('string');
    expect(parts.get('ppt/media/image-1-1.png')).toBeInstanceOf(Uint8Array);
    const workbooks = [...parts].filter(([n]) => n.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(2);
    for (const [, workbook] of workbooks) {
      expect(workbook).toBeInstanceOf(Map);
      expect([...(workbook as Map<string, Part>).keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']));
    }
  });

  it('gives the same deck, byte for byte, as normalising what pptxgenjs writes', async () => {
    const raw = (await deck().write({ outputType: 'uint8array' })) as Uint8Array;
    const fromZip = normalisePackage(raw, OPTIONS);
    const fromParts = normaliseParts(await capture(deck()), OPTIONS);
    expect(Buffer.from(fromParts).equals(Buffer.from(fromZip))).toBe(true);
  });

  it('leaves JSZip as it was outside a capture: pptxgenjs still writes real workbooks', async () => {
    await capture(deck()); // installs the hook
    const files = unzipSync((await deck().write({ outputType: 'uint8array' })) as Uint8Array);
    const workbooks = Object.entries(files).filter(([n]) => n.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(2);
    for (const [, bytes] of workbooks) expect(Object.keys(unzipSync(bytes))).toContain('xl/worksheets/sheet1.xml');
  });

  it('gives another pptxgenjs user writing while a capture runs its real workbooks', async () => {
    const [, plain] = await Promise.all([capture(deck()), deck().write({ outputType: 'uint8array' }) as Promise<Uint8Array>]);
    const workbooks = Object.entries(unzipSync(plain)).filter(([n]) => n.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(2);
    for (const [, bytes] of workbooks) expect(Object.keys(unzipSync(bytes))).toContain('xl/worksheets/sheet1.xml');
  });

  it('keeps two captures running at once apart: each deck as when captured alone', async () => {
    const alone = [normaliseParts(await capture(deck(33)), OPTIONS), normaliseParts(await capture(deck(34)), OPTIONS)];
    const [a, b] = await Promise.all([capture(deck(33)), capture(deck(34))]);
    expect(Buffer.from(normaliseParts(a, OPTIONS)).equals(Buffer.from(alone[0]!))).toBe(true);
    expect(Buffer.from(normaliseParts(b, OPTIONS)).equals(Buffer.from(alone[1]!))).toBe(true);
  });
});

describe('normaliseOwnParts', () => {
  it('gives the bytes normaliseParts gives, emptying the parts it is handed', async () => {
    const parts = await capture(deck());
    const expected = normaliseParts(parts, OPTIONS);
    expect(parts.size).toBeGreaterThan(10);
    const owned = normaliseOwnParts(parts, OPTIONS);
    expect(Buffer.from(owned).equals(Buffer.from(expected))).toBe(true);
    expect(parts.size).toBe(0);
  });
});

describe('a rebuild', () => {
  it('after one figure changed gives the bytes a first build gives (edits and deflating reused from the last build)', async () => {
    const first = normaliseParts(await capture(deck(33)), OPTIONS);
    const rebuilt = normaliseParts(await capture(deck(34)), OPTIONS);
    expect(Buffer.from(rebuilt).equals(Buffer.from(first))).toBe(false);
    normaliseParts(await capture(deck(33)), { ...OPTIONS, modified: new Date('2031-01-01T00:00:00Z') }); // nothing to reuse for the next
    const fresh = normaliseParts(await capture(deck(34)), OPTIONS);
    expect(Buffer.from(rebuilt).equals(Buffer.from(fresh))).toBe(true);
    const again = normaliseParts(await capture(deck(34)), OPTIONS); // everything reused
    expect(Buffer.from(again).equals(Buffer.from(fresh))).toBe(true);
  });
});

describe('chart workbooks', () => {
  it('stay complete packages without the unused theme: every relationship resolves, no Override names a missing part', async () => {
    const files = unzipSync(normaliseParts(await capture(deck()), OPTIONS));
    const workbooks = Object.entries(files).filter(([n]) => n.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(2);
    for (const [, bytes] of workbooks) {
      const wb = unzipSync(bytes);
      expect(wb['xl/theme/theme1.xml']).toBeUndefined();
      expect(text(wb, 'xl/worksheets/sheet1.xml')).toContain('<c r="B2"');
      expect(text(wb, 'xl/styles.xml')).not.toMatch(/theme="/);
      for (const rels of Object.keys(wb).filter((n) => n.endsWith('.rels'))) {
        const dir = rels.replace(/_rels\/[^/]*$/, '');
        for (const [, target] of text(wb, rels).matchAll(/Target="([^"]*)"/g)) {
          const part = new URL(target ?? '', `file:///${dir}`).pathname.slice(1);
          expect(wb[part], `${rels} -> ${part}`).toBeDefined();
        }
      }
      for (const [, part] of text(wb, '[Content_Types].xml').matchAll(/PartName="\/([^"]*)"/g)) expect(wb[part ?? ''], part).toBeDefined();
      expect(text(wb, 'xl/_rels/workbook.xml.rels')).toContain('worksheets/sheet1.xml');
    }
  });
});

describe('the JSZip capture reads', () => {
  it('is the version package.json pins: its private fields are read only from that one (bump JSZIP_VERSION after checking capture.ts against a new JSZip)', () => {
    expect(jszipVersion()).toBe(JSZIP_VERSION);
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { overrides?: Record<string, string> };
    expect(pkg.overrides?.jszip).toBe(JSZIP_VERSION);
  });
});
