import type { XmlElement } from '../xml.js';

/**
 * Elements in a schema sequence's order, stably: an element the order does
 * not name keeps its place after the named element before it.
 */
export function sortBySchema(elements: readonly XmlElement[], order: readonly string[]): XmlElement[] {
  let previous = -1;
  const ranked = elements.map((e, index) => {
    const known = order.indexOf(e.name);
    previous = known >= 0 ? known : previous;
    return { e, rank: previous, index };
  });
  return ranked.sort((x, y) => x.rank - y.rank || x.index - y.index).map((r) => r.e);
}
