/**
 * `briefdeck watch <data>`: builds, then rebuilds whenever the data file, a
 * picture or workbook next to it, or a template (layout, outline, theme,
 * locale) changes.
 * One DeckBuilder lives for the whole session, so a data edit reuses the
 * parsed and compiled templates and the decoded fonts; a template edit drops
 * only the templates. A broken edit prints its located errors and the last
 * good deck stays where it is. Ctrl-C stops it cleanly (exit 0).
 *
 * Each rebuild is isolated: whatever a save holds, and even a bug in
 * briefdeck, ends that rebuild only. A problem in the data is printed with its
 * location; an internal error is one line (its stack with --debug), the
 * templates are read afresh next time, and the next save is built.
 */
import type { Command } from 'commander';
import { watch as watchFs, type FSWatcher } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { collectYoungGarbage } from '../cli/idle-gc.js';
import type { Output } from '../cli/output.js';
import { ExitCode } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import { escapeControls } from '../cli/output.js';
import { sourceDateEpoch } from '../validate/dates.js';
import { addDeckOptions, buildOne, deckOptions, type BuildFlags, type DeckResult } from './build.js';
import { now } from '../timing.js';
import { practise, rebuildQueue } from './rebuild-queue.js';

type WatchFlags = Omit<BuildFlags, 'outDir'>;

/**
 * Builds made in memory, written nowhere and reported to no one, right after
 * the first build, while the user reads it: the code a rebuild runs is then
 * compiled and optimised before the first save, not during the first dozen
 * rebuilds (which took 40 ms where later ones took 25). Conference deck, 10
 * rebuilds after one figure changed, 6 interleaved runs: the runs' medians
 * 38-44 → 28-37 ms. A save during one waits for it (30-40 ms, not counted in
 * the rebuild's time) and ends them. Only for a deck a rebuild is interactive
 * for (the render memo's limit).
 */
const PRACTICE_BUILDS = 8;
const PRACTICE_MAX_SLIDES = 300;

const PICTURE = /\.(?:png|jpe?g|svg)$/i;
/** A workbook or CSV a report may bind values to. */
const WORKBOOK = /\.(?:xlsx|xlsm|csv)$/i;
/** The lock files Excel (~$name.xlsx) and LibreOffice (.~lock.name#) keep beside an open workbook: not a save. */
const LOCK_FILE = /^(?:~\$|\.~lock\.)/;

export function watch(program: Command, cx: CommandContext): void {
  const command = program
    .command('watch')
    .description(cx.say(t('watch.description')))
    .argument('<data>', cx.say(t('watch.data')))
    .option('-o, --output <file>', cx.say(t('build.output')));
  addDeckOptions(command, cx)
    .option('--json', cx.say(t('watch.json')))
    .action(async (data: string, flags: WatchFlags) => {
      cx.exit(await watchData(data, flags, cx));
    });
}

