/**
 * The font metric tables and the width of a run drawn from them: what
 * measure.ts uses at run time instead of opening the fonts (issue 15).
 *
 * metrics-build.ts writes one table per metric font and face at build time,
 * from the @fontsource .woff2 files, with fontkit; fontkit is not needed
 * after that. A table holds, per subset file, the data fontkit's layout reads
 * to size a run: the cmap, every glyph's advance, the GDEF glyph classes, and
 * the OpenType lookups its default shaper applies, per script (which the
 * run's first letter picks, as fontkit does). runUnits replays fontkit 2.0.4's
 * layout on them (src/opentype/OTProcessor, GSUBProcessor, GPOSProcessor,
 * GlyphIterator, shapers/DefaultShaper), keeping only what changes a width:
 *
 * - GSUB: single, ligature and chaining-context substitution (Carlito's
 *   ti/tt/ft/fi/ffi… ligatures; the dotless i before a mark in Arimo and
 *   Tinos; Carlito's numerators and denominators around a fraction slash).
 * - GPOS: single and pair adjustment (kerning, skipping marks where the
 *   lookup says so) and chaining-context positioning. Mark attachment only
 *   moves marks (x/y offsets), never an advance, so it is left out.
 * - Marks' advances are zeroed after GPOS, as fontkit's default shaper does.
 *   fontkit also gives default-ignorable characters no advance; a run never
 *   has one (measure.ts leaves out INVISIBLE characters, a superset, and
 *   metrics-build.ts checks that it is one).
 *
 * One difference, on purpose: fontkit caches a glyph object per glyph with
 * the code points of whatever first created it (none for a glyph first met as
 * a component of a composite, like the fraction slash inside Carlito's ¼), and
 * it tells a fraction slash and digits by those. So once ¼ has been drawn,
 * "1⁄2" no longer gets numerators and denominators for the rest of the
 * process. runUnits always measures as a freshly opened font does.
 *
 * metrics-build.ts fails on any lookup type it cannot represent, so a table
 * never silently measures differently; it also checks runUnits against
 * fontkit before writing. Glyph advances and adjustments are integers in font
 * units, so a run's total is exact and divides by unitsPerEm to the same
 * float fontkit's total does.
 *
 * Deliberately free of fontkit, node: imports and I/O: measure.ts reads the
 * JSON, metrics-build.ts writes it.
 */

/** Bumped when the layout of the JSON changes; measure.ts refuses other formats. */
export const METRICS_FORMAT = 1;

/**
 * The open fonts with real metrics, each with the families it measures
 * (lower case): a family's own font where we have it, else its metric twin.
 */
export const METRIC_FONTS = {
  Arimo: { package: '@fontsource/arimo', families: ['arial', 'arimo', 'liberation sans', 'helvetica'] },
  Carlito: { package: '@fontsource/carlito', families: ['calibri', 'carlito'] },
  Tinos: { package: '@fontsource/tinos', families: ['times new roman', 'times', 'tinos', 'liberation serif'] },
} as const;

export type MetricFontName = keyof typeof METRIC_FONTS;

/** A weight/style pair, e.g. "700-italic"; it names one file per subset. */
export type Face = `${400 | 700}-${'normal' | 'italic'}`;

export const FACES: readonly Face[] = ['400-normal', '400-italic', '700-normal', '700-italic'];

/**
 * The subsets a character is looked for in first: latin (most text), then
 * vietnamese before latin-ext, so a Vietnamese word's ơ/ư come from the same
 * file as its ặ/ự and the word shapes as one run. Then the package's order.
 */
export const SUBSET_PRIORITY = ['latin', 'vietnamese', 'latin-ext'] as const;

/** "Carlito", "700-italic" → "carlito-700-italic.json". */
export const tableFileName = (font: MetricFontName, face: Face): string => `${font.toLowerCase()}-${face}.json`;

/** Lookup flags, as the OpenType LookupFlag bits. */
export const IGNORE_BASE_GLYPHS = 0x2;
export const IGNORE_LIGATURES = 0x4;
export const IGNORE_MARKS = 0x8;

/**
 * The features DefaultShaper assigns to single glyphs (around a fraction slash)
 * rather than to all: a lookup of one of these applies only to glyphs that
 * have it. Every other feature fontkit plans is on every glyph.
 */
