/**
 * Our decks opened by readers that are not ours (issue 12):
 *  - LibreOffice round trips each deck to .pptx and to .odp and keeps its slides, notes and charts;
 *  - Calligra Stage (calligraconverter) converts each deck to .odp without a missing part;
 *  - openpyxl opens every chart workbook without a warning, and the cells each chart's formulas
 *    point at hold the values the chart caches;
 *  - officeparser (npm) finds every slide's text.
 * The decks are built once with the CLI (dist/bin.cjs), then the readers run side by side.
 * A reader that is not installed skips its tests with one warning, unless REQUIRE_READERS=1
 * (CI sets it after installing them), which turns a missing reader into a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseOfficeAsync } from 'officeparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFERENCE, ROOT } from './helpers/build.js';
import { BIN } from './helpers/cli.js';
import { openDeck, type OpenedDeck } from './helpers/pptx.js';
import {
  type Cell,
  chartData,
  compareWithCache,
  findReaders,
  PYTHON,
  run,
  type RunResult,
  squash,
  summariseOdp,
  summarisePptx,
  unzipParts,
} from './helpers/readers.js';

const FIXTURES = resolve(ROOT, 'tests', 'fixtures');
const required = process.env.REQUIRE_READERS === '1';
const readers = findReaders();
const skip = {
  libreoffice: !readers.libreoffice.ok && !required,
  calligra: !readers.calligra.ok && !required,
  openpyxl: !readers.openpyxl.ok && !required,
};
const install = { libreoffice: 'libreoffice-impress', calligra: 'calligrastage', openpyxl: 'python3-openpyxl' } as const;
for (const reader of ['libreoffice', 'calligra', 'openpyxl'] as const) {
  if (skip[reader]) console.warn(`SKIPPED: reader tests for ${reader}: ${readers[reader].why} (install ${install[reader]}, or set REQUIRE_READERS=1 to make this a failure)`);
}

/** The decks, each built once; `file` is its name in the build folder (distinct, so one soffice run can convert them all). */
const DECKS = [
  { name: 'conference', file: 'conference.pptx', data: CONFERENCE, theme: undefined },
  { name: 'conference --theme print', file: 'conference-print.pptx', data: CONFERENCE, theme: 'print' },
  { name: 'hostile-text', file: 'hostile-text.pptx', data: join(FIXTURES, 'hostile-text.yaml'), theme: undefined },
  { name: 'stress', file: 'stress.pptx', data: join(FIXTURES, 'stress.yaml'), theme: undefined },
  { name: 'every-layout', file: 'every-layout.pptx', data: join(FIXTURES, 'every-layout.yaml'), theme: undefined },
  // The pictures fixture reads logo.png and chart.jpg next to its report.yaml.
  { name: 'pictures', file: 'pictures.pptx', data: join(FIXTURES, 'pictures', 'report.yaml'), theme: undefined },
] as const;
type Deck = (typeof DECKS)[number];

interface Built {
  path: string;
  bytes: Uint8Array;
  deck: OpenedDeck;
}

