/**
 * `briefdeck layouts`: every layout of the theme, with its one-line
 * description (the `{{!-- description: … --}}` comment at its top) and the
 * data fields it shows, named as in the data file.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TEMPLATES } from './helpers/build.js';
import { cli } from './helpers/cli.js';

interface Listed {
  ok: boolean;
  exitCode: number;
  theme: string;
  layouts: { name: string; description: string | null; fields: string[] }[];
  diagnostics: { code: string }[];
}

const layoutNames = (theme: string): string[] =>
  readdirSync(join(TEMPLATES, theme, 'layouts'))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => basename(f, '.hbs'))
    .sort();

/** Whether `path` (`sections[].charts[].title`) is a field of the published data format. */
function isDataField(path: string): boolean {
  type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[] };
  const expand = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...expand(n.anyOf ?? [])]);
  let nodes: Node[] = [JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')) as Node];
  for (const part of path.split('.')) {
    const name = part.replace(/(\[\])+$/, '');
    nodes = expand(nodes).flatMap((n) => (n.properties?.[name] ? [n.properties[name]] : []));
    for (let i = 0; i < (part.length - name.length) / 2; i++) nodes = expand(nodes).flatMap((n) => (n.items ? [n.items] : []));
  }
  return nodes.length > 0;
}

describe('briefdeck layouts', () => {
  it('lists every layout of the default theme with a description and its fields', () => {
    const r = cli(['layouts']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Layouts of the theme "default" (templates/default/layouts):');
    for (const name of layoutNames('default')) {
      const row = lines.findIndex((l) => l.startsWith(`  ${name} `));
      expect(row, name).toBeGreaterThan(0);
      expect(lines[row]!.slice(name.length + 2).trim().length, name).toBeGreaterThan(10); // the description
      expect(lines[row + 1], name).toMatch(/^\s+fields: \S/);
    }
    expect(r.stdout).toContain('  stat-cards   Statistic cards, up to 6 per slide');
    expect(r.stdout).toMatch(/^\s+fields: sections\[\]\.title, sections\[\]\.stats, sections\[\]\.notes$/m);
  });

  it('gives scripts { theme, layouts: [{ name, theme, description, fields }] } with --json', () => {
    const r = cli(['layouts', '--json']);
    expect(r.status).toBe(0);
    const listed = JSON.parse(r.stdout) as Listed;
    expect(listed.ok).toBe(true);
    expect(listed.theme).toBe('default');
    expect(listed.layouts.map((l) => l.name)).toEqual(layoutNames('default'));
    for (const layout of listed.layouts) {
      expect(Object.keys(layout).sort(), layout.name).toEqual(['description', 'fields', 'name', 'theme']);
      expect(layout.description, layout.name).toMatch(/\S{3}/);
      expect(layout.fields.length, layout.name).toBeGreaterThan(0);
      // Fields of the data file, not the layout's inner names (content, section…).
      for (const field of layout.fields.filter((f) => !f.includes('<from>'))) expect(isDataField(field), `${layout.name}: ${field}`).toBe(true);
    }
    const fields = Object.fromEntries(listed.layouts.map((l) => [l.name, l.fields]));
    expect(fields.title).toEqual(expect.arrayContaining(['meeting.title', 'meeting.date', 'meeting.notes']));
    expect(fields['stat-cards']).toEqual(['sections[].title', 'sections[].stats', 'sections[].notes']);
    expect(fields.chart).toEqual(expect.arrayContaining(['sections[].charts[].title', 'sections[].charts[].series', 'sections[].charts[].notes']));
    expect(fields.agenda).toEqual(['sections[].agenda', 'sections[].title']);
    expect(fields.section).toContain('sections[].divider'); // the outline's `when`
    expect(fields.table).toEqual(expect.arrayContaining(['sections[].table.columns', 'sections[].table.rows']));
    expect(fields.closing).toEqual(expect.arrayContaining(['closing.message', 'closing.notes']));
    // highlights is used only from a section's `slides:`: its content is whatever `from` names.
    expect(fields.highlights).toContain('sections[].<from>');
  });

  it('lists the print theme with --theme print, in Vietnamese with --lang vi', () => {
    const r = cli(['layouts', '--theme', 'print', '--json']);
    expect(r.status).toBe(0);
    const listed = JSON.parse(r.stdout) as Listed;
    expect(listed.theme).toBe('print');
    // print extends default: every layout is the default's, and says so.
    expect(listed.layouts.map((l) => l.name)).toEqual(layoutNames('default'));
    expect((listed as unknown as { extends: string[] }).extends).toEqual(['default']);
    expect(new Set(listed.layouts.map((l) => (l as unknown as { theme: string }).theme))).toEqual(new Set(['default']));

    const vi = cli(['--lang', 'vi', 'layouts', '--theme', 'print']);
    expect(vi.status).toBe(0);
    expect(vi.stdout).toContain('Các bố cục của giao diện "print", kế thừa default');
    expect(vi.stdout).toMatch(/^ {2}stat-cards +\[của default\] Thẻ số liệu/m);
    expect(vi.stdout).toContain('Thẻ số liệu, tối đa 6 thẻ mỗi trang');
    expect(vi.stdout).toMatch(/trường dữ liệu: sections\[\]\.title/);
  });

  it('says an unknown theme is unknown, names the real ones, and exits 1', () => {
    const r = cli(['layouts', '--theme', 'nope']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: unknown theme "nope" .*\[unknown-theme\]/);
    expect(r.stderr).toContain('hint: use one of: default, print'); // not locales/ or starter/

    const json = cli(['layouts', '--theme', 'nope', '--json']);
    expect(json.status).toBe(1);
    const listed = JSON.parse(json.stdout) as Listed;
    expect(listed.ok).toBe(false);
    expect(listed.diagnostics.map((d) => d.code)).toEqual(['unknown-theme']);
  });

  it('reads a theme of another templates folder: no description is said, fields come from the layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefdeck-layouts-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    writeFileSync(
      join(dir, 'default', 'layouts', 'plain.hbs'),
      '<slide master="content"><text region="title" style="title">{{section.title}} {{@root.meeting.place}}</text>{{#each section.points as |p|}}{{p}}{{/each}}</slide>\n',
    );
    const r = cli(['layouts', '--templates', dir, '--json']);
    expect(r.status).toBe(0);
    const plain = (JSON.parse(r.stdout) as Listed).layouts.find((l) => l.name === 'plain');
    expect(plain).toEqual({ name: 'plain', theme: 'default', description: null, fields: ['sections[].title', 'meeting.place', 'sections[].points'] });
    expect(cli(['layouts', '--templates', dir]).stdout).toMatch(/ {2}plain {2,}\(no description: start the layout with a \{\{!-- description: … --\}\} comment\)/);
  });

  it('says a mistake in a layout\'s markup at its line, as build would, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefdeck-layouts-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const file = join(dir, 'default', 'layouts', 'draft.hbs');
    writeFileSync(file, '<slide>\n  <text region="title" sytle="title">{{section.title}}</text>\n</slide>\n');
    const r = cli(['layouts', '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:24: error: <text> has no attribute "sytle" [template-markup]`);
    // The listing is still printed: the other layouts are fine.
    expect(r.stdout).toContain('draft');
  });
});
