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
 *
 * Two ways to add entries, one result. `add` deflates on the calling thread.
 * `addAsync` (and `zipEntriesParallel`) hands texts over in batches to
 * deflating threads (worker_threads running the same `deflateRawSync`, at the
 * same level) and writes each entry, in the order given, once its body is
 * back: the zip is byte for byte what `add` makes. The calling thread keeps
 * only the UTF-8 encoding and the copying, so a build fixes the next parts
 * while the last ones are deflated. A small zip (the first `inlineBytes`
 * deflated) never starts a thread.
 */
import * as zlib from 'node:zlib';
import { BufferRecycler, defaultThreads, deflatePool, pollDeflated, type ThreadTransform } from './deflate-pool.js';
import { deflateRaw } from './raw-deflate.js';

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
  /**
   * `addAsync` only: threads to deflate on (shared by every writer in the
   * process); 0 deflates on the calling thread, as `add` does. One fewer
   * than the cores, at least 1 and at most 2, unless given.
   */
  threads?: number;
  /**
   * `addAsync` only: the bytes deflated on the calling thread before the
   * threads take over, so a small zip (a 30-slide deck is 400 KB of XML)
   * costs no thread start. 1 MB unless given.
   */
  inlineBytes?: number;
  /**
   * Where the zip's bytes go as they are made, a chunk at a time, in order
   * (1 MB, or an entry's size when it is bigger), instead of being held and
   * joined: `finish` then hands over the
   * last chunk and returns no bytes. A deck's file is written while the
   * rest of the deck is made (write/atomic.ts `AtomicFile`), and no copy
   * of the whole deck is made at the end.
   */
  stream?: ZipStream;
}

/**
 * What takes a zip's bytes in order. `write` must take the chunk's bytes
 * before it returns (write them out, or copy them): the writer fills the
 * same memory again next, so a deck streamed is written through one chunk
 * of 1 MB, not a new one per MB (allocating them took 45-58 ms of a
 * 3.000-slide build's thread, CPU profiles).
 */
export interface ZipStream {
  write(chunk: Uint8Array): void;
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

/** zlib's level unless told: what every zip briefdeck writes uses. */
export const DEFAULT_LEVEL = 6;

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

/** `zipEntries`, deflating on other threads (`ZipWriter.addAsync`): the same bytes. */
export async function zipEntriesParallel(entries: Iterable<ZipEntryInput>, options: ZipOptions = {}): Promise<Uint8Array> {
  const zip = new ZipWriter(options);
  for (const entry of entries) await zip.addAsync(entry);
  return zip.finishAsync();
}

/** An entry's bytes as written (deflated unless stored), and the CRC and size of its content. */
export interface Encoded {
  body: Uint8Array;
  crc: number;
  size: number;
}

/** An entry added with `addAsync`, waiting for its body and its turn. */
interface Queued {
  name: string;
  store: boolean;
  /** The content as given, until the body is ready: the cache's key, and deflated here if a thread fails. */
  data: Uint8Array | string | undefined;
  encoded: Encoded | undefined;
  /** Entries of the same text added while this one was being deflated: they get its body. */
  same: Queued[] | undefined;
  /** Its content's length, to bound what the queue holds. */
  weight: number;
  /** `addEncoded`: the body being made ahead (`DeflateAhead`), until it is ready. */
  pending?: Promise<Encoded> | undefined;
}

/**
 * Contents on their way to a deflating thread, with what each is for
 * (`T`): UTF-8 one after another in one buffer, each one's end, and its CRC
 * when the threads cannot make it (Node before 20.15). What both
 * `ZipWriter.addAsync` and `DeflateAhead` send. A content with arguments
 * for the batch's transform is made into its text there first.
 */
class Batch<T> {
  readonly items: T[] = [];
  /** Per item, whether it was given as text (read back from `buffer` as text for `remake`) or as bytes. */
  private readonly texts: boolean[] = [];
  private readonly crcs: (number | undefined)[] = [];
  /** Per content, the transform's arguments, or null for a content deflated as it is. */
  private readonly args: (readonly unknown[] | null)[] = [];
  private readonly buffer: Buffer;
  private used = 0;
  private readonly ends: number[] = [];
  /** Resolved once every item has its body (from the thread, or made here if the thread failed). */
  readonly done: Promise<void>;
  private resolve = (): void => {};
  finished = false;

