/**
 * What other programs make of our decks: runs LibreOffice, Calligra and
 * openpyxl, and reads what they write (pptx, odp) or say (stderr, JSON).
 * Used by tests/readers.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { decode } from './pptx.js';

/** Debian's python: the one python3-openpyxl installs into (the python3 on PATH may be another). */
export const PYTHON = '/usr/bin/python3';

export interface Availability {
  ok: boolean;
  /** Why the reader cannot run, when it cannot. */
  why: string;
}

const onPath = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

export function findReaders(): { libreoffice: Availability; calligra: Availability; openpyxl: Availability } {
  const openpyxl = ((): Availability => {
    if (!existsSync(PYTHON)) return { ok: false, why: `${PYTHON} does not exist` };
    const r = spawnSync(PYTHON, ['-c', 'import openpyxl'], { encoding: 'utf8' });
    if (r.status === 0) return { ok: true, why: '' };
    return { ok: false, why: `${PYTHON} cannot import openpyxl (${r.stderr.trim().split('\n').pop() ?? r.error?.message ?? 'no output'})` };
  })();
  return {
    libreoffice: onPath('soffice') ? { ok: true, why: '' } : { ok: false, why: 'soffice is not on PATH' },
    calligra: onPath('calligraconverter') ? { ok: true, why: '' } : { ok: false, why: 'calligraconverter is not on PATH' },
    openpyxl,
  };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** A spawn failure or a timeout. */
  error?: string;
}

/** Runs a program without blocking the event loop (so readers run side by side); never rejects. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let error: string | undefined;
    // Its own process group, so a timeout also stops what it started (soffice runs soffice.bin).
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      error = `timed out after ${options.timeoutMs} ms`;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 120_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (e) => (error = e.message));
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr, ...(error ? { error } : {}) });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Whitespace-normalised text: runs of whitespace become one space, ends trimmed. */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The zip's entries; XML and rels as text. */
export function unzipParts(bytes: Uint8Array): { text: Map<string, string>; names: string[]; sizes: Map<string, number>; raw: Record<string, Uint8Array> } {
  const raw = unzipSync(bytes);
  const text = new Map<string, string>();
  for (const [name, data] of Object.entries(raw)) if (/\.(xml|rels)$/.test(name)) text.set(name, strFromU8(data));
  return { text, names: Object.keys(raw), sizes: new Map(Object.entries(raw).map(([n, d]) => [n, d.length])), raw };
}

/** A relationship target resolved against the folder of the part that owns the rels. */
export function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(ownerPart), target));
}

/** The relationships of a part: id -> { type (last segment), target resolved to a part name }. */
export function relsOf(parts: Map<string, string>, part: string): Map<string, { type: string; target: string; external: boolean }> {
  const relsName = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  const xml = parts.get(relsName) ?? '';
  const out = new Map<string, { type: string; target: string; external: boolean }>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const attr = (name: string): string => new RegExp(`\\b${name}="([^"]*)"`).exec(m[0])?.[1] ?? '';
    const external = attr('TargetMode') === 'External';
    const target = decode(attr('Target'));
    out.set(attr('Id'), { type: attr('Type').split('/').pop() ?? '', target: external ? target : resolveTarget(part, target), external });
  }
  return out;
}

/** Paragraph texts of DrawingML (any <a:p>, with or without attributes); a line break is "\n". */
export function drawingParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/a:p>)/g)]
    .map((p) => [...(p[1] ?? '').matchAll(/<a:t\b[^>]*?(?:\/>|>([^<]*)<\/a:t>)|<a:br\b/g)].map((t) => (t[0].startsWith('<a:br') ? '\n' : decode(t[1] ?? ''))).join(''))
    .filter((t) => t.length > 0);
}

export interface DeckSummary {
  slides: number;
  /** The notes text of each slide, in slide order ('' when it has none). */
  notes: string[];
  charts: number;
}

const countCharts = (names: string[]): number => names.filter((n) => /^ppt\/charts\/chart[^/]*\.xml$/.test(n)).length;

