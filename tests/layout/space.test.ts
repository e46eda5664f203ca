/**
 * Slides that use their space: on every content slide of every deck here, the
 * content (text as measured, cards, charts, tables, pictures) must reach at
 * least halfway down the content area (the theme's `body` region). A short
 * list set in the top third of the slide, with the rest empty, fails.
 *
 * The decks: the conference, a province's review written for this test, the
 * starter report of `briefdeck init`, and the every-layout fixture, each in
 * the default and the print theme.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import { textHeight } from '../../src/fit/fit.js';
import type { Box, Shape, Slide } from '../../src/model/deck.js';
import type { TextMeasurer } from '../../src/fit/measure.js';
import { CONFERENCE, ROOT, TEMPLATES } from '../helpers/build.js';

const PT = 72;
const DECKS = {
  conference: CONFERENCE,
  province: resolve(ROOT, 'tests', 'fixtures', 'province-review.yaml'),
  starter: resolve(ROOT, 'templates', 'starter', 'bao-cao.yaml'),
  'every-layout': resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml'),
};

/** The lowest point, in inches, that a shape puts ink on: measured text, or the whole box of anything else. */
export function inkBottom(shape: Shape, measurer: TextMeasurer): number | undefined {
  if (shape.kind !== 'text') return shape.box.y + shape.box.h;
  if (shape.paragraphs.every((p) => p.runs.every((r) => r.text.trim() === ''))) return undefined;
  const inner = shape.box.h * PT - 2 * shape.style.margin;
  const height = Math.min(inner, textHeight(shape, measurer));
  const offset = shape.style.valign === 'top' ? 0 : shape.style.valign === 'middle' ? (inner - height) / 2 : inner - height;
  return shape.box.y + (shape.style.margin + offset + height) / PT;
}

/** How far down the content area the slide's content reaches, 0 (top) to 1 (bottom); undefined for a slide with none. */
export function reach(slide: Slide, area: Box, measurer: TextMeasurer): number | undefined {
  const inArea = slide.shapes.filter((s) => s.box.y >= area.y - 0.1 && s.box.y < area.y + area.h);
  const bottoms = inArea.flatMap((s) => {
    const b = inkBottom(s, measurer);
    return b === undefined ? [] : [b];
  });
  if (bottoms.length === 0) return undefined;
  return (Math.max(...bottoms) - area.y) / area.h;
}

const builder = new DeckBuilder();

describe.each(['default', 'print'])('space used on the content slides, theme %s', (theme) => {
  it.each(Object.entries(DECKS))('%s: content reaches at least halfway down', async (_, data) => {
    const rendered = await builder.render({ data, templates: TEMPLATES, theme });
    expect(rendered.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { deck, theme: themeData, measurer } = rendered.value!;
    const area = themeData.regions.body!;
    const content = deck.slides.filter((s) => s.master === 'content');
    expect(content.length).toBeGreaterThan(0);
    const huddled = content.flatMap((slide, i) => {
      const r = reach(slide, area, measurer);
      return r !== undefined && r < 0.5 ? [`${slide.origin.layout} (${slide.origin.dataPath}, content slide ${i + 1}): reaches ${Math.round(r * 100)}%`] : [];
    });
    expect(huddled).toEqual([]);
  });
});

describe('the measure itself', () => {
  it('fails a short list left at the top of the slide, and passes it centred', async () => {
    const rendered = await builder.render({ data: DECKS.province, templates: TEMPLATES });
    const { deck, theme, measurer } = rendered.value!;
    const area = theme.regions.body!;
    const bullets = deck.slides.find((s) => s.origin.layout === 'bullets')!;
    const list = bullets.shapes.find((s) => s.kind === 'text' && s.paragraphs.length > 1 && s.paragraphs.every((p) => p.bullet))!;
    expect(list).toBeDefined();
    // Only the first item, at the style's own size, at the top: the slide looks unfinished.
    const short = { ...list, paragraphs: list.kind === 'text' ? list.paragraphs.slice(0, 1) : [], style: list.kind === 'text' ? { ...list.style, valign: 'top' as const } : undefined } as Shape;
    const lone: Slide = { ...bullets, shapes: bullets.shapes.map((s) => (s === list ? short : s)).filter((s) => s.kind !== 'text' || s === short || s.box.y < area.y - 0.1) };
    expect(reach(lone, area, measurer)).toBeLessThan(0.5);
    const centred = { ...lone, shapes: lone.shapes.map((s) => (s === short && s.kind === 'text' ? { ...s, style: { ...s.style, valign: 'middle' as const } } : s)) };
    expect(reach(centred, area, measurer)).toBeGreaterThanOrEqual(0.5);
  });
});

describe('cards of one slide', () => {
  it.each(Object.entries(DECKS))('%s: share one figure size, and are no taller than cardMaxHeight', async (_, data) => {
    const rendered = await builder.render({ data, templates: TEMPLATES });
    const { deck, theme } = rendered.value!;
    const cardSlides = deck.slides.filter((s) => s.shapes.some((shape) => shape.kind === 'text' && shape.sizeGroup === 'statValue'));
    expect(cardSlides.length).toBeGreaterThan(0);
    for (const slide of cardSlides) {
      const figures = slide.shapes.flatMap((s) => (s.kind === 'text' && s.sizeGroup === 'statValue' ? [s.style.fontSize] : []));
      expect(new Set(figures).size, slide.origin.dataPath).toBe(1);
      const cards = slide.shapes.filter((s) => s.kind === 'rect' && s.box.y >= theme.regions.body!.y - 0.1 && s.box.y < theme.regions.footerRule!.y);
      for (const card of cards) expect(card.box.h).toBeLessThanOrEqual(theme.spacing.cardMaxHeight! + 1e-9);
    }
  });
});
