/**
 * Takes the package pptxgenjs 4.0.1 makes without letting JSZip zip it.
 *
 * pptxgenjs puts every part into a JSZip object and has JSZip write the zip:
 * the deck, and each chart's workbook as a zip of its own that is turned into
 * base64 and decoded again when it is added to the deck. JSZip does all of
 * this in JavaScript, a chunk per event-loop turn, and briefdeck then had to
 * unzip the deck to normalise it. Inside `captureParts` only, the JSZip that
 * pptxgenjs loads behaves differently for two calls:
 *  - the deck (`write({outputType: PARTS})`): the parts themselves, name →
 *    bytes, for `normaliseParts` to zip once;
 *  - a chart workbook (`generateAsync({type: 'base64'})`): it is kept here,
 *    and pptxgenjs is handed a short token in its place; the deck's parts
 *    get the workbook's own parts back for the token.
 * The bundle's pptxgenjs has no JSZip: it keeps its parts in PartsZip
 * (parts-zip.ts), which answers those two calls itself, and this module
 * then leaves JSZip alone (jszip-replaced.ts).
 * Outside a capture (another pptxgenjs user in the same process, a test),
 * JSZip is unchanged. A workbook is handed over by a token that is unique
 * in the process, so two captures at once never mix theirs; another user's
 * deck written while a capture runs gets its workbooks back before JSZip
 * zips it. (An AsyncLocalStorage told captures apart before: in Node 20,
 * one that has run turns on promise hooks for every promise the process
 * makes after: 10-20 ms of a conference build, in two sets of interleaved runs.)
 *
 * The parts are read from JSZip 3's ZipObject fields (`_data`, a promise of
 * the content as added, and `_dataBinary`): its public `async()` takes a
 * worker pipeline and an event-loop turn per part, 0,7 s for 12.000 parts
 * against 10 ms. Those fields are private, so they are read only from the
 * JSZip this was written against: package.json pins it (npm `overrides`,
 * since it comes through pptxgenjs's ^3.10.1 range), and a test fails when
 * the JSZip pptxgenjs resolves is another version. Any other version is read
 * through the public `async()` alone: slower, never wrong.
 */
import { createRequire } from 'node:module';
import { JSZIP_REPLACED } from './jszip-replaced.js';
import { sinkNextZip, type PartSink } from './part-sink.js';
import type { Part, PartMap } from './parts.js';

/** The output type that asks pptxgenjs (through JSZip) for the parts instead of a zip. */
export const PARTS = 'briefdeck-parts';

interface ZipObject {
  dir: boolean;
  async(type: 'nodebuffer'): Promise<Uint8Array>;
  /** JSZip 3 internals: the content as added (a string, or bytes) and whether a string holds bytes. */
  _data?: unknown;
  _dataBinary?: unknown;
}
interface JSZipInstance {
  files: Record<string, ZipObject>;
  file(name: string, data: unknown): unknown;
}
interface GenerateOptions {
  type?: string;
  [option: string]: unknown;
}
type Generate = (this: JSZipInstance, options?: GenerateOptions, onUpdate?: unknown) => Promise<unknown>;

/** Captures running: while there is one, chart workbooks are taken and handed over as tokens. */
let running = 0;
const TOKEN = 'briefdeck-workbook:';
/** Workbooks taken and not yet given back, by token number: a JSZip, or PartsZip's parts. */
const taken = new Map<number, JSZipInstance | PartMap>();
let tokens = 0;

const isParts = (workbook: JSZipInstance | PartMap): workbook is PartMap => workbook instanceof Map;

/** What pptxgenjs puts in the deck in place of `workbook`: a token (base64, as it expects a workbook) that captureParts gives back. */
export function workbookToken(workbook: JSZipInstance | PartMap): string {
  taken.set(tokens, workbook);
  return Buffer.from(`${TOKEN}${tokens++}`).toString('base64');
}

/** The JSZip whose private ZipObject fields `readFile` reads (package.json pins it). */
export const JSZIP_VERSION = '3.10.2';

/** The version of the JSZip that pptxgenjs loads. */
export function jszipVersion(): string {
  const fromPptxgen = createRequire(createRequire(import.meta.url).resolve('pptxgenjs'));
  return (fromPptxgen('jszip/package.json') as { version: string }).version;
}
let privateFields = false;

/**
 * Runs `write` (a pptxgenjs `write({outputType: PARTS})`) and returns the
 * package's parts, folders left out, XML as text, each chart workbook as its parts.
 */
