/** Builds decks in-process for tests, once per data file and theme. */
import { resolve } from 'node:path';
import { buildDeck, type BuildOutput } from '../../src/index.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CONFERENCE = resolve(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml');
export const TEMPLATES = resolve(ROOT, 'templates');

const cache = new Map<string, Promise<BuildOutput>>();

export function buildOnce(data: string, theme = 'default'): Promise<BuildOutput> {
  const key = `${data}\0${theme}`;
  let build = cache.get(key);
  if (!build) {
    build = buildDeck({ data, templates: TEMPLATES, theme });
    cache.set(key, build);
  }
  return build;
}
