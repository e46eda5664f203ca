#!/usr/bin/env node
/** The executable: the only place that sets the process exit code. */
import { run } from './cli.js';

const debug = process.argv.includes('--debug');
try {
  process.exitCode = await run(process.argv.slice(2).filter((a) => a !== '--debug'));
} catch (e) {
  // A bug, not a user mistake: say so plainly; the stack only with --debug.
  process.stderr.write(`briefdeck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write('  hint: run again with --debug and report the output\n');
  process.exitCode = 70;
}
