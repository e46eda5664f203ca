/**
 * Build step (`npm run build`, after tsc): writes the font metric tables
 * measure.ts measures with, dist/fit/metrics/<font>-<weight>-<style>.json,
 * one per metric font (Arimo, Carlito, Tinos) and face (400/700 × normal/
 * italic). This is the only place fontkit is used: it reads each
 * @fontsource subset file (.woff2) once here, so a build of a deck parses no
 * font (issue 15).
 *
 * A table keeps what fontkit's layout reads to size text (see
 * metrics-table.ts): cmap, advances, GDEF classes, and the GSUB/GPOS lookups
 * its default shaper applies per script, as fontkit itself selects them
 * (recorded from a real layout, not re-derived from the font's script list).
 * A lookup of a kind runUnits does not replay fails the build rather than
 * being dropped. Before writing, every table is checked against fontkit:
 * every character alone, every pair of the characters any width-changing
 * lookup covers, and seeded random runs; `--exhaustive` adds every pair of
 * the latin and vietnamese files and every triple of the characters their
 * substitutions cover, and reports what fontkit substitutes.
 *
 *   node dist/fit/metrics-build.js [--out <dir>] [--exhaustive] [--no-check]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as fontkit from 'fontkit';
import {
  FACES,
  IGNORE_BASE_GLYPHS,
  IGNORE_LIGATURES,
  IGNORE_MARKS,
  INVISIBLE,
  LOCAL_FEATURES,
  METRIC_FONTS,
  METRICS_FORMAT,
  SUBSET_PRIORITY,
  loadFile,
  runUnits,
  tableFileName,
  type ChainRule,
  type Face,
  type FaceTable,
  type FileTable,
  type GlyphMap,
  type Lookup,
  type LookupRecord,
  type MetricFontName,
  type ScriptPlan,
  type Subtable,
} from './metrics-table.js';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------
// fontkit's internals, as far as this file reads them (fontkit 2.0.4 has no
// types for its layout engine or OpenType tables).

/** A restructure array: a plain array, or a LazyArray read with get(i). */
type RArray<T> = T[] | { length: number; get(i: number): T; toArray(): T[] };

interface RawCoverage {
  version: number;
}
type RawClassDef = object;
interface RawValue {
  xAdvance?: number | null;
}
interface RawLookupRecord {
  sequenceIndex: number;
  lookupListIndex: number;
}
interface RawChainRule {
  backtrack: RArray<number>;
  input: RArray<number>;
  lookahead: RArray<number>;
  lookupRecords: RArray<RawLookupRecord>;
}
/** Any subtable: the fields read depend on the lookup type and version. */
interface RawSubtable {
  version: number;
  lookupType?: number;
  extension?: RawSubtable;
  coverage: RawCoverage;
  deltaGlyphID: number;
  substitute: RArray<number>;
  ligatureSets: RArray<RArray<{ glyph: number; components: RArray<number> }>>;
  chainRuleSets: RArray<RArray<RawChainRule>>;
  chainClassSet: RArray<RArray<RawChainRule> | null>;
  backtrackClassDef: RawClassDef;
  inputClassDef: RawClassDef;
  lookaheadClassDef: RawClassDef;
  backtrackCoverage: RArray<RawCoverage>;
  inputCoverage: RArray<RawCoverage>;
  lookaheadCoverage: RArray<RawCoverage>;
  backtrackGlyphCount: number;
  inputGlyphCount: number;
  lookupRecords: RArray<RawLookupRecord>;
  value: RawValue;
  values: RArray<RawValue>;
  pairSets: RArray<RArray<{ secondGlyph: number; value1?: RawValue; value2?: RawValue }>>;
  classDef1: RawClassDef;
  classDef2: RawClassDef;
  class1Count: number;
  class2Count: number;
  classRecords: RArray<RArray<{ value1?: RawValue; value2?: RawValue }>>;
}
interface RawLookup {
  lookupType: number;
  flags: { markAttachmentType: number; flags: { ignoreBaseGlyphs: boolean; ignoreLigatures: boolean; ignoreMarks: boolean } };
  subTables: RArray<RawSubtable>;
}
interface RawProcessor {
  table: { lookupList: RArray<RawLookup> };
  coverageIndex(coverage: RawCoverage, glyph: number): number;
  getClassID(glyph: number, classDef: RawClassDef): number;
  applyLookups(lookups: { feature: string; index: number }[], glyphs: unknown, positions: unknown): void;
}
interface RawEngine {
  GSUBProcessor: RawProcessor | null;
  GPOSProcessor: RawProcessor | null;
  setup(run: unknown): void;
  shaper: { zeroMarkWidths?: string } | null;
  plan: { stages: unknown[]; globalFeatures: Record<string, boolean>; allFeatures: Record<string, number> } | null;
}
interface RawFont extends fontkit.Font {
  GDEF?: { glyphClassDef?: RawClassDef; markAttachClassDef?: RawClassDef };
  GSUB?: object;
  GPOS?: object;
  kern?: object;
  morx?: object;
  numGlyphs: number;
  _variationProcessor?: object;
  _layoutEngine: { engine: RawEngine | null; isDefaultIgnorable(cp: number): boolean };
  /** Glyph objects by id, each with the code points of whatever created it first. */
  _glyphs: Record<number, { codePoints: number[] } | undefined>;
}

