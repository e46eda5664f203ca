/**
 * normalisePackage: the schema fixes for pptxgenjs 4.0.1's package and its
 * byte-for-byte determinism (clock, time zone, process, module-global counters).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import pptxgen from 'pptxgenjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalisePackage } from '../../src/pptx/normalise.js';
import { canDeckcheck, deckcheck } from '../helpers/deckcheck.js';

// pptxgenjs's types describe a CommonJS module (class under `default`) while
// Node loads its ES build (class as the default export): accept either.
const PptxGenJS: typeof pptxgen.default =
  (pptxgen as unknown as { default?: typeof pptxgen.default }).default ?? (pptxgen as unknown as typeof pptxgen.default);
type Pres = InstanceType<typeof pptxgen.default>;

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST_MODULE = join(ROOT, 'dist', 'pptx', 'normalise.js');
const MODIFIED = new Date('2020-07-15T02:30:00Z');
const STAMP = '2020-07-15T02:30:00Z';
/** DOS date and time fields of 1980-01-01 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

// pptxgenjs writes into the data and option objects it is given (e.g. lineSize turns into EMU
// and is read again as points by the next chart), so every chart gets fresh copies.
const SERIES_DATA = [
  { name: 'Kế hoạch', labels: ['Q1', 'Q2', 'Q3', 'Q4'], values: [10, 20, 30, 25] },
  { name: 'Thực hiện', labels: ['Q1', 'Q2', 'Q3', 'Q4'], values: [12, 18, 33, 27] },
];
const series = (): typeof SERIES_DATA => structuredClone(SERIES_DATA);
const COLORS = ['1F4E79', 'C00000', '2E7D32', 'EF6C00'];
const box = (): { x: number; y: number; w: number; h: number } => ({ x: 0.6, y: 1.2, w: 12, h: 5.5 });

/** A text slide with notes, a bar, a line and a doughnut chart, as the emitter makes them. */
async function buildRaw(extra?: (pres: Pres) => void): Promise<Uint8Array> {
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_WIDE';
  pres.title = 'Sơ kết 6 tháng đầu năm 2020';
  const text = pres.addSlide();
  text.addText('Kết quả nổi bật', { ...box(), fontSize: 28 });
  text.addNotes('Nhấn mạnh chỉ tiêu vượt kế hoạch.');
  pres.addSlide().addChart(pres.ChartType.bar, series(), { ...box(), barDir: 'col', chartColors: [...COLORS], showValue: true, showLegend: true });
  pres.addSlide().addChart(pres.ChartType.line, series(), { ...box(), chartColors: [...COLORS], lineSize: 3, lineDataSymbolSize: 10, showValue: true, dataLabelPosition: 't' });
  pres.addSlide().addChart(pres.ChartType.doughnut, series().slice(0, 1), { ...box(), chartColors: [...COLORS], holeSize: 55 });
  // One series in several colours: pptxgenjs writes c:dPt (after c:dLbls).
  pres.addSlide().addChart(pres.ChartType.bar, series().slice(1), { ...box(), barDir: 'bar', chartColors: [...COLORS], showValue: true });
  extra?.(pres);
  return (await pres.write({ outputType: 'nodebuffer' })) as Uint8Array;
}

