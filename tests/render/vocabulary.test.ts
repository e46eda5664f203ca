/**
 * The markup vocabulary (src/render/vocabulary.ts) is the one place the
 * elements and attributes are declared: README.md's table is generated from
 * it, the shipped templates write nothing it does not declare, and the
 * builder handles every element it declares.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/catalogue.js';
import type { LoadedImage } from '../../src/load/images.js';
import { DrawError, drawMaster, drawSlide, checkMarkup, DRAWN, type DrawContext } from '../../src/render/shapes.js';
import { parseMarkup } from '../../src/render/markup.js';
import {
  ALIGNS,
  attributeOf,
  attributesOf,
  CHART_TYPES,
  declarationOf,
  ELEMENT_NAMES,
  ELEMENTS,
  KINDS,
  markupTable,
  parentsOf,
  PLACEMENT,
  VALIGNS,
} from '../../src/render/vocabulary.js';
import { loadTemplates } from '../../src/templates/load.js';
import { ROOT, TEMPLATES } from '../helpers/build.js';

const PICTURE: LoadedImage = { mime: 'image/png', bytes: new Uint8Array(), width: 40, height: 30 };
let ctx: DrawContext;

beforeAll(async () => {
  const templates = await loadTemplates(TEMPLATES, 'default', 'vi');
  expect(templates.diagnostics).toEqual([]);
  ctx = { theme: templates.value!.theme, images: new Map([['logo.png', PICTURE]]), formatValue: (v) => String(v), describeChart: (c, title) => `${c.type}: ${title}` };
});

/** What the builder throws for the markup, said in English; undefined when it builds. */
function problem(markup: string): { message: string; hint: string; attr?: string; line: number } | undefined {
  try {
    const root = parseMarkup(markup);
    if (root.name === 'master') drawMaster('content', root, ctx);
    else drawSlide(root, ctx, { layout: 'test', dataPath: '' });
    return undefined;
  } catch (e) {
    if (!(e instanceof DrawError)) throw e;
    return { message: say(e.text), hint: say(e.hint), ...(e.attr ? { attr: e.attr } : {}), line: e.element.line };
  }
}

describe('README.md', () => {
  it('holds exactly the table markupTable() generates', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8').split('\n');
    const start = readme.findIndex((l) => l.startsWith('| element | inside |'));
    expect(start, 'the markup table in README.md').toBeGreaterThan(0);
    let end = start;
    while (readme[end + 1]?.startsWith('|')) end++;
    expect(readme.slice(start, end + 1).join('\n')).toBe(markupTable());
  });

  it('has a row for every element', () => {
    const table = markupTable();
    for (const name of ELEMENT_NAMES) expect(table).toContain(`| \`<${name}>\` |`);
  });
});

/** Every .hbs file under templates/. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templateFiles(path);
    return name.endsWith('.hbs') ? [path] : [];
  });
}

/**
 * The tags a template writes, with their attributes' names: comments and
 * mustaches ({{…}}, whose values a tag may hold or wrap) taken out first.
 */
function tagsIn(source: string): { name: string; attrs: string[] }[] {
  const text = source
    .replace(/\{\{!--[\s\S]*?--\}\}/g, '')
    .replace(/\{\{![\s\S]*?\}\}/g, '')
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, '');
  return [...text.matchAll(/<([A-Za-z_][\w.:-]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!,
    attrs: [...(m[2] ?? '').matchAll(/([A-Za-z_:][\w.:-]*)\s*=/g)].map((a) => a[1]!),
  }));
}

describe('the shipped templates', () => {
  const files = templateFiles(TEMPLATES);

  it('are found (layouts, partials and masters)', () => {
    const folders = new Set(files.map((f) => relative(TEMPLATES, f).split(/[/\\]/).at(-2)));
    expect([...folders].sort()).toEqual(['layouts', 'masters', 'partials']);
  });

  it('write only declared elements, each with attributes it declares', () => {
    const undeclared: string[] = [];
    let tags = 0;
    for (const file of files) {
      for (const tag of tagsIn(readFileSync(file, 'utf8'))) {
        tags++;
        const declaration = declarationOf(tag.name);
        if (!declaration) {
          undeclared.push(`${relative(TEMPLATES, file)}: <${tag.name}>`);
          continue;
        }
        for (const attr of tag.attrs) {
          if (!attributeOf(declaration, attr)) undeclared.push(`${relative(TEMPLATES, file)}: <${tag.name} ${attr}>`);
        }
      }
    }
    expect(tags).toBeGreaterThan(50);
    expect(undeclared).toEqual([]);
  });

  it('finds what it looks for (a check of the scan itself)', () => {
    expect(tagsIn('{{!-- <nope> --}}<text region="a" {{#if x}} color="{{tone this}}"{{/if}}>{{> stat-card}}</text>')).toEqual([
      { name: 'text', attrs: ['region', 'color'] },
    ]);
  });
});