  /** A batch for contents of at least `most` bytes. */
  constructor(
    most: number,
    private readonly transform?: ThreadTransform,
  ) {
    this.buffer = Buffer.from(batchBuffer(Math.max(BATCH_BYTES, most)));
    this.done = new Promise<void>((r) => (this.resolve = r));
  }

  /** The most bytes `data` takes as UTF-8. */
  static most(data: string | Uint8Array): number {
    return typeof data === 'string' ? data.length * 3 : data.length;
  }

  fits(most: number): boolean {
    return this.used + most <= this.buffer.length;
  }

  get full(): boolean {
    return this.used >= BATCH_BYTES;
  }

  /** Adds a content; with `args`, the thread deflates what the batch's transform makes of it. */
  add(data: string | Uint8Array, item: T, args: readonly unknown[] | null = null): void {
    const start = this.used;
    if (typeof data === 'string') this.used += this.buffer.write(data, start, 'utf8');
    else {
      this.buffer.set(data, start);
      this.used += data.length;
    }
    this.crcs.push(nativeCrc32 || args ? undefined : crc32Portable(this.buffer.subarray(start, this.used)));
    // No content is kept: it would outlive its scavenges until the batch is back, and the buffer, which the thread only reads, keeps its bytes.
    this.texts.push(typeof data === 'string');
    this.items.push(item);
    this.ends.push(this.used);
    this.args.push(args);
  }

  /**
   * Sends the batch to a thread; `take` gets each item's body once it is
   * back, or `remake`'s, from its content, for an item the thread did not
   * make (its thread failed, or the transform left it).
   */
  send(threads: number, level: number, take: (item: T, encoded: Encoded) => void, remake: (item: T, content: string | Uint8Array) => Encoded): void {
    const { ends, texts, crcs, items, args, buffer } = this;
    const transform = this.transform && args.some((a) => a !== null) ? { ...this.transform, args } : undefined;
    // Shared with the thread, which only reads it: the contents stay here for `remake`, with no copy.
    const input = buffer.buffer as SharedArrayBuffer;
    const given = (i: number): string | Uint8Array => {
      const from = i === 0 ? 0 : ends[i - 1];
      return texts[i] ? buffer.toString('utf8', from, ends[i]) : buffer.subarray(from, ends[i]).slice();
    };
    deflatePool(threads).run({ level, input, ends, transform }, (result) => {
      let start = 0;
      items.forEach((item, i) => {
        if (result instanceof Error) {
          take(item, remake(item, given(i)));
          return;
        }
        const end = result.ends[i]!;
        const size = result.sizes ? result.sizes[i]! : ends[i]! - (i === 0 ? 0 : ends[i - 1]!);
        if (size < 0) take(item, remake(item, given(i)));
        else take(item, { crc: result.crcs?.[i] ?? crcs[i]!, size, body: result.output.subarray(start, end) });
        start = end;
      });
      // The contents are read no more, here or on the thread.
      batchBuffers.give(input);
      this.finished = true;
      this.resolve();
    });
  }
}

/** A batch is sent once it holds this much (a part bigger than this goes alone). */
const BATCH_BYTES = 256 << 10;
/** Buffers of batches back from their threads, for the next batches: as many as are out at once, about. */
const batchBuffers = new BufferRecycler(BATCH_BYTES, 16);

/** A buffer for a batch of `bytes` bytes or fewer: one back from a thread when a batch's size will do, else a fresh one. */
function batchBuffer(bytes: number): SharedArrayBuffer {
  return bytes <= BATCH_BYTES ? batchBuffers.take() : new SharedArrayBuffer(bytes);
}
/** Batches out per thread before the calling thread deflates the next entries itself rather than wait. */
const BATCHES_PER_THREAD = 4;
/** Content held in the queue (waiting for a body or for its turn) before `addAsync` waits. */
const MAX_QUEUED = 16 << 20;

/**
 * Writes a zip an entry at a time, so a caller can let go of each entry's
 * content as soon as it is added. Headers and bodies are copied into two
 * chunked sinks as they are made.
 */
export class ZipWriter {
  private readonly level: number;
  private readonly cache: ZipCache | undefined;
  private readonly threads: number;
  private inlineLeft: number;
  private readonly out: Sink;
  private readonly central = new Sink(1 << 16);
  private readonly names = new Set<string>();
  private count = 0;
  /** `addAsync`: entries added and not yet written, in order. */
  private readonly queue: Queued[] = [];
  private queuedWeight = 0;
  /** Texts on a thread, when there is a cache: a second copy waits for the first's body. */
  private readonly deflating = new Map<string, Queued>();
  /** The batch being filled, and the batches sent and not yet back, oldest first. */
  private batch: Batch<Queued> | undefined;
  private readonly sent: Batch<Queued>[] = [];

