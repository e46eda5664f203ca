/**
 * `briefdeck theme import <file.potx|file.pptx> [--name NAME]`: an
 * organisation's PowerPoint template made into a theme that extends the
 * default (src/theme-import/ reads and maps it; this module is the edge that
 * reads the file and writes the folder).
 *
 * The theme folder is written whole or not at all: into a hidden folder
 * beside it, loaded there as any theme is (so what is written builds), then
 * renamed into place. It never replaces a theme it did not write: --force
 * replaces only a folder whose theme.yaml an import wrote.
 */
import type { Command } from 'commander';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { Output } from '../cli/output.js';
import { error, ExitCode, exitCodeFor, hasErrors, warning, type Diagnostic } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';

interface ImportFlags {
  name?: string;
  templates?: string;
  force?: boolean;
  json?: boolean;
}

/** The first line of every theme.yaml an import writes: how --force knows a folder it may replace. */
const IMPORTED_MARK = '# Imported by `briefdeck theme import`';

export function theme(program: Command, cx: CommandContext): void {
  const command = program.command('theme').description(cx.say(t('theme.command')));
  command
    .command('import')
    .description(cx.say(t('import.description')))
    .argument('<file>', cx.say(t('import.file')))
    .option('--name <name>', cx.say(t('import.name')))
    .option('--templates <dir>', cx.say(t('build.templates')))
    .option('--force', cx.say(t('import.force')))
    .option('--json', cx.say(t('cli.json')))
    .action(async (file: string, flags: ImportFlags) => {
      cx.exit(await importTheme(file, flags, cx.output(flags)));
    });
}

const THEME_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/** A theme name from a file name: "Mẫu Bộ TT&TT.potx" → "mau-bo-tt-tt". */
export function nameFromFile(file: string): string {
  const slug = basename(file, extname(file))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0111/g, 'd') // đ, written as an escape: the bundle stays ASCII (startup/bundle.ts)
    .replace(/\u0110/g, 'D') // Đ
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return slug === '' ? 'imported' : slug.slice(0, 60).replace(/-+$/, '');
}

