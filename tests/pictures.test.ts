/** Pictures from the data: the logo on every slide, a picture slide, and every way a path can be wrong. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeImage } from '../src/load/images.js';
import { buildOnce, ROOT } from './helpers/build.js';
import { cli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

const DIR = resolve(ROOT, 'tests', 'fixtures', 'pictures');
const REPORT = join(DIR, 'report.yaml');

/** The report next to its pictures in a temp folder, with one line replaced. */
function reportWith(from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-pictures-'));
  for (const f of ['logo.png', 'chart.jpg', 'broken.png', 'emblem.svg']) copyFileSync(join(DIR, f), join(dir, f));
  const text = readFileSync(REPORT, 'utf8');
  expect(text).toContain(from);
  writeFileSync(join(dir, 'report.yaml'), text.replace(from, to));
  return join(dir, 'report.yaml');
}

const EMU = 914400;

describe('pictures', () => {
  it('reads pixel sizes from PNG and JPEG headers', () => {
    expect(describeImage(readFileSync(join(DIR, 'logo.png')))).toMatchObject({ mime: 'image/png', width: 300, height: 150 });
    expect(describeImage(readFileSync(join(DIR, 'chart.jpg')))).toMatchObject({ mime: 'image/jpeg', width: 400, height: 300 });
    expect(describeImage(readFileSync(join(DIR, 'broken.png')))).toBeUndefined();
  });

  it('puts the logo in the masters and the picture on its slide, aspect ratio kept', async () => {
    const built = await buildOnce(REPORT);
    expect(built.diagnostics).toEqual([]);
    const deck = openDeck(built.pptx!);
    const media = deck.names.filter((n) => n.startsWith('ppt/media/'));
    expect(media.some((n) => n.endsWith('.png'))).toBe(true);
    expect(media.some((n) => n.endsWith('.jpg') || n.endsWith('.jpeg'))).toBe(true);
    const masters = [...deck.parts.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => deck.parts.get(n)!);
    expect(masters.filter((xml) => xml.includes('<p:pic>')).length).toBe(2);
    const picture = Array.from({ length: deck.slideCount }, (_, i) => deck.slideXml(i + 1)).find((xml) => xml.includes('<p:pic>'))!;
    const ext = /<p:pic>[\s\S]*?<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(picture)!;
    expect(Number(ext[1]) / Number(ext[2])).toBeCloseTo(400 / 300, 2);
    expect(Number(ext[2]) / EMU).toBeCloseTo(4.45, 2); // as tall as the picture region allows
  });

  it('embeds an SVG for PowerPoint with a PNG fallback for other viewers', async () => {
    const built = await buildOnce(reportWith('logo: logo.png', 'logo: emblem.svg'));
    expect(built.diagnostics).toEqual([]);
    const deck = openDeck(built.pptx!);
    const svgs = deck.names.filter((n) => /^ppt\/media\/.*\.svg$/.test(n));
    expect(svgs.length).toBeGreaterThan(0);
    expect(deck.parts.get('[Content_Types].xml')).toMatch(/<Default Extension="svg" ContentType="image\/svg\+xml"\/>/);
    const layouts = [...deck.parts.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n));
    const linked = layouts.filter((n) => deck.parts.get(n)!.includes('<asvg:svgBlip'));
    expect(linked.length).toBe(2); // the logo on both masters
    for (const layout of linked) {
      const xml = deck.parts.get(layout)!;
      const [, png, svg] = /<a:blip r:embed="(rId\d+)"><a:extLst><a:ext uri="\{96DAC541-7B7A-43D3-8B79-37D633B846F1\}"><asvg:svgBlip [^>]*r:embed="(rId\d+)"\/>/.exec(xml)!;
      const rels = deck.parts.get(layout.replace('slideLayouts/', 'slideLayouts/_rels/') + '.rels')!;
      expect(rels).toMatch(new RegExp(`Id="${png}"[^>]*Target="\\.\\./media/[^"]+\\.png"`));
      expect(rels).toMatch(new RegExp(`Id="${svg}"[^>]*Target="\\.\\./media/[^"]+\\.svg"`));
    }
  });

  it('locates a missing picture in the data, with the folder it looked in', () => {
    const file = reportWith('path: chart.jpg', 'path: chart-2019.jpg');
    const r = cli(['build', file, '-o', join(tmpdir(), 'never.pptx')]);
    expect(r.status).toBe(1);
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('chart-2019.jpg')) + 1;
    expect(r.stderr).toMatch(new RegExp(`report\\.yaml:${line}:\\d+: error: the picture "chart-2019\\.jpg" does not exist \\(at sections\\[0\\]\\.picture\\.path\\) \\[image-not-found\\]`));
    expect(r.stderr).toContain('hint: check the file name; it is looked for in');
  });

  it('refuses a damaged picture, a web address, and paths leaving the data folder unless allowed', () => {
    const cases: [string, string, RegExp][] = [
      ['logo: logo.png', 'logo: broken.png', /is not a PNG, JPEG or SVG picture/],
      ['logo: logo.png', 'logo: https://example.org/logo.png', /is a web address/],
      ['logo: logo.png', 'logo: ../logo.png', /outside the data file's folder/],
      ['logo: logo.png', `logo: ${join(DIR, 'logo.png')}`, /outside the data file's folder/],
    ];
    for (const [from, to, message] of cases) {
      const r = cli(['build', reportWith(from, to), '-o', join(tmpdir(), 'never.pptx')]);
      expect(r.status, to).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('[image-invalid]');
    }
    const allowed = cli(['build', reportWith('logo: logo.png', `logo: ${join(DIR, 'logo.png')}`), '--allow-outside', '-o', join(mkdtempSync(join(tmpdir(), 'bd-')), 'ok.pptx')]);
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
  });
});
