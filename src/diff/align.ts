/**
 * Pairing the elements of two versions of a list: which old element became
 * which new one, which were added, removed or moved. Pure.
 *
 * 1. Elements with the same key are paired, the k-th occurrence of a key in
 *    the old list with its k-th occurrence in the new one; several key
 *    functions are tried in turn (a section by its id, then its title).
 * 2. The longest run of those pairs that keeps its order anchors the lists;
 *    the other pairs are elements that moved.
 * 3. Between two anchors, the elements left over are paired in order when
 *    `similar` accepts them (a sentence with one word changed is the same
 *    point, changed); what is still left was removed or added.
 */

export interface Pair {
  old?: number;
  new?: number;
  /** Paired by key, but out of order with the rest of the list. */
  moved?: boolean;
}

/** How far ahead in the new list a similar element is looked for, so long lists stay fast. */
const LOOKAHEAD = 50;

export function align<T>(
  olds: readonly T[],
  news: readonly T[],
  keys: readonly ((x: T) => string | null)[],
  similar: (a: T, b: T) => boolean,
): Pair[] {
  const oldMatch: (number | undefined)[] = new Array(olds.length).fill(undefined);
  const newMatch: (number | undefined)[] = new Array(news.length).fill(undefined);

  for (const key of keys) {
    const queues = new Map<string, { at: number; list: number[] }>();
    news.forEach((x, j) => {
      if (newMatch[j] !== undefined) return;
      const k = key(x);
      if (k === null) return;
      const queue = queues.get(k);
      if (queue) queue.list.push(j);
      else queues.set(k, { at: 0, list: [j] });
    });
    olds.forEach((x, i) => {
      if (oldMatch[i] !== undefined) return;
      const k = key(x);
      const queue = k === null ? undefined : queues.get(k);
      const j = queue?.list[queue.at];
      if (queue === undefined || j === undefined) return;
      queue.at++;
      oldMatch[i] = j;
      newMatch[j] = i;
    });
  }

  // The anchors: the longest increasing run of new positions, in old order.
  const keyed = olds.map((_, i) => i).filter((i) => oldMatch[i] !== undefined);
  const run = increasingRun(
    keyed.map((i) => oldMatch[i] ?? 0),
    (k) => Math.abs((keyed[k] ?? 0) - (oldMatch[keyed[k] ?? 0] ?? 0)),
  );
  const anchored = new Set(run.map((k) => keyed[k] ?? 0));
  const moved = new Set(keyed.filter((i) => !anchored.has(i)));

  // Between anchors: pair what is left, in order, when similar.
  const anchors = [...anchored].sort((a, b) => a - b).map((i) => ({ old: i, new: oldMatch[i] ?? 0 }));
  const bounds = [{ old: -1, new: -1 }, ...anchors, { old: olds.length, new: news.length }];
  for (let b = 1; b < bounds.length; b++) {
    const lo = bounds[b - 1];
    const hi = bounds[b];
    if (!lo || !hi) continue;
    const oldGap = range(lo.old + 1, hi.old).filter((i) => oldMatch[i] === undefined);
    const newGap = range(lo.new + 1, hi.new).filter((j) => newMatch[j] === undefined);
    let from = 0;
    for (const i of oldGap) {
      const a = olds[i] as T;
      for (let k = from; k < Math.min(newGap.length, from + LOOKAHEAD); k++) {
        const j = newGap[k] ?? 0;
        if (similar(a, news[j] as T)) {
          oldMatch[i] = j;
          newMatch[j] = i;
          from = k + 1;
          break;
        }
      }
    }
  }

  // In the new list's order; a removed element goes after the element it followed.
  const placed: { pair: Pair; at: number; tie: number }[] = [];
  let lastNew = -1;
  olds.forEach((_, i) => {
    const j = oldMatch[i];
    if (j === undefined) {
      placed.push({ pair: { old: i }, at: lastNew + 0.5, tie: i });
      return;
    }
    if (!moved.has(i)) lastNew = Math.max(lastNew, j);
  });
  news.forEach((_, j) => {
    const i = newMatch[j];
    placed.push({ pair: i === undefined ? { new: j } : { old: i, new: j, ...(moved.has(i) ? { moved: true } : {}) }, at: j, tie: 0 });
  });
  return placed.sort((a, b) => a.at - b.at || a.tie - b.tie).map((p) => p.pair);
}

/** Up to this many keyed elements, the run is chosen with care (quadratic); longer lists take the first longest run. */
const CAREFUL = 2000;

/**
 * Indices (into `values`) of a longest strictly increasing subsequence. Of
 * several, the one whose elements moved least (`cost`): when two items swap
 * places, they moved, not the item between them.
 */
export function increasingRun(values: readonly number[], cost: (k: number) => number = () => 0): number[] {
  return values.length <= CAREFUL ? cheapestRun(values, cost) : patienceRun(values);
}

function cheapestRun(values: readonly number[], cost: (k: number) => number): number[] {
  const length: number[] = [];
  const total: number[] = [];
  const previous: number[] = [];
  let best = -1;
  values.forEach((v, i) => {
    length[i] = 1;
    total[i] = cost(i);
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      if ((values[j] ?? 0) >= v) continue;
      const len = (length[j] ?? 0) + 1;
      const sum = (total[j] ?? 0) + cost(i);
      if (len > (length[i] ?? 0) || (len === length[i] && sum < (total[i] ?? 0))) {
        length[i] = len;
        total[i] = sum;
        previous[i] = j;
      }
    }
    if (best < 0 || (length[i] ?? 0) > (length[best] ?? 0) || (length[i] === length[best] && (total[i] ?? 0) < (total[best] ?? 0))) best = i;
  });
  const run: number[] = [];
  for (let i = best; i >= 0; i = previous[i] ?? -1) run.push(i);
  return run.reverse();
}

function patienceRun(values: readonly number[]): number[] {
  const tails: number[] = []; // tails[k]: index of the smallest tail of a run of length k + 1
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] ?? 0] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] ?? -1) : -1;
    tails[lo] = i;
  });
  const run: number[] = [];
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i] ?? -1) run.push(i);
  return run.reverse();
}

/** How alike two texts are, 0 to 1: the share of letter pairs they have in common (Dice), case and spacing aside. */
export function similarity(a: string, b: string): number {
  const x = pairsOf(a);
  const y = pairsOf(b);
  if (x.size === 0 || y.size === 0) return a.trim().toLowerCase() === b.trim().toLowerCase() ? 1 : 0;
  let common = 0;
  let total = 0;
  for (const [pair, n] of x) {
    common += Math.min(n, y.get(pair) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return (2 * common) / total;
}

/** Texts close enough to be one text, edited, rather than one removed and another added. */
export const SIMILAR = 0.6;

export const isSimilar = (a: string, b: string): boolean => similarity(a, b) >= SIMILAR;

function pairsOf(text: string): Map<string, number> {
  const s = text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const pairs = new Map<string, number>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = `${chars[i]}${chars[i + 1]}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  return pairs;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