export const LOCAL_FEATURES = { frac: 1, numr: 2, dnom: 4 } as const;
const FRAC = LOCAL_FEATURES.frac;
const NUMR = LOCAL_FEATURES.numr;
const DNOM = LOCAL_FEATURES.dnom;
const FRACTION_SLASH = 0x2044;

/**
 * Controls and invisible format characters (soft hyphen, ZWJ, variation
 * selectors): measure.ts gives them no width and never puts them in a run.
 */
export const INVISIBLE = /[\p{Cc}\p{Default_Ignorable_Code_Point}]/u;

/** A glyph-id → value map, flat: [glyph, value, glyph, value, …]. */
export type GlyphMap = number[];

/** A lookup's subtable, reduced to what a width depends on. Coverages map a glyph to its coverage index. */
export type Subtable =
  /** GSUB 1: glyph → substitute. */
  | { kind: 'single'; map: GlyphMap }
  /** GSUB 4: per coverage index, the ligatures starting with that glyph, in the font's order. */
  | { kind: 'ligature'; coverage: GlyphMap; sets: { glyph: number; components: number[] }[][] }
  /** GSUB 6 / GPOS 8, format 1: rules by coverage index, over glyph ids. */
  | { kind: 'chain1'; coverage: GlyphMap; sets: ChainRule[][] }
  /** GSUB 6 / GPOS 8, format 2: rules by input class, over classes. */
  | { kind: 'chain2'; coverage: GlyphMap; backtrackClasses: GlyphMap; inputClasses: GlyphMap; lookaheadClasses: GlyphMap; sets: (ChainRule[] | null)[] }
  /** GSUB 6 / GPOS 8, format 3: one coverage (a glyph list) per position. */
  | { kind: 'chain3'; backtrack: number[][]; input: number[][]; lookahead: number[][]; records: LookupRecord[] }
  /** GPOS 1: the x advance it adds, per coverage index (format 1: the same for all). */
  | { kind: 'singlePos'; coverage: GlyphMap; xAdvance: number[] }
  /** GPOS 2, format 1: per coverage index, [second glyph, x advance of the first, x advance of the second], first match wins. */
  | { kind: 'pair1'; coverage: GlyphMap; sets: [number, number, number][][] }
  /** GPOS 2, format 2: class pair → [x advance of the first, of the second]; pairs not listed add nothing. */
  | { kind: 'pair2'; coverage: GlyphMap; classes1: GlyphMap; classes2: GlyphMap; class1Count: number; class2Count: number; values: [number, number, number, number][] };

/** A chaining rule; `input` leaves out the first glyph (formats 1 and 2, as stored in the font). */
export interface ChainRule {
  backtrack: number[];
  input: number[];
  lookahead: number[];
  records: LookupRecord[];
}

/** [sequence index, lookup index]. */
export type LookupRecord = [number, number];

export interface Lookup {
  /** OpenType LookupFlag bits (IGNORE_*). */
  flags: number;
  markAttachmentType: number;
  subtables: Subtable[];
}

/** The lookups fontkit applies for one script, in order: [lookup index, LOCAL_FEATURES bit or 0 for a feature every glyph has]. */
export interface ScriptPlan {
  gsub: [number, number][];
  gpos: [number, number][];
}

/** One subset file (e.g. arimo-latin-400-normal.woff2). */
export interface FileTable {
  subset: string;
  /** The .woff2 file the table was made from. */
  file: string;
  unitsPerEm: number;
  /** Code point → glyph, for every code point the file has a glyph for. */
  cmap: GlyphMap;
  /** Advance width by glyph id, for every glyph. */
  advances: number[];
  /** GDEF glyph class by glyph id (1 base, 2 ligature, 3 mark, 0 none). */
  glyphClasses: number[];
  /** GDEF mark attachment class by glyph id, or null when the font has none. */
  markAttachClasses: number[] | null;
  /** Code points fontkit takes for digits (unicode-properties isDigit), for fractions. */
  digits: number[];
  /** Script tag → its code points, for code points that pick a run's script (not Common, Inherited, Unknown). */
  scripts: Record<string, number[]>;
  /** The lookups applied per run script; 'zzzz' for a run of no script (digits, punctuation). */
  plans: Record<string, ScriptPlan>;
  gsub: Record<string, Lookup>;
  gpos: Record<string, Lookup>;
}

