/** Copies of the shipped templates with edits made, for tests of what a broken template does, and where in a file a text is. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { TEMPLATES } from './build.js';

export interface TemplateEdit {
  /** A file under the templates folder, e.g. "default/theme.yaml". */
  file: string;
  /** Text that must be in the file once, replaced by `to`. */
  from: string;
  to: string;
}

/**
 * A temporary copy of templates/ with the edits made; its folder is pushed
 * onto `made`, for the test file to remove. Each `from` must be in its file
 * once, or with `{ first: true }` at least once (the first is replaced).
 */
export function templatesWith(edits: readonly TemplateEdit[], made: string[], { first = false } = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'briefdeck-templates-')), 'templates');
  made.push(join(dir, '..'));
  cpSync(TEMPLATES, dir, { recursive: true });
  for (const edit of edits) {
    const path = join(dir, edit.file);
    const source = readFileSync(path, 'utf8');
    if (first) expect(source, `${edit.file} should hold ${edit.from}`).toContain(edit.from);
    else expect(source.split(edit.from), `${edit.file} should hold ${edit.from} once`).toHaveLength(2);
    writeFileSync(path, source.replace(edit.from, edit.to));
  }
  return dir;
}

/** 1-based line and column of `needle` in the file. */
export function positionOf(file: string, needle: string): { line: number; col: number } {
  const text = readFileSync(file, 'utf8');
  const index = text.indexOf(needle);
  expect(index, `${needle} in ${file}`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}
