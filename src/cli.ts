/**
 * The command line: argv in, exit code out. Each command lives in
 * src/commands/; this module sets up what they share: the language, the
 * global options, help and usage errors in the user's words, and the exit
 * codes documented in the README. Nothing below it prints or exits.
 */
import { Command, CommanderError, Help } from 'commander';
import { readFileSync } from 'node:fs';
import { CommandContext, type CommandDefinition } from './cli/context.js';
import { processTerminal, type Terminal } from './cli/terminal.js';
import { build } from './commands/build.js';
import { diff } from './commands/diff.js';
import { init } from './commands/init.js';
import { layouts } from './commands/layouts.js';
import { preview } from './commands/preview.js';
import { schema } from './commands/schema.js';
import { theme } from './commands/theme.js';
import { validate } from './commands/validate.js';
import { watch } from './commands/watch.js';
import { ExitCode } from './diagnostics.js';
import { chooseLang, isLang, LANGS, say, t, type Lang, type Text } from './i18n/catalogue.js';
import { langFlag } from './i18n/lang.js';

const COMMANDS: readonly CommandDefinition[] = [build, validate, watch, init, layouts, diff, preview, schema, theme];

export async function run(argv: readonly string[], terminal: Terminal = processTerminal): Promise<number> {
  const flag = langFlag(argv);
  const lang = chooseLang(flag, terminal.env);
  const program = new Command('briefdeck');
  const cx = new CommandContext(lang, terminal, program);
  const output = cx.output();
  if (flag !== undefined && !isLang(flag)) {
    output.usageError(t('usage.bad-lang', { lang: flag, langs: LANGS.join(', ') }));
    return ExitCode.usage;
  }

  program
    .description(cx.say(t('cli.description')))
    .version(packageVersion(), '-V, --version', cx.say(t('cli.version')))
    .helpOption('-h, --help', cx.say(t('cli.help')))
    .helpCommand('help [command]', cx.say(t('cli.help-command')))
    .option('--lang <lang>', cx.say(t('cli.lang', { langs: LANGS.join(', ') })))
    .option('-q, --quiet', cx.say(t('cli.quiet')))
    .configureHelp(translatedHelp(lang))
    .configureOutput({
      writeOut: (s) => terminal.out(s.trimEnd()),
      writeErr: (s) => terminal.err(s.trimEnd()),
      outputError: () => undefined, // said in the user's words below
    })
    .exitOverride();
  for (const define of COMMANDS) define(program, cx);
  const subcommands = (c: Command): Command[] => c.commands.flatMap((s) => [s, ...subcommands(s)]);
  for (const command of subcommands(program)) {
    command.helpOption('-h, --help', cx.say(t('cli.help'))).configureHelp(translatedHelp(lang)).exitOverride();
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code)) return ExitCode.ok;
    output.usageError(usageMessage(e), t('usage.hint'));
    return ExitCode.usage;
  }
  return cx.exitCode;
}

/** commander's help, with its headings in the user's language. */
function translatedHelp(lang: Lang): Partial<Help> {
  const headings: Record<string, Text> = {
    'Usage:': t('help.usage'),
    'Options:': t('help.options'),
    'Commands:': t('help.commands'),
    'Arguments:': t('help.arguments'),
    'Global Options:': t('help.global-options'),
  };
  return {
    showGlobalOptions: true,
    styleTitle: (title: string) => {
      const heading = headings[title];
      return heading ? say(heading, lang) : title;
    },
  };
}

/** commander's usage errors, by code, in the user's words; the names they quote are kept. */
function usageMessage(e: CommanderError): Text {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(e.message)?.[1];
  const meant = suggestion ? t('usage.did-you-mean', { name: suggestion }) : '';
  switch (e.code) {
    case 'commander.unknownOption':
      return t('usage.unknown-option', { name: quoted, meant });
    case 'commander.unknownCommand':
      return t('usage.unknown-command', { name: quoted, meant });
    case 'commander.missingArgument':
      return t('usage.missing-argument', { name: quoted });
    case 'commander.optionMissingArgument':
      return t('usage.option-missing-value', { name: quoted });
    case 'commander.excessArguments':
      return t('usage.too-many-arguments');
    default:
      return t('usage.other', { detail: e.message.replace(/^error: /, '') });
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
