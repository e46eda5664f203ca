/**
 * The markup a layout, partial or master writes is checked against the
 * declared vocabulary (src/render/vocabulary.ts) before a slide is built: an
 * unknown element, an unknown attribute and a value of the wrong kind are
 * each a `template-markup` error at the file, line and column where the
 * template wrote it, in the partial's own file when a partial wrote it.
 *
 * In-process (buildDeck), on a copy of templates/ with one edit.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { buildDeck } from '../src/index.js';
import { ROOT } from './helpers/build.js';
import { positionOf, templatesWith } from './helpers/templates.js';
import { said } from './helpers/said.js';

const FIXTURE = resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml');
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Edit {
  /** A file under templates/default/, e.g. "layouts/key-message.hbs". */
  file: string;
  from: string;
  to: string;
}

/** A copy of templates/ with the edits made (under default/); the path of the first edited file. */
function templatesWithDefault(...edits: Edit[]): { dir: string; file: string } {
  const dir = templatesWith(edits.map((e) => ({ ...e, file: join('default', e.file) })), made);
  return { dir, file: join(dir, 'default', edits[0]!.file) };
}

/** The deck built from the edited templates: refused, with its first error. */
async function refused(...edits: Edit[]): Promise<{ file: string; first: Diagnostic; errors: Diagnostic[] }> {
  const { dir, file } = templatesWithDefault(...edits);
  const r = await buildDeck({ data: FIXTURE, templates: dir });
  expect(r.pptx).toBeUndefined();
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length, JSON.stringify(r.diagnostics)).toBeGreaterThan(0);
  return { file, first: errors[0]!, errors };
}

/** The error is a template-markup error located exactly at `needle` in `file`. */
function expectAt(d: Diagnostic, file: string, needle: string): void {
  expect(d).toMatchObject({ code: 'template-markup', location: { file, ...positionOf(file, needle) } });
}

const KEY_MESSAGE = 'layouts/key-message.hbs';
const STAT_CARDS = 'layouts/stat-cards.hbs';
const STAT_CARD = 'partials/stat-card.hbs';

