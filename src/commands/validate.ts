/**
 * `briefdeck validate <data...>`: checks data files without writing a deck;
 * exit 0 when all are valid. It runs the build short of packaging the deck,
 * so what it calls valid, `build` builds: the data against the schema and
 * its limits, the theme and layouts it names (in --templates, with --theme
 * as build takes them), the pictures it shows (--allow-outside as for
 * build), and every slide drawn and fitted (fitting's warnings included).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { ExitCode, exitCodeFor } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';

interface ValidateFlags {
  templates?: string;
  theme?: string;
  allowOutside?: boolean;
  json?: boolean;
}

export function validate(program: Command, cx: CommandContext): void {
  program
    .command('validate')
    .description(cx.say(t('validate.description')))
    .argument('<data...>', cx.say(t('build.data')))
    .option('--templates <dir>', cx.say(t('build.templates')))
    .option('--theme <name>', cx.say(t('build.theme')))
    .option('--allow-outside', cx.say(t('build.allow-outside')))
    .option('--json', cx.say(t('cli.json')))
    .action(async (files: string[], flags: ValidateFlags) => {
      const output = cx.output(flags);
      const { DeckBuilder } = await import('../index.js');
      const builder = new DeckBuilder();
      const results = [];
      for (const data of files) {
        const { diagnostics } = await builder.render({
          data,
          ...(flags.templates === undefined ? {} : { templates: resolve(flags.templates) }),
          ...(flags.theme === undefined ? {} : { theme: flags.theme }),
          allowOutside: flags.allowOutside === true,
        });
        const exitCode = exitCodeFor(diagnostics);
        output.diagnostics(diagnostics);
        if (exitCode === ExitCode.ok) output.result(t('validate.valid', { data }), 'ok');
        results.push({ data, ok: exitCode === ExitCode.ok, exitCode, diagnostics: diagnostics.map((d) => output.diagnosticJson(d)) });
        cx.exit(exitCode);
      }
      if (flags.json) output.json({ ok: cx.exitCode === ExitCode.ok, exitCode: cx.exitCode, files: results });
    });
}
