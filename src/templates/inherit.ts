/**
 * Themes that extend another (`extends: default` in theme.yaml): the child's
 * theme.yaml lists only what differs. Its values are merged over the
 * parent's, map by map, so `textStyles: { title: { color: accent } }`
 * changes one value of one style and keeps the rest; a list (chartColors,
 * masters) is replaced whole; `null` removes a value the parent has (a fill
 * a print theme does not want). `name`, `description` and `extends` are the
 * theme's own, never inherited.
 *
 * The merged theme is checked as one, and each finding is located in the
 * file that wrote the value: the child's theme.yaml, or the parent's.
 */
import type { DataPath, NumberLiteral, ParsedYaml } from '../load/yaml.js';

/** Keys a theme never takes from the theme it extends. */
const OWN_KEYS = new Set(['name', 'description', 'extends']);

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The data of a theme and the themes it extends, child first, merged into one. */
export function mergeThemeData(chain: readonly unknown[]): unknown {
  const [child, ...parents] = chain;
  if (parents.length === 0 || !isMap(child)) return withoutNulls(child);
  const inherited = mergeThemeData(parents);
  const base = isMap(inherited) ? Object.fromEntries(Object.entries(inherited).filter(([k]) => !OWN_KEYS.has(k))) : {};
  const merged = mergeMaps(base, child);
  delete merged.extends;
  return merged;
}

function mergeMaps(parent: Record<string, unknown>, child: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parent };
  for (const [key, value] of Object.entries(child)) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = mergeMaps(out[key] as Record<string, unknown>, value);
    else out[key] = withoutNulls(value);
  }
  return out;
}

function withoutNulls(value: unknown): unknown {
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}

/** How many steps of `path` exist in `data`. */
function depthIn(data: unknown, path: DataPath): number {
  let node = data;
  let depth = 0;
  for (const step of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, step)) break;
    node = (node as Record<string | number, unknown>)[step];
    depth++;
  }
  return depth;
}

/**
 * The merged theme as one parsed YAML document: its data is the merge, and a
 * path is located in the file that goes furthest along it (the child first,
 * on a tie), so a value is found where it was written and a missing one
 * where it would be added.
 */
export function inheritedYaml(chain: readonly ParsedYaml[]): ParsedYaml {
  const [child] = chain;
  if (!child) throw new Error('inheritedYaml: an empty chain');
  if (chain.length === 1) return child;
  const owner = (path: DataPath): ParsedYaml => {
    if (path.length > 0 && OWN_KEYS.has(String(path[0]))) return child;
    let best = child;
    let bestDepth = depthIn(child.data, path);
    for (const doc of chain.slice(1)) {
      const depth = depthIn(doc.data, path);
      if (depth > bestDepth) [best, bestDepth] = [doc, depth];
    }
    return best;
  };
  return {
    file: child.file,
    data: mergeThemeData(chain.map((doc) => doc.data)),
    locate: (path) => owner(path).locate(path),
    locateKey: (path) => owner(path).locateKey(path),
    sourceOf: (path) => owner(path).sourceOf(path),
    numberLiterals: (): NumberLiteral[] => chain.flatMap((doc) => doc.numberLiterals().filter((n) => owner(n.path) === doc)),
  };
}
