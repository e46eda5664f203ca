/**
 * `npm run bench`: briefdeck against the floor (a plain pptxgenjs script) and
 * pandoc, in one run, interleaved (round-robin: every variant once per
 * round), whole-process wall time and peak RSS from `/usr/bin/time -v`,
 * briefdeck's in-process time per stage, output sizes, start-up and watch.
 * Writes bench/results/latest.json and bench/results/latest.md.
 *
 * Environment: BENCH_REPS (5), BENCH_SIZES (30,300,3000,10000; above 3.000
 * slides every tool runs once, in the first round, and is skipped when the
 * 3.000-slide run, scaled, says it would end after the budget),
 * BENCH_POINTS (5 bullets a content slide, for every size alike so that time
 * per slide compares; a report may count 50.000 slides at most, a bullet
 * each, and a size over that is left out, and said so), BENCH_PANDOC_CAP_S (25: pandoc above 300 slides runs once, stopped at this
 * cap; it took 282 s for 3.000 slides here), BENCH_BUDGET_S (240: no round
 * is started that would end after this, so `npm run bench` stays under 5
 * minutes on a busy machine; the results say so when it stopped early),
 * BENCH_PANDOC=0 runs as if pandoc were missing, BENCH_KEEP=1 keeps the
 * temporary folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { markdown, prepare } from './prepare.mjs';
import { budgetSlides, MAX_BUDGET_SLIDES, syntheticYaml } from './synthetic.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const CONFERENCE = join(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml');
const BIN = join(ROOT, 'dist', 'bin.cjs');
/** The Node flags and variables of the executable's shebang (`#!/usr/bin/env -S NAME=value node …`): the bench runs briefdeck as its users' shells do (the flags read as the code cache's training reads them). */
const SHEBANG = existsSync(BIN) ? await import('../dist/startup/load-bundle.js') : undefined;
const BIN_FLAGS = SHEBANG ? SHEBANG.shebangFlags(BIN) : [];
const BIN_ENV = { ...process.env, ...(SHEBANG ? SHEBANG.shebangEnv(BIN) : {}) };
const REPS = Number(process.env.BENCH_REPS ?? 5);
const POINTS = Number(process.env.BENCH_POINTS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '30,300,3000,10000')
  .split(',')
  .map(Number)
  .filter((size) => {
    const counted = budgetSlides(size, POINTS);
    if (counted <= MAX_BUDGET_SLIDES) return true;
    process.stdout.write(`${size} slides left out: with ${POINTS} bullets a slide the report counts ${counted} slides, over the ${MAX_BUDGET_SLIDES} briefdeck allows\n`);
    return false;
  });
const PANDOC_CAP_S = Number(process.env.BENCH_PANDOC_CAP_S ?? 25);
const BUDGET_S = Number(process.env.BENCH_BUDGET_S ?? 240);
const STARTUP_REPS = 15;
/** The in-process stage timings of the big decks: fewer runs, they cost as much as a build. */
const BIG_STAGE_REPS = Math.min(3, REPS);
/** Above this many slides a deck is built once by each tool (10.000 slides take about as long as a round of everything else). */
const HUGE = 3000;
const WATCH_EDITS = 10;
const NODE = process.execPath;

const started = performance.now();
const tmp = mkdtempSync(join(tmpdir(), 'briefdeck-bench-'));
const log = (line) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------
// Running a command under /usr/bin/time -v

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;

