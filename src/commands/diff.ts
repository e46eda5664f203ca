/**
 * `briefdeck diff <old-data> <new-data> [--templates dir] [--theme name] [--json]`:
 * what changed between two versions of a report, slide by slide, for staff
 * to tell the official before the meeting. The comparison itself is
 * src/diff/diff.ts; this module loads, plans and prints.
 *
 * Printed (stdout): a heading line per slide, its changes indented under it,
 * then a line counting them; "No differences" when there are none. Exit 0
 * whether or not the versions differ; 1 when a file is not valid data
 * (its problems on stderr, located), 3 when one cannot be read.
 *
 * With --json, one document on stdout:
 *
 *   { "ok": true, "old": "a.yaml", "new": "b.yaml",
 *     "changes": [
 *       { "slide": { "section": "Bưu chính", "title": "Bưu chính", "layout": "highlights", "shows": "figures" },
 *         "kind": "figure-changed", "path": "sections[2].stats[0]", "label": "Gói, kiện bưu chính",
 *         "before": "trên 377 triệu", "after": "trên 380 triệu" } ],
 *     "counts": { "figure-changed": 1 } }
 *
 * - `slide`: where the change shows. `section` is null for the title, agenda
 *   and closing slides; `title`, `layout` and `shows` are null when the
 *   change is on no one slide (a section added, removed or moved; a field no
 *   layout shows; the logo, on every slide).
 * - `kind`: figure-changed, text-changed, notes-changed, item-added,
 *   item-removed, item-moved, slide-added, slide-removed, layout-changed,
 *   section-added, section-removed, section-moved.
 * - `path`: the data path in the new file (in the old one for what was removed).
 * - `label`, `before`, `after`: said in the chosen language; figures as the
 *   deck writes them, in the report's locale. `before`/`after` are left out
 *   when there is none (an added item has no `before`); for item-moved and
 *   section-moved they are positions (1 is the first).
 * - `counts`: the number of changes of each kind present.
 *
 * When a file is not valid: `{ "ok": false, "exitCode": 1, "diagnostics": [...] }`.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { Output } from '../cli/output.js';
import { ExitCode, exitCodeFor, type Diagnostic } from '../diagnostics.js';
import type { ChangeGroup, ChangeKind, DeckChange, DiffSide, Said } from '../diff/diff.js';
import { say, t, type Lang, type Text } from '../i18n/catalogue.js';

interface DiffFlags {
  templates?: string;
  theme?: string;
  json?: boolean;
}

export function diff(program: Command, cx: CommandContext): void {
  program
    .command('diff')
    .description(cx.say(t('diff.description')))
    .argument('<old-data>', cx.say(t('diff.old')))
    .argument('<new-data>', cx.say(t('diff.new')))
    .option('--templates <dir>', cx.say(t('build.templates')))
    .option('--theme <name>', cx.say(t('diff.theme')))
    .option('--json', cx.say(t('cli.json')))
    .action(async (oldData: string, newData: string, flags: DiffFlags) => {
      cx.exit(await compare(oldData, newData, flags, cx.output(flags)));
    });
}

async function compare(oldData: string, newData: string, flags: DiffFlags, output: Output): Promise<number> {
  const [before, after] = await Promise.all([prepare(oldData, flags), prepare(newData, flags)]);
  // A problem of the templates (an unknown --theme) is found for both files: said once.
  const seen = new Set<string>();
  const diagnostics = [...before.diagnostics, ...after.diagnostics].filter((d) => {
    const key = JSON.stringify(d);
    return !seen.has(key) && Boolean(seen.add(key));
  });
  output.diagnostics(diagnostics);
  if (!before.side || !after.side) {
    const exitCode = Math.max(exitCodeFor(diagnostics), ExitCode.invalidInput);
    if (output.options.json) output.json({ ok: false, exitCode, diagnostics: diagnostics.map((d) => output.diagnosticJson(d)) });
    return exitCode;
  }
  const { diffReports, CHANGE_KINDS } = await import('../diff/diff.js');
  const groups = diffReports(before.side, after.side);
  const counts = new Map<ChangeKind, number>();
  for (const change of groups.flatMap((g) => g.changes)) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  const present = CHANGE_KINDS.filter((k) => counts.has(k));

  if (output.options.json) {
    output.json({
      ok: true,
      old: oldData,
      new: newData,
      changes: groups.flatMap((g) => g.changes.map((c) => changeJson(g, c, output.lang))),
      counts: Object.fromEntries(present.map((k) => [k, counts.get(k) ?? 0])),
    });
    return ExitCode.ok;
  }
  if (groups.length === 0) {
    output.result(t('diff.none', { old: oldData, new: newData }));
    return ExitCode.ok;
  }
  for (const group of groups) {
    output.result(heading(group));
    for (const line of changeLines(group.changes, output.lang)) output.result(line);
  }
  const parts = present.map((k) => output.say(t(`diff.count.${k}.${counts.get(k) === 1 ? 'one' : 'other'}`, { count: counts.get(k) ?? 0 })));
  output.result(t('diff.summary', { counts: parts.join(', ') }));
  return ExitCode.ok;
}

/** One version: the report, its theme's templates and locale, its slide plan (as build plans it). */
async function prepare(data: string, flags: DiffFlags): Promise<{ side?: DiffSide; diagnostics: Diagnostic[] }> {
  const { DeckBuilder } = await import('../index.js');
  const { describeLayouts } = await import('../render/describe.js');
  const planned = await new DeckBuilder().plan({
    data,
    ...(flags.templates === undefined ? {} : { templates: resolve(flags.templates) }),
    ...(flags.theme === undefined ? {} : { theme: flags.theme }),
  });
  if (!planned.value) return { diagnostics: planned.diagnostics };
  const { report, templates, slides, bound } = planned.value;
  // A layout that does not parse shows no fields here; build reports it.
  const layoutFields = new Map(describeLayouts(templates).layouts.map((l) => [l.name, l.fields]));
  return { side: { report, plan: slides, locale: templates.locale, layoutFields, cells: bound.cells }, diagnostics: planned.diagnostics };
}

