/**
 * `briefdeck layouts [--templates dir] [--theme name] [--json]`: the layouts
 * of a theme, each with its one-line description (the `{{!-- description: … --}}`
 * comment at the top of the layout) and the data fields it shows, named as in
 * the data file (`sections[].stats`, `meeting.title`).
 */
import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { Output } from '../cli/output.js';
import { ExitCode, exitCodeFor } from '../diagnostics.js';
import { listOf, t } from '../i18n/catalogue.js';

interface LayoutsFlags {
  templates?: string;
  theme?: string;
  json?: boolean;
}

export function layouts(program: Command, cx: CommandContext): void {
  program
    .command('layouts')
    .description(cx.say(t('layouts.description')))
    .option('--templates <dir>', cx.say(t('build.templates')))
    .option('--theme <name>', cx.say(t('layouts.theme')))
    .option('--json', cx.say(t('cli.json')))
    .action(async (flags: LayoutsFlags) => {
      cx.exit(await listLayouts(flags, cx.output(flags)));
    });
}

async function listLayouts(flags: LayoutsFlags, output: Output): Promise<number> {
  const { DEFAULT_TEMPLATES, DEFAULT_THEME } = await import('../index.js');
  const { loadTemplates } = await import('../templates/load.js');
  const { describeLayouts, descriptionIn, FROM_PLACEHOLDER } = await import('../render/describe.js');
  const { Renderer } = await import('../render/render.js');
  const templatesDir = flags.templates === undefined ? DEFAULT_TEMPLATES : resolve(flags.templates);
  const theme = flags.theme ?? DEFAULT_THEME;

  // The locale only matters to a build; "vi" is the data's default, so any templates folder that builds has it.
  const loaded = await loadTemplates(templatesDir, theme, 'vi');
  const described = loaded.value ? describeLayouts(loaded.value) : { layouts: [], diagnostics: [] };
  // A layout listed here builds: its markup is checked as `build` checks it before any slide.
  const written = loaded.value ? new Renderer(loaded.value).checkWrittenMarkup() : [];
  const diagnostics = [...loaded.diagnostics, ...described.diagnostics, ...written];
  const exitCode = loaded.value ? exitCodeFor(diagnostics) : Math.max(exitCodeFor(diagnostics), ExitCode.invalidInput);
  output.diagnostics(diagnostics);

  const list = described.layouts.map((l) => ({ name: l.name, theme: l.theme, description: descriptionIn(l, output.lang) ?? null, fields: l.fields, inOutline: l.inOutline }));
  if (output.options.json) {
    output.json({
      ok: exitCode === ExitCode.ok,
      exitCode,
      theme,
      extends: loaded.value?.chain.slice(1) ?? [],
      templates: templatesDir,
      layouts: list.map(({ name, theme: from, description, fields }) => ({ name, theme: from, description, fields })),
      diagnostics: diagnostics.map((d) => output.diagnosticJson(d)),
    });
    return exitCode;
  }
  if (!loaded.value) return exitCode;

  const layoutsDir = resolve(templatesDir, theme, 'layouts');
  const near = relative(process.cwd(), layoutsDir);
  const folder = near === '' || near.startsWith('..') ? layoutsDir : near;
  const parents = loaded.value.chain.slice(1);
  output.result(parents.length > 0 ? t('layouts.heading-extends', { theme, parents: listOf(parents), folder }) : t('layouts.heading', { theme, folder }));
  const width = Math.max(0, ...list.map((l) => l.name.length));
  const indent = ' '.repeat(width + 4);
  // Where the fields start on the line, so a long list wraps under its first field.
  const label = output.say(t('layouts.entry', { name: '', description: '', indent: '', fields: '' })).split('\n')[1] ?? '';
  const fieldsColumn = indent.length + label.length;
  for (const l of list) {
    output.result(
      t('layouts.entry', {
        name: l.name.padEnd(width),
        // A layout the theme takes from one it extends says which.
        description: l.theme === theme ? (l.description ?? t('layouts.no-description')) : `${output.say(t('layouts.from-theme', { theme: l.theme }))} ${l.description ?? output.say(t('layouts.no-description'))}`,
        indent,
        fields: l.fields.length > 0 ? wrap(l.fields, LINE - fieldsColumn).join(`\n${' '.repeat(fieldsColumn)}`) : t('layouts.no-fields'),
      }),
    );
  }
  const overrideOnly = list.filter((l) => !l.inOutline && l.fields.some((f) => f.includes(FROM_PLACEHOLDER)));
  if (overrideOnly.length > 0) {
    output.result(t('layouts.from-note', { from: FROM_PLACEHOLDER, layouts: listOf(overrideOnly.map((l) => l.name)) }));
  }
  output.result(t('layouts.bindings-note'));
  return exitCode;
}

/** Fields lines are kept within this many columns (a terminal is often 100 wide). */
const LINE = 100;

/** `a, b, c` in lines of at most `width` characters (a longer field gets a line of its own). */
function wrap(fields: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, field] of fields.entries()) {
    const piece = i < fields.length - 1 ? `${field},` : field;
    if (line !== '' && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else {
      line = line === '' ? piece : `${line} ${piece}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
