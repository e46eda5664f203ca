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

/**
 * Calls `found` with every string in `data` and its path. The path is one
 * array, extended and shortened as the walk goes (a new one per value cost
 * the walks over a 3.000-slide report tens of ms): copy it to keep it.
 * Keys `skip` accepts are not walked into.
 */
export function eachString(data: unknown, found: (text: string, path: DataPath) => void, skip?: (key: string) => boolean): void {
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') found(value, path);
    else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (skip?.(key)) continue;
        path.push(key);
        visit((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  visit(data);
}
