/**
 * A deck's package twice: as pptxgenjs writes it (before any fix), and as
 * briefdeck writes it (after every fix), each as part name → part, with each
 * chart workbook as its own map of parts. What tests of the fixes compare.
 */
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { DeckBuilder } from '../../src/index.js';
import { pptxgenParts } from '../../src/pptx/emit.js';
import type { Part } from '../../src/pptx/parts.js';
import { buildOnce, ROOT, TEMPLATES } from './build.js';

export type Parts = Map<string, Part>;

/** The decks the fixes are shown on: every chart type, pictures, tables, both themes. */
export const FIX_DECKS = [
  { data: resolve(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml'), theme: 'default' },
  { data: resolve(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml'), theme: 'print' },
  { data: resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml'), theme: 'default' },
  { data: resolve(ROOT, 'tests', 'fixtures', 'pictures', 'report.yaml'), theme: 'default' },
] as const;

const raw = new Map<string, Promise<Parts>>();

/** The parts pptxgenjs makes of the deck, before briefdeck changes anything. */
export function rawParts(data: string, theme = 'default'): Promise<Parts> {
  const key = `${data}\0${theme}`;
  let parts = raw.get(key);
  if (!parts) {
    parts = (async () => {
      const rendered = await new DeckBuilder().render({ data, templates: TEMPLATES, theme });
      if (!rendered.value) throw new Error(`${data}: ${JSON.stringify(rendered.diagnostics.map((d) => d.code))}`);
      return pptxgenParts(rendered.value.deck);
    })();
    raw.set(key, parts);
  }
  return parts;
}

/** The parts of the deck briefdeck writes; embedded workbooks unzipped into maps of their own. */
export async function builtParts(data: string, theme = 'default'): Promise<Parts> {
  const built = await buildOnce(data, theme);
  if (!built.pptx) throw new Error(`${data}: ${JSON.stringify(built.diagnostics.map((d) => d.code))}`);
  return unzipParts(built.pptx);
}

export function unzipParts(bytes: Uint8Array): Parts {
  const parts: Parts = new Map();
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (name.endsWith('/')) continue;
    parts.set(name, name.endsWith('.xlsx') ? unzipParts(data) : data);
  }
  return parts;
}

/** The workbooks of a deck's parts, by part name. */
export function workbooks(parts: Parts): Map<string, Parts> {
  const found = new Map<string, Parts>();
  for (const [name, data] of parts) if (data instanceof Map) found.set(name, data as Parts);
  return found;
}
