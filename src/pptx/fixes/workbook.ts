/**
 * Fixes to the data workbook pptxgenjs embeds behind each chart
 * (ppt/embeddings/Microsoft_Excel_WorksheetN.xlsx, what "Edit data" opens).
 * Part names here are the workbook's own: xl/styles.xml, docProps/app.xml.
 */
import type { Part } from '../parts.js';
import { attr, child, childElements, decodeEntities, element, serializeXml, setAttr, setText, textOf, type XmlDocument, type XmlElement } from '../xml.js';
import { folderOf, readXmlPart, relsSource, resolveTarget, TextMemo, writeXmlPart, type PackageFix, type PartFix } from './fix.js';
import { applicationName } from './properties.js';

/** Texts remembered at most by each memo of this file (`TextMemo`): a deck's unique sheets push the shared parts out now and then. */
const TEXT_MEMO_MAX = 256;

const CONTENT_TYPES = '[Content_Types].xml';
const RELATIONSHIP_TYPES = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const DRAWINGML = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const SPREADSHEETML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

// ---------------------------------------------------------------------------
// Cells and ranges (A1 references are plain values, not markup)

const CELL = /^\$?([A-Z]{1,3})\$?([1-9]\d*)$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function columnName(n: number): string {
  let name = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

/** Column and row of a cell reference (A1, $B$3); undefined when it is none. */
function cellAt(ref: string): { column: number; row: number } | undefined {
  const m = CELL.exec(ref);
  return m ? { column: columnNumber(m[1] ?? ''), row: Number(m[2]) } : undefined;
}

/** The row number of each <row> that holds a cell, in order (a row without r follows the one before it). */
function dataRows(sheet: XmlDocument): number[] {
  const rows: number[] = [];
  const data = child(sheet.root, 'sheetData');
  let previous = 0;
  for (const row of data ? childElements(data, 'row') : []) {
    const r = Number(attr(row, 'r') ?? previous + 1);
    previous = r;
    if (child(row, 'c')) rows.push(r);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Relationships

/** The relationships of a .rels part with their resolved target part, internal ones only. */
function targets(parts: ReadonlyMap<string, Part>, relsName: string): { relationship: XmlElement; type: string; part: string }[] {
  const rels = readXmlPart(parts, relsName);
  if (!rels) return [];
  const folder = folderOf(relsSource(relsName));
  return childElements(rels.root, 'Relationship').flatMap((relationship) => {
    const target = attr(relationship, 'Target');
    if (target === undefined || attr(relationship, 'TargetMode') === 'External') return [];
    return [{ relationship, type: attr(relationship, 'Type') ?? '', part: resolveTarget(folder, target) }];
  });
}

const SHEET_RELS = /^xl\/worksheets\/_rels\/[^/]+\.xml\.rels$/;
const SHEET = /^xl\/worksheets\/[^/]+\.xml$/;

// ---------------------------------------------------------------------------
// workbook-table-ref

interface TableRange {
  table: string;
  doc: XmlDocument;
  ref: string;
  /** The range the table really covers: its header row and data rows, across its columns. */
  range: string;
}

/**
 * Each table of a sheet, with the range it covers: from its top-left cell,
 * as many columns as it has tableColumns, down to the sheet's last row of
 * cells (pptxgenjs writes the header row, then one row per category).
 */
function tableRanges(parts: ReadonlyMap<string, Part>): TableRange[] {
  const found: TableRange[] = [];
  for (const relsName of parts.keys()) {
    if (!SHEET_RELS.test(relsName)) continue;
    const tables = targets(parts, relsName).filter((t) => t.type === `${RELATIONSHIP_TYPES}table` && parts.has(t.part));
    const sheet = tables.length > 0 ? readXmlPart(parts, relsSource(relsName)) : undefined;
    if (!sheet) continue;
    const lastRow = Math.max(0, ...dataRows(sheet));
    for (const { part } of tables) {
      const doc = readXmlPart(parts, part)!;
      const ref = attr(doc.root, 'ref') ?? '';
      const start = cellAt(ref.split(':')[0] ?? '') ?? { column: 1, row: 1 };
      const columnsElement = child(doc.root, 'tableColumns');
      const columns = columnsElement ? childElements(columnsElement, 'tableColumn').length : 0;
      if (columns === 0 || lastRow < start.row) continue; // nothing to measure it by: leave it
      const range = `${columnName(start.column)}${start.row}:${columnName(start.column + columns - 1)}${lastRow}`;
      found.push({ table: part, doc, ref, range });
    }
  }
  return found;
}

/** Whether the table's ref, or its autoFilter's, is not the range it covers. */
function wrongRef(t: TableRange): boolean {
  const filter = child(t.doc.root, 'autoFilter');
  return t.ref !== t.range || (filter !== undefined && attr(filter, 'ref') !== t.range);
}

/**
 * pptxgenjs ends a category chart's table ref with a stray apostrophe
 * (A1:B3', pptxgenjs issue #1531), and gives a bubble chart's table as many
 * rows as it has columns. Apple's importer (Keynote, Preview) then drops the
 * chart; Apache POI throws "Invalid CellReference: B3'" when it saves.
 */
const tableRef: PackageFix = {
  name: 'workbook-table-ref',
  defect: "chart tables whose ref is not their range (A1:B3' with a stray apostrophe), so Keynote and Preview drop the chart and Apache POI cannot read it",
  package: 'workbook',
  detect: (parts) => tableRanges(parts).some(wrongRef),
  apply(parts) {
    for (const t of tableRanges(parts)) {
      if (!wrongRef(t)) continue;
      setAttr(t.doc.root, 'ref', t.range);
      const filter = child(t.doc.root, 'autoFilter');
      if (filter) setAttr(filter, 'ref', t.range);
      writeXmlPart(parts, t.table, t.doc);
    }
  },
};

// ---------------------------------------------------------------------------
// workbook-styles

/** CT_Stylesheet's sequence. */
const STYLESHEET_ORDER = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];

/** The list element `name` of the stylesheet, added in schema order when absent. */
function styleList(stylesheet: XmlElement, name: string): XmlElement {
  const found = child(stylesheet, name);
  if (found) return found;
  const list = element(name, { count: 0 });
  const rank = STYLESHEET_ORDER.indexOf(name);
  const before = stylesheet.children.findIndex((c) => c.kind === 'element' && STYLESHEET_ORDER.indexOf(c.name) > rank);
  stylesheet.children.splice(before < 0 ? stylesheet.children.length : before, 0, list);
  return list;
}

/** Adds entries to a list until it has `at least`; its count then says how many it has. */
function fill(list: XmlElement, atLeast: number, entry: (index: number) => XmlElement): void {
  const entries = childElements(list).length;
  for (let i = entries; i < atLeast; i++) list.children.push(entry(i));
  setAttr(list, 'count', Math.max(entries, atLeast));
}

/**
 * Whether a sheet's text may hold an attribute named s (white space, s, =),
 * before it is parsed: pptxgenjs styles no cell, so its sheets need no
 * parse here.
 */
const MAY_STYLE = /\ss\s*=/;

/** The highest cell style index (`s`) any sheet's cell uses; -1 when none does. */
function highestStyle(parts: ReadonlyMap<string, Part>): number {
  let highest = -1;
  for (const [name, part] of parts) {
    if (!SHEET.test(name) || (typeof part === 'string' && !MAY_STYLE.test(part))) continue;
    const data = child(readXmlPart(parts, name)!.root, 'sheetData');
    for (const row of data ? childElements(data, 'row') : []) {
      const s = Number(attr(row, 's') ?? -1); // a row's style, when customFormat
      if (s > highest) highest = s;
      for (const cell of childElements(row, 'c')) {
        const cs = Number(attr(cell, 's') ?? -1);
        if (cs > highest) highest = cs;
      }
    }
  }
  return highest;
}

/** Whether the stylesheet lacks any of Excel's minimum: a font, fills 0 and 1, a border, the Normal style, a cell format per index used. */
function stylesWanting(styles: XmlDocument, highest: number): boolean {
  const count = (name: string): number => {
    const list = child(styles.root, name);
    return list ? childElements(list).length : 0;
  };
  return (
    count('fonts') < 1 || count('fills') < 2 || count('borders') < 1 || count('cellStyleXfs') < 1 || count('cellXfs') < Math.max(1, highest + 1) || count('cellStyles') < 1
  );
}

const STYLES = 'xl/styles.xml';

/**
 * pptxgenjs's stylesheet has fonts, fills and borders but no cell formats
 * (cellXfs), no cell style formats and no Normal style. Excel's smallest
 * stylesheet has all of them; openpyxl ignores one without cellXfs ("Workbook
 * contains no stylesheet, using openpyxl's defaults"), losing pptxgenjs's
 * fonts. Each cell format added is the Normal one: numFmt 0 (General), font 0.
 */
const styles: PackageFix = {
  name: 'workbook-styles',
  defect: 'a stylesheet without cell formats (cellXfs), cell style formats or the Normal style, which openpyxl rejects ("Workbook contains no stylesheet")',
  package: 'workbook',
  detect(parts) {
    const doc = readXmlPart(parts, STYLES);
    return doc !== undefined && stylesWanting(doc, highestStyle(parts));
  },
  apply(parts) {
    const text = parts.get(STYLES);
    if (text === undefined) return;
    const highest = highestStyle(parts);
    // The same stylesheet, with cells styled up to the same index, is fixed the same way.
    const fix = (): Part => {
      const doc = readXmlPart(parts, STYLES)!;
      if (!stylesWanting(doc, highest)) return text;
      fillStylesheet(doc, highest);
      return serializeXml(doc);
    };
    parts.set(STYLES, typeof text === 'string' ? stylesFixed.of(highest, text, fix) : fix());
  },
};

/**
 * Stylesheets fixed, by the highest cell style index used and their text:
 * pptxgenjs gives every chart workbook the same one, and parsing, filling
 * and writing it again for each took 20-25 ms of a 600-chart deck (CPU
 * profile).
 */
const stylesFixed = new TextMemo<number, Part>(TEXT_MEMO_MAX);

/** Adds what `stylesWanting` found missing, each as Excel's minimum has it. */
function fillStylesheet(doc: XmlDocument, highest: number): void {
  const stylesheet = doc.root;
  fill(styleList(stylesheet, 'fonts'), 1, () => element('font', {}, [element('sz', { val: 11 }), element('name', { val: 'Calibri' })]));
  // Excel reserves fills 0 and 1 for these two patterns.
  fill(styleList(stylesheet, 'fills'), 2, (i) => element('fill', {}, [element('patternFill', { patternType: i === 0 ? 'none' : 'gray125' })]));
  fill(styleList(stylesheet, 'borders'), 1, () => element('border', {}, ['left', 'right', 'top', 'bottom', 'diagonal'].map((side) => element(side))));
  fill(styleList(stylesheet, 'cellStyleXfs'), 1, () => element('xf', { numFmtId: 0, fontId: 0, fillId: 0, borderId: 0 }));
  fill(styleList(stylesheet, 'cellXfs'), Math.max(1, highest + 1), () => element('xf', { numFmtId: 0, fontId: 0, fillId: 0, borderId: 0, xfId: 0 }));
  fill(styleList(stylesheet, 'cellStyles'), 1, () => element('cellStyle', { name: 'Normal', xfId: 0, builtinId: 0 }));
}

// ---------------------------------------------------------------------------
// workbook-zero-values

/** A number cell (no t, or t="n") whose value is empty. */
function blankNumbers(sheet: XmlDocument): XmlElement[] {
  const blank: XmlElement[] = [];
  const data = child(sheet.root, 'sheetData');
  for (const row of data ? childElements(data, 'row') : []) {
    for (const cell of childElements(row, 'c')) {
      const t = attr(cell, 't');
      const v = t === undefined || t === 'n' ? child(cell, 'v') : undefined;
      if (v && textOf(v).trim() === '' && !child(cell, 'f')) blank.push(cell);
    }
  }
  return blank;
}

/**
 * pptxgenjs writes a category or bubble chart's values as `value || ''`, so
 * a 0 becomes an empty <v> while the chart's cache says 0: "Edit data" then
 * redraws the point as a gap. briefdeck's chart values are always finite
 * numbers (the report schema rejects anything else), so an empty number
 * here can only have been a 0.
 */
const zeroValues: PartFix = {
  name: 'workbook-zero-values',
  defect: "chart values of 0 written as empty cells (pptxgenjs's `value || ''`), so the data Excel opens disagrees with the chart and redraws the point as a gap",
  package: 'workbook',
  parts: /^xl\/worksheets\/[^/]+\.xml$/,
  detect: (doc) => blankNumbers(doc).length > 0,
  apply(doc) {
    for (const cell of blankNumbers(doc)) setText(child(cell, 'v')!, '0');
  },
};

// ---------------------------------------------------------------------------
// workbook-app-properties, workbook-core-properties

/**
 * pptxgenjs says its workbooks were saved by "Microsoft Macintosh Excel"
 * 16.0300: the workbook says who wrote it and claims no Office version.
 */
const appProperties = applicationName('workbook', 'Microsoft Macintosh Excel 16.0300');


const AUTHOR_ELEMENTS = ['dc:creator', 'cp:lastModifiedBy'];

/** The creator and last editor, where they are not the deck's author. */
function wrongAuthors(doc: XmlDocument, author: string): XmlElement[] {
  return childElements(doc.root).filter((e) => AUTHOR_ELEMENTS.includes(e.name) && (author === '' || textOf(e) !== author));
}

/**
 * pptxgenjs names "PptxGenJS" as the creator and last editor of every
 * workbook; the deck names its author. With no author, the workbook names
 * none (an empty dc:creator says nothing either).
 */
const coreProperties: PartFix = {
  name: 'workbook-core-properties',
  defect: 'docProps/core.xml names PptxGenJS as the creator and last editor of the workbook, not the deck\'s author',
  package: 'workbook',
  parts: /^docProps\/core\.xml$/,
  detect: (doc, cx) => wrongAuthors(doc, cx.author).length > 0,
  apply(doc, cx) {
    const wrong = wrongAuthors(doc, cx.author);
    if (wrong.length === 0) return;
    if (cx.author === '') doc.root.children = doc.root.children.filter((c) => c.kind !== 'element' || !wrong.includes(c));
    else for (const e of wrong) setText(e, cx.author);
  },
};

// ---------------------------------------------------------------------------
// workbook-unused-theme

/**
 * Whether an element or anything in it uses the workbook's theme: a theme
 * colour (`theme` attribute in SpreadsheetML, a:schemeClr), a theme font
 * (<scheme val="minor"/> in a font), or any DrawingML at all (a drawing or
 * chart inherits from the theme). Namespaces are resolved from the xmlns
 * declarations, whatever the prefixes.
 */
function usesTheme(e: XmlElement, scope: ReadonlyMap<string, string>): boolean {
  let ns = scope;
  for (const [name, value] of e.attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (ns === scope) ns = new Map(scope);
    (ns as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), decodeEntities(value));
  }
  const colon = e.name.indexOf(':');
  const uri = ns.get(colon < 0 ? '' : e.name.slice(0, colon));
  const local = e.name.slice(colon + 1);
  if (uri === DRAWINGML || local === 'schemeClr' || attr(e, 'theme') !== undefined) return true;
  if (uri === SPREADSHEETML && local === 'scheme' && attr(e, 'val') !== 'none') return true;
  return childElements(e).some((c) => usesTheme(c, ns));
}

/**
 * Before a part is parsed, whether it may use the theme (`usesTheme`) or
 * name a theme part (a .rels): each way of doing so writes "theme",
 * "scheme" or "drawingml" into the text, unless a character reference
 * spells it (a name cannot hold one). The parts unique to each workbook
 * (its sheet, table, shared strings and their rels) then need no parse.
 */
const MAY_USE_THEME = /theme|scheme|drawingml|&#/;

const mayUseTheme = (data: Part | undefined): boolean => typeof data !== 'string' || MAY_USE_THEME.test(data);

/** The theme parts of a workbook and the relationships to them, when nothing in the workbook uses them. */
function unusedThemes(parts: ReadonlyMap<string, Part>): { part: string; rels: string; relationship: XmlElement }[] {
  const themes: { part: string; rels: string; relationship: XmlElement }[] = [];
  for (const [rels, data] of parts) {
    if (!rels.endsWith('.rels') || !mayUseTheme(data)) continue;
    for (const t of targets(parts, rels)) if (t.type === `${RELATIONSHIP_TYPES}theme` && parts.has(t.part)) themes.push({ part: t.part, rels, relationship: t.relationship });
  }
  if (themes.length === 0) return [];
  const names = new Set(themes.map((t) => t.part));
  for (const [name, data] of parts) {
    if (names.has(name) || !name.endsWith('.xml') || name === CONTENT_TYPES || data instanceof Map) continue;
    if (partUsesTheme(parts, name)) return [];
  }
  return themes;
}

/**
 * `usesTheme` of a part, looked up by its text: the charts of a deck have
 * workbooks whose parts are the same but for the sheet, and parsing each
 * part of each one to look was half of this fix's time (98 ms at 600 charts).
 */
function partUsesTheme(parts: ReadonlyMap<string, Part>, name: string): boolean {
  const data = parts.get(name);
  if (!mayUseTheme(data)) return false;
  const uses = (): boolean => usesTheme(readXmlPart(parts, name)!.root, new Map());
  return typeof data === 'string' ? themeUse.of('', data, uses) : uses();
}
const themeUse = new TextMemo<'', boolean>(TEXT_MEMO_MAX);

/**
 * The theme pptxgenjs puts in every chart workbook (the stock "Office Theme",
 * 6,8 KB, 1,6 KB deflated) when nothing in the workbook uses it: its styles
 * use indexed colours and named fonts. A workbook may have no theme (Excel
 * then uses its default Office theme), so "Edit data" opens it as before; a
 * deck of 600 charts is 1 MB smaller.
 */
const unusedTheme: PackageFix = {
  name: 'workbook-unused-theme',
  defect: 'a 6,8 KB Office theme in every chart workbook that nothing in the workbook uses, which makes the deck larger',
  package: 'workbook',
  detect: (parts) => unusedThemes(parts).length > 0,
  apply(parts) {
    const themes = unusedThemes(parts);
    if (themes.length === 0) return;
    const gone = new Set<string>();
    for (const { part, rels, relationship } of themes) {
      const doc = readXmlPart(parts, rels)!;
      const id = attr(relationship, 'Id');
      doc.root.children = doc.root.children.filter((c) => c.kind !== 'element' || c.name !== 'Relationship' || attr(c, 'Id') !== id);
      writeXmlPart(parts, rels, doc);
      parts.delete(part);
      parts.delete(`${folderOf(part)}_rels/${part.slice(folderOf(part).length)}.rels`);
      gone.add(`/${part}`.toLowerCase());
    }
    const types = readXmlPart(parts, CONTENT_TYPES);
    if (!types) return;
    const drop = (c: (typeof types.root.children)[number]): boolean =>
      c.kind === 'element' && c.name === 'Override' && gone.has((attr(c, 'PartName') ?? '').toLowerCase());
    if (!types.root.children.some(drop)) return;
    types.root.children = types.root.children.filter((c) => !drop(c));
    writeXmlPart(parts, CONTENT_TYPES, types);
  },
};

export const WORKBOOK_FIXES: readonly PartFix[] = [zeroValues, appProperties, coreProperties];
export const WORKBOOK_PACKAGE_FIXES: readonly PackageFix[] = [tableRef, styles, unusedTheme];
