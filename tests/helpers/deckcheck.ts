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

export function deckcheck(bytes: Uint8Array, { render }: { render: boolean }): { status: number | null; stdout: string; timedOut: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-deckcheck-'));
  const file = join(dir, 'deck.pptx');
  writeFileSync(file, bytes);
  const args = [...(render ? [] : ['--no-render']), '--out', join(dir, 'out'), file];
  const r = spawnSync(DECKCHECK, args, { encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, stdout: r.stdout, timedOut: r.error !== undefined && 'code' in r.error && r.error.code === 'ETIMEDOUT' };
}

/**
 * Deckcheck (schemas only) on a sample of the decks a fuzz run accepts: at
 * most `limit`, spread over the first `spread` accepted decks. Returns the
 * problems of one deck, and counts what it checked. A deck over `maxBytes`
 * (thousands of slides, from the huge-list mutations) is left out: deckcheck
 * takes minutes on it, past its time limit here, and its parts are the same
 * kinds as a small deck's.
 */
export function deckcheckSample(limit: number, spread: number, maxBytes = 4 << 20): { check(pptx: Uint8Array): string[]; readonly checked: number } {
  const can = canDeckcheck({ render: false });
  const every = Math.max(1, Math.floor(spread / Math.max(1, limit)));
  let accepted = 0;
  let checked = 0;
  return {
    check(pptx) {
      accepted += 1;
      if (!can || checked >= limit || pptx.length > maxBytes || (accepted - 1) % every !== 0) return [];
      checked += 1;
      const r = deckcheck(pptx, { render: false });
      if (r.timedOut) return [`deckcheck did not finish in its time on a deck of ${pptx.length} bytes`];
      return r.status === 0 ? [] : [`deckcheck failed:\n${r.stdout}`];
    },
    get checked() {
      return checked;
    },
  };
}
