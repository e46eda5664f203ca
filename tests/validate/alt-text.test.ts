/**
 * Pictures and screen readers: a section picture says what it shows (`alt`)
 * or is marked decorative; with neither, the report still loads, with a
 * located `picture-no-alt` warning; with both, it is an error at `alt`. The
 * logo needs neither (the templates mark it decorative).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLocation } from '../../src/diagnostics.js';
import { loadReport } from '../../src/index.js';
import { formatDataPath } from '../../src/model/data-path.js';
import { pictureAltWarnings } from '../../src/validate/alt-text.js';
import { said } from '../helpers/said.js';

const dir = mkdtempSync(join(tmpdir(), 'briefdeck-alt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A small valid report whose first section shows `picture` (YAML lines, indented under the section). */
function reportWith(picture: string, { logo = false } = {}): string {
  return [
    'locale: vi',
    'meeting:',
    '  title: Hội nghị sơ kết',
    '  organiser: Sở Thông tin và Truyền thông',
    '  place: Huế',
    '  date: 2020-07-06',
    ...(logo ? ['  logo: logo.png'] : []),
    '  notes: Ghi chú mở đầu',
    'sections:',
    '  - title: Bưu chính',
    '    notes: Ghi chú bưu chính',
    '    points: [Một ý]',
    picture,
    '  - title: Viễn thông',
    '    notes: Ghi chú viễn thông',
    '    points: [Hai ý]',
    'closing:',
    '  message: Cảm ơn',
    '  notes: Hết',
    '',
  ].join('\n');
}

/** The report written to a temp file and loaded as `validate` and `build` load it. */
async function load(text: string) {
  const file = join(dir, `r${n++}.yaml`);
  writeFileSync(file, text);
  /** 1-based line and column where `needle` is written. */
  const at = (needle: string): { line: number; col: number } => {
    const before = text.slice(0, text.indexOf(needle)).split('\n');
    return { line: before.length, col: before.at(-1)!.length + 1 };
  };
  return { file, at, ...(await loadReport(file)) };
}

describe('a section picture with neither alt nor decorative: true', () => {
  it('loads, with one warning located at the picture block', async () => {
    const r = await load(reportWith('    picture:\n      path: ban-do.png\n      caption: Bản đồ phủ sóng'));
    expect(r.report).toBeDefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'picture-no-alt', severity: 'warning' });
    expect(formatDataPath(d.dataPath!)).toBe('sections[0].picture');
    const { line, col } = r.at('path: ban-do.png');
    expect(d.location).toEqual({ file: r.file, line, col });
    expect(formatLocation(d.location)).toBe(`${r.file}:${line}:${col}`);
  });

  it('is located at the { of a picture written on one line', async () => {
    const r = await load(reportWith('    picture: { path: ban-do.png }'));
    const { line, col } = r.at('{ path: ban-do.png }');
    expect(r.diagnostics.map((d) => [d.code, d.location])).toEqual([['picture-no-alt', { file: r.file, line, col }]]);
  });

  it('says what is missing and how to fix it, in English and Vietnamese', async () => {
    const [d] = (await load(reportWith('    picture: { path: ban-do.png }'))).diagnostics;
    expect(said(d!, 'en')).toMatchObject({
      message: 'the picture "ban-do.png" has no alternative text: screen readers cannot say what it shows, and PowerPoint\'s Accessibility Checker reports it',
      hint: 'add `alt: …` saying what the picture shows, or `decorative: true` if it only decorates',
    });
    expect(said(d!, 'vi')).toMatchObject({
      message: 'ảnh "ban-do.png" không có văn bản thay thế: trình đọc màn hình không nói được ảnh thể hiện gì, và Trình kiểm tra trợ năng của PowerPoint sẽ báo lỗi',
      hint: 'hãy thêm `alt: …` nói ảnh thể hiện gì, hoặc `decorative: true` nếu ảnh chỉ để trang trí',
    });
  });

  it('one warning per such picture, each at its own section', () => {
    const picture = { path: 'a.png', caption: null, alt: null, decorative: false };
    const sections = [
      { picture },
      { picture: null },
      { picture: { ...picture, alt: 'Bản đồ' } },
      { picture: { ...picture, decorative: true } },
      { picture },
    ];
    const warnings = pictureAltWarnings({ sections } as unknown as Parameters<typeof pictureAltWarnings>[0]);
    expect(warnings.map((d) => formatDataPath(d.dataPath!))).toEqual(['sections[0].picture', 'sections[4].picture']);
  });
});

