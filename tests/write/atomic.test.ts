/**
 * write/atomic.ts `openAtomic`: the deck is written to a temporary file as it
 * is zipped and renamed over the target only when `commit` says so. Until
 * then the previous deck is the one on disk, and every way a build can end
 * leaves either the new deck or the old one, never a temporary file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtomic, temporaryName } from '../../src/write/atomic.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'briefdeck-atomic-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const OLD = Buffer.from('PK\x03\x04 the deck of yesterday');
const chunk = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text));
const listing = (dir: string): string[] => readdirSync(dir).sort();

describe('openAtomic', () => {
  it('creates nothing before the first write: a build that fails before its deck is zipped leaves no folder and no file', async () => {
    const target = join(root, 'not-yet', 'deck.pptx');
    const file = openAtomic(target);
    await file.abort();
    expect(existsSync(join(root, 'not-yet'))).toBe(false);
  });

  it('keeps the previous deck while the new one is written, and puts the new one in its place only on commit', async () => {
    const target = join(root, 'deck.pptx');
    writeFileSync(target, OLD);
    const file = openAtomic(target);
    file.write(chunk('PK\x03\x04 part one, '));
    file.write(chunk('part two'));
    expect(readFileSync(target).equals(OLD)).toBe(true);
    const temp = temporaryName('deck.pptx');
    expect(listing(root)).toEqual([temp, 'deck.pptx'].sort());
    expect(readFileSync(join(root, temp), 'utf8')).toBe('PK\x03\x04 part one, part two'); // written as it came, not at the end
    expect(await file.commit()).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('PK\x03\x04 part one, part two');
    expect(listing(root)).toEqual(['deck.pptx']);
  });

  it('makes the output folder when the deck is first written, and writes an empty deck as an empty file', async () => {
    const target = join(root, 'a', 'b', 'deck.pptx');
    const file = openAtomic(target);
    expect(await file.commit()).toEqual([]);
    expect(readFileSync(target)).toHaveLength(0);
    expect(listing(join(root, 'a', 'b'))).toEqual(['deck.pptx']);
  });

  it('removes what it wrote on abort, and the previous deck stays', async () => {
    const target = join(root, 'deck.pptx');
    writeFileSync(target, OLD);
    const file = openAtomic(target);
    file.write(chunk('half a deck'));
    await file.abort();
    expect(readFileSync(target).equals(OLD)).toBe(true);
    expect(listing(root)).toEqual(['deck.pptx']);
  });

  it('reports a write that fails on commit, as one located diagnostic, without throwing while the deck is made', async () => {
    writeFileSync(join(root, 'plain-file'), 'not a folder');
    const target = join(root, 'plain-file', 'deck.pptx');
    const file = openAtomic(target);
    expect(() => file.write(chunk('PK'))).not.toThrow();
    expect(() => file.write(chunk('more'))).not.toThrow();
    const problems = await file.commit();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'write-failed', severity: 'error', location: { file: target, line: 0, col: 0 } });
    expect(problems[0]!.message).toMatchObject({ key: 'write.failed', params: { file: target } });
    expect(listing(root)).toEqual(['plain-file']);
  });

  it('says when the target is a folder, and leaves the folder and no temporary file', async () => {
    const target = join(root, 'decks');
    mkdirSync(target);
    writeFileSync(join(target, 'inside.txt'), 'kept');
    const file = openAtomic(target);
    file.write(chunk('PK\x03\x04'));
    const problems = await file.commit();
    expect(problems.map((p) => p.message.key)).toEqual(['write.is-folder']);
    expect(listing(root)).toEqual(['decks']);
    expect(listing(target)).toEqual(['inside.txt']);
  });

  it('removes the temporary files of builds of this deck that were killed, and no other', async () => {
    const dead = 2 ** 22 + 12345; // above Linux's pid_max default: no process has it
    const stale = temporaryName('deck.pptx', dead);
    const other = temporaryName('other.pptx', dead);
    writeFileSync(join(root, stale), 'left by a killed build');
    writeFileSync(join(root, other), 'another deck\'s');
    const file = openAtomic(join(root, 'deck.pptx'));
    file.write(chunk('PK'));
    expect(await file.commit()).toEqual([]);
    expect(listing(root)).toEqual(['deck.pptx', other].sort());
  });
});