// ---------------------------------------------------------------- printing

/** Titles longer than this are shortened in headings (the JSON has them whole). */
const TITLE_WIDTH = 70;
/** A change whose two sides fit in this many characters is one line; longer ones get a line each. */
const ONE_LINE = 80;

function heading(group: ChangeGroup): Text {
  const { slide } = group;
  const section = slide.section ?? '';
  switch (group.place) {
    case 'deck':
      return t('diff.heading.deck');
    case 'section':
      return t('diff.heading.section', { section });
    case 'unshown':
      return t('diff.heading.unshown', { section });
    case 'slide': {
      const title = shorten(slide.title ?? '', TITLE_WIDTH);
      const what = slide.what ?? slide.layout ?? '';
      return slide.section !== null && slide.section !== slide.title
        ? t('diff.heading.slide-in-section', { title, what, section: shorten(section, TITLE_WIDTH) })
        : t('diff.heading.slide', { title, what });
    }
  }
}

function changeLines(changes: readonly DeckChange[], lang: Lang): Text[] {
  const line = (text: Text): Text => t('diff.line', { line: text });
  const sub = (text: Text): Text => t('diff.subline', { line: text });
  const lines: Text[] = [];
  for (const c of changes) {
    // A value taken from a workbook names its cell: that is where it is corrected.
    const label = oneLine(sayValue(c.label, lang)) + (c.cell ? ` (${c.cell})` : '');
    const before = c.before === undefined ? '' : oneLine(sayValue(c.before, lang));
    const after = c.after === undefined ? '' : oneLine(sayValue(c.after, lang));
    switch (c.kind) {
      case 'figure-changed':
      case 'text-changed':
        // "37,2% → 50,8%" changing to "37,2% → 52%" on one line would be arrows in a row: a line each.
        if (before.length + after.length <= ONE_LINE && !`${before}${after}`.includes('→')) lines.push(line(t('diff.line.changed', { label, before, after })));
        else lines.push(line(t('diff.line.changed-long', { label })), sub(t('diff.line.before', { text: before })), sub(t('diff.line.after', { text: after })));
        break;
      case 'layout-changed':
        lines.push(line(t('diff.line.layout', { before, after })));
        break;
      case 'notes-changed':
        lines.push(line(t('diff.line.notes', { label })));
        break;
      case 'item-added':
        lines.push(line(c.after === undefined ? t('diff.line.added-bare', { label }) : t('diff.line.added', { label, after })));
        break;
      case 'item-removed':
        lines.push(line(c.before === undefined ? t('diff.line.removed-bare', { label }) : t('diff.line.removed', { label, before })));
        break;
      case 'item-moved':
        lines.push(line(t('diff.line.moved', { label: shorten(label, TITLE_WIDTH), before, after })));
        break;
      case 'slide-added':
        lines.push(line(t('diff.line.slide-added')));
        break;
      case 'slide-removed':
        lines.push(line(t('diff.line.slide-removed')));
        break;
      case 'section-added':
        lines.push(line(after === '' ? t('diff.line.section-added-empty') : t('diff.line.section-added', { after })));
        break;
      case 'section-removed':
        lines.push(line(before === '' ? t('diff.line.section-removed-empty') : t('diff.line.section-removed', { before })));
        break;
      case 'section-moved':
        lines.push(line(t('diff.line.section-moved', { before, after })));
        break;
    }
  }
  return lines;
}

function changeJson(group: ChangeGroup, c: DeckChange, lang: Lang): Record<string, unknown> {
  const { slide } = group;
  return {
    slide: {
      section: slide.section,
      title: slide.title,
      layout: slide.layout,
      shows: slide.what ? say(slide.what, lang) : null,
    },
    kind: c.kind,
    path: c.path,
    label: sayValue(c.label, lang),
    ...(c.before === undefined ? {} : { before: sayValue(c.before, lang) }),
    ...(c.after === undefined ? {} : { after: sayValue(c.after, lang) }),
    ...(c.cell === undefined ? {} : { cell: c.cell }),
  };
}

function sayValue(value: Said, lang: Lang): string {
  if (typeof value === 'string') return value;
  if (isSaidList(value)) return value.map((v) => sayValue(v, lang)).join(', ');
  return say(value, lang);
}

const isSaidList = (value: Said): value is readonly Said[] => Array.isArray(value);

/** Line breaks in the data would break the layout of the report: one line each. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

function shorten(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('').trimEnd()}…`;
}