describe('a layout\'s markup is checked against the vocabulary', () => {
  it('a misspelt attribute is an error at its line and column, with "did you mean"', async () => {
    const { file, first } = await refused({ file: KEY_MESSAGE, from: '<text region="title" style="title" placeholder="title">', to: '<text regoin="title" sytle="title" placeholder="title">' });
    expectAt(first, file, 'regoin=');
    expect(said(first)).toMatchObject({ message: '<text> has no attribute "regoin"', hint: "did you mean 'region'?" });
    expect(said(first, 'vi')).toMatchObject({ message: '<text> không có thuộc tính "regoin"', hint: "có phải ý bạn là 'region'?" });
  });

  it('the next misspelt attribute is found once the first is put right', async () => {
    const { file, first } = await refused({ file: KEY_MESSAGE, from: '<text region="title" style="title" placeholder="title">', to: '<text region="title" sytle="title" placeholder="title">' });
    expectAt(first, file, 'sytle=');
    expect(said(first).hint).toBe("did you mean 'style'?");
  });

  it('an unknown element is an error at its tag, with "did you mean"', async () => {
    const { file, first } = await refused({
      file: KEY_MESSAGE,
      from: '<text region="quote" style="quote">“{{content.text}}”</text>',
      to: '<txet region="quote" style="quote">“{{content.text}}”</txet>',
    });
    expectAt(first, file, '<txet');
    expect(said(first)).toMatchObject({ message: 'unknown element <txet>', hint: "did you mean '<text>'?" });
  });

  it('a whole number that is not one is an error at the attribute', async () => {
    const { file, first } = await refused({ file: STAT_CARDS, from: 'maxColumns="3"', to: 'maxColumns="abc"' });
    expectAt(first, file, 'maxColumns="abc"');
    expect(said(first).message).toBe('maxColumns="abc" is not a whole number from 1 to 100');
  });

  it('a word that is not one of the allowed ones is an error at the attribute, listing them', async () => {
    const { file, first } = await refused({ file: KEY_MESSAGE, from: 'style="quote"', to: 'style="quote" align="centre"' });
    expectAt(first, file, 'align="centre"');
    expect(said(first)).toMatchObject({ message: 'align="centre" is not allowed here', hint: 'use one of: left, center, right' });
  });

  it('an attribute of another element says which elements take it', async () => {
    const { file, first } = await refused({ file: STAT_CARDS, from: '<grid region="body" gap="gutter" maxColumns="3"', to: '<row region="body" gap="gutter" maxColumns="3"' }, { file: STAT_CARDS, from: '</grid>', to: '</row>' });
    expectAt(first, file, 'maxColumns="3"');
    expect(said(first).message).toBe('<row> has no attribute "maxColumns"');
    expect(said(first).hint).toMatch(/^maxColumns belongs to <grid>; <row> takes region, x, y, w, h, right, bottom, gap, /);
  });

  it('names of Object.prototype are no element and no attribute', async () => {
    const attr = await refused({ file: KEY_MESSAGE, from: 'style="quote"', to: 'style="quote" constructor="x"' });
    expectAt(attr.first, attr.file, 'constructor="x"');
    expect(said(attr.first).message).toBe('<text> has no attribute "constructor"');
    const element = await refused({ file: KEY_MESSAGE, from: '<box region="titleRule" style="rule"/>', to: '<toString region="titleRule" style="rule"/>' });
    expectAt(element.first, element.file, '<toString');
    expect(said(element.first).message).toBe('unknown element <toString>');
  });

  it('an attribute whose name holds ":" is located at its own column, not at the tag', async () => {
    const { file, first } = await refused({ file: KEY_MESSAGE, from: 'style="quote"', to: 'style="quote" xml:lang="vi"' });
    expectAt(first, file, 'xml:lang=');
    expect(said(first).message).toBe('<text> has no attribute "xml:lang"');
  });

  it('an element where it cannot stand is an error at its tag, saying where it goes', async () => {
    const item = await refused({ file: KEY_MESSAGE, from: '<box region="titleRule" style="rule"/>', to: '<item>x</item>' });
    expectAt(item.first, item.file, '<item>');
    expect(said(item.first)).toMatchObject({ message: '<item> cannot stand inside <slide>', hint: 'put <item> inside <list>' });
    // Speaker notes inside a group were silently dropped: only the slide's own <notes> are read.
    const notes = await refused({ file: 'layouts/comparison.hbs', from: '<box style="columnPanel"/>', to: '<notes>x</notes>' });
    expectAt(notes.first, notes.file, '<notes>x');
    expect(said(notes.first).message).toBe('<notes> cannot stand inside <group>');
    const slide = await refused({ file: KEY_MESSAGE, from: '<box region="titleRule" style="rule"/>', to: '<group><slide/></group>' });
    expectAt(slide.first, slide.file, '<slide/>');
    expect(said(slide.first).hint).toBe('<slide> is only ever the root element, written once around everything else');
  });

  it('an element inside text that is not <span> or <br/> says so', async () => {
    const { file, first } = await refused({ file: 'layouts/numbered.hbs', from: '</span><br/>{{text}}', to: '</span><box style="card"/>{{text}}' });
    expectAt(first, file, '<box style="card"/>');
    expect(said(first)).toMatchObject({ message: '<box> cannot stand inside <item>', hint: 'put <box> inside <slide>, <master>, <group>, <row>, <column>, <grid>' });
  });

  it('checks every element before it builds any: a later unknown attribute is found before an earlier box off the slide', async () => {
    const { file, first, errors } = await refused(
      { file: KEY_MESSAGE, from: '<box region="titleRule" style="rule"/>', to: '<box x="13" w="2" style="rule"/>' },
      { file: KEY_MESSAGE, from: 'style="quote"', to: 'style="quote" regoin="quote"' },
    );
    expectAt(first, file, 'regoin=');
    expect(errors.map((e) => said(e).message)).not.toContainEqual(expect.stringMatching(/falls outside the slide/));
  });

  it('keeps the checks of values against the theme: a spacing name, a region, a colour', async () => {
    const gap = await refused({ file: STAT_CARDS, from: 'gap="gutter"', to: 'gap="gutr"' });
    expectAt(gap.first, gap.file, 'gap="gutr"');
    expect(said(gap.first).message).toBe('"gutr" is not a length');
    const region = await refused({ file: KEY_MESSAGE, from: '<text region="quote"', to: '<text region="toString"' });
    expectAt(region.first, region.file, 'region="toString"');
    expect(said(region.first).message).toBe('unknown region "toString"');
    const colour = await refused({ file: KEY_MESSAGE, from: 'style="quote"', to: 'style="quote" color="constructor"' });
    expectAt(colour.first, colour.file, 'color="constructor"');
    expect(said(colour.first).message).toBe('unknown colour "constructor"');
  });

  it('checks attributes a branch of the slide never reads: a length given beside a region', async () => {
    const { file, first } = await refused({ file: KEY_MESSAGE, from: '<text region="quote" style="quote">', to: '<text region="quote" w="wide" style="quote">' });
    expectAt(first, file, 'w="wide"');
    expect(said(first).message).toBe('"wide" is not a length');
  });
});

