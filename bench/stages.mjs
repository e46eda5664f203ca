/**
 * briefdeck's time per stage, in-process: `buildDeck` from dist/, its
 * `timings` (load, validate, plan, render, emit, zip), and the write timed
 * here. Prints one JSON line.
 *
 *   node bench/stages.mjs <data.yaml> <out.pptx>
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [, , data, output] = process.argv;
const started = performance.now();
const { buildDeck } = await import('../dist/index.js');
const imported = performance.now();
const result = await buildDeck({ data });
const built = performance.now();
if (!result.pptx) {
  console.error(result.diagnostics.map((d) => d.message).join('\n'));
  process.exit(1);
}
writeFileSync(output, result.pptx);
const written = performance.now();
console.log(
  JSON.stringify({
    slides: result.slideCount,
    bytes: result.pptx.length,
    import: imported - started,
    build: built - imported,
    timings: { ...result.timings, write: written - built },
  }),
);
