/**
 * A template's facts made into a briefdeck theme that extends the base theme
 * (the default): pure, so every rule below is tested on facts alone.
 *
 * - Size: the template's slide size. The base theme's regions are scaled to
 *   it, across by the width ratio and down by the height ratio, and text
 *   sizes by the height ratio (a slide is seen at the height of the screen,
 *   so a 4:3 slide keeps the sizes of a 16:9 one of the same height).
 * - Colours: roles are taken from what the master really draws: its title
 *   colour, then the fills of its own shapes, then the scheme's accents. Each
 *   role is kept legible: a colour is darkened or lightened (its hue kept)
 *   until it has WCAG AA contrast with what it is read on, and each change is
 *   reported.
 * - Fonts: the title placeholder's face for headings, the body's for text,
 *   else the theme's major and minor fonts.
 * - Pictures: a picture covering the slide is the content master's
 *   background; a small one (a logo) is kept where it stands, and the
 *   regions it overlaps are cut back so no text runs under it; other
 *   pictures (large decoration) are left out, and reported.
 */
import { t, type Text } from '../i18n/catalogue.js';
import type { Theme } from '../templates/theme.js';
import { contrast, hueDistance, isChromatic, luminance, mix, mostContrasting, nearestMeeting, type Hex, type Need } from './colours.js';
import type { Box, TemplateFacts, TemplatePicture } from './facts.js';

/** Contrast for text (WCAG AA, normal text) and for graphics. */
const TEXT_CONTRAST = 4.5;
/** The luminance where black and white text read equally well (contrast about 4.6 each): lighter is a light background. */
const MID_LUMINANCE = 0.179;
/** A background lets text read at least this well in black or white, so tinted cards leave room for AA. */
const BACKGROUND_CONTRAST = 7;
/** How much of the primary tints the cards (surface) over the background. */
const SURFACE_TINT = 0.07;
/** Contrast for graphics (WCAG 1.4.11), below which a colour reads as a tint. */
const GRAPHIC_CONTRAST = 3;
/** A picture covering at least this share of the slide is a background. */
const BACKGROUND_SHARE = 0.9;
/** A picture covering at most this share of the slide is a logo. */
const LOGO_SHARE = 0.08;
/** Space kept between a logo and the text beside it, in inches. */
const LOGO_GAP = 0.1;
/** A region cut back around a logo keeps at least this share of itself, or is left as it was (and reported). */
const MIN_KEPT = 0.5;

export interface ThemePicture {
  /** Relative to the theme's folder. */
  file: string;
  bytes: Uint8Array;
  master: 'content' | 'cover';
  region: string;
  box: Box;
}

export interface ThemeImport {
  /** theme.yaml values over the base theme (what the file will say). */
  values: ImportedValues;
  pictures: ThemePicture[];
  /** What was adjusted or left out, for the user to read. */
  notes: Text[];
}

export interface ImportedValues {
  name: string;
  description: string;
  extends: string;
  size: { width: number; height: number };
  fonts: { heading: string; body: string };
  colors: Record<string, Hex>;
  chartColors: Hex[];
  spacing?: Record<string, number>;
  regions?: Record<string, Box>;
  textStyles?: Record<string, Partial<Record<'size' | 'minSize' | 'maxSize', number>>>;
  shapeStyles?: Record<string, { radius: number }>;
  chart?: { size: number; labelSize: number };
  masterPictures?: Record<string, { file: string; region: string }[]>;
}

export interface ImportOptions {
  name: string;
  /** The template's file name, for the description. */
  source: string;
  base: Theme;
  baseName: string;
}

