/**
 * What a PowerPoint template says about its look, read from its parts: the
 * slide size, the colour and font schemes of its first master's theme, what
 * the master's title and body placeholders are drawn in, the master's
 * background, the colours its own shapes are filled with, and its pictures.
 * Pure: the parts come in as bytes (package.ts), facts go out.
 *
 * Colours are resolved as PowerPoint resolves them: a scheme colour through
 * the master's colour map (tx1 → dk1, bg1 → lt1…), a system colour by its
 * last value, then a:lumMod / a:lumOff / a:tint / a:shade applied.
 */
import { posix } from 'node:path';
import { decodeEntities, parseXml, type XmlElement } from '../pptx/xml.js';
import { t, type Text } from '../i18n/catalogue.js';
import { modulateLuminance, mix, type Hex } from './colours.js';

export const EMU_PER_INCH = 914_400;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TemplatePicture {
  /** Where it is drawn, in inches. */
  box: Box;
  /** The part's name in the package, e.g. ppt/media/image1.png. */
  part: string;
  bytes: Uint8Array;
  /** Which master it comes from: the content master, or the title slide's layout. */
  on: 'content' | 'cover';
}

export interface TextLook {
  colour?: Hex;
  font?: string;
}

export interface TemplateFacts {
  /** Inches. */
  size: { width: number; height: number };
  /** dk1, lt1, dk2, lt2, accent1–6, hlink, folHlink, as resolved colours. */
  scheme: Record<string, Hex>;
  fonts: { major?: string; minor?: string };
  title: TextLook;
  body: TextLook;
  /** The master's background: a colour, a picture, or none (then lt1 shows). */
  background: { colour: Hex } | { picture: TemplatePicture } | undefined;
  /** Fill colours of the master's own shapes (not placeholders), the largest first. */
  fills: Hex[];
  pictures: TemplatePicture[];
  /** Whether the title slide's layout shows the master's shapes (PowerPoint's showMasterSp, on unless "0"). */
  coverShowsMaster: boolean;
}

/** Why a file cannot be read as a template, to be said in the reader's language. */
export class TemplateError extends Error {
  constructor(readonly reason: Text) {
    super(reason.key);
  }
}

const SCHEME_NAMES = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];

/** Local name: "a:srgbClr" → "srgbClr" (PowerPoint writes a:, p: and r:, other writers may not). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);
const kids = (e: XmlElement | undefined, name?: string): XmlElement[] =>
  e ? e.children.filter((c): c is XmlElement => c.kind === 'element' && (name === undefined || local(c.name) === name)) : [];
const kid = (e: XmlElement | undefined, name: string): XmlElement | undefined => kids(e, name)[0];
const path = (e: XmlElement | undefined, ...names: string[]): XmlElement | undefined => names.reduce<XmlElement | undefined>((at, n) => kid(at, n), e);
/**
 * An attribute's value: `name` without a prefix is the attribute without one
 * (p:sldMasterId has both `id` and `r:id`); with a prefix, any prefix bound
 * the same way is taken (a writer may name the relationships namespace otherwise).
 */
const attrOf = (e: XmlElement | undefined, name: string): string | undefined => {
  if (!e) return undefined;
  const prefixed = name.includes(':');
  for (const [n, v] of e.attributes) if (n === name) return decodeEntities(v);
  for (const [n, v] of e.attributes) if (n.includes(':') === prefixed && local(n) === local(name)) return decodeEntities(v);
  return undefined;
};
function* walk(e: XmlElement): Generator<XmlElement> {
  for (const c of kids(e)) {
    yield c;
    yield* walk(c);
  }
}
const first = (e: XmlElement | undefined, name: string): XmlElement | undefined => {
  if (!e) return undefined;
  for (const d of walk(e)) if (local(d.name) === name) return d;
  return undefined;
};

type Parts = ReadonlyMap<string, Uint8Array>;

const decoder = new TextDecoder('utf-8');

function xmlPart(parts: Parts, name: string): XmlElement {
  const bytes = parts.get(name);
  if (!bytes) throw new TemplateError(t('import.reason.missing-part', { part: name }));
  try {
    return parseXml(decoder.decode(bytes)).root;
  } catch {
    throw new TemplateError(t('import.reason.bad-xml', { part: name }));
  }
}

