/**
 * `briefdeck preview`, through the built CLI. The picture test needs
 * LibreOffice (soffice) and poppler (pdftoppm): it skips itself without them,
 * except in CI, where REQUIRE_LIBREOFFICE=1 turns a missing tool into a
 * failure. LibreOffice costs seconds, so it runs once, with --pdf.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contactSheetLayout, pngSize } from '../src/preview/contact-sheet.js';
import { buildOnce, CONFERENCE } from './helpers/build.js';
import { cli } from './helpers/cli.js';
import { openDeck } from './helpers/pptx.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'briefdeck-preview-test-'));
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const available = has('soffice') && has('pdftoppm');
const required = process.env.REQUIRE_LIBREOFFICE === '1';
const STACK_TRACE = /^\s+at .+[:(]/m;

if (!available && !required) {
  console.warn('SKIPPED: preview with LibreOffice (install libreoffice-impress and poppler-utils, or set REQUIRE_LIBREOFFICE=1)');
}

describe.skipIf(!available && !required)('briefdeck preview, with LibreOffice', () => {
  it('writes one 16:9 PNG per slide, a contact sheet of them all, and the PDF', async () => {
    expect(available, 'soffice and pdftoppm must be installed when REQUIRE_LIBREOFFICE=1').toBe(true);
    const slideCount = openDeck((await buildOnce(CONFERENCE)).pptx!).slideCount;
    expect(slideCount).toBe(25);
    const out = join(tmp(), 'preview');
    const r = cli(['preview', CONFERENCE, '--out', out, '--pdf']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);

    const slides = readdirSync(out).filter((f) => /^slide-\d+\.png$/.test(f)).sort();
    expect(slides).toEqual(Array.from({ length: slideCount }, (_, i) => `slide-${String(i + 1).padStart(2, '0')}.png`));
    const sizes = slides.map((f) => pngSize(readFileSync(join(out, f))));
    for (const [i, size] of sizes.entries()) {
      expect(size, slides[i]).toBeDefined();
      expect(size!.width / size!.height, slides[i]).toBeCloseTo(16 / 9, 2);
      expect(size!.width, slides[i]).toBe(1280); // 13.333 in at the default 96 dpi
    }

    const sheet = pngSize(readFileSync(join(out, 'contact-sheet.png')));
    const grid = contactSheetLayout(slideCount, sizes[0]!.width, sizes[0]!.height);
    expect(grid.columns).toBe(4);
    expect(grid.rows).toBe(Math.ceil(slideCount / 4));
    expect(sheet).toEqual({ width: grid.width, height: grid.height });
    expect(grid.width).toBeGreaterThanOrEqual(grid.columns * grid.thumbWidth);
    expect(grid.height).toBeGreaterThanOrEqual(grid.rows * grid.thumbHeight);

    const pdf = join(out, 'bo-tttt-so-ket-6-thang-2020.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `${join(out, 'slide-01.png')} … slide-25.png: 25 slide pictures, 1280 × 720 pixels`,
      `${join(out, 'contact-sheet.png')}: contact sheet of the 25 slides, 4 per row`,
      `${pdf}: the PDF`,
      expect.stringMatching(/^previewed in \d+\.\d\d s$/),
    ]);
  }, 120_000);
});

describe('briefdeck preview, without LibreOffice', () => {
  // An empty PATH: no soffice, no pdftoppm (cli() starts node by its absolute path).
  const noTools = (): NodeJS.ProcessEnv => ({ PATH: tmp(), BRIEFDECK_SOFFICE: undefined });

  it('says what to install and exits 4, without a stack trace', () => {
    const out = join(tmp(), 'preview');
    const r = cli(['preview', CONFERENCE, '--out', out], { env: noTools() });
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: LibreOffice is not installed (no soffice on PATH)');
    expect(r.stderr).toContain('hint: on Debian/Ubuntu: sudo apt-get install libreoffice-impress poppler-utils; on Windows or macOS: install LibreOffice from libreoffice.org');
    expect(r.stderr).toContain('error: pdftoppm is not installed');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  it('says it in Vietnamese too', () => {
    const r = cli(['--lang', 'vi', 'preview', CONFERENCE, '--out', tmp()], { env: noTools() });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('lỗi: chưa cài LibreOffice (không tìm thấy soffice trong PATH)');
  });

  it('names BRIEFDECK_SOFFICE when it points at no program', () => {
    const r = cli(['preview', CONFERENCE, '--out', tmp()], { env: { ...noTools(), BRIEFDECK_SOFFICE: join(tmp(), 'soffice') } });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/error: BRIEFDECK_SOFFICE is .*soffice, which is not a program that can be run/);
  });

  it('--json: the document says what failed', () => {
    const r = cli(['preview', CONFERENCE, '--out', tmp(), '--json'], { env: noTools() });
    expect(r.status).toBe(4);
    const doc = JSON.parse(r.stdout) as { ok: boolean; exitCode: number; error: { message: string; hint: string } };
    expect(doc).toMatchObject({ ok: false, exitCode: 4, error: { message: 'LibreOffice is not installed (no soffice on PATH)' } });
  });
});

describe('briefdeck preview, wrong usage', () => {
  it('refuses what is neither a deck nor report data (exit 2), before looking for LibreOffice', () => {
    const dir = tmp();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a deck');
    const r = cli(['preview', file, '--out', join(dir, 'preview')], { env: { PATH: tmp() } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error: ${file} is neither a deck (.pptx) nor report data (.yaml, .yml)`);
    expect(r.stderr).toContain('hint: give a .pptx deck');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('needs --out, and a sensible --dpi', () => {
    const noOut = cli(['preview', CONFERENCE]);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('error: preview needs --out <dir>');
    const dpi = cli(['preview', CONFERENCE, '--out', tmp(), '--dpi', 'lots']);
    expect(dpi.status).toBe(2);
    expect(dpi.stderr).toContain('error: --dpi must be a whole number from 20 to 600, not "lots"');
  });
});
