/**
 * The slides the last build drew, by what each was drawn from: a rebuild
 * (watch, after one figure changed) draws again only the slides whose data
 * changed. Drawing is a pure function of the layout, the slide's context and
 * the pictures, so a slide drawn from the same three is the same slide, and
 * its diagnostics the same diagnostics. Only decks of up to MAX_SLIDES_KEPT
 * planned slides are kept: a rebuild of a big deck is not interactive, and
 * keying it would cost time and memory.
 */
import { createHash } from 'node:crypto';
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
  private pictures = '';

  /** Starts a build: what the previous one drew is kept for it, what this one draws for the next. */
  begin(plan: readonly PlannedSlide[], images: ImageSet): boolean {
    const keep = plan.length <= MAX_SLIDES_KEPT;
    this.last = keep ? this.next : new Map();
    this.next = new Map();
    this.pictures = keep ? fingerprint(images) : '';
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

/** The pictures, by path and content: a picture replaced on disk draws its slides again. */
function fingerprint(images: ImageSet): string {
  const hash = createHash('sha1');
  for (const [path, image] of [...images].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(path).update('\u0000').update(image.bytes);
    if (image.svg) hash.update(image.svg);
  }
  return hash.digest('hex');
}