/** One metric font in one face: all its subset files. */
export interface FaceTable {
  format: typeof METRICS_FORMAT;
  font: string;
  face: string;
  /** fontkit's version when the table was made: the layout it reproduces. */
  fontkit: string;
  /** Subset files in measure.ts's priority order (latin, vietnamese, latin-ext, then the rest). */
  files: FileTable[];
  /**
   * Code point → index in `files` of the subset a character comes from when
   * the current run's file does not have it: the first subset, in that order,
   * whose unicode-range lists it and whose file has it. Flat pairs.
   */
  home: number[];
}

/** A glyph during layout (fontkit's GlyphInfo, as far as widths go). */
interface GlyphInfo {
  id: number;
  /** GDEF class: 1 base, 2 ligature, 3 mark. */
  cls: number;
  markAttachmentType: number;
  /** LOCAL_FEATURES bits. */
  features: number;
  /** The first code point it stands for, if any. */
  cp: number | undefined;
}

/** A FileTable turned into maps, once per file. */
export interface LoadedFile {
  table: FileTable;
  cmap: Map<number, number>;
  digits: Set<number>;
  scriptOf: Map<number, string>;
  plans: Map<string, LoadedPlan>;
  /** A lookup by index, loaded on first use (chaining rules call lookups no feature lists). */
  lookup(kind: 'gsub' | 'gpos', index: number): LoadedLookup;
}

interface LoadedPlan {
  gsub: [LoadedLookup, number][];
  gpos: [LoadedLookup, number][];
}

interface LoadedLookup {
  options: IteratorOptions;
  subtables: LoadedSubtable[];
}

interface IteratorOptions {
  flags: number;
  markAttachmentType: number;
}

type LoadedSubtable =
  | { kind: 'single'; map: Map<number, number> }
  | { kind: 'ligature'; coverage: Map<number, number>; sets: { glyph: number; components: number[] }[][] }
  | { kind: 'chain1'; coverage: Map<number, number>; sets: ChainRule[][] }
  | { kind: 'chain2'; coverage: Map<number, number>; backtrackClasses: Map<number, number>; inputClasses: Map<number, number>; lookaheadClasses: Map<number, number>; sets: (ChainRule[] | null)[] }
  | { kind: 'chain3'; backtrack: Set<number>[]; input: Set<number>[]; lookahead: Set<number>[]; records: LookupRecord[] }
  | { kind: 'singlePos'; coverage: Map<number, number>; xAdvance: number[] }
  | { kind: 'pair1'; coverage: Map<number, number>; sets: [number, number, number][][] }
  | { kind: 'pair2'; coverage: Map<number, number>; classes1: Map<number, number>; classes2: Map<number, number>; class1Count: number; class2Count: number; values: Map<number, [number, number]> };

function toMap(flat: GlyphMap): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const key = flat[i] as number;
    if (!map.has(key)) map.set(key, flat[i + 1] as number);
  }
  return map;
}

function loadSubtable(st: Subtable): LoadedSubtable {
  switch (st.kind) {
    case 'single':
      return { kind: 'single', map: toMap(st.map) };
    case 'ligature':
      return { kind: 'ligature', coverage: toMap(st.coverage), sets: st.sets };
    case 'chain1':
      return { kind: 'chain1', coverage: toMap(st.coverage), sets: st.sets };
    case 'chain2':
      return {
        kind: 'chain2',
        coverage: toMap(st.coverage),
        backtrackClasses: toMap(st.backtrackClasses),
        inputClasses: toMap(st.inputClasses),
        lookaheadClasses: toMap(st.lookaheadClasses),
        sets: st.sets,
      };
    case 'chain3':
      return {
        kind: 'chain3',
        backtrack: st.backtrack.map((c) => new Set(c)),
        input: st.input.map((c) => new Set(c)),
        lookahead: st.lookahead.map((c) => new Set(c)),
        records: st.records,
      };
    case 'singlePos':
      return { kind: 'singlePos', coverage: toMap(st.coverage), xAdvance: st.xAdvance };
    case 'pair1':
      return { kind: 'pair1', coverage: toMap(st.coverage), sets: st.sets };
    case 'pair2':
      return {
        kind: 'pair2',
        coverage: toMap(st.coverage),
        classes1: toMap(st.classes1),
        classes2: toMap(st.classes2),
        class1Count: st.class1Count,
        class2Count: st.class2Count,
        values: new Map(st.values.map(([c1, c2, x1, x2]) => [c1 * 65536 + c2, [x1, x2]])),
      };
  }
}

