#!/usr/bin/env node
/** The executable: the only place that sets the process exit code. */
import { langFlag, run } from './cli.js';
import { chooseLang, say, t } from './i18n/catalogue.js';

// `briefdeck diff a b | head`: a reader that stops reading is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const debug = process.argv.includes('--debug');
const argv = process.argv.slice(2).filter((a) => a !== '--debug');
try {
  process.exitCode = await run(argv);
} catch (e) {
  // A bug, not a user mistake: say so plainly; the stack only with --debug.
  const lang = chooseLang(langFlag(argv), process.env);
  const detail = e instanceof Error ? e.message : String(e);
  process.stderr.write(`briefdeck: ${say(t('internal.error', { detail }), lang)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write(`  ${say(t('diagnostic.hint'), lang)}: ${say(t('internal.hint'), lang)}\n`);
  process.exitCode = 70;
}
