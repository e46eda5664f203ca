/**
 * Build step (`npm run build`): writes dist/help.<lang>.txt, the top-level
 * help exactly as the CLI prints it, so bin.ts can answer `--help` without
 * loading the CLI. Run from the built dist/, after tsc.
 */
import { writeFileSync } from 'node:fs';
import { run } from './cli.js';
import { processTerminal } from './cli/terminal.js';
import { LANGS } from './i18n/lang.js';

// The help is wrapped at 80 columns, as commander does when stdout is not a terminal.
Object.defineProperty(process.stdout, 'isTTY', { value: false });

for (const lang of LANGS) {
  let text = '';
  await run(['--help', '--lang', lang], { ...processTerminal, out: (line) => (text += `${line}\n`), outIsTTY: false });
  writeFileSync(new URL(`./help.${lang}.txt`, import.meta.url), text);
}
