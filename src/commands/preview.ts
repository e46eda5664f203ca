/**
 * `briefdeck preview <data|deck> --out <dir> [--pdf]`: what the deck looks
 * like without opening PowerPoint. LibreOffice turns the deck into a PDF,
 * pdftoppm draws each page (slide-01.png …), and the slides are gathered on
 * one contact sheet (contact-sheet.png). Report data is built first, to a
 * temporary deck: out/ is left alone. Without LibreOffice or pdftoppm it says
 * what to install and exits 4.
 */
import type { Command } from 'commander';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { seconds, type DiagnosticJson, type Output } from '../cli/output.js';
import { error, ExitCode, type Diagnostic } from '../diagnostics.js';
import { say, t } from '../i18n/catalogue.js';
import { convertToPdf, findTools, INTERRUPTED, rasterize, type Problem } from '../preview/office.js';
import { addDeckOptions, buildOne, type BuildFlags } from './build.js';
import { now } from '../timing.js';

interface PreviewFlags extends Pick<BuildFlags, 'templates' | 'theme' | 'allowOutside' | 'json'> {
  out?: string;
  pdf?: boolean;
  dpi?: string;
}

/** 96 dpi draws a 16:9 slide at 1280 × 720 pixels. */
const DEFAULT_DPI = 96;
const MIN_DPI = 20;
const MAX_DPI = 600;
/** A slide picture's name: slide-01.png …, at least two digits so they sort. */
const SLIDE_PICTURE = /^slide-\d+\.png$/;
const CONTACT_SHEET = 'contact-sheet.png';

export function preview(program: Command, cx: CommandContext): void {
  const command = program
    .command('preview')
    .description(cx.say(t('preview.description')))
    .argument('<data|deck>', cx.say(t('preview.input')))
    .option('--out <dir>', cx.say(t('preview.out')))
    .option('--pdf', cx.say(t('preview.pdf')))
    .option('--dpi <n>', cx.say(t('preview.dpi', { dpi: DEFAULT_DPI })));
  addDeckOptions(command, cx)
    .option('--json', cx.say(t('preview.json')))
    .action(async (input: string, flags: PreviewFlags) => {
      cx.exit(await previewInput(input, flags, cx));
    });
}

/** What a run wrote, for the summary and --json. */
interface Written {
  slides: string[];
  width: number;
  height: number;
  contactSheet: string;
  columns: number;
  pdf?: string;
}

/** Ends the run: prints the --json document when asked, returns the exit code. */
type Report = (exitCode: number, written?: Written, diagnostics?: Diagnostic[], problem?: Problem) => number;

