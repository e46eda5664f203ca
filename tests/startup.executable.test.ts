/**
 * The executable, dist/bin.cjs (startup/bundle.ts makes it from bin.js): one
 * CommonJS file, so a run starts no ES module (Node's ES module loader cost
 * about 16 ms a run). It imports the modules beside it when there is no
 * bundle, and the messages when a command crashes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFERENCE, ROOT } from './helpers/build.js';
import { BIN } from './helpers/cli.js';
import { shebangEnv, shebangFlags } from '../src/startup/load-bundle.js';

const DIST = resolve(ROOT, 'dist');
const work = mkdtempSync(join(tmpdir(), 'briefdeck-executable-'));
const copies: string[] = [];
afterAll(() => {
  for (const dir of [work, ...copies]) rmSync(dir, { recursive: true, force: true });
});

/** Runs `bin` with the shebang's flags and a preload that prints, at exit, Node's modules it loaded and the CommonJS files it required. */
function run(bin: string, args: string[]) {
  const probe = join(work, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nloaded: ${JSON.stringify([...process.moduleLoadList, ...Object.keys(require.cache)])}\\n`));\n");
  const r = spawnSync(process.execPath, [...shebangFlags(bin), '-r', probe, bin, ...args], { encoding: 'utf8', cwd: ROOT });
  const loaded = JSON.parse(/\nloaded: (.*)\n$/.exec(r.stderr)?.[1] ?? '[]') as string[];
  const esm = String(loaded.includes('NativeModule internal/modules/esm/module_job'));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\nloaded: .*\n$/, ''), esm, loaded };
}

/** dist/ copied beside it, changed by `edit`. */
function distCopy(edit: (dir: string) => void): string {
  // Beside dist/, so that what the modules find from their own place (../templates, ../package.json, node_modules) is there.
  const dir = mkdtempSync(join(ROOT, '.dist-copy-'));
  copies.push(dir);
  cpSync(DIST, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('dist/bin.cjs', () => {
  it('is CommonJS, with the shebang of bin.js', () => {
    expect(BIN).toBe(join(DIST, 'bin.cjs'));
    const text = readFileSync(BIN, 'utf8');
    expect(text.split('\n', 1)[0]).toBe(readFileSync(join(DIST, 'bin.js'), 'utf8').split('\n', 1)[0]);
    expect(text).not.toMatch(/^\s*(?:import|export)\s/m);
  });

  it('answers --help and builds from the bundle without starting an ES module; bin.js starts one', () => {
    const help = run(BIN, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('briefdeck');
    expect(help.esm).toBe('false');
    const out = join(work, 'conference.pptx');
    const build = run(BIN, ['build', CONFERENCE, '-o', out]);
    expect(build.status, build.stderr).toBe(0);
    expect(build.esm).toBe('false');
    expect(run(join(DIST, 'bin.js'), ['--help']).esm).toBe('true'); // the probe can tell
  });

  it('builds without loading child_process or perf_hooks: commander and preview load child_process when they spawn', () => {
    const build = run(BIN, ['build', CONFERENCE, '-o', join(work, 'modules.pptx')]);
    expect(build.status, build.stderr).toBe(0);
    expect(build.loaded).toContain('NativeModule zlib'); // the probe sees Node's modules (net it loads for the piped stdio)
    expect(build.loaded.filter((m) => /^NativeModule (?:child_process|perf_hooks|dgram)$/.test(m))).toEqual([]);
  });

  it('builds without loading JSZip: the bundle gives its pptxgenjs PartsZip', () => {
    const build = run(BIN, ['build', CONFERENCE, '-o', join(work, 'parts.pptx')]);
    expect(build.status, build.stderr).toBe(0);
    expect(build.loaded).toContain(join(DIST, 'bin.cjs')); // the probe sees the files required
    expect(build.loaded.filter((m) => /[\\/]node_modules[\\/](?:jszip|pako)[\\/]/.test(m))).toEqual([]);
  });

  it('runs a report of any size from the bundle (one of 5 MB here), starting no ES module', () => {
    const big = join(work, 'big.yaml');
    writeFileSync(big, `${'# '.padEnd(1000, 'x')}\n`.repeat(5_000) + 'title: [\n');
    const r = run(BIN, ['build', big, '-o', join(work, 'big.pptx')]);
    expect(r.status, r.stderr).toBe(1); // the data's error, located
    expect(r.stderr).toContain('big.yaml:5001:8');
    expect(r.esm).toBe('false');
  });

  it('without a bundle, imports the modules beside it and builds the same deck', () => {
    const dir = distCopy((d) => rmSync(join(d, 'briefdeck.cjs')));
    const [withBundle, without] = [join(work, 'with.pptx'), join(work, 'without.pptx')];
    expect(run(BIN, ['build', CONFERENCE, '-o', withBundle]).status).toBe(0);
    const r = run(join(dir, 'bin.cjs'), ['build', CONFERENCE, '-o', without]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.esm).toBe('true');
    expect(Buffer.compare(readFileSync(without), readFileSync(withBundle))).toBe(0);
  });

  it('says a crash in plain words, exit 70, the stack only with --debug', () => {
    const dir = distCopy((d) => {
      rmSync(join(d, 'briefdeck.cjs'));
      writeFileSync(join(d, 'cli.js'), "export async function run() { throw new Error('a bug in the command'); }\n");
    });
    const plain = run(join(dir, 'bin.cjs'), ['build', CONFERENCE]);
    expect(plain.status).toBe(70);
    expect(plain.stderr).toMatch(/^briefdeck: .*a bug in the command/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = run(join(dir, 'bin.cjs'), ['--debug', 'build', CONFERENCE]);
    expect(debug.status).toBe(70);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('gives Node, when run as a program, the variables and flags its shebang names, as the bench and these tests read them', () => {
    // A script with the executable's first line, run directly (the kernel and env read the line, not Node).
    const script = join(work, 'shebang-probe');
    const first = readFileSync(BIN, 'utf8').split('\n', 1)[0];
    writeFileSync(script, `${first}\nconsole.log(JSON.stringify({ tunables: process.env.GLIBC_TUNABLES ?? null, flags: process.execArgv }));\n`);
    chmodSync(script, 0o755);
    const r = spawnSync(script, [], { encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: '' } });
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout) as { tunables: string | null; flags: string[] };
    expect(shebangEnv(BIN)).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(seen.tunables).toBe(shebangEnv(BIN).GLIBC_TUNABLES);
    expect(seen.flags).toEqual(shebangFlags(BIN));
    expect(seen.flags).toContain('--max-semi-space-size=32');
  });
});

describe('the shebang readers', () => {
  const line = (first: string) => {
    const file = join(work, `line-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, `${first}\nrest of the file --not-a-flag\n`);
    return { env: shebangEnv(file), flags: shebangFlags(file) };
  };

  it('read the assignments before node and the flags after it', () => {
    expect(line('#!/usr/bin/env -S A=1 B_2=x=y node --f1 --f2=3')).toEqual({ env: { A: '1', B_2: 'x=y' }, flags: ['--f1', '--f2=3'] });
    expect(line('#!/usr/bin/env -S node --f1')).toEqual({ env: {}, flags: ['--f1'] });
    expect(line('#!/usr/bin/env node')).toEqual({ env: {}, flags: [] });
  });

  it('read nothing from a file that has no shebang, or one for another program', () => {
    expect(line('console.log(1)')).toEqual({ env: {}, flags: [] });
    expect(line('#!/usr/bin/env -S A=1 python3 --f1')).toEqual({ env: {}, flags: [] });
  });
});
