/**
 * `briefdeck watch`, as staff use it the night before: edit a figure, see it
 * in the next deck; break the file, keep the last good deck; fix it, carry on.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { conferenceCopy } from './helpers/build.js';
import { startCli, type RunningCli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

interface BuildEvent {
  event: 'build';
  ok: boolean;
  ms: number;
  slides: number;
  changed: string[];
  diagnostics: Array<{ code: string; line?: number }>;
}

const isBuild = (line: string): boolean => line.startsWith('{') && (JSON.parse(line) as { event: string }).event === 'build';
const allText = (file: string): string => {
  const deck = openDeck(readFileSync(file));
  return Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
};

let running: RunningCli | undefined;
afterEach(async () => {
  await running?.interrupt();
  running = undefined;
});

describe('briefdeck watch', () => {
  it('rebuilds on an edited figure, survives a broken edit, recovers, and stops cleanly on Ctrl-C', async () => {
    const { data, deck, original } = conferenceCopy('briefdeck-watch-');
    expect(original).toContain('value: 152000000000');

    const watching = startCli(['watch', data, '-o', deck, '--json']);
    running = watching;
    const first = JSON.parse(await watching.next(isBuild)) as BuildEvent;
    expect(first).toMatchObject({ ok: true, slides: 25, changed: [] });
    expect(allText(deck)).toContain('hơn 152 tỷ đồng');

    // An edited figure is in the next deck.
    writeFileSync(data, original.replace('value: 152000000000', 'value: 163000000000'));
    const edited = JSON.parse(await watching.next(isBuild)) as BuildEvent;
    expect(edited).toMatchObject({ ok: true, changed: [data] });
    expect(allText(deck)).toContain('hơn 163 tỷ đồng');
    const good = readFileSync(deck);

    // A broken edit: located errors, and the last good deck is left as it was.
    writeFileSync(data, original.replace('value: 152000000000', 'value: "163 tỷ"'));
    const broken = JSON.parse(await watching.next(isBuild)) as BuildEvent;
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics[0]).toMatchObject({ code: 'not-a-number' });
    expect(broken.diagnostics[0]!.line).toBeGreaterThan(1);
    expect(Buffer.compare(readFileSync(deck), good)).toBe(0);

    // Fixed again: it carries on.
    writeFileSync(data, original.replace('value: 152000000000', 'value: 170000000000'));
    const fixed = JSON.parse(await watching.next(isBuild)) as BuildEvent;
    expect(fixed.ok).toBe(true);
    expect(allText(deck)).toContain('hơn 170 tỷ đồng');

    running = undefined;
    expect(await watching.interrupt()).toBe(0);
    expect(watching.stderr()).toBe('');
  });

  it('says in words what changed, how long the rebuild took, and that the last good deck is kept', async () => {
    const { data, deck, original } = conferenceCopy('briefdeck-watch-');

    const watching = startCli(['watch', data, '-o', deck, '--lang', 'vi']);
    running = watching;
    await watching.next((l) => l.startsWith(`${deck}: 25 trang, dựng trong `));
    await watching.next((l) => l.includes('nhấn Ctrl-C để dừng'));
    writeFileSync(data, original.replace('value: 152000000000', 'value: -1'));
    expect(await watching.next((l) => l.startsWith('đã thay đổi: '))).toBe(`đã thay đổi: ${data}`);
    expect(await watching.next((l) => l.startsWith('chưa dựng lại'))).toBe(`chưa dựng lại (1 lỗi); ${deck} vẫn là bộ trình chiếu tốt gần nhất`);
    // stderr is a separate pipe: its lines may arrive after stdout's.
    await until(() => /report\.yaml:\d+:\d+: lỗi: số liệu không được âm/.test(watching.stderr()));

    running = undefined;
    expect(await watching.interrupt()).toBe(0);
  });
});

describe('briefdeck watch practising', () => {
  const canCount = process.platform === 'linux';
  const settled = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

  it.skipIf(!canCount)('builds in memory after a good first build: CPU spent, nothing written, nothing said; a save is still built', async () => {
    const { data, deck, original } = conferenceCopy('briefdeck-watch-');
    const watching = startCli(['watch', data, '-o', deck, '--json']);
    running = watching;
    await watching.next(isBuild);
    const built = readFileSync(deck);
    const modified = statSync(deck).mtimeMs;
    const before = watching.cpuMs()!;
    await settled(3000);
    // Eight builds of the conference deck: 15 ms each at the very least; a watch with nothing to do spends none.
    expect(watching.cpuMs()! - before).toBeGreaterThan(100);
    expect(statSync(deck).mtimeMs).toBe(modified);
    expect(readFileSync(deck).equals(built)).toBe(true);

    // The next line said is the save's build: the practice said nothing.
    writeFileSync(data, original.replace('value: 152000000000', 'value: 163000000000'));
    expect(JSON.parse(await watching.next(() => true))).toMatchObject({ event: 'build', ok: true, changed: [data] });
    expect(allText(deck)).toContain('hơn 163 tỷ đồng');
  });

  it.skipIf(!canCount)('does not practise after a failed first build', async () => {
    const { data, deck } = conferenceCopy('briefdeck-watch-', (text) => text.replace('value: 152000000000', 'value: -1'));
    const watching = startCli(['watch', data, '-o', deck, '--json']);
    running = watching;
    expect(JSON.parse(await watching.next(isBuild))).toMatchObject({ ok: false });
    await settled(500); // the failed build's own last work (its collection) is done
    const before = watching.cpuMs()!;
    await settled(2000);
    expect(watching.cpuMs()! - before).toBeLessThan(100);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((wake) => setTimeout(wake, 20));
  }
}
