/**
 * Renders the conference deck with LibreOffice: one PDF page per slide.
 * Needs LibreOffice (soffice) and poppler (pdfinfo). CI installs both and sets
 * REQUIRE_LIBREOFFICE=1, which turns a missing tool into a failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnce, CONFERENCE } from './helpers/build.js';
import { openDeck } from './helpers/pptx.js';

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const available = has('soffice') && has('pdfinfo');
const required = process.env.REQUIRE_LIBREOFFICE === '1';

if (!available && !required) {
  console.warn('SKIPPED: LibreOffice render tests (install libreoffice-impress and poppler-utils, or set REQUIRE_LIBREOFFICE=1)');
}

describe.skipIf(!available && !required)('rendered by LibreOffice', () => {
  it('has one page per slide', async () => {
    expect(available, 'soffice and pdfinfo must be installed when REQUIRE_LIBREOFFICE=1').toBe(true);
    const built = await buildOnce(CONFERENCE);
    const dir = mkdtempSync(join(tmpdir(), 'briefdeck-render-'));
    const deckFile = join(dir, 'deck.pptx');
    writeFileSync(deckFile, built.pptx!);
    const convert = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, deckFile],
      { encoding: 'utf8', timeout: 170_000 },
    );
    expect(convert.status, convert.stderr).toBe(0);
    const info = spawnSync('pdfinfo', [join(dir, 'deck.pdf')], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
    expect(pages).toBe(openDeck(built.pptx!).slideCount);
  }, 180_000);
});
