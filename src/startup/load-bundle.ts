/**
 * Start-up from one file, compiled once. A fresh `briefdeck build` used to
 * spend about 0,3 s before its first slide resolving, reading and compiling
 * some 230 modules; Node 20 has no compile cache for ES modules
 * (`module.enableCompileCache` is Node 22). So `npm run build` also writes
 * them as one CommonJS bundle, dist/briefdeck.cjs, with V8's code for it
 * after a training build, dist/briefdeck.cache (startup/bundle.ts), and
 * bin.ts runs the bundle through `vm.Script` with that cache: the same
 * code, compiled by V8 at build time instead of on every start.
 *
 * V8 refuses a cache made by another Node, with other flags or for another
 * bundle (`cachedDataRejected`): the bundle then compiles as it runs, only
 * slower. Without a bundle, or with one older than the modules (`tsc` run
 * again without `npm run build`), bin.ts imports the modules as before.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

// Through require, not import: see bin.ts (an ES import of node:fs loads its stream classes).
const { readFileSync, statSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');

export type BundleExports = typeof import('./entry.js');

export const BUNDLE_FILE = fileURLToPath(new URL('../briefdeck.cjs', import.meta.url));
/** The executable (startup/bundle.ts makes it from bin.js). */
export const BIN_FILE = fileURLToPath(new URL('../bin.cjs', import.meta.url));
export const CACHE_FILE = fileURLToPath(new URL('../briefdeck.cache', import.meta.url));

export interface LoadedBundle {
  exports: BundleExports;
  /** The compiled script: bundle.ts asks it for its code cache after a training build. */
  script: Script;
  /** True when V8 took the cache. */
  cached: boolean;
}

/** The Node flags on the first line of the executable (`#!/usr/bin/env -S NAME=value node --flag…`): the ones V8's cache must be made with. */
export function shebangFlags(bin = BIN_FILE): string[] {
  return words(/^#!.*\bnode((?:\s+--\S+)*)\s*$/.exec(shebang(bin))?.[1]);
}

/** The variables the executable's first line sets for Node (`env -S NAME=value node …`): what the bench and the tests run it with too. */
export function shebangEnv(bin = BIN_FILE): Record<string, string> {
  const assignments = words(/^#!\S*env\s+-S((?:\s+[A-Za-z_]\w*=\S*)*)\s+node\b/.exec(shebang(bin))?.[1]);
  return Object.fromEntries(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
}

const shebang = (bin: string): string => readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
const words = (text: string | undefined): string[] => (text ?? '').trim().split(/\s+/).filter(Boolean);

/**
 * Whether the bundle in `dist` was made from the modules beside it: not
 * older than cli.js, which tsc writes again on every run. (npm pack gives
 * every file the same time, which counts as current.)
 */
export function bundleIsCurrent(dist: string, bundle = 'briefdeck.cjs'): boolean {
  try {
    return statSync(join(dist, bundle)).mtimeMs >= statSync(join(dist, 'cli.js')).mtimeMs;
  } catch {
    return false;
  }
}

/** The bundle, run; undefined when there is none or it is older than the modules. */
export function loadBundle({ useCache = true } = {}): LoadedBundle | undefined {
  if (!bundleIsCurrent(dirname(BUNDLE_FILE))) return undefined;
  let source: string;
  try {
    source = readFileSync(BUNDLE_FILE, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(CACHE_FILE);
    } catch {
      cachedData = undefined; // no cache yet: compiled as it runs
    }
  }
  // The wrapper Node itself puts around a CommonJS file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: BUNDLE_FILE, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as BundleExports };
  const body = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  body(module.exports, createRequire(BUNDLE_FILE), module, BUNDLE_FILE, dirname(BUNDLE_FILE));
  return { exports: module.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected };
}
