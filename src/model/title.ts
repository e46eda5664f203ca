/** A slide's title as the deck model holds it: the text of its title placeholder. */
import type { Shape } from './deck.js';

/** The text of the slide's title placeholder, if one of its shapes is; paragraphs joined by a space. */
export function titleText(shapes: readonly Shape[]): string | undefined {
  const title = shapes.find((s) => s.kind === 'text' && s.placeholder !== undefined);
  return title?.kind === 'text' ? title.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' ').trim() : undefined;
}