/** Any .pptx (ours or another program's): slides in presentation order, their notes bodies, chart parts. */
export function summarisePptx(bytes: Uint8Array): DeckSummary {
  const { text, names } = unzipParts(bytes);
  const presentation = text.get('ppt/presentation.xml') ?? '';
  const rels = relsOf(text, 'ppt/presentation.xml');
  const slides = [...presentation.matchAll(/<p:sldId\b[^>]*\br:id="([^"]+)"/g)].map((m) => rels.get(m[1] ?? '')?.target ?? '');
  const notes = slides.map((slide) => {
    const notesPart = [...relsOf(text, slide).values()].find((r) => r.type === 'notesSlide')?.target;
    const xml = notesPart ? (text.get(notesPart) ?? '') : '';
    return [...xml.matchAll(/<p:sp\b[^>]*>([\s\S]*?)<\/p:sp>/g)]
      .filter((sp) => /<p:ph\b[^>]*\btype="body"/.test(sp[1] ?? ''))
      .map((sp) => drawingParagraphs(sp[1] ?? '').join('\n'))
      .join('\n');
  });
  return { slides: slides.length, notes, charts: countCharts(names) };
}

/** Text of ODF paragraphs: spaces (text:s), tabs, line breaks, spans; other markup dropped. */
export function odfParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<text:(p|h)\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:\1>)/g)].map((p) =>
    decode(
      (p[2] ?? '')
        .replace(/<text:s\b([^>]*)\/>/g, (_, attrs: string) => ' '.repeat(Number(/text:c="(\d+)"/.exec(attrs)?.[1] ?? 1)))
        .replace(/<text:tab\b[^>]*\/>/g, '\t')
        .replace(/<text:line-break\b[^>]*\/>/g, '\n')
        .replace(/<[^>]+>/g, ''),
    ),
  );
}

