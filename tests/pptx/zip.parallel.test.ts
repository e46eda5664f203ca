/**
 * zip.ts's async path (`ZipWriter.addAsync`, `zipEntriesParallel`): entries
 * deflated on other threads, written in order, byte for byte what the sync
 * path (`zipEntries`) writes; the cache shared the same way. And the build's
 * use of it (`normaliseOwnPartsAsync`): the same deck, the same watch memo.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessagePort, Worker } from 'node:worker_threads';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import pptxgen from 'pptxgenjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stopIdleDeflating } from '../../src/pptx/deflate-pool.js';
import { normaliseOwnPartsAsync, normaliseParts } from '../../src/pptx/normalise.js';
import type { Part } from '../../src/pptx/parts.js';
import { DeflateAhead, zipEntries, zipEntriesParallel, ZipWriter, type Deflated, type Encoded, type ZipCache, type ZipEntryInput, type ZipOptions } from '../../src/pptx/zip.js';
import { buildOnce, CONFERENCE, ROOT } from '../helpers/build.js';
import { deflatedText, sameBytes } from '../helpers/deflated.js';

/** Threads from the first byte: the async path as a big deck takes it, on small inputs. */
const THREADED: ZipOptions = { threads: 1, inlineBytes: 0 };

/** Counts the batches sent to a deflating thread from now on (a batch is a message with the level and the ends of its texts). */
function countBatches(): { readonly count: number } {
  const spy = vi.spyOn(MessagePort.prototype, 'postMessage'); // the same spy if there is one
  const batches = (): number => spy.mock.calls.filter(([message]) => typeof message === 'object' && message !== null && 'ends' in message && 'level' in message).length;
  const before = batches();
  return {
    get count() {
      return batches() - before;
    },
  };
}

/** A cache that counts what it is asked and given. */
function countingCache(): ZipCache & { gets: number; sets: number; map: Map<string, Deflated> } {
  const map = new Map<string, Deflated>();
  const cache = {
    gets: 0,
    sets: 0,
    map,
    get(text: string) {
      cache.gets += 1;
      return map.get(text);
    },
    set(text: string, deflated: Deflated) {
      cache.sets += 1;
      map.set(text, deflated);
    },
  };
  return cache;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const XML = '<?xml version="1.0" encoding="UTF-8"?><p:sld><a:t>Hội nghị sơ kết công tác thông tin và truyền thông</a:t></p:sld>'.repeat(40);
const PNG_LIKE = Uint8Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 251);

/** Slides, rels, notes: many small texts, some repeated, a few binary parts, stored and not. */
function deckLike(slides: number): ZipEntryInput[] {
  const entries: ZipEntryInput[] = [
    { name: '[Content_Types].xml', data: `<Types>${'<Override PartName="/ppt/slides/slide.xml"/>'.repeat(slides)}</Types>` },
    { name: '_rels/.rels', data: strToU8('<Relationships/>') },
  ];
  for (let i = 1; i <= slides; i++) {
    entries.push({ name: `ppt/slides/slide${i}.xml`, data: `<p:sld n="${i}">${'<a:t>Chuyển đổi số, hạ tầng số</a:t>'.repeat(i % 50)}</p:sld>` });
    entries.push({ name: `ppt/slides/_rels/slide${i}.xml.rels`, data: '<Relationships><Relationship Id="rId1" Target="../slideLayouts/slideLayout2.xml"/></Relationships>' });
    if (i % 7 === 0) entries.push({ name: `ppt/media/image${i}.png`, data: PNG_LIKE.subarray(i % 100), store: true });
    if (i % 11 === 0) entries.push({ name: `ppt/embeddings/data${i}.bin`, data: PNG_LIKE.subarray(0, 2000 + i) });
  }
  return entries;
}

