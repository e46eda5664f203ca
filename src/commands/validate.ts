/** `briefdeck validate <data...>`: checks data files without building; exit 0 when all are valid. */
import type { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { ExitCode, exitCodeFor } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';

export function validate(program: Command, cx: CommandContext): void {
  program
    .command('validate')
    .description(cx.say(t('validate.description')))
    .argument('<data...>', cx.say(t('build.data')))
    .option('--json', cx.say(t('cli.json')))
    .action(async (files: string[], flags: { json?: boolean }) => {
      const output = cx.output(flags);
      const { loadReport } = await import('../index.js');
      const results = [];
      for (const data of files) {
        const { diagnostics } = await loadReport(data);
        const exitCode = exitCodeFor(diagnostics);
        output.diagnostics(diagnostics);
        if (exitCode === ExitCode.ok) output.result(t('validate.valid', { data }), 'ok');
        results.push({ data, ok: exitCode === ExitCode.ok, exitCode, diagnostics: diagnostics.map((d) => output.diagnosticJson(d)) });
        cx.exit(exitCode);
      }
      if (flags.json) output.json({ ok: cx.exitCode === ExitCode.ok, exitCode: cx.exitCode, files: results });
    });
}