describe('every template is checked as written, before any runs', () => {
  /** A copy of templates/ with one more file under default/; the build of the every-layout report, and the file. */
  async function withFile(name: string, text: string): Promise<{ file: string; errors: Diagnostic[]; built: boolean }> {
    const dir = templatesWith([], made);
    const file = join(dir, 'default', name);
    writeFileSync(file, text);
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    return { file, errors: r.diagnostics.filter((d) => d.severity === 'error'), built: r.pptx !== undefined };
  }

  it('a layout no section uses: a misspelt attribute, a literal value of the wrong kind and an unknown element, each at its place', async () => {
    const { file, errors, built } = await withFile(
      'layouts/unused.hbs',
      '{{!-- description: used by no report --}}\n<slide>\n  <text regoin="title" style="title">{{title}}</text>\n  <box region="body" style="crad"/>\n  <grup region="body"/>\n</slide>\n',
    );
    expect(built).toBe(false);
    expect(errors).toHaveLength(3);
    expectAt(errors[0]!, file, 'regoin=');
    expectAt(errors[1]!, file, 'style="crad"');
    expect(said(errors[1]!).message).toBe('unknown shape style "crad"');
    expectAt(errors[2]!, file, '<grup');
    expect(said(errors[2]!).hint).toBe("did you mean '<group>'?");
  });

  it('a partial no layout uses, located in the partial', async () => {
    const { file, errors } = await withFile('partials/unused-card.hbs', '<group>\n  <text style="statValue" sizeGroup="x" colour="primary">{{value}}</text>\n</group>\n');
    expect(errors).toHaveLength(1);
    expectAt(errors[0]!, file, 'colour=');
    expect(said(errors[0]!).hint).toBe("did you mean 'color'?");
  });

  it('leaves values the template computes to the build: an unused layout that computes them builds', async () => {
    const { errors, built } = await withFile(
      'layouts/computed.hbs',
      '<slide>\n  <text region="{{#if lead}}lead{{else}}title{{/if}}" style="{{style}}" h="{{height}}%">{{title}}</text>\n  {{#if picture}}<image region="picture" src="{{picture}}"/>{{/if}}\n</slide>\n',
    );
    expect(errors).toEqual([]);
    expect(built).toBe(true);
  });
});

