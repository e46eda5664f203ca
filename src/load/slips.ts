/**
 * Slips YAML reads without complaint, but not as they were meant. A decimal
 * comma (the Vietnamese way to write 18,3) inside { } or [ ] splits the number
 * in two: `change: { by: 18,3 }` is `by: 18` and a field "3" with no value,
 * `values: [198,25, 203,9]` is four numbers. Each is flagged only where no
 * other reading makes sense.
 */
import type { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import { t, type Text } from '../i18n/catalogue.js';
import type { DataPath } from '../model/data-path.js';

export interface DecimalComma {
  /** The number as written, "18,3". */
  written: string;
  /** Offset of its first character. */
  offset: number;
  /** The field or list it was written in. */
  path: DataPath;
}

export function findDecimalCommas(doc: Document, text: string): DecimalComma[] {
  const found: DecimalComma[] = [];
  const walk = (node: unknown, path: DataPath): void => {
    if (yamlLib().isMap(node)) {
      if (node.flow) found.push(...inFlowMap(node, text, path));
      for (const pair of node.items) if (yamlLib().isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (yamlLib().isSeq(node)) {
      if (node.flow) found.push(...inFlowSeq(node, text, path));
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return found.sort((a, b) => a.offset - b.offset);
}

/** A plain scalar written as digits only, with an optional sign: the part of 18,3 before the comma. */
const isWholeNumber = (node: unknown): node is Scalar =>
  yamlLib().isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' && /^[-+]?\d+$/.test(node.source);
/** The part after the comma: digits only. */
const isDigits = (node: unknown): node is Scalar =>
  yamlLib().isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' && /^\d+$/.test(node.source);
const isPlainNumber = (node: unknown): node is Scalar =>
  yamlLib().isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'number' && typeof node.source === 'string';

/** `{ by: 18,3 }`: a pair with a whole number, then ",", then a key of digits with no value. */
function inFlowMap(map: YAMLMap, text: string, path: DataPath): DecimalComma[] {
  const found: DecimalComma[] = [];
  map.items.forEach((pair, i) => {
    const next = map.items[i + 1];
    if (!next || !yamlLib().isScalar(pair.key) || !isWholeNumber(pair.value) || !isDigits(next.key)) return;
    if (next.value !== null && !(yamlLib().isScalar(next.value) && next.value.value === null && next.value.source === '')) return;
    const [start = 0, end = 0] = pair.value.range ?? [];
    const [keyStart = 0, keyEnd = 0] = next.key.range ?? [];
    if (text.slice(end, keyStart) !== ',') return;
    found.push({ written: text.slice(start, keyEnd), offset: start, path: [...path, String(pair.key.value)] });
  });
  return found;
}

/**
 * `[198,25, 203,9]`: in a list of plain numbers, some separated by ", " and
 * others by a bare "," with digits straight after it, the bare ones are
 * decimal commas. A list with no ", " at all ([198,25,203,9]) could be four
 * numbers, and a run such as 1,2,3 could be anything: neither is flagged.
 */
function inFlowSeq(seq: YAMLSeq, text: string, path: DataPath): DecimalComma[] {
  const items = seq.items;
  if (items.length < 2 || !items.every(isPlainNumber)) return [];
  const separators = items.slice(1).map((item, i) => text.slice(items[i]?.range?.[1] ?? 0, item.range?.[0] ?? 0));
  const tight = separators.map((s) => s === ',');
  if (!separators.some((s) => /^[ \t]*,\s/.test(s))) return [];
  const found: DecimalComma[] = [];
  tight.forEach((isTight, i) => {
    const [left, right] = [items[i], items[i + 1]];
    if (!isTight || tight[i - 1] || tight[i + 1] || !isWholeNumber(left) || !isDigits(right)) return;
    const start = left.range?.[0] ?? 0;
    found.push({ written: text.slice(start, right.range?.[1] ?? start), offset: start, path });
  });
  return found;
}

/** How to write 18,3 in the data: 18.3; and 1,500, which may group thousands, also as 1500. */
export function decimalCommaHint(written: string): Text {
  // 1,500 as a decimal is 1.5: written 1.500 it would look like a thousand grouped with a dot.
  const decimal = String(Number(written.replace(',', '.')));
  const fraction = written.split(',')[1] ?? '';
  return fraction.length === 3
    ? t('yaml.decimal-or-thousands.hint', { decimal, whole: written.replace(',', '') })
    : t('yaml.decimal-comma.hint', { decimal, written });
}
