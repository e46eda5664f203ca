/**
 * Decks everyone can navigate and read, checked in the package as PowerPoint
 * and screen readers read it: a title placeholder with text on every slide,
 * titles unique, the title first in the shape tree, alternative text on
 * every chart and picture (or PowerPoint's decorative mark), a header row on
 * every table, and each layout's own title placeholder. LibreOffice's PDF
 * export then bookmarks each page by its slide's title.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeck } from '../src/index.js';
import { buildOnce, CONFERENCE, ROOT } from './helpers/build.js';
import { has, requireLibreOffice, toPdf } from './helpers/libreoffice.js';
import { openDeck, type OpenedDeck } from './helpers/pptx.js';
import { templatesWith } from './helpers/templates.js';

const DECKS: [string, string, string][] = [
  ['the conference deck', CONFERENCE, 'default'],
  ['the conference deck, print theme', CONFERENCE, 'print'],
  ['the stress fixture', resolve(ROOT, 'tests', 'fixtures', 'stress.yaml'), 'default'],
  ["a province's review", resolve(ROOT, 'tests', 'fixtures', 'province-review.yaml'), 'default'],
  ['every layout, with pictures', resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml'), 'default'],
  ['the pictures fixture', resolve(ROOT, 'tests', 'fixtures', 'pictures', 'report.yaml'), 'default'],
];

const decode = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The top-level shapes of a part's shape tree, as XML, in order. */
function treeShapes(xml: string): string[] {
  const tree = /<p:spTree>([\s\S]*)<\/p:spTree>/.exec(xml)?.[1] ?? '';
  const shapes: string[] = [];
  const open = /<(p:sp|p:pic|p:graphicFrame|p:grpSp|p:cxnSp)>/g;
  for (let m = open.exec(tree); m; m = open.exec(tree)) {
    const end = tree.indexOf(`</${m[1]}>`, m.index);
    shapes.push(tree.slice(m.index, end + m[1]!.length + 3));
    open.lastIndex = end;
  }
  return shapes;
}

const isTitle = (shape: string): boolean => /<p:ph type="(?:title|ctrTitle)"\/>/.test(shape);
const textOf = (shape: string): string => decode([...shape.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''));
const isDecorative = (shape: string): boolean => /<adec:decorative [^>]*val="1"/.test(shape);
const descrOf = (shape: string): string | undefined => {
  const d = /<p:cNvPr [^>]*descr="([^"]*)"/.exec(shape)?.[1];
  return d === undefined ? undefined : decode(d);
};

/** Each slide's title, as its title placeholder says it. */
function slideTitles(deck: OpenedDeck): string[] {
  return Array.from({ length: deck.slideCount }, (_, i) => textOf(treeShapes(deck.slideXml(i + 1)).find(isTitle) ?? ''));
}

describe.each(DECKS)('%s', (_, data, theme) => {
  const deck = async () => openDeck((await buildOnce(data, theme)).pptx!);

  it('has one title placeholder with text on every slide, first in its shape tree, and no two titles the same', async () => {
    const d = await deck();
    expect(d.slideCount).toBeGreaterThan(3);
    for (let n = 1; n <= d.slideCount; n++) {
      const shapes = treeShapes(d.slideXml(n));
      expect(shapes.filter(isTitle), `slide ${n}`).toHaveLength(1);
      expect(isTitle(shapes[0]!), `slide ${n}: the title comes first`).toBe(true);
      expect(textOf(shapes[0]!).trim(), `slide ${n}`).not.toBe('');
    }
    const titles = slideTitles(d);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('gives every chart and picture alternative text, or the decorative mark', async () => {
    const d = await deck();
    const parts = [...d.parts.keys()].filter((p) => /^ppt\/(?:slides\/slide|slideLayouts\/slideLayout)\d+\.xml$/.test(p));
    for (const part of parts) {
      for (const shape of treeShapes(d.parts.get(part)!)) {
        const chart = shape.startsWith('<p:graphicFrame>') && shape.includes('/drawingml/2006/chart');
        const picture = shape.startsWith('<p:pic>');
        if (!chart && !picture) continue;
        if (isDecorative(shape)) continue;
        expect(descrOf(shape)?.trim(), `${part}: ${shape.slice(0, 120)}`).toBeTruthy();
      }
    }
  });

  it('marks the header row of every table, and every rectangle decorative', async () => {
    const d = await deck();
    for (let n = 1; n <= d.slideCount; n++) {
      for (const shape of treeShapes(d.slideXml(n))) {
        if (shape.includes('<a:tbl>')) expect(shape, `slide ${n}`).toMatch(/<a:tblPr [^>]*firstRow="1"/);
        const rectangle = shape.startsWith('<p:sp>') && /<a:prstGeom prst="(?:rect|roundRect)">/.test(shape) && !shape.includes('<p:txBody>');
        if (rectangle) expect(isDecorative(shape), `slide ${n}`).toBe(true);
      }
    }
  });

  it('lists the slide titles in docProps/app.xml, where pptxgenjs wrote "Slide 1"…', async () => {
    const d = await deck();
    const app = d.parts.get('docProps/app.xml')!;
    const listed = [...app.matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map((m) => decode(m[1]!)).slice(-d.slideCount);
    expect(listed).toEqual(slideTitles(d));
  });

  it("gives each layout its slides' kind of title placeholder", async () => {
    const d = await deck();
    const layouts = [...d.parts.keys()].filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p));
    for (let n = 1; n <= d.slideCount; n++) {
      const rels = d.parts.get(`ppt/slides/_rels/slide${n}.xml.rels`) ?? '';
      const layout = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)?.[1];
      expect(layouts).toContain(`ppt/slideLayouts/${layout}`);
      const type = /<p:ph type="(title|ctrTitle)"\/>/.exec(d.slideXml(n))?.[1];
      expect(d.parts.get(`ppt/slideLayouts/${layout}`), `slide ${n}`).toContain(`<p:ph type="${type}"/>`);
    }
  });
});

