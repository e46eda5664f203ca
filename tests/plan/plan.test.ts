import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedChunks, planDeck } from '../../src/plan/plan.js';
import type { Outline } from '../../src/templates/theme.js';
import { reportSchema } from '../../src/validate/schema.js';
import { said } from '../helpers/said.js';

const report = reportSchema.parse({
  meeting: { title: 'Họp', organiser: 'Sở', place: 'Huế', date: '2021-01-15', notes: 'n' },
  sections: [
    { title: 'A', notes: 'ghi chú A', points: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'] },
    { title: 'B', notes: 'ghi chú B', divider: false, agenda: false, items: ['x'], slides: [{ layout: 'numbered', from: 'items' }] },
  ],
  closing: { message: 'Cảm ơn', notes: 'hết' },
});

const outline: Outline = {
  opening: [{ layout: 'title', from: 'meeting', each: false }, { layout: 'agenda', from: 'agenda', each: false }],
  section: [
    { layout: 'section', when: 'divider', each: false },
    { layout: 'bullets', from: 'points', perSlide: 5, each: false },
  ],
  closing: [{ layout: 'closing', from: 'closing', each: false }],
};
const layouts = new Set(['title', 'agenda', 'section', 'bullets', 'numbered', 'closing']);

describe('planDeck', () => {
  it('orders opening, sections and closing, skipping empty fields and false conditions', () => {
    const plan = planDeck(report, outline, layouts).value!;
    expect(plan.map((s) => s.layout)).toEqual(['title', 'agenda', 'section', 'bullets', 'bullets', 'numbered', 'closing']);
    expect(plan[1]!.context.content).toEqual([{ title: 'A', subtitle: null }]);
  });

  it('splits lists evenly, numbering and notes carried onto continuation slides', () => {
    const bullets = planDeck(report, outline, layouts).value!.filter((s) => s.layout === 'bullets');
    expect(bullets.map((s) => (s.context.content as string[]).length)).toEqual([4, 3]);
    expect(bullets.map((s) => [s.context.start, s.context.continued, s.context.part, s.context.parts])).toEqual([
      [1, false, 1, 2],
      [5, true, 2, 2],
    ]);
    expect(bullets.map((s) => s.context.notes)).toEqual(['ghi chú A', 'ghi chú A']);
    expect(bullets[1]!.dataPath).toEqual(['sections', 0, 'points', 4]);
  });

  it('lets a section replace the outline with its own slides', () => {
    const plan = planDeck(report, outline, layouts).value!;
    expect(plan.filter((s) => s.context.section?.title === 'B').map((s) => s.layout)).toEqual(['numbered']);
  });

  it('reports an unknown layout once, listing the valid ones', () => {
    const r = planDeck(report, outline, new Set(['title']));
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => said(d).message)).toContain('unknown layout "agenda" in the outline');
    expect(said(r.diagnostics[0]!).hint).toBe('use one of: title');
  });
});

describe('balancedChunks', () => {
  it('keeps every item in order, in as few chunks as allowed, sizes differing by at most one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (items, max) => {
        const chunks = balancedChunks(items, max);
        expect(chunks.flat()).toEqual(items);
        expect(chunks.length).toBe(Math.ceil(items.length / max));
        const sizes = chunks.map((c) => c.length);
        if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(sizes.every((s) => s <= max && s > 0)).toBe(true);
      }),
    );
  });
});
