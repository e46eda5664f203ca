/**
 * A build stopped part way, through the built CLI: a report of 2.000 slides
 * (seconds to build) is killed with SIGKILL, SIGINT or SIGTERM, at a random
 * moment and just as its temporary file appears. SIGINT and SIGTERM exit 130
 * and 143 and leave no temporary file; SIGKILL cannot be caught, so its
 * leftover is removed by the next build of the same deck. Whenever the
 * killed build did not finish, the previous deck is byte for byte the same;
 * when it did (the signal came as the deck was renamed into place), the deck
 * is the whole new one, never a part of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ROOT } from './helpers/build.js';
import { BIN, cli } from './helpers/cli.js';

type Signal = 'SIGKILL' | 'SIGINT' | 'SIGTERM';

let dir: string;
let big: string;
let small: string;
let deck: string;
/** How long the big build takes here, from start to exit. */
let buildMs = 0;
/** The deck a killed build would have written had it finished. */
let finishedDeck: Buffer;

/** A report of `slides` slides: a title, content slides of five points (a chart every fifth), a closing. */
function report(slides: number, title: string): string {
  const sections = Array.from({ length: slides - 2 }, (_, i) =>
    (i + 1) % 5 === 0
      ? { title: `Phần ${i + 1}`, notes: 'Ghi chú', agenda: false, divider: false, charts: [{ type: 'bar', title: 'Chỉ tiêu', categories: ['Quý I', 'Quý II'], series: [{ name: 'Tỷ lệ', values: [i % 97, (i * 7) % 89] }] }] }
      : { title: `Phần ${i + 1}`, notes: 'Ghi chú', agenda: false, divider: false, points: Array.from({ length: 5 }, (_, k) => `Nội dung ${i + 1}.${k + 1} về chuyển đổi số và hạ tầng viễn thông`) },
  );
  return stringify({
    locale: 'vi',
    meeting: { title, organiser: 'Bộ Thông tin và Truyền thông', place: 'Hà Nội', date: '2020-07-06', notes: 'Ghi chú' },
    sections,
    closing: { message: 'Xin cảm ơn!', notes: 'Hết' },
  });
}

const temporaryFiles = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

interface Killed {
  status: number | null;
  signal: NodeJS.Signals | null;
  /** When the signal was sent, in ms after the start; undefined if the build ended first. */
  at?: number;
}

/** Starts a build of the big report into the deck and sends `signal` at `atMs`, or as soon as its temporary file appears. */
function killedBuild(signal: Signal, when: { atMs: number } | 'when-writing'): Promise<Killed> {
  return new Promise((done) => {
    const started = Date.now();
    const child: ChildProcess = spawn(process.execPath, [BIN, 'build', big, '-o', deck], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    let at: number | undefined;
    const kill = (): void => {
      if (at !== undefined || child.exitCode !== null || child.signalCode !== null) return;
      at = Date.now() - started;
      child.kill(signal);
    };
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    if (when === 'when-writing') {
      const look = (): void => {
        if (temporaryFiles().some((f) => f.includes(`${child.pid}`))) kill();
      };
      watcher = watch(dir, look);
      poll = setInterval(look, 2);
    } else {
      timer = setTimeout(kill, when.atMs);
    }
    child.on('exit', (status, sig) => {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
      done({ status, signal: sig, ...(at !== undefined ? { at } : {}) });
    });
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefdeck-signals-'));
  big = join(dir, 'big.yaml');
  small = join(dir, 'small.yaml');
  deck = join(dir, 'deck.pptx');
  writeFileSync(small, report(10, 'Báo cáo nhỏ'));
  writeFileSync(big, report(2000, 'Báo cáo lớn, bản đầu'));
  const started = Date.now();
  const first = cli(['build', big, '-o', deck]);
  buildMs = Date.now() - started;
  if (first.status !== 0) throw new Error(`the big report does not build: ${first.stderr}`);
  // From now on a finished build writes a different deck, so an unfinished one shows.
  writeFileSync(big, report(2000, 'Báo cáo lớn, bản sửa'));
  const reference = join(dir, 'reference', 'deck.pptx');
  if (cli(['build', big, '-o', reference]).status !== 0) throw new Error('the edited report does not build');
  finishedDeck = readFileSync(reference);
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a build stopped by a signal', () => {
  // Each signal twice: at a random moment of the build, and just as the deck is being written.
  const runs: Array<[Signal, 'random' | 'when-writing']> = (['SIGKILL', 'SIGINT', 'SIGTERM'] as const).flatMap((s) => [
    [s, 'random'] as [Signal, 'random'],
    [s, 'when-writing'] as [Signal, 'when-writing'],
  ]);

  for (const [signal, moment] of runs) {
    it(`${signal} ${moment === 'random' ? 'at a random moment' : 'while the deck is written'}: the previous deck is intact, and no temporary file outlives the next build`, async () => {
      const before = readFileSync(deck);
      const atMs = Math.round(buildMs * (0.2 + Math.random()));
      const r = await killedBuild(signal, moment === 'random' ? { atMs } : 'when-writing');
      const what = `${signal} at ${r.at ?? 'never (the build ended first)'} ms of a ${buildMs} ms build (${moment}${moment === 'random' ? `, aimed at ${atMs} ms` : ''}): exit ${r.status}, signal ${r.signal}`;

      if (moment === 'when-writing') expect(r.at, `${what}: no temporary file was seen`).toBeDefined();
      const after = readFileSync(deck);
      if (r.status === 0) expect(after.equals(finishedDeck), `${what}: the deck is not the whole new deck`).toBe(true);
      else {
        // Killed before its rename: the previous deck as it was. After it (a narrow window): the whole new deck.
        expect(after.equals(before) || after.equals(finishedDeck), `${what}: the previous deck changed`).toBe(true);
        if (signal === 'SIGKILL') expect(r.signal, what).toBe('SIGKILL');
        // Caught once the build has started (130 = 128 + 2, 143 = 128 + 15); a signal before Node is up kills it outright.
        else expect(r.status === (signal === 'SIGINT' ? 130 : 143) || r.signal === signal, what).toBe(true);
      }
      // SIGINT and SIGTERM clean up at once; SIGKILL's leftover is for the next build.
      if (signal !== 'SIGKILL') expect(temporaryFiles(), what).toEqual([]);

      const next = cli(['build', small, '-o', deck]);
      expect(next.status, next.stderr).toBe(0);
      expect(temporaryFiles(), `${what}: after the next build`).toEqual([]);
    }, 120_000);
  }
});
