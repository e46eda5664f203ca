/**
 * The shared validator (../shared/tools/deckcheck): ECMA-376 schemas and
 * package rules as PowerPoint judges them, and a LibreOffice render. It is
 * there in CI and on developers' machines, not in a fresh clone of its own:
 * tests that need it skip themselves and say so.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './build.js';

const DECKCHECK = resolve(ROOT, '..', 'shared', 'tools', 'deckcheck', 'deckcheck');

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Whether deckcheck can run here: schema checks need xmllint, rendering LibreOffice too. */
export function canDeckcheck({ render }: { render: boolean }): boolean {
  try {
    accessSync(DECKCHECK, constants.X_OK);
  } catch {
    return false;
  }
  return has('xmllint') && (!render || (has('soffice') && has('pdftoppm')));
}

export function deckcheck(bytes: Uint8Array, { render }: { render: boolean }): { status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-deckcheck-'));
  const file = join(dir, 'deck.pptx');
  writeFileSync(file, bytes);
  const args = [...(render ? [] : ['--no-render']), '--out', join(dir, 'out'), file];
  const r = spawnSync(DECKCHECK, args, { encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, stdout: r.stdout };
}
