/**
 * LibreOffice for tests: whether its tools are installed, and a deck
 * converted to PDF in a fresh folder with a private profile. CI installs the
 * tools and sets REQUIRE_LIBREOFFICE=1, which turns a missing tool into a failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Whether a command is on PATH. */
export const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

export const requireLibreOffice = process.env.REQUIRE_LIBREOFFICE === '1';

/** Converts a deck to PDF in a fresh folder; `env` adds to the environment soffice runs in. Returns the PDF's path. */
export function toPdf(pptx: Uint8Array, env: NodeJS.ProcessEnv = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-render-'));
  const deckFile = join(dir, 'deck.pptx');
  writeFileSync(deckFile, pptx);
  const convert = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, deckFile],
    { encoding: 'utf8', timeout: 170_000, env: { ...process.env, ...env } },
  );
  expect(convert.status, convert.stderr).toBe(0);
  return join(dir, 'deck.pdf');
}
