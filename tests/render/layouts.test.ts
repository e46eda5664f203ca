/** Every layout of the default theme, driven by a fixture with hostile text. */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, ROOT } from '../helpers/build.js';
import { chartSeriesValues, openDeck, type OpenedDeck } from '../helpers/pptx.js';

const FIXTURE = resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml');
let deck: OpenedDeck;

beforeAll(async () => {
  const built = await buildOnce(FIXTURE);
  expect(built.diagnostics).toEqual([]);
  deck = openDeck(built.pptx!);
});

const slides = (): number[] => Array.from({ length: deck.slideCount }, (_, i) => i + 1);

describe('layouts', () => {
  it('draws title, agenda, divider, comparison, cards, two charts, bullets, numbered, quote and closing', () => {
    expect(deck.slideCount).toBe(11);
    expect(slides().map((n) => deck.slideParagraphs(n)[0])).toEqual([
      // The title first on every slide (reading order), and no two slides titled alike.
      'Hội nghị <thử> & "kiểm tra"',
      'Nội dung',
      'Bưu chính <&> "test" ]]>',
      'Bưu chính <&> "test" ]]> (2)',
      'Bưu chính <&> "test" ]]> (3)',
      'Tấn công',
      'Đường',
      'Bưu chính <&> "test" ]]> (4)',
      'Bưu chính <&> "test" ]]> (5)',
      'Bưu chính <&> "test" ]]> (6)',
      'Cảm ơn',
    ]);
  });

  it('keeps <, &, quotes and ]]> from the data exactly as typed, and never runs data as a template', () => {
    expect(deck.slideText(1)).toContain('Hội nghị <thử> & "kiểm tra"');
    expect(deck.slideXml(1)).toContain('Hội nghị &lt;thử&gt; &amp; &quot;kiểm tra&quot;');
    expect(deck.slideParagraphs(8)).toContain('{{constructor}}');
  });

  it('writes statistics as figures with their changes', () => {
    const cards = deck.slideParagraphs(5);
    expect(cards).toEqual(
      expect.arrayContaining(['trên 377 triệu', 'Gói, kiện', 'tăng trên 40% so với cùng kỳ năm 2019', 'giảm 26%', 'so với 6 tháng cuối năm 2019', '37,2% → 50,8%']),
    );
  });

  it('makes native line and bar charts from the series', () => {
    const [bar] = deck.chartsOfSlide(6);
    const [line] = deck.chartsOfSlide(7);
    expect(bar).toContain('<c:barChart>');
    expect(bar).toContain('<c:barDir val="bar"/>');
    expect(chartSeriesValues(bar!)).toEqual([[-26, -27.1]]);
    expect(line).toContain('<c:lineChart>');
    expect(chartSeriesValues(line!)).toEqual([
      [1, 2, 3],
      [3, 2, 1],
    ]);
    expect(bar).toContain('formatCode="General&quot;%&quot;"');
  });

  it('uses the chart notes on the chart slide, the section notes elsewhere', () => {
    expect(deck.notesText(6)).toBe('Ghi chú biểu đồ');
    expect(deck.notesText(7)).toBe('Ghi chú bưu chính');
    expect(deck.notesText(5)).toBe('Ghi chú bưu chính');
  });

  it('numbers list items and puts an item title in bold above its text', () => {
    const xml = deck.slideXml(9);
    expect(xml.match(/<a:buAutoNum type="arabicPeriod" startAt="1"\/>/g)).toHaveLength(2);
    // The last paragraph is the slide number field the master places on each slide.
    expect(deck.slideParagraphs(9)).toEqual(['Bưu chính <&> "test" ]]> (5)', 'a', 'T\nx', '9']);
  });
});

describe('the en locale', () => {
  it('builds the same layouts with English numbers and words', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'briefdeck-en-')), 'report.yaml');
    writeFileSync(file, `locale: en\n${readFileSync(FIXTURE, 'utf8')}`);
    const built = await buildOnce(file);
    expect(built.diagnostics).toEqual([]);
    const en = openDeck(built.pptx!);
    expect(en.slideParagraphs(2)[0]).toBe('Agenda');
    expect(en.slideParagraphs(5)).toEqual(expect.arrayContaining(['over 377 million', 'down 26%', '37.2% → 50.8%']));
    expect(en.slideText(1)).toContain('15 January 2021');
    expect(en.slideXml(5)).toContain('lang="en-GB"');
  });
});

describe('the print theme', () => {
  it('builds the same slides from the same layouts, with light covers', async () => {
    const { buildDeck } = await import('../../src/index.js');
    const { CONFERENCE, TEMPLATES } = await import('../helpers/build.js');
    const [screen, paper] = await Promise.all([
      buildOnce(CONFERENCE),
      buildDeck({ data: CONFERENCE, templates: TEMPLATES, theme: 'print' }),
    ]);
    expect(paper.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const a = openDeck(screen.pptx!);
    const b = openDeck(paper.pptx!);
    expect(b.slideCount).toBe(a.slideCount);
    const titles = (d: typeof a): string[] => Array.from({ length: d.slideCount }, (_, i) => d.slideText(i + 1));
    expect(titles(b)).toEqual(titles(a));
    // The title slide's master: dark blue on screen, white on paper.
    const masterBackground = (d: typeof a): string[] =>
      [...d.parts.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => /<p:bg>[\s\S]*?srgbClr val="([0-9A-F]{6})"/.exec(d.parts.get(n)!)?.[1] ?? '');
    expect(masterBackground(a)).toContain('0B3D6E');
    expect(masterBackground(b)).not.toContain('0B3D6E');
  });
});
