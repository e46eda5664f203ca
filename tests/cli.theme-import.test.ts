/**
 * `briefdeck theme import` through the built CLI, on two templates this
 * project did not make: LibreOffice Impress's own "Blue Curve" (16:9,
 * 28 × 15.75 cm) and "Inspiration" with its page set to 4:3 (25.4 ×
 * 19.05 cm), each saved by LibreOffice as a .potx (tests/fixtures/templates/).
 * A third is Blue Curve with a logo (tests/fixtures/pictures/logo.png) put
 * on its master in LibreOffice's own format (a draw:frame in styles.xml's
 * master page), then saved as .potx the same way: the logo's path end to end.
 * The conference deck is built with each imported theme and read back: its
 * slide size, the imported colours and fonts in the slides' XML, every shape
 * on the slide, and deckcheck where it is installed.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFERENCE, ROOT, TEMPLATES } from './helpers/build.js';
import { cli } from './helpers/cli.js';
import { canDeckcheck, deckcheck } from './helpers/deckcheck.js';
import { openDeck, type OpenedDeck } from './helpers/pptx.js';

const FIXTURES = resolve(ROOT, 'tests', 'fixtures', 'templates');
const EMU = 914_400;

interface ImportedYaml {
  name: string;
  extends: string;
  size: { width: number; height: number };
  fonts: { heading: string; body: string };
  colors: Record<string, string>;
  chartColors: string[];
  regions: Record<string, { x: number; y: number; w: number; h: number }>;
}

let work: string;
let templates: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'briefdeck-import-'));
  templates = join(work, 'templates');
  cpSync(TEMPLATES, templates, { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const slideSize = (deck: OpenedDeck): { cx: number; cy: number } => {
  const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(deck.parts.get('ppt/presentation.xml') ?? '');
  return { cx: Number(size?.[1]), cy: Number(size?.[2]) };
};

/** Every a:off/a:ext pair of a part: the shapes' boxes in EMU. */
const boxes = (xml: string): { x: number; y: number; w: number; h: number }[] =>
  [...xml.matchAll(/<a:off x="(-?\d+)" y="(-?\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) }));

const CASES = [
  { file: 'libreoffice-blue-curve.potx', name: 'blue-curve', width: 28 / 2.54, height: 15.75 / 2.54 },
  { file: 'libreoffice-inspiration-4x3.potx', name: 'inspiration-4x3', width: 10, height: 7.5 },
  { file: 'libreoffice-blue-curve-logo.potx', name: 'blue-curve-logo', width: 28 / 2.54, height: 15.75 / 2.54 },
] as const;

describe.each(CASES)('theme import of $file', ({ file, name, width, height }) => {
  let imported: ImportedYaml;
  let deck: OpenedDeck;
  let bytes: Uint8Array;

  beforeAll(() => {
    const r = cli(['theme', 'import', join(FIXTURES, file), '--templates', templates, '--name', name]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`as the theme "${name}"`);
    imported = parse(readFileSync(join(templates, name, 'theme.yaml'), 'utf8')) as ImportedYaml;
    const out = join(work, `${name}.pptx`);
    const built = cli(['build', CONFERENCE, '--templates', templates, '--theme', name, '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    bytes = readFileSync(out);
    deck = openDeck(bytes);
  });

  it('writes a theme that extends the default with the template\'s size', () => {
    expect(imported.name).toBe(name);
    expect(imported.extends).toBe('default');
    expect(imported.size.width).toBeCloseTo(width, 2);
    expect(imported.size.height).toBeCloseTo(height, 2);
    // Nothing but theme.yaml (and its pictures): the layouts are the default's.
    expect(existsSync(join(templates, name, 'layouts'))).toBe(false);
  });

  it('builds the conference deck at the template\'s slide size', () => {
    const { cx, cy } = slideSize(deck);
    expect(Math.abs(cx - width * EMU)).toBeLessThan(0.01 * EMU);
    expect(Math.abs(cy - height * EMU)).toBeLessThan(0.01 * EMU);
    expect(deck.slideCount).toBeGreaterThanOrEqual(25);
  });

  it('draws the slides in the imported colours and fonts', () => {
    const slides = Array.from({ length: deck.slideCount }, (_, i) => deck.slideXml(i + 1)).join('');
    const masters = [...deck.parts].filter(([n]) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map(([, x]) => x).join('');
    for (const role of ['primary', 'text', 'onPrimary'] as const) {
      expect(slides, `colour ${role}`).toContain(`<a:srgbClr val="${imported.colors[role]}"`);
    }
    // The covers' background is the imported primary colour.
    expect(masters).toContain(`<a:srgbClr val="${imported.colors.coverBackground}"`);
    expect(slides).toContain(`typeface="${imported.fonts.heading}"`);
    // Charts take the imported series colours.
    const charts = [...deck.parts].filter(([n]) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).map(([, x]) => x).join('');
    expect(charts).toContain(`val="${imported.chartColors[0]}"`);
  });

  it('keeps every shape on the slide', () => {
    const { cx, cy } = slideSize(deck);
    for (let n = 1; n <= deck.slideCount; n++) {
      for (const b of boxes(deck.slideXml(n))) {
        expect(b.x, `slide ${n}`).toBeGreaterThanOrEqual(0);
        expect(b.y, `slide ${n}`).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w, `slide ${n}`).toBeLessThanOrEqual(cx + 1);
        expect(b.y + b.h, `slide ${n}`).toBeLessThanOrEqual(cy + 1);
      }
    }
  });

  it.skipIf(!canDeckcheck({ render: true }))(
    'passes deckcheck: schema, package and the rendered layout',
    () => {
      const r = deckcheck(bytes, { render: true });
      expect(r.stdout).toMatch(/=> PASS/);
      expect(r.status).toBe(0);
    },
    180_000,
  );
});

describe('a template with a logo on its master', () => {
  it('keeps the logo where the template put it, on content and cover slides, with the title clear of it', () => {
    const name = 'logo-kept';
    const r = cli(['theme', 'import', join(FIXTURES, 'libreoffice-blue-curve-logo.potx'), '--templates', templates, '--name', name]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 pictures');
    const theme = parse(readFileSync(join(templates, name, 'theme.yaml'), 'utf8')) as ImportedYaml & { masterPictures: Record<string, { file: string; region: string }[]> };
    expect(Object.keys(theme.masterPictures).sort()).toEqual(['content', 'cover']);
    const logo = theme.regions[theme.masterPictures.content![0]!.region]!;
    // Where LibreOffice wrote it: 24.9 cm from the left, 0.5 cm from the top, 2.4 × 1.2 cm.
    expect(logo.x).toBeCloseTo(24.9 / 2.54, 2);
    expect(logo.y).toBeCloseTo(0.5 / 2.54, 2);
    expect(logo.w).toBeCloseTo(2.4 / 2.54, 2);
    const title = theme.regions.title!;
    expect(title.x + title.w).toBeLessThanOrEqual(logo.x);
    // The picture is the template's own bytes, written once.
    const file = theme.masterPictures.content![0]!.file;
    expect(theme.masterPictures.cover![0]!.file).toBe(file);
    expect(readFileSync(join(templates, name, file)).equals(readFileSync(join(ROOT, 'tests', 'fixtures', 'pictures', 'logo.png')))).toBe(true);

    const out = join(work, `${name}.pptx`);
    const built = cli(['build', CONFERENCE, '--templates', templates, '--theme', name, '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    const deck = openDeck(readFileSync(out));
    const layoutRels = [...deck.parts].filter(([n]) => /^ppt\/slideLayouts\/_rels\/.*\.rels$/.test(n)).map(([, x]) => x);
    // Both masters (pptxgenjs writes each as a slide layout) draw the picture.
    expect(layoutRels.filter((x) => x.includes('relationships/image"')).length).toBe(2);
  });
});

describe('theme import refuses', () => {
  it('a file that is not a template, in the reader\'s language', () => {
    const text = join(work, 'notes.potx');
    writeFileSync(text, 'not a zip');
    const en = cli(['theme', 'import', text, '--templates', templates]);
    expect(en.status).toBe(1);
    expect(en.stderr).toContain('cannot be read as a PowerPoint template: it is not a zip package');
    expect(en.stderr).toContain('[not-a-template]');
    const vi = cli(['--lang', 'vi', 'theme', 'import', text, '--templates', templates]);
    expect(vi.status).toBe(1);
    expect(vi.stderr).toContain('không đọc được');
    expect(existsSync(join(templates, 'notes'))).toBe(false);
  });

  it('a damaged package, and a folder', () => {
    const damaged = join(work, 'damaged.potx');
    writeFileSync(damaged, readFileSync(join(FIXTURES, CASES[0].file)).subarray(0, 5000));
    const r = cli(['theme', 'import', damaged, '--templates', templates, '--name', 'damaged']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[not-a-template]');
    expect(existsSync(join(templates, 'damaged'))).toBe(false);
    const folder = cli(['theme', 'import', work, '--templates', templates, '--name', 'folder']);
    expect(folder.status).toBe(3);
    expect(folder.stderr).toContain('[not-a-file]');
  });

  it('to replace a theme it did not write, even with --force', () => {
    const before = readFileSync(join(templates, 'print', 'theme.yaml'), 'utf8');
    for (const name of ['print', 'default']) {
      const r = cli(['theme', 'import', join(FIXTURES, CASES[0].file), '--templates', templates, '--name', name, '--force']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('[theme-exists]');
    }
    expect(readFileSync(join(templates, 'print', 'theme.yaml'), 'utf8')).toBe(before);
  });

  it('to replace an imported theme without --force, and replaces it with', () => {
    const args = ['theme', 'import', join(FIXTURES, CASES[1].file), '--templates', templates, '--name', 'again'];
    expect(cli(args).status).toBe(0);
    const twice = cli(args);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('already has a theme "again"');
    expect(cli([...args, '--force']).status).toBe(0);
  });

  it('a name that cannot name a theme (a usage error)', () => {
    const r = cli(['theme', 'import', join(FIXTURES, CASES[0].file), '--templates', templates, '--name', '1st theme']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot name a theme');
  });
});

describe('masterPictures in a theme', () => {
  it('is drawn on the master, and a missing file is an error at its theme.yaml line', () => {
    const logo = readFileSync(join(ROOT, 'tests', 'fixtures', 'pictures', 'logo.png'));
    const dir = join(work, 'pictured');
    cpSync(templates, dir, { recursive: true });
    const themeDir = join(dir, 'logo-theme');
    cpSync(join(dir, 'print'), themeDir, { recursive: true });
    const yaml = readFileSync(join(themeDir, 'theme.yaml'), 'utf8').replace('name: print', 'name: logo-theme');
    const text = `${yaml.replace('regions:\n', 'regions:\n  brand: { x: 12.0, y: 0.2, w: 1.0, h: 0.5 }\n')}\nmasterPictures:\n  content:\n    - { file: brand.png, region: brand }\n`;
    writeFileSync(join(themeDir, 'theme.yaml'), text);
    const out = join(work, 'pictured.pptx');

    const missing = cli(['build', CONFERENCE, '--templates', dir, '--theme', 'logo-theme', '-o', out]);
    expect(missing.status).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('file: brand.png')) + 1;
    expect(missing.stderr).toContain(`theme.yaml:${line}:`);
    expect(missing.stderr).toContain('[image-not-found]');

    writeFileSync(join(themeDir, 'brand.png'), logo);
    const built = cli(['build', CONFERENCE, '--templates', dir, '--theme', 'logo-theme', '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    const deck = openDeck(readFileSync(out));
    const layouts = [...deck.parts].filter(([n]) => /^ppt\/slideLayouts\/_rels\/.*\.rels$/.test(n)).map(([, x]) => x).join('');
    expect(layouts).toMatch(/relationships\/image"/);
  });
});
