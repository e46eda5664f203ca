/**
 * SVG pictures the way PowerPoint stores them: the PNG fallback pptxgenjs
 * embeds (older viewers and LibreOffice draw it), plus the SVG itself as a
 * second part that PowerPoint 2016+ draws, linked from the picture's blip
 * through the Office 2016 svgBlip extension. pptxgenjs cannot make the PNG in
 * Node, so briefdeck renders it (load/images.ts) and adds the SVG here.
 *
 * A deck edit, not a fix of pptxgenjs's output; it edits the parsed
 * relationships, slides and content types all the same.
 */
import { folderOf, readXmlPart, relsSource, resolveTarget, writeXmlPart } from './fixes/fix.js';
import { CONTENT_TYPES, internalTarget, relationships, relativeTarget, relsMentioning } from './fixes/package.js';
import type { Part } from './parts.js';
import { attr, child, childElements, descendants, element, type XmlDocument } from './xml.js';

export interface SvgPicture {
  /** The PNG the deck embeds for this picture. */
  png: Uint8Array;
  svg: Uint8Array;
}

const SVG_EXTENSION = '{96DAC541-7B7A-43D3-8B79-37D633B846F1}';
const SVG_NS = 'http://schemas.microsoft.com/office/drawing/2016/SVG/main';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
const SVG_TYPE = 'image/svg+xml';

/** Adds each SVG next to its PNG fallback and links it from every picture that shows the PNG. */
export function addSvgPictures(parts: Map<string, Part>, pictures: readonly SvgPicture[]): void {
  const svgOf = new Map<string, string>(); // PNG part → its SVG part
  for (const picture of pictures) {
    for (const [media, bytes] of [...parts]) {
      if (!media.startsWith('ppt/media/') || !/\.png$/i.test(media) || !(bytes instanceof Uint8Array) || !sameBytes(bytes, picture.png)) continue;
      const svgName = `${media.slice(0, -'.png'.length)}.svg`;
      if (parts.has(svgName)) continue; // the same picture twice (a logo on two masters)
      parts.set(svgName, picture.svg);
      svgOf.set(media, svgName);
    }
  }
  if (svgOf.size === 0) return;
  const files = [...svgOf.keys()].map((png) => png.slice(png.lastIndexOf('/') + 1));
  for (const [name, rels] of relsMentioning(parts, files)) linkFrom(parts, name, rels, svgOf);
  ensureSvgDefault(parts);
}

/**
 * For a part whose relationships target PNGs that have an SVG: one
 * relationship to each SVG, and the svgBlip extension in every blip that
 * shows the PNG (after media are merged, one part may hold two relationships
 * to the same PNG).
 */
function linkFrom(parts: Map<string, Part>, relsName: string, rels: XmlDocument, svgOf: ReadonlyMap<string, string>): void {
  const source = relsSource(relsName);
  const folder = folderOf(source);
  const pngIds = new Map<string, string[]>(); // PNG part → the relationship ids that show it
  for (const relationship of relationships(rels)) {
    const target = internalTarget(relationship);
    const id = attr(relationship, 'Id');
    const png = target === undefined ? undefined : resolveTarget(folder, target);
    if (png === undefined || id === undefined || !svgOf.has(png)) continue;
    pngIds.set(png, [...(pngIds.get(png) ?? []), id]);
  }
  if (pngIds.size === 0) return;
  const doc = readXmlPart(parts, source);
  const used = new Set(relationships(rels).map((r) => attr(r, 'Id')));
  let next = Math.max(0, ...[...used].map((id) => Number(/^rId(\d+)$/.exec(id ?? '')?.[1] ?? 0))) + 1;
  for (const [png, ids] of pngIds) {
    const svgId = `rId${next++}`;
    rels.root.children.push(element('Relationship', { Id: svgId, Type: IMAGE_REL, Target: relativeTarget(folder, svgOf.get(png)!) }));
    if (doc) linkBlips(doc, new Set(ids), svgId);
  }
  writeXmlPart(parts, relsName, rels);
  if (doc) writeXmlPart(parts, source, doc);
}

/** Puts the svgBlip extension into every a:blip that embeds one of `pngIds`; CT_Blip ends with its a:extLst. */
function linkBlips(doc: XmlDocument, pngIds: ReadonlySet<string>, svgId: string): void {
  for (const blip of descendants(doc.root, 'a:blip')) {
    if (!pngIds.has(attr(blip, 'r:embed') ?? '')) continue;
    const extension = element('a:ext', { uri: SVG_EXTENSION }, [element('asvg:svgBlip', { 'xmlns:asvg': SVG_NS, 'r:embed': svgId })]);
    const list = child(blip, 'a:extLst');
    if (list) list.children.push(extension);
    else blip.children.push(element('a:extLst', {}, [extension]));
  }
}

/** The SVG parts need a content type; pptxgenjs declares one, but unused Defaults may have been dropped since. */
function ensureSvgDefault(parts: Map<string, Part>): void {
  const types = readXmlPart(parts, CONTENT_TYPES);
  if (!types) return;
  const defaults = childElements(types.root, 'Default');
  if (defaults.some((d) => attr(d, 'Extension')?.toLowerCase() === 'svg')) return;
  const last = defaults.at(-1);
  const at = last ? types.root.children.indexOf(last) + 1 : 0;
  types.root.children.splice(at, 0, element('Default', { Extension: 'svg', ContentType: SVG_TYPE }));
  writeXmlPart(parts, CONTENT_TYPES, types);
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
