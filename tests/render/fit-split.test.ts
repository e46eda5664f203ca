/**
 * A list too long for its slide is spread over the fewest slides on which
 * every part fits (render.ts `renderFitted`), and finding that number is
 * not quadratic: a try stops at its first part that does not fit, and a
 * number of parts that cuts the list as the one before did is not tried
 * again. 2.000 stat cards on one slide took 254 s before (a hostile draw of
 * tests/fuzz.mutations.test.ts); the renders are counted here, not timed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { createMeasurer } from '../../src/fit/measure.js';
import { DeckBuilder } from '../../src/index.js';
import { Renderer } from '../../src/render/render.js';
import { CONFERENCE, TEMPLATES } from '../helpers/build.js';
import { said } from '../helpers/said.js';

const work = mkdtempSync(join(tmpdir(), 'briefdeck-fit-split-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The conference report with its third section's one stat card repeated `count` times. */
function manyCards(count: number): string {
  const data = parse(readFileSync(CONFERENCE, 'utf8')) as { sections: { stats: unknown[] }[] };
  const stats = data.sections[2]!.stats;
  data.sections[2]!.stats = Array.from({ length: count }, (_, i) => structuredClone(stats[i % stats.length]));
  const file = join(work, `cards-${count}.yaml`);
  writeFileSync(file, stringify(data));
  return file;
}

async function rendered(count: number) {
  const checked = (await new DeckBuilder().check({ data: manyCards(count), templates: TEMPLATES })).value!;
  const renderer = new Renderer(checked.templates, createMeasurer());
  const renders = vi.spyOn(renderer as unknown as { renderOnce: () => unknown }, 'renderOnce');
  const deck = renderer.renderDeck(checked.report, checked.slides, checked.images);
  const split = deck.diagnostics.filter((d) => d.code === 'fit-split' && d.dataPath?.[1] === 2);
  return { deck, split, renders: renders.mock.calls.length, slides: deck.value!.slides.length };
}

describe('spreading a long list over slides', () => {
  it('spreads 150 stat cards over the slides its warning names, none overflowing, with renders in proportion to the slides, not their square', async () => {
    const base = await rendered(1);
    const { deck, split, renders, slides } = await rendered(150);
    expect(split).toHaveLength(1);
    const parts = Number(/(\d+)/.exec(said(split[0]!).message)![1]);
    expect(slides - base.slides).toBe(parts - 1);
    expect(deck.diagnostics.filter((d) => d.code === 'fit-overflow')).toEqual([]);
    // Trying every part of 2, 3, ... parts renders about parts²/2 slides (over 300 here); each count of parts
    // cut another way is tried until one part does not fit, and the last is rendered whole.
    const extra = renders - base.renders;
    expect(parts).toBeGreaterThan(20);
    expect(extra).toBeLessThan(4 * parts);
  });
});