/** Maps for one file; lookups are shared between the scripts that use them. */
export function loadFile(table: FileTable): LoadedFile {
  const lookups = { gsub: new Map<string, LoadedLookup>(), gpos: new Map<string, LoadedLookup>() };
  const lookup = (kind: 'gsub' | 'gpos', index: number): LoadedLookup => {
    const key = String(index);
    let loaded = lookups[kind].get(key);
    if (!loaded) {
      const raw = table[kind][key];
      if (!raw) throw new Error(`${table.file}: ${kind.toUpperCase()} lookup ${index} is missing from the metric table`);
      loaded = { options: { flags: raw.flags, markAttachmentType: raw.markAttachmentType }, subtables: raw.subtables.map(loadSubtable) };
      lookups[kind].set(key, loaded);
    }
    return loaded;
  };
  const scriptOf = new Map<number, string>();
  for (const [tag, cps] of Object.entries(table.scripts)) for (const cp of cps) scriptOf.set(cp, tag);
  const plans = new Map<string, LoadedPlan>();
  for (const [tag, plan] of Object.entries(table.plans)) {
    plans.set(tag, {
      gsub: plan.gsub.map(([index, feature]) => [lookup('gsub', index), feature]),
      gpos: plan.gpos.map(([index, feature]) => [lookup('gpos', index), feature]),
    });
  }
  return { table, cmap: toMap(table.cmap), digits: new Set(table.digits), scriptOf, plans, lookup };
}

// ---------------------------------------------------------------------------
// Layout (fontkit's, replayed)

/** fontkit's GlyphIterator. */
class GlyphIterator {
  options: IteratorOptions = { flags: 0, markAttachmentType: 0 };
  index = 0;

  constructor(readonly glyphs: GlyphInfo[]) {}

  reset(options: IteratorOptions = { flags: 0, markAttachmentType: 0 }, index = 0): void {
    this.options = options;
    this.index = index;
  }

  get cur(): GlyphInfo | undefined {
    return this.glyphs[this.index];
  }

  private shouldIgnore(glyph: GlyphInfo): boolean {
    const { flags, markAttachmentType } = this.options;
    return (
      ((flags & IGNORE_MARKS) !== 0 && glyph.cls === 3) ||
      ((flags & IGNORE_BASE_GLYPHS) !== 0 && glyph.cls === 1) ||
      ((flags & IGNORE_LIGATURES) !== 0 && glyph.cls === 2) ||
      (markAttachmentType !== 0 && glyph.cls === 3 && glyph.markAttachmentType !== markAttachmentType)
    );
  }

  private move(dir: number): GlyphInfo | undefined {
    this.index += dir;
    while (this.index >= 0 && this.index < this.glyphs.length && this.shouldIgnore(this.glyphs[this.index] as GlyphInfo)) this.index += dir;
    return this.index < 0 || this.index >= this.glyphs.length ? undefined : this.glyphs[this.index];
  }

  next(): GlyphInfo | undefined {
    return this.move(1);
  }

  peek(count = 1): GlyphInfo | undefined {
    const index = this.index;
    const glyph = this.increment(count);
    this.index = index;
    return glyph;
  }

  peekIndex(count = 1): number {
    const index = this.index;
    this.increment(count);
    const result = this.index;
    this.index = index;
    return result;
  }

  increment(count = 1): GlyphInfo | undefined {
    const dir = count < 0 ? -1 : 1;
    for (let n = Math.abs(count); n > 0; n--) this.move(dir);
    return this.glyphs[this.index];
  }
}

/** fontkit's OTProcessor with its GSUB or GPOS applyLookup, for the subtables above. */
class Processor {
  private readonly iterator: GlyphIterator;
  /** The feature of the lookup being applied: ligature components must have it too. */
  private feature = 0;

  constructor(
    private readonly file: LoadedFile,
    private readonly kind: 'gsub' | 'gpos',
    private readonly glyphs: GlyphInfo[],
    private readonly advances: number[],
  ) {
    this.iterator = new GlyphIterator(glyphs);
  }

  applyLookups(lookups: [LoadedLookup, number][]): void {
    const it = this.iterator;
    for (const [lookup, feature] of lookups) {
      this.feature = feature;
      it.reset(lookup.options);
      while (it.index < this.glyphs.length) {
        if (!hasFeature(it.cur as GlyphInfo, feature)) {
          it.next();
          continue;
        }
        for (const subtable of lookup.subtables) if (this.apply(subtable)) break;
        it.next();
      }
    }
  }

