/**
 * WCAG 2.x AA contrast (>= 4.5 : 1) for every colour pair a theme draws text
 * in, for every theme folder under templates/ (all but `locales`).
 *
 * Which background a text style sits on is derived from the templates, not
 * guessed. Each layout (with its {{> partials}} written in) and each master is
 * read as a tree of elements, and for every <text>, <list>, <span> and
 * <slideNumber> the backgrounds under it are worked out:
 *
 *  - a slide starts on its master's `<master background>` (a layout without
 *    `master` gets the theme's first master, as the builder does), with the
 *    master's filled boxes drawn under it;
 *  - inside a frame (the slide, or a <group>), every earlier filled <box> — or
 *    text style with a `fill` — is a layer: one that covers the element's
 *    whole box replaces its background, one that only overlaps it adds a
 *    second possible background, one inside an {{#if}} block only adds;
 *  - a <box> without placement fills its frame (the card and column panels),
 *    a region is the theme's rectangle, x/y/w/h/right/bottom are placed in
 *    the frame as the builder places them; a cell of a <row>/<column>/<grid>
 *    is taken as big as the whole container (the real size depends on how
 *    many items the data has, and the layouts place text in cells in inches
 *    or percent, so this only errs towards finding more overlaps);
 *  - an attribute written with {{#if}}…{{else}}…{{/if}} counts every branch.
 *
 * Charts: the chart text colour (axes, data labels, legend) against the
 * background under every <chart>, and `insideLabelColor` (the labels drawn on
 * doughnut slices) against every entry of `chartColors`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeThemeData } from '../src/templates/inherit.js';

const TEMPLATES = resolve(import.meta.dirname, '..', 'templates');
const AA = 4.5;

// ---------------------------------------------------------------- contrast

/** sRGB channel (0–255) to linear light, as WCAG 2.x defines it. */
function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2.x relative luminance of a colour written as six hex digits. */
export function luminance(hex: string): number {
  if (!/^[0-9A-Fa-f]{6}$/.test(hex)) throw new Error(`not a colour: "${hex}"`);
  const n = Number.parseInt(hex, 16);
  return 0.2126 * linear((n >> 16) & 255) + 0.7152 * linear((n >> 8) & 255) + 0.0722 * linear(n & 255);
}

/** WCAG 2.x contrast ratio of two colours, 1 to 21, in either order. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('contrast()', () => {
  it('matches the WCAG reference values', () => {
    expect(contrast('000000', 'FFFFFF')).toBeCloseTo(21, 10);
    expect(contrast('FFFFFF', '000000')).toBeCloseTo(21, 10);
    expect(contrast('777777', 'FFFFFF')).toBeCloseTo(4.48, 2);
    expect(contrast('767676', 'FFFFFF')).toBeCloseTo(4.54, 2);
    expect(contrast('0B3D6E', '0B3D6E')).toBe(1);
    expect(luminance('FFFFFF')).toBe(1);
    expect(luminance('000000')).toBe(0);
    expect(luminance('808080')).toBeCloseTo(0.2159, 4);
    expect(() => luminance('fff')).toThrow();
  });
});

// ---------------------------------------------------------------- theme data

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface ThemeData {
  size: { width: number; height: number };
  colors: Record<string, string>;
  chartColors: string[];
  spacing?: Record<string, number>;
  regions: Record<string, Rect>;
  textStyles: Record<string, { color?: string; fill?: string }>;
  shapeStyles: Record<string, { fill?: string }>;
  chart: { color: string; insideLabelColor: string };
  masters: string[];
}

/** A colour name of the theme, or six hex digits, as the builder resolves it. */
function resolveColor(theme: ThemeData, value: string): string {
  const named = theme.colors[value];
  if (named !== undefined) return String(named).toUpperCase();
  if (/^[0-9A-Fa-f]{6}$/.test(value)) return value.toUpperCase();
  throw new Error(`unknown colour "${value}" (not in colors, not six hex digits)`);
}

// ---------------------------------------------------------------- template markup

interface El {
  name: string;
  attrs: Record<string, string[]>; // every branch an {{#if}} could give
  conditional: boolean; // inside an {{#if}}/{{#unless}} block
  children: El[];
  file: string;
}

function readSources(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((n) => n.endsWith('.hbs'))
      .sort()
      .map((n) => [basename(n, '.hbs'), readFileSync(join(dir, n), 'utf8')]),
  );
}

const stripComments = (s: string): string => s.replace(/\{\{!--[\s\S]*?--\}\}/g, '').replace(/\{\{![\s\S]*?\}\}/g, '');

