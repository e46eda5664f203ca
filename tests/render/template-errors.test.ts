/** A mistake in a layout is reported at the layout's file and line, with a hint. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/index.js';
import { ROOT, TEMPLATES } from '../helpers/build.js';
import { said } from '../helpers/said.js';

const FIXTURE = resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml');

/** A copy of the templates with one layout's text replaced. */
function templatesWith(layout: string, from: string, to: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-templates-'));
  cpSync(TEMPLATES, dir, { recursive: true });
  const file = join(dir, 'default', 'layouts', `${layout}.hbs`);
  const source = readFileSync(file, 'utf8');
  expect(source).toContain(from);
  writeFileSync(file, source.replace(from, to));
  return { dir, file };
}

const lineOf = (file: string, needle: string): number =>
  readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('template mistakes', () => {
  it('a Handlebars syntax error names the layout file and line', async () => {
    const { dir, file } = templatesWith('bullets', '{{/each}}', '{{/eahc}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.pptx).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'template-syntax', location: { file } });
    expect(r.diagnostics[0]!.location!.line).toBeGreaterThan(0);
  });

  it('a field the data lacks is reported at its line and column in the layout', async () => {
    const { dir, file } = templatesWith('closing', '{{content.message}}', '{{content.mesage}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.diagnostics).toHaveLength(1);
    const [d] = r.diagnostics;
    expect(d).toMatchObject({ code: 'template-render', location: { file, line: lineOf(file, 'content.mesage') } });
    expect(said(d!).message).toContain('"mesage"');
  });

  it('an unknown helper is reported the same way', async () => {
    const { dir, file } = templatesWith('title', '{{date content.date}}', '{{dat content.date}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.diagnostics[0]).toMatchObject({ location: { file, line: lineOf(file, 'dat content.date') } });
    expect(said(r.diagnostics[0]!).message).toContain('"dat"');
  });

  it('an unknown style points at the attribute and lists the styles', async () => {
    const { dir, file } = templatesWith('key-message', 'style="quote"', 'style="qoute"');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(said(r.diagnostics[0]!)).toMatchObject({
      code: 'template-markup',
      message: 'unknown text style "qoute"',
      location: { file, line: lineOf(file, 'style="qoute"') },
    });
    expect(said(r.diagnostics[0]!).hint).toMatch(/use one of: .*quote/);
  });

  it('unescaped data in triple braces that breaks the markup is caught', async () => {
    const { dir, file } = templatesWith('title', '{{content.title}}', '{{{content.title}}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.diagnostics[0]).toMatchObject({ code: 'template-markup', location: { file } });
    expect(said(r.diagnostics[0]!).hint).toContain('{{{ }}}');
  });
});

describe('template mistakes found before a slide is drawn', () => {
  it('a missing partial names the partials there are', async () => {
    const { dir, file } = templatesWith('stat-cards', '{{> stat-card}}', '{{> stat-crad}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(said(r.diagnostics[0]!)).toMatchObject({
      code: 'template-syntax',
      message: 'unknown partial "stat-crad"',
      location: { file, line: lineOf(file, 'stat-crad') },
      hint: 'use one of: stat-card',
    });
  });

  it('a helper called with the wrong arguments says how to call it, at its line', async () => {
    const { dir, file } = templatesWith('title', '{{date content.date}}', '{{date content.place 3}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    const [d] = r.diagnostics;
    expect(d).toMatchObject({ code: 'template-render', location: { file, line: lineOf(file, 'date content.place 3') } });
    expect(said(d!).message).toBe('{{date}} takes 1 argument(s), got 2; write it as {{date meeting.date}} → 06/7/2020');
  });

  it('a helper given the wrong kind of value says what it got', async () => {
    const { dir } = templatesWith('stat-cards', '{{> stat-card}}', '{{figure label}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(said(r.diagnostics[0]!).message).toMatch(/^\{\{figure\}\} argument 1 should be a statistic, got the text "Gói, kiện"/);
  });
});

describe('template safety', () => {
  it('a layout cannot reach prototype properties of the data', async () => {
    const { dir, file } = templatesWith('title', '{{content.title}}', '{{content.constructor.name}}');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.pptx).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'template-render', location: { file } });
    expect(said(r.diagnostics[0]!).message).toContain('"name"');
  });
});

describe('theme fonts', () => {
  it('warns when the theme names a font briefdeck cannot measure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefdeck-fonts-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const theme = join(dir, 'default', 'theme.yaml');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace('heading: Arial', 'heading: Comic Sans MS'));
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.pptx).toBeDefined();
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'font-unmeasured', severity: 'warning', location: { file: theme, line: 0, col: 0 } }));
  });
});