describe('no warning', () => {
  it.each([
    ['with alt', '    picture:\n      path: ban-do.png\n      alt: Bản đồ phủ sóng 4G của tỉnh, 98% diện tích đã có sóng'],
    ['with decorative: true', '    picture:\n      path: hoa-van.png\n      decorative: true'],
    ['for a section without a picture', '    lead: Không có ảnh'],
  ])('%s', async (_, picture) => {
    const r = await load(reportWith(picture));
    expect(r.report).toBeDefined();
    expect(r.diagnostics).toEqual([]);
  });

  it('for the logo, which the templates mark decorative', async () => {
    const r = await load(reportWith('    lead: Không có ảnh', { logo: true }));
    expect(r.report?.meeting.logo).toBe('logo.png');
    expect(r.diagnostics).toEqual([]);
  });

  it('decorative is false unless given', async () => {
    const r = await load(reportWith('    picture:\n      path: ban-do.png\n      alt: Bản đồ'));
    expect(r.report?.sections[0]?.picture).toMatchObject({ alt: 'Bản đồ', decorative: false });
  });
});

describe('alt on a picture marked decorative', () => {
  it('is an invalid-value error at alt, in English and Vietnamese', async () => {
    const r = await load(reportWith('    picture:\n      path: hoa-van.png\n      alt: Hoa văn trống đồng\n      decorative: true'));
    expect(r.report).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'invalid-value', severity: 'error' });
    expect(formatDataPath(d.dataPath!)).toBe('sections[0].picture.alt');
    expect(d.location).toEqual({ file: r.file, ...r.at('Hoa văn trống đồng') });
    expect(said(d, 'en')).toMatchObject({
      message: 'a decorative picture has no alternative text: screen readers skip it, so `alt` would never be read',
      hint: 'remove `alt` if the picture only decorates, or `decorative: true` if it shows something',
    });
    expect(said(d, 'vi')).toMatchObject({
      message: 'ảnh trang trí không có văn bản thay thế: trình đọc màn hình bỏ qua ảnh này, nên `alt` sẽ không bao giờ được đọc',
      hint: 'hãy bỏ `alt` nếu ảnh chỉ để trang trí, hoặc bỏ `decorative: true` nếu ảnh thể hiện nội dung',
    });
  });

  it('is no error with decorative: false', async () => {
    const r = await load(reportWith('    picture:\n      path: ban-do.png\n      alt: Bản đồ\n      decorative: false'));
    expect(r.report).toBeDefined();
    expect(r.diagnostics).toEqual([]);
  });
});

describe('a chart', () => {
  it('takes an optional alt, null unless given', async () => {
    const chart = (alt: string): string =>
      `    charts:\n      - type: column\n        title: Doanh thu\n        categories: ["2019", "2020"]\n        series: [{ name: Doanh thu, values: [10, 12] }]${alt}`;
    const without = await load(reportWith(chart('')));
    expect(without.diagnostics).toEqual([]);
    expect(without.report?.sections[0]?.charts[0]?.alt).toBeNull();
    const given = await load(reportWith(chart('\n        alt: Doanh thu tăng từ 10 lên 12 tỷ đồng')));
    expect(given.diagnostics).toEqual([]);
    expect(given.report?.sections[0]?.charts[0]?.alt).toBe('Doanh thu tăng từ 10 lên 12 tỷ đồng');
  });
});