async function watchData(data: string, flags: WatchFlags, cx: CommandContext): Promise<number> {
  const output = cx.output();
  const json = flags.json === true;
  const documentDate = sourceDateEpoch(cx.terminal.env.SOURCE_DATE_EPOCH);
  if (documentDate === 'invalid') {
    output.usageError(t('usage.source-date-epoch', { value: cx.terminal.env.SOURCE_DATE_EPOCH ?? '' }), t('usage.source-date-epoch.hint'));
    return ExitCode.usage;
  }
  const { DeckBuilder, DEFAULT_TEMPLATES } = await import('../index.js');
  const builder = new DeckBuilder();
  const target = flags.output ?? join('out', `${basename(data, extname(data))}.pptx`);
  const templatesDir = resolve(flags.templates ?? DEFAULT_TEMPLATES);
  const dataFile = resolve(data);
  const dataDir = dirname(dataFile);

  // bin.ts takes --debug out of the arguments; it is still in the process's.
  const debug = process.argv.includes('--debug');
  const rebuild = async (changed: readonly string[]): Promise<DeckResult | undefined> => {
    const started = now();
    let result: DeckResult | undefined;
    try {
      result = await buildOne(builder, data, target, flags, documentDate);
      if (json) output.jsonLine(buildEvent(result, changed, output));
      else reportRebuild(result, changed, output);
    } catch (e) {
      // A bug, not the save: this rebuild ends here, the deck is left as it was, and watching goes on.
      builder.forgetTemplates();
      reportCrash(e, { changed, target, ms: now() - started, json, debug }, output, cx);
    }
    // Reported: the rebuild's garbage is collected now, while the user looks, not in the middle of the next rebuild.
    setImmediate(collectYoungGarbage);
    return result;
  };
  const queue = rebuildQueue(async (changes) => {
    if ([...changes].some((f) => f.startsWith(templatesDir))) builder.forgetTemplates();
    await rebuild([...changes].map((f) => (f === dataFile ? data : shown(f))));
  });

  const first = await rebuild([]);
  const watchers: FSWatcher[] = [];
  const watchFolder = (dir: string, recursive: boolean, relevant: (file: string) => boolean): void => {
    try {
      const watcher = watchFs(dir, { recursive }, (_event, name) => {
        const file = name ? join(dir, name.toString()) : dir;
        if (relevant(file)) queue.add(file);
      });
      watcher.on('error', () => undefined); // a folder removed while watched: nothing left to watch there
      watchers.push(watcher);
    } catch {
      output.notice(t('watch.cannot-watch', { folder: dir }));
    }
  };
  const outputFile = resolve(target);
  // A workbook saved by rename (Excel, LibreOffice: a temporary file renamed over it) is seen by its own name.
  const beside = (file: string): boolean => file !== outputFile && !LOCK_FILE.test(basename(file)) && (PICTURE.test(file) || WORKBOOK.test(file));
  watchFolder(dataDir, false, (file) => file === dataFile || beside(file));
  watchFolder(templatesDir, true, (file) => /\.(?:hbs|ya?ml)$/i.test(file));
  if (!json) output.note(t('watch.started', { data, templates: shown(templatesDir) }));

  let stopping = false;
  if (first?.exitCode === ExitCode.ok && first.slides <= PRACTICE_MAX_SLIDES) {
    let crashed = false;
    const inMemory = async (): Promise<void> => {
      try {
        await builder.build(deckOptions(data, flags, documentDate));
      } catch {
        // A bug met in practice is met again, and said, by the next save's rebuild; this one only stops practising.
        crashed = true;
        builder.forgetTemplates();
      }
      collectYoungGarbage();
    };
    void practise(queue, inMemory, PRACTICE_BUILDS, () => stopping || crashed);
  }

  await new Promise<void>((stop) => {
    const unlisten = cx.terminal.onInterrupt(() => {
      unlisten();
      stop();
    });
  });
  stopping = true;
  for (const watcher of watchers) watcher.close();
  await queue.idle();
  if (json) output.jsonLine({ event: 'stopped' });
  else output.note(t('watch.stopped'));
  return ExitCode.ok;
}

/** A path as short as it can be said: relative to the working folder when inside it. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

function reportRebuild(r: DeckResult, changed: readonly string[], output: Output): void {
  if (changed.length > 0) output.note(t('watch.changed', { files: changed.join(', ') }));
  output.diagnostics(r.diagnostics);
  const ms = Math.round(r.ms);
  if (r.exitCode === ExitCode.ok) output.note(t('watch.built', { output: r.output, slides: r.slides, ms }));
  else {
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    output.note(t('watch.failed', { errors, output: r.output }));
  }
}

/**
 * An internal error in one rebuild: one line on stderr (and its stack with
 * --debug), then the usual status line; with --json, a build event with
 * `exitCode` 70 and the error's message.
 */
function reportCrash(
  e: unknown,
  at: { changed: readonly string[]; target: string; ms: number; json: boolean; debug: boolean },
  output: Output,
  cx: CommandContext,
): void {
  const detail = escapeControls(e instanceof Error ? e.message : String(e));
  const stack = at.debug && e instanceof Error && e.stack ? e.stack : undefined;
  try {
    if (at.json) {
      output.jsonLine({
        event: 'build',
        ok: false,
        exitCode: INTERNAL_ERROR,
        ms: Math.round(at.ms),
        output: at.target,
        slides: 0,
        changed: at.changed,
        diagnostics: [],
        internalError: { message: detail, ...(stack ? { stack } : {}) },
      });
      return;
    }
    if (at.changed.length > 0) output.note(t('watch.changed', { files: at.changed.join(', ') }));
    cx.terminal.err(`briefdeck: ${output.say(t('internal.error', { detail }))}`);
    if (stack) cx.terminal.err(stack);
    output.note(t('watch.crashed', { output: at.target }));
  } catch {
    // Nothing more can be said: the next save is still built.
  }
}

/** The exit code of an internal error (README, "Exit codes"), as `watch --json` reports a build that met one. */
const INTERNAL_ERROR = 70;

/** One line of `watch --json`: a build and what it found. */
function buildEvent(r: DeckResult, changed: readonly string[], output: Output): Record<string, unknown> {
  return {
    event: 'build',
    ok: r.exitCode === ExitCode.ok,
    exitCode: r.exitCode,
    ms: Math.round(r.ms),
    output: r.output,
    slides: r.slides,
    changed,
    diagnostics: r.diagnostics.map((d) => output.diagnosticJson(d)),
  };
}
