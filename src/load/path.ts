/**
 * Data paths: where a value sits in the data file, as keys and indexes, and
 * as people read them: sections[2].stats[0].value. The loader makes them (it
 * locates every value by its path), so they live here, below every stage
 * that reports a problem at one.
 */

/** Keys of maps and indexes of lists, from the document's root. */
export type DataPath = readonly (string | number)[];

export function formatDataPath(path: DataPath): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}

export function parseDataPath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}
