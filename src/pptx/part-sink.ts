/**
 * What the deck's PartsZip hands each part through as pptxgenjs adds it
 * (see `captureParts`): a function that may give the part in another form
 * (a slide fixed at once, its bytes deflated ahead: normalise.ts
 * `earlyFixes`), or undefined to keep it as it came. pptxgenjs makes the deck's zip at once
 * when its write starts, before any await, so the zip made next takes the
 * sink set just before: two captures at once never get each other's.
 */
import type { Part } from './parts.js';

export type PartSink = (name: string, text: string) => Part | undefined;

let next: PartSink | undefined;

/** The sink for the next PartsZip made (undefined: none). */
export function sinkNextZip(sink: PartSink | undefined): void {
  next = sink;
}

/** Takes the sink set for the zip being made, once. */
export function takeSink(): PartSink | undefined {
  const sink = next;
  next = undefined;
  return sink;
}
