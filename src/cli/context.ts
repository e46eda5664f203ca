/**
 * What every command module gets: the language (known before the commands are
 * defined, so their help is in it too), the terminal, and a way to make the
 * run's Output and set the exit code. Commands never print or exit otherwise.
 */
import type { Command } from 'commander';
import { say, type Lang, type Text } from '../i18n/catalogue.js';
import { Output } from './output.js';
import type { Terminal } from './terminal.js';

export class CommandContext {
  exitCode = 0;

  constructor(
    readonly lang: Lang,
    readonly terminal: Terminal,
    private readonly program: Command,
  ) {}

  /** For descriptions written while the commands are defined. */
  say(text: Text): string {
    return say(text, this.lang);
  }

  /** The Output of this run: `--quiet` is global, `--json` belongs to the command that offers it. */
  output(options: { json?: boolean } = {}): Output {
    const quiet = (this.program.opts() as { quiet?: boolean }).quiet === true;
    return new Output(this.terminal, { lang: this.lang, quiet, json: options.json === true });
  }

  /** Several results (a batch) keep the worst exit code. */
  exit(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }
}

/** A command module: adds its subcommand to the program. */
export type CommandDefinition = (program: Command, cx: CommandContext) => void;
