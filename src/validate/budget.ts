/**
 * How large a deck a report may make. A deck of tens of thousands of slides
 * takes minutes and gigabytes to build, and no one can present it, so two
 * limits hold:
 * - MAX_SLIDES, on the slides drawn: the renderer stops at the section whose
 *   slides pass it, once fitting has spread long lists over "(tiếp theo)"
 *   slides (`validate` draws every slide too, so it says what `build` will);
 * - MAX_COUNTED_SLIDES, on the data alone, before anything is drawn: each
 *   section, statistic, chart, point, numbered item, table row and comparison
 *   point can end on a slide of its own (at worst one item a slide), so
 *   their count bounds the deck. It is looser, because short points share a
 *   slide: a 10.000-slide report of five points a slide counts about 42.000.
 *   It keeps a report from costing the drawing of MAX_SLIDES slides when
 *   its data alone says it is far too large. A section's own `slides:` list
 *   counts every step, so a list of steps each showing a long list cannot
 *   multiply into millions of slides. The schema's rule (schema.ts) calls it.
 */
import type { Section } from './schema.js';

/** The most slides a deck may have, drawn and fitted. */
export const MAX_SLIDES = 20_000;

/** The most slides a report's data may count, at one item a slide. The 10.000-slide benchmark report counts about 42.000. */
export const MAX_COUNTED_SLIDES = 50_000;

/** The index of the section at which the report passes `max` slides, counting the title and closing; undefined within it. */
export function sectionPassingSlideLimit(sections: readonly Section[], max = MAX_COUNTED_SLIDES): number | undefined {
  let count = 2; // the title and closing slides
  for (const [i, section] of sections.entries()) {
    count += slidesOf(section);
    if (count > max) return i;
  }
  return undefined;
}

/** The most slides a section can make: its divider, its agenda line, and one for each thing it shows. */
function slidesOf(section: Section): number {
  const own = (section.divider ? 1 : 0) + (section.agenda ? 1 : 0);
  if (section.slides) return own + section.slides.reduce((sum, step) => sum + (step.from === null ? 1 : shown(section, step.from)), 0);
  return (
    own +
    shown(section, 'stats') +
    shown(section, 'charts') +
    shown(section, 'points') +
    shown(section, 'items') +
    shown(section, 'table.rows') +
    shown(section, 'compare') +
    shown(section, 'picture') +
    shown(section, 'quote')
  );
}

/** The lengths are read with care: a rule runs on data zod has checked, but costs nothing to make safe. */
const length = (list: unknown): number => (Array.isArray(list) ? list.length : 0);

function shown(section: Section, field: NonNullable<NonNullable<Section['slides']>[number]['from']>): number {
  switch (field) {
    case 'stats':
    case 'charts':
    case 'points':
    case 'items':
      return length(section[field]);
    case 'table.rows':
      return length(section.table?.rows);
    case 'compare':
      return section.compare ? length(section.compare.left?.points) + length(section.compare.right?.points) : 0;
    case 'lead':
    case 'picture':
    case 'quote':
      return section[field] === null || section[field] === undefined ? 0 : 1;
  }
}