  constructor(options: ZipOptions = {}) {
    this.level = options.level ?? DEFAULT_LEVEL;
    this.cache = options.cache;
    this.threads = Math.max(0, Math.floor(options.threads ?? defaultThreads()));
    this.inlineLeft = options.inlineBytes ?? 1 << 20;
    this.out = new Sink(1 << 20, options.stream);
  }

  add(entry: ZipEntryInput): void {
    this.claim(entry.name);
    const encoded = encode(entry, this.level, this.cache);
    if (this.queue.length === 0) this.write(entry.name, entry.store === true, encoded);
    else this.enqueue({ name: entry.name, store: entry.store === true, data: undefined, encoded, same: undefined, weight: encoded.body.length });
  }

  /**
   * `add`, with the deflating done on another thread: the entry's text goes
   * into a batch for a thread, and the entry is written in its turn once its
   * body is back (`finishAsync` ends the zip). A cached text is not deflated
   * again; a text deflated is cached, as `add` does. While the threads have
   * as many batches as they may, the entry is deflated here instead, so the
   * caller never waits for a thread that is starting or busy; it waits only
   * when the queue holds 16 MB. The caller may let go of the entry's
   * content once this returns.
   */
  async addAsync(entry: ZipEntryInput): Promise<void> {
    this.claim(entry.name);
    pollDeflated();
    this.flush();
    const store = entry.store === true;
    const text = typeof entry.data === 'string' ? entry.data : undefined;
    const item: Queued = { name: entry.name, store, data: entry.data, encoded: undefined, same: undefined, weight: entry.data.length };
    const cached = text !== undefined && !store ? this.cache?.get(text) : undefined;
    const first = text !== undefined && !store && this.cache ? this.deflating.get(text) : undefined;
    if (cached && cached.level === this.level) item.encoded = cached;
    else if (first) (first.same ??= []).push(item);
    else if (store || this.threads === 0 || this.inlineLeft > 0 || this.sent.length >= BATCHES_PER_THREAD * this.threads) {
      item.encoded = encode(entry, this.level, this.cache);
      if (this.inlineLeft > 0 && !store) this.inlineLeft -= item.encoded.size;
    } else {
      if (text !== undefined && this.cache) this.deflating.set(text, item);
      this.toBatch(item);
    }
    if (item.encoded) item.data = undefined;
    this.enqueue(item);
    while (this.queue.length > 0 && this.queuedWeight > MAX_QUEUED) await this.waitForHead();
  }

  /**
   * An entry whose body was started ahead (`DeflateAhead`), written in its
   * turn once `encoded` settles. The writer holds no content for it, so it
   * weighs nothing in the queue.
   */
  addEncoded(name: string, store: boolean, encoded: Promise<Encoded>): void {
    this.claim(name);
    const item: Queued = { name, store, data: undefined, encoded: undefined, same: undefined, weight: 0, pending: encoded };
    void encoded.then(
      (body) => {
        item.encoded = body;
        item.pending = undefined;
      },
      () => {}, // the error comes out where the writer waits for this entry (waitForHead)
    );
    this.enqueue(item);
  }

  /** `finish`, once every entry added with `addAsync` is deflated and written (no bytes when they went to `stream`). */
  async finishAsync(): Promise<Uint8Array> {
    while (this.queue.length > 0) await this.waitForHead();
    return this.finish();
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`zip: duplicate entry ${name}`);
    this.names.add(name);
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    this.queuedWeight += item.weight;
    this.flush();
  }