/** Writes {{> name}} partials into the template, as Handlebars would. */
function expandPartials(source: string, partials: Map<string, string>, depth = 0): string {
  if (depth > 10) throw new Error('partials nest too deep');
  return stripComments(source).replace(/\{\{~?>\s*([\w-]+)[^}]*\}\}/g, (_, name: string) => {
    const partial = partials.get(name);
    if (partial === undefined) throw new Error(`unknown partial "${name}"`);
    return expandPartials(partial, partials, depth + 1);
  });
}

/** The colours the `tone` helper names (src/format/figure.ts): a theme must define all three. */
const TONES = ['better', 'worse', 'neutral'];

/** An attribute's possible values: {{#if c}}a{{else}}b{{/if}} gives [a, b]; {{tone x}} gives every tone. */
function attrValues(raw: string): string[] {
  if (/^\{\{\s*tone\s[^}]*\}\}$/.test(raw.trim())) return TONES;
  const values = raw
    .replace(/\{\{~?else~?\}\}/g, '\u0000')
    .replace(/\{\{[\s\S]*?\}\}/g, '')
    .split('\u0000')
    .map((v) => v.trim());
  return [...new Set(values)];
}

/** Parses the layout XML vocabulary (with its Handlebars) into a tree; text content is not needed. */
function parseMarkup(source: string, file: string): El {
  const token = /<(\/?)([A-Za-z][\w-]*)((?:[^>"]|"[^"]*")*?)(\/?)>|\{\{~?([#/])(if|unless)\b[^}]*\}\}/g;
  const root: El = { name: '#root', attrs: {}, conditional: false, children: [], file };
  const stack: El[] = [root];
  let condDepth = 0;
  for (const m of source.matchAll(token)) {
    const [, close, name, rawAttrs, selfClose, blockSign] = m;
    if (blockSign) {
      condDepth += blockSign === '#' ? 1 : -1;
      continue;
    }
    const top = stack[stack.length - 1]!;
    if (close) {
      if (top.name !== name) throw new Error(`${file}: </${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string[]> = {};
    for (const a of (rawAttrs ?? '').matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]!] = attrValues(a[2]!);
    const el: El = { name: name!, attrs, conditional: condDepth > 0 || top.conditional, children: [], file };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`${file}: <${stack[stack.length - 1]!.name}> is not closed`);
  const roots = root.children;
  if (roots.length !== 1) throw new Error(`${file}: expected one root element, found ${roots.length}`);
  return roots[0]!;
}

const one = (el: El, attr: string): string | undefined => {
  const v = el.attrs[attr];
  if (v === undefined) return undefined;
  if (v.length !== 1) throw new Error(`${el.file}: <${el.name} ${attr}> must not depend on the data here (${v.join(' | ')})`);
  return v[0];
};

// ---------------------------------------------------------------- geometry

const EPS = 1e-6;
const contains = (outer: Rect, inner: Rect): boolean =>
  inner.x >= outer.x - EPS && inner.y >= outer.y - EPS && inner.x + inner.w <= outer.x + outer.w + EPS && inner.y + inner.h <= outer.y + outer.h + EPS;
const intersects = (a: Rect, b: Rect): boolean =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > EPS && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > EPS;

/** "0.3" inches, "40%" of `of`, or a spacing name — as the builder reads a length. */
function length(theme: ThemeData, value: string | undefined, of: number): number {
  if (value === undefined || value === '') return 0;
  const spacing = theme.spacing?.[value];
  if (spacing !== undefined) return spacing;
  const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) return (Number(percent[1]) / 100) * of;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a length`);
  return n;
}

/** The boxes an element may occupy: one per region an {{#if}} may pick, or its place in the frame. */
function rectsOf(el: El, frame: Rect, theme: ThemeData): Rect[] {
  const regions = el.attrs.region?.filter((r) => r !== '');
  if (regions && regions.length > 0) {
    return regions.map((r) => {
      const rect = theme.regions[r];
      if (!rect) throw new Error(`${el.file}: unknown region "${r}"`);
      return rect;
    });
  }
  const at = (a: string, of: number): number => length(theme, one(el, a), of);
  const x = at('x', frame.w);
  const y = at('y', frame.h);
  const w = el.attrs.w ? at('w', frame.w) : frame.w - x - at('right', frame.w);
  const h = el.attrs.h ? at('h', frame.h) : frame.h - y - at('bottom', frame.h);
  return [{ x: frame.x + x, y: frame.y + y, w, h }];
}

// ---------------------------------------------------------------- backgrounds

interface Layer {
  rects: Rect[];
  fill: string; // a colour name or hex, as written in the theme
  conditional: boolean;
}

interface Frame {
  rect: Rect;
  backgrounds: Set<string>;
  layers: Layer[];
}

/** The backgrounds under an element placed at `rects` in `frame`. */
function backgroundsAt(rects: Rect[], frame: Frame): Set<string> {
  let under = new Set(frame.backgrounds);
  for (const layer of frame.layers) {
    const covers = rects.every((r) => layer.rects.every((l) => contains(l, r)));
    const overlaps = rects.some((r) => layer.rects.some((l) => intersects(l, r)));
    if (covers && !layer.conditional) under = new Set([layer.fill]);
    else if (covers || overlaps) under.add(layer.fill);
  }
  return under;
}

interface Use {
  style: string;
  color?: string; // a `color` attribute overriding the style's colour
  backgrounds: Set<string>;
  file: string;
}

interface Scan {
  text: Use[];
  charts: Use[];
}

const TEXT = new Set(['text', 'list', 'slideNumber']);
const ARRANGE = new Set(['row', 'column', 'grid']);

function visit(el: El, frame: Frame, theme: ThemeData, scan: Scan): void {
  const rects = rectsOf(el, frame.rect, theme);
  if (TEXT.has(el.name)) {
    const style = one(el, 'style') ?? 'body';
    const fill = theme.textStyles[style]?.fill;
    const backgrounds = fill ? new Set([fill]) : backgroundsAt(rects, frame);
    // A colour chosen by the data ({{tone stat}}) is checked in each of its values.
    for (const color of el.attrs.color ?? [undefined]) scan.text.push({ style, ...(color ? { color } : {}), backgrounds, file: el.file });
    // Runs in another style inside the text sit on the same background.
    const spans = (e: El): void =>
      e.children.forEach((c) => {
        if (c.name === 'span' && c.attrs.style) scan.text.push({ style: one(c, 'style')!, backgrounds, file: c.file });
        spans(c);
      });
    spans(el);
    if (fill) frame.layers.push({ rects, fill, conditional: el.conditional });
  } else if (el.name === 'box') {
    const style = one(el, 'style') ?? '';
    const fill = theme.shapeStyles[style]?.fill;
    if (fill) frame.layers.push({ rects, fill, conditional: el.conditional });
  } else if (el.name === 'chart') {
    scan.charts.push({ style: 'chart', backgrounds: backgroundsAt(rects, frame), file: el.file });
  } else if (el.name === 'group') {
    // One frame per place the group may be; usually one.
    for (const rect of rects) {
      const pad = length(theme, one(el, 'padding'), 0);
      const inner = { x: rect.x + pad, y: rect.y + pad, w: rect.w - 2 * pad, h: rect.h - 2 * pad };
      const child: Frame = { rect: inner, backgrounds: backgroundsAt([rect], frame), layers: [] };
      el.children.forEach((c) => visit(c, child, theme, scan));
    }
  } else if (ARRANGE.has(el.name)) {
    // Each child is its own cell: siblings in a row never lie under each other.
    for (const rect of rects) {
      const backgrounds = backgroundsAt([rect], frame);
      el.children.forEach((c) => visit(c, { rect, backgrounds, layers: [] }, theme, scan));
    }
  } else {
    // <image>, <notes>, <category>…: nothing drawn under text; look inside anyway.
    el.children.forEach((c) => visit(c, frame, theme, scan));
  }
}

interface ThemeScan extends Scan {
  theme: ThemeData;
  unused: string[];
}

/** A theme folder and the folders of the themes it extends, nearest first. */
function themeChain(dir: string): string[] {
  const chain = [dir];
  for (;;) {
    const parent = (parse(readFileSync(join(chain[chain.length - 1]!, 'theme.yaml'), 'utf8')) as { extends?: string }).extends;
    if (!parent || chain.length > 8) return chain;
    chain.push(join(dir, '..', parent));
  }
}

/** A theme as the builder sees it: its values merged over those it extends, each template the nearest of its name. */
function scanTheme(dir: string): ThemeScan {
  const chain = themeChain(dir);
  const theme = mergeThemeData(chain.map((d) => parse(readFileSync(join(d, 'theme.yaml'), 'utf8')))) as ThemeData;
  const sources = (folder: string): Map<string, string> => new Map([...chain].reverse().flatMap((d) => [...readSources(join(d, folder))]));
  return scanSources(theme, { masters: sources('masters'), layouts: sources('layouts'), partials: sources('partials') });
}

interface Sources {
  masters: Map<string, string>;
  layouts: Map<string, string>;
  partials: Map<string, string>;
}

function scanSources(theme: ThemeData, { masters: masterSources, layouts, partials }: Sources): ThemeScan {
  const slide: Rect = { x: 0, y: 0, w: theme.size.width, h: theme.size.height };
  const scan: Scan = { text: [], charts: [] };

  // Each master: its background, the layers it draws under every slide, its own text.
  const masters = new Map<string, Frame>();
  for (const name of theme.masters) {
    const source = masterSources.get(name);
    if (source === undefined) throw new Error(`masters/${name}.hbs is missing`);
    const root = parseMarkup(expandPartials(source, partials), `masters/${name}.hbs`);
    const frame: Frame = { rect: slide, backgrounds: new Set([one(root, 'background') ?? 'background']), layers: [] };
    root.children.forEach((c) => visit(c, frame, theme, scan));
    masters.set(name, frame);
  }

  for (const [name, source] of layouts) {
    const file = `layouts/${name}.hbs`;
    const root = parseMarkup(expandPartials(source, partials), file);
    const masterName = one(root, 'master') ?? theme.masters[0]!;
    const master = masters.get(masterName);
    if (!master) throw new Error(`${file}: unknown master "${masterName}"`);
    const frame: Frame = { rect: slide, backgrounds: new Set(master.backgrounds), layers: [...master.layers] };
    root.children.forEach((c) => visit(c, frame, theme, scan));
  }

  const used = new Set(scan.text.map((u) => u.style));
  return { ...scan, theme, unused: Object.keys(theme.textStyles).filter((s) => !used.has(s)) };
}

describe('the backgrounds text is drawn on, read from the markup', () => {
  const theme: ThemeData = {
    size: { width: 10, height: 5 },
    colors: { background: 'FFFFFF', dark: '000000', panel: 'EEEEEE', head: '0B3D6E', band: 'C62828' },
    chartColors: ['000000', '333333', '666666'],
    spacing: { pad: 0.1 },
    regions: { top: { x: 0, y: 0, w: 10, h: 1 }, band: { x: 0, y: 0, w: 0.5, h: 5 }, body: { x: 1, y: 1.5, w: 8, h: 3 } },
    textStyles: { onMaster: {}, onPanel: {}, onHead: {}, onBand: {}, inCard: {}, span: {}, maybe: {}, inRow: {} },
    shapeStyles: { panel: { fill: 'panel' }, head: { fill: 'head' }, band: { fill: 'band' }, outline: {} },
    chart: { color: 'dark', insideLabelColor: 'background' },
    masters: ['plain', 'dark'],
  };
  const scan = scanSources(theme, {
    masters: new Map([
      ['plain', '<master><box region="band" style="band"/></master>'],
      ['dark', '<master background="dark"></master>'],
    ]),
    partials: new Map([['card', '<group><box style="panel"/><group padding="pad"><text h="50%" style="inCard">{{x}}</text></group></group>']]),
    layouts: new Map([
      [
        'a',
        `{{!-- a comment with <text style="nothing"> in it --}}
        <slide master="plain">
          <text region="top" style="onBand"/>
          <text region="body" style="onMaster">x <span style="span">y</span></text>
          <group region="body">
            <box style="panel"/>
            <box h="0.7" style="head"/>
            <box style="outline"/>
            <text h="0.7" style="onHead"/>
            <list y="0.8" style="onPanel"><item>{{this}}</item></list>
          </group>
          <row region="body">{{#each c}}{{> card}}{{/each}}<text style="inRow"/></row>
          {{#if lead}}<box region="{{#if a}}top{{else}}body{{/if}}" style="head"/>{{/if}}
          <text region="body" style="maybe"/>
        </slide>`,
      ],
      ['b', '<slide master="dark"><chart region="body" type="bar"></chart></slide>'],
    ]),
  });
  const on = (style: string): string[] =>
    [...new Set(scan.text.filter((u) => u.style === style).flatMap((u) => [...u.backgrounds]))].sort();

  it('a slide starts on its master background, and a master box it only partly covers adds its fill', () => {
    expect(on('onMaster')).toEqual(['background']);
    expect(on('onBand')).toEqual(['background', 'band']);
    expect(on('span')).toEqual(['background']);
    expect(scan.charts.flatMap((c) => [...c.backgrounds])).toEqual(['dark']);
  });

  it('a box drawn at the same place, or filling the group, is the background; an outline is not', () => {
    expect(on('onHead')).toEqual(['head']);
    expect(on('onPanel')).toEqual(['panel']);
    expect(on('inCard')).toEqual(['panel']);
    expect(on('inRow')).toEqual(['background']);
  });

  it('a box inside {{#if}} only adds a possible background', () => {
    expect(on('maybe')).toEqual(['background', 'head']);
    expect(scan.unused).toEqual([]);
  });
});

// ---------------------------------------------------------------- pairs

interface Pair {
  what: string;
  fg: string;
  bg: string;
  fgHex: string;
  bgHex: string;
  ratio: number;
  where: Set<string>;
}

function textPairs({ theme, text }: ThemeScan): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const use of text) {
    const style = theme.textStyles[use.style];
    if (!style) throw new Error(`${use.file}: unknown text style "${use.style}"`);
    const fg = use.color ?? style.color ?? 'text'; // the schema's default colour is `text`
    for (const bg of use.backgrounds) {
      const key = `${use.style}\0${fg}\0${bg}`;
      const pair = pairs.get(key) ?? makePair(theme, use.style, fg, bg);
      pair.where.add(use.file);
      pairs.set(key, pair);
    }
  }
  return [...pairs.values()];
}

function chartPairs({ theme, charts }: ThemeScan): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const use of charts) {
    for (const bg of use.backgrounds) {
      const pair = pairs.get(bg) ?? makePair(theme, 'chart.color', theme.chart.color, bg);
      pair.where.add(use.file);
      pairs.set(bg, pair);
    }
  }
  const inside = theme.chartColors.map((c, i) => {
    const pair = makePair(theme, 'chart.insideLabelColor', theme.chart.insideLabelColor, c);
    pair.where.add(`chartColors[${i}]`);
    return pair;
  });
  return [...pairs.values(), ...inside];
}

function makePair(theme: ThemeData, what: string, fg: string, bg: string): Pair {
  const fgHex = resolveColor(theme, fg);
  const bgHex = resolveColor(theme, bg);
  return { what, fg, bg, fgHex, bgHex, ratio: contrast(fgHex, bgHex), where: new Set() };
}

function table(title: string, pairs: Pair[]): string {
  const rows = pairs.map((p) => [
    p.ratio >= AA ? 'ok' : 'FAIL',
    p.what,
    `${p.fg} #${p.fgHex}`,
    `${p.bg} #${p.bgHex}`,
    p.ratio.toFixed(2),
    [...p.where].join(', '),
  ]);
  const head = ['', 'text', 'colour', 'on background', 'ratio', 'drawn in'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [`${title} (WCAG AA needs ${AA}:1)`, line(head), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- the tests

// A theme is a folder with a theme.yaml (as loadTemplates says): not locales/, not starter/.
const themes = readdirSync(TEMPLATES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(TEMPLATES, d.name, 'theme.yaml')))
  .map((d) => d.name)
  .sort();

it('finds the theme folders', () => {
  expect(themes).toContain('default');
});

describe.each(themes)('theme "%s"', (name) => {
  const dir = join(TEMPLATES, name);
  const scan = scanTheme(dir);
  const report = (title: string, pairs: Pair[]): void => {
    if (process.env.CONTRAST_REPORT) console.log(`\n${table(`${name}: ${title}`, pairs)}\n`);
  };

  it('reads every text style from the layouts and masters', () => {
    // Pairs come only from what the templates draw; a style nobody draws has no background to check.
    if (scan.unused.length > 0 && process.env.CONTRAST_REPORT) console.log(`${name}: text styles no template draws: ${scan.unused.join(', ')}`);
    expect(scan.text.length).toBeGreaterThan(0);
  });

  it('every text style has AA contrast on every background it is drawn on', () => {
    const pairs = textPairs(scan).sort((a, b) => a.ratio - b.ratio);
    report('text styles', pairs);
    const failing = pairs.filter((p) => p.ratio < AA).map((p) => `${p.what}: ${p.fg} on ${p.bg} = ${p.ratio.toFixed(2)}`);
    expect(failing, `\n${table(`${name}: text styles`, pairs)}\n`).toEqual([]);
  });

  it('chart text has AA contrast on the slide and on every series colour', () => {
    const pairs = chartPairs(scan);
    report('charts', pairs);
    const failing = pairs.filter((p) => p.ratio < AA).map((p) => `${p.what}: ${p.fg} on ${p.bg} = ${p.ratio.toFixed(2)}`);
    expect(failing, `\n${table(`${name}: charts`, pairs)}\n`).toEqual([]);
  });
});
