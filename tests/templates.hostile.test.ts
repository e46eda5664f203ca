/**
 * Hostile themes, outlines, locales and layouts, through the built CLI as a
 * user runs it: `briefdeck build … --templates <a copy of templates/ with one
 * edit>`. Every edit is either refused with a located error (exit 1, never 70,
 * no deck written, the file and line of the mistake itself) or accepted, and
 * then the deck is valid against the ECMA-376 schemas (deckcheck --no-render).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.js';
import { positionOf, templatesWith } from './helpers/templates.js';
import { cli } from './helpers/cli.js';
import { canDeckcheck, deckcheck } from './helpers/deckcheck.js';

const FIXTURE = resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml');
/** A report with parts ("trong đó"): spans of their own size inside the cards' labels. */
const PROVINCE = resolve(ROOT, 'tests', 'fixtures', 'province-review.yaml');
const canCheck = canDeckcheck({ render: false });
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Edit {
  /** A file under templates/, e.g. "default/theme.yaml". */
  file: string;
  from: string;
  to: string;
  /** The report to build; every-layout.yaml unless given. */
  data?: string;
}

interface DiagnosticJson {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}

/** A copy of templates/ with the edit made (its `from` must be there), and the deck built from it with --json. */
function buildWith(edit: Edit): { status: number | null; diagnostics: DiagnosticJson[]; file: string; deck: string; stderr: string } {
  const templates = templatesWith([edit], made, { first: true });
  const file = join(templates, edit.file);
  const deck = join(templates, '..', 'deck.pptx');
  const r = cli(['build', edit.data ?? FIXTURE, '-o', deck, '--templates', templates, '--json']);
  const parsed = JSON.parse(r.stdout || '{}') as { decks?: { diagnostics: DiagnosticJson[] }[] };
  return { status: r.status, diagnostics: parsed.decks?.[0]?.diagnostics ?? [], file, deck, stderr: r.stderr };
}

interface Refusal extends Edit {
  name: string;
  code: string;
  message: RegExp;
  /** The text the error must point at (its line, and its column when `exact`); the edit's `to` unless given. */
  at?: string;
  /** The file the error must name, when not the edited one. */
  in?: string;
  exact?: boolean;
}

const THEME = 'default/theme.yaml';
const OUTLINE = 'default/outline.yaml';

