/**
 * How deep a YAML file nests, found without recursion. Everything that reads
 * the data walks it recursively (the `yaml` parser, toJS, zod, the text and
 * figure passes, diff, render), and a few thousand levels overflow the stack
 * of any of them: a report nests 8 levels (sections → charts → series →
 * values), so more than MAX_DEPTH is refused, located, before any of them runs.
 *
 * Two passes:
 * - `scanDepth` on the text, before the parser (whose own stack overflows at
 *   about 900 levels): an estimate from the tokens of `yaml`'s Lexer, which
 *   is not recursive. It never says more than the true depth + 1, so it never
 *   refuses a file within the limit; it may say as little as half of it
 *   (`key:` above `- item` at the same indent is two levels in one column),
 *   so a file it lets through is at most about 2 × MAX_DEPTH deep, which the
 *   parser reads safely.
 * - `measureDepth` on the parsed document, before toJS: the exact depth,
 *   following aliases (each node measured once, so a "billion laughs" costs
 *   no more than its text), and aliases that point into themselves
 *   (`place: &a [*a]`), which would make data without end.
 */
import type { Document, Node } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import type { DataPath } from '../model/data-path.js';

/** Blocks and lists inside one another: at most this many (a report needs 8). */
export const MAX_DEPTH = 64;

/** Where the text passes MAX_DEPTH, as an offset; undefined when it does not (as far as the tokens tell). */
export function scanDepth(text: string, limit = MAX_DEPTH): number | undefined {
  // Columns of the block nodes open on the current line's path; flow brackets counted apart.
  const open: number[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  let scalarNext = false;
  const enter = (col: number): void => {
    while (open.length > 0 && (open[open.length - 1] ?? 0) >= col) open.pop();
    open.push(col);
  };
  for (const token of new (yamlLib().Lexer)().lex(text)) {
    // Markers the lexer adds: not in the text.
    if (token === '\u0002' || token === '\u0018') continue;
    if (token === '\u001f') {
      scalarNext = true;
      continue;
    }
    const start = offset;
    offset += token.length;
    const col = start - lineStart;
    const type = scalarNext ? 'scalar' : yamlLib().CST.tokenType(token);
    scalarNext = false;
    switch (type) {
      case 'doc-start':
      case 'doc-end':
        open.length = 0;
        flow = 0;
        break;
      case 'flow-map-start':
      case 'flow-seq-start':
        if (flow === 0) enter(col);
        flow += 1;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar-header':
      case 'alias':
        if (flow === 0) enter(col);
        break;
      default:
        break; // spaces, newlines, comments, ":", ",", anchors and tags (they belong to the node after them)
    }
    const newline = token.lastIndexOf('\n');
    if (newline >= 0) lineStart = start + newline + 1;
    // The last node open is a leaf (a scalar, or a bracket counted in `flow` too): it is not a level.
    if (open.length + flow > limit + 1) return start;
  }
  return undefined;
}

export type DepthProblem =
  | { kind: 'too-deep'; node: Node; path: DataPath }
  | { kind: 'recursive-alias'; node: Node; alias: string; path: DataPath };

interface Frame {
  node: unknown;
  children: { node: unknown; step?: string | number }[];
  next: number;
  height: number;
}

/**
 * The exact depth of a parsed document, through its aliases: the first node
 * deeper than `limit`, or an alias inside the block it names; undefined when
 * the document is within the limit and ends.
 */
export function measureDepth(doc: Document, limit = MAX_DEPTH): DepthProblem | undefined {
  const heights = new Map<unknown, number>();
  const anchors = new Map<string, unknown>();
  const onPath = new Set<unknown>();
  const stack: Frame[] = [];
  const push = (node: unknown): DepthProblem | undefined => {
    if (yamlLib().isAlias(node)) {
      // The last node with that anchor before the alias, as `yaml` resolves it.
      const target = anchors.get(node.source);
      if (target !== undefined && onPath.has(target)) {
        return { kind: 'recursive-alias', node, alias: node.source, path: pathOf(stack) };
      }
      heights.set(node, target === undefined ? 0 : (heights.get(target) ?? 0));
      return undefined;
    }
    if (isNodeWithAnchor(node)) anchors.set(node.anchor, node);
    if (!yamlLib().isCollection(node) && !yamlLib().isPair(node)) {
      heights.set(node, 0);
      return undefined;
    }
    stack.push({ node, children: childrenOf(node), next: 0, height: 0 });
    onPath.add(node);
    return undefined;
  };
  const first = push(doc.contents);
  if (first) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const child = frame.children[frame.next];
    if (child !== undefined) {
      frame.next += 1;
      if (child.node === null || child.node === undefined) continue;
      const problem = push(child.node);
      if (problem) return problem;
      continue;
    }
    stack.pop();
    onPath.delete(frame.node);
    let childHeight = 0;
    for (const c of frame.children) childHeight = Math.max(childHeight, heights.get(c.node) ?? 0);
    // A pair is not a level of its own: the block holding it is (`yaml` makes [a: b] a list of one block).
    heights.set(frame.node, childHeight + (yamlLib().isPair(frame.node) ? 0 : 1));
  }
  if ((heights.get(doc.contents) ?? 0) <= limit) return undefined;
  return deepest(doc.contents, heights, limit);
}

/** Follows the deepest branch down to the node that passes the limit, or the alias that brings it there. */
function deepest(root: unknown, heights: Map<unknown, number>, limit: number): DepthProblem {
  let node = root;
  let depth = 0;
  const path: (string | number)[] = [];
  for (;;) {
    if (yamlLib().isAlias(node)) return { kind: 'too-deep', node, path };
    if (yamlLib().isCollection(node)) depth += 1;
    if (depth > limit || !(yamlLib().isCollection(node) || yamlLib().isPair(node))) return { kind: 'too-deep', node: node as Node, path };
    let best: { node: unknown; step?: string | number } | undefined;
    for (const child of childrenOf(node)) {
      if (best === undefined || (heights.get(child.node) ?? 0) > (heights.get(best.node) ?? 0)) best = child;
    }
    if (!best) return { kind: 'too-deep', node: node as Node, path };
    if (best.step !== undefined) path.push(best.step);
    node = best.node;
  }
}

function childrenOf(node: unknown): { node: unknown; step?: string | number }[] {
  if (yamlLib().isPair(node)) {
    return [{ node: node.key }, { node: node.value, ...(yamlLib().isScalar(node.key) ? { step: String(node.key.value) } : {}) }];
  }
  if (yamlLib().isMap(node)) return node.items.map((pair) => ({ node: pair }));
  if (yamlLib().isSeq(node)) return node.items.map((item, i) => ({ node: item, step: i }));
  return [];
}

/** The data path of the top frame's current child. */
function pathOf(stack: readonly Frame[]): DataPath {
  const path: (string | number)[] = [];
  for (const frame of stack) {
    const step = frame.children[frame.next - 1]?.step;
    if (step !== undefined) path.push(step);
  }
  return path;
}

const isNodeWithAnchor = (node: unknown): node is Node & { anchor: string } =>
  (yamlLib().isScalar(node) || yamlLib().isCollection(node)) && typeof (node as { anchor?: unknown }).anchor === 'string' && (node as { anchor: string }).anchor !== '';
