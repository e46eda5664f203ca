/**
 * The fixes to the chart data workbooks (src/pptx/fixes/workbook.ts): each
 * defect found in the workbooks pptxgenjs writes for the FIX_DECKS, and gone
 * after the fix, with the values it leaves; then the fixed workbooks opened
 * by openpyxl with its warnings as errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { folderOf, resolveTarget, type FixContext, type PackageFix, type PartFix } from '../../../src/pptx/fixes/fix.js';
import { WORKBOOK_FIXES, WORKBOOK_PACKAGE_FIXES } from '../../../src/pptx/fixes/workbook.js';
import { partText, type Part } from '../../../src/pptx/parts.js';
import { attr, child, childElements, descendants, parseXml, serializeXml, textOf, type XmlDocument } from '../../../src/pptx/xml.js';
import { ROOT } from '../../helpers/build.js';
import { FIX_DECKS, rawParts, workbooks, type Parts } from '../../helpers/raw.js';

const cx: Omit<FixContext, 'part'> = { stamp: '2020-07-06T00:00:00Z', lang: 'vi-VN', author: 'Sở TT&TT "Huế" <HN>' };

const partFix = (name: string): PartFix => {
  const found = WORKBOOK_FIXES.find((f) => f.name === name);
  if (!found) throw new Error(`no part fix ${name}`);
  return found;
};
const packageFix = (name: string): PackageFix => {
  const found = WORKBOOK_PACKAGE_FIXES.find((f) => f.name === name);
  if (!found) throw new Error(`no package fix ${name}`);
  return found;
};

const xml = (parts: ReadonlyMap<string, Part>, name: string): XmlDocument => {
  const data = parts.get(name);
  if (data === undefined) throw new Error(`no part ${name}`);
  return parseXml(partText(data));
};

/** A part fix applied to a parsed copy of one part. */
function applyPart(fix: PartFix, parts: ReadonlyMap<string, Part>, name: string, context = cx): XmlDocument {
  const doc = xml(parts, name);
  fix.apply(doc, { ...context, part: name });
  return doc;
}

/** Every workbook fix, as normalise.ts runs them: part fixes on one parse of each part, then package fixes. */
function fixAll(workbook: ReadonlyMap<string, Part>, context = cx): Parts {
  const parts: Parts = new Map(workbook);
  for (const [name, data] of parts) {
    const fixes = WORKBOOK_FIXES.filter((f) => f.parts.test(name));
    if (fixes.length === 0) continue;
    const doc = parseXml(partText(data));
    for (const fix of fixes) fix.apply(doc, { ...context, part: name });
    parts.set(name, serializeXml(doc));
  }
  for (const fix of WORKBOOK_PACKAGE_FIXES) fix.apply(parts, context);
  return parts;
}

/** A workbook's parts as the bytes of an .xlsx. */
function xlsx(parts: ReadonlyMap<string, Part>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of parts) files[name] = typeof data === 'string' ? strToU8(data) : (data as Uint8Array);
  return zipSync(files);
}

// ---------------------------------------------------------------------------
// The chart formulas and the cells they point at