  /** Writes the entries at the head of the queue whose bodies are ready; forgets the batches back. */
  private flush(): void {
    const { queue } = this;
    let written = 0;
    for (; written < queue.length; written++) {
      const item = queue[written]!;
      if (!item.encoded) break;
      this.write(item.name, item.store, item.encoded);
      this.queuedWeight -= item.weight;
    }
    if (written > 0) queue.splice(0, written);
    let back = 0;
    while (back < this.sent.length && this.sent[back]!.finished) back++;
    if (back > 0) this.sent.splice(0, back);
  }

  /** Waits until the first entry in the queue has its body (sending the batch it is in), and writes what is ready. */
  private async waitForHead(): Promise<void> {
    pollDeflated();
    this.flush();
    if (this.queue.length === 0 || this.queue[0]!.encoded) return;
    const { pending } = this.queue[0]!;
    if (pending) {
      await pending;
      this.flush();
      return;
    }
    const oldest = this.sent.find((b) => !b.finished);
    if (oldest) await oldest.done;
    else if (this.batch) this.send();
    else throw new Error('zip: an entry waits for a body that nothing is making'); // cannot happen: every entry waiting is in a batch or follows one
    this.flush();
  }

  /** Adds a text (or bytes) to the batch being filled, sending it when full. */
  private toBatch(item: Queued): void {
    const data = item.data!;
    const most = Batch.most(data);
    if (this.batch && !this.batch.fits(most)) this.send();
    const batch = (this.batch ??= new Batch<Queued>(most));
    batch.add(data, item);
    if (batch.full) this.send();
  }

  /** Sends the batch being filled to a thread; its items get their bodies when it is back. */
  private send(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    this.sent.push(batch);
    // A thread that failed (out of memory, killed): its batch is deflated here, the same way.
    batch.send(this.threads, this.level, (item, encoded) => this.settle(item, encoded), (_, content) => deflatedHere(content, this.level));
  }

  /** An entry's body is ready: it, and any entry of the same text waiting for it, may be written. */
  private settle(item: Queued, encoded: Encoded): void {
    const text = item.data;
    if (typeof text === 'string' && this.cache) {
      this.cache.set(text, { level: this.level, ...encoded });
      if (this.deflating.get(text) === item) this.deflating.delete(text);
    }
    item.encoded = encoded;
    item.data = undefined;
    for (const other of item.same ?? []) {
      other.encoded = encoded;
      other.data = undefined;
    }
    item.same = undefined;
  }

