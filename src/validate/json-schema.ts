/**
 * The JSON Schema of the data format, generated from the validator's own
 * schema, with the bindings a report may write in place of values (see
 * src/bind/resolve.ts): `{ cell: … }` wherever a value goes, `{ cells: … }`
 * wherever a list of values goes, `{ rows: … }` for a list of rows, and
 * `data: …` for a chart's or a table's whole block. The validator itself
 * checks reports after their bindings are replaced by the cells' values.
 */
import * as z from 'zod';
import { reportSchema } from './schema.js';

type Node = Record<string, unknown>;

const REFERENCE = {
  type: 'string',
  pattern: '^[^!]+!.+$',
  description: 'A cell or range of a workbook (.xlsx) or CSV beside the report: FILE!SHEET!B4, FILE!SHEET!B2:D2, or FILE!B4 for a CSV or the first sheet.',
};

const BINDINGS: Record<string, Node> = {
  cellBinding: {
    type: 'object',
    properties: { cell: { ...REFERENCE, description: 'The cell this value is read from, e.g. so-lieu.xlsx!Quý III!B4.' } },
    required: ['cell'],
    additionalProperties: false,
  },
  cellsBinding: {
    type: 'object',
    properties: { cells: { ...REFERENCE, description: 'One row or one column of cells this list is read from, e.g. so-lieu.xlsx!Quý III!B2:D2.' } },
    required: ['cells'],
    additionalProperties: false,
  },
  rowsBinding: {
    type: 'object',
    properties: { rows: { ...REFERENCE, description: 'The cells these rows are read from, a row of cells a row, e.g. tinh.csv!A2:C5.' } },
    required: ['rows'],
    additionalProperties: false,
  },
};

export function reportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(reportSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  const schema = withBindings(generated, true) as Node;
  return {
    ...schema,
    $defs: { ...((schema.$defs as Node | undefined) ?? {}), ...BINDINGS },
    title: 'briefdeck report data',
  };
}

const ref = (name: keyof typeof BINDINGS): Node => ({ $ref: `#/$defs/${name}` });

const isScalar = (node: unknown): boolean => {
  const type = (node as Node | undefined)?.type;
  return type === 'number' || type === 'integer' || type === 'string' || type === 'boolean';
};

/** The schema with a binding allowed beside every value, list and block that may be bound. */
function withBindings(node: unknown, root = false): unknown {
  if (Array.isArray(node)) return node.map((n) => withBindings(n));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Node).map(([k, v]): [string, unknown] => [k, k === 'properties' ? mapValues(v as Node) : withBindings(v)]);
  let out: Node = Object.fromEntries(entries);
  if (root) return out;
  const properties = out.properties as Node | undefined;
  if (out.type === 'object' && properties) {
    // A chart or a table may name one range for its whole block instead.
    const block = (properties.categories && properties.series) || (properties.columns && properties.rows);
    if (block) {
      const parts = properties.categories ? ['categories', 'series'] : ['columns', 'rows'];
      const required = ((out.required as string[] | undefined) ?? []).filter((r) => !parts.includes(r));
      out = {
        ...out,
        properties: { ...properties, data: { ...REFERENCE, description: 'A range holding the whole block: a chart\'s categories across its first row and a series a row (named in the first column); a table\'s header row, then its rows.' } },
        required,
        anyOf: [{ required: parts }, { required: ['data'] }],
      };
    }
    return out;
  }
  if (isScalar(out)) return { anyOf: [out, ref('cellBinding')] };
  if (out.type === 'array') {
    const items = out.items as Node | undefined;
    // A list's element, or a tuple's first (a range [low, high]), bindings already beside it.
    const element = (out.prefixItems as Node[] | undefined)?.[0] ?? items;
    const inner = (element?.anyOf as unknown[] | undefined)?.[0] ?? element;
    if ((inner as Node | undefined)?.type === 'array') return { anyOf: [out, ref('rowsBinding')] };
    // A list of values may come from cells; a list of blocks (sections, statistics) may not.
    return isScalar(inner) ? { anyOf: [out, ref('cellsBinding')] } : out;
  }
  return out;
}

function mapValues(properties: Node): Node {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, withBindings(v)]));
}
