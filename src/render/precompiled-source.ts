/**
 * The module that stands for precompiled.ts in the bundle (startup/bundle.ts):
 * each shipped set compiled ahead of time, found by its writtenKey.
 */
import { Renderer } from './render.js';
import { shippedSets } from '../templates/shipped.js';
import { writtenKey } from './written-clean.js';

/** The module's JavaScript. Sets with the same templates (a theme in each locale) share one list. */
export async function precompiledSource(): Promise<string> {
  const lists = new Map<string, string>();
  const entries: string[] = [];
  for (const set of await shippedSets()) {
    // An empty map: the set is compiled here, never taken from an earlier precompiled module.
    const specs = new Renderer(set, undefined, new Map()).precompile();
    if (!specs) continue; // a shipped template with a problem compiles at run time, where it is reported
    const list = `[\n${specs.join(',\n')}\n]`;
    if (!lists.has(list)) lists.set(list, `set${lists.size}`);
    entries.push(`[${JSON.stringify(writtenKey(set))}, ${lists.get(list)!}]`);
  }
  const declarations = [...lists].map(([list, name]) => `const ${name} = ${list};`);
  return `${declarations.join('\n')}\nexport const PRECOMPILED = new Map([${entries.join(', ')}]);\n`;
}