describe('a mistake written in a partial is located in the partial', () => {
  it('a misspelt attribute names stat-card.hbs, its line and column, not the layout', async () => {
    const { file, first } = await refused({ file: STAT_CARD, from: '<text y="0" h="31%" style="statValue"', to: '<text y="0" h="31%" sytle="statValue"' });
    expect(file).toMatch(/partials[/\\]stat-card\.hbs$/);
    expectAt(first, file, 'sytle=');
    expect(said(first)).toMatchObject({ message: '<text> has no attribute "sytle"', hint: "did you mean 'style'?" });
  });

  it('an unknown element names the partial', async () => {
    const { file, first } = await refused({ file: STAT_CARD, from: '<box style="card"/>', to: '<boxs style="card"/>' });
    expectAt(first, file, '<boxs');
    expect(said(first).hint).toBe("did you mean '<box>'?");
  });

  it('a value of the wrong kind names the partial', async () => {
    const { file, first } = await refused({ file: STAT_CARD, from: 'padding="cardPadding"', to: 'padding="cardPadding!"' });
    expectAt(first, file, 'padding="cardPadding!"');
    expect(said(first).message).toBe('"cardPadding!" is not a length');
  });

  it('an attribute written inside {{#if}} in a partial is located there', async () => {
    const { file, first } = await refused({ file: STAT_CARD, from: ' color="{{tone this}}"{{/if}}>{{figure this}}', to: ' colour="{{tone this}}"{{/if}}>{{figure this}}' });
    expectAt(first, file, 'colour=');
    expect(said(first).hint).toBe("did you mean 'color'?");
  });

  it('the layout after the partial is still located in the layout', async () => {
    const { file, first } = await refused({ file: STAT_CARDS, from: '<notes>{{notes}}</notes>', to: '<notes lnag="vi">{{notes}}</notes>' });
    expectAt(first, file, 'lnag=');
    expect(said(first)).toMatchObject({ message: '<notes> has no attribute "lnag"', hint: '<notes> takes no attributes' });
  });
});

describe('a partial that does not parse is located in the partial', () => {
  it('its syntax error names the partial, its line and column, not the layout that uses it', async () => {
    const { file, first, errors } = await refused({ file: STAT_CARD, from: '{{/if}}>{{figure this}}', to: '{{/iff}}>{{figure this}}' });
    expect(first).toMatchObject({ code: 'template-syntax', location: { file, line: positionOf(file, '{{/iff}}').line } });
    expect(said(first).message).toBe("Handlebars syntax error: if doesn't match iff");
    expect(errors).toHaveLength(1);
  });

  it('also when another partial uses it', async () => {
    const { dir, file } = templatesWithDefault(
      { file: STAT_CARD, from: '{{/if}}>{{figure this}}', to: '{{/iff}}>{{figure this}}' },
      { file: STAT_CARDS, from: '{{> stat-card}}', to: '{{> card-cell}}' },
    );
    writeFileSync(join(dir, 'default', 'partials', 'card-cell.hbs'), '{{> stat-card}}\n');
    const r = await buildDeck({ data: FIXTURE, templates: dir });
    expect(r.pptx).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'template-syntax', location: { file, line: positionOf(file, '{{/iff}}').line } });
  });
});

describe('a mistake written in a master is located in the master', () => {
  it('a misspelt attribute of <slideNumber>', async () => {
    const { file, first } = await refused({ file: 'masters/content.hbs', from: '<slideNumber region="slideNumber" style="slideNumber"/>', to: '<slideNumber region="slideNumber" stlye="slideNumber"/>' });
    expectAt(first, file, 'stlye=');
    expect(said(first).hint).toBe("did you mean 'style'?");
  });

  it('an attribute <master> does not take', async () => {
    const { file, first } = await refused({ file: 'masters/cover.hbs', from: '<master background="coverBackground">', to: '<master background="coverBackground" master="cover">' });
    expectAt(first, file, 'master="cover"');
    expect(said(first)).toMatchObject({ message: '<master> has no attribute "master"', hint: 'master belongs to <slide>; <master> takes background' });
  });
});
