/** Builds decks in-process for tests, once per data file and theme. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/**
 * The conference report copied into a new folder, as a deck being watched:
 * its data file (the report after `edit`, when given), the deck beside it,
 * and the report's own text.
 */
export function conferenceCopy(prefix: string, edit: (text: string) => string = (text) => text): { data: string; deck: string; original: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const data = join(dir, 'report.yaml');
  const original = readFileSync(CONFERENCE, 'utf8');
  writeFileSync(data, edit(original));
  return { data, deck: join(dir, 'report.pptx'), original };
}
