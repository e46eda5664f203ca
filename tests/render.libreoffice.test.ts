/**
 * Renders decks with LibreOffice: one PDF page per slide, and chart figures
 * in the deck's notation whatever the viewer's locale.
 * Needs LibreOffice (soffice) and poppler (pdfinfo, pdftotext); see helpers/libreoffice.ts.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnce, CONFERENCE, ROOT } from './helpers/build.js';
import { has, requireLibreOffice, toPdf } from './helpers/libreoffice.js';
import { openDeck } from './helpers/pptx.js';

const available = has('soffice') && has('pdfinfo') && has('pdftotext');
const required = requireLibreOffice;

if (!available && !required) {
  console.warn('SKIPPED: LibreOffice render tests (install libreoffice-impress and poppler-utils, or set REQUIRE_LIBREOFFICE=1)');
}

describe.skipIf(!available && !required)('rendered by LibreOffice', () => {
  it('has one page per slide', async () => {
    expect(available, 'soffice, pdfinfo and pdftotext must be installed when REQUIRE_LIBREOFFICE=1').toBe(true);
    const built = await buildOnce(CONFERENCE);
    const pdf = toPdf(built.pptx!);
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
    expect(pages).toBe(openDeck(built.pptx!).slideCount);
  }, 180_000);

  it('shows chart figures in the deck\'s notation on a viewer in English, with no value axis in the viewer\'s', async () => {
    expect(available, 'soffice, pdfinfo and pdftotext must be installed when REQUIRE_LIBREOFFICE=1').toBe(true);
    // A vi report: a column chart of 198250, 203900, 214380 and a bar chart of 12.5% and 27.1%, among others.
    const built = await buildOnce(resolve(ROOT, 'tests', 'fixtures', 'charts', 'charts.yaml'));
    const deck = openDeck(built.pptx!);
    const pdf = toPdf(built.pptx!, { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' });
    const pageText = (n: number): string => spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const chartSlides = Array.from({ length: deck.slideCount }, (_, i) => i + 1).filter((n) => deck.chartsOfSlide(n).length > 0);
    expect(chartSlides.length).toBeGreaterThanOrEqual(2);
    const text = new Map(chartSlides.map((n) => [n, pageText(n)]));
    const all = [...text.values()].join('\n');
    expect(all).toContain('198.250');
    expect(all).toContain('214.380');
    expect(all).toContain('27,1%');
    for (const [n, page] of text) {
      // English notation: a thousands comma (250,000) or a decimal point in a percentage (27.1%).
      expect(page.match(/\d,\d{3}/g), `slide ${n}:\n${page}`).toBeNull();
      expect(page.match(/\d\.\d%/g), `slide ${n}:\n${page}`).toBeNull();
    }
  }, 180_000);
});
