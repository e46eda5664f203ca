/**
 * The limit on slides drawn (MAX_SLIDES in validate/budget.ts): the renderer
 * counts the slides fitting makes, "(tiếp theo)" slides included, and stops
 * at the planned slide that passes the limit, with an error located there.
 * Shown with small limits on the stress fixture, whose long lists split.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import { createMeasurer } from '../../src/fit/measure.js';
import { Renderer } from '../../src/render/render.js';
import { MAX_SLIDES } from '../../src/validate/budget.js';
import { ROOT, TEMPLATES } from '../helpers/build.js';

const STRESS = resolve(ROOT, 'tests', 'fixtures', 'stress.yaml');

describe('the limit on slides drawn', async () => {
  const checked = await new DeckBuilder().check({ data: STRESS, templates: TEMPLATES });
  const { report, slides: plan, images, templates } = checked.value!;
  const render = (max?: number) => new Renderer(templates, createMeasurer()).renderDeck(report, plan, images, max);
  const whole = render();
  const drawn = whole.value!.slides.length;

  it('is 20.000 by default, and the stress deck is well within it, with continuation slides', () => {
    expect(MAX_SLIDES).toBe(20_000);
    expect(whole.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(drawn).toBeGreaterThan(plan.length); // fitting spread some lists: they count
  });

  it('lets a deck of exactly the limit through', () => {
    const atLimit = render(drawn);
    expect(atLimit.value?.slides.length).toBe(drawn);
  });

  it.each([1, 5, 12])('stops at the planned slide that passes a limit of %i, located at its data', (max) => {
    const limited = render(max);
    expect(limited.value).toBeUndefined();
    const errors = limited.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['too-many-items']);
    expect(errors[0]!.message.params).toEqual({ max });
    // The planned slide at which the slides drawn so far first pass `max`.
    let count = 0;
    const passing = plan.find((planned) => {
      count += new Renderer(templates, createMeasurer()).renderDeck(report, [planned], images).value!.slides.length;
      return count > max;
    });
    expect(errors[0]!.dataPath).toEqual(passing!.dataPath);
  });
});
