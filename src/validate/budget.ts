/**
 * How large a deck a report may make, checked on the data alone (so
 * `validate` says what `build` will): each section, statistic, chart, point,
 * numbered item, table row and comparison point can end on a slide of its
 * own (fitting moves what does not fit to "(tiếp theo)" slides, at worst one
 * item a slide), so their count bounds the slides of the deck. Over
 * MAX_SLIDES, the report is refused at the section where the count passes
 * the limit: a deck of tens of thousands of slides takes minutes and
 * gigabytes to build, and no one can present it. A section's own `slides:`
 * list counts every step, so a list of steps each showing a long list cannot
 * multiply into millions of slides. The schema's rule (schema.ts) calls it.
 */
import type { Section } from './schema.js';

/** The most slides a report may make, counted as above. The 3.000-slide benchmark report counts about 12.600. */
export const MAX_SLIDES = 20_000;

/** The index of the section at which the report passes `max` slides, counting the title and closing; undefined within it. */
export function sectionPassingSlideLimit(sections: readonly Section[], max = MAX_SLIDES): number | undefined {
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