  /** An entry's local header and body, and its central directory record. */
  private write(entryName: string, store: boolean, { body, crc, size }: Encoded): void {
    const { out, central } = this;
    const name = Buffer.from(entryName, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(entryName) ? 0 : UTF8_NAMES;
    const method = store ? 0 : 8;
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

  /** The zip: the entries, the central directory and its end record (no bytes when they went to `stream`). */
  finish(): Uint8Array {
    if (this.queue.length > 0) throw new Error('zip: entries added with addAsync are still being deflated: use finishAsync');
    const { out, central, count } = this;
    const centralOffset = out.length;
    const centralSize = central.length;
    out.append(central);
    central.release();
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
    return out.end();
  }
}

/**
 * Deflates contents on the deflating threads before the zip that writes
 * them is written, in batches as `ZipWriter.addAsync` sends them: a build
 * deflates a big deck's slides while pptxgenjs makes the next ones
 * (normalise.ts `earlyFixes`), and the writer takes each body in its turn
 * (`ZipWriter.addEncoded`). The bodies are the ones `add` makes. A batch
 * whose thread fails is deflated here from the contents given, kept until
 * their bodies are back.
 *
 * With a transform, `make` has the thread make each text (a slide fixed)
 * before deflating it, so the calling thread only encodes what it was
 * given; the text must be the one `here` makes, which makes it on the
 * calling thread when the thread cannot (it failed, the transform left the
 * text, or this Node has no `zlib.crc32` for the thread to take the CRC of
 * what it made).
 */
export class DeflateAhead {
  private batch: Batch<Ahead> | undefined;
  /** Texts made on the calling thread because the thread did not make them (it failed, or the transform left them). */
  remade = 0;

  constructor(
    private readonly level: number = DEFAULT_LEVEL,
    private readonly threads: number = defaultThreads(),
    private readonly transform?: ThreadTransform,
  ) {}

  /** `data`'s body, deflated on a thread once its batch is full or `flush` sends it. */
  encode(data: Uint8Array): Promise<Encoded> {
    return this.add(data, null, undefined);
  }

  /** The body of the text the transform makes of `text` with `args` (`here(text)`, the same text), made and deflated on a thread. */
  make(text: string, args: readonly unknown[], here: (text: string) => string): Promise<Encoded> {
    if (!this.transform || !nativeCrc32) return this.encode(Buffer.from(here(text), 'utf8'));
    return this.add(text, args, here);
  }

  private add(data: string | Uint8Array, args: readonly unknown[] | null, here: ((text: string) => string) | undefined): Promise<Encoded> {
    const most = Batch.most(data);
    if (this.batch && !this.batch.fits(most)) this.flush();
    const batch = (this.batch ??= new Batch<Ahead>(most, this.transform));
    const encoded = new Promise<Encoded>((resolve) => batch.add(data, { resolve, here }, args));
    if (batch.full) this.flush();
    return encoded;
  }

  /** Sends the batch being filled. */
  flush(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    // pptxgenjs writes every slide without yielding: take what the threads sent back meanwhile, their buffers with it.
    pollDeflated();
    batch.send(
      this.threads,
      this.level,
      ({ resolve }, encoded) => resolve(encoded),
      ({ here }, content) => {
        if (!here || typeof content !== 'string') return deflatedHere(content, this.level);
        this.remade += 1;
        return deflatedHere(here(content), this.level);
      },
    );
  }
}

/** A content `DeflateAhead` was given: where its body goes, and how to make its text here when the thread does not. */
interface Ahead {
  resolve: (encoded: Encoded) => void;
  here: ((text: string) => string) | undefined;
}

/**
 * A little-endian byte writer into a list of chunks, joined once by `view`.
 * A buffer doubled as it fills copies what it holds at every doubling, and
 * holds the old and the new buffer while it does: 60 ms of copying in a
 * profile of a 3.000-slide build, whose peak RSS went 497 → 462–467 MB
 * with chunks. The chunks start at 16 KB and double up to `maxChunk`: a
 * chart workbook is a zip of 10 KB, and a deck of 600 charts made 600
 * sinks of 1 MB each.
 */
class Sink {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer;
  /** Bytes written into `chunk`. */
  private used = 0;
  /** The size of the next chunk. */
  private next: number;
  length = 0;

  /** The first chunk, of FIRST_CHUNK bytes: given back for the next sink once this one's bytes are copied out (`release`). */
  private readonly first: Buffer | undefined;

  /** With `stream`, each chunk filled goes there instead of being kept, and its memory is filled again. */
  constructor(
    private readonly maxChunk: number,
    private readonly stream?: ZipStream,
  ) {
    this.chunk = (stream ? undefined : SPARE_FIRST_CHUNKS.pop()) ?? Buffer.allocUnsafe(FIRST_CHUNK);
    this.first = stream ? undefined : this.chunk; // a streamed chunk is the stream's
    this.next = Math.min(FIRST_CHUNK * 2, maxChunk);
  }

  /**
   * Done with: the first chunk goes back for the next sink. A deck of 600
   * charts makes 1.200 sinks (each workbook's entries and its directory),
   * and allocating their first chunks took 41 ms of a 3.000-slide build's
   * thread (CPU profile). Called once, when nothing will read the sink again.
   */
  release(): void {
    if (this.first && SPARE_FIRST_CHUNKS.length < MAX_SPARE_FIRST_CHUNKS && !SPARE_FIRST_CHUNKS.includes(this.first)) SPARE_FIRST_CHUNKS.push(this.first);
  }

  /** A chunk of the next size, or of `n` bytes if that is more. */
  private newChunk(n: number): Buffer {
    const chunk = Buffer.allocUnsafe(Math.max(this.next, n));
    this.next = Math.min(this.next * 2, this.maxChunk);
    return chunk;
  }

  /** The chunk after one retired: a new one, or for a stream (which has its bytes) the same one again, once it is as big as the next would be. */
  private following(n: number): Buffer {
    return this.stream && this.chunk.length >= Math.max(this.next, n) ? this.chunk : this.newChunk(n);
  }

  /** A chunk done with: kept, or its bytes handed to the stream. */
  private retire(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.stream) this.stream.write(chunk);
    else this.chunks.push(chunk);
  }

  /** Room for `n` bytes in one piece at the end of the current chunk. */
  private reserve(n: number): void {
    if (this.used + n <= this.chunk.length) return;
    this.retire(this.chunk.subarray(0, this.used));
    this.chunk = this.following(n);
    this.used = 0;
  }

  u16(value: number): void {
    this.reserve(2);
    this.used = this.chunk.writeUInt16LE(value, this.used);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.used = this.chunk.writeUInt32LE(value >>> 0, this.used);
    this.length += 4;
  }

  u64(value: number): void {
    this.reserve(8);
    this.used = this.chunk.writeBigUInt64LE(BigInt(value), this.used);
    this.length += 8;
  }

  /** Copies `data` in: what fits at the end of the current chunk, the rest into a new one. */
  bytes(data: Uint8Array): void {
    const room = this.chunk.length - this.used;
    const first = Math.min(room, data.length);
    this.chunk.set(first === data.length ? data : data.subarray(0, first), this.used);
    this.used += first;
    this.length += data.length;
    if (first === data.length) return;
    this.retire(this.chunk);
    const rest = data.length - first;
    this.chunk = this.following(rest);
    this.chunk.set(data.subarray(first), 0);
    this.used = rest;
  }

  /** Appends what `other` holds. */
  append(other: Sink): void {
    for (const piece of other.pieces()) this.bytes(piece);
  }

  private pieces(): Buffer[] {
    return [...this.chunks, this.chunk.subarray(0, this.used)];
  }

  /** The bytes written, in a buffer of their own size; none when they went to the stream, which takes the last chunk now. */
  end(): Uint8Array {
    if (!this.stream) {
      const bytes = this.view();
      this.release();
      return bytes;
    }
    if (this.used > 0) this.stream.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.alloc(0);
    this.used = 0;
    return new Uint8Array(0);
  }

  /** The bytes written, in a buffer of their own size. */
  view(): Uint8Array {
    const exact = new Uint8Array(this.length);
    let at = 0;
    for (const piece of this.pieces()) {
      exact.set(piece, at);
      at += piece.length;
    }
    return exact;
  }
}

/** A sink's first chunk: enough for a chart workbook. */
const FIRST_CHUNK = 16 << 10;
/** First chunks of sinks done with, for the next sinks (`Sink.release`). */
const SPARE_FIRST_CHUNKS: Buffer[] = [];
const MAX_SPARE_FIRST_CHUNKS = 4;

const extraLength = (values: readonly number[]): number => (values.length === 0 ? 0 : 4 + 8 * values.length);

/** The ZIP64 extra field (4.5.3): its id, its size, then the values that did not fit, in the order the format gives. */
function zip64Extra(sink: Sink, values: readonly number[]): void {
  if (values.length === 0) return;
  sink.u16(ZIP64_EXTRA);
  sink.u16(8 * values.length);
  for (const value of values) sink.u64(value);
}

/** The entry's bytes as written (deflated unless stored), the CRC and size of its content. */
function encode(entry: ZipEntryInput, level: number, cache: ZipCache | undefined): Encoded {
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

/** A content's body made on the calling thread, as a deflating thread makes it: for a batch the thread did not make. */
function deflatedHere(content: string | Uint8Array, level: number): Encoded {
  return encode({ name: '', data: content, store: false }, level, undefined);
}

/** Deflates `text` into `cache` (and returns it). */
export function encodeInto(cache: ZipCache, text: string, level: number): { body: Uint8Array; crc: number; size: number } {
  const data = utf8(text);
  const encoded = { level, crc: crc32(data), size: data.length, body: deflate(data, level) };
  cache.set(text, encoded);
  return encoded;
}

/** Raw DEFLATE on this thread's reused zlib stream (raw-deflate.ts): a body of its own size, the bytes `deflateRawSync` makes. */
function deflate(data: Uint8Array, level: number): Uint8Array {
  return deflateRaw(data, level);
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