/** An .odp (LibreOffice's or Calligra's): pages, the notes of each, and embedded objects that are charts. */
export function summariseOdp(bytes: Uint8Array): DeckSummary & { chartObjects: string[] } {
  const { text } = unzipParts(bytes);
  const content = text.get('content.xml') ?? '';
  const pages = [...content.matchAll(/<draw:page(?=[\s/>])[^>]*?(?:\/>|>([\s\S]*?)<\/draw:page>)/g)];
  const notes = pages.map((page) => {
    const block = /<presentation:notes\b[^>]*>([\s\S]*?)<\/presentation:notes>/.exec(page[1] ?? '')?.[1] ?? '';
    return [...block.matchAll(/<draw:frame\b([^>]*)>([\s\S]*?)<\/draw:frame>/g)]
      .filter((f) => /presentation:class="notes"/.test(f[1] ?? ''))
      .map((f) => odfParagraphs(f[2] ?? '').join('\n'))
      .join('\n');
  });
  const chartObjects = [...content.matchAll(/<draw:object\b[^>]*\bxlink:href="([^"]+)"/g)]
    .map((m) => decode(m[1] ?? '').replace(/^\.\//, '').replace(/\/$/, ''))
    .filter((object) => /<chart:chart\b/.test(text.get(`${object}/content.xml`) ?? ''));
  return { slides: pages.length, notes, charts: chartObjects.length, chartObjects };
}

// ---------------------------------------------------------------- charts and their workbooks

export interface CachedRef {
  /** Where in the series: tx (its name), cat, val (or xVal, yVal). */
  where: string;
  /** The series' index in the chart part (0-based). */
  series: number;
  /** strRef, numRef or multiLvlStrRef. */
  kind: string;
  /** The formula, e.g. Sheet1!$A$2:$A$4. */
  formula: string;
  ptCount: number;
  /** One array per level (one for strRef and numRef); index = c:pt idx; undefined where there is no point. */
  levels: (string | undefined)[][];
}

export interface ChartData {
  chart: string;
  /** The workbook part the chart's externalData points at. */
  workbook: string | undefined;
  refs: CachedRef[];
}

function cachePoints(xml: string, count: number): (string | undefined)[] {
  const points: (string | undefined)[] = Array.from({ length: count }, () => undefined);
  for (const m of xml.matchAll(/<c:pt\b[^>]*\bidx="(\d+)"[^>]*>\s*<c:v>([^<]*)<\/c:v>/g)) points[Number(m[1])] = decode(m[2] ?? '');
  return points;
}

/** Every formula in every series of the deck's charts, with the values cached next to it, and the chart's workbook. */
export function chartData(parts: Map<string, string>): ChartData[] {
  const charts = [...parts.keys()].filter((n) => /^ppt\/charts\/chart[^/]*\.xml$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return charts.map((chart) => {
    const xml = parts.get(chart) ?? '';
    const rels = relsOf(parts, chart);
    const rid = /<c:externalData\b[^>]*\br:id="([^"]+)"/.exec(xml)?.[1];
    const workbook = (rid ? rels.get(rid) : [...rels.values()].find((r) => r.type === 'package'))?.target;
    const refs: CachedRef[] = [];
    [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].forEach((ser, series) => {
      for (const block of (ser[1] ?? '').matchAll(/<c:(tx|cat|val|xVal|yVal)>([\s\S]*?)<\/c:\1>/g)) {
        const ref = /<c:(strRef|numRef|multiLvlStrRef)>([\s\S]*?)<\/c:\1>/.exec(block[2] ?? '');
        if (!ref) continue;
        const body = ref[2] ?? '';
        const formula = decode(/<c:f>([^<]*)<\/c:f>/.exec(body)?.[1] ?? '');
        const ptCount = Number(/<c:ptCount val="(\d+)"\/>/.exec(body)?.[1] ?? 0);
        const levels =
          ref[1] === 'multiLvlStrRef'
            ? [...body.matchAll(/<c:lvl\b[^>]*?(?:\/>|>([\s\S]*?)<\/c:lvl>)/g)].map((lvl) => cachePoints(lvl[1] ?? '', ptCount))
            : [cachePoints(body, ptCount)];
        refs.push({ where: block[1] ?? '', series, kind: ref[1] ?? '', formula, ptCount, levels });
      }
    });
    return { chart, workbook, refs };
  });
}

const colNumber = (letters: string): number => [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
const colLetters = (n: number): string => (n <= 0 ? '' : colLetters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** The address of the cell at (row, col) offsets from the formula's first cell, for messages. */
function cellAt(formula: string, row: number, col: number): string {
  const [sheet, range = ''] = formula.includes('!') ? [formula.slice(0, formula.lastIndexOf('!')), formula.slice(formula.lastIndexOf('!') + 1)] : ['', formula];
  const m = /^\$?([A-Z]+)\$?(\d+)/i.exec(range);
  if (!m) return `${formula}[${row},${col}]`;
  return `${sheet}!${colLetters(colNumber(m[1] ?? 'A') + col)}${Number(m[2]) + row}`;
}

export type Cell = string | number | boolean | null;

/**
 * Differences between the cells a formula points at (rows of values, as openpyxl read them)
 * and the chart's cache: numbers compared numerically, text exactly.
 */
export function compareWithCache(ref: CachedRef, rows: Cell[][]): string[] {
  const problems: string[] = [];
  const columns = rows[0]?.length ?? 0;
  // Each level's cells with their offsets in the range. One level: the range in reading order.
  // Several levels (multiLvlStrRef): the first c:lvl is the innermost level, the range's last column (or row).
  let levels: { value: Cell; row: number; col: number }[][];
  if (ref.levels.length <= 1) {
    levels = [rows.flatMap((r, row) => r.map((value, col) => ({ value, row, col })))];
  } else if (columns === ref.levels.length) {
    levels = ref.levels.map((_, k) => rows.map((r, row) => ({ value: r[columns - 1 - k] ?? null, row, col: columns - 1 - k })));
  } else if (rows.length === ref.levels.length) {
    levels = ref.levels.map((_, k) => (rows[rows.length - 1 - k] ?? []).map((value, col) => ({ value, row: rows.length - 1 - k, col })));
  } else {
    return [`${ref.formula} is ${rows.length}×${columns} cells but the cache has ${ref.levels.length} levels`];
  }
  ref.levels.forEach((cached, k) => {
    const cells = levels[k] ?? [];
    if (cells.length !== ref.ptCount) problems.push(`${ref.formula}${ref.levels.length > 1 ? ` level ${k}` : ''} covers ${cells.length} cells but the cache has ptCount ${ref.ptCount}`);
    cells.forEach(({ value, row, col }, i) => {
      if (i >= ref.ptCount) return;
      const expected = cached[i];
      const where = `${cellAt(ref.formula, row, col)} (point ${i})`;
      const empty = value === null || value === '';
      if (expected === undefined) {
        if (!empty) problems.push(`${where}: the cache has no point but the cell holds ${JSON.stringify(value)}`);
        return;
      }
      if (ref.kind === 'numRef') {
        const want = Number(expected);
        const ok = typeof value === 'number' && Math.abs(value - want) <= 1e-9 * Math.max(1, Math.abs(want));
        if (!ok) problems.push(`${where}: the cache has ${expected} but the cell holds ${JSON.stringify(value)}`);
      } else {
        const got = value === null ? '' : typeof value === 'string' ? value : String(value);
        if (got !== expected) problems.push(`${where}: the cache has ${JSON.stringify(expected)} but the cell holds ${JSON.stringify(value)}`);
      }
    });
  });
  return problems;
}