/** The relationships of a part: id → { type, target part name }. */
function relationships(parts: Parts, partName: string): Map<string, { type: string; target: string }> {
  const dir = posix.dirname(partName);
  const relsName = posix.join(dir, '_rels', `${posix.basename(partName)}.rels`);
  const rels = new Map<string, { type: string; target: string }>();
  if (!parts.has(relsName)) return rels;
  for (const rel of kids(xmlPart(parts, relsName), 'Relationship')) {
    const id = attrOf(rel, 'Id');
    const target = attrOf(rel, 'Target');
    if (!id || !target || attrOf(rel, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(dir, target));
    rels.set(id, { type: attrOf(rel, 'Type') ?? '', target: resolved });
  }
  return rels;
}

const relOfType = (rels: Map<string, { type: string; target: string }>, type: string): string | undefined =>
  [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target;

export function templateFacts(parts: Parts): TemplateFacts {
  const root = relationships(parts, '');
  const presentationName = relOfType(root, 'officeDocument') ?? 'ppt/presentation.xml';
  const presentation = xmlPart(parts, presentationName);
  const size = kid(presentation, 'sldSz');
  const cx = Number(attrOf(size, 'cx'));
  const cy = Number(attrOf(size, 'cy'));
  if (!(cx > 0 && cy > 0)) throw new TemplateError(t('import.reason.no-size'));

  const presentationRels = relationships(parts, presentationName);
  const masterId = attrOf(path(presentation, 'sldMasterIdLst', 'sldMasterId'), 'r:id');
  const masterName = (masterId && presentationRels.get(masterId)?.target) ?? relOfType(presentationRels, 'slideMaster');
  if (!masterName) throw new TemplateError(t('import.reason.no-master'));
  const master = xmlPart(parts, masterName);
  const masterRels = relationships(parts, masterName);
  const themeName = relOfType(masterRels, 'theme');
  const theme = themeName ? xmlPart(parts, themeName) : undefined;

  const clrMap = new Map<string, string>(kid(master, 'clrMap')?.attributes.map(([n, v]) => [local(n), v]) ?? []);
  const schemeEl = path(theme, 'themeElements', 'clrScheme');
  const scheme: Record<string, Hex> = {};
  for (const name of SCHEME_NAMES) {
    const colour = colourIn(kid(schemeEl, name), scheme, clrMap);
    if (colour) scheme[name] = colour;
  }
  scheme.dk1 ??= '000000';
  scheme.lt1 ??= 'FFFFFF';
  const resolve = (holder: XmlElement | undefined): Hex | undefined => colourIn(holder, scheme, clrMap);

  const fontScheme = path(theme, 'themeElements', 'fontScheme');
  const fonts = {
    major: typeface(path(fontScheme, 'majorFont', 'latin')),
    minor: typeface(path(fontScheme, 'minorFont', 'latin')),
  };
  const themeFont = (face: string | undefined): string | undefined =>
    face === '+mj-lt' ? fonts.major : face === '+mn-lt' ? fonts.minor : face?.startsWith('+') ? undefined : face;

  const tree = path(master, 'cSld', 'spTree');
  const placeholder = (type: string): XmlElement | undefined =>
    kids(tree, 'sp').find((sp) => {
      const ph = path(sp, 'nvSpPr', 'nvPr', 'ph');
      return ph !== undefined && (attrOf(ph, 'type') ?? 'obj') === type;
    });
  const lookOf = (sp: XmlElement | undefined, style: XmlElement | undefined): TextLook => {
    const run = first(path(sp, 'txBody'), 'rPr') ?? first(path(sp, 'txBody'), 'defRPr');
    const styled = path(style, 'lvl1pPr', 'defRPr');
    const colour = resolve(kid(run, 'solidFill')) ?? resolve(kid(styled, 'solidFill'));
    const font = themeFont(typeface(kid(run, 'latin'))) ?? themeFont(typeface(kid(styled, 'latin')));
    return { ...(colour ? { colour } : {}), ...(font ? { font } : {}) };
  };
  const txStyles = kid(master, 'txStyles');
  const title = lookOf(placeholder('title') ?? placeholder('ctrTitle'), kid(txStyles, 'titleStyle'));
  const body = lookOf(placeholder('body') ?? placeholder('obj'), kid(txStyles, 'bodyStyle'));

  const inches = (emu: number): number => emu / EMU_PER_INCH;
  const boxOf = (e: XmlElement): Box | undefined => {
    const xfrm = path(e, 'spPr', 'xfrm');
    const off = kid(xfrm, 'off');
    const ext = kid(xfrm, 'ext');
    const [x, y, w, h] = [attrOf(off, 'x'), attrOf(off, 'y'), attrOf(ext, 'cx'), attrOf(ext, 'cy')].map(Number) as [number, number, number, number];
    return [x, y, w, h].every(Number.isFinite) && w > 0 && h > 0 ? { x: inches(x), y: inches(y), w: inches(w), h: inches(h) } : undefined;
  };
  const picturesIn = (partName: string, on: TemplatePicture['on']): TemplatePicture[] => {
    const part = xmlPart(parts, partName);
    const rels = relationships(parts, partName);
    return kids(path(part, 'cSld', 'spTree'), 'pic').flatMap((pic) => {
      const box = boxOf(pic);
      const target = rels.get(attrOf(first(pic, 'blip'), 'r:embed') ?? '')?.target;
      const bytes = target ? parts.get(target) : undefined;
      return box && target && bytes ? [{ box, part: target, bytes, on }] : [];
    });
  };

  const titleLayout = [...masterRels.values()]
    .filter((r) => r.type.endsWith('/slideLayout') && parts.has(r.target))
    .find((r) => attrOf(xmlPart(parts, r.target), 'type') === 'title')?.target;

  const fills = kids(tree, 'sp')
    .filter((sp) => !path(sp, 'nvSpPr', 'nvPr', 'ph'))
    .flatMap((sp) => {
      const colour = resolve(path(sp, 'spPr', 'solidFill'));
      const box = boxOf(sp);
      return colour && box ? [{ colour, area: box.w * box.h }] : [];
    })
    .sort((a, b) => b.area - a.area)
    .map((f) => f.colour);

  return {
    size: { width: inches(cx), height: inches(cy) },
    scheme,
    fonts,
    title,
    body,
    background: backgroundOf(master, masterName, parts, resolve),
    fills: [...new Set(fills)],
    pictures: [...picturesIn(masterName, 'content'), ...(titleLayout ? picturesIn(titleLayout, 'cover') : [])],
    coverShowsMaster: titleLayout === undefined || attrOf(xmlPart(parts, titleLayout), 'showMasterSp') !== '0',
  };
}

function backgroundOf(
  master: XmlElement,
  masterName: string,
  parts: Parts,
  resolve: (holder: XmlElement | undefined) => Hex | undefined,
): TemplateFacts['background'] {
  const bg = path(master, 'cSld', 'bg');
  if (!bg) return undefined;
  const ref = kid(bg, 'bgRef');
  if (ref) {
    const colour = resolve(ref);
    return colour ? { colour } : undefined;
  }
  const props = kid(bg, 'bgPr');
  const solid = resolve(kid(props, 'solidFill'));
  if (solid) return { colour: solid };
  const stops = kids(path(props, 'gradFill', 'gsLst'), 'gs').flatMap((gs) => {
    const colour = resolve(gs);
    return colour ? [colour] : [];
  });
  // A gradient reads as the colour halfway along it.
  if (stops.length > 0) return { colour: stops.length === 1 ? (stops[0] as Hex) : mix(stops[0] as Hex, stops[stops.length - 1] as Hex, 0.5) };
  const embed = attrOf(first(kid(props, 'blipFill'), 'blip'), 'r:embed');
  const target = embed ? relationships(parts, masterName).get(embed)?.target : undefined;
  const bytes = target ? parts.get(target) : undefined;
  if (target && bytes) return { picture: { box: { x: 0, y: 0, w: 0, h: 0 }, part: target, bytes, on: 'content' } };
  return undefined;
}

const typeface = (latin: XmlElement | undefined): string | undefined => {
  const face = attrOf(latin, 'typeface')?.trim();
  return face ? face : undefined;
};

/**
 * The colour an element holds (its first colour child: a:srgbClr,
 * a:schemeClr, a:sysClr, a:prstClr), with its modifiers applied.
 */
function colourIn(holder: XmlElement | undefined, scheme: Record<string, Hex>, clrMap: Map<string, string>): Hex | undefined {
  for (const c of kids(holder)) {
    const base = baseColour(c, scheme, clrMap);
    if (base) return applyModifiers(base, c);
  }
  return undefined;
}

const PRESET: Readonly<Record<string, Hex>> = { black: '000000', white: 'FFFFFF', red: 'FF0000', green: '008000', blue: '0000FF', yellow: 'FFFF00', gray: '808080' };
const SCHEME_ALIAS: Readonly<Record<string, string>> = { tx1: 'dk1', bg1: 'lt1', tx2: 'dk2', bg2: 'lt2' };

function baseColour(c: XmlElement, scheme: Record<string, Hex>, clrMap: Map<string, string>): Hex | undefined {
  const hex = (v: string | undefined): Hex | undefined => (v && /^[0-9A-Fa-f]{6}$/.test(v) ? v.toUpperCase() : undefined);
  switch (local(c.name)) {
    case 'srgbClr':
      return hex(attrOf(c, 'val'));
    case 'sysClr':
      return hex(attrOf(c, 'lastClr')) ?? (attrOf(c, 'val') === 'window' ? 'FFFFFF' : '000000');
    case 'prstClr':
      return PRESET[attrOf(c, 'val') ?? ''];
    case 'schemeClr': {
      const val = attrOf(c, 'val') ?? '';
      const mapped = clrMap.get(val) ?? SCHEME_ALIAS[val] ?? val;
      return scheme[mapped];
    }
    default:
      return undefined;
  }
}

function applyModifiers(base: Hex, c: XmlElement): Hex {
  let colour = base;
  const percent = (e: XmlElement): number => Number(attrOf(e, 'val') ?? '100000') / 100_000;
  let mod = 1;
  let off = 0;
  for (const m of kids(c)) {
    const name = local(m.name);
    if (name === 'lumMod') mod = percent(m);
    else if (name === 'lumOff') off = percent(m);
    else if (name === 'tint') colour = mix('FFFFFF', colour, percent(m));
    else if (name === 'shade') colour = mix('000000', colour, percent(m));
  }
  return mod !== 1 || off !== 0 ? modulateLuminance(colour, mod, off) : colour;
}
