/**
 * The slides the last build drew, by what each was drawn from: a rebuild
 * (watch, after one figure changed) draws again only the slides whose data
 * changed. Drawing is a pure function of the layout, the slide's context and
 * the pictures, so a slide drawn from the same three is the same slide, and
 * its diagnostics the same diagnostics. Only decks of up to MAX_SLIDES_KEPT
 * planned slides are kept: a rebuild of a big deck is not interactive, and
 * keying it would cost time and memory.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ImageSet } from '../load/images.js';
import type { Slide } from '../model/deck.js';
import type { PlannedSlide } from '../plan/plan.js';

const MAX_SLIDES_KEPT = 300;

export interface Drawn {
  slides: Slide[];
  diagnostics: Diagnostic[];
}

export class SlideMemo {
  private last = new Map<string, Drawn>();
  private next = new Map<string, Drawn>();
  /** The pictures of the last build, and a number that changes whenever a build's pictures differ from the last's. */
  private lastImages: ImageSet | undefined;
  private generation = 0;
  private pictures = '';

  /** Starts a build: what the previous one drew is kept for it, what this one draws for the next. */
  begin(plan: readonly PlannedSlide[], images: ImageSet): boolean {
    const keep = plan.length <= MAX_SLIDES_KEPT;
    this.last = keep ? this.next : new Map();
    this.next = new Map();
    if (!keep || !this.lastImages || !sameImages(this.lastImages, images)) this.generation++;
    this.lastImages = keep ? images : undefined;
    this.pictures = String(this.generation);
    return keep;
  }

  /** The slides drawn from `planned` by the last build, or drawn now by `draw` (and kept for the next). */
  draw(planned: PlannedSlide, draw: () => Drawn): Drawn {
    const key = `${planned.layout}\u0000${JSON.stringify(planned.dataPath)}\u0000${JSON.stringify(planned.context)}\u0000${this.pictures}`;
    const drawn = this.last.get(key) ?? draw();
    this.next.set(key, drawn);
    return drawn;
  }
}

/** The same pictures, by path and content: a picture replaced on disk draws its slides again. */
function sameImages(a: ImageSet, b: ImageSet): boolean {
  if (a.size !== b.size) return false;
  for (const [path, image] of a) {
    const other = b.get(path);
    if (!other || !sameBytes(image.bytes, other.bytes) || !sameBytes(image.svg, other.svg)) return false;
  }
  return true;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === undefined || b === undefined ? a === b : Buffer.compare(a, b) === 0;
