/**
 * `briefdeck build <data...>`: one deck per data file. With several files (a
 * deck per province), each is built and reported on its own, one bad file
 * does not stop the others, and the exit code is the worst of them.
 *
 * A deck is never written over a file the build reads (the data, a picture,
 * a template), and a build stopped by Ctrl-C or SIGTERM leaves no temporary
 * file behind: it removes it and exits 130 or 143.
 */
import type { Command } from 'commander';
import { closeSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { seconds, type DiagnosticJson, type Output } from '../cli/output.js';
import { interruptedExitCode, type Terminal } from '../cli/terminal.js';
import { error, ExitCode, exitCodeFor, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';
import type { BuildOptions, DeckBuilder } from '../index.js';
import { sourceDateEpoch } from '../validate/dates.js';
import { openAtomic, removeTemporaryFiles } from '../write/atomic.js';
import { now } from '../timing.js';

export interface BuildFlags {
  output?: string;
  outDir?: string;
  templates?: string;
  theme?: string;
  allowOutside?: boolean;
  json?: boolean;
}

/** What happened to one data file. */
export interface DeckResult {
  data: string;
  output: string;
  exitCode: number;
  slides: number;
  ms: number;
  diagnostics: Diagnostic[];
}

export function build(program: Command, cx: CommandContext): void {
  const command = program
    .command('build')
    .description(cx.say(t('build.description')))
    .argument('<data...>', cx.say(t('build.data')))
    .option('-o, --output <file>', cx.say(t('build.output')))
    .option('--out-dir <dir>', cx.say(t('build.out-dir')));
  addDeckOptions(command, cx)
    .option('--json', cx.say(t('cli.json')))
    .action(async (data: string[], flags: BuildFlags) => {
      cx.exit(await buildAll(data, flags, cx.output(flags), cx.terminal));
    });
}

/** The options that choose how a deck is built, the same for build, watch and preview. */
export function addDeckOptions(command: Command, cx: CommandContext): Command {
  return command
    .option('--templates <dir>', cx.say(t('build.templates')))
    .option('--theme <name>', cx.say(t('build.theme')))
    .option('--allow-outside', cx.say(t('build.allow-outside')));
}

async function buildAll(files: readonly string[], flags: BuildFlags, output: Output, terminal: Terminal): Promise<number> {
  const documentDate = sourceDateEpoch(terminal.env.SOURCE_DATE_EPOCH);
  if (documentDate === 'invalid') {
    output.usageError(t('usage.source-date-epoch', { value: terminal.env.SOURCE_DATE_EPOCH ?? '' }), t('usage.source-date-epoch.hint'));
    return ExitCode.usage;
  }
  const targets = outputPaths(files, flags, output);
  if (!targets) return ExitCode.usage;

  // Stopped mid-build: the deck being written is left as it was, its temporary file removed, at once.
  const unlisten = terminal.onInterrupt((signal) => {
    removeTemporaryFiles();
    terminal.exit(interruptedExitCode(signal));
  });
  const { DeckBuilder } = await import('../index.js');
  const builder = new DeckBuilder();
  const batch = files.length > 1;
  const results: DeckResult[] = [];
  try {
    for (const [i, data] of files.entries()) {
      if (batch) output.progress(t('build.batch-progress', { index: i + 1, total: files.length, data }));
      // After the last deck is zipped, the deflating threads end while it is written (not at exit).
      const last = i === files.length - 1;
      const result = await buildOne(builder, data, targets[i] ?? '', flags, documentDate, last ? stopDeflating : undefined);
      results.push(result);
      reportDeck(result, output, batch);
    }
  } finally {
    unlisten();
  }
  const worst = Math.max(...results.map((r) => r.exitCode));
  if (batch) {
    const failed = results.filter((r) => r.exitCode !== ExitCode.ok).length;
    output.result(t('build.batch-summary', { built: files.length - failed, total: files.length, failed }), failed > 0 ? 'error' : 'ok');
  }
  if (output.options.json) output.json({ ok: worst === ExitCode.ok, exitCode: worst, decks: results.map((r) => deckJson(r, output)) });
  return worst;
}

/** Ends the idle deflating threads (loaded already by a build that started one). */
async function stopDeflating(): Promise<void> {
  (await import('../pptx/deflate-pool.js')).stopIdleDeflating();
}

/** The options that choose how a deck is built. */
type DeckFlags = Pick<BuildFlags, 'templates' | 'theme' | 'allowOutside'>;

/** What the builder is asked for a data file, by the command's options. */
export function deckOptions(data: string, flags: DeckFlags, documentDate?: Date): BuildOptions {
  return {
    data,
    ...(flags.templates ? { templates: resolve(flags.templates) } : {}),
    ...(flags.theme ? { theme: flags.theme } : {}),
    ...(documentDate ? { documentDate } : {}),
    allowOutside: flags.allowOutside === true,
  };
}

/**
 * Builds one deck and writes it (to a temporary file, then renamed); a failed
 * build leaves the previous deck. The file is written as the deck is zipped
 * (write/atomic.ts `openAtomic`), so no copy of the whole deck is made and
 * little is left to write once it is done.
 */
export async function buildOne(
  builder: DeckBuilder,
  data: string,
  output: string,
  flags: DeckFlags,
  documentDate?: Date,
  /** Run once the deck is made, before it is committed. */
  built?: () => Promise<void>,
): Promise<DeckResult> {
  const started = now();
  const { DEFAULT_TEMPLATES } = await import('../index.js');
  const refused = await outputProblem(data, output, flags.templates ? resolve(flags.templates) : DEFAULT_TEMPLATES);
  if (refused) return { data, output, exitCode: exitCodeFor([refused]), slides: 0, ms: now() - started, diagnostics: [refused] };
  const file = openAtomic(output);
  let result: Awaited<ReturnType<DeckBuilder['build']>>;
  try {
    result = await builder.build(deckOptions(data, flags, documentDate), file);
  } catch (e) {
    await file.abort();
    throw e;
  }
  const done = (diagnostics: Diagnostic[], slides = 0): DeckResult => ({
    data,
    output,
    exitCode: exitCodeFor(diagnostics),
    slides,
    ms: now() - started,
    diagnostics,
  });
  if (!result.pptx) {
    await file.abort();
    return done(result.diagnostics);
  }
  file.write(result.pptx); // what the builder returned rather than streamed (nothing, when it streamed)
  await built?.();
  const written = await file.commit();
  return done([...result.diagnostics, ...written], written.length > 0 ? 0 : result.slideCount);
}

function reportDeck(r: DeckResult, output: Output, batch: boolean): void {
  output.diagnostics(r.diagnostics);
  if (r.exitCode === ExitCode.ok) {
    const done = t('build.done', { output: r.output, slides: r.slides, seconds: seconds(r.ms, output.lang) });
    output.result(batch ? t('build.batch-done', { data: r.data, done }) : done);
    return;
  }
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  if (batch) output.result(t('build.batch-failed', { data: r.data, errors }), 'error');
  // The staff's reassurance the night before: the deck they already have is still there (and only then).
  if (holdsDeck(r.output)) output.notice(t('build.kept', { output: r.output }));
}

/** A zip's first four bytes: what every deck starts with. */
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

/** Whether `file` is a regular file holding a deck (a zip), as a previous build left it. */
function holdsDeck(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && head.equals(ZIP_MAGIC);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Why the deck cannot go to `output` at all, found before building: it is a
 * folder, a device, pipe or socket, or it is one of the files this build reads (the same file by path,
 * symbolic link or hard link), which the deck would destroy.
 */
async function outputProblem(data: string, output: string, templatesDir: string): Promise<Diagnostic | undefined> {
  let target: BigIntStats;
  try {
    target = await stat(output, { bigint: true });
  } catch {
    return undefined; // nothing there (or a dangling link): nothing to destroy
  }
  if (target.isDirectory()) {
    return error('write-failed', t('write.is-folder', { file: output }), { location: { file: output, line: 0, col: 0 }, hint: t('write.is-folder.hint') });
  }
  // Renaming over /dev/null (or a FIFO, a socket) would replace it for everyone: refused, nothing written.
  if (!target.isFile()) {
    return error('write-failed', t('write.not-regular', { file: output }), { location: { file: output, line: 0, col: 0 }, hint: t('write.not-regular.hint') });
  }
  const same = async (file: string): Promise<boolean> => {
    const info = await stat(file, { bigint: true }).catch(() => undefined);
    if (!info) return false;
    if (info.ino !== 0n || target.ino !== 0n) return info.dev === target.dev && info.ino === target.ino;
    return (await realpath(file).catch(() => file)) === (await realpath(output).catch(() => output));
  };
  const clash = (message: Text): Diagnostic => error('output-is-input', message, { hint: t('build.output-is-input.hint') });
  if (await same(data)) return clash(t('build.output-is-data', { output, input: data }));
  // A picture the build accepts is a PNG, JPEG or SVG, never a zip: over the last deck, no picture can be lost.
  if (!holdsDeck(output)) {
    for (const picture of await picturesOf(data)) {
      if (await same(picture)) return clash(t('build.output-is-picture', { output, input: picture }));
    }
  }
  // Looked at all at once (a theme folder holds dozens of files; one at a time, they cost a watch rebuild milliseconds).
  const templates = await templateFiles(templatesDir);
  const clashing = templates[(await Promise.all(templates.map(same))).indexOf(true)];
  return clashing === undefined ? undefined : clash(t('build.output-is-template', { output, input: clashing }));
}

/**
 * The pictures a report names (`meeting.logo`, each section's `picture.path`),
 * resolved against its folder as the build resolves them. A file that does not
 * read or parse names none: its build fails before writing anything.
 */
async function picturesOf(data: string): Promise<string[]> {
  const [{ readText }, { parse }] = await Promise.all([import('../load/read.js'), import('yaml')]);
  const text = await readText(data);
  if (text.value === undefined) return [];
  let report: unknown;
  try {
    report = parse(text.value, { uniqueKeys: false, maxAliasCount: 100, logLevel: 'silent' });
  } catch {
    return [];
  }
  const field = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);
  const sections = field(report, 'sections');
  const paths = [field(field(report, 'meeting'), 'logo'), ...(Array.isArray(sections) ? sections.map((s) => field(field(s, 'picture'), 'path')) : [])];
  const folder = dirname(resolve(data));
  return paths.filter((p): p is string => typeof p === 'string' && p !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p)).map((p) => resolve(folder, p));
}

/**
 * Every file a build may read from the templates folder, whichever theme and
 * locale the report asks for: each theme's theme.yaml and outline.yaml, its
 * layouts, partials and masters, and the locales.
 */
async function templateFiles(templatesDir: string): Promise<string[]> {
  const list = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => !e.isDirectory()).map((e) => join(dir, e.name));
  const themes = (await readdir(templatesDir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => join(templatesDir, e.name));
  const perTheme = await Promise.all(
    themes.map(async (theme) => [
      join(theme, 'theme.yaml'),
      join(theme, 'outline.yaml'),
      ...(await list(join(theme, 'layouts'))),
      ...(await list(join(theme, 'partials'))),
      ...(await list(join(theme, 'masters'))),
    ]),
  );
  return [...(await list(join(templatesDir, 'locales'))), ...perTheme.flat()];
}

function deckJson(r: DeckResult, output: Output): { data: string; output: string; ok: boolean; exitCode: number; slides: number; ms: number; diagnostics: DiagnosticJson[] } {
  return {
    data: r.data,
    output: r.output,
    ok: r.exitCode === ExitCode.ok,
    exitCode: r.exitCode,
    slides: r.slides,
    ms: Math.round(r.ms),
    diagnostics: r.diagnostics.map((d) => output.diagnosticJson(d)),
  };
}

/** Where each deck goes: -o for one file, else <out-dir or out>/<data-name>.pptx; two files may not share one. */
function outputPaths(files: readonly string[], flags: BuildFlags, output: Output): string[] | undefined {
  if (flags.output !== undefined && files.length > 1) {
    output.usageError(t('usage.output-with-many', { count: files.length }), t('usage.output-with-many.hint'));
    return undefined;
  }
  if (flags.output !== undefined && flags.outDir !== undefined) {
    output.usageError(t('usage.output-and-out-dir'));
    return undefined;
  }
  const paths = files.map((f) => flags.output ?? join(flags.outDir ?? 'out', `${basename(f, extname(f))}.pptx`));
  const seen = new Map<string, string>();
  for (const [i, path] of paths.entries()) {
    const other = seen.get(resolve(path));
    const data = files[i] ?? '';
    if (other !== undefined) {
      output.usageError(t('usage.same-output', { first: other, second: data, output: path }), t('usage.same-output.hint'));
      return undefined;
    }
    seen.set(resolve(path), data);
  }
  return paths;
}