async function previewInput(input: string, flags: PreviewFlags, cx: CommandContext): Promise<number> {
  const output = cx.output(flags);
  const started = now();
  const report: Report = (exitCode, written, diagnostics = [], problem) => {
    if (output.options.json) output.json(previewJson(input, exitCode, now() - started, written, diagnostics, problem, output));
    return exitCode;
  };

  // The command line first: nothing is run for a mistyped command.
  const kind = inputKind(input);
  if (!kind) {
    output.usageError(t('preview.usage.input', { file: input }), t('preview.usage.input.hint'));
    return ExitCode.usage;
  }
  if (flags.out === undefined || flags.out === '') {
    output.usageError(t('preview.usage.no-out'), t('preview.usage.no-out.hint', { input }));
    return ExitCode.usage;
  }
  const dpi = flags.dpi === undefined ? DEFAULT_DPI : Number(flags.dpi);
  if (!Number.isInteger(dpi) || dpi < MIN_DPI || dpi > MAX_DPI) {
    output.usageError(t('preview.usage.dpi', { min: MIN_DPI, max: MAX_DPI, value: flags.dpi ?? '' }));
    return ExitCode.usage;
  }
  const buildOnly = [flags.templates !== undefined && '--templates', flags.theme !== undefined && '--theme', flags.allowOutside && '--allow-outside'].filter(
    (f): f is string => typeof f === 'string',
  );
  if (kind === 'deck' && buildOnly.length > 0) {
    output.usageError(t('preview.usage.build-flags', { flags: buildOnly.join(', '), file: input }));
    return ExitCode.usage;
  }

  // Then the tools: every missing one is named with how to install it.
  const found = await findTools(cx.terminal.env);
  if (!found.tools) {
    for (const p of found.problems) output.usageError(p.message, p.hint);
    return report(ExitCode.missingTool, undefined, [], found.problems[0]);
  }
  const tools = found.tools;

  const work = await mkdtemp(join(tmpdir(), 'briefdeck-preview-'));
  const controller = new AbortController();
  const unlisten = cx.terminal.onInterrupt(() => controller.abort());
  try {
    // The deck: as given, or built from the data into the work folder.
    let deck = resolve(input);
    if (kind === 'data') {
      output.progress(t('preview.building', { data: input }));
      const { DeckBuilder } = await import('../index.js');
      const built = await buildOne(new DeckBuilder(), input, join(work, `${basename(input, extname(input))}.pptx`), flags);
      output.diagnostics(built.diagnostics);
      if (built.exitCode !== ExitCode.ok) return report(built.exitCode, undefined, built.diagnostics);
      deck = built.output;
    } else {
      const unreadable = await deckProblem(input);
      if (unreadable) {
        output.diagnostics([unreadable]);
        return report(ExitCode.io, undefined, [unreadable]);
      }
    }
    if (controller.signal.aborted) return stopped(output, report);

    output.progress(t('preview.converting'));
    const pdf = await convertToPdf(tools.soffice, deck, work, controller.signal);
    if (!pdf.ok) return failed(pdf.problem, output, report);
    output.progress(t('preview.rasterizing', { dpi }));
    const pages = await rasterize(tools.pdftoppm, pdf.value, work, dpi, controller.signal);
    if (!pages.ok) return failed(pages.problem, output, report);

    const out = flags.out;
    const written = await writePreview(pages.value, pdf.value, flags.pdf === true ? `${basename(input, extname(input))}.pdf` : undefined, out, output);
    if ('problem' in written) return failed(written.problem, output, report);
    reportWritten(written, output, now() - started);
    return report(ExitCode.ok, written);
  } finally {
    unlisten();
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

function inputKind(input: string): 'deck' | 'data' | undefined {
  const ext = extname(input).toLowerCase();
  if (ext === '.pptx') return 'deck';
  if (ext === '.yaml' || ext === '.yml') return 'data';
  return undefined;
}

/** A deck path that is missing or a folder, said like the build's read errors (exit 3). */
async function deckProblem(file: string): Promise<Diagnostic | undefined> {
  try {
    if ((await stat(file)).isFile()) return undefined;
    return error('not-a-file', t('read.folder', { file }), { location: { file, line: 0, col: 0 } });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return error('file-not-found', t('read.missing', { file }), { hint: t('read.missing.hint'), location: { file, line: 0, col: 0 } });
    return error('read-failed', t('read.failed', { file, reason: code ?? String(e) }), { hint: t('read.failed.hint'), location: { file, line: 0, col: 0 } });
  }
}

/**
 * Copies the pages into `out` as slide-01.png …, removes slide pictures left
 * from a longer deck (so the folder holds this deck's slides only), draws the
 * contact sheet, and copies the PDF when asked.
 */
async function writePreview(pages: readonly string[], pdf: string, pdfName: string | undefined, out: string, output: Output): Promise<Written | { problem: Problem }> {
  const width = Math.max(2, String(pages.length).length);
  const names = pages.map((_, i) => `slide-${String(i + 1).padStart(width, '0')}.png`);
  let target = out;
  try {
    await mkdir(out, { recursive: true });
    const keep = new Set([...names, CONTACT_SHEET]);
    for (const old of await readdir(out)) {
      if (SLIDE_PICTURE.test(old) && !keep.has(old)) await rm(join(out, old), { force: true });
    }
    const bytes: Uint8Array[] = [];
    for (const [i, page] of pages.entries()) {
      target = join(out, names[i] ?? '');
      const png = await readFile(page);
      await writeFile(target, png);
      bytes.push(png);
    }
    output.progress(t('preview.pictures', { count: pages.length, dir: out }));
    const { renderContactSheet, pngSize } = await import('../preview/contact-sheet.js');
    const sheet = await renderContactSheet(bytes);
    target = join(out, CONTACT_SHEET);
    await writeFile(target, sheet.png);
    let pdfFile: string | undefined;
    if (pdfName) {
      target = pdfFile = join(out, pdfName);
      await copyFile(pdf, pdfFile);
    }
    const size = bytes[0] ? pngSize(bytes[0]) : undefined;
    return {
      slides: names.map((n) => join(out, n)),
      width: size?.width ?? 0,
      height: size?.height ?? 0,
      contactSheet: join(out, CONTACT_SHEET),
      columns: sheet.layout.columns,
      ...(pdfFile ? { pdf: pdfFile } : {}),
    };
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return { problem: { message: t('write.failed', { file: target, reason }), hint: t('preview.write-failed.hint'), exitCode: ExitCode.io } };
  }
}

function reportWritten(w: Written, output: Output, ms: number): void {
  const first = w.slides[0] ?? '';
  const last = w.slides.at(-1) ?? '';
  const files = w.slides.length > 1 ? `${first} … ${basename(last)}` : first;
  output.result(t('preview.done.slides', { files, count: w.slides.length, width: String(w.width), height: String(w.height) }));
  output.result(t('preview.done.contact-sheet', { file: w.contactSheet, count: w.slides.length, columns: w.columns }));
  if (w.pdf) output.result(t('preview.done.pdf', { file: w.pdf }));
  output.result(t('preview.done', { seconds: seconds(ms, output.lang) }), 'ok');
}

function failed(problem: Problem, output: Output, report: Report): number {
  if (problem.exitCode === INTERRUPTED) return stopped(output, report);
  output.usageError(problem.message, problem.hint);
  return report(problem.exitCode, undefined, [], problem);
}

function stopped(output: Output, report: Report): number {
  output.notice(t('preview.interrupted'));
  return report(INTERRUPTED, undefined, [], { message: t('preview.interrupted'), exitCode: INTERRUPTED });
}

function previewJson(
  input: string,
  exitCode: number,
  ms: number,
  written: Written | undefined,
  diagnostics: Diagnostic[],
  problem: Problem | undefined,
  output: Output,
): {
  input: string;
  ok: boolean;
  exitCode: number;
  ms: number;
  slides?: string[];
  width?: number;
  height?: number;
  contactSheet?: string;
  pdf?: string;
  error?: { message: string; hint?: string };
  diagnostics: DiagnosticJson[];
} {
  return {
    input,
    ok: exitCode === ExitCode.ok,
    exitCode,
    ms: Math.round(ms),
    ...(written
      ? { slides: written.slides, width: written.width, height: written.height, contactSheet: written.contactSheet, ...(written.pdf ? { pdf: written.pdf } : {}) }
      : {}),
    ...(problem ? { error: { message: say(problem.message, output.lang), ...(problem.hint ? { hint: say(problem.hint, output.lang) } : {}) } } : {}),
    diagnostics: diagnostics.map((d) => output.diagnosticJson(d)),
  };
}
