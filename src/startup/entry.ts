/**
 * What the bundle (dist/briefdeck.cjs) exports: the command line for bin.ts,
 * and the builder, with which bundle.ts warms the code cache.
 */
export { run } from '../cli.js';
export { buildDeck } from '../index.js';
