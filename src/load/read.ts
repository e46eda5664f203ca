/** The input edge: reading files from disk, turning OS errors into located diagnostics. */
import { readFile, stat } from 'node:fs/promises';
import { error, type Diagnostic } from '../diagnostics.js';

export async function readText(file: string): Promise<{ value?: string; diagnostics: Diagnostic[] }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      return fail(file, 'is a folder, not a file', 'give the path of a .yaml file inside it');
    }
    const bytes = await readFile(file);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { value: text.replace(/^\uFEFF/, ''), diagnostics: [] };
  } catch (e) {
    if (e instanceof TypeError) {
      return fail(file, 'is not UTF-8 text', 'save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)');
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(file, 'does not exist', 'check the path and the file name');
    if (code === 'EACCES' || code === 'EPERM') return fail(file, 'cannot be read (permission denied)', 'check the file permissions');
    return fail(file, `cannot be read (${code ?? String(e)})`, 'check that the path is a readable file');
  }
}

function fail(file: string, what: string, hint: string): { diagnostics: Diagnostic[] } {
  return { diagnostics: [error('read-failed', `${file} ${what}`, { location: { file, line: 0, col: 0 }, hint })] };
}