const items = <T>(array: RArray<T> | null | undefined): T[] => (array == null ? [] : Array.isArray(array) ? array : array.toArray());
const itemAt = <T>(array: RArray<T>, i: number): T | undefined => (Array.isArray(array) ? array[i] : array.get(i));

/** unicode-properties, as fontkit requires it: its isDigit decides which digits a fraction takes. */
const unicodeProperties = createRequire(require.resolve('fontkit'))('unicode-properties') as { isDigit(cp: number): boolean };

function fontkitVersion(): string {
  const pkg = JSON.parse(readFileSync(join(dirname(require.resolve('fontkit')), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

// ---------------------------------------------------------------------------
// Files

interface Subset {
  name: string;
  ranges: [number, number][];
}

const packageDir = (font: MetricFontName): string => dirname(require.resolve(`${METRIC_FONTS[font].package}/package.json`));

/** The package's subsets in measure.ts's order (latin, vietnamese, latin-ext, then as listed), with their unicode-ranges. */
function subsetsOf(font: MetricFontName): Subset[] {
  const table = JSON.parse(readFileSync(join(packageDir(font), 'unicode.json'), 'utf8')) as Record<string, string>;
  const rank = (name: string): number => {
    const i = (SUBSET_PRIORITY as readonly string[]).indexOf(name);
    return i === -1 ? SUBSET_PRIORITY.length : i;
  };
  return Object.entries(table)
    .map(([name, range]) => ({ name, ranges: range.split(',').map(parseRange) }))
    .sort((a, b) => rank(a.name) - rank(b.name));
}

function parseRange(range: string): [number, number] {
  const [lo = '0', hi = lo] = range.trim().replace(/^U\+/i, '').split('-');
  return [parseInt(lo, 16), parseInt(hi, 16)];
}

/**
 * The .woff2 file, not the .woff: fontkit 2.0.4 reads past the end of a .woff's
 * glyf table for empty glyphs stored last (U+00A0, U+2002, U+2009 in every
 * file), and throws a RangeError; its WOFF2 decoder has no such problem and
 * gives the same advances for every other character.
 */
const subsetFile = (font: MetricFontName, subset: string, face: Face): string =>
  join(packageDir(font), 'files', `${font.toLowerCase()}-${subset}-${face}.woff2`);

/** A fresh fontkit font: glyph objects cache per font, so checks never share one with extraction. */
function open(path: string): RawFont {
  const opened = fontkit.openSync(path);
  if (!('layout' in opened)) throw new Error(`${path}: expected a single font, found a collection`);
  return opened as RawFont;
}

// ---------------------------------------------------------------------------
// Extraction

function extractFile(path: string, subset: string): FileTable {
  const font = open(path);
  const file = path.split(/[\\/]/).pop() ?? path;
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}; measure.ts cannot reproduce fontkit's layout of it (extend src/fit/metrics-table.ts)`);
  };
  if (font.morx) fail('AAT morx table');
  if (!font.GPOS) fail('no GPOS table (fontkit would position marks from Unicode properties)');
  if (font.kern) fail('TrueType kern table');
  if (font._variationProcessor) fail('variable font');
  if (!font.GDEF?.glyphClassDef) fail('no GDEF glyph classes (fontkit would classify marks from Unicode properties)');

  font.layout('a'); // creates the layout engine
  const layout = font._layoutEngine;
  const engine = layout.engine;
  const gsub = engine?.GSUBProcessor ?? null;
  const gpos = engine?.GPOSProcessor ?? null;
  if (!engine || !gpos) return fail('no OpenType layout engine');
  const proc = gpos;
  const numGlyphs = font.numGlyphs;
  const allGlyphs = Array.from({ length: numGlyphs }, (_, g) => g);

  const cmap: GlyphMap = [];
  const codePoints: number[] = [];
  for (const cp of font.characterSet) {
    if (!font.hasGlyphForCodePoint(cp)) continue;
    if (layout.isDefaultIgnorable(cp) && !INVISIBLE.test(String.fromCodePoint(cp))) {
      fail(`U+${hex(cp)} is default-ignorable to fontkit but not INVISIBLE to measure.ts`);
    }
    cmap.push(cp, font.glyphForCodePoint(cp).id);
    codePoints.push(cp);
  }

  const classes = (classDef: RawClassDef | undefined): number[] => allGlyphs.map((g) => (classDef ? proc.getClassID(g, classDef) : 0));
  const classMap = (classDef: RawClassDef): GlyphMap => allGlyphs.flatMap((g) => {
    const c = proc.getClassID(g, classDef);
    return c === 0 ? [] : [g, c];
  });
  const coverageMap = (coverage: RawCoverage): GlyphMap => allGlyphs.flatMap((g) => {
    const i = proc.coverageIndex(coverage, g);
    return i === -1 ? [] : [g, i];
  });
  const coverageList = (coverage: RawCoverage): number[] => allGlyphs.filter((g) => proc.coverageIndex(coverage, g) !== -1);
  const coverageCount = (coverage: RawCoverage): number => coverageMap(coverage).length / 2;

  // The script each character gives a run that starts with it, exactly as fontkit detects it.
  const scriptTags = new Map<string, unknown>([['zzzz', 'zzzz']]);
  const scripts: Record<string, number[]> = {};
  for (const cp of codePoints) {
    const detected: unknown = (font.layout(String.fromCodePoint(cp)) as unknown as { script: unknown }).script;
    const key = String(detected);
    if (key === 'zzzz') continue;
    scriptTags.set(key, detected);
    (scripts[key] ??= []).push(cp);
  }

  // The lookups fontkit applies per script: recorded from its own layout.
  const gsubLookups: Record<string, Lookup> = {};
  const gposLookups: Record<string, Lookup> = {};
  const plans: Record<string, ScriptPlan> = {};
  const probe = String.fromCodePoint(codePoints[0] ?? 0x20);
  for (const [key, tag] of scriptTags) {
    const plan: ScriptPlan = { gsub: [], gpos: [] };
    let local: Set<string> = new Set();
    const record = (processor: RawProcessor | null, into: [number, number][], kind: 'gsub' | 'gpos'): (() => void) => {
      if (!processor) return () => undefined;
      const original = processor.applyLookups;
      processor.applyLookups = function (lookups, glyphs, positions) {
        for (const { feature, index } of lookups) {
          const bit = local.has(feature) ? LOCAL_FEATURES[feature as keyof typeof LOCAL_FEATURES] : 0;
          if (bit === undefined) fail(`feature ${feature} is applied to single glyphs by a shaper this does not reproduce`);
          if (serializeLookup(kind, index)) into.push([index, bit]);
        }
        original.call(this, lookups, glyphs, positions);
      };
      return () => {
        processor.applyLookups = original;
      };
    };
    const setup = engine.setup;
    engine.setup = function (this: RawEngine, run: unknown) {
      setup.call(this, run);
      const { shaper, plan: shaping } = this;
      if (!shaper || !shaping || shaper.zeroMarkWidths !== 'AFTER_GPOS' || shaping.stages.some((s: unknown) => typeof s === 'function')) {
        return fail(`script ${key} is shaped by a shaper other than fontkit's default one`);
      }
      local = new Set(Object.keys(shaping.allFeatures).filter((f) => !shaping.globalFeatures[f]));
    };
    const restore = [record(gsub, plan.gsub, 'gsub'), record(gpos, plan.gpos, 'gpos')];
    try {
      font.layout(probe, undefined, tag as string);
    } finally {
      engine.setup = setup;
      for (const r of restore) r();
    }
    plans[key] = plan;
  }

  /** Serializes a lookup (and the ones its rules call); false when it never changes a width. */
  function serializeLookup(kind: 'gsub' | 'gpos', index: number): boolean {
    const into = kind === 'gsub' ? gsubLookups : gposLookups;
    const existing = into[String(index)];
    if (existing) return existing.subtables.length > 0;
    const processor = (kind === 'gsub' ? gsub : gpos) as RawProcessor;
    const raw = itemAt(processor.table.lookupList, index);
    if (!raw) return fail(`${kind.toUpperCase()} lookup ${index} does not exist`);
    const bits = raw.flags.flags;
    const lookup: Lookup = {
      flags: (bits.ignoreBaseGlyphs ? IGNORE_BASE_GLYPHS : 0) | (bits.ignoreLigatures ? IGNORE_LIGATURES : 0) | (bits.ignoreMarks ? IGNORE_MARKS : 0),
      markAttachmentType: raw.flags.markAttachmentType,
      subtables: [],
    };
    into[String(index)] = lookup; // before the subtables: rules may call their own lookup
    for (let st of items(raw.subTables)) {
      let type = raw.lookupType;
      if ((kind === 'gsub' && type === 7) || (kind === 'gpos' && type === 9)) {
        type = st.lookupType ?? 0;
        st = st.extension as RawSubtable;
      }
      const subtable = kind === 'gsub' ? gsubSubtable(type, st, index) : gposSubtable(type, st, index);
      if (subtable) lookup.subtables.push(subtable);
    }
    return lookup.subtables.length > 0;
  }

  function records(raw: RArray<RawLookupRecord>, kind: 'gsub' | 'gpos'): LookupRecord[] {
    return items(raw).map((r) => {
      serializeLookup(kind, r.lookupListIndex);
      return [r.sequenceIndex, r.lookupListIndex];
    });
  }

  function chain(st: RawSubtable, kind: 'gsub' | 'gpos', index: number): Subtable {
    const rule = (r: RawChainRule): ChainRule => ({
      backtrack: [...items(r.backtrack)],
      input: [...items(r.input)],
      lookahead: [...items(r.lookahead)],
      records: records(r.lookupRecords, kind),
    });
    switch (st.version) {
      case 1: {
        const coverage = coverageMap(st.coverage);
        const sets = Array.from({ length: coverageCount(st.coverage) }, (_, i) => items(itemAt(st.chainRuleSets, i)).map(rule));
        return { kind: 'chain1', coverage, sets };
      }
      case 2:
        return {
          kind: 'chain2',
          coverage: coverageMap(st.coverage),
          backtrackClasses: classMap(st.backtrackClassDef),
          inputClasses: classMap(st.inputClassDef),
          lookaheadClasses: classMap(st.lookaheadClassDef),
          sets: items(st.chainClassSet).map((set) => (set ? items(set).map(rule) : null)),
        };
      case 3: {
        const backtrack = items(st.backtrackCoverage).map(coverageList);
        const input = items(st.inputCoverage).map(coverageList);
        const lookahead = items(st.lookaheadCoverage).map(coverageList);
        if (backtrack.length !== st.backtrackGlyphCount || input.length !== st.inputGlyphCount) fail(`${kind.toUpperCase()} lookup ${index}: chaining counts disagree`);
        return { kind: 'chain3', backtrack, input, lookahead, records: records(st.lookupRecords, kind) };
      }
      default:
        return fail(`${kind.toUpperCase()} lookup ${index}: chaining context format ${st.version}`);
    }
  }

  function gsubSubtable(type: number, st: RawSubtable, index: number): Subtable | undefined {
    switch (type) {
      case 1: {
        const map: GlyphMap = [];
        for (let k = 0, flat = coverageMap(st.coverage); k < flat.length; k += 2) {
          const g = flat[k] as number;
          const i = flat[k + 1] as number;
          map.push(g, st.version === 1 ? (g + st.deltaGlyphID) & 0xffff : (itemAt(st.substitute, i) as number));
        }
        return { kind: 'single', map };
      }
      case 4: {
        const sets = Array.from({ length: coverageCount(st.coverage) }, (_, i) =>
          items(itemAt(st.ligatureSets, i)).map((l) => ({ glyph: l.glyph, components: [...items(l.components)] })),
        );
        return { kind: 'ligature', coverage: coverageMap(st.coverage), sets };
      }
      case 6:
        return chain(st, 'gsub', index);
      default:
        return fail(`GSUB lookup ${index} of type ${type}`);
    }
  }

  function gposSubtable(type: number, st: RawSubtable, index: number): Subtable | undefined {
    const x = (value: RawValue | undefined): number => value?.xAdvance ?? 0;
    switch (type) {
      case 1: {
        const count = coverageCount(st.coverage);
        const xAdvance = st.version === 1 ? [x(st.value)] : Array.from({ length: count }, (_, i) => x(itemAt(st.values, i)));
        // Kept even when it adds nothing: a subtable that applies stops the lookup's later ones.
        return { kind: 'singlePos', coverage: coverageMap(st.coverage), xAdvance };
      }
      case 2:
        if (st.version === 1) {
          const sets = Array.from({ length: coverageCount(st.coverage) }, (_, i) =>
            items(itemAt(st.pairSets, i)).map((p): [number, number, number] => [p.secondGlyph, x(p.value1), x(p.value2)]),
          );
          return { kind: 'pair1', coverage: coverageMap(st.coverage), sets };
        } else {
          const values: [number, number, number, number][] = [];
          for (let c1 = 0; c1 < st.class1Count; c1++) {
            const row = itemAt(st.classRecords, c1);
            for (let c2 = 0; c2 < st.class2Count; c2++) {
              const pair = row ? itemAt(row, c2) : undefined;
              const x1 = x(pair?.value1);
              const x2 = x(pair?.value2);
              if (x1 !== 0 || x2 !== 0) values.push([c1, c2, x1, x2]);
            }
          }
          return {
            kind: 'pair2',
            coverage: coverageMap(st.coverage),
            classes1: classMap(st.classDef1),
            classes2: classMap(st.classDef2),
            class1Count: st.class1Count,
            class2Count: st.class2Count,
            values,
          };
        }
      case 4:
      case 5:
      case 6:
        return undefined; // mark attachment: offsets only, never an advance
      case 8:
        return chain(st, 'gpos', index);
      default:
        return fail(`GPOS lookup ${index} of type ${type}`);
    }
  }

  // Fractions go by code point (U+2044, digits); runUnits takes each glyph's own, fontkit the
  // cached glyph's, which differ when another character shares the glyph.
  const digits = codePoints.filter((cp) => unicodeProperties.isDigit(cp));
  if (Object.values(plans).some((p) => [...p.gsub, ...p.gpos].some(([, bit]) => bit !== 0))) {
    const glyphOf = new Map(codePoints.map((cp) => [cp, font.glyphForCodePoint(cp).id]));
    for (const cp of [0x2044, ...digits]) {
      if (!glyphOf.has(cp)) continue;
      const sharing = codePoints.filter((other) => other !== cp && glyphOf.get(other) === glyphOf.get(cp));
      if (sharing.length > 0) fail(`U+${hex(cp)} shares its glyph with U+${sharing.map(hex).join(', U+')}`);
    }
  }

  const gdef = font.GDEF as { glyphClassDef: RawClassDef; markAttachClassDef?: RawClassDef };
  return {
    subset,
    file,
    unitsPerEm: font.unitsPerEm,
    cmap,
    advances: allGlyphs.map((g) => font.getGlyph(g).advanceWidth),
    glyphClasses: classes(gdef.glyphClassDef),
    markAttachClasses: gdef.markAttachClassDef ? classes(gdef.markAttachClassDef) : null,
    digits,
    scripts,
    plans,
    gsub: gsubLookups,
    gpos: gposLookups,
  };
}

const hex = (cp: number): string => cp.toString(16).toUpperCase().padStart(4, '0');

export function extractFace(font: MetricFontName, face: Face): FaceTable {
  const subsets = subsetsOf(font);
  const files = subsets.map((s) => extractFile(subsetFile(font, s.name, face), s.name));
  const cmaps = files.map((f) => new Set(f.cmap.filter((_, i) => i % 2 === 0)));
  const all = [...new Set(cmaps.flatMap((c) => [...c]))].sort((a, b) => a - b);
  const home: number[] = [];
  for (const cp of all) {
    const i = subsets.findIndex((s, k) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) && cmaps[k]?.has(cp));
    if (i !== -1) home.push(cp, i);
  }
  return { format: METRICS_FORMAT, font, face, fontkit: fontkitVersion(), files, home };
}

// ---------------------------------------------------------------------------
// Checks against fontkit

export interface CheckReport {
  runs: number;
  mismatches: string[];
  /** --exhaustive: runs fontkit laid out with fewer glyphs than characters, or with glyphs not from the cmap. */
  ligatures: number;
  substitutions: number;
  examples: string[];
}

/** A small deterministic generator (mulberry32), so a failing run can be reproduced. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Code points whose glyphs a width-changing lookup covers, in any position: where layout is more than advances. */
function involved(table: FileTable): number[] {
  const glyphs = new Set<number>();
  const add = (list: Iterable<number>): void => {
    for (const g of list) glyphs.add(g);
  };
  const keys = (flat: GlyphMap): number[] => flat.filter((_, i) => i % 2 === 0);
  for (const lookup of [...Object.values(table.gsub), ...Object.values(table.gpos)]) {
    for (const st of lookup.subtables) {
      switch (st.kind) {
        case 'single':
        case 'singlePos':
          add(keys(st.kind === 'single' ? st.map : st.coverage));
          break;
        case 'ligature':
          add(keys(st.coverage));
          for (const set of st.sets) for (const l of set) add(l.components);
          break;
        case 'chain1':
          add(keys(st.coverage));
          for (const set of st.sets) for (const r of set) add([...r.backtrack, ...r.input, ...r.lookahead]);
          break;
        case 'chain2':
          add(keys(st.coverage));
          add(keys(st.backtrackClasses));
          add(keys(st.inputClasses));
          add(keys(st.lookaheadClasses));
          break;
        case 'chain3':
          for (const c of [...st.backtrack, ...st.input, ...st.lookahead]) add(c);
          break;
        case 'pair1':
          add(keys(st.coverage));
          break;
        case 'pair2':
          add(keys(st.coverage));
          break;
      }
    }
  }
  const cps: number[] = [];
  for (let i = 0; i < table.cmap.length; i += 2) if (glyphs.has(table.cmap[i + 1] as number)) cps.push(table.cmap[i] as number);
  return cps;
}

/**
 * Lays out runs with fontkit and with the table and compares the sums.
 * Default: every character alone; every character a substitution covers
 * before and after every character (in files other than latin and
 * vietnamese, 2000 random such pairs at most); 1500 (elsewhere 1000) seeded
 * random pairs starting with a character a kerning lookup covers; 600 seeded
 * random runs of 2 to 8 characters, half of them from those two sets.
 * Exhaustive: every ordered
 * pair of the file, and every triple of the characters substitutions cover
 * (250 000 random ones when there are more), instead of the pairs above.
 */
export function checkFile(path: string, table: FileTable, options: { exhaustive?: boolean; randomRuns?: number; seed?: number } = {}): CheckReport {
  const font = open(path);
  const loaded = loadFile(table);
  const report: CheckReport = { runs: 0, mismatches: [], ligatures: 0, substitutions: 0, examples: [] };
  const cmap = loaded.cmap;
  const chars = [...cmap.keys()].filter((cp) => !INVISIBLE.test(String.fromCodePoint(cp)));
  const visible = new Set(chars);
  const substituted = new Set<number>();
  const kerned = new Set<number>();
  const subsInvolved = involvedIn(table, 'gsub').filter((cp) => visible.has(cp));
  for (const cp of subsInvolved) substituted.add(cp);
  for (const cp of involvedIn(table, 'gpos')) if (visible.has(cp)) kerned.add(cp);

  const check = (cps: number[]): void => {
    const run = String.fromCodePoint(...cps);
    forgetOtherCodePoints(font, cmap, cps);
    const laid = font.layout(run);
    const expected = laid.positions.reduce((sum, p) => sum + p.xAdvance, 0);
    const actual = runUnits(loaded, cps);
    report.runs++;
    if (actual !== expected && report.mismatches.length < 20) report.mismatches.push(`${JSON.stringify(run)} (${cps.map(hex).join(' ')}): fontkit ${expected}, table ${actual}`);
    if (options.exhaustive) {
      const ligated = laid.glyphs.length < cps.length;
      const changed = !ligated && laid.glyphs.some((g, i) => g.id !== cmap.get(cps[i] as number));
      if (ligated) report.ligatures++;
      if (changed) report.substitutions++;
      if ((ligated || changed) && report.examples.length < 12) report.examples.push(run);
    }
  };

  const next = random(options.seed ?? 0x15);
  const pick = (pool: number[]): number => pool[Math.floor(next() * pool.length)] as number;
  const subs = [...substituted];
  const kerns = [...kerned];

  for (const a of chars) check([a]);
  if (options.exhaustive) {
    for (const a of chars) for (const b of chars) check([a, b]);
    if (subs.length ** 3 <= 250_000) {
      for (const a of subs) for (const b of subs) for (const c of subs) check([a, b, c]);
    } else {
      for (let n = 0; n < 250_000; n++) check([pick(subs), pick(subs), pick(subs)]);
    }
  } else {
    // The latin and vietnamese files draw nearly all text: every pair there; a sample elsewhere.
    const full = table.subset === 'latin' || table.subset === 'vietnamese';
    if (full || subs.length * chars.length * 2 <= 2000) {
      for (const a of subs) for (const b of chars) {
        check([a, b]);
        check([b, a]);
      }
    } else {
      for (let n = 0; n < 2000; n++) check(next() < 0.5 ? [pick(subs), pick(chars)] : [pick(chars), pick(subs)]);
    }
    if (kerns.length > 0) for (let n = 0; n < (full ? 1500 : 1000); n++) check([pick(kerns), pick(chars)]);
  }
  const involvedPool = subs.length + kerns.length > 0 ? [...subs, ...kerns] : chars;
  for (let n = 0; n < (options.randomRuns ?? 600); n++) {
    const length = 2 + Math.floor(next() * 7);
    check(Array.from({ length }, () => pick(next() < 0.5 ? chars : involvedPool)));
  }
  return report;
}

/**
 * fontkit caches a glyph object per glyph id with the code points of the
 * character that first asked for it, or none when a composite glyph (Carlito's
 * ¼ ½ ¾ ∕) asked for it as a component. Its fraction features test those
 * cached code points (is it U+2044? a digit?), so after ¼ has been drawn,
 * U+2044 stops making fractions for the rest of that font's life. The tables
 * reproduce the layout of a freshly opened font, where a glyph has the code
 * point it was drawn for; the check lays runs out in that state.
 */
function forgetOtherCodePoints(font: RawFont, cmap: Map<number, number>, cps: number[]): void {
  for (const cp of cps) {
    const gid = cmap.get(cp);
    if (gid !== undefined && font._glyphs[gid] && font._glyphs[gid]?.codePoints[0] !== cp) delete font._glyphs[gid];
  }
}

function involvedIn(table: FileTable, kind: 'gsub' | 'gpos'): number[] {
  return involved({ ...table, gsub: kind === 'gsub' ? table.gsub : {}, gpos: kind === 'gpos' ? table.gpos : {} });
}

// ---------------------------------------------------------------------------
// Main

export interface BuildOptions {
  /** Check every table against fontkit before writing (default true). */
  check?: boolean;
  exhaustive?: boolean;
  log?: (line: string) => void;
}

/** Writes every table into `outDir`; throws (writing nothing more) if a table cannot reproduce fontkit. */
export function buildMetricTables(outDir: string, options: BuildOptions = {}): { files: string[]; runs: number } {
  const log = options.log ?? (() => undefined);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  let runs = 0;
  for (const font of Object.keys(METRIC_FONTS) as MetricFontName[]) {
    for (const face of FACES) {
      const table = extractFace(font, face);
      if (options.check ?? true) {
        const subsets = subsetsOf(font);
        table.files.forEach((file, i) => {
          const report = checkFile(subsetFile(font, subsets[i]?.name ?? file.subset, face), file, { exhaustive: options.exhaustive ?? false });
          runs += report.runs;
          if (report.mismatches.length > 0) {
            throw new Error(`${file.file}: the metric table measures runs differently from fontkit:\n  ${report.mismatches.join('\n  ')}`);
          }
          if (options.exhaustive && (report.ligatures > 0 || report.substitutions > 0)) {
            log(`  ${file.file}: ${report.runs} runs; fontkit ligates ${report.ligatures}, substitutes in ${report.substitutions}, e.g. ${report.examples.map((e) => JSON.stringify(e)).join(' ')}`);
          }
        });
      }
      const path = join(outDir, tableFileName(font, face));
      writeFileSync(path, JSON.stringify(table));
      written.push(path);
    }
  }
  return { files: written, runs };
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const outDir = arg('--out') ?? fileURLToPath(new URL('./metrics/', import.meta.url));
  const started = performance.now();
  const exhaustive = argv.includes('--exhaustive');
  const { files, runs } = buildMetricTables(outDir, { check: !argv.includes('--no-check'), exhaustive, log: (line) => process.stdout.write(`${line}\n`) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const bytes = files.reduce((sum, f) => sum + readFileSync(f).length, 0);
  process.stdout.write(`font metrics: ${files.length} tables (${Math.round(bytes / 1024)} KB) in ${outDir}, ${runs} runs checked against fontkit, ${seconds} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