  private apply(st: LoadedSubtable): boolean {
    const it = this.iterator;
    const cur = it.cur as GlyphInfo;
    switch (st.kind) {
      case 'single': {
        const substitute = st.map.get(cur.id);
        if (substitute === undefined) return false;
        this.setId(cur, substitute);
        return true;
      }
      case 'ligature': {
        const index = st.coverage.get(cur.id);
        if (index === undefined) return false;
        for (const ligature of st.sets[index] ?? []) {
          const matched = this.match(1, ligature.components, (component, glyph) => hasFeature(glyph, this.feature) && component === glyph.id, []);
          if (!Array.isArray(matched)) continue;
          const glyph: GlyphInfo = { id: 0, cls: 0, markAttachmentType: 0, features: cur.features, cp: cur.cp };
          this.setId(glyph, ligature.glyph);
          for (let i = matched.length - 1; i >= 0; i--) this.glyphs.splice(matched[i] as number, 1);
          this.glyphs[it.index] = glyph;
          return true;
        }
        return false;
      }
      case 'chain1': {
        const index = st.coverage.get(cur.id);
        if (index === undefined) return false;
        for (const rule of st.sets[index] ?? []) {
          if (
            this.glyphsMatch(-rule.backtrack.length, rule.backtrack) &&
            this.glyphsMatch(1, rule.input) &&
            this.glyphsMatch(1 + rule.input.length, rule.lookahead)
          ) {
            return this.applyLookupList(rule.records);
          }
        }
        return false;
      }
      case 'chain2': {
        if (!st.coverage.has(cur.id)) return false;
        const rules = st.sets[st.inputClasses.get(cur.id) ?? 0];
        if (!rules) return false;
        for (const rule of rules) {
          if (
            this.classesMatch(-rule.backtrack.length, rule.backtrack, st.backtrackClasses) &&
            this.classesMatch(1, rule.input, st.inputClasses) &&
            this.classesMatch(1 + rule.input.length, rule.lookahead, st.lookaheadClasses)
          ) {
            return this.applyLookupList(rule.records);
          }
        }
        return false;
      }
      case 'chain3':
        if (this.coveragesMatch(-st.backtrack.length, st.backtrack) && this.coveragesMatch(0, st.input) && this.coveragesMatch(st.input.length, st.lookahead)) {
          return this.applyLookupList(st.records);
        }
        return false;
      case 'singlePos': {
        const index = st.coverage.get(cur.id);
        if (index === undefined) return false;
        this.adjust(it.peekIndex(0), st.xAdvance[st.xAdvance.length === 1 ? 0 : index] ?? 0);
        return true;
      }
      case 'pair1': {
        const next = it.peek();
        if (!next) return false;
        const index = st.coverage.get(cur.id);
        if (index === undefined) return false;
        for (const [second, x1, x2] of st.sets[index] ?? []) {
          if (second === next.id) {
            this.adjust(it.peekIndex(0), x1);
            this.adjust(it.peekIndex(1), x2);
            return true;
          }
        }
        return false;
      }
      case 'pair2': {
        const next = it.peek();
        if (!next) return false;
        if (!st.coverage.has(cur.id)) return false;
        const class1 = st.classes1.get(cur.id) ?? 0;
        const class2 = st.classes2.get(next.id) ?? 0;
        // fontkit reads past its class records here and throws: so does this.
        if (class1 >= st.class1Count || class2 >= st.class2Count) throw new Error(`${this.file.table.file}: pair class ${class1}/${class2} out of range`);
        const [x1, x2] = st.values.get(class1 * 65536 + class2) ?? [0, 0];
        this.adjust(it.peekIndex(0), x1);
        this.adjust(it.peekIndex(1), x2);
        return true;
      }
    }
  }

  private setId(glyph: GlyphInfo, id: number): void {
    glyph.id = id;
    glyph.cls = this.file.table.glyphClasses[id] ?? 0;
    glyph.markAttachmentType = this.file.table.markAttachClasses?.[id] ?? 0;
  }

  private adjust(index: number, xAdvance: number): void {
    if (xAdvance !== 0) this.advances[index] = (this.advances[index] ?? 0) + xAdvance;
  }

