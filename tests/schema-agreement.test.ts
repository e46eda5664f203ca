/**
 * The published JSON Schema (schema/report.schema.json, what editors check
 * against and `briefdeck schema` prints) and the zod validator must give the
 * same verdict on every fixture: the good reports, and every broken input of
 * tests/fixtures/bad/ that is valid YAML but breaks a rule of the data format.
 *
 * Some rules live only in zod, because the JSON Schema export cannot carry
 * them (ZOD_ONLY below): for those, zod must reject while the JSON Schema
 * accepts, so the gap is written down and this test shows when it changes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/load/read.js';
import { parseYaml } from '../src/load/yaml.js';
import { reportSchema } from '../src/validate/schema.js';
import { resolveBindings } from '../src/bind/resolve.js';
import { readWorkbook } from '../src/bind/workbook.js';
import type { ParsedYaml } from '../src/load/yaml.js';
import { BAD, BASE, inputPath, loadCases, useGeneratedInputs } from './fixtures/bad/cases.js';
import { ROOT } from './helpers/build.js';


// Both packages are CommonJS: the default import is `module.exports`, which carries the class on `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** The codes of mistakes against the data format (not the bytes, the YAML, the text or the templates). */
const SCHEMA_CODES = new Set([
  'not-a-number',
  'missing-field',
  'unknown-field',
  'empty-list',
  'too-many-items',
  'invalid-value',
  'not-text',
  'empty-text',
  'wrong-type',
  'field-combination',
  'negative-figure',
  'invalid-date',
  'series-length',
  'figure-too-large',
  'part-exceeds-whole',
]);

/**
 * Broken inputs only zod catches: the JSON Schema accepts them.
 * - zod refinements are code; the export drops them. Relations between values
 *   (range low ≤ high, one value per category, ids unique across sections)
 *   cannot be said in JSON Schema at all; "exactly one of value, range, before + after, multiple" and "by or
 *   multiple" could be (oneOf / dependentRequired) but are not exported.
 *
 * Not in the list, though JSON cannot hold them: YAML's .nan and .inf (and 1e400,
 * which overflows to Infinity). One might expect a JSON Schema validator to take
 * them for numbers, but ajv's `type: number` requires a finite number, so both
 * sides reject them (nan.yaml, infinity.yaml, overflow-1e400.yaml below).
 */
const ZOD_ONLY: Record<string, string> = {
  'series-length.yaml': 'each series has one value per category (a relation between two lists)',
  'range-reversed.yaml': 'a range is [low, high] with low ≤ high (a relation between two values)',
  'stat-value-and-range.yaml': 'a statistic has exactly one of value, range, before + after, multiple',
  'stat-nothing.yaml': 'a statistic has exactly one of value, range, before + after, multiple (or only a change)',
  'stat-before-without-after.yaml': 'before and after go together',
  'change-by-and-multiple.yaml': 'a change has `by` or `multiple`, not both',
  'duplicate-section-id.yaml': 'section ids are unique (uniqueItems compares whole items, not one field)',
  'part-exceeds-whole.yaml': 'a part is no larger than its whole (a relation between two values)',
  'too-many-slides.yaml': 'at most 50.000 slides\' worth in the whole report (a sum over every list)',
  'too-many-slides-build.yaml': 'at most 50.000 slides\' worth in the whole report (a sum over every list)',
};

/** The good reports: both must accept them. */
const GOOD = [
  resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml'),
  resolve(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml'),
  BASE,
];

const schema = JSON.parse(readFileSync(resolve(ROOT, 'schema', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateJson = ajv.compile(schema);

/** The data exactly as briefdeck sees it: the same decoding and YAML parsing. */
function load(file: string): ParsedYaml {
  // FIFOs and devices (the files cases) are not data a schema can judge; reading one would block or never end.
  if (!statSync(file).isFile()) throw new Error(`${file}: not a regular file`);
  const text = decodeText(readFileSync(file), file);
  if (text.value === undefined) throw new Error(`${file}: ${JSON.stringify(text.diagnostics[0]?.message)}`);
  const parsed = parseYaml(text.value, file);
  if (!parsed.value) throw new Error(`${file}: ${JSON.stringify(parsed.diagnostics[0]?.message)}`);
  return parsed.value;
}

/**
 * The JSON Schema judges the file as written, bindings included (what an
 * editor sees); zod judges it as the build validates it, each binding
 * replaced by its cells' values.
 */
async function verdicts(file: string): Promise<{ zod: boolean; json: boolean; why: string }> {
  const doc = load(file);
  const data = doc.data;
  const bound = await resolveBindings(doc, readWorkbook);
  const zod = bound.value ? reportSchema.safeParse(bound.value.data) : reportSchema.safeParse(data);
  const json = validateJson(data);
  const why = [
    ...(zod.success ? [] : zod.error.issues.map((i) => `zod: ${i.path.join('.')}: ${i.message}`)),
    ...(validateJson.errors ?? []).map((e) => `json: ${e.instancePath} ${e.message ?? ''}`),
  ].join('\n');
  return { zod: zod.success, json: json === true, why };
}

/** Every other YAML fixture (the bad ones excepted): whatever their verdict, it must be the same. */
function otherFixtures(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && path !== BAD) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.yaml') && !GOOD.includes(path)) found.push(path);
    }
  };
  walk(resolve(ROOT, 'tests', 'fixtures'));
  return found.sort();
}

const allCases = loadCases();
const cases = allCases.filter((c) => SCHEMA_CODES.has(c.code));

const generated = useGeneratedInputs('briefdeck-agree-');

describe('the JSON Schema and the zod validator agree', () => {
  it('the schema compiles (JSON Schema 2020-12, format "date" checked)', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(validateJson({})).toBe(false);
  });

  for (const file of GOOD) {
    it(`both accept the good report ${relative(ROOT, file)}`, async () => {
      const v = await verdicts(file);
      expect(v, v.why).toMatchObject({ zod: true, json: true });
    });
  }

  for (const file of otherFixtures()) {
    it(`both give the same verdict on ${relative(ROOT, file)}`, async () => {
      const v = await verdicts(file);
      expect(v.json, v.why).toBe(v.zod);
    });
  }

  it('covers the schema cases of the corpus, and names only real ones as zod-only', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const names = new Set(cases.map((c) => c.file));
    expect(Object.keys(ZOD_ONLY).filter((f) => !names.has(f))).toEqual([]);
  });

  for (const c of cases) {
    const only = ZOD_ONLY[c.file];
    if (only) {
      it(`zod only: ${c.file} — ${only}: zod rejects, the JSON Schema accepts`, async () => {
        const v = await verdicts(inputPath(c, generated()));
        expect(v, v.why).toMatchObject({ zod: false, json: true });
      });
    } else {
      it(`both reject ${c.file} [${c.code}]: ${c.why}`, async () => {
        const v = await verdicts(inputPath(c, generated()));
        expect(v, v.why).toMatchObject({ zod: false, json: false });
      });
    }
  }

  it('gives the same verdict on the other broken inputs that are valid YAML (text, templates, whole-file cases)', () => {
    let compared = 0;
    for (const c of allCases.filter((k) => !SCHEMA_CODES.has(k.code))) {
      let data: unknown;
      try {
        data = load(inputPath(c, generated()));
      } catch {
        continue; // not readable as YAML: nothing for a schema to say
      }
      compared++;
      expect(validateJson(data), c.file).toBe(reportSchema.safeParse(data).success);
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});