/** Elapsed "h:mm:ss" or "m:ss.ss" → seconds. */
function clock(text) {
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

function measure(command, args, { timeoutS, env } = {}) {
  const t0 = performance.now();
  const options = { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: timeoutS ? timeoutS * 1000 : undefined, killSignal: 'SIGKILL' };
  const r = TIME ? spawnSync(TIME, ['-v', command, ...args], options) : spawnSync(command, args, options);
  const outer = (performance.now() - t0) / 1000;
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL') return { timedOut: true, wall: outer, rss: null, stdout: r.stdout ?? '' };
  const elapsed = /Elapsed \(wall clock\) time[^:]*: ([\d:.]+)/.exec(r.stderr ?? '');
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const status = TIME ? Number(/Exit status: (\d+)/.exec(r.stderr ?? '')?.[1] ?? r.status) : r.status;
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${status}):\n${(r.stderr ?? '').split('\n').slice(0, 12).join('\n')}`);
  return { wall: elapsed ? clock(elapsed[1]) : outer, rss: rss ? Number(rss[1]) * 1024 : null, stdout: r.stdout };
}

// ---------------------------------------------------------------------------
// Statistics

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => (xs.length === 0 ? null : { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

// ---------------------------------------------------------------------------
// Inputs, made before anything is timed

const workloads = [];
{
  const json = join(tmp, 'conference.json');
  const input = prepare(readFileSync(CONFERENCE, 'utf8'));
  writeFileSync(json, JSON.stringify(input));
  workloads.push({ id: 'conference', label: 'conference deck', data: CONFERENCE, floorInput: json, floorSlides: input.slides.length });
}
for (const size of SIZES) {
  const data = join(tmp, `synthetic-${size}.yaml`);
  writeFileSync(data, syntheticYaml(size, POINTS));
  const input = prepare(readFileSync(data, 'utf8'));
  const json = join(tmp, `synthetic-${size}.json`);
  const md = join(tmp, `synthetic-${size}.md`);
  writeFileSync(json, JSON.stringify(input));
  writeFileSync(md, markdown(input));
  workloads.push({ id: `s${size}`, label: POINTS === 5 ? `${size} slides` : `${size} slides (${POINTS} bullets)`, size, data, floorInput: json, markdown: md, floorSlides: input.slides.length });
}

const pandoc = process.env.BENCH_PANDOC !== '0' && has('pandoc');
if (!pandoc) log('pandoc not found, skipped');

/** What runs, and how often; each run's wall time, RSS and output size land in `runs`. */
const variants = [];
for (const w of workloads) {
  const out = (tool) => join(tmp, `${w.id}-${tool}.pptx`);
  const once = w.size > HUGE ? 1 : undefined;
  variants.push({ id: `${w.id}/briefdeck`, workload: w.id, tool: 'briefdeck', output: out('briefdeck'), command: NODE, args: [...BIN_FLAGS, BIN, 'build', w.data, '-o', out('briefdeck')], env: BIN_ENV, reps: once });
  variants.push({ id: `${w.id}/stages`, workload: w.id, tool: 'stages', output: out('stages'), command: NODE, args: [...BIN_FLAGS, join(ROOT, 'bench', 'stages.mjs'), w.data, out('stages')], env: BIN_ENV, reps: once ?? (w.size > 300 ? BIG_STAGE_REPS : REPS) });
  variants.push({ id: `${w.id}/floor`, workload: w.id, tool: 'floor', output: out('floor'), command: NODE, args: [join(ROOT, 'bench', 'floor.mjs'), w.floorInput, out('floor'), 'plain'], reps: once });
  variants.push({ id: `${w.id}/floor-z`, workload: w.id, tool: 'floor-z', output: out('floor-z'), command: NODE, args: [join(ROOT, 'bench', 'floor.mjs'), w.floorInput, out('floor-z'), 'compressed'], reps: once });
  if (pandoc && w.markdown) {
    // pandoc is superlinear (282 s for 3.000 slides here): once, stopped at the cap, above 300 slides.
    const capped = w.size > 300;
    variants.push({ id: `${w.id}/pandoc`, workload: w.id, tool: 'pandoc', output: out('pandoc'), command: 'pandoc', args: [w.markdown, '-o', out('pandoc')], reps: capped ? 1 : Math.min(3, REPS), timeoutS: capped ? PANDOC_CAP_S : undefined });
  }
}
variants.push({ id: 'startup/node', workload: 'startup', tool: 'node -e 0', command: NODE, args: ['-e', '0'], reps: STARTUP_REPS });
variants.push({ id: 'startup/help', workload: 'startup', tool: 'briefdeck --help', command: NODE, args: [...BIN_FLAGS, BIN, '--help'], env: BIN_ENV, reps: STARTUP_REPS });
for (const v of variants) v.runs = [];

// ---------------------------------------------------------------------------
// The rounds: every variant that still needs a run, once per round, in a rotating order

const rounds = Math.max(...variants.map((v) => v.reps ?? REPS));
log(`briefdeck bench: ${variants.length} variants, up to ${rounds} rounds, interleaved; node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
let stoppedAfter = null;

/**
 * A deck above HUGE slides runs once, in the first round, which the budget
 * cannot stop: it is skipped when the same tool's run at the biggest size
 * up to HUGE, scaled by the slides, says it would end after the budget
 * (pandoc has its cap instead). The reason, or null to run it.
 */
function hugeOverBudget(v) {
  const w = workloads.find((x) => x.id === v.workload);
  if (!(w?.size > HUGE) || v.tool === 'pandoc') return null;
  const base = workloads.filter((x) => x.size <= HUGE).sort((a, b) => b.size - a.size)[0];
  const last = base && byIdEarly[`${base.id}/${v.tool}`]?.runs.at(-1);
  if (!last) return null;
  const estimate = (last.wall * w.size) / base.size;
  const elapsed = (performance.now() - started) / 1000;
  return elapsed + estimate > BUDGET_S ? `${base.size} slides took ${last.wall.toFixed(1)} s: ${w.size} would end after the ${BUDGET_S} s budget` : null;
}
const byIdEarly = Object.fromEntries(variants.map((v) => [v.id, v]));

for (let round = 0; round < rounds; round++) {
  const due = variants.filter((v) => round < (v.reps ?? REPS));
  // A round costs what its variants cost last time; the watch measurement needs about 15 s more.
  const estimate = due.reduce((sum, v) => sum + (v.runs.at(-1)?.wall ?? 0), 0) + 15;
  if (round > 0 && (performance.now() - started) / 1000 + estimate > BUDGET_S) {
    stoppedAfter = round;
    log(`  stopping after ${round} rounds: another would end after the ${BUDGET_S} s budget`);
    break;
  }
  const order = due.map((_, i) => due[(i + round) % due.length]);
  for (const v of order) {
    const skip = hugeOverBudget(v);
    if (skip) {
      v.skipped = skip;
      log(`  ${v.id}: skipped, ${skip}`);
      continue;
    }
    const m = measure(v.command, v.args, { timeoutS: v.timeoutS, env: v.env });
    const run = { wall: m.wall, rss: m.rss, timedOut: m.timedOut === true };
    if (v.output && !m.timedOut) run.bytes = statSync(v.output).size;
    if (v.tool === 'stages') Object.assign(run, JSON.parse(m.stdout.trim().split('\n').pop()));
    v.runs.push(run);
  }
  log(`  round ${round + 1}/${rounds} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

// ---------------------------------------------------------------------------
// Watch: rebuilds of the conference deck after one figure changes

async function measureWatch() {
  const dir = join(tmp, 'watch');
  mkdirSync(dir);
  const data = join(dir, 'report.yaml');
  copyFileSync(CONFERENCE, data);
  const original = readFileSync(data, 'utf8');
  const figure = /value: 9637\b/;
  if (!figure.test(original)) return { available: false, reason: 'the figure to edit (value: 9637) is not in the data' };
  const child = spawn(NODE, [...BIN_FLAGS, BIN, 'watch', data, '-o', join(tmp, 'watch-out.pptx'), '--json'], { cwd: ROOT, env: BIN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  const waiting = [];
  const events = [];
  let exited = null;
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      if (event.event === 'build') {
        events.push(event);
        waiting.shift()?.(event);
      }
    }
  });
  child.on('exit', (code) => {
    exited = code;
    for (const w of waiting.splice(0)) w(null);
  });
  const nextBuild = (timeoutMs) =>
    new Promise((resolveBuild) => {
      if (exited !== null) return resolveBuild(null);
      const timer = setTimeout(() => resolveBuild(null), timeoutMs);
      waiting.push((e) => {
        clearTimeout(timer);
        resolveBuild(e);
      });
    });
  try {
    const first = await nextBuild(30_000);
    if (!first) return { available: false, reason: exited !== null ? `exited ${exited}: ${stderr.trim().split('\n')[0] ?? ''}` : 'no build line within 30 s' };
    const rebuilds = [];
    for (let i = 1; i <= WATCH_EDITS; i++) {
      // Let the watcher settle after the previous build; before the first edit, as long as a user reads the
      // first deck (watch's practice builds are done by then, so no edit waits for one: its wait is not in `ms`).
      await new Promise((r) => setTimeout(r, i === 1 ? 1000 : 150));
      const pending = nextBuild(20_000);
      writeFileSync(data, original.replace(figure, `value: ${9637 + i}`));
      const event = await pending;
      if (!event) return { available: false, reason: `no build line after edit ${i}` };
      rebuilds.push(event);
    }
    const ms = rebuilds.filter((e) => e.ok).map((e) => e.ms);
    return { available: true, initialMs: first.ms, rebuildMs: ms, failed: rebuilds.filter((e) => !e.ok).length, slides: rebuilds.at(-1)?.slides, ...summary(ms) };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => (exited !== null ? r() : child.once('exit', r)));
  }
}

const watch = existsSync(BIN) ? await measureWatch() : { available: false, reason: 'dist/bin.cjs missing' };
if (!watch.available) log(`watch: not measured (command not available: ${watch.reason})`);

// ---------------------------------------------------------------------------
// Results

const byId = Object.fromEntries(variants.map((v) => [v.id, v]));
const stat = (id, key) => {
  const v = byId[id];
  if (!v) return null;
  const xs = v.runs.filter((r) => !r.timedOut && r[key] != null).map((r) => r[key]);
  return summary(xs);
};
const med = (id, key) => stat(id, key)?.median ?? null;
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);

const stageNames = ['load', 'validate', 'plan', 'render', 'emit', 'zip', 'write'];
const stages = Object.fromEntries(
  workloads.map((w) => {
    const runs = byId[`${w.id}/stages`].runs;
    const per = Object.fromEntries(stageNames.map((s) => [s, median(runs.map((r) => r.timings?.[s] ?? 0))]));
    return [w.id, { slides: runs[0]?.slides, import: median(runs.map((r) => r.import)), build: median(runs.map((r) => r.build)), ...per }];
  }),
);

const pandocCapped = (id) => byId[id]?.runs.some((r) => r.timedOut) ?? false;
const notHuge = SIZES.filter((n) => n <= HUGE);
const big = `s${SIZES.includes(3000) ? 3000 : Math.max(...(notHuge.length > 0 ? notHuge : SIZES))}`;
const bigSlides = stages[big]?.slides;
/** The sizes the issue sets limits for: 3.000 and 10.000 slides, or the biggest measured. */
const limitSizes = SIZES.filter((n) => n === 3000 || n === 10000);
if (limitSizes.length === 0) limitSizes.push(Math.max(...SIZES));
const slidesOf = (n) => stages[`s${n}`]?.slides ?? n;
const perSlide = (n) => {
  const wall = SIZES.includes(n) ? med(`s${n}/briefdeck`, 'wall') : null;
  return wall == null ? null : wall / slidesOf(n);
};

const target = (name, value, limit, note = '', upperBound = false) => ({
  name,
  ratio: value,
  limit,
  // An upper bound proves the target met when it is under the limit, and proves nothing otherwise.
  met: value == null ? null : value <= limit ? true : upperBound ? null : false,
  upperBound,
  note,
});
const skippedNote = (id) => (byId[id]?.skipped ? `not run: ${byId[id].skipped}` : '');
const pandocBig = pandocCapped(`${big}/pandoc`) ? PANDOC_CAP_S : med(`${big}/pandoc`, 'wall');
const targets = [
  target('conference deck: time vs floor uncompressed', ratio(med('conference/briefdeck', 'wall'), med('conference/floor', 'wall')), 2.0),
  target('conference deck: size vs floor uncompressed', ratio(med('conference/briefdeck', 'bytes'), med('conference/floor', 'bytes')), 0.4),
  ...(SIZES.includes(30) ? [target('30 slides: time vs floor uncompressed', ratio(med('s30/briefdeck', 'wall'), med('s30/floor', 'wall')), 2.0)] : []),
  ...limitSizes.flatMap((n) => [
    target(`${slidesOf(n)} slides: time vs floor uncompressed`, ratio(med(`s${n}/briefdeck`, 'wall'), med(`s${n}/floor`, 'wall')), 1.2, skippedNote(`s${n}/briefdeck`) || skippedNote(`s${n}/floor`)),
    target(`${slidesOf(n)} slides: time vs floor compressed`, ratio(med(`s${n}/briefdeck`, 'wall'), med(`s${n}/floor-z`, 'wall')), 0.5, skippedNote(`s${n}/briefdeck`) || skippedNote(`s${n}/floor-z`)),
    target(`${slidesOf(n)} slides: peak RSS vs floor`, ratio(med(`s${n}/briefdeck`, 'rss'), med(`s${n}/floor`, 'rss')), 0.8, skippedNote(`s${n}/briefdeck`) || skippedNote(`s${n}/floor`)),
  ]),
  target(
    `${bigSlides} slides: time vs pandoc`,
    pandoc ? ratio(med(`${big}/briefdeck`, 'wall'), pandocBig) : null,
    0.1,
    !pandoc ? 'pandoc not found' : pandocCapped(`${big}/pandoc`) ? `pandoc stopped at the ${PANDOC_CAP_S} s cap: the ratio is an upper bound` : '',
    pandocCapped(`${big}/pandoc`),
  ),
  target(
    `linear: time per slide at ${slidesOf(10000)} vs ${slidesOf(3000)}`,
    ratio(perSlide(10000), perSlide(3000)),
    1.2,
    SIZES.includes(10000) && SIZES.includes(3000) ? skippedNote('s10000/briefdeck') : 'needs BENCH_SIZES with 3000 and 10000',
  ),
  target('start-up: --help vs node -e 0', ratio(med('startup/help', 'wall'), med('startup/node', 'wall')), 1.3),
  target('watch: median rebuild (ms, limit 50)', watch.available ? watch.median : null, 50, watch.available ? '' : 'not measured (command not available)'),
];

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  loadavg: loadavg(),
  reps: REPS,
  points: POINTS,
  budgetSeconds: BUDGET_S,
  stoppedAfterRounds: stoppedAfter,
  pandoc: pandoc ? spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null,
  totalSeconds: (performance.now() - started) / 1000,
  workloads: workloads.map((w) => ({ id: w.id, label: w.label, data: relative(ROOT, w.data).startsWith('..') ? `(generated) ${w.label}` : relative(ROOT, w.data), briefdeckSlides: stages[w.id]?.slides, floorSlides: w.floorSlides })),
  variants: variants.map((v) => ({ id: v.id, tool: v.tool, wall: stat(v.id, 'wall'), rss: stat(v.id, 'rss'), bytes: stat(v.id, 'bytes'), timedOut: v.runs.some((r) => r.timedOut), skipped: v.skipped ?? null, runs: v.runs })),
  stages,
  watch,
  targets,
};

// ---------------------------------------------------------------------------
// Markdown

const s = (x) => (x == null ? '–' : x < 10 ? x.toFixed(2).replace('.', ',') : x.toFixed(1).replace('.', ','));
const mb = (b) => (b == null ? '–' : b >= 1e6 ? `${(b / 1e6).toFixed(1).replace('.', ',')} MB` : `${Math.round(b / 1e3)} KB`);
const x = (r) => (r == null ? '–' : `${r.toFixed(2).replace('.', ',')}×`);
const cell = (id) => {
  const w = stat(id, 'wall');
  if (!w) return pandocCapped(id) ? `> ${PANDOC_CAP_S} s (capped)` : byId[id]?.skipped ? 'skipped (budget)' : '–';
  return w.n > 1 ? `${s(w.median)} s (${s(w.min)}–${s(w.max)})` : `${s(w.median)} s`;
};
const lines = [];
lines.push(
  `Node ${process.version}, ${cpus().length} cores, ${stoppedAfter ?? REPS} interleaved runs (median, min–max; in-process stages ${Math.min(BIG_STAGE_REPS, stoppedAfter ?? REPS)} runs above 300 slides${SIZES.some((n) => n > HUGE) ? `, every tool once above ${HUGE} slides` : ''}; ${pandoc ? `pandoc 3 runs, once above 300 slides, capped at ${PANDOC_CAP_S} s` : 'pandoc not found, skipped'}; synthetic decks of ${POINTS} bullets a content slide), ${new Date().toISOString().slice(0, 10)}.` +
    (stoppedAfter ? ` Stopped after ${stoppedAfter} rounds to stay within the ${BUDGET_S} s budget.` : ''),
);
lines.push('');
lines.push('| workload | tool | wall time | peak RSS | size | time vs floor |');
lines.push('| --- | --- | --- | --- | --- | --- |');
const tools = [
  ['briefdeck', 'briefdeck build (compressed)'],
  ['floor', 'floor, writeFile (uncompressed)'],
  ['floor-z', 'floor, stream({compression:true})'],
  ['pandoc', 'pandoc (text, no charts)'],
];
for (const w of workloads) {
  for (const [tool, label] of tools) {
    const id = `${w.id}/${tool}`;
    if (!byId[id]) continue;
    lines.push(`| ${w.label} | ${label} | ${cell(id)} | ${mb(med(id, 'rss'))} | ${mb(med(id, 'bytes'))} | ${x(ratio(med(id, 'wall'), med(`${w.id}/floor`, 'wall')))} |`);
  }
}
lines.push(`| start-up | \`node -e 0\` | ${cell('startup/node')} | ${mb(med('startup/node', 'rss'))} | | |`);
lines.push(`| start-up | \`briefdeck --help\` | ${cell('startup/help')} | ${mb(med('startup/help', 'rss'))} | | |`);
lines.push('');
lines.push('briefdeck in-process, median ms per stage (`buildDeck` timings; write timed by the bench):');
lines.push('');
lines.push(`| workload | slides | import | ${stageNames.join(' | ')} | total |`);
lines.push(`| --- | --- | --- | ${stageNames.map(() => '---').join(' | ')} | --- |`);
for (const w of workloads) {
  const st = stages[w.id];
  if (st.slides == null) {
    lines.push(`| ${w.label} | – | ${stageNames.map(() => '–').join(' | ')} | – | – |`);
    continue;
  }
  const total = stageNames.reduce((a, k) => a + (st[k] ?? 0), 0);
  lines.push(`| ${w.label} | ${st.slides} | ${Math.round(st.import)} | ${stageNames.map((k) => Math.round(st[k] ?? 0)).join(' | ')} | ${Math.round(total)} |`);
}
lines.push('');
lines.push(watch.available ? `Watch: ${watch.rebuildMs.length} rebuilds after one figure changed, median ${Math.round(watch.median)} ms (${Math.round(watch.min)}–${Math.round(watch.max)}); first build ${Math.round(watch.initialMs)} ms.` : `Watch: not measured (command not available: ${watch.reason}).`);
lines.push('');
lines.push('| target | limit | measured | |');
lines.push('| --- | --- | --- | --- |');
for (const t of targets) {
  const measured = t.name.startsWith('watch') ? (t.ratio == null ? '–' : `${Math.round(t.ratio)} ms`) : `${t.upperBound && t.ratio != null ? '< ' : ''}${x(t.ratio)}`;
  const limit = t.name.startsWith('watch') ? `${t.limit} ms` : x(t.limit);
  const verdict = t.met == null ? (t.upperBound ? 'not determined' : 'not measured') : t.met ? 'met' : 'not met';
  lines.push(`| ${t.name} | ${limit} | ${measured} | ${verdict}${t.note ? ` (${t.note})` : ''} |`);
}
lines.push('');
lines.push(`Slides: ${workloads.map((w) => `${w.label}: briefdeck ${stages[w.id]?.slides ?? '–'}, floor ${w.floorSlides}`).join('; ')}. Bench took ${Math.round(results.totalSeconds)} s.`);
const md = `${lines.join('\n')}\n`;

mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(RESULTS, 'latest.md'), md);
log('');
log(md);
log(`results: ${relative(process.cwd(), join(RESULTS, 'latest.json'))}, ${relative(process.cwd(), join(RESULTS, 'latest.md'))}`);
if (process.env.BENCH_KEEP === '1') log(`inputs and decks kept in ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
