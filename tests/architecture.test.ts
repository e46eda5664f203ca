/**
 * The shape of `src/`: no import cycles, and the pipeline's stages import
 * only earlier stages (issue 13; this is the "`madge --circular` or an
 * equivalent" that CI runs, as part of the test suite).
 *
 * The import graph is read with the TypeScript compiler's parser, so the
 * test needs no build and sees exactly what `tsc` sees: every
 * `import … from`, `export … from`, side-effect `import '…'` and dynamic
 * `import('…')` with a relative specifier, resolved the way NodeNext does
 * (`./x.js` is `./x.ts`, a folder is its `index.ts`).
 *
 * Which imports count. An import is *runtime* unless TypeScript erases it:
 * `import type …`, `export type …`, and an `import { type A, type B }` whose
 * every named binding is `type` (with `verbatimModuleSyntax` off, as here,
 * such a statement is dropped from the output; one plain binding keeps it).
 * This is read from the syntax alone: a plain `import { A }` used only as a
 * type counts as runtime, though tsc would drop it. Write `import type`.
 *
 * - Runtime imports: no cycle at all, anywhere. These are the ones that
 *   execute, so a cycle among them is an initialisation-order bug waiting
 *   to happen (a `const` read before its module ran), the reason madge
 *   exists.
 * - Type-only imports cannot cause that: they vanish. madge counts them
 *   unless told `skipTypeImports`, and a blanket rule would make every
 *   pair of files describing each other's shapes a "cycle". But the issue
 *   is also about layering ("load and validate import each other"): a type
 *   that two stages both need belongs to the lower one, or a shared module.
 *   So type-only edges count for cycles *between stage folders* (the graph
 *   collapsed to one node per stage), and inside a stage folder they are
 *   free. A type-only cycle inside one folder is two files of one module
 *   that describe each other, which is fine (there are two:
 *   validate/schema.ts ↔ validate/budget.ts, templates/load.ts ↔
 *   templates/check.ts).
 * - Layering: a stage may not import a later stage at runtime (a type from
 *   a later stage is allowed only where listed below, with its reason).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

interface Edge {
  from: string;
  to: string;
  /** True when TypeScript erases the import: it does not execute. */
  typeOnly: boolean;
  /** True for `import('…')`: runs when called, not when the module loads. */
  dynamic: boolean;
  line: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src`-relative, forward slashes: `load/yaml.ts`. */
const moduleName = (path: string): string => relative(SRC, path).split(sep).join('/');

function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // a package or node: built-in
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base,
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${moduleName(fromFile)}: cannot resolve '${specifier}'`);
}

