/**
 * The slide XML pptxgenjs wrote for the last small deck, kept so that a
 * rebuild (watch, after one figure changed) does not have pptxgenjs write
 * the unchanged slides again: their text boxes, rectangles and tables are
 * not added, and the part is the one written last time.
 *
 * What pptxgenjs 4.0.1 writes for a slide (`slideObjectToXml`) depends on
 * the slide's shapes, its master (a title placeholder takes the master's
 * box), the slide's number (a table's frame id is a multiple of it), the
 * slide size and the language, and on nothing else. A slide is taken from
 * the memo only when all of these are the same as last time: the same model
 * (compared in full, see `sameModel`), at the same position, in a deck of
 * the same masters, size and language.
 *
 * Charts and pictures are still added, in their order: they are what give
 * the slide its relationships (rId1, rId2, … by the order they are added),
 * and the deck its chart parts and media, which other slides number after.
 * The model has no link in text or tables, so nothing else adds one.
 */
import type { Deck, Shape, Slide } from '../model/deck.js';

/** Like the render memo (render/slide-memo.ts): a rebuild of a big deck is not interactive. */
const MAX_SLIDES_KEPT = 300;

/** What a deck's slides are written in, besides their own shapes. */
type Surroundings = Pick<Deck, 'masters' | 'size' | 'lang'>;

interface Kept {
  surroundings: Surroundings;
  slides: readonly Slide[];
  xml: readonly (string | undefined)[];
}

/** The name of the n-th slide's part (from 0), as pptxgenjs names it. */
export const slidePartName = (index: number): string => `ppt/slides/slide${index + 1}.xml`;

/** Shapes that add a relationship to their slide: added to every slide, kept or not. */
export const addsRelationship = (shape: Shape): boolean => shape.kind === 'chart' || shape.kind === 'image';

export class SlideXmlMemo {
  private kept: Kept | undefined;

  /**
   * For each slide of `deck`, its XML as written last time, when the slide
   * and what it is written in are unchanged; undefined where it must be
   * written.
   */
  reusable(deck: Deck): (string | undefined)[] {
    const kept = this.kept;
    if (!kept || deck.slides.length > MAX_SLIDES_KEPT || !sameModel(surroundings(deck), kept.surroundings)) return [];
    return deck.slides.map((slide, i) => (i < kept.slides.length && sameModel(slide, kept.slides[i]) ? kept.xml[i] : undefined));
  }

  /**
   * Keeps what was written for `deck` for the next build, and puts each
   * reused slide's XML into `parts` in place of what pptxgenjs wrote for it
   * (only its charts and pictures).
   */
  settle(deck: Deck, reused: readonly (string | undefined)[], parts: Map<string, unknown>): void {
    this.kept = undefined;
    const xml = deck.slides.map((_, i) => {
      const name = slidePartName(i);
      const kept = reused[i];
      if (kept !== undefined) parts.set(name, kept);
      const written = parts.get(name);
      return typeof written === 'string' ? written : undefined;
    });
    if (deck.slides.length <= MAX_SLIDES_KEPT) this.kept = { surroundings: surroundings(deck), slides: deck.slides, xml };
  }

  /** Drops what is kept: the next build writes every slide. */
  forget(): void {
    this.kept = undefined;
  }
}

const surroundings = (deck: Deck): Surroundings => ({ masters: deck.masters, size: deck.size, lang: deck.lang });

/**
 * Whether two parts of the deck model are the same: the same object, or
 * the same fields in the same order holding the same values (pictures by
 * their bytes, dates by their time; any other kind of object only when it
 * is the same one). A rebuild shares most objects with the last build (the
 * render memo hands back the slides it drew), so most comparisons end at
 * the first `===`.
 */
export function sameModel(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
  }
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) !== Array.isArray(b) || !plainOrArray(a) || !plainOrArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i]!;
    if (key !== keysB[i] || !sameModel((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** What `sameModel` compares field by field: a map or a set has no fields to compare. */
const plainOrArray = (value: object): boolean => Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
