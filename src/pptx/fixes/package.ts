/**
 * Fixes across the parts of the deck: part names, relationship targets,
 * content types and media, each on the parsed relationship and content-type
 * parts (never by matching their markup as text).
 */
import { dedupeMedia, duplicateMedia } from '../media.js';
import { partText, type Part } from '../parts.js';
import { attr, childElements, parseXml, setAttr, type XmlDocument, type XmlElement } from '../xml.js';
import { baseName, extensionOf, folderOf, readXmlPart, relsSource, resolveTarget, writeXmlPart, type PackageFix } from './fix.js';

export const CONTENT_TYPES = '[Content_Types].xml';

// ---------------------------------------------------------------------------
// Relationships

/** The relationships of a parsed .rels part. */
export const relationships = (doc: XmlDocument): XmlElement[] => childElements(doc.root, 'Relationship');

/** A relationship to a part of the package (not TargetMode="External"), and its target. */
export function internalTarget(relationship: XmlElement): string | undefined {
  return attr(relationship, 'TargetMode') === 'External' ? undefined : attr(relationship, 'Target');
}

/**
 * The .rels parts of the deck (an embedded workbook, a Map, is a package of
 * its own), parsed, that may hold a target spelling one of `needles`: one
 * at a time, as the caller asks for the next, so that the parsed parts of a
 * big deck are never all held at once. The
 * screen is a plain substring test on the text, never an edit: a target
 * spells out the part it names unless it uses a character reference, so a
 * part without the needle or an '&' cannot concern the fix and is not parsed
 * (a deck of 3.000 slides has 6.000 rels parts).
 */
export function* relsMentioning(parts: ReadonlyMap<string, Part>, needles: readonly string[] | ((text: string) => boolean)): Generator<[string, XmlDocument]> {
  const mentions = typeof needles === 'function' ? needles : (text: string): boolean => needles.some((n) => text.includes(n));
  for (const [name, data] of parts) {
    if (!name.endsWith('.rels') || (typeof data !== 'string' && !(data instanceof Uint8Array))) continue;
    const text = partText(data);
    if (text.includes('&') || mentions(text)) yield [name, parseXml(text)];
  }
}

/**
 * The target that names `part` relative to the folder of a relationship's
 * source: ppt/charts/chart1.xml from ppt/slides/ is ../charts/chart1.xml,
 * ppt/presentation.xml from the package root is ppt/presentation.xml.
 */
export function relativeTarget(sourceFolder: string, part: string): string {
  const from = sourceFolder.split('/').filter(Boolean);
  const to = part.split('/');
  const file = to.pop() ?? '';
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return [...Array<string>(from.length - common).fill('..'), ...to.slice(common), file].join('/');
}

// ---------------------------------------------------------------------------
// relative-relationship-targets

/** The screen for rels parts: whether the text may hold an attribute value starting with a slash (a quote, then a slash that does not end an empty tag). */
function mayHoldAbsoluteTarget(text: string): boolean {
  for (const quoteSlash of ['"/', "'/"]) {
    for (let at = text.indexOf(quoteSlash); at >= 0; at = text.indexOf(quoteSlash, at + 2)) if (text[at + 2] !== '>') return true;
  }
  return false;
}

/** Whether a relationship's target is absolute (from the package root). */
const absolute = (relationship: XmlElement): boolean => internalTarget(relationship)?.startsWith('/') === true;

/**
 * pptxgenjs targets a slide's charts from the package root
 * (Target="/ppt/charts/chart1.xml"). OPC allows it, but Calligra Stage joins
 * the target onto the slide's folder and finds no part
 * ("Entry '/ppt/slides//ppt/charts/chart1.xml' not found"). Every internal
 * target becomes relative to its source's folder, as Office writes them.
 */
const relativeRelationshipTargets: PackageFix = {
  name: 'relative-relationship-targets',
  defect: 'relationship targets from the package root (/ppt/charts/chart1.xml), which Calligra Stage resolves onto the slide folder and does not find',
  package: 'deck',
  detect(parts) {
    for (const [, doc] of relsMentioning(parts, mayHoldAbsoluteTarget)) if (relationships(doc).some(absolute)) return true;
    return false;
  },
  apply(parts) {
    for (const [name, doc] of relsMentioning(parts, mayHoldAbsoluteTarget)) {
      const folder = folderOf(relsSource(name));
      let changed = false;
      for (const relationship of relationships(doc)) {
        if (!absolute(relationship)) continue;
        const part = resolveTarget(folder, internalTarget(relationship)!);
        if (part === '') continue; // the package root itself is no part
        setAttr(relationship, 'Target', relativeTarget(folder, part));
        changed = true;
      }
      if (changed) writeXmlPart(parts, name, doc);
    }
  },
};