let root: string;
let decksDir: string;
const built = new Map<string, Built>();
/** Each reader's work, started in beforeAll so they run side by side; the tests await them. None rejects. */
const jobs: {
  loPptx?: Promise<RunResult>;
  loOdp?: Promise<RunResult>;
  calligra?: Map<string, Promise<RunResult>>;
  openpyxl?: Map<string, Promise<OpenpyxlResult>>;
  officeparser?: Map<string, Promise<{ text?: string; error?: string }>>;
} = {};

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error('dist/bin.cjs is missing: run `npm run build` (npm test does it first)');
  root = mkdtempSync(join(tmpdir(), 'briefdeck-readers-'));
  decksDir = join(root, 'decks');
  mkdirSync(decksDir);
  // Built as a user would (dist/bin.cjs), in two CLI runs side by side: one batch builds every deck
  // with its own theme, the other the conference deck with the print theme.
  const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', NO_COLOR: '1' };
  const batch = DECKS.filter((d) => d.theme === undefined);
  const batchDir = join(root, 'batch');
  const builds = await Promise.all([
    run(process.execPath, [BIN, 'build', '-q', ...batch.map((d) => d.data), '--out-dir', batchDir], { env, cwd: ROOT, timeoutMs: 90_000 }),
    ...DECKS.filter((d) => d.theme !== undefined).map((d) =>
      run(process.execPath, [BIN, 'build', '-q', d.data, '--theme', d.theme!, '-o', join(decksDir, d.file)], { env, cwd: ROOT, timeoutMs: 90_000 }),
    ),
  ]);
  for (const b of builds) if (b.status !== 0) throw new Error(`briefdeck build failed (exit ${b.status}${b.error ? `, ${b.error}` : ''}):\n${b.stderr}`);
  for (const d of batch) renameSync(join(batchDir, basename(d.data).replace(/\.ya?ml$/, '.pptx')), join(decksDir, d.file));
  for (const d of DECKS) {
    const path = join(decksDir, d.file);
    const bytes = new Uint8Array(readFileSync(path));
    built.set(d.name, { path, bytes, deck: openDeck(bytes) });
  }

  const paths = DECKS.map((d) => join(decksDir, d.file));
  if (readers.libreoffice.ok) {
    // One soffice per target format for all decks (its start-up is the expensive part), each with a private profile.
    const soffice = (format: string): Promise<RunResult> => {
      const out = join(root, `lo-${format}`);
      mkdirSync(out);
      return run('soffice', [`-env:UserInstallation=file://${join(root, `lo-profile-${format}`)}`, '--headless', '--convert-to', format, '--outdir', out, ...paths], {
        timeoutMs: 170_000,
      });
    };
    jobs.loPptx = soffice('pptx');
    jobs.loOdp = soffice('odp');
  }
  if (readers.calligra.ok) {
    const home = join(root, 'calligra-home');
    mkdirSync(home, { mode: 0o700 });
    const env = {
      ...process.env,
      QT_QPA_PLATFORM: 'offscreen', // no display needed
      XDG_RUNTIME_DIR: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
      // The filters report a missing part ("Entry '...' not found") as debug output: keep it on.
      QT_LOGGING_RULES: 'calligra.*.debug=true',
    };
    const out = join(root, 'calligra');
    mkdirSync(out);
    // One deck at a time, in the background (calligraconverter takes one file; about a second each).
    let previous: Promise<unknown> = Promise.resolve();
    jobs.calligra = new Map(
      DECKS.map((d) => {
        const job = previous.then(() => run('calligraconverter', ['--batch', join(decksDir, d.file), join(out, d.file.replace(/\.pptx$/, '.odp'))], { env, timeoutMs: 60_000 }));
        previous = job;
        return [d.name, job];
      }),
    );
  }
  if (readers.openpyxl.ok) {
    jobs.openpyxl = new Map(DECKS.map((d) => [d.name, openpyxlDeck(d).catch((e: unknown) => ({ problems: [`${d.name}: ${String(e)}`], workbooks: 0 }))]));
  }
  jobs.officeparser = new Map(
    DECKS.map((d) => [
      d.name,
      parseOfficeAsync(Buffer.from(built.get(d.name)!.bytes), { ignoreNotes: true }).then(
        (text) => ({ text }),
        (e: unknown) => ({ error: String(e) }),
      ),
    ]),
  );
});

afterAll(async () => {
  // Let every reader finish before its folder goes.
  await Promise.all([jobs.loPptx, jobs.loOdp, ...(jobs.calligra?.values() ?? []), ...(jobs.openpyxl?.values() ?? [])]);
  if (root) rmSync(root, { recursive: true, force: true });
});

const builtDeck = (d: Deck): Built => {
  const b = built.get(d.name);
  if (!b) throw new Error(`${d.name} was not built`);
  return b;
};
const slideNumbers = (deck: OpenedDeck): number[] => Array.from({ length: deck.slideCount }, (_, i) => i + 1);
const originalCharts = (b: Built): number => b.deck.names.filter((n) => /^ppt\/charts\/chart[^/]*\.xml$/.test(n)).length;
const tail = (text: string, lines = 20): string => text.trim().split('\n').slice(-lines).join('\n');

/** Reads what soffice wrote for a deck, or says why there is nothing (soffice reports a failed file but exits 0). */
function converted(result: RunResult | undefined, d: Deck, format: string): Uint8Array {
  const out = join(root, `lo-${format}`, d.file.replace(/\.pptx$/, `.${format}`));
  try {
    return new Uint8Array(readFileSync(out));
  } catch {
    throw new Error(`${d.name}: soffice --convert-to ${format} wrote no ${out} (exit ${result?.status}${result?.error ? `, ${result.error}` : ''})\n${tail(`${result?.stdout ?? ''}\n${result?.stderr ?? ''}`)}`);
  }
}