export async function captureParts(write: () => Promise<unknown>, sink?: PartSink): Promise<Map<string, Part>> {
  if (!JSZIP_REPLACED) install();
  running++;
  let parts: unknown;
  try {
    // Only the bundle's PartsZip takes a sink: JSZip's parts come as they are.
    let writing: Promise<unknown>;
    if (JSZIP_REPLACED) sinkNextZip(sink);
    try {
      writing = write();
    } finally {
      sinkNextZip(undefined);
    }
    parts = await writing;
  } finally {
    running--;
  }
  if (!(parts instanceof Map)) throw new Error('captureParts: pptxgenjs did not hand over its parts (has its JSZip changed?)');
  for (const [name, data] of parts as Map<string, Part>) {
    const token = name.endsWith('.xlsx') ? tokenNumber(data) : undefined;
    if (token === undefined) continue;
    const workbook = taken.get(token);
    if (!workbook) throw new Error(`captureParts: no workbook ${token} for ${name}`);
    taken.delete(token);
    parts.set(name, isParts(workbook) ? workbook : await readFiles(workbook));
  }
  return parts as Map<string, Part>;
}

let installed = false;

/** Wraps `generateAsync` of the JSZip that pptxgenjs resolves; once per process. */
function install(): void {
  if (installed) return;
  installed = true;
  privateFields = jszipVersion() === JSZIP_VERSION;
  const require = createRequire(import.meta.url);
  const fromPptxgen = createRequire(require.resolve('pptxgenjs'));
  const JSZip = fromPptxgen('jszip') as { prototype: { generateAsync: Generate } };
  const original = JSZip.prototype.generateAsync;
  JSZip.prototype.generateAsync = function (this: JSZipInstance, options?: GenerateOptions, onUpdate?: unknown): Promise<unknown> {
    if (options?.type === PARTS) return readFiles(this);
    if (running > 0 && isChartWorkbook(this, options)) return Promise.resolve(workbookToken(this));
    if (taken.size === 0) return original.call(this, options, onUpdate);
    return givenBack(this, original).then(() => original.call(this, options, onUpdate));
  };
}

/** A deck another pptxgenjs user writes while a capture runs: its workbooks' tokens replaced by the workbooks, zipped as JSZip zips them. */
async function givenBack(deck: JSZipInstance, generate: Generate): Promise<void> {
  for (const [name, file] of Object.entries(deck.files)) {
    if (file.dir || !name.endsWith('.xlsx')) continue;
    const token = tokenNumber(await file.async('nodebuffer'));
    const workbook = token === undefined ? undefined : taken.get(token);
    if (token === undefined || !workbook || isParts(workbook)) continue;
    taken.delete(token);
    deck.file(name, await generate.call(workbook, { type: 'nodebuffer' }));
  }
}

/** The files of a JSZip object (folders left out), in insertion order. */
async function readFiles(zip: JSZipInstance): Promise<Map<string, Part>> {
  const files = Object.entries(zip.files).filter(([, file]) => !file.dir);
  const data = await Promise.all(files.map(([, file]) => readFile(file)));
  return new Map(files.map(([name], i) => [name, data[i] ?? new Uint8Array()]));
}

async function readFile(file: ZipObject): Promise<Part> {
  if (privateFields && typeof file._dataBinary === 'boolean' && file._data instanceof Promise) {
    const data: unknown = await file._data;
    if (typeof data === 'string') return file._dataBinary ? Buffer.from(data, 'latin1') : data;
    if (data instanceof Uint8Array) return data;
  }
  return file.async('nodebuffer');
}

/** pptxgenjs's createExcelWorksheet: `generateAsync({type: 'base64'})` of a workbook (JSZip's default, STORE). */
function isChartWorkbook(zip: JSZipInstance, options: GenerateOptions | undefined): boolean {
  if (!options || options.type !== 'base64' || Object.keys(options).length !== 1) return false;
  return '[Content_Types].xml' in zip.files && 'xl/workbook.xml' in zip.files && 'xl/worksheets/sheet1.xml' in zip.files;
}

function tokenNumber(data: Part): number | undefined {
  if (!(data instanceof Uint8Array) || data.length > 40 || data.length <= TOKEN.length) return undefined;
  const match = new RegExp(`^${TOKEN}(\\d+)$`).exec(Buffer.from(data).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}
