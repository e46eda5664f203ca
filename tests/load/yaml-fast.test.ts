/**
 * The fast read (js-yaml events, no positions) must give exactly the data
 * `yaml` gives, or step aside. Compared on every YAML file of the project,
 * on data written out by `yaml` in all its styles, on plain scalars built
 * from the characters number and boolean tests look at, and on mutated
 * files (where js-yaml must never accept what `yaml` refuses).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseWithPositions, parseYaml } from '../../src/load/yaml.js';
import { FAST_DEPTH, readPlainYaml } from '../../src/load/yaml-fast.js';

const ROOT = join(import.meta.dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}
const PROJECT_FILES = ['data', 'templates', 'tests/fixtures'].flatMap((d) => yamlFiles(join(ROOT, d)));

/** Data as a string that keeps what deep equality may blur: key order, -0, NaN, prototypes. */
function canonical(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const proto = Object.getPrototypeOf(value) === Object.prototype ? '' : '(odd prototype)';
  return `${proto}{${Object.keys(value)
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** When the fast read takes `text`, `yaml` reads it without a problem and to the same data and number literals. */
function expectAgreement(text: string): boolean {
  const fast = readPlainYaml(text);
  if (!fast) return false;
  const full = parseWithPositions(text, 'x.yaml');
  expect(full.diagnostics.map((d) => d.message), text).toEqual([]);
  expect(canonical(fast.data), text).toBe(canonical(full.value?.data));
  const literals = (full.value?.numberLiterals() ?? []).map(({ path, source, value }) => canonical({ path, source, value }));
  expect(fast.numbers.map(canonical), text).toEqual(literals);
  return true;
}

/** How many generated texts the fast read took: a property it never takes would prove nothing. */
let taken = 0;
let tried = 0;
const tally = (took: boolean): void => {
  tried += 1;
  if (took) taken += 1;
};
function expectMostlyTaken(share = 0.3): void {
  console.log(`fast read took ${taken} of ${tried}`);
  expect(taken / tried).toBeGreaterThan(share);
  taken = 0;
  tried = 0;
}

describe('the fast YAML read', () => {
  it('reads every YAML file of the project as yaml does, and takes the reports and the theme', () => {
    expect(PROJECT_FILES.length).toBeGreaterThan(50);
    const taken = PROJECT_FILES.filter((file) => expectAgreement(readFileSync(file, 'utf8')));
    // The common case must take the fast path, or the speed-up silently vanishes.
    for (const name of ['data/bo-tttt-so-ket-6-thang-2020.yaml', 'tests/fixtures/province-review.yaml', 'templates/default/theme.yaml']) {
      expect(taken).toContain(join(ROOT, name));
    }
  });

  it('locates through yaml, on demand, at the same place as the full read', () => {
    for (const file of PROJECT_FILES) {
      const text = readFileSync(file, 'utf8');
      if (!readPlainYaml(text)) continue;
      const lazy = parseYaml(text, file).value!;
      const full = parseWithPositions(text, file).value!;
      const lazyLiterals = lazy.numberLiterals();
      expect(lazyLiterals.map((n) => n.location)).toEqual(full.numberLiterals().map((n) => n.location));
      for (const path of [[], ['sections', 0, 'title'], ['sections', 1], ['meeting', 'nope'], ['colors', 'primary']]) {
        expect(lazy.locate(path)).toEqual(full.locate(path));
        expect(lazy.locateKey(path)).toEqual(full.locateKey(path));
        expect(lazy.sourceOf(path)).toEqual(full.sourceOf(path));
      }
    }
  });

  it('steps aside for what only yaml reads as it should', () => {
    const declined = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '? [a, b]\n: 1\n',
      'null: 1\n',
      '~: 1\n',
      '<<: {a: 1}\n',
      '1: a\n"1": b\n',
      'a: 1\na: 2\n',
      '',
      '# only a comment\n',
      'just a scalar\n',
      'values: [198,25, 203,9]\n',
      'change: { by: 18,3 }\n',
      'a: [1\n',
      'a: 1\rb: 2\r',
      'notes: >-\n  one\n\t#  two\n',
      '\n\ufeffa: 1\n',
      'a: "x\u0085y"\n',
      'a: x\u2028y\n',
      `${'- '.repeat(FAST_DEPTH + 1)}x\n`,
    ];
    for (const text of declined) expect(readPlainYaml(text), text).toBeUndefined();
    expect(readPlainYaml('values: [198, 25, 203, 9]\n')?.data).toEqual({ values: [198, 25, 203, 9] });
    expect(readPlainYaml('\ufeffa: "Tôi 😀"\n')?.data).toEqual({ a: 'Tôi 😀' });
  });

  it('reads plain scalars as yaml core schema does: numbers, booleans, nulls, text', () => {
    const scalarChars = fc.constantFrom(...'0123456789+-._eExXoOabcfilnNrstuTFI~ :#'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: scalarChars, maxLength: 10 }), (scalar) => {
        for (const text of [`value: ${scalar}\n`, `- ${scalar}\n`, `list: [${scalar}, 1]\n`, `${scalar}: 1\nx: 2\n`]) {
          tally(expectAgreement(text));
        }
      }),
      { numRuns: 2000 },
    );
    expectMostlyTaken();
  });

  it('reads data that yaml wrote, in every style, as yaml reads it back', () => {
    const text = fc.string({ unit: fc.constantFrom(...'aă ệ:#-\'"\\\n\t{}[],|>&*!%@`?0.5e'.split('')), maxLength: 24 });
    const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    const data = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(text.filter((k) => k.length > 0), tie('node'), { maxKeys: 4 }),
    })).map;
    const options = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      lineWidth: fc.constantFrom(0, 20, 80),
      indent: fc.constantFrom(2, 4),
    } as const);
    fc.assert(
      fc.property(data, options, (value, opts) => {
        tally(expectAgreement(stringify(value, opts)));
        tally(expectAgreement(stringify(value, opts).replace(/\n/g, '\r\n')));
      }),
      { numRuns: 600 },
    );
    expectMostlyTaken();
  });

  it('never takes a mutated file that yaml refuses, and reads the rest alike', () => {
    const sources = ['tests/fixtures/province-review.yaml', 'tests/fixtures/hostile-text.yaml', 'data/bo-tttt-so-ket-6-thang-2020.yaml', 'templates/default/theme.yaml'].map((f) => readFileSync(join(ROOT, f), 'utf8').slice(0, 3000));
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.string({ unit: fc.constantFrom(...' \t\n\r:-#"\'[]{},|>&*!?%@`\\.0\u0085\u2028\ufeff\u0000\u0007\u00a0'.split('')), maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 3 }), (source, edits) => {
        let text = source;
        for (const { at, remove, insert } of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        tally(expectAgreement(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) },
    );
    expectMostlyTaken(0.15);
  });
});