export function mapTemplate(facts: TemplateFacts, { name, source, base, baseName }: ImportOptions): ThemeImport {
  const notes: Text[] = [];
  const colors = mapColours(facts, base, notes);
  const chartColors = mapChartColours(facts, colors, notes);
  const fonts = {
    heading: facts.title.font ?? facts.fonts.major ?? base.fonts.heading ?? 'Arial',
    body: facts.body.font ?? facts.fonts.minor ?? base.fonts.body ?? 'Arial',
  };
  const size = { width: round(facts.size.width), height: round(facts.size.height) };
  const values: ImportedValues = {
    name,
    description: `Imported from ${source}`,
    extends: baseName,
    size,
    fonts,
    colors,
    chartColors,
    ...scaled(base, size),
  };
  const pictures = placePictures(facts, values, base, notes);
  return { values, pictures, notes };
}

// ---------------------------------------------------------------------------
// Colours

function mapColours(facts: TemplateFacts, base: Theme, notes: Text[]): Record<string, Hex> {
  const { scheme } = facts;
  /** `wanted`, or the nearest colour of its hue that meets every need at once; a change is reported. */
  const legible = (role: string, wanted: Hex, needs: (hex: Hex) => readonly Need[], towards: 'darker' | 'lighter' | 'either' = 'either'): Hex => {
    const got = nearestMeeting(wanted, needs, towards);
    if (got !== wanted.toUpperCase()) notes.push(t('import.colour-adjusted', { role, from: wanted.toUpperCase(), to: got, ratio: TEXT_CONTRAST }));
    return got;
  };
  const readsOn = (...against: Hex[]) => (): Need[] => against.map((a) => ({ against: a, ratio: TEXT_CONTRAST }));

  // A mid-tone background leaves no colour that reads on it and on a card tinted from it: it is moved
  // towards white or black until text in the other reads at BACKGROUND_CONTRAST.
  const templateBackground = 'colour' in (facts.background ?? {}) ? (facts.background as { colour: Hex }).colour : (scheme.lt1 ?? 'FFFFFF');
  const background = legible('background', templateBackground, () => [{ against: luminance(templateBackground) > MID_LUMINANCE ? '000000' : 'FFFFFF', ratio: BACKGROUND_CONTRAST }]);
  const light = luminance(background) > MID_LUMINANCE;
  const away = light ? 'darker' : 'lighter';

  // The template's own colours, most telling first: its title, the shapes its master draws, its accents.
  const candidates = [facts.title.colour, ...facts.fills, scheme.accent1, scheme.dk2, scheme.accent2, scheme.accent3, scheme.accent4, scheme.accent5, scheme.accent6]
    .filter((c): c is Hex => c !== undefined && isChromatic(c))
    .map((c) => c.toUpperCase());
  // A fill that barely stands out from the background is a band text is drawn on, not a colour to write in.
  const strong = candidates.filter((c) => contrast(c, background) >= GRAPHIC_CONTRAST);
  const surfaceOf = (primary: Hex): Hex => mix(background, primary, SURFACE_TINT);
  // The primary is read on the background (titles) and on cards tinted with it (surface).
  const wantedPrimary = strong[0] ?? candidates[0] ?? facts.body.colour ?? scheme.dk1 ?? '000000';
  const primary = legible('primary', wantedPrimary, (c) => readsOn(background, surfaceOf(c))(), away);
  const surface = surfaceOf(primary);
  const onSurfaces = readsOn(background, surface);
  const text = legible('text', facts.body.colour ?? scheme.dk1 ?? '000000', onSurfaces, away);
  // The background's colour is read on the primary (covers, table heads) when it can be.
  const onPrimary = contrast(background, primary) >= TEXT_CONTRAST ? background : nearestMeeting(mostContrasting(primary, text, 'FFFFFF', '000000'), readsOn(primary));
  const onPrimaryLight = luminance(onPrimary) > luminance(primary);
  const distinct = candidates.filter((c) => hueDistance(c, primary) >= 40);
  const accent = legible('accent', distinct[0] ?? primary, onSurfaces, away);
  // Covers are drawn on the primary colour; their kicker and stripe take the template's other colour most
  // like the cover's text (the lightest on a dark cover), made to read on it.
  const byLightness = [...distinct].sort((a, b) => luminance(b) - luminance(a));
  const gold = legible('gold', (onPrimaryLight ? byLightness[0] : byLightness.at(-1)) ?? onPrimary, readsOn(primary), onPrimaryLight ? 'lighter' : 'darker');
  const tone = (role: 'better' | 'worse' | 'neutral'): Hex => legible(role, base.colors[role] ?? text, onSurfaces, away);
  return {
    background,
    text,
    muted: nearestMeeting(mix(text, background, 0.3), onSurfaces, away),
    primary,
    primaryDark: mix(primary, '000000', 0.3),
    accent,
    gold,
    surface,
    onPrimary,
    onPrimaryMuted: nearestMeeting(mix(onPrimary, primary, 0.2), readsOn(primary)),
    grid: mix(background, text, 0.18),
    coverBackground: primary,
    better: tone('better'),
    worse: tone('worse'),
    neutral: tone('neutral'),
  };
}

