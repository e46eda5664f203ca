/**
 * Build step (`npm run build`, after tsc): the modules in dist/ as one
 * CommonJS file, and V8's code cache for it (see load-bundle.ts); and the
 * executable, dist/bin.cjs (see `buildExecutable`).
 *
 *   node dist/startup/bundle.js
 *
 * V8 takes a cache only under the flags it was made with, so the training
 * runs under the flags of bin.js's first line: this script starts itself
 * again with them when it was not.
 *
 * - Each module keeps its own `import.meta.url` (its file in dist/), so the
 *   paths it finds from it (templates, metric tables, package.json) are the
 *   ones it finds unbundled.
 * - Left out, loaded from node_modules when used: `yaml` (loaded on demand,
 *   load/yaml-lib.ts), and the native, large or build-time packages
 *   (@resvg/resvg-js, @e965/xlsx, fontkit, esbuild).
 * - pptxgenjs is bundled, its CommonJS build as `require` loads it, with its
 *   defects mended (see `pptxgenjsMended`), and PartsZip in place of JSZip
 *   (`pptxgenjsKeepsParts`); commander loads child_process only when it
 *   spawns (`commanderMended`); Handlebars sets up a template's helpers once,
 *   not at every call (`handlebarsMended`).
 * - zod is imported as a namespace (`import * as z from 'zod'`), as zod's
 *   docs advise for bundlers: `import { z }` takes the object that holds all
 *   of zod, so esbuild kept every language of its messages and its JIT
 *   compiler (briefdeck parses jitless): 460 KB of the bundle's 1,95 MB, and
 *   a conference build 0,61 -> 0,58 s (median of 12 interleaved runs).
 * - `import()` becomes a lazy `require`: vm.Script cannot import in Node 20,
 *   and a module loaded on demand still runs only on demand.
 * - The cache is taken after a training build of the conference deck, so it
 *   holds the functions a build compiles lazily, not only the top level.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { precompiledSource } from '../render/precompiled-source.js';
import { shippedWordsSource } from '../templates/shipped-words-source.js';
import { BIN_FILE, BUNDLE_FILE, CACHE_FILE, loadBundle, shebangFlags } from './load-bundle.js';
import { HANDLEBARS_MENDS } from './handlebars-mends.js';
import { PPTXGENJS_MENDS } from './pptxgenjs-mends.js';

const DIST = fileURLToPath(new URL('..', import.meta.url));
/** What tsc wrote of the executable: bin.cjs is made from it, with the same first line. */
const BIN_MODULE = join(DIST, 'bin.js');
/** Defines what `import.meta.url` becomes in a CommonJS file (see `ownFileUrl`). */
const FILE_URL = "var __fileUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;";
const TRAINING_DATA = fileURLToPath(new URL('../../data/bo-tttt-so-ket-6-thang-2020.yaml', import.meta.url));
const EXTERNAL = ['yaml', '@resvg/resvg-js', '@e965/xlsx', 'fontkit', 'esbuild'];

const pptxgenjsMended: Plugin = {
  name: 'pptxgenjs-mended',
  setup(b) {
    const main = createRequire(import.meta.url).resolve('pptxgenjs');
    b.onResolve({ filter: /^pptxgenjs$/ }, () => ({ path: main }));
    b.onLoad({ filter: /pptxgen\.cjs\.js$/ }, (args) =>
      mended(
        args.path,
        PPTXGENJS_MENDS,
        'pptxgenjsMended',
      ),
    );
  },
};

/**
 * pptxgenjs requires `jszip` only to hold the parts until they are zipped,
 * and briefdeck takes the parts before that (pptx/capture.ts): the bundle's
 * pptxgenjs gets PartsZip (pptx/parts-zip.ts), which keeps them as they
 * come, and pptx/jszip-replaced.ts says so to capture.ts. JSZip is then
 * never loaded: 66 modules, 37-63 ms of a fresh process (5 runs).
 */
const PARTS_ZIP = join(DIST, 'pptx', 'parts-zip.js');
const pptxgenjsKeepsParts: Plugin = {
  name: 'pptxgenjs-keeps-parts',
  setup(b) {
    b.onResolve({ filter: /^jszip$/ }, (args) =>
      /pptxgen\.cjs\.js$/.test(args.importer) ? { path: 'jszip', namespace: 'parts-zip' } : { path: 'jszip', external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'parts-zip' }, () => ({ contents: `module.exports = require(${JSON.stringify(PARTS_ZIP)}).PartsZip;`, loader: 'js', resolveDir: DIST }));
  },
};

/**
 * commander 14 requires `node:child_process` as it loads, for executable
 * subcommands (`git`-style), which briefdeck has none of; loading it (with
 * net, dgram and their streams) took 5,7 ms of each start (median of 5
 * fresh processes). The bundle's commander loads it when it spawns one.
 */
const EAGER_CHILD_PROCESS = "const childProcess = require('node:child_process');\n";
const LAZY_CHILD_PROCESS = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };\n";
const commanderMended: Plugin = {
  name: 'commander-mended',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => mended(args.path, [[EAGER_CHILD_PROCESS, LAZY_CHILD_PROCESS]], 'commanderMended'));
  },
};