describe('the declaration', () => {
  it('names only declared elements as parents, and roots only at the root', () => {
    for (const name of ELEMENT_NAMES) {
      const declaration = ELEMENTS[name];
      for (const parent of parentsOf(declaration)) expect(declarationOf(parent), `${name} in <${parent}>`).toBeDefined();
      expect(declaration.in === 'root', name).toBe(declaration.role === 'root');
    }
  });

  it('declares placement once, shared by every placed element', () => {
    expect(Object.keys(PLACEMENT)).toEqual(['region', 'x', 'y', 'w', 'h', 'right', 'bottom']);
    for (const name of ELEMENT_NAMES) {
      const declaration = ELEMENTS[name];
      if (declaration.placed) expect(attributesOf(declaration), name).toMatchObject(PLACEMENT);
      else expect(Object.keys(attributesOf(declaration)).filter((a) => a in PLACEMENT), name).toEqual([]);
    }
  });

  it('holds the lists of words the builder reads (one place)', () => {
    expect(KINDS.align.values).toBe(ALIGNS);
    expect(KINDS.valign.values).toBe(VALIGNS);
    expect(KINDS.chartType.values).toBe(CHART_TYPES);
    expect(attributeOf(ELEMENTS.text, 'align')).toBe(KINDS.align);
    expect(attributeOf(ELEMENTS.grid, 'maxColumns')).toEqual({ kind: 'count', min: 1, max: 100 });
    expect(attributeOf(ELEMENTS.list, 'start')).toEqual({ kind: 'count', min: 1, max: 32767 });
  });

  it('finds names among its own keys only', () => {
    expect(declarationOf('constructor')).toBeUndefined();
    expect(declarationOf('toString')).toBeUndefined();
    expect(attributeOf(ELEMENTS.text, 'constructor')).toBeUndefined();
    expect(attributeOf(ELEMENTS.text, '__proto__')).toBeUndefined();
  });
});

describe('shapes.ts handles every declared element', () => {
  it('draws exactly the elements declared shapes', () => {
    const shapes = ELEMENT_NAMES.filter((name) => ELEMENTS[name].role === 'shape');
    expect([...DRAWN].sort()).toEqual([...shapes].sort());
  });

  it('reads every child-only element in the element it stands in, and knows no element the vocabulary does not', () => {
    const source = readFileSync(resolve(ROOT, 'src', 'render', 'shapes.ts'), 'utf8');
    const read = new Set([...source.matchAll(/\.name [!=]== '(\w+)'/g)].map((m) => m[1]!));
    const children = ELEMENT_NAMES.filter((name) => ELEMENTS[name].role === 'child');
    expect(children.filter((name) => !read.has(name))).toEqual([]);
    expect([...read].filter((name) => !declarationOf(name))).toEqual([]);
  });

  it('builds a slide and a master that use every element and attribute', () => {
    const slide = `<slide master="content" title="Nav">
      <text region="title" style="title" align="left" valign="top" color="primary" sizeGroup="a" placeholder="title">A <span style="statPart">b</span><br/>c</text>
      <list x="0.5" y="1" w="40%" h="2" style="body" numbered="true" start="3" align="center" valign="middle" color="ffffff" sizeGroup="b"><item>x <span style="statPart">y</span><br/>z</item></list>
      <box right="1" bottom="1" style="card"/>
      <row region="body" gap="gutter" maxCellWidth="2" maxCellHeight="50%" align="right" valign="bottom"><group padding="0.1"><box style="card"/></group></row>
      <column region="body" gap="0" maxCellWidth="50%" maxCellHeight="1" align="left" valign="top"><text>a</text><text>b</text></column>
      <grid region="body" maxColumns="2" gap="5%" maxCellWidth="cardMaxWidth" maxCellHeight="cardMaxHeight" align="center" valign="middle"><box style="card"/><box style="card"/><box style="card"/></grid>
      <chart region="chart" type="bar" title="T" unit="%" highlight="A" alt="Bars"><category>A</category><category>B</category><series name="S"><value>1</value><value>2</value></series></chart>
      <image region="picture" src="logo.png" align="left" valign="top" alt="Logo" decorative="false"/>
      <table region="body" style="table"><tr header="true"><td>H<br/>x</td></tr><tr header="false"><td>1</td></tr></table>
      <notes>N<br/>O</notes>
    </slide>`;
    expect(problem(slide)).toBeUndefined();
    const master = '<master background="background"><text region="footer" style="footer">F</text><slideNumber region="slideNumber" style="slideNumber" align="right" valign="bottom" color="primary"/></master>';
    expect(problem(master)).toBeUndefined();
    // Every element and attribute declared is in the two (so each is known to build).
    const used = tagsIn(slide + master);
    for (const name of ELEMENT_NAMES) {
      const declared = Object.keys(attributesOf(ELEMENTS[name])).filter((a) => !(a in PLACEMENT));
      const written = new Set(used.filter((t) => t.name === name).flatMap((t) => t.attrs));
      expect(used.some((t) => t.name === name), `<${name}> is used`).toBe(true);
      expect(declared.filter((a) => !written.has(a)), `<${name}>'s attributes are used`).toEqual([]);
    }
  });
});

