/**
 * watch's queue (commands/rebuild-queue.ts): a burst of saves is one
 * rebuild, one build runs at a time, and a practice build runs only while
 * nothing waits, and never keeps a save from being built.
 */
import { describe, expect, it } from 'vitest';
import { practise, rebuildQueue } from '../../src/commands/rebuild-queue.js';

const SETTLE = 5;
const tick = (ms = SETTLE * 4) => new Promise((wake) => setTimeout(wake, ms));

/** A queue whose rebuilds are recorded, each running until `hold` (if given) resolves. */
function recorded(hold?: Promise<void>) {
  const rebuilds: string[][] = [];
  const queue = rebuildQueue(async (changes) => {
    rebuilds.push([...changes].sort());
    await hold;
  }, SETTLE);
  return { queue, rebuilds };
}

/** A promise and the function that resolves it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((done) => (open = done));
  return { wait, open };
}

describe('rebuildQueue', () => {
  it('rebuilds a burst of saves once, after it settles', async () => {
    const { queue, rebuilds } = recorded();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    await tick();
    await queue.idle();
    expect(rebuilds).toEqual([['a', 'b']]);
  });

  it('runs a spare task only when nothing runs or waits, and builds a save made during it afterwards', async () => {
    const rebuilding = gate();
    const { queue, rebuilds } = recorded(rebuilding.wait);
    const order: string[] = [];
    expect(await queue.spare(async () => order.push('practice'))).toBe(true);

    queue.add('data.yaml');
    expect(await queue.spare(async () => order.push('refused: a save waits'))).toBe(false);
    await tick(); // the rebuild has started, and runs until the gate opens
    expect(rebuilds).toEqual([['data.yaml']]);
    expect(await queue.spare(async () => order.push('refused: a rebuild runs'))).toBe(false);
    rebuilding.open();
    await queue.idle();

    const practising = gate();
    const during = queue.spare(() => practising.wait);
    queue.add('saved-while-practising.yaml');
    await tick();
    expect(rebuilds).toEqual([['data.yaml']]); // waits for the practice build
    practising.open();
    expect(await during).toBe(true);
    await tick();
    await queue.idle();
    expect(rebuilds).toEqual([['data.yaml'], ['saved-while-practising.yaml']]);
    expect(order).toEqual(['practice']);
  });

  it('outlives a spare task that fails', async () => {
    const { queue, rebuilds } = recorded();
    expect(await queue.spare(() => Promise.reject(new Error('a bug')))).toBe(true);
    queue.add('x');
    await tick();
    await queue.idle();
    expect(rebuilds).toEqual([['x']]);
  });
});

describe('practise', () => {
  it('builds the number of times asked when nothing happens', async () => {
    const { queue } = recorded();
    let builds = 0;
    expect(await practise(queue, async () => builds++, 8, () => false)).toBe(8);
    expect(builds).toBe(8);
  });

  it('stops at the first save, which is then built', async () => {
    const { queue, rebuilds } = recorded();
    let builds = 0;
    const done = await practise(
      queue,
      async () => {
        if (++builds === 3) queue.add('data.yaml');
        await tick(1);
      },
      8,
      () => false,
    );
    expect(done).toBe(3);
    await tick();
    await queue.idle();
    expect(rebuilds).toEqual([['data.yaml']]);
  });

  it('stops when watching stops', async () => {
    const { queue } = recorded();
    let builds = 0;
    let stopping = false;
    expect(await practise(queue, async () => (++builds === 2 ? (stopping = true) : undefined), 8, () => stopping)).toBe(2);
  });
});