/** Slide count, every slide's notes (whitespace-normalised) and chart count, against the deck as built. */
function roundTripProblems(d: Deck, got: { slides: number; notes: string[]; charts: number }, format: string): string[] {
  const b = builtDeck(d);
  const problems: string[] = [];
  if (got.slides !== b.deck.slideCount) problems.push(`${d.name} → ${format}: ${got.slides} slides, the deck has ${b.deck.slideCount}`);
  for (const n of slideNumbers(b.deck)) {
    const want = squash(b.deck.notesText(n));
    const have = squash(got.notes[n - 1] ?? '');
    if (have !== want) problems.push(`${d.name} → ${format}: slide ${n} notes differ:\n  deck: ${JSON.stringify(want)}\n  ${format}:  ${JSON.stringify(have)}`);
  }
  if (got.charts !== originalCharts(b)) problems.push(`${d.name} → ${format}: ${got.charts} charts, the deck has ${originalCharts(b)}`);
  return problems;
}

describe.each([
  { format: 'pptx', read: summarisePptx, job: () => jobs.loPptx },
  { format: 'odp', read: summariseOdp, job: () => jobs.loOdp },
])('LibreOffice round trip to $format', ({ format, read, job }) => {
  it.skipIf(skip.libreoffice).each(DECKS)('$name keeps its slides, notes and charts', async (d) => {
    expect(readers.libreoffice.ok, `REQUIRE_READERS=1 but ${readers.libreoffice.why}`).toBe(true);
    const result = await job();
    const summary = read(converted(result, d, format));
    expect(roundTripProblems(d, summary, format), `${d.name}: what LibreOffice's ${format} lost`).toEqual([]);
  }, 180_000);
});

describe('Calligra Stage (calligraconverter to odp)', () => {
  it.skipIf(skip.calligra).each(DECKS)('$name converts with every part found, keeping its slides and charts', async (d) => {
    expect(readers.calligra.ok, `REQUIRE_READERS=1 but ${readers.calligra.why}`).toBe(true);
    const result = await jobs.calligra!.get(d.name)!;
    const out = join(root, 'calligra', d.file.replace(/\.pptx$/, '.odp'));
    const problems: string[] = [];
    if (result.status !== 0 || result.error) problems.push(`exit ${result.status}${result.error ? ` (${result.error})` : ''}: ${tail(result.stderr, 1)}`);
    // Calligra also looks up parts a deck may lack (it prints "Entry '' not found." for LibreOffice's
    // own pptx too): only a named entry is a part the deck points at and does not have.
    const notFound = [...new Set(result.stderr.split('\n').filter((l) => /not found/i.test(l) && !/Entry '' not found/.test(l)))];
    if (notFound.length) problems.push(`stderr says a part is missing:\n  ${notFound.slice(0, 3).join('\n  ')}`);
    let size = 0;
    try {
      size = statSync(out).size;
    } catch {
      /* no file */
    }
    if (size === 0) problems.push(`no output (${out} is missing or empty)`);
    else {
      // Calligra keeps charts (as ChartN objects) once it can find them, so they are counted too.
      const b = builtDeck(d);
      const odp = summariseOdp(new Uint8Array(readFileSync(out)));
      if (odp.slides !== b.deck.slideCount) problems.push(`${odp.slides} pages (draw:page), the deck has ${b.deck.slideCount} slides`);
      if (odp.charts !== originalCharts(b)) problems.push(`${odp.charts} charts, the deck has ${originalCharts(b)}`);
    }
    expect(problems, `${d.name}: what Calligra made of it`).toEqual([]);
  }, 120_000);
});

interface OpenpyxlWorkbook {
  label: string;
  error: string | null;
  warnings: string[];
  tables: string[];
  cells: Record<string, { rows?: Cell[][]; error?: string }>;
}
interface OpenpyxlResult {
  problems: string[];
  workbooks: number;
}

