/**
 * `watch` survives any save: the saves that once ended it with a raw Node
 * stack (a recursive alias, the year 0000, 2.000 levels of nesting) are
 * located problems now, the last good deck stays byte for byte, and the next
 * good save is built. And a bug in briefdeck itself, in one rebuild, is one
 * line (its stack with --debug), not the end of watching.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli.js';
import type { Terminal } from '../src/cli/terminal.js';
import { DeckBuilder } from '../src/index.js';
import { conferenceCopy } from './helpers/build.js';
import { startCli, type RunningCli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

interface BuildEvent {
  event: 'build';
  ok: boolean;
  exitCode: number;
  changed: string[];
  diagnostics: Array<{ code: string; line?: number; col?: number; dataPath?: string }>;
  internalError?: { message: string; stack?: string };
}

const isBuild = (line: string): boolean => line.startsWith('{') && (JSON.parse(line) as { event: string }).event === 'build';
const STACK_TRACE = /\n\s+at .*\(.*:\d+:\d+\)/;
const allText = (file: string): string => {
  const deck = openDeck(readFileSync(file));
  return Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
};
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

let running: RunningCli | undefined;
afterEach(async () => {
  await running?.interrupt();
  running = undefined;
});

describe('briefdeck watch, fed saves that once crashed it', () => {
  it('reports a recursive alias, the year 0000 and 2.000 levels of nesting at their lines, keeps the deck byte-identical, then builds the good save', { timeout: 60_000 }, async () => {
    const { data, deck, original } = conferenceCopy('briefdeck-watch-crash-');
    const place = original.split('\n').find((l) => /^ {2}place: /.test(l))!;
    const date = original.split('\n').find((l) => /^ {2}date: /.test(l))!;

    const watching = startCli(['watch', data, '-o', deck, '--json']);
    running = watching;
    expect(JSON.parse(await watching.next(isBuild))).toMatchObject({ ok: true, slides: 25 });
    const good = readFileSync(deck);

    const saves: Array<{ text: string; code: string; line: number }> = [
      { text: original.replace(place, '  place: &a [*a]'), code: 'yaml-syntax', line: lineOf(original, place) },
      { text: original.replace(date, '  date: 0000-01-01'), code: 'invalid-date', line: lineOf(original, date) },
      {
        text: original.replace(place, `  place:\n${Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i + 2)}k:`).join('\n')}`),
        code: 'too-deep',
        line: lineOf(original, place) + 63, // the 65th level: the report, meeting, place, then 62 more
      },
    ];
    for (const save of saves) {
      writeFileSync(data, save.text);
      const event = JSON.parse(await watching.next(isBuild)) as BuildEvent;
      expect(event).toMatchObject({ ok: false, exitCode: 1, changed: [data] });
      expect(event.internalError).toBeUndefined();
      expect(event.diagnostics[0]).toMatchObject({ code: save.code, line: save.line });
      expect(Buffer.compare(readFileSync(deck), good), `${save.code}: the last good deck is kept`).toBe(0);
    }

    writeFileSync(data, original.replace('value: 152000000000', 'value: 170000000000'));
    expect(JSON.parse(await watching.next(isBuild))).toMatchObject({ ok: true, slides: 25 });
    expect(allText(deck)).toContain('hơn 170 tỷ đồng');

    running = undefined;
    expect(await watching.interrupt()).toBe(0);
    expect(watching.stderr()).toBe('');
  });
});

/** A terminal of the test's own: what the CLI prints, and Ctrl-C on demand. */
function fakeTerminal(): Terminal & { stdout: string[]; stderr: string[]; interrupt(): void } {
  const listeners: Array<(signal: 'SIGINT' | 'SIGTERM') => void> = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    outIsTTY: false,
    errIsTTY: false,
    env: { NO_COLOR: '1' },
    onInterrupt(listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    exit: () => undefined,
    interrupt: () => listeners.splice(0).forEach((l) => l('SIGINT')),
  } as Terminal & { stdout: string[]; stderr: string[]; interrupt(): void };
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

describe('briefdeck watch, when briefdeck itself fails in a practice build', () => {
  it('says nothing, practises no more, and builds the next save', { timeout: 60_000 }, async () => {
    const { data, deck, original } = conferenceCopy('briefdeck-watch-bug-');
    const terminal = fakeTerminal();
    const real = DeckBuilder.prototype.build;
    let calls = 0;
    // The first build is good; the first practice build meets a bug.
    // Every argument passed on: the deck's file is the second (its bytes are written to it as they are made).
    const build = vi.spyOn(DeckBuilder.prototype, 'build').mockImplementation(function (this: DeckBuilder, ...args) {
      calls += 1;
      return calls === 2 ? Promise.reject(new TypeError('a bug met in practice')) : real.apply(this, args);
    });
    try {
      const watching = run(['watch', data, '-o', deck], terminal);
      await until(() => calls >= 2);
      await new Promise((wake) => setTimeout(wake, 500));
      expect(calls).toBe(2);
      expect(terminal.stderr).toEqual([]);

      writeFileSync(data, original.replace('value: 152000000000', 'value: 163000000000'));
      await until(() => terminal.stdout.filter((l) => l.startsWith(`${deck}: 25 slides, built in`)).length === 2);
      expect(allText(deck)).toContain('hơn 163 tỷ đồng');
      terminal.interrupt();
      expect(await watching).toBe(0);
    } finally {
      build.mockRestore();
    }
  });
});

describe('briefdeck watch, when briefdeck itself fails in one rebuild', () => {
  for (const debug of [false, true]) {
    it(`says it in one line${debug ? ', with the stack under --debug' : ', without a stack'}, keeps the deck, and builds the next save`, { timeout: 60_000 }, async () => {
      const { data, deck, original } = conferenceCopy('briefdeck-watch-bug-');
      const terminal = fakeTerminal();
      if (debug) process.argv.push('--debug');
      const real = DeckBuilder.prototype.build;
      const build = vi.spyOn(DeckBuilder.prototype, 'build');
      try {
        const watching = run(['watch', data, '-o', deck], terminal);
        await until(() => terminal.stdout.some((l) => l.includes('press Ctrl-C')));
        const good = readFileSync(deck);

        // The next rebuild meets a bug: a TypeError deep in the pipeline (only for the save: watch's practice
        // builds, of the data as it was, go on as they are).
        build.mockImplementation(function (this: DeckBuilder, ...args) {
          if (!readFileSync(args[0].data, 'utf8').includes('value: 163000000000')) return real.apply(this, args);
          build.mockImplementation(real);
          return Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')"));
        });
        writeFileSync(data, original.replace('value: 152000000000', 'value: 163000000000'));
        await until(() => terminal.stdout.some((l) => l.startsWith('not rebuilt: an internal error')));
        expect(terminal.stderr[0]).toBe("briefdeck: internal error: Cannot read properties of undefined (reading 'x')");
        const said = terminal.stderr.join('\n');
        if (debug) expect(said).toMatch(STACK_TRACE);
        else expect(terminal.stderr).toHaveLength(1);
        expect(terminal.stdout.at(-1)).toBe(`not rebuilt: an internal error in briefdeck (run with --debug for its stack, and report it); ${deck} still holds the last good deck, and the next save is built`);
        expect(Buffer.compare(readFileSync(deck), good)).toBe(0);

        // And the next save is built.
        writeFileSync(data, original.replace('value: 152000000000', 'value: 170000000000'));
        await until(() => terminal.stdout.filter((l) => l.startsWith(`${deck}: 25 slides, built in`)).length === 2);
        expect(allText(deck)).toContain('hơn 170 tỷ đồng');

        terminal.interrupt();
        expect(await watching).toBe(0);
        expect(terminal.stdout.at(-1)).toBe('stopped watching');
      } finally {
        build.mockRestore();
        if (debug) process.argv.splice(process.argv.indexOf('--debug'), 1);
      }
    });
  }
});
