/**
 * `briefdeck build <data...>`: one deck per data file. With several files (a
 * deck per province), each is built and reported on its own, one bad file
 * does not stop the others, and the exit code is the worst of them.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandContext } from '../cli/context.js';
import { seconds, type DiagnosticJson, type Output } from '../cli/output.js';
import { ExitCode, exitCodeFor, type Diagnostic } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import type { DeckBuilder } from '../index.js';

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
      cx.exit(await buildAll(data, flags, cx.output(flags), cx.terminal.env));
    });
}

/** The options that choose how a deck is built, the same for build, watch and preview. */
export function addDeckOptions(command: Command, cx: CommandContext): Command {
  return command
    .option('--templates <dir>', cx.say(t('build.templates')))
    .option('--theme <name>', cx.say(t('build.theme')))
    .option('--allow-outside', cx.say(t('build.allow-outside')));
}

async function buildAll(files: readonly string[], flags: BuildFlags, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const documentDate = sourceDateEpoch(env.SOURCE_DATE_EPOCH);
  if (documentDate === 'invalid') {
    output.usageError(t('usage.source-date-epoch', { value: env.SOURCE_DATE_EPOCH ?? '' }));
    return ExitCode.usage;
  }
  const targets = outputPaths(files, flags, output);
  if (!targets) return ExitCode.usage;

  const { DeckBuilder } = await import('../index.js');
  const builder = new DeckBuilder();
  const batch = files.length > 1;
  const results: DeckResult[] = [];
  for (const [i, data] of files.entries()) {
    if (batch) output.progress(t('build.batch-progress', { index: i + 1, total: files.length, data }));
    const result = await buildOne(builder, data, targets[i] ?? '', flags, documentDate);
    results.push(result);
    reportDeck(result, output, batch);
  }
  const worst = Math.max(...results.map((r) => r.exitCode));
  if (batch) {
    const failed = results.filter((r) => r.exitCode !== ExitCode.ok).length;
    output.result(t('build.batch-summary', { built: files.length - failed, total: files.length, failed }), failed > 0 ? 'error' : 'ok');
  }
  if (output.options.json) output.json({ ok: worst === ExitCode.ok, exitCode: worst, decks: results.map((r) => deckJson(r, output)) });
  return worst;
}

/** Builds one deck and writes it (to a temporary file, then renamed); a failed build leaves the previous deck. */
export async function buildOne(
  builder: DeckBuilder,
  data: string,
  output: string,
  flags: Pick<BuildFlags, 'templates' | 'theme' | 'allowOutside'>,
  documentDate?: Date,
): Promise<DeckResult> {
  const started = performance.now();
  const result = await builder.build({
    data,
    ...(flags.templates ? { templates: resolve(flags.templates) } : {}),
    ...(flags.theme ? { theme: flags.theme } : {}),
    ...(documentDate ? { documentDate } : {}),
    allowOutside: flags.allowOutside === true,
  });
  const done = (diagnostics: Diagnostic[], slides = 0): DeckResult => ({
    data,
    output,
    exitCode: exitCodeFor(diagnostics),
    slides,
    ms: performance.now() - started,
    diagnostics,
  });
  if (!result.pptx) return done(result.diagnostics);
  const { writeAtomic } = await import('../write/atomic.js');
  const written = await writeAtomic(output, result.pptx);
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
  // The staff's reassurance the night before: the deck they already have is still there.
  if (existsSync(r.output)) output.notice(t('build.kept', { output: r.output }));
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

/** The reproducible-builds convention: a fixed document date, in seconds since 1970. */
export function sourceDateEpoch(value: string | undefined): Date | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) return 'invalid';
  return new Date(Number(value) * 1000);
}