/**
 * Series colours: the primary, then the template's other colours, each far
 * enough in hue from those before it, and dark (or light) enough for the
 * labels drawn on them. Shades of the primary make up at least three.
 */
function mapChartColours(facts: TemplateFacts, colors: Record<string, Hex>, notes: Text[]): Hex[] {
  const primary = colors.primary as Hex;
  const label = colors.onPrimary as Hex;
  const background = colors.background as Hex;
  const { scheme } = facts;
  const chosen: Hex[] = [primary];
  const pool = [...facts.fills, scheme.accent1, scheme.accent2, scheme.accent3, scheme.accent4, scheme.accent5, scheme.accent6, facts.title.colour];
  for (const c of pool) {
    if (!c || !isChromatic(c) || chosen.length >= 6) continue;
    const usable = nearestMeeting(c, () => [
      { against: label, ratio: TEXT_CONTRAST },
      { against: background, ratio: GRAPHIC_CONTRAST },
    ]);
    if (chosen.every((x) => hueDistance(x, usable) >= 25)) chosen.push(usable);
  }
  for (const amount of [0.35, 0.6]) {
    if (chosen.length < 3) chosen.push(nearestMeeting(mix(primary, background, amount), () => [{ against: label, ratio: TEXT_CONTRAST }]));
  }
  if (chosen.length < 3) notes.push(t('import.few-chart-colours'));
  return chosen;
}

// ---------------------------------------------------------------------------
// Size

function scaled(base: Theme, size: { width: number; height: number }): Partial<ImportedValues> {
  const sx = size.width / base.size.width;
  const sy = size.height / base.size.height;
  if (Math.abs(sx - 1) < 1e-3 && Math.abs(sy - 1) < 1e-3) return {};
  const both = Math.min(sx, sy);
  const box = (b: Box): Box => ({ x: round(b.x * sx), y: round(b.y * sy), w: round(b.w * sx), h: round(b.h * sy) });
  const pt = (v: number): number => Math.round(v * sy * 2) / 2;
  const spacingScale = (key: string): number => (/width/i.test(key) ? sx : /height/i.test(key) ? sy : both);
  return {
    spacing: Object.fromEntries(Object.entries(base.spacing).map(([k, v]) => [k, round(v * spacingScale(k))])),
    regions: Object.fromEntries(Object.entries(base.regions).map(([k, b]) => [k, box(b)])),
    textStyles: Object.fromEntries(
      Object.entries(base.textStyles).map(([k, s]) => [
        k,
        { size: pt(s.size), ...(s.minSize !== undefined ? { minSize: pt(s.minSize) } : {}), ...(s.maxSize !== undefined ? { maxSize: pt(s.maxSize) } : {}) },
      ]),
    ),
    shapeStyles: Object.fromEntries(Object.entries(base.shapeStyles).flatMap(([k, s]) => (s.radius > 0 ? [[k, { radius: round(s.radius * both) }]] : []))),
    chart: { size: pt(base.chart.size), labelSize: pt(base.chart.labelSize) },
  };
}

// ---------------------------------------------------------------------------
// Pictures

