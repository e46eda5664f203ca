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
import { createHash } from 'node:crypto';
import { partText, type Part } from './parts.js';

const MEDIA = /^ppt\/media\/[^/]+$/;

export function dedupeMedia(parts: Map<string, Part>): void {
  const media = [...parts.keys()].filter((name) => MEDIA.test(name)).sort(byName);
  if (media.length < 2) return;
  const kept = new Map<string, string>(); // digest → kept part
  const merged = new Map<string, string>(); // dropped part → kept part
  for (const name of media) {
    const data = parts.get(name);
    if (data === undefined || (typeof data !== 'string' && !(data instanceof Uint8Array))) continue;
    const extension = name.slice(name.lastIndexOf('.')).toLowerCase();
    const digest = `${extension}:${createHash('sha256').update(data).digest('hex')}`;
    const first = kept.get(digest);
    if (first === undefined) kept.set(digest, name);
    else merged.set(name, first);
  }
  if (merged.size === 0) return;
  for (const [name, data] of parts) {
    if (!name.endsWith('.rels')) continue;
    const xml = partText(data);
    if (!xml.includes('media/')) continue;
    const sourceDir = name.replace(/_rels\/[^/]*$/, '');
    const edited = xml.replace(/(<Relationship\b[^>]*?\sTarget=")([^"]*)(")/g, (whole, pre: string, target: string, post: string) => {
      const to = merged.get(resolveTarget(sourceDir, target));
      return to === undefined ? whole : `${pre}${target.replace(/[^/]*$/, to.slice(to.lastIndexOf('/') + 1))}${post}`;
    });
    if (edited !== xml) parts.set(name, edited);
  }
  for (const name of merged.keys()) parts.delete(name);
}

/** The part a relationship target names, from the folder of its source part. */
function resolveTarget(sourceDir: string, target: string): string {
  const segments = target.startsWith('/') ? [] : sourceDir.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** Name order with runs of digits compared as numbers (image-2 before image-10), the same on every machine. */
function byName(a: string, b: string): number {
  const runs = (s: string): string[] => s.match(/\d+|\D+/g) ?? [];
  const x = runs(a);
  const y = runs(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] ?? '';
    const q = y[i] ?? '';
    if (p === q) continue;
    const numeric = /^\d/.test(p) && /^\d/.test(q);
    if (numeric && Number(p) !== Number(q)) return Number(p) - Number(q);
    return p < q ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}
