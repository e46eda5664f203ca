/**
 * The precompiled start-up (src/startup): `npm run build` writes the modules
 * as one bundle with V8's code cache, and bin.ts runs it. It must be the same
 * program: the deck it builds is byte for byte the one the modules build,
 * every module still finds its files from its own place, and V8 takes the
 * cache under the flags briefdeck runs with.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.js';
import { cli } from './helpers/cli.js';
import { bundleIsCurrent, shebangFlags } from '../src/startup/load-bundle.js';

const DIST = resolve(ROOT, 'dist');
const work = mkdtempSync(join(tmpdir(), 'briefdeck-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the bundled start-up', () => {
  it('is built by npm run build, with no import.meta left and no import() for vm.Script to refuse', () => {
    const bundle = readFileSync(join(DIST, 'briefdeck.cjs'), 'utf8');
    expect(readFileSync(join(DIST, 'briefdeck.cache')).length).toBeGreaterThan(100_000);
    expect(bundle).not.toMatch(/import\.meta/);
    // Code, not comments: a call `import(` after an operator, a bracket or the start of a statement.
    expect(bundle).not.toMatch(/(?:^|[=(,;:?!&|]|return|await)\s*import\(/m);
  });

  it('is ASCII only, so it is read as a one-byte string (a non-ASCII character in a regular expression would make it two-byte)', () => {
    const bundle = readFileSync(join(DIST, 'briefdeck.cjs'), 'utf8');
    const first = /[^\x00-\x7f]/.exec(bundle);
    expect(first && bundle.slice(Math.max(0, first.index - 60), first.index + 20)).toBeNull();
  });

  it("holds none of zod's other languages or its JIT compiler (zod imported as a namespace, `import * as z`)", () => {
    const bundle = readFileSync(join(DIST, 'briefdeck.cjs'), 'utf8');
    expect(bundle.includes('ZodCompileAsyncError'), 'zod/v4/core/compile.js is in the bundle').toBe(false);
    expect(bundle.includes('caract\\xE8res'), 'zod/v4/locales/fr.js is in the bundle (as esbuild escapes it)').toBe(false);
  });

  it('builds the same deck, byte for byte, as the modules do', async () => {
    for (const data of ['data/bo-tttt-so-ket-6-thang-2020.yaml', 'tests/fixtures/every-layout.yaml', 'tests/fixtures/pictures/report.yaml']) {
      const out = join(work, 'bundled.pptx');
      const r = cli(['build', data, '-o', out]);
      expect(r.status, r.stderr).toBe(0);
      const { buildDeck } = (await import(resolve(DIST, 'index.js'))) as typeof import('../src/index.js');
      const modules = await buildDeck({ data: resolve(ROOT, data) });
      expect(Buffer.compare(readFileSync(out), Buffer.from(modules.pptx!)), data).toBe(0);
    }
  });

  it("fixes a big deck's slides and notes as its pptxgenjs makes them, and builds the same deck as the modules (1.500 slides)", async () => {
    const { syntheticYaml } = (await import('../bench/synthetic.mjs')) as { syntheticYaml: (slides: number) => string };
    const data = join(work, 'big-1500.yaml');
    writeFileSync(data, syntheticYaml(1_500));
    const out = join(work, 'big-1500.pptx');
    const r = cli(['build', data, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const { buildDeck } = (await import(resolve(DIST, 'index.js'))) as typeof import('../src/index.js');
    const modules = await buildDeck({ data });
    expect(modules.slideCount).toBe(1_500);
    expect(Buffer.compare(readFileSync(out), Buffer.from(modules.pptx!))).toBe(0);
  });

  it('is left aside when tsc wrote the modules after it, so a stale bundle never runs', () => {
    const dist = mkdtempSync(join(work, 'dist-'));
    expect(bundleIsCurrent(dist)).toBe(false);
    writeFileSync(join(dist, 'cli.js'), '');
    writeFileSync(join(dist, 'briefdeck.cjs'), '');
    const at = (file: string, seconds: number): void => utimesSync(join(dist, file), seconds, seconds);
    at('cli.js', 1000);
    at('briefdeck.cjs', 2000);
    expect(bundleIsCurrent(dist)).toBe(true);
    at('briefdeck.cjs', 1000); // npm pack: every file at one time
    expect(bundleIsCurrent(dist)).toBe(true);
    at('cli.js', 3000);
    expect(bundleIsCurrent(dist)).toBe(false);
    expect(bundleIsCurrent(DIST)).toBe(true);
  });

  it('builds without loading https: the eager import pptxgenjs makes is taken out of the bundle, and is there in the modules', () => {
    const data = resolve(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml');
    const loaded = (from: string): string => {
      const probe = `${from}.then(async (m) => { await m.buildDeck({ data: ${JSON.stringify(data)} }); console.log(process.moduleLoadList.some((x) => /^NativeModule (?:https|tls)$/.test(x))); })`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.trim();
    };
    expect(loaded(`import('${resolve(DIST, 'startup', 'load-bundle.js')}').then((b) => b.loadBundle({ useCache: false }).exports)`)).toBe('false');
    expect(loaded(`import('${resolve(DIST, 'index.js')}')`)).toBe('true');
  });

  it('is run by npm start with the flags of the shebang, so that it takes its code cache there too', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(new RegExp(`^node ${shebangFlags(join(DIST, 'bin.cjs')).join(' ')} dist/bin\\.cjs `));
  });

  it('takes its code cache when run with the flags of the shebang', () => {
    const probe = `import('${resolve(DIST, 'startup', 'load-bundle.js')}').then((m) => console.log(m.loadBundle().cached))`;
    const flags = shebangFlags(join(DIST, 'bin.cjs'));
    expect(flags.length).toBeGreaterThan(0);
    const r = spawnSync(process.execPath, [...flags, '-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true');
  });
});