function placePictures(facts: TemplateFacts, values: ImportedValues, base: Theme, notes: Text[]): ThemePicture[] {
  const slideArea = values.size.width * values.size.height;
  const full: Box = { x: 0, y: 0, w: values.size.width, h: values.size.height };
  const placed: ThemePicture[] = [];
  /** Each picture of the package is written once, whichever masters draw it. */
  const files = new Map<string, string>();
  const add = (picture: TemplatePicture, master: 'content' | 'cover', box: Box, role: 'Background' | 'Logo'): void => {
    const n = placed.filter((p) => p.master === master && p.region.includes(role)).length + 1;
    const extension = picture.part.toLowerCase().endsWith('.png') ? 'png' : 'jpeg';
    const file = files.get(picture.part) ?? `pictures/${role.toLowerCase()}-${files.size + 1}.${extension}`;
    files.set(picture.part, file);
    const region = `template${master === 'content' ? 'Content' : 'Cover'}${role}${n}`;
    placed.push({ file, bytes: picture.bytes, master, region, box: roundBox(box) });
  };
  if (facts.background && 'picture' in facts.background) add(facts.background.picture, 'content', full, 'Background');
  for (const picture of facts.pictures) {
    const share = (picture.box.w * picture.box.h) / slideArea;
    if (share >= BACKGROUND_SHARE) add(picture, picture.on, full, 'Background');
    else if (share <= LOGO_SHARE) {
      add(picture, picture.on, picture.box, 'Logo');
      // As in PowerPoint, the master's logo is on the title slide too, unless its layout hides the master's shapes.
      if (picture.on === 'content' && facts.coverShowsMaster) add(picture, 'cover', picture.box, 'Logo');
    } else notes.push(t('import.picture-left-out', { part: picture.part, share: Math.round(share * 100) }));
  }
  if (placed.length === 0) return placed;

  const regions = { ...(values.regions ?? base.regions) };
  for (const logo of placed.filter((p) => p.region.includes('Logo'))) {
    // The logo stays where the template put it; the regions of the same master give way.
    const ofMaster = logo.master === 'cover' ? COVER_REGIONS : (name: string): boolean => !COVER_REGIONS(name);
    for (const [name, region] of Object.entries(regions)) {
      if (!ofMaster(name) || !overlaps(region, logo.box)) continue;
      const cut = cutAround(region, logo.box);
      if (cut) regions[name] = cut;
      else notes.push(t('import.logo-overlaps', { region: name, part: logo.file }));
    }
  }
  for (const p of placed) regions[p.region] = p.box;
  values.regions = regions;
  const masterPictures: Record<string, { file: string; region: string }[]> = {};
  for (const p of placed) (masterPictures[p.master] ??= []).push({ file: p.file, region: p.region });
  values.masterPictures = masterPictures;
  return placed;
}

/** The regions of the cover master's slides (title, section dividers, closing), by the base theme's naming. */
const COVER_REGIONS = (name: string): boolean => /^cover/.test(name);

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * `region` without the part `obstacle` covers: cut from the side that keeps
 * the most of it; undefined when every cut keeps less than MIN_KEPT.
 */
export function cutAround(region: Box, obstacle: Box): Box | undefined {
  const right = obstacle.x - LOGO_GAP - region.x;
  const left = region.x + region.w - (obstacle.x + obstacle.w + LOGO_GAP);
  const below = obstacle.y - LOGO_GAP - region.y;
  const above = region.y + region.h - (obstacle.y + obstacle.h + LOGO_GAP);
  const cuts: Box[] = [
    { ...region, w: right },
    { ...region, x: region.x + region.w - left, w: left },
    { ...region, h: below },
    { ...region, y: region.y + region.h - above, h: above },
  ].filter((b) => b.w > 0 && b.h > 0);
  const best = cuts.sort((a, b) => b.w * b.h - a.w * a.h)[0];
  return best && best.w * best.h >= MIN_KEPT * region.w * region.h ? roundBox(best) : undefined;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
const roundBox = (b: Box): Box => ({ x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) });