const CELL = /^\$?([A-Z]+)\$?(\d+)$/;
const columnNumber = (letters: string): number => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
const columnName = (n: number): string => (n <= 0 ? '' : columnName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** The cells of Sheet1!$A$2:$B$3, row by row. */
function cellsOf(formula: string): { column: number; row: number }[] {
  const [from = '', to = from] = formula.slice(formula.indexOf('!') + 1).split(':');
  const a = CELL.exec(from);
  const b = CELL.exec(to);
  if (!a || !b) throw new Error(`not a range: ${formula}`);
  const cells = [];
  for (let row = Number(a[2]); row <= Number(b[2]); row++)
    for (let column = columnNumber(a[1] ?? ''); column <= columnNumber(b[1] ?? ''); column++) cells.push({ column, row });
  return cells;
}

/** What each cell of the first sheet holds, shared strings looked up; undefined for an empty value. */
function sheetValues(workbook: ReadonlyMap<string, Part>): Map<string, string | undefined> {
  const strings = childElements(xml(workbook, 'xl/sharedStrings.xml').root, 'si').map((si) => textOf(si));
  const values = new Map<string, string | undefined>();
  for (const cell of descendants(xml(workbook, 'xl/worksheets/sheet1.xml').root, 'c')) {
    const v = child(cell, 'v');
    const raw = v ? textOf(v) : '';
    const value = attr(cell, 't') === 's' ? strings[Number(raw)] ?? `#no shared string ${raw}` : raw;
    values.set(attr(cell, 'r') ?? '', value === '' ? undefined : value);
  }
  return values;
}

interface ChartRef {
  chart: string;
  workbook: string;
  formula: string;
  /** The cached values, by point index ('' for none). */
  cache: string[];
}

/** Every formula of every chart of a deck, with its cached values and the workbook it reads. */
function chartRefs(deck: Parts): ChartRef[] {
  const refs: ChartRef[] = [];
  for (const name of deck.keys()) {
    if (!/^ppt\/charts\/chart\d+\.xml$/.test(name)) continue;
    const rels = xml(deck, `${folderOf(name)}_rels/${name.slice(folderOf(name).length)}.rels`);
    const target = childElements(rels.root, 'Relationship').find((r) => attr(r, 'Target')?.endsWith('.xlsx'));
    const workbook = resolveTarget(folderOf(name), attr(target!, 'Target')!);
    const chart = xml(deck, name).root;
    for (const kind of ['c:numRef', 'c:strRef', 'c:multiLvlStrRef']) {
      for (const ref of descendants(chart, kind)) {
        const cacheElement = childElements(ref).find((c) => c.name.endsWith('Cache'))!;
        const points = child(cacheElement, 'c:lvl') ?? cacheElement;
        const count = Number(attr(child(cacheElement, 'c:ptCount')!, 'val'));
        const cache = Array.from({ length: count }, () => '');
        for (const pt of childElements(points, 'c:pt')) cache[Number(attr(pt, 'idx'))] = textOf(child(pt, 'c:v')!);
        refs.push({ chart: name, workbook, formula: textOf(child(ref, 'c:f')!), cache });
      }
    }
  }
  return refs;
}

/** The formulas whose cells do not hold the chart's cached values. */
function mismatches(deck: Parts, fixed: (workbook: string) => ReadonlyMap<string, Part>): string[] {
  const found: string[] = [];
  for (const ref of chartRefs(deck)) {
    const values = sheetValues(fixed(ref.workbook));
    const cells = cellsOf(ref.formula);
    if (cells.length !== ref.cache.length) found.push(`${ref.chart} ${ref.formula}: ${cells.length} cells, ${ref.cache.length} cached`);
    cells.forEach(({ column, row }, i) => {
      const at = `${columnName(column)}${row}`;
      const cell = values.get(at);
      const cached = ref.cache[i] === '' ? undefined : ref.cache[i];
      const same = cell === cached || (cell !== undefined && cached !== undefined && Number(cell) === Number(cached) && cell.trim() !== '');
      if (!same) found.push(`${ref.chart} ${ref.formula} ${at}: cell ${String(cell)}, cached ${String(cached)}`);
    });
  }
  return found;
}

// ---------------------------------------------------------------------------

type Deck = { label: string; parts: Parts };
const decks: Deck[] = [];
/** The minimal report with a chart value of 0 (none of the FIX_DECKS has one). */
let zeroDeck: Parts;

beforeAll(async () => {
  for (const d of FIX_DECKS) decks.push({ label: `${d.data.slice(ROOT.length + 1)} (${d.theme})`, parts: await rawParts(d.data, d.theme) });
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-workbook-'));
  const base = readFileSync(resolve(ROOT, 'tests', 'fixtures', 'bad', '_base.yaml'), 'utf8');
  if (!base.includes('values: [10, 12]')) throw new Error('_base.yaml changed: no chart values [10, 12]');
  writeFileSync(join(dir, 'zero.yaml'), base.replace('values: [10, 12]', 'values: [0, 12]'));
  zeroDeck = await rawParts(join(dir, 'zero.yaml'));
});

/** Every raw workbook of the FIX_DECKS, labelled. */
const allWorkbooks = (): { label: string; parts: Parts }[] =>
  decks.flatMap((d) => [...workbooks(d.parts)].map(([name, parts]) => ({ label: `${d.label} ${name}`, parts })));

test('the FIX_DECKS have chart workbooks', () => {
  expect(allWorkbooks().length).toBeGreaterThanOrEqual(8);
  expect(WORKBOOK_FIXES.every((f) => f.package === 'workbook')).toBe(true);
  expect(WORKBOOK_PACKAGE_FIXES.every((f) => f.package === 'workbook')).toBe(true);
});

describe('workbook-table-ref', () => {
  const fix = (): PackageFix => packageFix('workbook-table-ref');

  test("pptxgenjs's table ref ends in an apostrophe; fixed, it is the range the chart formulas read", () => {
    for (const { label, parts } of allWorkbooks()) {
      const before = attr(xml(parts, 'xl/tables/table1.xml').root, 'ref');
      expect(before, label).toMatch(/'$/);
      expect(fix().detect(parts, cx), label).toBe(true);
      const fixed = new Map(parts);
      fix().apply(fixed, cx);
      expect(fix().detect(fixed, cx), label).toBe(false);
      expect(attr(xml(fixed, 'xl/tables/table1.xml').root, 'ref'), label).toBe(before!.slice(0, -1));
    }
    // The bounding box of each chart's formulas (header row, categories, series) is its table.
    for (const deck of decks) {
      const byWorkbook = new Map<string, { column: number; row: number }[]>();
      for (const ref of chartRefs(deck.parts)) byWorkbook.set(ref.workbook, [...(byWorkbook.get(ref.workbook) ?? []), ...cellsOf(ref.formula)]);
      for (const [name, cells] of byWorkbook) {
        const fixed = new Map(workbooks(deck.parts).get(name)!);
        fix().apply(fixed, cx);
        const box = `A1:${columnName(Math.max(...cells.map((c) => c.column)))}${Math.max(...cells.map((c) => c.row))}`;
        expect(attr(xml(fixed, 'xl/tables/table1.xml').root, 'ref'), `${deck.label} ${name}`).toBe(box);
      }
    }
  });

  test('a chart of 2 categories and 1 series is A1:B3; 3 categories and 2 series A1:C4', () => {
    const refs = decks.flatMap((d) =>
      [...workbooks(d.parts).values()].map((parts) => {
        const fixed = new Map(parts);
        fix().apply(fixed, cx);
        return attr(xml(fixed, 'xl/tables/table1.xml').root, 'ref');
      }),
    );
    expect(refs).toContain('A1:B3');
    expect(refs).toContain('A1:C4');
  });

  test('a ref that is the wrong range (a bubble chart: rows = columns) and its autoFilter are measured from the sheet', () => {
    const rows = [1, 2, 3].map((r) => `<row r="${r}"><c r="A${r}"><v>1</v></c><c r="E${r}"><v>2</v></c></row>`).join('');
    const parts: Parts = new Map([
      ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${SML}"><sheetData>${rows}<row r="9"/></sheetData></worksheet>`],
      ['xl/worksheets/_rels/sheet1.xml.rels', `<Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${RT}table" Target="../tables/table1.xml"/></Relationships>`],
      ['xl/tables/table1.xml', `<table xmlns="${SML}" id="1" name="T" displayName="T" ref="A1:E5"><autoFilter ref="A1:E5"/><tableColumns count="5">${[1, 2, 3, 4, 5].map((i) => `<tableColumn id="${i}" name="c${i}"/>`).join('')}</tableColumns></table>`],
    ]);
    expect(fix().detect(parts, cx)).toBe(true);
    fix().apply(parts, cx);
    expect(partText(parts.get('xl/tables/table1.xml')!)).toContain('ref="A1:E3"><autoFilter ref="A1:E3"/>');
    expect(fix().detect(parts, cx)).toBe(false);
    const again = partText(parts.get('xl/tables/table1.xml')!);
    fix().apply(parts, cx);
    expect(partText(parts.get('xl/tables/table1.xml')!)).toBe(again);
  });
});

const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';
const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const STYLESHEET_ORDER = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];

describe('workbook-styles', () => {
  const fix = (): PackageFix => packageFix('workbook-styles');
  const names = (doc: XmlDocument): string[] => childElements(doc.root).map((e) => e.name);
  const count = (doc: XmlDocument, list: string): number => childElements(child(doc.root, list)!).length;

  test("pptxgenjs's stylesheet has no cellXfs; fixed, it has the Normal style and a cell format for every s used, in schema order", () => {
    for (const { label, parts } of allWorkbooks()) {
      const before = xml(parts, 'xl/styles.xml');
      expect(names(before), label).not.toContain('cellXfs');
      expect(fix().detect(parts, cx), label).toBe(true);
      const fixed = new Map(parts);
      fix().apply(fixed, cx);
      expect(fix().detect(fixed, cx), label).toBe(false);
      const after = xml(fixed, 'xl/styles.xml');
      expect(names(after), label).toEqual(['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors']);
      // What pptxgenjs wrote is kept as it was.
      for (const kept of ['numFmts', 'fonts', 'fills', 'borders', 'dxfs', 'tableStyles', 'colors']) {
        expect(serializeXmlElement(after, kept), `${label} ${kept}`).toBe(serializeXmlElement(before, kept));
      }
      expect(serializeXmlElement(after, 'cellStyleXfs')).toBe('<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>');
      expect(serializeXmlElement(after, 'cellXfs')).toBe('<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>');
      expect(serializeXmlElement(after, 'cellStyles')).toBe('<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>');
      const used = descendants(xml(fixed, 'xl/worksheets/sheet1.xml').root, 'c').map((c) => Number(attr(c, 's') ?? 0));
      for (const s of used) expect(s, label).toBeLessThan(count(after, 'cellXfs'));
    }
  });

  test('a cell style index beyond what the stylesheet has gets its cell format; an empty stylesheet gets fonts, fills and borders', () => {
    const parts: Parts = new Map([
      ['xl/styles.xml', `<styleSheet xmlns="${SML}"><extLst/></styleSheet>`],
      ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${SML}"><sheetData><row r="1"><c r="A1" s="2"><v>1</v></c></row></sheetData></worksheet>`],
      // A second sheet's styles, on a row and a cell, written with white space around "=": the highest is 4.
      ['xl/worksheets/sheet2.xml', `<worksheet xmlns="${SML}"><sheetData><row r="1" s\n=\t"3" customFormat="1"><c r="A1" t="s" s =  '4'><v>0</v></c></row></sheetData></worksheet>`],
    ]);
    expect(fix().detect(parts, cx)).toBe(true);
    fix().apply(parts, cx);
    expect(fix().detect(parts, cx)).toBe(false);
    const doc = xml(parts, 'xl/styles.xml');
    expect(names(doc)).toEqual(['fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'extLst']);
    expect(count(doc, 'cellXfs')).toBe(5);
    expect(attr(child(doc.root, 'cellXfs')!, 'count')).toBe('5');
    expect(serializeXmlElement(doc, 'fills')).toBe('<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>');
    expect(STYLESHEET_ORDER.filter((n) => names(doc).includes(n))).toEqual(names(doc));
  });
});

describe('workbook-styles, remembered', () => {
  const fix = (): PackageFix => packageFix('workbook-styles');
  const stylesheet = `<styleSheet xmlns="${SML}"><fonts count="1"><font><sz val="11"/></font></fonts></styleSheet>`;
  const sheet = (s?: number): string => `<worksheet xmlns="${SML}"><sheetData><row r="1"><c r="A1"${s === undefined ? '' : ` s="${s}"`}><v>1</v></c></row></sheetData></worksheet>`;
  const fixedWith = (s?: number, styles = stylesheet): string => {
    const parts: Parts = new Map([
      ['xl/styles.xml', styles],
      ['xl/worksheets/sheet1.xml', sheet(s)],
    ]);
    fix().apply(parts, cx);
    return partText(parts.get('xl/styles.xml')!);
  };
  const cellFormats = (styles: string): number => childElements(child(parseXml(styles).root, 'cellXfs')!).length;

  test('the same stylesheet is fixed alike every time, and with more cell formats when the cells use more', () => {
    const first = fixedWith();
    expect(cellFormats(first)).toBe(1);
    expect(fixedWith()).toBe(first);
    expect(cellFormats(fixedWith(3))).toBe(4); // the same text, cells styled further: not what was fixed for none
    expect(fixedWith()).toBe(first);
    expect(fixedWith(undefined, first)).toBe(first); // a stylesheet with nothing missing is left as it is
  });
});

/** An element of the root, as XML. */
function serializeXmlElement(doc: XmlDocument, name: string): string {
  const e = child(doc.root, name);
  return e ? serializeXml({ prolog: [], root: e, epilog: [] }) : '';
}

describe('workbook-zero-values', () => {
  const fix = (): PartFix => partFix('workbook-zero-values');
  const sheet = 'xl/worksheets/sheet1.xml';

  test("pptxgenjs writes a 0 as an empty cell (the chart's cache says 0); fixed, the cell holds 0", () => {
    const [[name, workbook]] = [...workbooks(zeroDeck)] as [[string, Parts]];
    const chart = chartRefs(zeroDeck).find((r) => r.workbook === name)!.chart;
    expect(mismatches(zeroDeck, () => workbook)).toEqual([`${chart} Sheet1!$B$2:$B$3 B2: cell undefined, cached 0`]);
    expect(fix().detect(xml(workbook, sheet), { ...cx, part: sheet })).toBe(true);
    const doc = applyPart(fix(), workbook, sheet);
    expect(fix().detect(doc, { ...cx, part: sheet })).toBe(false);
    const b2 = descendants(doc.root, 'c').find((c) => attr(c, 'r') === 'B2')!;
    expect(serializeXml({ prolog: [], root: b2, epilog: [] })).toBe('<c r="B2"><v>0</v></c>');
    expect(mismatches(zeroDeck, () => fixAll(workbook))).toEqual([]);
  });

  test('the FIX_DECKS have no 0: their sheets are left as they are, and hold what their charts cache', () => {
    for (const { label, parts } of allWorkbooks()) expect(fix().detect(xml(parts, sheet), { ...cx, part: sheet }), label).toBe(false);
    for (const deck of decks) {
      const fixed = new Map([...workbooks(deck.parts)].map(([name, parts]) => [name, fixAll(parts)]));
      expect(mismatches(deck.parts, (name) => fixed.get(name)!), deck.label).toEqual([]);
    }
  });

  test('text cells, formulas and real values are not numbers to fill', () => {
    const doc = parseXml(
      `<worksheet xmlns="${SML}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="str"><v></v></c><c r="C1"><f>A1</f><v></v></c><c r="D1"><v>7</v></c><c r="E1" t="n"><v/></c></row></sheetData></worksheet>`,
    );
    fix().apply(doc, { ...cx, part: sheet });
    expect(serializeXml(doc)).toContain('<c r="B1" t="str"><v/></c><c r="C1"><f>A1</f><v/></c><c r="D1"><v>7</v></c><c r="E1" t="n"><v>0</v></c>');
  });
});

describe('workbook-app-properties', () => {
  const fix = (): PartFix => partFix('workbook-app-properties');
  const app = 'docProps/app.xml';

  test('pptxgenjs claims Microsoft Macintosh Excel 16.0300; fixed, briefdeck and no Office version', () => {
    for (const { label, parts } of allWorkbooks()) {
      const before = xml(parts, app);
      expect(textOf(child(before.root, 'Application')!), label).toBe('Microsoft Macintosh Excel');
      expect(textOf(child(before.root, 'AppVersion')!), label).toBe('16.0300');
      expect(fix().detect(before, { ...cx, part: app }), label).toBe(true);
      const after = applyPart(fix(), parts, app);
      expect(fix().detect(after, { ...cx, part: app }), label).toBe(false);
      expect(textOf(child(after.root, 'Application')!)).toBe('briefdeck');
      expect(child(after.root, 'AppVersion')).toBeUndefined();
      // The rest (sheet names, security, links) as it was.
      const rest = (doc: XmlDocument): string[] => childElements(doc.root).filter((e) => !['Application', 'AppVersion'].includes(e.name)).map((e) => serializeXml({ prolog: [], root: e, epilog: [] }));
      expect(rest(after)).toEqual(rest(before));
    }
  });
});

describe('workbook-core-properties', () => {
  const fix = (): PartFix => partFix('workbook-core-properties');
  const core = 'docProps/core.xml';

  test("pptxgenjs names PptxGenJS as creator and last editor; fixed, the deck's author", () => {
    for (const { label, parts } of allWorkbooks()) {
      const before = xml(parts, core);
      expect(textOf(child(before.root, 'dc:creator')!), label).toBe('PptxGenJS');
      expect(textOf(child(before.root, 'cp:lastModifiedBy')!), label).toBe('PptxGenJS');
      expect(fix().detect(before, { ...cx, part: core }), label).toBe(true);
      const after = applyPart(fix(), parts, core);
      expect(fix().detect(after, { ...cx, part: core }), label).toBe(false);
      expect(textOf(child(after.root, 'dc:creator')!)).toBe(cx.author);
      expect(textOf(child(after.root, 'cp:lastModifiedBy')!)).toBe(cx.author);
      expect(serializeXml(after)).toContain('<dc:creator>Sở TT&amp;TT "Huế" &lt;HN&gt;</dc:creator><cp:lastModifiedBy>Sở TT&amp;TT "Huế" &lt;HN&gt;</cp:lastModifiedBy><dcterms:created');
    }
  });

  test('with no author, the workbook names none', () => {
    const parts = allWorkbooks()[0]!.parts;
    const noAuthor = { ...cx, author: '' };
    const after = applyPart(fix(), parts, core, noAuthor);
    expect(child(after.root, 'dc:creator')).toBeUndefined();
    expect(child(after.root, 'cp:lastModifiedBy')).toBeUndefined();
    expect(childElements(after.root).map((e) => e.name)).toEqual(['dcterms:created', 'dcterms:modified']);
    expect(fix().detect(after, { ...noAuthor, part: core })).toBe(false);
  });
});

describe('workbook-unused-theme', () => {
  const fix = (): PackageFix => packageFix('workbook-unused-theme');
  const theme = 'xl/theme/theme1.xml';

  test('pptxgenjs adds an Office theme nothing uses; fixed, the theme, its relationship and its Override are gone', () => {
    for (const { label, parts } of allWorkbooks()) {
      expect(parts.has(theme), label).toBe(true);
      expect(fix().detect(parts, cx), label).toBe(true);
      const fixed = new Map(parts);
      fix().apply(fixed, cx);
      expect(fix().detect(fixed, cx), label).toBe(false);
      expect(fixed.has(theme), label).toBe(false);
      const targets = childElements(xml(fixed, 'xl/_rels/workbook.xml.rels').root, 'Relationship').map((r) => attr(r, 'Target'));
      expect(targets.sort()).toEqual(['sharedStrings.xml', 'styles.xml', 'worksheets/sheet1.xml']);
      const overrides = childElements(xml(fixed, '[Content_Types].xml').root, 'Override').map((o) => attr(o, 'PartName'));
      expect(overrides).not.toContain('/xl/theme/theme1.xml');
      expect(overrides).toHaveLength(childElements(xml(parts, '[Content_Types].xml').root, 'Override').length - 1);
      // Every other part as it was.
      for (const [name, data] of parts) if (![theme, 'xl/_rels/workbook.xml.rels', '[Content_Types].xml'].includes(name)) expect(fixed.get(name), `${label} ${name}`).toBe(data);
    }
  });

  const withStyles = (styles: string): Parts => {
    const copy = new Map(allWorkbooks()[0]!.parts);
    copy.set('xl/styles.xml', styles);
    return copy;
  };

  test('a theme colour, a theme font or DrawingML under any prefix keeps the theme', () => {
    for (const styles of [
      `<styleSheet xmlns="${SML}"><fonts count="1"><font><color theme="1"/></font></fonts></styleSheet>`,
      `<styleSheet xmlns="${SML}"><fonts count="1"><font><scheme val="minor"/></font></fonts></styleSheet>`,
      `<x:styleSheet xmlns:x="${SML}"><x:extLst><x:ext uri="u"><d:srgbClr xmlns:d="http://schemas.openxmlformats.org/drawingml/2006/main" val="000000"/></x:ext></x:extLst></x:styleSheet>`,
      // The namespace spelled with a character reference: the text never says "drawingml".
      `<x:styleSheet xmlns:x="${SML}"><x:extLst><x:ext uri="u"><d:srgbClr xmlns:d="http://schemas.openxmlformats.org/&#100;rawingml/2006/main" val="000000"/></x:ext></x:extLst></x:styleSheet>`,
    ]) {
      const parts = withStyles(styles);
      expect(fix().detect(parts, cx), styles).toBe(false);
      fix().apply(parts, cx);
      expect(parts.has(theme), styles).toBe(true);
    }
  });

  test('a theme used by a part unique to the workbook (its sheet, shared strings) keeps the theme', () => {
    for (const [name, text] of [
      ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${SML}"><sheetData/><extLst><ext uri="u"><a:schemeClr xmlns:a="urn:other" val="tx1"/></ext></extLst></worksheet>`],
      ['xl/sharedStrings.xml', `<sst xmlns="${SML}"><si><r><rPr><color theme="1"/></rPr><t>x</t></r></si></sst>`],
    ] as const) {
      const parts = new Map(allWorkbooks()[0]!.parts);
      parts.set(name, text);
      expect(fix().detect(parts, cx), name).toBe(false);
      fix().apply(parts, cx);
      expect(parts.has(theme), name).toBe(true);
    }
  });

  test('a theme relationship spelled with character references (its type, its target) is found, and the theme removed', () => {
    const parts = new Map(allWorkbooks()[0]!.parts);
    const rels = 'xl/_rels/workbook.xml.rels';
    const spelled = (parts.get(rels) as string).replaceAll('theme', 't&#104;eme');
    expect(spelled).not.toContain('theme');
    parts.set(rels, spelled);
    expect(fix().detect(parts, cx)).toBe(true);
    fix().apply(parts, cx);
    expect(parts.has(theme)).toBe(false);
    expect(parts.get(rels)).not.toContain('t&#104;eme');
  });

  test('the words "schemeClr" or theme= in cell text refer to nothing', () => {
    const parts = withStyles(`<styleSheet xmlns="${SML}"><fonts count="1"><font><scheme val="none"/></font></fonts></styleSheet>`);
    parts.set('xl/sharedStrings.xml', `<sst xmlns="${SML}"><si><t>&lt;a:schemeClr val="x"/&gt; theme="1"</t></si></sst>`);
    expect(fix().detect(parts, cx)).toBe(true);
    fix().apply(parts, cx);
    expect(parts.has(theme)).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// openpyxl, warnings as errors

const PYTHON = '/usr/bin/python3';

/** Opens each .xlsx with openpyxl (warnings as errors) and parses its table refs; one JSON line per file. */
const OPENPYXL = `
import json, sys, warnings, zipfile
warnings.simplefilter('error')
import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import Table
from openpyxl.xml.functions import fromstring
for path in sys.argv[1:]:
    out = {'path': path}
    try:
        wb = openpyxl.load_workbook(path)
        out['rows'] = [[c.value for c in row] for row in wb.active.iter_rows()]
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith('xl/tables/'):
                    table = Table.from_tree(fromstring(z.read(name)))
                    out.setdefault('tables', []).append(list(range_boundaries(table.ref)))
    except Exception as e:
        out['error'] = type(e).__name__ + ': ' + str(e)
    print(json.dumps(out, ensure_ascii=False))
`;

function hasOpenpyxl(): boolean {
  return spawnSync(PYTHON, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0;
}

function openpyxl(files: Uint8Array[]): { path: string; rows?: unknown[][]; tables?: number[][]; error?: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-openpyxl-'));
  const paths = files.map((bytes, i) => {
    const path = join(dir, `workbook${i + 1}.xlsx`);
    writeFileSync(path, bytes);
    return path;
  });
  const run = spawnSync(PYTHON, ['-c', OPENPYXL, ...paths], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { path: string; error?: string });
}

test('openpyxl, its warnings as errors, rejects the raw workbooks and opens the fixed ones with their tables', () => {
  if (!hasOpenpyxl()) {
    console.warn(`workbook.test.ts: ${PYTHON} has no openpyxl (apt-get install python3-openpyxl); the openpyxl check is skipped`);
    return;
  }
  const all = allWorkbooks();
  const fixedParts = all.map((w) => fixAll(w.parts));
  // The stray apostrophe alone: only the stylesheet fixed.
  const stylesOnly = (parts: Parts): Parts => {
    const copy = new Map(parts);
    packageFix('workbook-styles').apply(copy, cx);
    return copy;
  };
  const [zero] = [...workbooks(zeroDeck).values()] as [Parts];
  // One run of Python for all of them: raw, fixed, stylesheet only, and the 0 before and after.
  const results = openpyxl([...all.map((w) => w.parts), ...fixedParts, ...all.map((w) => stylesOnly(w.parts)), stylesOnly(zero), fixAll(zero)].map(xlsx));
  const raw = results.slice(0, all.length);
  const fixed = results.slice(all.length, 2 * all.length);
  const onlyStyles = results.slice(2 * all.length, 3 * all.length);
  const [zeroRaw, zeroFixed] = results.slice(3 * all.length);
  for (const r of raw) expect(r.error).toBe("UserWarning: Workbook contains no stylesheet, using openpyxl's defaults");
  fixed.forEach((r, i) => {
    const label = all[i]!.label;
    expect(r.error, label).toBeUndefined();
    const ref = attr(xml(fixedParts[i]!, 'xl/tables/table1.xml').root, 'ref')!;
    const [, lastColumn = '', lastRow = ''] = /:([A-Z]+)(\d+)$/.exec(ref) ?? [];
    expect(r.tables, label).toEqual([[1, 1, columnNumber(lastColumn), Number(lastRow)]]);
    expect(r.rows?.length, label).toBe(Number(lastRow));
  });
  // openpyxl reads a table ref as a cell range, which A1:B3' is not.
  for (const r of onlyStyles) expect(r.error).toMatch(/^ValueError: Value does not match pattern \^\[\$\]\?\(\[A-Za-z\]\{1,3\}\)/);
  // A 0 is read as 0 once fixed; before, openpyxl reads the empty cell as nothing.
  expect(zeroRaw?.rows?.[1]).toEqual(['2019', null]);
  expect(zeroFixed?.error).toBeUndefined();
  expect(zeroFixed?.rows?.[1]).toEqual(['2019', 0]);
});
