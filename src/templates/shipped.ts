/**
 * The template sets briefdeck ships: each theme under templates/ in each
 * locale of templates/locales/. The build checks them
 * (render/written-clean-build.ts), compiles them ahead of time
 * (render/precompiled-source.ts) and finds the words they use
 * (shipped-words-source.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listThemes, loadTemplates, type TemplateSet } from './load.js';

/** The shipped templates (index.ts's DEFAULT_TEMPLATES, found the same way: templates/ is a stage and may not import the entry). */
const DEFAULT_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Each shipped theme in each shipped locale that loads, in a fixed order. */
export async function shippedSets(): Promise<TemplateSet[]> {
  const locales = readdirSync(join(DEFAULT_TEMPLATES, 'locales'))
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => n.slice(0, -'.yaml'.length))
    .sort();
  const sets: TemplateSet[] = [];
  for (const theme of await listThemes(DEFAULT_TEMPLATES)) {
    for (const locale of locales) {
      const set = await loadTemplates(DEFAULT_TEMPLATES, theme, locale);
      if (set.value) sets.push(set.value);
    }
  }
  return sets;
}