/** One python per deck: every workbook of the deck, and every formula its charts hold. */
async function openpyxlDeck(d: Deck): Promise<OpenpyxlResult> {
  const b = builtDeck(d);
  const { raw } = unzipParts(b.bytes);
  const charts = chartData(b.deck.parts);
  const workbooks = b.deck.names.filter((n) => /^ppt\/embeddings\/[^/]+\.xlsx$/.test(n));
  const problems: string[] = [];
  for (const c of charts) {
    if (!c.workbook) problems.push(`${c.chart}: no embedded workbook (c:externalData or a package relationship)`);
    else if (!workbooks.includes(c.workbook)) problems.push(`${c.chart}: its workbook ${c.workbook} is not in the package`);
    if (c.refs.length === 0) problems.push(`${c.chart}: no formula (c:f) in any series`);
  }
  if (workbooks.length === 0) return { problems, workbooks: 0 };
  const dir = join(root, 'openpyxl', d.file.replace(/\.pptx$/, ''));
  mkdirSync(dir, { recursive: true });
  const request = {
    workbooks: workbooks.map((label) => {
      const path = join(dir, basename(label));
      writeFileSync(path, raw[label]!);
      return { label, path, refs: [...new Set(charts.filter((c) => c.workbook === label).flatMap((c) => c.refs.map((r) => r.formula)))] };
    }),
  };
  const r = await run(PYTHON, [join(ROOT, 'tests', 'helpers', 'openpyxl_check.py')], { input: JSON.stringify(request), timeoutMs: 60_000 });
  let answer: { workbooks: OpenpyxlWorkbook[] };
  try {
    answer = JSON.parse(r.stdout) as { workbooks: OpenpyxlWorkbook[] };
  } catch {
    return { problems: [...problems, `openpyxl_check.py exited ${r.status}${r.error ? ` (${r.error})` : ''}:\n${tail(r.stderr)}`], workbooks: workbooks.length };
  }
  for (const wb of answer.workbooks) {
    if (wb.error) problems.push(`${wb.label}: openpyxl cannot open it: ${wb.error}`);
    for (const w of wb.warnings) problems.push(`${wb.label}: openpyxl warns: ${w}`);
    for (const t of wb.tables) problems.push(`${wb.label}: table part: ${t}`);
  }
  for (const c of charts) {
    const wb = answer.workbooks.find((w) => w.label === c.workbook);
    if (!wb || wb.error) continue;
    for (const ref of c.refs) {
      const cells = wb.cells[ref.formula];
      const where = `${c.chart} series ${ref.series} ${ref.where} (${ref.kind})`;
      if (!cells?.rows) problems.push(`${where}: ${ref.formula} could not be read: ${cells?.error ?? 'not asked'}`);
      else problems.push(...compareWithCache(ref, cells.rows).map((p) => `${where}: ${p}`));
    }
  }
  return { problems, workbooks: workbooks.length };
}

describe('openpyxl (python3-openpyxl) reads the chart workbooks', () => {
  it.skipIf(skip.openpyxl).each(DECKS)('$name: every workbook opens without a warning and holds what its charts show', async (d) => {
    expect(readers.openpyxl.ok, `REQUIRE_READERS=1 but ${readers.openpyxl.why}`).toBe(true);
    const result = await jobs.openpyxl!.get(d.name)!;
    if (originalCharts(builtDeck(d)) > 0) expect(result.workbooks, `${d.name}: has charts but no ppt/embeddings/*.xlsx`).toBeGreaterThan(0);
    expect(result.problems, `${d.name}: what openpyxl found`).toEqual([]);
  }, 120_000);
});

describe('officeparser (npm) reads every slide\'s text', () => {
  it.each(DECKS)('$name', async (d) => {
    const b = builtDeck(d);
    const parsed = await jobs.officeparser!.get(d.name)!;
    expect(parsed.error, `${d.name}: officeparser failed`).toBeUndefined();
    const text = squash(parsed.text ?? '');
    // Every line of every slide's paragraphs (as tests/helpers/pptx.ts reads them), in slide order.
    // officeparser joins the runs around a line break with nothing, so lines are looked for one by one.
    const missing: string[] = [];
    let lines = 0;
    let cursor = 0;
    for (const n of slideNumbers(b.deck)) {
      const start = cursor;
      const before = missing.length;
      for (const line of b.deck.slideParagraphs(n).flatMap((p) => p.split('\n')).map(squash).filter(Boolean)) {
        lines++;
        const at = text.indexOf(line, cursor);
        if (at < 0) missing.push(`slide ${n}: ${JSON.stringify(line)}`);
        else cursor = at + line.length;
      }
      // A slide with text missing may have matched a short line (a slide number) far ahead: the next slide starts where it did.
      if (missing.length > before) cursor = start;
    }
    expect(lines, `${d.name}: our own reader found no text`).toBeGreaterThan(b.deck.slideCount);
    expect(missing, `${d.name}: slide text officeparser did not find (in order)`).toEqual([]);
  });
});