  private applyLookupList(records: LookupRecord[]): boolean {
    const it = this.iterator;
    const options = it.options;
    const index = it.index;
    for (const [sequenceIndex, lookupIndex] of records) {
      it.reset(options, index);
      it.increment(sequenceIndex);
      const lookup = this.file.lookup(this.kind, lookupIndex);
      it.reset(lookup.options, it.index);
      for (const subtable of lookup.subtables) if (this.apply(subtable)) break;
    }
    it.reset(options, index);
    return true;
  }

  private match<T>(sequenceIndex: number, sequence: T[], fn: (item: T, glyph: GlyphInfo) => boolean, matched?: number[]): number[] | boolean {
    const it = this.iterator;
    const pos = it.index;
    let glyph = it.increment(sequenceIndex);
    let i = 0;
    while (i < sequence.length && glyph && fn(sequence[i] as T, glyph)) {
      matched?.push(it.index);
      i++;
      glyph = it.next();
    }
    it.index = pos;
    if (i < sequence.length) return false;
    return matched ?? true;
  }

  private glyphsMatch(sequenceIndex: number, sequence: number[]): boolean {
    return this.match(sequenceIndex, sequence, (id, glyph) => id === glyph.id) !== false;
  }

  private classesMatch(sequenceIndex: number, sequence: number[], classes: Map<number, number>): boolean {
    return this.match(sequenceIndex, sequence, (cls, glyph) => cls === (classes.get(glyph.id) ?? 0)) !== false;
  }

  private coveragesMatch(sequenceIndex: number, sequence: Set<number>[]): boolean {
    return this.match(sequenceIndex, sequence, (coverage, glyph) => coverage.has(glyph.id)) !== false;
  }
}

const hasFeature = (glyph: GlyphInfo, feature: number): boolean => feature === 0 || (glyph.features & feature) !== 0;

/**
 * Width in font units of a run of code points that all come from `file`, as
 * fontkit's `font.layout(run).positions` sum their xAdvance: the script of
 * the run's first letter picks the lookups; glyphs from the cmap; fraction
 * features around U+2044; GSUB; advances; GPOS; marks zeroed. The run has no
 * INVISIBLE character.
 */
export function runUnits(file: LoadedFile, codePoints: number[]): number {
  let script = 'zzzz';
  for (const cp of codePoints) {
    const tag = file.scriptOf.get(cp);
    if (tag !== undefined) {
      script = tag;
      break;
    }
  }
  const plan = file.plans.get(script);
  if (!plan) throw new Error(`${file.table.file}: no lookups for script ${script} in the metric table`);

  const { glyphClasses, markAttachClasses, advances } = file.table;
  const glyphs: GlyphInfo[] = codePoints.map((cp) => {
    const id = file.cmap.get(cp) ?? 0;
    return { id, cls: glyphClasses[id] ?? 0, markAttachmentType: markAttachClasses?.[id] ?? 0, features: 0, cp };
  });
  if (codePoints.includes(FRACTION_SLASH)) assignFractions(file, glyphs);

  new Processor(file, 'gsub', glyphs, []).applyLookups(plan.gsub);
  const positions = glyphs.map((g) => advances[g.id] ?? 0);
  new Processor(file, 'gpos', glyphs, positions).applyLookups(plan.gpos);

  let total = 0;
  for (let i = 0; i < glyphs.length; i++) {
    const glyph = glyphs[i] as GlyphInfo;
    if (glyph.cls !== 3) total += positions[i] ?? 0;
  }
  return total;
}

/** DefaultShaper.assignFeatures: the digits before a fraction slash are numerators, the ones after denominators. */
function assignFractions(file: LoadedFile, glyphs: GlyphInfo[]): void {
  const isDigit = (glyph: GlyphInfo | undefined): boolean => glyph?.cp !== undefined && file.digits.has(glyph.cp);
  for (let i = 0; i < glyphs.length; i++) {
    const glyph = glyphs[i] as GlyphInfo;
    if (glyph.cp !== FRACTION_SLASH) continue;
    let start = i;
    let end = i + 1;
    while (start > 0 && isDigit(glyphs[start - 1])) {
      (glyphs[start - 1] as GlyphInfo).features |= NUMR | FRAC;
      start--;
    }
    while (end < glyphs.length && isDigit(glyphs[end])) {
      (glyphs[end] as GlyphInfo).features |= DNOM | FRAC;
      end++;
    }
    glyph.features |= FRAC;
    i = end - 1;
  }
}
