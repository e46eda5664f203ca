/**
 * The module that stands for shipped-words.ts in the bundle
 * (startup/bundle.ts): each shipped template's text, with the words it uses.
 */
import { wordUses } from './check.js';
import { templatesOf } from './load.js';
import type { KnownWordUse } from './shipped-words.js';
import { shippedSets } from './shipped.js';

/** The module's JavaScript. */
export async function shippedWordsSource(): Promise<string> {
  const known = new Map<string, KnownWordUse[]>();
  for (const set of await shippedSets()) {
    for (const source of templatesOf(set)) {
      // An empty map: the words are found by parsing here, never taken from an earlier table.
      known.set(source.source, wordUses([source], new Map()).map((use) => [use.word, use.line, use.col] as const));
    }
  }
  return `export const SHIPPED_WORD_USES = new Map(${JSON.stringify([...known])});\n`;
}
