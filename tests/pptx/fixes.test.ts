/**
 * Every fix in the registry, on real decks: each defect is in what pptxgenjs
 * writes for at least one of the FIX_DECKS (so a pptxgenjs upgrade that
 * changes its output fails here, instead of leaving a fix that silently
 * matches nothing), and no defect is left in any deck briefdeck writes.
 * Each area's own tests (tests/pptx/fixes/*.test.ts) check what each fix
 * writes in its place.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixContext, PackageFix, PartFix } from '../../src/pptx/fixes/fix.js';
import { ALL_PACKAGE_FIXES, PART_FIXES } from '../../src/pptx/fixes/index.js';
import { nameShape, partFixes } from '../../src/pptx/normalise.js';
import { partText } from '../../src/pptx/parts.js';
import { attr, descendants, parseXml, textOf } from '../../src/pptx/xml.js';
import { ROOT } from '../helpers/build.js';
import { builtParts, FIX_DECKS, rawParts, workbooks, type Parts } from '../helpers/raw.js';

/**
 * Fixes whose defect the FIX_DECKS never show, each with the reason and the
 * hand-written test that shows it instead.
 */
const NOT_IN_THE_DECKS: Record<string, string> = {
  'section-ids': 'briefdeck adds no sections; tests/pptx/fixes/slides.test.ts shows it on XML pptxgenjs writes for addSection',
  'chart-random-ids': 'only scatter charts with custom labels get random ids, and briefdeck draws none; tests/pptx/fixes/charts.test.ts shows it on a scatter part as pptxgenjs writes it',
  'workbook-zero-values': 'no chart of the FIX_DECKS has a 0; tests/pptx/fixes/workbook.test.ts shows it on a report with one',
};

/** The packages a fix looks at in a deck's parts: the deck, or each chart workbook. */
function packagesOf(parts: Parts, kind: 'deck' | 'workbook'): Parts[] {
  return kind === 'deck' ? [parts] : [...workbooks(parts).values()];
}

/** The fix context a built deck was written with: its date, language and author, read back from it. */
function contextOf(built: Parts): Omit<FixContext, 'part'> {
  const core = parseXml(partText(built.get('docProps/core.xml')!)).root;
  const field = (name: string): string => descendants(core, name).map(textOf)[0] ?? '';
  const presentation = partText(built.get('ppt/slides/slide1.xml')!);
  const lang = descendants(parseXml(presentation).root, 'a:rPr').map((r) => attr(r, 'lang'))[0] ?? '';
  return { stamp: field('dcterms:modified'), lang, author: field('dc:creator') };
}

/** Where a deck's parts have the defect `fix` repairs: the parts' names, or the packages' for a package fix. */
function defects(fix: PartFix | PackageFix, parts: Parts, cx: Omit<FixContext, 'part'>): string[] {
  const found: string[] = [];
  packagesOf(parts, fix.package).forEach((pkg, i) => {
    if (!('parts' in fix)) {
      if (fix.detect(pkg, cx)) found.push(`package ${i}`);
      return;
    }
    for (const [name, data] of pkg) {
      if (data instanceof Map || !fix.parts.test(name)) continue;
      if (fix.detect(parseXml(partText(data)), { ...cx, part: name })) found.push(name);
    }
  });
  return found;
}

describe('every fix is needed, and does its work', () => {
  it('has fixes, each named once, with a defect said', () => {
    const names = [...PART_FIXES, ...ALL_PACKAGE_FIXES].map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(new Set(names).size).toBe(names.length);
    for (const fix of [...PART_FIXES, ...ALL_PACKAGE_FIXES]) expect(fix.defect.length, fix.name).toBeGreaterThan(20);
  });

  for (const fix of [...PART_FIXES, ...ALL_PACKAGE_FIXES]) {
    it(`${fix.name}: ${fix.defect}`, { timeout: 120_000 }, async () => {
      let witnessed = 0;
      for (const { data, theme } of FIX_DECKS) {
        const raw = await rawParts(data, theme);
        // The raw deck's date is the clock's: the stamp the fix writes is the built deck's.
        const built = await builtParts(data, theme);
        const cx = contextOf(built);
        witnessed += defects(fix, raw, cx).length;
        expect(defects(fix, built, cx), `${fix.name} left in ${data} (${theme})`).toEqual([]);
      }
      if (NOT_IN_THE_DECKS[fix.name]) expect(witnessed, `${fix.name} is now witnessed: take it off NOT_IN_THE_DECKS`).toBe(0);
      else expect(witnessed, `no raw deck has the defect ${fix.name} fixes: has pptxgenjs changed?`).toBeGreaterThan(0);
    });
  }

  it('are each listed in the README, and the README lists no other', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## What pptxgenjs writes, and how briefdeck repairs it'));
    const listed = [...table.matchAll(/^\| ((?:`[a-z0-9-]+`(?:, )?)+) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([a-z0-9-]+)`/g)].map((n) => n[1]!));
    expect(listed.sort()).toEqual([...PART_FIXES, ...ALL_PACKAGE_FIXES].map((f) => f.name).sort());
    expect(table).toContain(`The ${listed.length} fixes`);
  });

  it("names parts by their family, never by one number: a part has the fixes of its name with each number as 1 (normalise.ts partFixes looks them up so)", async () => {
    const names = new Set<string>();
    for (const { data, theme } of FIX_DECKS) {
      const raw = await rawParts(data, theme);
      for (const name of raw.keys()) names.add(name);
      for (const workbook of workbooks(raw).values()) for (const name of workbook.keys()) names.add(name);
    }
    expect(names.size).toBeGreaterThan(50);
    const renumbered = (name: string, n: number): string => name.replace(/\d+/g, () => String(n));
    for (const name of names) {
      for (const fix of PART_FIXES) {
        const named = fix.parts.test(name);
        for (const n of [1, 2, 10, 27, 3000]) expect(fix.parts.test(renumbered(name, n)), `${fix.name} on ${name} as ${n}`).toBe(named);
        expect(fix.parts.test(nameShape(name)), `${fix.name} on ${nameShape(name)}`).toBe(named);
      }
      for (const kind of ['deck', 'workbook'] as const) {
        expect(partFixes(name, kind).map((f) => f.name)).toEqual(PART_FIXES.filter((f) => f.package === kind && f.parts.test(name)).map((f) => f.name));
      }
    }
  });

  it('lists as not in the decks only fixes that exist', () => {
    const names = new Set([...PART_FIXES, ...ALL_PACKAGE_FIXES].map((f) => f.name));
    expect(Object.keys(NOT_IN_THE_DECKS).filter((n) => !names.has(n))).toEqual([]);
  });
});
