/** `briefdeck schema`: the JSON Schema of the data format, for editors and scripts. */
import type { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { t } from '../i18n/catalogue.js';

export function schema(program: Command, cx: CommandContext): void {
  program
    .command('schema')
    .description(cx.say(t('schema.description')))
    .action(async () => {
      const { reportJsonSchema } = await import('../validate/json-schema.js');
      cx.terminal.out(JSON.stringify(reportJsonSchema(), null, 2));
    });
}
