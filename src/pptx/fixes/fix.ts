/**
 * A fix is one named defect of pptxgenjs 4.0.1's output, repaired on the
 * parsed XML of the package (src/pptx/xml.ts), never by matching markup as
 * text. Each says what it repairs (`defect`), can tell whether a part has the
 * defect (`detect`), and repairs it (`apply`). tests/pptx/fixes.test.ts
 * builds decks with pptxgenjs, finds every registered defect in the raw
 * output and none after normalising: when a pptxgenjs upgrade changes what
 * it writes, a fix whose target is gone fails that test instead of quietly
 * doing nothing.
 */
import type { Part } from '../parts.js';
import { partText } from '../parts.js';
import { parseXml, serializeXml, type XmlDocument } from '../xml.js';

/** The deck itself, or a chart's data workbook embedded in it. */
export type PackageKind = 'deck' | 'workbook';

/** What a fix knows of the deck and of the part it edits. */
export interface FixContext {
  /** The part's name in its package: ppt/slides/slide3.xml, or xl/styles.xml inside a workbook. */
  part: string;
  /** The document date as W3CDTF (UTC, whole seconds), for docProps/core.xml. */
  stamp: string;
  /** The deck's language tag (vi-VN), for text pptxgenjs tags en-US. */
  lang: string;
  /** Who made the deck (the report's organiser), for a workbook's creator. */
  author: string;
}

/** A defect inside one part. */
export interface PartFix {
  readonly name: string;
  /** What pptxgenjs writes wrong, and which reader it breaks. */
  readonly defect: string;
  readonly package: PackageKind;
  /** The parts it looks at, by part name (a name, never markup). */
  readonly parts: RegExp;
  /** Whether this part has the defect. */
  detect(doc: XmlDocument, cx: FixContext): boolean;
  apply(doc: XmlDocument, cx: FixContext): void;
}

/** A defect across parts: part names, relationships, content types, media. */
export interface PackageFix {
  readonly name: string;
  readonly defect: string;
  readonly package: PackageKind;
  detect(parts: ReadonlyMap<string, Part>, cx: Omit<FixContext, 'part'>): boolean;
  /** Changes `parts` in place. */
  apply(parts: Map<string, Part>, cx: Omit<FixContext, 'part'>): void;
}

/** An XML part of a package, parsed; undefined when absent. */
export function readXmlPart(parts: ReadonlyMap<string, Part>, name: string): XmlDocument | undefined {
  const data = parts.get(name);
  return data === undefined ? undefined : parseXml(partText(data));
}

export function writeXmlPart(parts: Map<string, Part>, name: string, doc: XmlDocument): void {
  parts.set(name, serializeXml(doc));
}

/**
 * What was made of a text under a key (a part's name, a stylesheet's
 * highest cell style), for the next time the same text comes under the
 * same key: the chart workbooks of a deck repeat the same parts hundreds of
 * times. Bounded: past `max` entries it starts again (a big deck's unique
 * sheets push the shared parts out now and then, and they are made again).
 */
export class TextMemo<K, V> {
  private readonly byKey = new Map<K, Map<string, V>>();
  private size = 0;

  constructor(private readonly max: number) {}

  /** The value made for `text` under `key` before, or `make()`'s, kept. */
  of(key: K, text: string, make: () => V): V {
    const known = this.byKey.get(key)?.get(text);
    if (known !== undefined) return known;
    const made = make();
    if (this.size >= this.max) {
      this.byKey.clear();
      this.size = 0;
    }
    let texts = this.byKey.get(key);
    if (!texts) this.byKey.set(key, (texts = new Map()));
    texts.set(text, made);
    this.size += 1;
    return made;
  }
}

/** The part a relationship's target names, resolved from the folder of its source part. */
export function resolveTarget(sourceDir: string, target: string): string {
  const segments = target.startsWith('/') ? [] : sourceDir.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** The part a relationships part describes: ppt/slides/_rels/slide1.xml.rels → ppt/slides/slide1.xml ('' for the package's _rels/.rels). */
export function relsSource(relsName: string): string {
  const at = relsName.lastIndexOf('_rels/');
  return relsName.slice(0, at) + relsName.slice(at + '_rels/'.length, -'.rels'.length);
}

/** The folder of a part ('' at the package root). */
export const folderOf = (part: string): string => part.slice(0, part.lastIndexOf('/') + 1);

/** The last segment of a part name: chart1.xml. */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** A part name's extension, lower case ('' without one). */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Part-name order with runs of digits compared as numbers (slide2 before slide10); locale-free, so the same on every machine. */
export function naturalCompare(a: string, b: string): number {
  return compareRuns(runsOf(a), runsOf(b), a, b);
}

/**
 * Names in `naturalCompare` order after `rank` (lowest first): each name cut
 * into its runs once, not at each of the thousands of comparisons a deck's
 * 13.000 part names take (50 MB of match arrays at 3.000 slides).
 */
export function naturalSorted(names: Iterable<string>, rank: (name: string) => number = () => 0): string[] {
  const keyed = Array.from(names, (name) => ({ name, rank: rank(name), runs: runsOf(name) }));
  keyed.sort((x, y) => x.rank - y.rank || compareRuns(x.runs, y.runs, x.name, y.name));
  return keyed.map((k) => k.name);
}

const runsOf = (s: string): string[] => s.match(/\d+|\D+/g) ?? [];
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

function compareRuns(x: readonly string[], y: readonly string[], a: string, b: string): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] ?? '';
    const q = y[i] ?? '';
    if (p === q) continue;
    const numeric = isDigit(p.charCodeAt(0)) && isDigit(q.charCodeAt(0));
    if (numeric && Number(p) !== Number(q)) return Number(p) - Number(q);
    return p < q ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}
