/**
 * SVG pictures the way PowerPoint stores them: the PNG fallback pptxgenjs
 * embeds (older viewers and LibreOffice draw it), plus the SVG itself as a
 * second part that PowerPoint 2016+ draws, linked from the picture's blip
 * through the Office 2016 svgBlip extension. pptxgenjs cannot make the PNG in
 * Node, so briefdeck renders it (load/images.ts) and adds the SVG here.
 */
import { partText, type Part } from './parts.js';

export interface SvgPicture {
  /** The PNG the deck embeds for this picture. */
  png: Uint8Array;
  svg: Uint8Array;
}

const SVG_EXTENSION = '{96DAC541-7B7A-43D3-8B79-37D633B846F1}';
const SVG_NS = 'http://schemas.microsoft.com/office/drawing/2016/SVG/main';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';

/** Adds each SVG next to its PNG fallback and links it from every picture that shows the PNG. */
export function addSvgPictures(parts: Map<string, Part>, pictures: readonly SvgPicture[]): void {
  for (const picture of pictures) {
    for (const [media, bytes] of [...parts]) {
      if (!media.startsWith('ppt/media/') || !(bytes instanceof Uint8Array) || !sameBytes(bytes, picture.png)) continue;
      const svgName = media.replace(/\.png$/i, '.svg');
      if (parts.has(svgName)) continue; // the same picture twice (a logo on two masters)
      parts.set(svgName, picture.svg);
      linkFrom(parts, media, svgName);
    }
  }
  const types = parts.get('[Content_Types].xml');
  if (types && pictures.length > 0) {
    const xml = partText(types);
    if (!/Extension="svg"/i.test(xml)) {
      parts.set('[Content_Types].xml', xml.replace('<Default ', '<Default Extension="svg" ContentType="image/svg+xml"/><Default '));
    }
  }
}

/**
 * For each part whose relationships target `media`, add one to the SVG and
 * put it in the blip of every picture that shows the PNG (after media are
 * merged, one part may hold two relationships to the same PNG).
 */
function linkFrom(parts: Map<string, Part>, media: string, svgName: string): void {
  const file = media.slice(media.lastIndexOf('/') + 1);
  const svgFile = svgName.slice(svgName.lastIndexOf('/') + 1);
  const target = new RegExp(`\\sTarget="\\.\\./media/${escapeRegExp(file)}"`);
  for (const [relsName, relsBytes] of [...parts]) {
    if (!relsName.endsWith('.rels')) continue;
    const rels = partText(relsBytes);
    const pngIds = [...rels.matchAll(/<Relationship\b[^>]*\/>/g)]
      .filter((r) => target.test(r[0]))
      .map((r) => /\sId="([^"]+)"/.exec(r[0])?.[1])
      .filter((id): id is string => id !== undefined);
    if (pngIds.length === 0) continue;
    const used = new Set([...rels.matchAll(/Id="rId(\d+)"/g)].map((m) => Number(m[1])));
    const svgId = `rId${Math.max(0, ...used) + 1}`;
    parts.set(relsName, rels.replace('</Relationships>', `<Relationship Id="${svgId}" Type="${IMAGE_REL}" Target="../media/${svgFile}"/></Relationships>`));
    const owner = relsName.replace(/_rels\/([^/]+)\.rels$/, '$1');
    const xml = parts.get(owner);
    if (!xml) continue;
    const ids = pngIds.map(escapeRegExp).join('|');
    const blip = new RegExp(`<a:blip r:embed="(${ids})">([\\s\\S]*?)</a:blip>`, 'g');
    const extension = `<a:extLst><a:ext uri="${SVG_EXTENSION}"><asvg:svgBlip xmlns:asvg="${SVG_NS}" r:embed="${svgId}"/></a:ext></a:extLst>`;
    parts.set(owner, partText(xml).replace(blip, (_, pngId: string, inner: string) => `<a:blip r:embed="${pngId}">${inner}${extension}</a:blip>`));
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
