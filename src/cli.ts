/**
 * The command line: argv in, exit code out. Nothing below this module prints
 * or exits; the stages return diagnostics and this maps them to one readable
 * line each (plus a hint) and to the exit codes documented in the README.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExitCode, exitCodeFor, formatDiagnostic, type Diagnostic } from './diagnostics.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('briefdeck')
    .description('Build a PowerPoint briefing deck from report data (YAML) and templated slide layouts.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run briefdeck --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('build')
    .description('build the deck from a data file')
    .argument('<data>', 'the report data (.yaml)')
    .option('-o, --output <file>', 'where to write the deck (default: out/<data-name>.pptx)')
    .option('--templates <dir>', 'the templates folder (default: the templates shipped with briefdeck)')
    .option('--theme <name>', 'the theme folder inside the templates (default: the data\'s "theme", else "default")')
    .option('--allow-outside', "allow pictures outside the data file's folder")
    .action(async (data: string, opts: BuildFlags) => {
      exitCode = await build(data, opts, io);
    });

  program
    .command('validate')
    .description('check a data file; exit 0 when it is valid')
    .argument('<data>', 'the report data (.yaml)')
    .action(async (data: string) => {
      const { loadReport } = await import('./index.js');
      const { diagnostics } = await loadReport(data);
      report(diagnostics, io);
      exitCode = exitCodeFor(diagnostics);
      if (exitCode === ExitCode.ok) io.out(`${data}: valid`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the data format')
    .action(async () => {
      const { reportJsonSchema } = await import('./validate/json-schema.js');
      io.out(JSON.stringify(reportJsonSchema(), null, 2));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code);
      return informational ? ExitCode.ok : ExitCode.usage;
    }
    throw e;
  }
  return exitCode;
}

interface BuildFlags {
  output?: string;
  templates?: string;
  theme?: string;
  allowOutside?: boolean;
}

async function build(data: string, opts: BuildFlags, io: Io): Promise<number> {
  const started = performance.now();
  const documentDate = sourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  if (documentDate === 'invalid') {
    io.err(`error: SOURCE_DATE_EPOCH="${process.env.SOURCE_DATE_EPOCH ?? ''}" is not a whole number of seconds [usage]`);
    return ExitCode.usage;
  }
  const { buildDeck } = await import('./index.js');
  const result = await buildDeck({
    data,
    ...(opts.templates ? { templates: resolve(opts.templates) } : {}),
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(documentDate ? { documentDate } : {}),
    allowOutside: opts.allowOutside === true,
  });
  report(result.diagnostics, io);
  if (!result.pptx) return exitCodeFor(result.diagnostics);

  const output = opts.output ?? join('out', `${basename(data, extname(data))}.pptx`);
  const { writeAtomic } = await import('./write/atomic.js');
  const written = await writeAtomic(output, result.pptx);
  report(written, io);
  if (written.length > 0) return exitCodeFor(written);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  io.out(`${output}: ${result.slideCount} slides in ${seconds} s`);
  return ExitCode.ok;
}

/** The reproducible-builds convention: a fixed document date, in seconds since 1970. */
function sourceDateEpoch(value: string | undefined): Date | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) return 'invalid';
  return new Date(Number(value) * 1000);
}

function report(diagnostics: readonly Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