// ---------------------------------------------------------------------------
// part-numbering

/** Numbered part families pptxgenjs counts across decks: the file names' stem (the screen for rels parts), and the part names (prefix, number, suffix). */
const NUMBERED_FAMILIES = [
  { stem: 'chart', name: /^(ppt\/charts\/chart)(\d+)(\.xml)$/ },
  { stem: 'Microsoft_Excel_Worksheet', name: /^(ppt\/embeddings\/Microsoft_Excel_Worksheet)(\d+)(\.xlsx)$/ },
];

/** The parts to rename so each family counts from 1 in its original order; empty when none. */
export function numberingRenames(names: Iterable<string>): Map<string, string> {
  const all = [...names];
  const renames = new Map<string, string>();
  for (const family of NUMBERED_FAMILIES) {
    const members = all
      .map((name) => family.name.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[2]) - Number(b[2]));
    members.forEach((m, i) => {
      const to = `${m[1] ?? ''}${i + 1}${m[3] ?? ''}`;
      if (to !== m[0]) renames.set(m[0], to);
    });
  }
  return renames;
}

/** A renamed part, or the rels part of one (ppt/charts/_rels/chart4.xml.rels → …/chart1.xml.rels). */
function renamedPart(name: string, renames: ReadonlyMap<string, string>): string {
  const direct = renames.get(name);
  if (direct !== undefined) return direct;
  if (!name.endsWith('.rels')) return name;
  const source = renames.get(relsSource(name));
  return source === undefined ? name : `${folderOf(name)}${baseName(source)}.rels`;
}


/**
 * pptxgenjs numbers charts and their workbooks from a module-global counter,
 * so the second deck built in one process starts at chart4. Each family is
 * renumbered from 1 in the original order, and the renames are followed in
 * every relationship and content-type Override. Renumbering only changes file
 * names within a folder, so targets keep their style (absolute or relative).
 */
