/**
 * The words shipped templates use, found at build time
 * (templates/shipped-words.ts): the table the bundle holds gives exactly what
 * parsing gives, and a template whose text is not in it is parsed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordUses } from '../../src/templates/check.js';
import { templatesOf } from '../../src/templates/load.js';
import { shippedWordsSource } from '../../src/templates/shipped-words-source.js';
import type { KnownWordUse } from '../../src/templates/shipped-words.js';
import { shippedSets } from '../../src/templates/shipped.js';
import { ROOT } from '../helpers/build.js';

const BUNDLE = join(ROOT, 'dist', 'briefdeck.cjs');

/** The module the bundle holds, run. */
async function table(): Promise<ReadonlyMap<string, readonly KnownWordUse[]>> {
  const source = await shippedWordsSource();
  const module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as { SHIPPED_WORD_USES: Map<string, KnownWordUse[]> };
  return module.SHIPPED_WORD_USES;
}

describe('the words of the shipped templates', () => {
  it('are what parsing finds, in every shipped set, and some templates use words', async () => {
    const known = await table();
    let used = 0;
    for (const set of await shippedSets()) {
      const sources = templatesOf(set);
      for (const source of sources) expect(known.has(source.source), source.file).toBe(true);
      const parsed = wordUses(sources, new Map());
      expect(wordUses(sources, known)).toEqual(parsed);
      used += parsed.length;
    }
    expect(used).toBeGreaterThan(0);
  });

  it('are found by parsing for a template whose text is not in the table', async () => {
    const known = await table();
    const [set] = await shippedSets();
    const [first] = templatesOf(set!);
    const edited = { ...first!, source: `{{t "chart"}}\n${first!.source}` };
    const uses = wordUses([edited], known);
    expect(uses[0]).toEqual({ word: 'chart', source: edited, line: 1, col: 1 });
    expect(uses.slice(1).map((u) => [u.word, u.line - 1, u.col])).toEqual(wordUses([first!], known).map((u) => [u.word, u.line, u.col]));
  });

  it.runIf(existsSync(BUNDLE))('are in the bundle the build wrote', async () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    expect(bundle).toMatch(/SHIPPED_WORD_USES=new Map\(\[\[/);
    expect((await table()).size).toBeGreaterThan(0);
  });
});