/** Erased by TypeScript: `import type`, or every named binding `type` and no default or namespace. */
function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function exportIsTypeOnly(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  if (!clause || ts.isNamespaceExport(clause)) return false; // `export * from` re-exports values
  return clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

function importsOf(file: string, text = readFileSync(file, 'utf8')): Edge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, node: ts.Node, typeOnly: boolean, dynamic: boolean): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const target = resolveSpecifier(file, specifier.text);
    if (!target) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ from: moduleName(file), to: moduleName(target), typeOnly, dynamic, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node, importIsTypeOnly(node), false);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node, exportIsTypeOnly(node), false);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node, node.isTypeOnly, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], node, false, true);
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import('./x.js')` in a type position: erased
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(argument.literal, node, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Tarjan's strongly connected components; only those of more than one node (or a self-loop). */
function cyclicComponents(nodes: string[], next: (node: string) => string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) components.push(component.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) connect(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * One cycle through each node of a component, shortest first, as paths
 * `a.ts → b.ts → a.ts`, without repeating a cycle already listed. Every node
 * of the component is on some listed cycle, so the report names every file
 * that has to change.
 */
function cyclesIn(component: string[], next: (node: string) => string[]): string[] {
  const inside = new Set(component);
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const start of component) {
    // breadth-first from start back to start, inside the component
    const parent = new Map<string, string>();
    const queue = [start];
    let found: string[] | undefined;
    while (queue.length > 0 && !found) {
      const v = queue.shift()!;
      for (const w of next(v).filter((n) => inside.has(n)).sort()) {
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(parent.get(path[0]!)!);
          found = path;
          break;
        }
        if (!parent.has(w) && w !== start) {
          parent.set(w, v);
          queue.push(w);
        }
      }
    }
    if (!found) continue;
    // the same cycle from its smallest node, so each is listed once
    const first = found.indexOf([...found].sort()[0]!);
    const rotated = [...found.slice(first), ...found.slice(0, first)];
    const key = rotated.join(' → ');
    if (seen.has(key)) continue;
    seen.add(key);
    paths.push(`${key} → ${rotated[0]}`);
  }
  return paths;
}

/**
 * The pipeline, in order (README "How it works"), and what sits beside it.
 * A module may import its own rank and lower at runtime.
 *
 * - Rank 0 is the shared bottom every stage may use: diagnostics, timing,
 *   i18n and the deck model.
 * - `format` is shared too, but not at the bottom: it formats the values
 *   of the validated report (its inputs are validate/schema's `Stat`,
 *   `Change`, `Report`) and a locale file names the data's qualifier words
 *   (`QUALIFIERS`), so it sits right above validate. The notation check
 *   (numbers the data wrote in the wrong notation for the locale) needs the
 *   locale and the formatter, so it is format/notation.ts. Putting format
 *   at the bottom would mean moving the report schema into `model/`.
 * - `templates` is read before the data is planned (the outline and theme
 *   drive the plan) and validates its files with validate's machinery and
 *   format's locale schema, so it sits between format and plan.
 * - `theme-import` reads a PowerPoint template (with pptx's XML parser) and
 *   makes a theme's values from it, beside the pipeline like `diff`.
 * - `diff` and `preview` work on finished plans and decks; `index.ts` (the
 *   DeckBuilder) drives the pipeline; `cli/`, `commands/`, `cli.ts` and the
 *   entry points drive everything.
 */
const RANK: Record<string, number> = {
  diagnostics: 0,
  timing: 0,
  i18n: 0,
  model: 0,
  load: 1,
  // Bindings read workbooks beside the report and put their cells' values in the data, before validation.
  bind: 1,
  validate: 2,
  format: 3,
  templates: 4,
  plan: 5,
  render: 6,
  fit: 7,
  pptx: 8,
  write: 9,
  diff: 10,
  preview: 10,
  'theme-import': 10,
  index: 11,
  cli: 12,
  commands: 13,
  'cli.ts': 14,
  'help-text': 15,
  bin: 15,
  // The bundle and its loader: what bin.ts starts from, built from everything else.
  startup: 15,
};

/** The stage of a module: its top folder, or its file name for files directly in `src/` (`cli.ts` apart from `cli/`). */
function stageOf(module: string): string {
  const [top, ...rest] = module.split('/');
  if (rest.length > 0) return top!;
  return module === 'cli.ts' ? 'cli.ts' : module.replace(/\.ts$/, '');
}

/**
 * Runtime imports that go up the pipeline, each with its reason. Keep this
 * short: the fix is nearly always to move the shared piece down. An entry
 * that no longer exists fails the test, so the list stays true.
 */
const UPWARD_RUNTIME: Record<string, string> = {
  // Fitting decides how many slides a list becomes: the renderer fits each slide it builds and,
  // when a list overflows, renders it again in more pieces. fit imports nothing from render
  // (only the deck model), so this is a call down into a library, not a cycle.
  'render/render.ts → fit/fit.ts': 'the renderer fits each slide it builds, and re-renders lists that overflow',
};

/** Type-only imports that go up the pipeline, each with its reason. */
const UPWARD_TYPE: Record<string, string> = {
  'render/render.ts → fit/measure.ts': 'the renderer is handed the TextMeasurer it fits slides with',
};

const files = sourceFiles(SRC);
const edges = files.flatMap((file) => importsOf(file));
const modules = files.map(moduleName);

/** The graph of the edges `keep` keeps; with `node`, modules collapsed into groups (imports inside a group dropped). */
function graph(keep: (e: Edge) => boolean, node?: (m: string) => string): Map<string, Set<string>> {
  const name = node ?? ((m: string): string => m);
  const out = new Map<string, Set<string>>();
  for (const m of modules) out.set(name(m), out.get(name(m)) ?? new Set());
  for (const e of edges.filter(keep)) {
    const [a, b] = [name(e.from), name(e.to)];
    if (a !== b || !node) out.get(a)!.add(b);
  }
  return out;
}

function cycleReport(g: Map<string, Set<string>>): string[] {
  const next = (v: string): string[] => [...(g.get(v) ?? [])];
  return cyclicComponents([...g.keys()], next).flatMap((c) => cyclesIn(c, next));
}

describe('the import graph of src/', () => {
  it('is read: every module, and the imports we know are there', () => {
    expect(modules).toContain('index.ts');
    expect(modules.length).toBeGreaterThan(50);
    // a static import, a dynamic one, a type-only one and a re-export are all seen
    const has = (from: string, to: string, f: Partial<Edge>): boolean =>
      edges.some((e) => e.from === from && e.to === to && Object.entries(f).every(([k, v]) => e[k as keyof Edge] === v));
    expect(has('index.ts', 'load/yaml.ts', { typeOnly: false, dynamic: false })).toBe(true);
    expect(has('index.ts', 'pptx/emit.ts', { dynamic: true })).toBe(true);
    expect(has('index.ts', 'model/deck.ts', { typeOnly: true })).toBe(true);
    expect(has('i18n/catalogue.ts', 'i18n/lang.ts', { typeOnly: false })).toBe(true); // `export { … } from`
    expect(has('load/yaml.ts', 'model/data-path.ts', { typeOnly: true })).toBe(true); // `export type { … } from`
  });

  it('tells imports that run from imports TypeScript erases', () => {
    const source = [
      "import { parseYaml } from './yaml.js';",
      "import { type ParsedYaml, type NumberLiteral } from './yaml.js';",
      "import type { DataPath } from '../model/data-path.js';",
      "import { formatDataPath, type DataPath as P } from '../model/data-path.js';",
      "import './read.js';",
      "import * as images from './images.js';",
      "export type { SvgRefusal } from './svg-sandbox.js';",
      "export { sandboxSvg } from './svg-sandbox.js';",
      "export * from './depth.js';",
      "type Slips = typeof import('./slips.js');",
      "const later = () => import('../render/render.js');",
      "import { z } from 'zod';",
    ].join('\n');
    const found = importsOf(join(SRC, 'load', 'example.ts'), source).map((e) => [e.to, e.typeOnly, e.dynamic]);
    expect(found).toEqual([
      ['load/yaml.ts', false, false],
      ['load/yaml.ts', true, false],
      ['model/data-path.ts', true, false],
      ['model/data-path.ts', false, false],
      ['load/read.ts', false, false],
      ['load/images.ts', false, false],
      ['load/svg-sandbox.ts', true, false],
      ['load/svg-sandbox.ts', false, false],
      ['load/depth.ts', false, false],
      ['load/slips.ts', true, false],
      ['render/render.ts', false, true],
    ]);
  });

  it('finds the cycles it is meant to find', () => {
    const g = new Map([
      ['a.ts', new Set(['b.ts'])],
      ['b.ts', new Set(['c.ts'])],
      ['c.ts', new Set(['a.ts', 'd.ts'])],
      ['d.ts', new Set<string>()],
      ['e.ts', new Set(['e.ts'])],
    ]);
    expect(cycleReport(g)).toEqual(['a.ts → b.ts → c.ts → a.ts', 'e.ts → e.ts']);
  });

  it('has no cycle of runtime imports (static or dynamic)', () => {
    const cycles = cycleReport(graph((e) => !e.typeOnly));
    expect(cycles, `import cycles:\n  ${cycles.join('\n  ')}\n`).toEqual([]);
  });

  it('has no cycle between stage folders, type-only imports included', () => {
    const cycles = cycleReport(graph(() => true, stageOf));
    const detail = cycles.map((cycle) => {
      const stages = cycle.split(' → ');
      const links = stages.slice(1).map((to, i) => {
        const from = stages[i]!;
        const through = edges.filter((e) => stageOf(e.from) === from && stageOf(e.to) === to);
        return `    ${from} → ${to}: ${through.map((e) => `${e.from}:${e.line} → ${e.to}${e.typeOnly ? ' (type)' : ''}`).join(', ')}`;
      });
      return [`  ${cycle}`, ...links].join('\n');
    });
    expect(cycles, `cycles between stages:\n${detail.join('\n')}\n`).toEqual([]);
  });

  it('knows the stage of every module', () => {
    expect(modules.map(stageOf).filter((s) => RANK[s] === undefined)).toEqual([]);
  });

  it('has no stage importing a later stage at runtime, but the listed ones', () => {
    const upward = edges
      .filter((e) => !e.typeOnly && RANK[stageOf(e.to)]! > RANK[stageOf(e.from)]!)
      .map((e) => `${e.from} → ${e.to}`);
    const unlisted = [...new Set(upward)].filter((k) => !(k in UPWARD_RUNTIME)).sort();
    expect(unlisted, 'a stage imports a later one; move the shared piece down').toEqual([]);
    const stale = Object.keys(UPWARD_RUNTIME).filter((k) => !upward.includes(k));
    expect(stale, 'listed exceptions that no longer exist').toEqual([]);
  });

  it('has no stage importing a type from a later stage, but the listed ones', () => {
    const upward = edges
      .filter((e) => e.typeOnly && RANK[stageOf(e.to)]! > RANK[stageOf(e.from)]!)
      .map((e) => `${e.from} → ${e.to}`);
    const unlisted = [...new Set(upward)].filter((k) => !(k in UPWARD_TYPE)).sort();
    expect(unlisted, 'a stage imports a type from a later one; move the type down').toEqual([]);
    const stale = Object.keys(UPWARD_TYPE).filter((k) => !upward.includes(k));
    expect(stale, 'listed exceptions that no longer exist').toEqual([]);
  });
});