async function importTheme(file: string, flags: ImportFlags, output: Output): Promise<number> {
  const { DEFAULT_TEMPLATES, DEFAULT_THEME } = await import('../index.js');
  const name = flags.name ?? nameFromFile(file);
  if (!THEME_NAME.test(name)) {
    output.usageError(t('import.bad-name', { name }), t('import.bad-name.hint'));
    return ExitCode.usage;
  }
  const templatesDir = flags.templates === undefined ? DEFAULT_TEMPLATES : resolve(flags.templates);
  const target = join(templatesDir, name);
  const diagnostics: Diagnostic[] = [];
  const finish = (extra: Record<string, unknown> = {}): number => {
    const exitCode = exitCodeFor(diagnostics);
    output.diagnostics(diagnostics);
    if (output.options.json) {
      output.json({ ok: exitCode === ExitCode.ok, exitCode, theme: name, folder: target, ...extra, diagnostics: diagnostics.map((d) => output.diagnosticJson(d)) });
    }
    return exitCode;
  };

  const taken = await existingTheme(target);
  if (taken === 'hand-made' || (taken === 'imported' && !flags.force) || name === DEFAULT_THEME) {
    const replaceable = taken === 'imported' && name !== DEFAULT_THEME;
    diagnostics.push(
      error('theme-exists', replaceable ? t('import.exists', { name, folder: target }) : t('import.builtin', { name }), {
        location: { file: join(target, 'theme.yaml'), line: 0, col: 0 },
        hint: t('import.exists.hint'),
      }),
    );
    return finish();
  }

  const { readBytes } = await import('../load/read.js');
  const { MAX_TEMPLATE_BYTES, openPackage } = await import('../theme-import/package.js');
  const limit = MAX_TEMPLATE_BYTES / 1024 / 1024;
  const tooLarge = t('import.not-a-template', { file, reason: t('import.reason.file-too-large', { limit }) });
  const read = await readBytes(file, { limit: MAX_TEMPLATE_BYTES, tooLarge: () => tooLarge, overLimit: tooLarge, hint: t('import.not-a-template.hint') });
  diagnostics.push(...read.diagnostics);
  if (!read.value) return finish();

  const { templateFacts, TemplateError } = await import('../theme-import/facts.js');
  let facts;
  try {
    facts = templateFacts(openPackage(read.value));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    diagnostics.push(error('not-a-template', t('import.not-a-template', { file, reason: e.reason }), { location: { file, line: 0, col: 0 }, hint: t('import.not-a-template.hint') }));
    return finish();
  }

  const { loadTemplates } = await import('../templates/load.js');
  const base = await loadTemplates(templatesDir, DEFAULT_THEME, 'vi');
  if (!base.value) {
    diagnostics.push(...base.diagnostics);
    return finish();
  }
  const { mapTemplate } = await import('../theme-import/map.js');
  const { themeYaml } = await import('../theme-import/write-yaml.js');
  const { knownFamily } = await import('../fit/measure.js');
  const source = basename(file);
  const imported = mapTemplate(facts, { name, source, base: base.value.theme, baseName: DEFAULT_THEME });
  const { values } = imported;
  for (const font of new Set([values.fonts.heading, values.fonts.body])) {
    if (!knownFamily(font)) diagnostics.push(warning('font-unmeasured', t('font.unmeasured', { font }), { hint: t('font.unmeasured.hint') }));
  }

  // Written beside the target, checked by loading it as a theme, then renamed into place.
  const staging = join(templatesDir, `.${name}.import-${process.pid}`);
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(join(staging, 'pictures'), { recursive: true });
    await writeFile(join(staging, 'theme.yaml'), themeYaml(values, source));
    const files = new Map(imported.pictures.map((p) => [p.file, p.bytes]));
    for (const [path, bytes] of files) await writeFile(join(staging, path), bytes);
    const check = await loadTemplates(templatesDir, basename(staging), 'vi');
    if (!check.value || hasErrors(check.diagnostics)) {
      diagnostics.push(...check.diagnostics);
      await rm(staging, { recursive: true, force: true });
      return finish();
    }
    if (taken === 'imported') await rm(target, { recursive: true, force: true });
    await mkdir(dirname(target), { recursive: true });
    await rename(staging, target);
  } catch (e) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    diagnostics.push(error('write-failed', t('write.failed', { file: target, reason: (e as NodeJS.ErrnoException).code ?? String(e) }), { hint: t('write.failed.hint') }));
    return finish();
  }

  for (const note of imported.notes) output.note(note);
  const near = relative(process.cwd(), target);
  output.result(
    t('import.done', {
      file: source,
      name,
      folder: near === '' || near.startsWith('..') ? target : near,
      width: values.size.width,
      height: values.size.height,
      heading: values.fonts.heading,
      body: values.fonts.body,
      pictures: new Set(imported.pictures.map((p) => p.file)).size,
    }),
    'ok',
  );
  output.result(t('import.use', { name }));
  return finish({
    size: values.size,
    fonts: values.fonts,
    colors: values.colors,
    chartColors: values.chartColors,
    pictures: imported.pictures.map((p) => ({ file: p.file, master: p.master, region: p.region })),
    notes: imported.notes.map((n) => output.say(n)),
  });
}

/** Whether the target folder holds a theme, and whether an import wrote it. */
async function existingTheme(target: string): Promise<'none' | 'imported' | 'hand-made'> {
  try {
    await stat(target);
  } catch {
    return 'none';
  }
  const yaml = await readFile(join(target, 'theme.yaml'), 'utf8').catch(() => '');
  return yaml.startsWith(IMPORTED_MARK) ? 'imported' : 'hand-made';
}
