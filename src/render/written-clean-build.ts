/**
 * Build step (`npm run build`): checks the written markup of each shipped
 * theme in each shipped locale and writes the keys of the clean ones to
 * dist/render/written-clean.json (see written-clean.ts).
 *
 *   node dist/render/written-clean-build.js
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listThemes, loadTemplates } from '../templates/load.js';
import { Renderer } from './render.js';
import { WRITTEN_CLEAN_FILE, writtenKey } from './written-clean.js';

/** The shipped templates (index.ts's DEFAULT_TEMPLATES, found the same way: render/ is a stage and may not import the entry). */
const DEFAULT_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const locales = readdirSync(join(DEFAULT_TEMPLATES, 'locales'))
  .filter((n) => n.endsWith('.yaml'))
  .map((n) => n.slice(0, -'.yaml'.length))
  .sort();
const keys: string[] = [];
for (const theme of await listThemes(DEFAULT_TEMPLATES)) {
  for (const locale of locales) {
    const set = await loadTemplates(DEFAULT_TEMPLATES, theme, locale);
    if (!set.value) continue;
    if (new Renderer(set.value).findWrittenMistakes().length === 0) keys.push(writtenKey(set.value));
  }
}
const out = fileURLToPath(new URL(`./${WRITTEN_CLEAN_FILE}`, import.meta.url));
writeFileSync(out, `${JSON.stringify(keys.sort(), null, 1)}\n`);
console.log(`written-clean: ${keys.length} shipped template sets checked clean (${out})`);
