/**
 * A collection of the young generation while nothing else runs: `watch`
 * asks for one once a rebuild is reported, while the user looks at the
 * deck. Otherwise the garbage of one rebuild (and the cold first build's) is
 * collected in the middle of a later one: scavenges of 15-23 ms in rebuilds
 * of 20-25 ms (--trace-gc). Median rebuild of the conference deck after one
 * figure changed (10 rebuilds, in process, 2 runs each): 63 ms without, 48
 * and 51 ms with this; a full collection instead made it worse (65, 86 ms).
 *
 * Node exposes `gc` only with --expose-gc; the flag set now applies to
 * contexts made after it, so the function comes from a new context and the
 * program's own global scope gets no `gc` (as jest-leak-detector does).
 */
import { createRequire } from 'node:module';

type Gc = (options?: { type?: 'minor' }) => void;

let collector: Gc | null | undefined;

/** Collects the young generation now; does nothing where this Node gives no collector. */
export function collectYoungGarbage(): void {
  if (collector === undefined) {
    try {
      // Required here, not imported: every command is registered at start, and node:v8 cost a build 5 ms.
      const require = createRequire(import.meta.url);
      (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
      const gc: unknown = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc');
      collector = typeof gc === 'function' ? (gc as Gc) : null;
    } catch {
      collector = null;
    }
  }
  collector?.({ type: 'minor' });
}