const partNumbering: PackageFix = {
  name: 'part-numbering',
  defect: 'charts and workbooks numbered from a counter shared by every deck of the process (chart4 first in the second deck), so one deck gives different packages',
  package: 'deck',
  detect: (parts) => numberingRenames(parts.keys()).size > 0,
  apply(parts) {
    const renames = numberingRenames(parts.keys()); // names only: no parse when nothing is renamed
    if (renames.size === 0) return;
    for (const [name, doc] of relsMentioning(parts, NUMBERED_FAMILIES.map((f) => f.stem))) {
      const folder = folderOf(relsSource(name));
      let changed = false;
      for (const relationship of relationships(doc)) {
        const target = internalTarget(relationship);
        const to = target === undefined ? undefined : renames.get(resolveTarget(folder, target));
        if (target === undefined || to === undefined) continue;
        setAttr(relationship, 'Target', target.slice(0, target.lastIndexOf('/') + 1) + baseName(to));
        changed = true;
      }
      if (changed) writeXmlPart(parts, name, doc);
    }
    const types = readXmlPart(parts, CONTENT_TYPES);
    if (types) {
      const lower = new Map([...renames].map(([from, to]) => [from.toLowerCase(), to]));
      for (const override of childElements(types.root, 'Override')) {
        const to = lower.get((attr(override, 'PartName') ?? '').replace(/^\//, '').toLowerCase());
        if (to !== undefined) setAttr(override, 'PartName', `/${to}`);
      }
      writeXmlPart(parts, CONTENT_TYPES, types);
    }
    // Renamed in place, keeping the order of the parts.
    const entries = [...parts];
    parts.clear();
    for (const [name, data] of entries) parts.set(renamedPart(name, renames), data);
  },
};

// ---------------------------------------------------------------------------
// media-once

/**
 * pptxgenjs stores a picture once per use: the logo of a theme with two
 * masters twice, a picture on three slides three times (see media.ts).
 */
const mediaOnce: PackageFix = {
  name: 'media-once',
  defect: 'the same picture stored once per use (the logo once per master), which makes the deck larger',
  package: 'deck',
  detect: (parts) => duplicateMedia(parts).size > 0,
  apply(parts) {
    dedupeMedia(parts);
  },
};

// ---------------------------------------------------------------------------
// Content types

/** Part names as content-type PartNames compare them: with a leading slash, case-insensitively (OPC). */
const partNameKey = (partName: string): string => (partName.startsWith('/') ? partName : `/${partName}`).toLowerCase();

function missingOverrides(types: XmlDocument, parts: ReadonlyMap<string, Part>): XmlElement[] {
  const present = new Set([...parts.keys()].map(partNameKey));
  return childElements(types.root, 'Override').filter((o) => !present.has(partNameKey(attr(o, 'PartName') ?? '')));
}

/** pptxgenjs writes an Override per slide master it might have had (one per layout); OPC forbids Overrides for absent parts. */
const contentTypeOverrides: PackageFix = {
  name: 'content-type-overrides',
  defect: 'content-type Overrides for parts the package does not have (a slide master per layout), which OPC forbids',
  package: 'deck',
  detect(parts) {
    const types = readXmlPart(parts, CONTENT_TYPES);
    return types !== undefined && missingOverrides(types, parts).length > 0;
  },
  apply(parts) {
    const types = readXmlPart(parts, CONTENT_TYPES);
    if (!types) return;
    const missing = new Set(missingOverrides(types, parts));
    if (missing.size === 0) return;
    types.root.children = types.root.children.filter((c) => c.kind !== 'element' || !missing.has(c));
    writeXmlPart(parts, CONTENT_TYPES, types);
  },
};


/** Defaults every package keeps: its relationship parts and plain XML. */
const ALWAYS = new Set(['rels', 'xml']);

/** Registered types for extensions pptxgenjs declares under an unregistered one. */
const REGISTERED: Readonly<Record<string, string>> = { 'image/jpg': 'image/jpeg' };

/** The Defaults no part uses, and the kept ones under an unregistered type. */
function badDefaults(types: XmlDocument, parts: ReadonlyMap<string, Part>): { unused: XmlElement[]; misnamed: XmlElement[] } {
  const used = new Set([...parts.keys()].map(extensionOf));
  const unused: XmlElement[] = [];
  const misnamed: XmlElement[] = [];
  for (const d of childElements(types.root, 'Default')) {
    const extension = (attr(d, 'Extension') ?? '').toLowerCase();
    if (!used.has(extension) && !ALWAYS.has(extension)) unused.push(d);
    else if (REGISTERED[(attr(d, 'ContentType') ?? '').toLowerCase()] !== undefined) misnamed.push(d);
  }
  return { unused, misnamed };
}

/**
 * pptxgenjs declares a Default for every media kind it could write (gif,
 * m4v, mp4, vml…), jpg among them as image/jpg, which is no registered type:
 * keep those some part uses, and rels and xml. A kept jpg becomes image/jpeg.
 */
const contentTypeDefaults: PackageFix = {
  name: 'content-type-defaults',
  defect: 'content-type Defaults for extensions no part has (gif, m4v, mp4, vml…), jpg among them as image/jpg, an unregistered type',
  package: 'deck',
  detect(parts) {
    const types = readXmlPart(parts, CONTENT_TYPES);
    if (!types) return false;
    const { unused, misnamed } = badDefaults(types, parts);
    return unused.length + misnamed.length > 0;
  },
  apply(parts) {
    const types = readXmlPart(parts, CONTENT_TYPES);
    if (!types) return;
    const { unused, misnamed } = badDefaults(types, parts);
    if (unused.length + misnamed.length === 0) return;
    const drop = new Set(unused);
    types.root.children = types.root.children.filter((c) => c.kind !== 'element' || !drop.has(c));
    for (const d of misnamed) setAttr(d, 'ContentType', REGISTERED[(attr(d, 'ContentType') ?? '').toLowerCase()] ?? '');
    writeXmlPart(parts, CONTENT_TYPES, types);
  },
};

/**
 * In this order: part names first (renumbering, merging media), so that the
 * later fixes see the final parts; then targets made relative (each fix
 * resolves targets either way, so this order is not required, only tidy);
 * the content types last, since they describe the parts that are left.
 * svg.ts adds SVG parts after these and declares its own Default.
 */
export const PACKAGE_FIXES: readonly PackageFix[] = [partNumbering, mediaOnce, relativeRelationshipTargets, contentTypeOverrides, contentTypeDefaults];
