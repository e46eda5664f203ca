/**
 * Build step (`npm run build`): checks the written markup of each shipped
 * theme in each shipped locale and writes the keys of the clean ones to
 * dist/render/written-clean.json (see written-clean.ts).
 *
 *   node dist/render/written-clean-build.js
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Renderer } from './render.js';
import { shippedSets } from '../templates/shipped.js';
import { WRITTEN_CLEAN_FILE, writtenKey } from './written-clean.js';

const keys: string[] = [];
for (const set of await shippedSets()) {
  if (new Renderer(set).findWrittenMistakes().length === 0) keys.push(writtenKey(set));
}
const out = fileURLToPath(new URL(`./${WRITTEN_CLEAN_FILE}`, import.meta.url));
writeFileSync(out, `${JSON.stringify(keys.sort(), null, 1)}\n`);
console.log(`written-clean: ${keys.length} shipped template sets checked clean (${out})`);
