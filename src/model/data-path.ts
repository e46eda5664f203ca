/**
 * Data paths: where a value sits in a data file, as keys and indexes, and
 * as people read them: sections[2].stats[0].value. The loader makes them (it
 * locates every value by its path), every stage reports problems at them, and
 * a diagnostic carries one as it is (`Diagnostic.dataPath`), so they live at
 * the bottom, below every stage. The text form is for people only: it is made
 * where a problem is printed, and never read back (a key may hold "." or "[").
 */

/** Keys of maps and indexes of lists, from the document's root. */
export type DataPath = readonly (string | number)[];

/** The path as people read it: `sections[2].stats[0].value`. */
export function formatDataPath(path: DataPath): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}
