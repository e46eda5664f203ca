/**
 * The conference deck end to end: built from data/, opened as a zip, and
 * checked against the data and the seed's figures in Vietnamese notation.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportSchema, type Report } from '../src/validate/schema.js';
import { buildOnce, CONFERENCE } from './helpers/build.js';
import { chartSeriesValues, openDeck, type OpenedDeck } from './helpers/pptx.js';

let deck: OpenedDeck;
let data: Report;
let allText: string;

beforeAll(async () => {
  const built = await buildOnce(CONFERENCE);
  expect(built.diagnostics).toEqual([]);
  expect(built.pptx).toBeDefined();
  deck = openDeck(built.pptx!);
  data = reportSchema.parse(parse(readFileSync(CONFERENCE, 'utf8')));
  allText = Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
});

const titleOf = (n: number): string => deck.slideParagraphs(n)[0] ?? '';

describe('the conference deck', () => {
  it('has at least 20 slides, opening with the meeting and closing with its message', () => {
    expect(deck.slideCount).toBeGreaterThanOrEqual(20);
    expect(deck.slideText(1)).toContain(data.meeting.title);
    expect(deck.slideText(1)).toContain('06/7/2020');
    expect(titleOf(2)).toBe('Nội dung');
    expect(deck.slideText(deck.slideCount)).toContain(data.closing.message);
  });

  it('follows the report: section titles appear in the order of the data', () => {
    const positions = data.sections.map((s) => {
      // A content slide has the title first; a divider has a kicker, then the title.
      const slide = Array.from({ length: deck.slideCount }, (_, i) => i + 1).find((n) => deck.slideParagraphs(n).slice(0, 2).includes(s.title));
      expect(slide, `a slide titled "${s.title}"`).toBeDefined();
      return slide!;
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('shows every figure of the seed in Vietnamese notation', () => {
    const figures = [
      'trên 377 triệu', 'tăng trên 40%', 'hơn 15 tỷ', 'hơn 2 tỷ', '2,6 triệu', 'hơn 152 tỷ đồng', 'tăng 50%',
      'gấp đôi', 'hơn 30.000', 'gần 1.000', 'trên 20', 'dưới 2 m', '100%', 'giảm 26%', 'giảm 27,1%',
      'tăng 67,8%', '37,2% → 50,8%', 'gần 600.000', '700–1.000', '20–30 triệu', '672', '9.637', 'hơn 10 triệu',
    ];
    const missing = figures.filter((f) => !allText.includes(f));
    expect(missing).toEqual([]);
    expect(allText).toMatch(/\b11\b/);
    expect(allText).toMatch(/\b12\b/);
  });

  it('carries the 2045 vision on the closing slide, not only in the notes', () => {
    const closing = deck.slideText(deck.slideCount);
    expect(closing).toContain(data.closing.message);
    expect(closing).toContain('trở thành nước phát triển vào năm 2045');
  });

  it('colours each change by meaning: attacks down and revenue up are good news, never alarm red', () => {
    const colourOf = (text: string): string[] =>
      Array.from({ length: deck.slideCount }, (_, i) => deck.slideXml(i + 1)).flatMap((xml) =>
        [...xml.matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)]
          .map((m) => m[1]!)
          .filter((run) => run.includes(`<a:t>${text}`))
          .map((run) => /<a:srgbClr val="([0-9A-F]{6})"/.exec(run)?.[1] ?? ''),
      );
    const better = '1E6B34';
    expect(colourOf('giảm 26%')).toEqual([better]);
    expect(colourOf('giảm 27,1%')).toEqual([better]);
    expect(colourOf('tăng 67,8%')).toEqual([better]);
    expect(colourOf('tăng trên 40% so với cùng kỳ năm 2019')).toEqual([better]);
    // No change anywhere is drawn in the theme's accent red.
    const changes = [...allText.matchAll(/(tăng|giảm)[^\n]*/g)].map((m) => m[0]);
    const colours = changes.flatMap(colourOf);
    expect(colours.length).toBeGreaterThan(5);
    expect(colours.filter((c) => c === 'C62828')).toEqual([]);
  });

  it('lists all six orientations, eight tasks and five lessons', () => {
    const lists = data.sections.filter((s) => s.items.length > 0);
    expect(lists.map((s) => s.items.length)).toEqual([6, 8, 5]);
    for (const item of lists.flatMap((s) => s.items)) {
      const text = typeof item === 'string' ? item : `${item.title ?? ''}`;
      expect(allText).toContain(text);
    }
  });

  it('numbers continuation slides on from where the list stopped', () => {
    const tasks = data.sections.find((s) => s.items.length === 8)!;
    const slides = Array.from({ length: deck.slideCount }, (_, i) => i + 1).filter((n) => titleOf(n).startsWith(tasks.title));
    expect(slides.length).toBe(2);
    expect(titleOf(slides[1]!)).toBe(`${tasks.title} (tiếp theo)`);
    const starts = (n: number): string[] => [...deck.slideXml(n).matchAll(/<a:buAutoNum type="arabicPeriod" startAt="(\d+)"\/>/g)].map((m) => m[1]!);
    expect(starts(slides[0]!)).toEqual(['1', '1', '1', '1']);
    expect(starts(slides[1]!)).toEqual(['5', '5', '5', '5']);
    expect(deck.notesText(slides[1]!)).toBe(deck.notesText(slides[0]!));
  });

  it('has native charts with the data values: attacks, domestic share, radio network', () => {
    const charts = [...deck.parts.keys()].filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
    expect(charts.length).toBeGreaterThanOrEqual(3);
    const values = charts.map((c) => chartSeriesValues(deck.parts.get(c)!));
    expect(values).toContainEqual([[-26, -27.1]]);
    expect(values).toContainEqual([[37.2, 50.8]]);
    expect(values).toContainEqual([[672, 9637]]);
    // Each chart hangs off a slide, not a picture.
    const withCharts = Array.from({ length: deck.slideCount }, (_, i) => i + 1).filter((n) => deck.chartsOfSlide(n).length > 0);
    expect(withCharts.length).toBe(charts.length);
    expect(deck.names.some((n) => /\.(png|jpe?g|emf)$/.test(n) && n.includes('chart'))).toBe(false);
  });

  it('labels chart points the Vietnamese way, whatever the viewer\'s locale, keeping the values numeric', () => {
    const charts = [...deck.parts.keys()].filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).map((n) => deck.parts.get(n)!);
    const labels = charts.map((xml) => [...xml.matchAll(/<c:dLbl>[\s\S]*?<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]));
    expect(labels).toContainEqual(['-26%', '-27,1%']);
    expect(labels).toContainEqual(['37,2%', '50,8%']);
    expect(labels).toContainEqual(['672', '9.637']);
    expect(charts.map(chartSeriesValues)).toContainEqual([[37.2, 50.8]]);
  });

  it('gives every slide speaker notes, taken from the data', () => {
    for (let n = 1; n <= deck.slideCount; n++) expect(deck.notesText(n).trim(), `notes of slide ${n}`).not.toBe('');
    expect(deck.notesText(1)).toBe(data.meeting.notes.trim());
    const overview = data.sections[0]!;
    const slide = Array.from({ length: deck.slideCount }, (_, i) => i + 1).find((n) => titleOf(n) === overview.title);
    expect(deck.notesText(slide!)).toBe(overview.notes.trim());
  });

  it('marks text runs, on slides and in notes, as Vietnamese', () => {
    const notes = [...deck.parts.keys()].filter((n) => n.startsWith('ppt/notesSlides/notesSlide'));
    for (const part of [deck.slideXml(3), deck.slideXml(4), deck.parts.get(notes[0]!)!]) {
      const langs = [...part.matchAll(/<a:rPr[^>]* lang="([^"]+)"/g)].map((m) => m[1]);
      expect(langs.length).toBeGreaterThan(0);
      expect(new Set(langs)).toEqual(new Set(['vi-VN']));
    }
  });

  it('gives every shape on a slide its own id (PowerPoint repairs duplicates)', () => {
    for (let n = 1; n <= deck.slideCount; n++) {
      const ids = [...deck.slideXml(n).matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, `slide ${n}`).toBe(ids.length);
    }
  });
});
