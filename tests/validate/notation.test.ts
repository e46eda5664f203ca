/**
 * No figure is silently misread: a number that looks like Vietnamese
 * thousands notation (1.245, 214.380, 2.300) in a `vi` report is a located
 * error in both languages; real decimals pass; figures are bounded, so no
 * float noise reaches a slide; {figures} inside text follow the same rules.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadReport } from '../../src/index.js';
import { BASE } from '../fixtures/bad/cases.js';
import { formatDataPath } from '../../src/model/data-path.js';
import { said } from '../helpers/said.js';

const base = readFileSync(BASE, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'briefdeck-notation-'));
let n = 0;

/** The base report with one piece replaced, loaded as `validate` loads it. */
async function load(from: string, to: string, { locale = 'vi' } = {}) {
  expect(base.split(from).length, `"${from}" once in the base report`).toBe(2);
  const file = join(dir, `r${n++}.yaml`);
  const text = base.replace(from, to).replace('locale: vi', `locale: ${locale}`);
  writeFileSync(file, text);
  const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;
  const result = await loadReport(file);
  return { ...result, file, lineOf, errors: result.diagnostics.filter((d) => d.severity === 'error') };
}

describe('thousands written with a dot in a vi report', () => {
  it.each([
    ['a statistic value', 'value: 377000000', 'value: 1.245', '1.245', 'sections[0].stats[0].value', '1245', '1,245'],
    ['a count of subscribers', 'value: 377000000', 'value: 214.380', '214.380', 'sections[0].stats[0].value', '214380', '214,38'],
    ['a range bound', 'range: [700, 1000]', 'range: [700, 2.300]', '2.300', 'sections[0].stats[1].range[1]', '2300', '2,3'],
    ['a before value', 'before: { value: 37.2', 'before: { value: 1.500', '1.500', 'sections[0].stats[2].before.value', '1500', '1,5'],
    ['a chart value', 'values: [10, 12]', 'values: [198.250, 12]', '198.250', 'sections[0].charts[0].series[0].values[0]', '198250', '198,25'],
  ])('%s: %s', async (_, from, to, written, dataPath, plain, read) => {
    const r = await load(from, to);
    expect(r.report).toBeUndefined();
    const d = r.errors.find((e) => e.code === 'thousands-separator');
    expect(d, JSON.stringify(r.diagnostics.map((x) => said(x)))).toBeDefined();
    expect(formatDataPath(d!.dataPath!)).toBe(dataPath);
    expect(d!.location?.line).toBe(r.lineOf(to));
    expect(d!.location?.col).toBe(to.indexOf(written) + 1 + (base.split('\n').find((l) => l.includes(from))!.indexOf(from)));
    const en = said(d!, 'en');
    expect(en.message).toBe(`in a "vi" report, ${written} is read as the decimal number ${read}, not as ${plain}`);
    expect(en.hint).toContain(`(${plain})`);
    const vi = said(d!, 'vi');
    expect(vi.message).toBe(`trong báo cáo "vi", ${written} được đọc là số thập phân ${read}, không phải ${plain}`);
    expect(vi.hint).toContain(`(${plain})`);
  });

  it('in every chart value, each one located', async () => {
    const r = await load('values: [10, 12]', 'values: [198.250, 203.900]');
    expect(r.errors.map((e) => [e.code, formatDataPath(e.dataPath!)])).toEqual([
      ['thousands-separator', 'sections[0].charts[0].series[0].values[0]'],
      ['thousands-separator', 'sections[0].charts[0].series[0].values[1]'],
    ]);
  });

  it('in a table cell', async () => {
    const r = await load('    points:\n', '    table:\n      columns: [Huyện, Số xã]\n      rows: [[Cao Lãnh, 1.017]]\n    points:\n');
    expect(r.errors.map((e) => [e.code, formatDataPath(e.dataPath!)])).toEqual([['thousands-separator', 'sections[0].table.rows[0][1]']]);
  });

  it('inside a text figure, {2.300}', async () => {
    const r = await load('      - Một\n', '      - Khoảng {2.300} tin mỗi tháng\n');
    expect(r.errors.map((e) => [e.code, formatDataPath(e.dataPath!)])).toEqual([['thousands-separator', 'sections[0].points[0]']]);
  });

  it('gives no false alarm on real decimals: 98,6%; 23,4%; 412,5 tỷ; 0,125 is rounded, never misread', async () => {
    for (const value of ['98.6', '23.4', '412.5', '27.10', '0.5', '1000', '1245', '10.25']) {
      const r = await load('value: 377000000', `value: ${value}`);
      expect(r.errors, value).toEqual([]);
    }
  });

  it('is no error in an en report, where 1.245 is the decimal it looks like', async () => {
    const r = await load('value: 377000000', 'value: 1.245', { locale: 'en' });
    expect(r.errors).toEqual([]);
    expect(r.report?.sections[0]?.stats[0]?.value).toBe(1.245);
  });

  it('flags every 1–3 digits, a dot and three digits, and nothing with other decimals (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 2 }), async (int, frac, short) => {
        const grouped = `${int}.${String(frac).padStart(3, '0')}`;
        const decimal = `${int}.${String(frac % 10 ** short).padStart(short, '0')}`;
        expect((await load('value: 377000000', `value: ${grouped}`)).errors.map((e) => e.code)).toEqual(['thousands-separator']);
        expect((await load('value: 377000000', `value: ${decimal}`)).errors).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe('figures are bounded', () => {
  it.each([
    ['value: 1e308', 'value: 377000000', 'sections[0].stats[0].value'],
    ['values: [10, 1e20]', 'values: [10, 12]', 'sections[0].charts[0].series[0].values[1]'],
  ])('%s is a located error', async (to, from, dataPath) => {
    const r = await load(from, to);
    const d = r.errors[0]!;
    expect([d.code, formatDataPath(d.dataPath!)]).toEqual(['figure-too-large', dataPath]);
    expect(said(d, 'en').message).toContain('larger than 10^15');
    expect(said(d, 'vi').message).toContain('lớn hơn 10^15');
  });

  it('up to 10^15 prints exactly, without float noise', async () => {
    const r = await load('value: 377000000', 'value: 999999999999999');
    expect(r.errors).toEqual([]);
  });

  it('inside text: {5000000000000000} is too large', async () => {
    const r = await load('      - Một\n', '      - Tổng {5000000000000000} đồng\n');
    expect(r.errors.map((e) => e.code)).toEqual(['figure-too-large']);
  });
});

describe('figures inside text', () => {
  it('are written in the deck notation: vi', async () => {
    const r = await load('      - Một\n', '      - Tập huấn cho {5000} cán bộ, vốn {377000000} đồng, đạt {27.1%}; {tên} giữ nguyên\n');
    expect(r.errors).toEqual([]);
    expect(r.report?.sections[0]?.points[0]).toBe('Tập huấn cho 5.000 cán bộ, vốn 377 triệu đồng, đạt 27,1%; {tên} giữ nguyên');
  });

  it('are written in the deck notation: en', async () => {
    const r = await load('      - Một\n', '      - Trained {5000} staff, {377000000} đồng, {27.1%}\n', { locale: 'en' });
    expect(r.report?.sections[0]?.points[0]).toBe('Trained 5,000 staff, 377 million đồng, 27.1%');
  });

  it('reach the notes too, and never run template code', async () => {
    const r = await load('  notes: Ghi chú mở đầu\n', '  notes: "{{constructor}} {{{5000}}} {5000}"\n');
    expect(r.errors).toEqual([]);
    expect(r.report?.meeting.notes).toBe('{{constructor}} {{5.000}} 5.000');
  });
});
