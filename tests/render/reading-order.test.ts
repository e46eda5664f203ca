/**
 * The reading order of a slide's shapes (render/reading-order.ts): the title
 * first, then blocks top to bottom and left to right, each block's shapes in
 * the order its layout wrote them; blocks that overlap keep their drawing
 * order, so that the slide looks the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Box, RectShape, Shape, TextShape } from '../../src/model/deck.js';
import { readingOrder } from '../../src/render/reading-order.js';

const rect = (x: number, y: number, w = 1, h = 1): RectShape => ({ kind: 'rect', box: { x, y, w, h }, radius: 0 });
const text = (x: number, y: number, placeholder?: TextShape['placeholder']): TextShape => ({
  kind: 'text',
  box: { x, y, w: 1, h: 1 },
  style: {} as TextShape['style'],
  paragraphs: [],
  ...(placeholder ? { placeholder } : {}),
});

const bounds = (block: Shape[]): Box => {
  const x = Math.min(...block.map((s) => s.box.x));
  const y = Math.min(...block.map((s) => s.box.y));
  return { x, y, w: Math.max(...block.map((s) => s.box.x + s.box.w)) - x, h: Math.max(...block.map((s) => s.box.y + s.box.h)) - y };
};
const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('readingOrder', () => {
  it('puts the title first even when the layout wrote it below its kicker', () => {
    const kicker = text(1, 1);
    const title = text(1, 3, 'ctrTitle');
    const meta = text(1, 5);
    expect(readingOrder([[kicker], [title], [meta]])).toEqual([title, kicker, meta]);
  });

  it('reads blocks top to bottom, then left to right on one line, a block at a time', () => {
    const title = text(0, 0, 'title');
    const cardA = [rect(1, 2), text(1.1, 2.1)];
    const cardB = [rect(3, 2), text(3.1, 2.1)];
    const below = text(1, 5);
    expect(readingOrder([[title], [below], cardB, cardA])).toEqual([title, ...cardA, ...cardB, below]);
  });

  it('keeps a block after an earlier block it overlaps, as drawn: a band stays behind the text on it', () => {
    const band = rect(0, 2, 10, 2);
    const onBand = text(1, 1.5); // starts higher than the band, but is drawn over it
    expect(readingOrder([[band], [onBand]])).toEqual([band, onBand]);
  });

  it('keeps every shape once, each block in its own order, and overlapping blocks in drawing order', () => {
    const arbitrary = fc.array(fc.array(fc.record({ x: fc.integer({ min: 0, max: 12 }), y: fc.integer({ min: 0, max: 6 }), w: fc.integer({ min: 1, max: 5 }), h: fc.integer({ min: 1, max: 3 }), title: fc.boolean() }), { maxLength: 3 }), { maxLength: 8 });
    fc.assert(
      fc.property(arbitrary, (spec) => {
        const blocks: Shape[][] = spec.map((block) => block.map((s) => (s.title ? text(s.x, s.y, 'title') : rect(s.x, s.y, s.w, s.h))));
        const order = readingOrder(blocks);
        expect(order).toHaveLength(blocks.flat().length);
        expect(new Set(order)).toEqual(new Set(blocks.flat()));
        // Within a block, the layout's order; between overlapping blocks, the drawing order.
        const at = new Map(order.map((s, i) => [s, i]));
        for (const block of blocks) for (let i = 1; i < block.length; i++) expect(at.get(block[i]!)!).toBeGreaterThan(at.get(block[i - 1]!)!);
        blocks.forEach((a, i) =>
          blocks.slice(i + 1).forEach((b) => {
            if (a.length > 0 && b.length > 0 && overlap(bounds(a), bounds(b))) expect(Math.max(...a.map((s) => at.get(s)!))).toBeLessThan(Math.min(...b.map((s) => at.get(s)!)));
          }),
        );
      }),
    );
  });
});
