/**
 * Batch buffers used again (deflate-pool.ts `BufferRecycler`, zip.ts): a
 * batch's buffer, shared with its thread, is free once the batch is back and
 * carries the next batch.
 * Stale bytes in a buffer used again must never reach an entry: bodies made
 * from recycled buffers are the bodies `add` makes, texts the thread leaves
 * are read back whole, and the buffers really are used again.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferRecycler } from '../../src/pptx/deflate-pool.js';
import { DeflateAhead, zipEntries, zipEntriesParallel, type Encoded, type ZipEntryInput } from '../../src/pptx/zip.js';
import { ROOT } from '../helpers/build.js';
import { deflatedText, sameBytes } from '../helpers/deflated.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('BufferRecycler', () => {
  it('gives back the buffers it was given, of its size only, and keeps at most as many as it may', () => {
    const recycler = new BufferRecycler(1024, 2);
    const a = recycler.take();
    const b = recycler.take();
    expect(a.byteLength).toBe(1024);
    expect(a).not.toBe(b);
    recycler.give(a);
    recycler.give(new ArrayBuffer(2048)); // another size: not kept
    recycler.give(undefined);
    expect(recycler.take()).toBe(a);
    recycler.give(a);
    recycler.give(b);
    recycler.give(new ArrayBuffer(1024)); // one too many: not kept
    const kept = [recycler.take(), recycler.take()];
    expect(new Set(kept)).toEqual(new Set([a, b]));
    expect([a, b]).not.toContain(recycler.take()); // none left: a fresh one
  });
});

/** Texts of every length up to ~5 KB, so that no two batches end alike, and a stale tail would show. */
const texts = (n: number, seed: number): string[] =>
  Array.from({ length: n }, (_, i) => `<p:sld n="${i}" s="${seed}">${'<a:t>Chuyển đổi số, hạ tầng số</a:t>'.repeat((i * 7 + seed) % 130)}</p:sld>`);

/** Which buffers the recyclers hand out were given back before, and which are fresh: their own calls, watched. */
function watchRecycler(): { reset(): void; counts(): { fresh: number; used: number } } {
  const given = new Set<ArrayBuffer>();
  const give = BufferRecycler.prototype.give;
  const take = BufferRecycler.prototype.take;
  vi.spyOn(BufferRecycler.prototype, 'give').mockImplementation(function (this: BufferRecycler, buffer) {
    if (buffer) given.add(buffer);
    give.call(this, buffer);
  });
  let fresh = 0;
  let used = 0;
  vi.spyOn(BufferRecycler.prototype, 'take').mockImplementation(function (this: BufferRecycler) {
    const buffer = take.call(this);
    if (given.has(buffer)) used += 1;
    else fresh += 1;
    return buffer;
  });
  return {
    reset() {
      fresh = 0;
      used = 0;
    },
    counts: () => ({ fresh, used }),
  };
}

describe('batches in recycled buffers', () => {
  const TAGGED = pathToFileURL(resolve(ROOT, 'tests/fixtures/threads/tagged.mjs')).href;

  it('made on the thread, round after round: every body is what add makes, every text left is read back whole', async () => {
    const recycled = watchRecycler();
    const counts: { fresh: number; used: number }[] = [];
    for (const seed of [1, 2, 3]) {
      recycled.reset();
      const ahead = new DeflateAhead(undefined, 1, { module: TAGGED, name: 'tagged' });
      const all = texts(1500, seed); // about 4 MB of UTF-8: 15 batches or more
      const tag = (i: number): string => (i % 13 === 4 ? 'leave' : `thẻ ${seed}.${i}`);
      const here: string[] = [];
      const pending = all.map((text, i) =>
        ahead.make(text, [tag(i)], (t) => {
          here.push(t);
          return `${t}<!--here-->`;
        }),
      );
      ahead.flush();
      const bodies = await Promise.all(pending);
      expect(here).toEqual(all.filter((_, i) => tag(i) === 'leave'));
      bodies.forEach((body, i) => {
        const want = deflatedText(tag(i) === 'leave' ? `${all[i]}<!--here-->` : `${all[i]}<!--${tag(i)}-->`);
        expect({ crc: body.crc, size: body.size }).toEqual({ crc: want.crc, size: want.size });
        expect(sameBytes(body.body, want.body)).toBe(true);
      });
      counts.push(recycled.counts());
    }
    // Each round sends 15 batches or more, each in one buffer it shares with the thread (no copy); the
    // next round starts with the buffers the last one gave back (16 kept), and takes more back as it goes.
    expect(counts[0]!.fresh + counts[0]!.used).toBeGreaterThan(15);
    for (const round of counts.slice(1)) expect(round.used).toBeGreaterThanOrEqual(16);
  });

  it('takes buffers back while texts keep coming without a pause, as pptxgenjs hands its slides over', async () => {
    const recycled = watchRecycler();
    const ahead = new DeflateAhead(undefined, 1, { module: TAGGED, name: 'tagged' });
    const all = texts(1500, 7);
    const nap = new Int32Array(new SharedArrayBuffer(4));
    const pending: Promise<Encoded>[] = [];
    // One synchronous run, as pptxgenjs's write is: no await, no turn of the event loop. It pauses now and
    // then (the thread deflates meanwhile), but only a poll from the writer can take what the thread sent.
    all.forEach((text, i) => {
      pending.push(ahead.make(text, [`thẻ ${i}`], (t) => `${t}<!--here-->`));
      if (i % 100 === 99) Atomics.wait(nap, 0, 0, 30);
    });
    ahead.flush();
    const { used } = recycled.counts();
    const bodies = await Promise.all(pending);
    bodies.forEach((body, i) => expect(body.size).toBe(Buffer.byteLength(`${all[i]}<!--thẻ ${i}-->`)));
    // Only buffers given back during this run count as used (the ones kept from the tests before count as fresh).
    expect(used).toBeGreaterThan(0);
  });

  it('deflated on the thread, zip after zip: the bytes zipEntries writes, in buffers the thread gave back', async () => {
    const recycled = watchRecycler();
    const counts: { fresh: number; used: number }[] = [];
    for (const seed of [4, 5, 6]) {
      recycled.reset();
      const entries: ZipEntryInput[] = texts(1200, seed).map((data, i) => ({ name: `ppt/slides/slide${i + 1}.xml`, data }));
      expect(sameBytes(await zipEntriesParallel(entries, { threads: 1, inlineBytes: 0 }), zipEntries(entries))).toBe(true);
      counts.push(recycled.counts());
    }
    // Texts deflated as they are keep no copy here: a buffer comes back only from the thread.
    for (const round of counts) expect(round.fresh + round.used).toBeGreaterThan(4);
    for (const round of counts.slice(1)) expect(round.used).toBeGreaterThan(round.fresh);
  });
});
