/**
 * `briefdeck init [dir]`: a new report to start from. Writes `bao-cao.yaml`
 * (templates/starter/bao-cao.yaml: a small mid-year review with a Vietnamese
 * comment on every field; it validates and builds as it is),
 * `report.schema.json` (what `briefdeck schema` prints), which the report's
 * first line names so editors complete and check the fields offline, and
 * `so-lieu.xlsx`, the small workbook a chart of the starter takes its figures from.
 *
 * It never overwrites: when either file exists nothing is written (exit 3),
 * and each file is created exclusively, so a file that appears meanwhile is
 * not overwritten either; what this run wrote before that is removed again.
 */
import type { Command } from 'commander';
import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { Output } from '../cli/output.js';
import { error, ExitCode, exitCodeFor, type Diagnostic } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

export const REPORT_FILE = 'bao-cao.yaml';
export const SCHEMA_FILE = 'report.schema.json';
/** The small workbook the starter takes a chart's figures from (templates/starter/so-lieu.xlsx). */
export const WORKBOOK_FILE = 'so-lieu.xlsx';

export function init(program: Command, cx: CommandContext): void {
  program
    .command('init')
    .description(cx.say(t('init.description')))
    .argument('[dir]', cx.say(t('init.dir')))
    .action(async (dir: string | undefined) => {
      cx.exit(await initReport(dir ?? '.', cx.output()));
    });
}

async function initReport(dir: string, output: Output): Promise<number> {
  const { DEFAULT_TEMPLATES } = await import('../index.js');
  const { reportJsonSchema } = await import('../validate/json-schema.js');
  const report = join(dir, REPORT_FILE);
  const schema = join(dir, SCHEMA_FILE);
  const workbook = join(dir, WORKBOOK_FILE);
  const files = [
    { path: report, bytes: await readFile(join(DEFAULT_TEMPLATES, 'starter', REPORT_FILE)) },
    // The same bytes as `briefdeck schema` prints.
    { path: schema, bytes: `${JSON.stringify(reportJsonSchema(), null, 2)}\n` },
    { path: workbook, bytes: await readFile(join(DEFAULT_TEMPLATES, 'starter', WORKBOOK_FILE)) },
  ];

  // Every target is checked before anything is written.
  const taken = await existing(files.map((f) => f.path));
  if (taken.length > 0) return fail(output, taken.map(exists));

  try {
    await mkdir(resolve(dir), { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const notAFolder = code === 'EEXIST' || code === 'ENOTDIR';
    return fail(output, [writeFailed(dir, e, notAFolder ? t('init.not-a-folder.hint', { dir }) : undefined)]);
  }
  const written: string[] = [];
  for (const file of files) {
    try {
      await writeFile(file.path, file.bytes, { flag: 'wx' }); // fails if the file appeared since the check
      written.push(file.path);
    } catch (e) {
      await Promise.all(written.map((p) => rm(p, { force: true })));
      return fail(output, [(e as NodeJS.ErrnoException).code === 'EEXIST' ? exists(file.path) : writeFailed(file.path, e)]);
    }
  }

  output.result(t('init.created-report', { file: report }), 'ok');
  output.result(t('init.created-schema', { file: schema }), 'ok');
  output.result(t('init.created-workbook', { file: workbook }), 'ok');
  output.result(t('init.next'));
  output.result(t('init.command', { command: `briefdeck validate ${shellWord(report)}` }));
  output.result(t('init.command', { command: `briefdeck build ${shellWord(report)}` }));
  return ExitCode.ok;
}

/** The paths that already exist (as anything: a file, a folder, a link). */
async function existing(paths: readonly string[]): Promise<string[]> {
  // lstat: a link counts even when what it points at is gone. Other errors are the write's to report.
  const found = await Promise.all(paths.map((p) => lstat(p).then(() => true, () => false)));
  return paths.filter((_, i) => found[i]);
}

function fail(output: Output, diagnostics: Diagnostic[]): number {
  output.diagnostics(diagnostics);
  return exitCodeFor(diagnostics);
}

function exists(file: string): Diagnostic {
  // No location: the message names the file already.
  return error('write-failed', t('init.exists', { file }), { hint: t('init.exists.hint', { file }) });
}

function writeFailed(file: string, e: unknown, hint: Text = t('write.failed.hint')): Diagnostic {
  const reason = (e as NodeJS.ErrnoException).code ?? String(e);
  return error('write-failed', t('write.failed', { file, reason }), { hint });
}

/** A path as one word for a POSIX shell, quoted only when it needs it. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