describe('checkMarkup', () => {
  it('is run by drawSlide and drawMaster before anything is built', () => {
    // The box off the slide comes first, the unknown attribute after: the check finds the attribute.
    expect(problem('<slide><box x="13" w="2" style="card"/><text regoin="x"/></slide>')).toMatchObject({ message: '<text> has no attribute "regoin"', attr: 'regoin', line: 1 });
    expect(problem('<master><slideNumber stlye="x"/></master>')).toMatchObject({ message: '<slideNumber> has no attribute "stlye"', hint: "did you mean 'style'?" });
  });

  it('says what an element holds when an unknown one has no near name', () => {
    expect(problem('<slide><list><zzzz/></list></slide>')).toMatchObject({ message: 'unknown element <zzzz>', hint: 'inside <list> use <item>' });
    expect(problem('<slide><chart type="bar"><series><zzzz/></series></chart></slide>')).toMatchObject({ hint: 'inside <series> use <value>' });
    expect(problem('<slide><chart type="bar"><category><zzzz/></category></chart></slide>')).toMatchObject({ hint: '<category> holds no elements, only text' });
  });

  it('lists the attributes an element takes when a wrong one is near none of them', () => {
    expect(problem('<slide><box style="card" zzzzzz="1"/></slide>')).toMatchObject({
      message: '<box> has no attribute "zzzzzz"',
      hint: '<box> takes region, x, y, w, h, right, bottom, style',
      attr: 'zzzzzz',
    });
    expect(problem('<slide><list><item zzzzzz="1">a</item></list></slide>')).toMatchObject({ hint: '<item> takes no attributes' });
  });

  it('checks each kind', () => {
    const cases: [string, RegExp][] = [
      ['<slide master="nope"/>', /^unknown master "nope"$/],
      ['<slide><text region="nope"/></slide>', /^unknown region "nope"$/],
      ['<slide><text x="1in"/></slide>', /^"1in" is not a length$/],
      ['<slide><text x="101%"/></slide>', /^x="101%" is out of range/],
      ['<slide><text color="nope"/></slide>', /^unknown colour "nope"$/],
      ['<slide><text style="nope"/></slide>', /^unknown text style "nope"$/],
      ['<slide><box style="nope"/></slide>', /^unknown shape style "nope"$/],
      ['<slide><table style="nope"/></slide>', /^unknown table style "nope"$/],
      ['<slide><grid maxColumns="0"/></slide>', /^maxColumns="0" is not a whole number from 1 to 100$/],
      ['<slide><list start="40000"/></slide>', /^start="40000" is not a whole number from 1 to 32,767$/],
      ['<slide><image valign="center"/></slide>', /^valign="center" is not allowed here$/],
      ['<slide><chart type="pie"/></slide>', /^type="pie" is not allowed here$/],
      ['<slide><list numbered="yes"/></slide>', /^numbered="yes" is not allowed here$/],
      ['<slide><table><tr header="1"/></table></slide>', /^header="1" is not allowed here$/],
      ['<slide><image src="other.png"/></slide>', /^<image src="other.png"> names no picture of the data$/],
      ['<slide><text><span style="nope">a</span></text></slide>', /^unknown text style "nope"$/],
      ['<master background="nope"/>', /^unknown colour "nope"$/],
    ];
    for (const [markup, message] of cases) expect(problem(markup)?.message, markup).toMatch(message);
  });

  it('accepts free text of any kind', () => {
    expect(problem('<slide><text sizeGroup="&lt;any&gt; text">a</text><chart region="chart" type="line" title="" unit="tỷ đồng" highlight=""><category>A</category><series name=""><value>1</value></series></chart></slide>')).toBeUndefined();
  });

  it('is exported for callers that check without building', () => {
    expect(() => checkMarkup(parseMarkup('<slide><text regoin="x"/></slide>'), ctx)).toThrow(DrawError);
  });
});