/** Handlebars sets up the helpers of a template once, not at every call (see handlebars-mends.ts). */
const handlebarsMended: Plugin = {
  name: 'handlebars-mended',
  setup(b) {
    b.onLoad({ filter: /[\\/]handlebars[\\/]dist[\\/]cjs[\\/]handlebars[\\/]runtime\.js$/ }, (args) =>
      mended(args.path, HANDLEBARS_MENDS, 'handlebarsMended'),
    );
  },
};

/** `path`'s text with each `from`, which must be there exactly once, replaced by its `to`: a package that changed is reviewed, not mended blindly. */
function mended(path: string, mends: readonly (readonly [from: string, to: string])[], mend: string): { contents: string; loader: 'js' } {
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of mends) {
    if (text.split(from).length !== 2) throw new Error(`${path}: ${JSON.stringify(from)} is not there once: review ${mend} (startup/bundle.ts) for this version`);
    text = text.split(from).join(to); // not replace(): a "$" in `to` would be a pattern there
  }
  return { contents: text, loader: 'js' };
}

/**
 * Modules empty in dist/ that the bundle holds filled, with what the build
 * finds of the shipped templates: the sets compiled ahead of time
 * (render/precompiled.ts), so the code cache holds them too, and the words
 * each template uses (templates/shipped-words.ts); and that its pptxgenjs
 * keeps parts in PartsZip (pptx/jszip-replaced.ts).
 */
const FILLED: Record<string, () => Promise<string>> = {
  [join(DIST, 'render', 'precompiled.js')]: precompiledSource,
  [join(DIST, 'templates', 'shipped-words.js')]: shippedWordsSource,
  [join(DIST, 'pptx', 'jszip-replaced.js')]: () => Promise.resolve('export const JSZIP_REPLACED = true;\n'),
};
const shippedTemplatesAhead: Plugin = {
  name: 'shipped-templates-ahead',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const fill = FILLED[args.path];
      return fill ? { contents: await fill(), loader: 'js' } : undefined;
    });
  },
};

/** `import.meta.url` of each module in dist/: its own file's URL, from where the bundle lies. */
const ownFileUrl: Plugin = {
  name: 'own-file-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const inDist = !relative(DIST, args.path).startsWith('..');
      if (!inDist || !text.includes('import.meta.url')) return undefined;
      const rel = relative(DIST, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `__fileUrl(${JSON.stringify(rel)})`), loader: 'js' };
    });
  },
};

/** The modules the executable holds itself; it imports every other one as the modules do, when it needs it. */
const EXECUTABLE_HOLDS = new Set(['bin.js', 'i18n/lang.js', 'startup/load-bundle.js']);

/**
 * dist/bin.cjs: bin.js with the few modules it needs before the bundle
 * (the language, the bundle's loader) as one CommonJS file. An ES module
 * entry starts Node's ES module loader, about 16 ms of every run, `--help`
 * included (the median of 30 runs of an empty .mjs against an empty .cjs).
 * What it imports on demand (the modules when there is no bundle, the
 * messages of a crash) it still imports from dist/.
 */
async function buildExecutable(): Promise<void> {
  const importsTheRest: Plugin = {
    name: 'imports-the-rest',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = relative(DIST, join(args.resolveDir, args.path)).split('\\').join('/');
        return EXECUTABLE_HOLDS.has(target) ? undefined : { path: `./${target}`, external: true };
      });
    },
  };
  await build({
    entryPoints: [BIN_MODULE],
    outfile: BIN_FILE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: FILE_URL },
    plugins: [importsTheRest, ownFileUrl],
    logLevel: 'warning',
  });
  chmodSync(BIN_FILE, 0o755);
}

async function main(): Promise<void> {
  await buildExecutable();
  await build({
    entryPoints: [join(DIST, 'startup', 'entry.js')],
    outfile: BUNDLE_FILE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    supported: { 'dynamic-import': false },
    banner: { js: FILE_URL },
    plugins: [pptxgenjsMended, pptxgenjsKeepsParts, commanderMended, handlebarsMended, shippedTemplatesAhead, ownFileUrl],
    // Without comments and indentation, and ASCII only (esbuild escapes strings; the source's regular
    // expressions are written with escapes): 1,5 MB instead of 2,1 MB, read as a one-byte string.
    minifyWhitespace: true,
    logLevel: 'warning',
  });
  rmSync(CACHE_FILE, { force: true });
  const loaded = loadBundle({ useCache: false });
  if (!loaded) throw new Error(`no bundle at ${BUNDLE_FILE}`);
  if (existsSync(TRAINING_DATA)) {
    const result = await loaded.exports.buildDeck({ data: TRAINING_DATA });
    if (!result.pptx) throw new Error(`the training build of ${TRAINING_DATA} failed: ${result.diagnostics.map((d) => d.code).join(', ')}`);
  }
  writeFileSync(CACHE_FILE, loaded.script.createCachedData());
}

const flags = shebangFlags(BIN_MODULE);
if (flags.join(' ') !== process.execArgv.join(' ')) {
  const again = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
await main();
// The training build may leave the deflate thread's handle about; the step is done.
process.exit(0);
