/**
 * The order a slide's shapes are written in, which is the order a screen
 * reader announces them and PowerPoint's Tab key visits them: the title
 * first, then the content top to bottom and left to right. It is taken a
 * block at a time (a block is what one element at the root of the layout
 * drew: a text, a card of a <row>, a whole <column>), so a card's figure and
 * its label are read together, in the order the layout wrote them.
 *
 * The shape tree is also the drawing order: a later shape is drawn over an
 * earlier one. Blocks that overlap therefore keep the order the layout wrote
 * them in (a band behind a title stays behind it); only blocks that do not
 * touch are moved, so the slide looks exactly as before.
 */
import type { Box, Shape } from '../model/deck.js';

/** Tops closer than this (inches) are one line of the slide, read left to right. */
const SAME_LINE = 0.05;

/** The shapes of the blocks, in reading order. Pure: the blocks are not changed. */
export function readingOrder(blocks: readonly (readonly Shape[])[]): Shape[] {
  const present = blocks.filter((b) => b.length > 0);
  const bounds = present.map(boundsOf);
  const isTitle = present.map((b) => b.some((s) => s.kind === 'text' && s.placeholder !== undefined));
  // A block must come after every earlier block it overlaps (drawing order).
  const after = present.map((_, i) => present.flatMap((__, j) => (j < i && overlaps(bounds[i]!, bounds[j]!) ? [j] : [])));
  const placed = new Set<number>();
  const order: number[] = [];
  while (order.length < present.length) {
    let next = -1;
    for (let i = 0; i < present.length; i++) {
      if (placed.has(i) || !after[i]!.every((j) => placed.has(j))) continue;
      if (next < 0 || readsBefore(i, next)) next = i;
    }
    placed.add(next);
    order.push(next);
  }
  return order.flatMap((i) => present[i]!);

  function readsBefore(a: number, b: number): boolean {
    if (isTitle[a] !== isTitle[b]) return isTitle[a]!;
    const p = bounds[a]!;
    const q = bounds[b]!;
    if (Math.abs(p.y - q.y) > SAME_LINE) return p.y < q.y;
    if (p.x !== q.x) return p.x < q.x;
    return a < b;
  }
}

/** The smallest box holding every shape of a block. */
function boundsOf(block: readonly Shape[]): Box {
  const x = Math.min(...block.map((s) => s.box.x));
  const y = Math.min(...block.map((s) => s.box.y));
  const right = Math.max(...block.map((s) => s.box.x + s.box.w));
  const bottom = Math.max(...block.map((s) => s.box.y + s.box.h));
  return { x, y, w: right - x, h: bottom - y };
}

/** Boxes that share some area; boxes that only touch along an edge do not. */
function overlaps(a: Box, b: Box): boolean {
  const EDGE = 1e-6;
  return a.x + a.w > b.x + EDGE && b.x + b.w > a.x + EDGE && a.y + a.h > b.y + EDGE && b.y + b.h > a.y + EDGE;
}