const refusals: Refusal[] = [
  // 5: a name that is a key of Object.prototype ended in exit 70
  {
    name: 'color="constructor" on a layout element',
    file: 'default/layouts/closing.hbs',
    from: '<text region="coverTitle" style="coverTitle" placeholder="ctrTitle">',
    to: '<text region="coverTitle" style="coverTitle" placeholder="ctrTitle" color="constructor">',
    at: 'color="constructor"',
    exact: true,
    code: 'template-markup',
    message: /unknown colour "constructor"/,
  },
  // 6: theme values the schema accepted, decks that failed deckcheck
  { name: 'a font name holding " and <', file: THEME, from: 'heading: Arial', to: 'heading: "Ar\\"i<al"', code: 'theme-invalid', message: /font name .* holds " \(U\+0022\)/ },
  { name: 'a text size of 10000', file: THEME, from: 'footer: { size: 12,', to: 'footer: { size: 10000,', at: 'size: 10000', code: 'theme-invalid', message: /10000 is out of range: use 1 to 400 points/ },
  { name: 'a slide of 1333 × 750 inches', file: THEME, from: 'size: { width: 13.333, height: 7.5 }', to: 'size: { width: 1333, height: 750 }', code: 'theme-invalid', message: /1333 is out of range: use 1 to 56 inches/ },
  { name: 'a slide of 0.01 × 0.01 inches', file: THEME, from: 'size: { width: 13.333, height: 7.5 }', to: 'size: { width: 0.01, height: 0.01 }', code: 'theme-invalid', message: /0.01 is out of range: use 1 to 56 inches/ },
  { name: 'lineSpacing: 1000', file: THEME, from: 'lineSpacing: 1.15', to: 'lineSpacing: 1000', code: 'theme-invalid', message: /1000 is out of range: use 0.5 to 5/ },
  { name: 'a region past the slide', file: THEME, from: 'quote: { x: 1.4, y: 1.9, w: 10.53', to: 'quote: { x: 1.4, y: 1.9, w: 20.53', at: 'quote: { x: 1.4', code: 'theme-invalid', message: /past the slide's width/ },
  { name: 'a colour no colour names', file: THEME, from: 'rule: { fill: accent }', to: 'rule: { fill: toString }', at: 'rule: { fill', code: 'theme-invalid', message: /unknown colour "toString"/ },
  {
    name: 'negative geometry in a layout (a partial)',
    file: 'default/partials/stat-card.hbs',
    from: '<text y="0" h="31%"',
    to: '<text y="-5" h="31%"',
    at: 'y="-5"',
    exact: true,
    code: 'template-markup',
    message: /y="-5" is out of range/,
  },
  { name: 'huge geometry in a layout', file: 'default/layouts/comparison.hbs', from: '<list y="0.8"', to: '<list y="0.8" w="99999"', at: 'w="99999"', exact: true, code: 'template-markup', message: /w="99999" is out of range/ },
  {
    name: 'a box that ends past the slide',
    file: 'default/layouts/key-message.hbs',
    from: '<box region="titleRule" style="rule"/>',
    to: '<box x="13" w="2" style="rule"/>',
    at: '<box x="13"',
    code: 'template-markup',
    message: /<box> falls outside the slide/,
  },
  {
    name: 'region="toString"',
    file: 'default/layouts/bullets.hbs',
    from: '<list region="{{#if section.lead}}bodyBelowLead{{else}}body{{/if}}" style="body">',
    to: '<list region="toString" style="body">',
    at: 'region="toString"',
    exact: true,
    code: 'template-markup',
    message: /unknown region "toString"/,
  },
  { name: 'gap="constructor"', file: 'default/layouts/stat-cards.hbs', from: 'gap="gutter"', to: 'gap="constructor"', exact: true, code: 'template-markup', message: /"constructor" is not a length/ },
  { name: 'maxColumns="abc"', file: 'default/layouts/stat-cards.hbs', from: 'maxColumns="3"', to: 'maxColumns="abc"', exact: true, code: 'template-markup', message: /maxColumns="abc" is not a whole number/ },
  { name: 'align="justify" on a text', file: 'default/layouts/key-message.hbs', from: 'style="quote"', to: 'style="quote" align="justify"', at: 'align="justify"', exact: true, code: 'template-markup', message: /align="justify" is not allowed/ },
  // 8: slides that vanished with exit 0
  { name: 'from: pointz', file: OUTLINE, from: '{ layout: bullets, from: points,', to: '{ layout: bullets, from: pointz,', at: 'pointz', exact: true, code: 'theme-invalid', message: /from: "pointz" is not a field of a section/ },
  { name: 'from: constructor', file: OUTLINE, from: '{ layout: comparison, from: compare }', to: '{ layout: comparison, from: constructor }', at: 'constructor', exact: true, code: 'theme-invalid', message: /from: "constructor" is not a field/ },
  { name: 'when: dividr', file: OUTLINE, from: 'when: divider', to: 'when: dividr', at: 'dividr', exact: true, code: 'theme-invalid', message: /when: "dividr" is not a field of a section/ },
  { name: 'when: a field that is not yes or no', file: OUTLINE, from: 'when: divider', to: 'when: title', at: 'title }', exact: true, code: 'theme-invalid', message: /when: "title" is not a yes\/no field/ },
  { name: 'an unknown layout in the outline', file: OUTLINE, from: '{ layout: key-message,', to: '{ layout: key-mesage,', at: 'key-mesage', exact: true, code: 'unknown-layout', message: /unknown layout "key-mesage" in the outline/ },
  {
    name: 'a layout given a field of another shape (agenda from: meeting)',
    file: OUTLINE,
    from: '{ layout: title, from: meeting }',
    to: '{ layout: agenda, from: meeting }',
    in: 'default/layouts/agenda.hbs',
    at: 'title}}',
    exact: true,
    code: 'template-render',
    message: /looks up "title" in "Hội nghị/,
  },
  // 10: messages that named the wrong file or line
  {
    name: 'a colour missing from the theme is located in theme.yaml, not in the layouts that use it',
    file: THEME,
    from: 'statValue: { font: heading, size: 30, minSize: 20, bold: true, color: primary',
    to: 'statValue: { font: heading, size: 30, minSize: 20, bold: true, color: primry',
    at: 'primry',
    exact: true,
    code: 'theme-invalid',
    message: /unknown colour "primry"/,
  },
  {
    name: 'a word missing from the locale is located in the locale file',
    file: 'locales/vi.yaml',
    from: '  thanks:',
    to: '  thank:',
    at: 'words:',
    exact: true,
    code: 'missing-field',
    message: /the word "thanks" is missing from words: layouts\/closing\.hbs uses it at line \d+/,
  },
  {
    name: 'a word no locale has is located at its {{t}} in the layout',
    file: 'default/layouts/closing.hbs',
    from: '{{else}}\n  <text region="coverSubtitle" style="coverSubtitle">{{#if content.source}}— {{content.source}}{{else}}{{t "thanks"}}',
    to: '{{else}}\n  <text region="coverSubtitle" style="coverSubtitle">{{#if content.source}}— {{content.source}}{{else}}{{t "thnaks"}}',
    at: '{{t "thnaks"}}',
    exact: true,
    code: 'template-render',
    message: /the locale has no word "thnaks"/,
  },
  {
    name: 'an error inside a partial names the partial, not the layout that uses it',
    file: 'default/partials/stat-card.hbs',
    from: '{{figure this}}',
    to: '{{figure label}}',
    exact: true,
    code: 'template-render',
    message: /\{\{figure\}\} argument 1 should be a statistic/,
  },
  { name: 'a markup error is located at its line in the layout', file: 'default/layouts/bullets.hbs', from: '</list>', to: '</lst>', exact: true, code: 'template-markup', message: /invalid markup: unexpected close tag/ },
];

describe('hostile templates are refused at the line of the mistake', () => {
  it.each(refusals)('$name', (refusal) => {
    const r = buildWith(refusal);
    expect(r.status, r.stderr).toBe(1);
    expect(existsSync(r.deck)).toBe(false);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    // Every error is located: a file and a line in it.
    for (const d of errors) {
      expect(d.file, JSON.stringify(d)).toBeTruthy();
      expect(d.line, JSON.stringify(d)).toBeGreaterThan(0);
    }
    const [first] = errors;
    const file = refusal.in ? join(r.file.slice(0, r.file.length - refusal.file.length), refusal.in) : r.file;
    const expected = positionOf(file, refusal.at ?? refusal.to);
    expect(first).toMatchObject({ code: refusal.code, file, line: expected.line });
    if (refusal.exact) expect(first?.col).toBe(expected.col);
    expect(first?.message).toMatch(refusal.message);
  });

  it('a colour missing from the theme is said once, in theme.yaml, and no layout is blamed', () => {
    const r = buildWith({ file: THEME, from: 'color: primary, align: center, valign: bottom', to: 'color: primry, align: center, valign: bottom' });
    expect(r.status).toBe(1);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.file).toMatch(/theme\.yaml$/);
  });
});

/** Edits within the bounds: each builds a deck, and the deck passes the ECMA-376 schema checks. */
const accepted: (Edit & { name: string })[] = [
  { name: 'a font name with an apostrophe and spaces', file: THEME, from: 'heading: Arial', to: 'heading: "Font\'s Sans"' },
  { name: 'a text size of 400 pt, the largest', file: THEME, from: 'footer: { size: 12,', to: 'footer: { size: 400,' },
  { name: 'sizes down to 1 pt, the smallest, with spans shrunk along', file: THEME, from: 'statLabel: { size: 16, minSize: 14,', to: 'statLabel: { size: 400, minSize: 1,', data: PROVINCE },
  { name: 'a slide 56 inches wide', file: THEME, from: 'size: { width: 13.333, height: 7.5 }', to: 'size: { width: 56, height: 7.5 }' },
  { name: 'lineSpacing: 5 and paraSpaceAfter: 200', file: THEME, from: 'lineSpacing: 1.15, paraSpaceAfter: 10', to: 'lineSpacing: 5, paraSpaceAfter: 200' },
  { name: 'a padding wider than its card', file: THEME, from: 'cardPadding: 0.15', to: 'cardPadding: 7.5' },
  { name: 'gap="100%" and maxColumns="1"', file: 'default/layouts/stat-cards.hbs', from: 'gap="gutter" maxColumns="3"', to: 'gap="100%" maxColumns="1"' },
  { name: 'when: agenda', file: OUTLINE, from: 'when: divider', to: 'when: agenda' },
];

describe.skipIf(!canCheck)('accepted template edits give schema-valid decks', () => {
  it.each(accepted)('$name', (edit) => {
    const r = buildWith(edit);
    expect(r.status, JSON.stringify(r.diagnostics)).toBe(0);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const check = deckcheck(readFileSync(r.deck), { render: false });
    expect(check.status, check.stdout).toBe(0);
  });
});
