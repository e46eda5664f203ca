/**
 * One copy of each picture in the package. pptxgenjs writes a media part per
 * use: the logo of a theme with two masters is stored twice, a picture on
 * three slides three times. Parts under ppt/media/ with the same bytes are
 * merged into the first of them (in name order, so the same deck gives the
 * same package), and every relationship that pointed at a dropped copy points
 * at the kept one. Content types are by extension (Default), so they need no
 * change; a relationship part may then hold two relationships to one target,
 * which OPC allows.
 */
import { createRequire } from 'node:module';
import { baseName, extensionOf, folderOf, naturalCompare, relsSource, resolveTarget, writeXmlPart } from './fixes/fix.js';
import { partText, type Part } from './parts.js';
import { attr, childElements, parseXml, setAttr } from './xml.js';

const MEDIA = /^ppt\/media\/[^/]+$/;

/** node:crypto is required here, when two pictures have the same size: loading it costs a build 13 ms. */
const sha256 = (data: string | Uint8Array): string =>
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest('hex');

/**
 * The media parts that repeat the bytes of another: dropped copy → kept part
 * (the first in name order). Only parts of the same extension and size are
 * hashed, so a deck of distinct pictures costs no hashing.
 */
export function duplicateMedia(parts: ReadonlyMap<string, Part>): Map<string, string> {
  const candidates = new Map<string, string[]>(); // extension and size → parts
  for (const [name, data] of parts) {
    if (!MEDIA.test(name) || (typeof data !== 'string' && !(data instanceof Uint8Array))) continue;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    const key = `${extensionOf(name)}:${size}`;
    const same = candidates.get(key);
    if (same) same.push(name);
    else candidates.set(key, [name]);
  }
  const merged = new Map<string, string>();
  for (const names of candidates.values()) {
    if (names.length < 2) continue;
    const kept = new Map<string, string>(); // digest → kept part
    for (const name of names.sort(naturalCompare)) {
      const data = parts.get(name) as string | Uint8Array;
      const digest = sha256(data);
      const first = kept.get(digest);
      if (first === undefined) kept.set(digest, name);
      else merged.set(name, first);
    }
  }
  return merged;
}

/**
 * Merges media parts with the same bytes and points the relationships of the
 * dropped copies at the kept part (on the parsed relationship parts, only
 * when something was merged). Returns what was merged: dropped → kept.
 */
export function dedupeMedia(parts: Map<string, Part>): ReadonlyMap<string, string> {
  const merged = duplicateMedia(parts);
  if (merged.size === 0) return merged;
  for (const [name, data] of parts) {
    if (!name.endsWith('.rels') || (typeof data !== 'string' && !(data instanceof Uint8Array))) continue;
    // A screen, not an edit: a target naming a part of ppt/media/ spells "media/"
    // unless it uses a character reference; the other rels parts are not parsed.
    const text = partText(data);
    if (!text.includes('media/') && !text.includes('&')) continue;
    const doc = parseXml(text);
    const folder = folderOf(relsSource(name));
    let changed = false;
    for (const relationship of childElements(doc.root, 'Relationship')) {
      const target = attr(relationship, 'Target');
      if (target === undefined || attr(relationship, 'TargetMode') === 'External') continue;
      const kept = merged.get(resolveTarget(folder, target));
      if (kept === undefined) continue;
      // The copies share ppt/media/: only the file name changes, the target keeps its style.
      setAttr(relationship, 'Target', target.slice(0, target.lastIndexOf('/') + 1) + baseName(kept));
      changed = true;
    }
    if (changed) writeXmlPart(parts, name, doc);
  }
  for (const name of merged.keys()) parts.delete(name);
  return merged;
}