describe('zipEntriesParallel gives the bytes zipEntries gives', () => {
  it('for the conference deck: its parts zipped again, on threads, are the deck as built', async () => {
    const built = await buildOnce(CONFERENCE);
    const deck = built.pptx!;
    const files = unzipSync(deck);
    // The method of each entry, from the central directory: stored parts stay stored.
    const view = new DataView(deck.buffer, deck.byteOffset, deck.byteLength);
    const eocd = deck.length - 22;
    let at = view.getUint32(eocd + 16, true);
    const stored = new Set<string>();
    for (let i = 0; i < view.getUint16(eocd + 10, true); i++) {
      const nameLength = view.getUint16(at + 28, true);
      const name = strFromU8(deck.subarray(at + 46, at + 46 + nameLength));
      if (view.getUint16(at + 10, true) === 0) stored.add(name);
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    expect(stored.size).toBeGreaterThan(0); // the chart workbooks
    const entries = (): ZipEntryInput[] =>
      Object.entries(files).map(([name, data]) => ({ name, data: /\.xml$|\.rels$/.test(name) ? strFromU8(data) : data, store: stored.has(name) }));
    const batches = countBatches();
    const parallel = await zipEntriesParallel(entries(), THREADED);
    expect(batches.count).toBeGreaterThan(0);
    expect(sameBytes(parallel, zipEntries(entries()))).toBe(true);
    expect(sameBytes(parallel, deck)).toBe(true);
  });

  it('for many entries: texts, bytes, stored parts, repeats, empty ones, in the order given', async () => {
    const entries = [...deckLike(3000), { name: 'ppt/empty.xml', data: '' }, { name: 'tài liệu/ghi chú.txt', data: 'Ghi chú' }];
    const sync = zipEntries(entries);
    const batches = countBatches();
    const parallel = await zipEntriesParallel(entries, THREADED);
    expect(batches.count).toBeGreaterThan(1);
    expect(sameBytes(parallel, sync)).toBe(true);
    expect(Object.keys(unzipSync(parallel))).toEqual(entries.map((e) => e.name));
  });

  it('for a large entry (bigger than a batch) among small ones', async () => {
    const entries: ZipEntryInput[] = [
      { name: 'a.xml', data: '<a/>' },
      { name: 'big.xml', data: XML.repeat(300) }, // 3,6 MB of UTF-8
      { name: 'b.xml', data: '<b/>' },
      { name: 'big.bin', data: strToU8(XML.repeat(100)) },
      { name: 'c.png', data: PNG_LIKE, store: true },
    ];
    expect(sameBytes(await zipEntriesParallel(entries, THREADED), zipEntries(entries))).toBe(true);
  });

  it('for stored entries only (nothing to deflate)', async () => {
    const entries = Array.from({ length: 50 }, (_, i): ZipEntryInput => ({ name: `ppt/media/image${i}.png`, data: i % 2 ? PNG_LIKE.subarray(i) : `stored text ${i}`, store: true }));
    const batches = countBatches();
    expect(sameBytes(await zipEntriesParallel(entries, THREADED), zipEntries(entries))).toBe(true);
    expect(batches.count).toBe(0);
  });

  it('at every level, with no threads, and when the threads take over part way', async () => {
    const entries = deckLike(200);
    for (const level of [1, 6, 9]) {
      const sync = zipEntries(entries, { level });
      expect(sameBytes(await zipEntriesParallel(entries, { ...THREADED, level }), sync)).toBe(true);
      expect(sameBytes(await zipEntriesParallel(entries, { level, threads: 0 }), sync)).toBe(true);
      expect(sameBytes(await zipEntriesParallel(entries, { level, threads: 1, inlineBytes: 50_000 }), sync)).toBe(true);
      expect(sameBytes(await zipEntriesParallel(entries, { level }), sync)).toBe(true); // the defaults: inline below 1 MB
    }
  });

  it('for an empty zip', async () => {
    expect(sameBytes(await zipEntriesParallel([], THREADED), zipEntries([]))).toBe(true);
  });

  it('at 65.535 entries, where ZIP64 starts, and just below', { timeout: 60_000 }, async () => {
    const entries = (count: number): ZipEntryInput[] => Array.from({ length: count }, (_, i) => ({ name: `ppt/p${i}.xml`, data: `<p n="${i}"/>`, store: i % 2 === 0 }));
    for (const count of [65_534, 65_535]) {
      const parallel = await zipEntriesParallel(entries(count), THREADED);
      expect(sameBytes(parallel, zipEntries(entries(count)))).toBe(true);
      // ZIP64's locator sits just before the end record at 65.535, and only there.
      const view = new DataView(parallel.buffer, parallel.byteOffset, parallel.byteLength);
      expect(view.getUint32(parallel.length - 22 - 20, true) === 0x07064b50).toBe(count >= 65_535);
    }
  });

  it('writes an entry at a time with addAsync, and refuses a name twice', async () => {
    const entries = deckLike(100);
    const writer = new ZipWriter(THREADED);
    for (const e of entries) await writer.addAsync(e);
    await expect(writer.addAsync(entries[5]!)).rejects.toThrow(/duplicate/);
    expect(sameBytes(await writer.finishAsync(), zipEntries(entries))).toBe(true);
  });

  it('keeps the order when entries are added without waiting, and finish() refuses to end early', async () => {
    const entries = deckLike(300);
    const writer = new ZipWriter(THREADED);
    const added = entries.map((e) => writer.addAsync(e));
    expect(() => writer.finish()).toThrow(/finishAsync/);
    await Promise.all(added);
    expect(sameBytes(await writer.finishAsync(), zipEntries(entries))).toBe(true);
  });

  it('ends the idle threads when told (a one-off build, before it writes), and starts one again for the next zip: the same bytes', async () => {
    const entries = deckLike(300);
    await zipEntriesParallel(entries, THREADED); // a thread, now idle
    const ended = vi.spyOn(Worker.prototype, 'terminate');
    stopIdleDeflating();
    expect(ended).toHaveBeenCalled();
    const batches = countBatches();
    expect(sameBytes(await zipEntriesParallel(entries, THREADED), zipEntries(entries))).toBe(true);
    expect(batches.count).toBeGreaterThan(0); // deflated on a thread started again, not left to this one
  });

  it('deflates here what a thread could not take, the same way', async () => {
    vi.spyOn(MessagePort.prototype, 'postMessage').mockImplementation(() => {
      throw new Error('no thread');
    });
    const entries = deckLike(300);
    expect(sameBytes(await zipEntriesParallel(entries, THREADED), zipEntries(entries))).toBe(true);
  });
});

describe('DeflateAhead and addEncoded', () => {
  /** The zip of `entries` with every deflated entry's body made ahead, then written in its turn. */
  async function aheadZip(entries: ZipEntryInput[]): Promise<Uint8Array> {
    const ahead = new DeflateAhead(undefined, 1);
    const bodies = entries.map((e): Promise<Encoded> | undefined => (e.store ? undefined : ahead.encode(typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data)));
    ahead.flush();
    const writer = new ZipWriter(THREADED);
    for (const [i, entry] of entries.entries()) {
      const body = bodies[i];
      if (body) writer.addEncoded(entry.name, false, body);
      else await writer.addAsync(entry);
    }
    return writer.finishAsync();
  }

  it('makes the bodies add makes, and the writer writes them in the order added: the same zip', async () => {
    const entries = deckLike(300);
    const counted = countBatches();
    expect(sameBytes(await aheadZip(entries), zipEntries(entries))).toBe(true);
    expect(counted.count).toBeGreaterThan(1); // the bodies came from a thread, in batches
  });

  it('deflates here what a thread could not take, the same way', async () => {
    vi.spyOn(MessagePort.prototype, 'postMessage').mockImplementation(() => {
      throw new Error('no thread');
    });
    const entries = deckLike(120);
    expect(sameBytes(await aheadZip(entries), zipEntries(entries))).toBe(true);
  });
});

describe('DeflateAhead with a transform: texts made on the thread, then deflated', () => {
  const TAGGED = pathToFileURL(resolve(ROOT, 'tests/fixtures/threads/tagged.mjs')).href;
  const tags = (n: number): string[] => Array.from({ length: n }, (_, i) => (i % 17 === 3 ? 'leave' : i % 29 === 5 ? 'throw' : `thẻ ${i}`));
  const texts = (n: number): string[] => Array.from({ length: n }, (_, i) => `<p:sld n="${i}">${'<a:t>Chuyển đổi số, hạ tầng số</a:t>'.repeat(i % 40)}</p:sld>`);

  /** Each text's body made ahead with `transform`, and the texts `here` made (what the thread did not). */
  async function made(transform: { module: string; name: string }, n: number): Promise<{ bodies: Encoded[]; here: string[]; remade: number }> {
    const ahead = new DeflateAhead(undefined, 1, transform);
    const here: string[] = [];
    const tagOf = tags(n);
    const make = (text: string, i: number): string => {
      here.push(text);
      return tagOf[i] === 'leave' || tagOf[i] === 'throw' ? `${text}<!--here-->` : `${text}<!--${tagOf[i]}-->`;
    };
    const pending = texts(n).map((text, i) => ahead.make(text, [tagOf[i]], (t) => make(t, i)));
    ahead.flush();
    return { bodies: await Promise.all(pending), here, remade: ahead.remade };
  }

  it('gives each text the body of what the transform makes of it, and makes here only the texts it leaves or throws on', async () => {
    const n = 400;
    const { bodies, here, remade } = await made({ module: TAGGED, name: 'tagged' }, n);
    const tagOf = tags(n);
    const all = texts(n);
    const left = all.filter((_, i) => tagOf[i] === 'leave' || tagOf[i] === 'throw');
    expect(left.length).toBeGreaterThan(20);
    expect(here).toEqual(left); // the thread's leftovers, read back from their bytes, in order
    expect(remade).toBe(left.length);
    bodies.forEach((body, i) => {
      const text = tagOf[i] === 'leave' || tagOf[i] === 'throw' ? `${all[i]}<!--here-->` : `${all[i]}<!--${tagOf[i]}-->`;
      const want = deflatedText(text);
      expect({ crc: body.crc, size: body.size }, text.slice(0, 40)).toEqual({ crc: want.crc, size: want.size });
      expect(sameBytes(body.body, want.body)).toBe(true);
    });
  });

  it.each([
    ['a module that is not there', { module: pathToFileURL(resolve(ROOT, 'tests/fixtures/threads/missing.mjs')).href, name: 'tagged' }],
    ['a name that is not a function', { module: TAGGED, name: 'notAFunction' }],
  ])('with %s, makes every text here: the same bodies as here makes', async (_, transform) => {
    const n = 150;
    const { bodies, here, remade } = await made(transform, n);
    expect(here).toEqual(texts(n));
    expect(remade).toBe(n);
    const tagOf = tags(n);
    bodies.forEach((body, i) => {
      const text = tagOf[i] === 'leave' || tagOf[i] === 'throw' ? `${texts(n)[i]}<!--here-->` : `${texts(n)[i]}<!--${tagOf[i]}-->`;
      expect(sameBytes(body.body, deflatedText(text).body)).toBe(true);
    });
  });
});

describe('zipEntriesParallel and the cache', () => {
  const texts = deckLike(400);
  const unique = new Set(texts.flatMap((e) => (typeof e.data === 'string' && !e.store ? [e.data] : []))).size;

  it('caches each text it deflates, once, as the sync path does: the same bodies', async () => {
    const syncCache = countingCache();
    const parallelCache = countingCache();
    const sync = zipEntries(texts, { cache: syncCache });
    const parallel = await zipEntriesParallel(texts, { ...THREADED, cache: parallelCache });
    expect(sameBytes(parallel, sync)).toBe(true);
    // A text repeated while its first copy is on a thread is not deflated twice.
    expect(parallelCache.sets).toBe(unique);
    expect(syncCache.sets).toBe(unique);
    expect(parallelCache.map.size).toBe(unique);
    for (const [text, deflated] of syncCache.map) {
      const other = parallelCache.map.get(text)!;
      expect({ level: other.level, crc: other.crc, size: other.size }).toEqual({ level: deflated.level, crc: deflated.crc, size: deflated.size });
      expect(sameBytes(other.body, deflated.body)).toBe(true);
    }
    // What the parallel path cached serves the sync path, and the other way round.
    expect(sameBytes(zipEntries(texts, { cache: parallelCache }), sync)).toBe(true);
    expect(parallelCache.sets).toBe(unique);
  });

  it('deflates nothing that is cached: no thread is asked, the same bytes', async () => {
    const cache = countingCache();
    const sync = zipEntries(texts, { cache });
    const sets = cache.sets;
    const batches = countBatches();
    expect(sameBytes(await zipEntriesParallel(texts, { ...THREADED, cache }), sync)).toBe(true);
    // Only the binary parts (never cached, as in the sync path) go to a thread.
    const binary = texts.filter((e) => typeof e.data !== 'string' && !e.store).length;
    expect(cache.sets).toBe(sets);
    expect(batches.count).toBeLessThanOrEqual(Math.ceil(binary / 10));
    const textsOnly = texts.filter((e) => typeof e.data === 'string');
    const none = countBatches();
    expect(sameBytes(await zipEntriesParallel(textsOnly, { ...THREADED, cache }), zipEntries(textsOnly))).toBe(true);
    expect(none.count).toBe(0);
  });

  it('deflates again a text cached at another level, as the sync path does', async () => {
    const cache = countingCache();
    zipEntries(texts, { cache, level: 1 });
    const parallel = await zipEntriesParallel(texts, { ...THREADED, cache, level: 9 });
    expect(sameBytes(parallel, zipEntries(texts, { level: 9 }))).toBe(true);
    expect([...cache.map.values()].every((d) => d.level === 9)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// The build's zip: normaliseOwnPartsAsync

const PptxGenJS: typeof pptxgen.default =
  (pptxgen as unknown as { default?: typeof pptxgen.default }).default ?? (pptxgen as unknown as typeof pptxgen.default);

/** The parts of a pptxgenjs deck of `slides` slides, as text, with a chart every tenth: about 2 MB of XML at 120. */
async function rawParts(slides: number, word = 'Chuyển đổi số'): Promise<Map<string, Part>> {
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_WIDE';
  for (let i = 1; i <= slides; i++) {
    const slide = pres.addSlide();
    slide.addText(Array.from({ length: 40 }, (_, k) => ({ text: `${word} ${i}.${k}`, options: { breakLine: true, bullet: true } })), { x: 0.5, y: 0.5, w: 12, h: 6, fontSize: 14 });
    slide.addNotes(`Ghi chú ${i}`);
    if (i % 10 === 0) slide.addChart(pres.ChartType.bar, [{ name: 'Tỷ lệ', labels: ['Q1', 'Q2'], values: [i, i + 1] }], { x: 1, y: 1, w: 6, h: 4 });
  }
  const zip = unzipSync((await pres.write({ outputType: 'nodebuffer' })) as Uint8Array);
  return new Map(Object.entries(zip).flatMap(([name, data]): [string, Part][] => (name.endsWith('/') ? [] : [[name, /\.(?:xml|rels)$/.test(name) ? strFromU8(data) : data]])));
}

describe('normaliseOwnPartsAsync', () => {
  const MODIFIED = new Date('2020-07-15T02:30:00Z');
  let parts: Map<string, Part>;
  let textBytes: number;

  beforeAll(async () => {
    parts = await rawParts(120);
    textBytes = [...parts.values()].reduce((n, p) => n + (typeof p === 'string' ? p.length : 0), 0);
  });

  it('gives the bytes normaliseParts gives, deflating on a thread past the first megabyte', async () => {
    expect(textBytes).toBeGreaterThan(1.5e6); // past the inline megabyte, under the memo's 8 MB
    // Another author: no memo of an earlier build to draw on.
    const options = { modified: MODIFIED, lang: 'vi-VN', author: 'Bộ TT&TT' };
    const batches = countBatches();
    const owned = new Map(parts);
    const parallel = await normaliseOwnPartsAsync(owned, options);
    expect(batches.count).toBeGreaterThan(0);
    expect(owned.size).toBe(0); // handed over: each part let go once zipped
    expect(sameBytes(parallel, normaliseParts(parts, options))).toBe(true); // from its memo
    normaliseParts(parts, { ...options, author: 'Sở TT&TT' }); // a build of another key: no memo for the next
    expect(sameBytes(parallel, normaliseParts(parts, options))).toBe(true); // from nothing
  });

  it('keeps the memo for watch: a rebuild of the same parts deflates nothing, one after a change gives the bytes of a build from nothing', async () => {
    const options = { modified: MODIFIED, lang: 'vi-VN' };
    await normaliseOwnPartsAsync(new Map(parts), options);
    // Nothing changed: every text is in the memo, no thread is asked.
    const unchanged = countBatches();
    const again = await normaliseOwnPartsAsync(new Map(parts), options);
    expect(unchanged.count).toBe(0);
    expect(sameBytes(again, normaliseParts(parts, options))).toBe(true);
    vi.restoreAllMocks();

    // One slide changed: only its text is not in the memo.
    const edited = new Map(parts);
    edited.set('ppt/slides/slide7.xml', (parts.get('ppt/slides/slide7.xml') as string).replace('Chuyển đổi số 7.3', 'Chuyển đổi số 7.3 (sửa)'));
    const rebuilt = await normaliseOwnPartsAsync(new Map(edited), options);
    normaliseParts(parts, { ...options, author: 'Sở TT&TT' }); // no memo for the next
    const fresh = normaliseParts(edited, options);
    expect(sameBytes(rebuilt, fresh)).toBe(true);
    expect(strFromU8(unzipSync(rebuilt)['ppt/slides/slide7.xml']!)).toContain('7.3 (sửa)');
  });
});
