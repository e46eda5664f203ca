#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=32 --heap-growing-percent=50 --no-allocation-site-pretenuring --no-turbo-inlining
/*
 * --max-semi-space-size=32: a build allocates many short-lived objects (XML
 * of every slide, measured words), and Node's default young generation makes
 * it collect them hundreds of times; at 3.000 slides 252 scavenges took
 * 2,2 s, with 64 MB semi-spaces 114 took 1,3 s, and peak memory was lower.
 * Once the YAML was read without positions (load/yaml-fast.ts), 64 MB made
 * 3.000-slide builds swing between 5,6 and 7,1 s and 530 and 660 MB; 32 MB
 * gave 5,4-5,6 s and 490 MB in 4 runs of each.
 * --heap-growing-percent=50: after a full collection V8 lets the old
 * generation grow up to 4 times what was live before the next one, and
 * at 3.000 slides it sometimes did: the parts of the deck, promoted and
 * then let go, piled up to 360-420 MB (the "slow mode" of the README). With
 * 1,5 times, 6 interleaved CLI pairs at 3.000 slides: 321-342 MB against
 * 388-532 MB, in the same time (median 5,27 against 5,44 s); at 10.000
 * slides 819-891 MB against 1.025-1.073 MB, 2 pairs.
 * --no-allocation-site-pretenuring: V8 allocates straight into the old
 * generation what an allocation site (an object or array literal) made
 * that mostly outlived a collection. Part trees are short-lived, but a fix
 * that held many at once (relsMentioning did, fixes/package.ts) made 5 of
 * 20 3.000-slide builds promote 300 instead of 180 MB (in another 7, the
 * slow ones had 40 more sites pretenured: --trace-pretenuring-statistics);
 * 0 of 20 once it held one tree at a time. At 10.000 slides it still
 * happened (1 build of 3: 1.241 against 605-609 MB promoted), and not with
 * this flag (2 of 2: 634-637 MB, 11,8-12,4 against 13,5-15,4 s). The
 * conference deck is the same (medians 0,505 and 0,52 s, 12 runs each).
 * --no-turbo-inlining: V8's optimising compiler runs on the second core,
 * where the deflating thread works, and at 3.000 slides it compiled for
 * about 2 s of a 3,5 s build (per-thread CPU from /proc; with
 * --no-concurrent-recompilation the build's own thread took that 1,4 s
 * longer). Without inlining it compiles far less, and the code is as fast:
 * 3.000 slides, 4 interleaved triples, 3,41-3,49 s (user 4,9-5,1 s)
 * against 3,11-3,14 s (4,2 s); the conference deck, 8 interleaved runs,
 * 0,44-0,48 against 0,41-0,44 s; 10.000 slides and watch's rebuilds the
 * same. --max-inlined-bytecode-size-cumulative=200 or 460, a higher or
 * lower --interrupt-budget, --maglev, --no-use-osr and a smaller
 * --max-optimized-bytecode-size gave no more.
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1: glibc's malloc, which holds the
 * bytes of every Buffer (parts on their way to the deflating thread, their
 * bodies, the zip's chunks), asks Linux for transparent huge pages
 * (madvise) where the system offers them that way. Each first touch of a
 * 4 KB page is a fault, and faults are dear on some machines: on this
 * project's (a virtual machine), about 11 µs each, so filling 16 MB of
 * fresh memory took 46 ms and filling it again 0,7 ms; a 3.000-slide
 * build took 76.000 of them, 0,8 s of system time. With huge pages it
 * takes 62.000: 5 interleaved CLI pairs, 2,99-3,13 s with them against
 * 3,14-3,23 s without, peak memory 301-337 against 320-330 MB. glibc before 2.35 ignores the
 * tunable, and so does any other C library; it replaces a GLIBC_TUNABLES
 * of the caller's for this process and what it starts (LibreOffice, for
 * `preview`, which takes it as harmlessly).
 * None of these can be set once Node runs
 * (v8.setFlagsFromString has no effect on them), so they are on the
 * command line: here, in `npm start` (a test holds it to this line's
 * flags; it leaves the tunable out: npm runs scripts through cmd.exe on
 * Windows, which cannot set a variable before a command),
 * and wherever the bench and the code cache (startup/bundle.ts) read them
 * from this line.
 */
/** The executable: the only place that sets the process exit code. */
import { createRequire } from 'node:module';
import { chooseLang, langFlag, withoutLangFlag, type Lang } from './i18n/lang.js';

// node:fs through require, not import: an ES import of it makes Node build its module namespace, which
// reads every export, and its lazy stream classes cost 15 ms to load (seen in a CPU profile of a build).
const { readFileSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');

// `briefdeck diff a b | head`: a reader that stops reading is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const debug = process.argv.includes('--debug');
const argv = process.argv.slice(2).filter((a) => a !== '--debug');
const lang = chooseLang(langFlag(argv), process.env);

if (!printPrebuilt(argv, lang)) void main();

/** The command, run; no top-level await, so that the build can make this file CommonJS (startup/bundle.ts). */
async function main(): Promise<void> {
  try {
    // One precompiled file when the build made it (startup/load-bundle.ts), else the modules; imported here, so --help never loads it.
    // Every report: the bundle was once kept to small ones, for a collector slow mode that --heap-growing-percent ended.
    const { loadBundle } = await import('./startup/load-bundle.js');
    const { run } = loadBundle()?.exports ?? (await import('./cli.js'));
    process.exitCode = await run(argv);
    exitNow();
  } catch (e) {
    // A bug, not a user mistake: say so plainly; the stack only with --debug.
    const { say, t } = await import('./i18n/catalogue.js');
    const { escapeControls } = await import('./cli/output.js');
    const detail = escapeControls(e instanceof Error ? e.message : String(e));
    process.stderr.write(`briefdeck: ${say(t('internal.error', { detail }), lang)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write(`  ${say(t('diagnostic.hint'), lang)}: ${say(t('internal.hint'), lang)}\n`);
    process.exitCode = 70;
  }
}

/**
 * Ends the process once the command is done, without waiting for Node to
 * take the heap apart: left to end by itself, Node frees the environment
 * and disposes of the heap: from the 'exit' event to the parent seeing the
 * process end, 61-130 ms at 3.000 slides (12 runs) against 38-51 ms with
 * `process.exit` (4 runs; it still emits 'exit' and stops the deflating
 * thread), and 25-30 against 15-21 ms for the conference deck. Only when nothing
 * written to stdout or stderr is still pending, as on Windows pipes, which
 * `process.exit` would cut short.
 */
function exitNow(): void {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}

/**
 * `briefdeck --help` and `--version` without loading commander and the
 * catalogues: the help text is written at build time by help-text.ts (from
 * the same program), so starting up costs little more than starting node.
 */
function printPrebuilt(args: readonly string[], language: Lang): boolean {
  const rest = withoutLangFlag(args);
  if (rest.length !== 1 || (langFlag(args) !== undefined && langFlag(args) !== language)) return false;
  try {
    if (rest[0] === '--version' || rest[0] === '-V') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return true;
    }
    if (rest[0] === '--help' || rest[0] === '-h') {
      process.stdout.write(readFileSync(new URL(`./help.${language}.txt`, import.meta.url)));
      return true;
    }
  } catch {
    // No prebuilt text (a build without the help step): the full CLI answers.
  }
  return false;
}