describe('the conference deck, read', () => {
  it('describes each chart from its data, in Vietnamese, with its figures as the slide shows them', async () => {
    const d = openDeck((await buildOnce(CONFERENCE)).pptx!);
    const descriptions = Array.from({ length: d.slideCount }, (_, i) => treeShapes(d.slideXml(i + 1)))
      .flat()
      .filter((s) => s.includes('/drawingml/2006/chart'))
      .map((s) => descrOf(s));
    expect(descriptions).toContain(
      'Biểu đồ cột: Doanh thu sản phẩm nội địa so với nhập khẩu (%). 2019: 37,2%; 6/2020: 50,8%',
    );
    expect(descriptions.every((t) => t && /^Biểu đồ (?:cột|thanh|đường|tròn): /.test(t))).toBe(true);
  });

  it('reads the cover with its title first, then the organiser above it, then what is below', async () => {
    const d = openDeck((await buildOnce(CONFERENCE)).pptx!);
    const texts = treeShapes(d.slideXml(1)).map(textOf).filter((t) => t !== '');
    expect(texts[0]).toMatch(/^Hội nghị sơ kết/);
    expect(texts[1]).toBe('Bộ Thông tin và Truyền thông');
  });

  it('numbers the titles a section repeats, as the slide shows them: "Viễn thông (2)"', async () => {
    const titles = slideTitles(openDeck((await buildOnce(CONFERENCE)).pptx!));
    expect(titles.filter((t) => t.startsWith('Viễn thông'))).toEqual(['Viễn thông', 'Viễn thông (tiếp theo)', 'Viễn thông (2)', 'Viễn thông (3)']);
  });
});

describe('a layout that shows no title', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const PICTURES = resolve(ROOT, 'tests', 'fixtures', 'pictures', 'report.yaml');
  const shown = '  <text region="title" style="title" placeholder="title">{{heading section.title}}</text>\n';

  /** The picture slide's title shape, built with picture.hbs's visible title taken out and its <slide> tag as given. */
  async function pictureSlideTitle(slideTag: string): Promise<{ shape: string; titles: string[] }> {
    const templates = templatesWith(
      [
        { file: 'default/layouts/picture.hbs', from: shown, to: '' },
        { file: 'default/layouts/picture.hbs', from: '<slide master="content">', to: slideTag },
      ],
      made,
    );
    const built = await buildDeck({ data: PICTURES, templates });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const deck = openDeck(built.pptx!);
    const n = Array.from({ length: deck.slideCount }, (_, i) => i + 1).find((i) => deck.slideXml(i).includes('<p:pic>') && deck.slideXml(i).includes('descr="Biểu đồ cột minh hoạ'))!;
    return { shape: treeShapes(deck.slideXml(n)).find(isTitle)!, titles: slideTitles(deck) };
  }

  it("gets a title placeholder above the slide, first in its tree, holding its section's title", async () => {
    const { shape, titles } = await pictureSlideTitle('<slide master="content">');
    const y = Number(/<a:off x="-?\d+" y="(-?\d+)"\/>/.exec(shape)?.[1]);
    const h = Number(/<a:ext cx="\d+" cy="(\d+)"\/>/.exec(shape)?.[1]);
    expect(y + h).toBeLessThanOrEqual(0);
    expect(titles).toContain(textOf(shape));
    expect(textOf(shape)).toMatch(/^Kết quả/);
  });

  it('holds the layout\'s own <slide title> when it gives one', async () => {
    const { shape } = await pictureSlideTitle('<slide master="content" title="Ảnh: {{section.title}}">');
    expect(textOf(shape)).toBe('Ảnh: Kết quả');
  });
});

const available = has('soffice') && has('pdftohtml');
const required = requireLibreOffice;

describe.skipIf(!available && !required)("LibreOffice's PDF export", () => {
  it.each(DECKS.slice(0, 4))('bookmarks every page of %s by its slide title', async (_, data, theme) => {
    expect(available, 'soffice and pdftohtml must be installed when REQUIRE_LIBREOFFICE=1').toBe(true);
    const bytes = (await buildOnce(data, theme)).pptx!;
    const xml = spawnSync('pdftohtml', ['-xml', '-stdout', '-i', '-q', toPdf(bytes)], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    const outline = /<outline>([\s\S]*?)<\/outline>/.exec(xml)?.[1] ?? '';
    const bookmarks = [...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => [Number(m[1]), decode(m[2]!).trim()] as const);
    const titles = slideTitles(openDeck(bytes)).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(bookmarks.map(([page]) => page)).toEqual(titles.map((_t, i) => i + 1));
    // LibreOffice names each page by its title, cut to 64 characters at a space, and numbers a name the cut
    // makes equal to an earlier one: "… quốc (2)". Titles are unique, so a name numbered otherwise is a duplicate.
    bookmarks.forEach(([page, bookmark]) => {
      const title = titles[page - 1]!;
      if (title.length <= 64) expect(bookmark, `page ${page}`).toBe(title);
      else {
        const cut = bookmark.replace(/ \(\d+\)$/, '');
        expect(title.startsWith(`${cut} `) && cut.length <= 64, `page ${page}: ${bookmark} / ${title}`).toBe(true);
      }
    });
  }, 180_000);
});