const normalise = (raw: Uint8Array): Uint8Array => normalisePackage(raw, { modified: MODIFIED });
const text = (files: Unzipped, name: string): string => {
  const data = files[name];
  if (!data) throw new Error(`no part ${name}`);
  return strFromU8(data);
};
const chartNames = (files: Unzipped): string[] => Object.keys(files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
const elements = (xml: string, name: string): string[] => [...xml.matchAll(new RegExp(`<${name}[\\s>][\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);
const axIds = (xml: string): string[] => [...xml.matchAll(/<c:axId val="(\d+)"\/>/g)].map((m) => m[1] ?? '');
const childNames = (xml: string): string[] => [...xml.matchAll(/<(c:\w+)/g)].map((m) => m[1] ?? '');

interface ZipEntry {
  name: string;
  method: number;
  time: number;
  date: number;
  localTime: number;
  localDate: number;
}

/** The central directory, read by hand so the DOS time fields can be checked. */
function zipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  expect(eocd).toBeGreaterThanOrEqual(0);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    entries.push({
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      localTime: view.getUint16(local + 10, true),
      localDate: view.getUint16(local + 12, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Every internal relationship target that names no part. */
function danglingTargets(files: Unzipped): string[] {
  return Object.keys(files)
    .filter((n) => n.endsWith('.rels'))
    .flatMap((rels) => {
      const dir = rels.replace(/_rels\/[^/]*$/, '');
      return [...text(files, rels).matchAll(/<Relationship [^>]*>/g)]
        .map((m) => m[0])
        .filter((r) => !r.includes('TargetMode="External"'))
        .map((r) => /Target="([^"]*)"/.exec(r)?.[1] ?? '')
        .map((t) => (t.startsWith('/') ? t.slice(1) : new URL(t, `file:///${dir}`).pathname.slice(1)))
        .filter((part) => files[part] === undefined)
        .map((part) => `${rels} -> ${part}`);
    });
}

describe('normalisePackage fixes the package pptxgenjs writes', () => {
  let raw: Uint8Array;
  let rawFiles: Unzipped;
  let out: Uint8Array;
  let files: Unzipped;
  beforeAll(async () => {
    raw = await buildRaw();
    rawFiles = unzipSync(raw);
    out = normalise(raw);
    files = unzipSync(out);
  });

  it('drops every content-type Override whose part is absent, and only those', () => {
    const overrides = (xml: string): string[] => [...xml.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1] ?? '');
    const before = overrides(text(rawFiles, '[Content_Types].xml'));
    const after = overrides(text(files, '[Content_Types].xml'));
    expect(before.filter((p) => !rawFiles[p])).toContain('ppt/slideMasters/slideMaster2.xml');
    expect(after.filter((p) => !files[p])).toEqual([]);
    expect(after).toEqual(before.filter((p) => rawFiles[p]));
    expect(after).toContain('ppt/notesMasters/notesMaster1.xml');
    expect(after.filter((p) => p.startsWith('ppt/charts/'))).toHaveLength(4);
  });

  it('puts p:notesMasterIdLst between p:sldMasterIdLst and p:sldIdLst', () => {
    const order = (xml: string): number[] => ['<p:sldMasterIdLst>', '<p:notesMasterIdLst>', '<p:sldIdLst>', '<p:sldSz '].map((t) => xml.indexOf(t));
    const [master, notes, slides] = order(text(rawFiles, 'ppt/presentation.xml'));
    expect(notes).toBeGreaterThan(slides!); // the defect, still there in pptxgenjs
    const fixed = order(text(files, 'ppt/presentation.xml'));
    expect(fixed.every((i) => i > 0)).toBe(true);
    expect(fixed).toEqual([...fixed].sort((a, b) => a - b));
    expect(master).toBeGreaterThan(0);
    expect(text(files, 'ppt/presentation.xml').match(/<p:notesMasterId r:id="rId\d+"\/>/g)).toHaveLength(1);
  });

  it('leaves two c:axId on every 2-D bar and line chart, each naming an axis of the chart', () => {
    const groups = (f: Unzipped): string[] => chartNames(f).flatMap((n) => [...elements(text(f, n), 'c:barChart'), ...elements(text(f, n), 'c:lineChart')]);
    expect(groups(rawFiles).map((g) => axIds(g).length)).toEqual([3, 3, 3]);
    expect(groups(files).map((g) => axIds(g).length)).toEqual([2, 2, 2]);
    for (const name of chartNames(files)) {
      const xml = text(files, name);
      const axes = ['c:catAx', 'c:valAx', 'c:serAx', 'c:dateAx'].flatMap((a) => elements(xml, a)).map((a) => axIds(a)[0]);
      for (const group of [...elements(xml, 'c:barChart'), ...elements(xml, 'c:lineChart')]) {
        expect(axes).toEqual(expect.arrayContaining(axIds(group)));
      }
      expect(xml).not.toContain('<c:serAx>');
    }
  });

  it('drops a c:serAx that only the dropped third c:axId named, and keeps 3-D charts and their series axis', async () => {
    // pptxgenjs 4.0.1 writes the c:serAx only for bar3D; a hand-made 2-D chart checks the general case.
    const chart =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:layout/>' +
      '<c:barChart><c:barDir val="col"/><c:axId val="1"/><c:axId val="2"/><c:axId val="3"/></c:barChart>' +
      '<c:catAx><c:axId val="1"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:crossAx val="1"/></c:valAx><c:serAx><c:axId val="3"/><c:crossAx val="2"/></c:serAx>' +
      '</c:plotArea></c:chart></c:chartSpace>';
    const handMade = zipSync({ ...rawFiles, 'ppt/charts/chart1.xml': strToU8(chart) });
    const fixed = text(unzipSync(normalise(handMade)), 'ppt/charts/chart1.xml');
    expect(fixed).toContain('<c:barChart><c:barDir val="col"/><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx>');
    expect(fixed).not.toContain('c:serAx');
    expect(fixed).toContain('<c:valAx><c:axId val="2"/><c:crossAx val="1"/></c:valAx></c:plotArea>');

    const with3d = unzipSync(normalise(await buildRaw((pres) => pres.addSlide().addChart(pres.ChartType.bar3d, series(), box()))));
    const bar3d = chartNames(with3d).map((n) => text(with3d, n)).find((xml) => xml.includes('<c:bar3DChart>')) ?? '';
    expect(axIds(elements(bar3d, 'c:bar3DChart')[0] ?? '')).toHaveLength(3);
    expect(elements(bar3d, 'c:serAx')).toHaveLength(1);
  });

  it('writes line charts with the required c:grouping and no c:invertIfNegative in line series', () => {
    const line = chartNames(files).map((n) => text(files, n)).find((xml) => xml.includes('<c:lineChart>')) ?? '';
    expect(line).toMatch(/<c:lineChart><c:grouping val="standard"\/><c:varyColors val="0"\/><c:ser>/);
    for (const series of elements(elements(line, 'c:lineChart')[0] ?? '', 'c:ser')) {
      expect(series).not.toContain('c:invertIfNegative');
      expect(series.indexOf('<c:marker>')).toBeLessThan(series.indexOf('<c:dLbls>'));
    }
  });

  it('moves c:dPt before c:dLbls in series (schema order)', () => {
    const single = chartNames(files).map((n) => text(files, n)).find((xml) => xml.includes('<c:dPt>') && xml.includes('<c:barChart>')) ?? '';
    const [series] = elements(single, 'c:ser');
    const names = childNames(series ?? '').filter((n) => ['c:invertIfNegative', 'c:dPt', 'c:dLbls', 'c:cat', 'c:val'].includes(n));
    expect(names.indexOf('c:dPt')).toBeGreaterThan(names.indexOf('c:invertIfNegative'));
    expect(names.lastIndexOf('c:dPt')).toBeLessThan(names.indexOf('c:dLbls'));
    expect(names.filter((n) => n === 'c:dPt')).toHaveLength(SERIES_DATA[1]!.values.length);
  });

  it('keeps the chart data: every value and category cache is unchanged', () => {
    const caches = (f: Unzipped): string[] => chartNames(f).flatMap((n) => [...text(f, n).matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => `${n}:${m[1]}`));
    expect(caches(files)).toEqual(caches(rawFiles));
    expect(caches(files).length).toBeGreaterThan(20);
  });

  it('sets the core.xml dates to the document date', () => {
    const core = text(files, 'docProps/core.xml');
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${STAMP}</dcterms:created>`);
    expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${STAMP}</dcterms:modified>`);
  });

  it('writes no folder entries, the content types first, the package rels second, one fixed time', () => {
    expect(zipEntries(raw).some((e) => e.name.endsWith('/'))).toBe(true);
    const entries = zipEntries(out);
    expect(entries.map((e) => e.name).slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    expect(entries.filter((e) => e.name.endsWith('/'))).toEqual([]);
    expect(new Set(entries.map((e) => e.name))).toEqual(new Set(Object.keys(rawFiles).filter((n) => !n.endsWith('/'))));
    for (const e of entries) expect([e.date, e.time, e.localDate, e.localTime]).toEqual([DOS_DATE, DOS_TIME, DOS_DATE, DOS_TIME]);
  });

  it('deflates XML and stores the embedded workbooks', () => {
    const entries = zipEntries(out);
    expect(entries.filter((e) => /\.(xml|rels)$/.test(e.name)).every((e) => e.method === 8)).toBe(true);
    const workbooks = entries.filter((e) => e.name.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(4);
    expect(workbooks.every((e) => e.method === 0)).toBe(true);
  });

  it('normalises the embedded chart workbooks the same way', () => {
    for (const name of Object.keys(files).filter((n) => n.endsWith('.xlsx'))) {
      const workbook = files[name]!;
      const entries = zipEntries(workbook);
      expect(entries.map((e) => e.name).slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
      expect(entries.filter((e) => e.name.endsWith('/'))).toEqual([]);
      for (const e of entries) expect([e.date, e.time, e.localDate, e.localTime]).toEqual([DOS_DATE, DOS_TIME, DOS_DATE, DOS_TIME]);
      const core = text(unzipSync(workbook), 'docProps/core.xml');
      expect([...core.matchAll(/<dcterms:(?:created|modified)[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([STAMP, STAMP]);
      expect(text(unzipSync(workbook), 'xl/worksheets/sheet1.xml')).toContain('<c r="B2"');
    }
  });

  it('leaves every relationship target resolvable', () => {
    expect(danglingTargets(files)).toEqual([]);
  });

  it('gives the same bytes for the same input, and is idempotent', () => {
    expect(Buffer.from(normalise(raw)).equals(Buffer.from(out))).toBe(true);
    expect(Buffer.from(normalise(out)).equals(Buffer.from(out))).toBe(true);
  });

  it('uses the date it is given, not the clock', () => {
    const other = unzipSync(normalisePackage(raw, { modified: new Date('2031-12-31T23:59:59.999Z') }));
    expect(text(other, 'docProps/core.xml')).toContain('>2031-12-31T23:59:59Z</dcterms:modified>');
    expect(() => normalisePackage(raw, { modified: new Date('not a date') })).toThrow(RangeError);
  });
});

describe('normalisePackage is deterministic', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Builds with the clock at `now`: pptxgenjs and JSZip stamp it into core.xml and every zip entry. */
  async function buildAt(now: string, extra?: (pres: Pres) => void): Promise<Uint8Array> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now));
    try {
      return await buildRaw(extra);
    } finally {
      vi.useRealTimers();
    }
  }

  it('gives identical bytes for two builds of the same content at different times in one process', async () => {
    const a = await buildAt('2020-01-01T00:00:00Z');
    const b = await buildAt('2031-06-15T13:47:58Z');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    // pptxgenjs numbers charts from a module-global counter: the second build starts where the first stopped.
    expect(chartNames(unzipSync(a))).not.toEqual(chartNames(unzipSync(b)));
    const [na, nb] = [normalise(a), normalise(b)];
    expect(Buffer.from(na).equals(Buffer.from(nb))).toBe(true);
    expect(chartNames(unzipSync(na)).sort()).toEqual(['ppt/charts/chart1.xml', 'ppt/charts/chart2.xml', 'ppt/charts/chart3.xml', 'ppt/charts/chart4.xml']);
    expect(danglingTargets(unzipSync(na))).toEqual([]);
  });

  it('replaces the random section and scatter-label GUIDs with fixed ones', async () => {
    const withRandomIds = (pres: Pres): void => {
      pres.addSection({ title: 'Phụ lục' });
      const slide = pres.addSlide({ sectionTitle: 'Phụ lục' });
      const points = [
        { name: 'X', values: [1, 2, 3] },
        { name: 'Y', values: [3, 1, 2], labels: ['a', 'b', 'c'] },
      ];
      slide.addChart(pres.ChartType.scatter, points, { ...box(), showLabel: true, dataLabelFormatScatter: 'custom' });
    };
    const a = await buildAt('2020-01-01T00:00:00Z', withRandomIds);
    const b = await buildAt('2020-01-01T00:00:00Z', withRandomIds);
    const sectionId = (f: Unzipped): string => /<p14:section name="Phụ lục" id="([^"]+)"/.exec(text(f, 'ppt/presentation.xml'))?.[1] ?? '';
    expect(sectionId(unzipSync(a))).not.toEqual(sectionId(unzipSync(b)));
    const na = normalise(a);
    expect(Buffer.from(na).equals(Buffer.from(normalise(b)))).toBe(true);
    const files = unzipSync(na);
    expect(sectionId(files)).toBe('{00000000-0000-4000-8000-000000000001}');
    const scatter = chartNames(files).map((n) => text(files, n)).find((xml) => xml.includes('<c:scatterChart>')) ?? '';
    expect(scatter.match(/<c16:uniqueId val="[^"]+"/g)).toEqual([1, 2, 3].map((n) => `<c16:uniqueId val="{00000000-0000-4000-8000-00000000000${n}}"`));
  });

  describe('across processes and time zones (compiled module in dist/)', () => {
    beforeAll(() => {
      // `npm test` builds first; a stale dist would test old code.
      expect(existsSync(DIST_MODULE), `${DIST_MODULE} missing: run npm run build`).toBe(true);
      const src = statSync(join(ROOT, 'src', 'pptx', 'normalise.ts')).mtimeMs;
      expect(statSync(DIST_MODULE).mtimeMs, 'dist/pptx/normalise.js is older than its source: run npm run build').toBeGreaterThanOrEqual(src);
    });

    /** Runs node with TZ set; the child normalises `rawPath` (or builds its own deck) and prints the bytes. */
    function child(tz: string, rawPath: string | 'build'): { offset: number; bytes: Buffer } {
      const script = `
        import { readFileSync } from 'node:fs';
        import PptxGenJS from 'pptxgenjs';
        import { normalisePackage } from ${JSON.stringify(pathToFileURL(DIST_MODULE).href)};
        async function build() {
          const pres = new PptxGenJS();
          pres.layout = 'LAYOUT_WIDE';
          const slide = pres.addSlide();
          slide.addText('Kết quả', { x: 1, y: 1, w: 6, h: 1 });
          slide.addNotes('Ghi chú');
          pres.addSlide().addChart(pres.ChartType.bar, ${JSON.stringify(SERIES_DATA)}, { x: 1, y: 1, w: 8, h: 5 });
          pres.addSlide().addChart(pres.ChartType.line, ${JSON.stringify(SERIES_DATA)}, { x: 1, y: 1, w: 8, h: 5 });
          return pres.write({ outputType: 'nodebuffer' });
        }
        const arg = process.argv[1];
        const raw = arg === 'build' ? await build() : readFileSync(arg);
        const out = normalisePackage(raw, { modified: new Date(${JSON.stringify(MODIFIED.toISOString())}) });
        process.stdout.write(JSON.stringify({ offset: new Date(2020, 6, 15).getTimezoneOffset(), bytes: Buffer.from(out).toString('base64') }));
      `;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, rawPath], {
        cwd: ROOT,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const parsed = JSON.parse(r.stdout) as { offset: number; bytes: string };
      return { offset: parsed.offset, bytes: Buffer.from(parsed.bytes, 'base64') };
    }

    const ZONES = ['Asia/Ho_Chi_Minh', 'America/New_York', 'Pacific/Kiritimati', 'UTC'];

    it('gives the same bytes for the same input in every time zone', async () => {
      const raw = await buildRaw();
      const rawPath = join(mkdtempSync(join(tmpdir(), 'briefdeck-normalise-')), 'raw.pptx');
      writeFileSync(rawPath, raw);
      const results = ZONES.map((tz) => child(tz, rawPath));
      // The zones really differ (UTC+7, UTC-4 in July, UTC+14, UTC), so fflate's local-time getters would too.
      expect(results.map((r) => r.offset)).toEqual([-420, 240, -840, 0]);
      const inProcess = Buffer.from(normalise(raw));
      for (const r of results) expect(r.bytes.equals(inProcess)).toBe(true);
      for (const e of zipEntries(inProcess)) expect([e.date, e.time]).toEqual([DOS_DATE, DOS_TIME]);
    });

    it('gives the same bytes for two independent builds in two processes and time zones', () => {
      const a = child('Asia/Ho_Chi_Minh', 'build');
      const b = child('America/New_York', 'build');
      expect(a.bytes.length).toBeGreaterThan(10_000);
      expect(a.bytes.equals(b.bytes)).toBe(true);
      expect(text(unzipSync(a.bytes), 'docProps/core.xml')).toContain(`>${STAMP}</dcterms:created>`);
    });
  });
});

describe.skipIf(!canDeckcheck({ render: false }))('deckcheck', () => {
  it('fails the raw pptxgenjs package and passes the normalised one with 0 schema errors', async () => {
    const raw = await buildRaw();
    const before = deckcheck(raw, { render: false });
    expect(before.stdout).toMatch(/Override for missing part/);
    expect(before.stdout).toMatch(/p:notesMasterIdLst/);
    expect(before.status).toBe(1);
    const after = deckcheck(normalise(raw), { render: false });
    expect(after.stdout).not.toMatch(/\[FAIL\]/);
    expect(after.stdout).toMatch(/schema_errors=0 .*=> PASS/);
    expect(after.status).toBe(0);
  }, 180_000);
});
