/**
 * Colour arithmetic for `theme import`: WCAG 2 contrast, mixing, and moving a
 * colour's lightness until it reads against another. Colours are six hex
 * digits, as theme.yaml writes them.
 */

export type Hex = string;

interface Rgb {
  r: number;
  g: number;
  b: number;
}

const toRgb = (hex: Hex): Rgb => ({
  r: parseInt(hex.slice(0, 2), 16),
  g: parseInt(hex.slice(2, 4), 16),
  b: parseInt(hex.slice(4, 6), 16),
});

const channel = (v: number): string =>
  Math.round(Math.min(255, Math.max(0, v)))
    .toString(16)
    .padStart(2, '0')
    .toUpperCase();

const toHex = ({ r, g, b }: Rgb): Hex => channel(r) + channel(g) + channel(b);

export const normaliseHex = (hex: Hex): Hex => hex.toUpperCase();

/** WCAG 2 relative luminance. */
export function luminance(hex: Hex): number {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const { r, g, b } = toRgb(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio, 1–21. */
export function contrast(a: Hex, b: Hex): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `a` moved towards `b` by `amount` (0 = a, 1 = b), channel by channel. */
export function mix(a: Hex, b: Hex, amount: number): Hex {
  const x = toRgb(a);
  const y = toRgb(b);
  return toHex({ r: x.r + (y.r - x.r) * amount, g: x.g + (y.g - x.g) * amount, b: x.b + (y.b - x.b) * amount });
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

export function toHsl(hex: Hex): Hsl {
  const { r, g, b } = toRgb(hex);
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h: number;
  if (max === rn) h = ((gn - bn) / d) % 6;
  else if (max === gn) h = (bn - rn) / d + 2;
  else h = (rn - gn) / d + 4;
  return { h: (h * 60 + 360) % 360, s, l };
}

export function fromHsl({ h, s, l }: Hsl): Hex {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return toHex({ r: (r + m) * 255, g: (g + m) * 255, b: (b + m) * 255 });
}

/** DrawingML's luminance modulation and offset (a:lumMod, a:lumOff), in HSL as PowerPoint applies them. */
export function modulateLuminance(hex: Hex, mod: number, off: number): Hex {
  const hsl = toHsl(hex);
  return fromHsl({ ...hsl, l: Math.min(1, Math.max(0, hsl.l * mod + off)) });
}

/** A colour with a hue to speak of: not a grey, and neither near black nor near white. */
export function isChromatic(hex: Hex): boolean {
  const { s, l } = toHsl(hex);
  return s >= 0.2 && l > 0.08 && l < 0.92;
}

/** The hue distance between two colours, 0–180 degrees. */
export function hueDistance(a: Hex, b: Hex): number {
  const d = Math.abs(toHsl(a).h - toHsl(b).h) % 360;
  return d > 180 ? 360 - d : d;
}

/** `hex` made darker or lighter, its hue kept, until it reads at `ratio` on `against` (nearestMeeting with one need). */
export function readableOn(hex: Hex, against: Hex, ratio: number, towards: 'darker' | 'lighter' | 'either' = 'either'): Hex {
  return nearestMeeting(hex, () => [{ against, ratio }], towards);
}

/** Of the colours given, the one with the most contrast against `against`. */
export function mostContrasting(against: Hex, ...colours: Hex[]): Hex {
  return colours.reduce((best, c) => (contrast(c, against) > contrast(best, against) ? c : best));
}

/** What a colour must read against: another colour, at a contrast ratio. */
export interface Need {
  against: Hex;
  ratio: number;
}

/** How well `hex` meets its needs: the worst of contrast ÷ ratio; 1 or more meets them all. */
export const meetsBy = (hex: Hex, needs: readonly Need[]): number => Math.min(...needs.map((n) => contrast(hex, n.against) / n.ratio));

/**
 * The colour nearest `wanted` in lightness, its hue and saturation kept, that
 * meets every need at once (`needs` may depend on the colour tried, as a card
 * tinted with it does): in the direction asked, or else either way, the
 * smaller step first. When none does, the one that comes closest.
 */
export function nearestMeeting(wanted: Hex, needs: (hex: Hex) => readonly Need[], towards: 'darker' | 'lighter' | 'either' = 'either'): Hex {
  const score = (hex: Hex): number => meetsBy(hex, needs(hex));
  const start = normaliseHex(wanted);
  if (score(start) >= 1) return start;
  const hsl = toHsl(start);
  let best = start;
  let bestScore = score(start);
  const consider = (hex: Hex): boolean => {
    const s = score(hex);
    if (s > bestScore) [best, bestScore] = [hex, s];
    return s >= 1;
  };
  for (const ways of towards === 'either' ? [['darker', 'lighter']] : [[towards], [towards === 'darker' ? 'lighter' : 'darker']]) {
    for (let step = 0.005; step <= 1.0001; step += 0.005) {
      for (const way of ways) {
        const l = way === 'darker' ? hsl.l - step : hsl.l + step;
        if (l < 0 || l > 1) continue;
        const candidate = fromHsl({ ...hsl, l });
        if (consider(candidate)) return candidate;
      }
    }
  }
  for (const extreme of ['000000', 'FFFFFF']) if (consider(extreme)) return extreme;
  return best;
}
