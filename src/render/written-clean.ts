/**
 * Template sets known to write their markup without a mistake, so that a
 * build need not check them again: checking every layout, master and
 * partial as written (Renderer.checkWrittenMarkup) parses all of them, the
 * ones a report never uses too, 35-38 ms of a 30-slide build.
 *
 * `npm run build` checks each shipped theme in each shipped locale and
 * writes the keys of those with no finding to `written-clean.json` beside
 * this module (written-clean-build.ts). A key is a digest of everything the
 * check reads: each template's kind, name and text, the theme and the
 * locale. Any other set, or a shipped one edited, is checked as before.
 * Under a TypeScript runner (the tests) there is no such file beside the
 * module, and every set is checked.
 */
import { createRequire } from 'node:module';
import type { TemplateSet } from '../templates/load.js';

/** A digest of what checking a set's written markup reads: two FNV-1a hashes (64 bits) of its JSON. */
export function writtenKey(templates: TemplateSet): string {
  const { layouts, masters, partials, theme, locale } = templates;
  const sources = (kind: string, map: TemplateSet['layouts']): [string, string, string][] => [...map.values()].map((s) => [kind, s.name, s.source]);
  const text = JSON.stringify([theme, locale, ...sources('layout', layouts), ...sources('master', masters), ...sources('partial', partials)]);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

export const WRITTEN_CLEAN_FILE = 'written-clean.json';

let clean: ReadonlySet<string> | undefined;

/** Whether `key` is a shipped set the build found clean. */
export function knownClean(key: string): boolean {
  clean ??= readClean();
  return clean.has(key);
}

function readClean(): ReadonlySet<string> {
  if (!import.meta.url.endsWith('.js')) return new Set();
  try {
    const { readFileSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    const keys: unknown = JSON.parse(readFileSync(new URL(`./${WRITTEN_CLEAN_FILE}`, import.meta.url), 'utf8'));
    return new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set(); // not built: every set is checked
  }
}
