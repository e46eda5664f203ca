/**
 * Fuzzing the templates: random edits of a copy of templates/ — theme.yaml
 * values (numbers to extremes, names to prototype keys and odd strings, keys
 * renamed or deleted), outline steps (layout, from, when, perSlide, each) and
 * layouts' attribute values (replaced, or added to an element) — either build
 * a deck, or fail with errors that are each located at a line of a real file.
 * buildDeck never throws (a throw is what the CLI reports as exit 70,
 * "internal error"). Every deck built is a well-formed package; a sample of
 * them is validated against the ECMA-376 schemas (deckcheck --no-render).
 *
 * FUZZ_RUNS=500 for a deeper local run (default 40). FUZZ_DECKCHECK=<n> sets
 * how many accepted decks deckcheck validates (default: 2, and 1 per 50 runs).
 * Replay a failure: FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/fuzz.templates.test.ts
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { isMap, isScalar, parse, parseDocument, type Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildDeck, type BuildOutput } from '../src/index.js';
import { say } from '../src/i18n/catalogue.js';
import { ROOT, TEMPLATES } from './helpers/build.js';
import { canDeckcheck, deckcheckSample } from './helpers/deckcheck.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const DECKCHECKS = Number(process.env.FUZZ_DECKCHECK ?? Math.max(2, Math.ceil(RUNS / 50)));
/** A test's time: 3 s a build, and 10 s for each deckcheck it may run (about 3 s each on an idle machine). */
const TIMEOUT = Math.max(180_000, RUNS * 3_000 + DECKCHECKS * 10_000);
const replay = {
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
};
const canCheck = canDeckcheck({ render: false });

const DATA = [resolve(ROOT, 'tests', 'fixtures', 'every-layout.yaml'), resolve(ROOT, 'tests', 'fixtures', 'province-review.yaml')];
const THEME_FILE = 'default/theme.yaml';
const OUTLINE_FILE = 'default/outline.yaml';

// ---------------------------------------------------------------------------
// Hostile values

const PROTOTYPE_KEYS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype'];
const ODD_STRINGS = ['', ' ', 'A"B', 'a<b', 'R&D', "O'Brien", '\u0007', 'Arial\u0000', '\u202e', 'x'.repeat(100), '😀', 'FFFFFF', 'zzzzzz', '12345', '-1', 'NaN'];
const EXTREME_NUMBERS = [0, -1, -0.5, 0.001, 0.01, 0.49, 0.5, 1, 1.5, 5, 5.01, 7.5, 13.333, 50, 51, 56, 57, 100, 200, 201, 400, 401, 1000, 4000, 10000, 1e9, 1e308, -1e308, Number.NaN, Infinity];
const ATTRIBUTE_VALUES = [
  ...PROTOTYPE_KEYS,
  '',
  ' ',
  '-1',
  '-0.5',
  '0',
  '0.3',
  '1',
  '3',
  '13.4',
  '56',
  '57',
  '99999',
  '1e9',
  '1e-9',
  '0x10',
  ' 1 ',
  'NaN',
  'Infinity',
  'abc',
  '50%',
  '100%',
  '150%',
  '-5%',
  '%',
  'left',
  'center',
  'middle',
  'justify',
  'true',
  'false',
  'primary',
  'FFFFFF',
  'fff',
  'body',
  'title',
  'gutter',
  'cardPadding',
  'content',
  'cover',
  'bar',
  'pie',
  '32767',
  '32768',
];
const ATTRIBUTE_NAMES = ['x', 'y', 'w', 'h', 'right', 'bottom', 'gap', 'padding', 'maxColumns', 'maxCellWidth', 'maxCellHeight', 'align', 'valign', 'color', 'style', 'region', 'numbered', 'start', 'sizeGroup', 'header', 'master', 'background', 'type', 'unit', 'highlight'];

// ---------------------------------------------------------------------------
// What can be mutated, found in the shipped templates

type Key = string | number;

/** Scalars of theme.yaml (numbers and text), and the keys of its maps of names. */
const THEME = parse(readFileSync(join(TEMPLATES, THEME_FILE), 'utf8')) as Record<string, unknown>;
const THEME_LEAVES: { path: Key[]; number: boolean }[] = [];
const THEME_KEYS: Key[][] = [];
(function visit(value: unknown, path: Key[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (path.length >= 1) THEME_KEYS.push([...path, k]);
      visit(v, [...path, k]);
    }
  } else if (typeof value === 'number' || typeof value === 'string') THEME_LEAVES.push({ path, number: typeof value === 'number' });
})(THEME, []);
const THEME_NAMES = [...new Set(Object.values(THEME).flatMap((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [])))];

const OUTLINE = parse(readFileSync(join(TEMPLATES, OUTLINE_FILE), 'utf8')) as Record<'opening' | 'section' | 'closing', unknown[]>;
const OUTLINE_STEPS = (['opening', 'section', 'closing'] as const).flatMap((part) => OUTLINE[part].map((_, i) => [part, i] as [string, number]));
const LAYOUTS = readdirSync(join(TEMPLATES, 'default', 'layouts')).map((n) => n.replace(/\.hbs$/, ''));
const FIELDS = ['lead', 'stats', 'charts', 'points', 'items', 'compare', 'quote', 'picture', 'table', 'table.rows', 'table.columns', 'meeting', 'agenda', 'closing', 'title', 'notes', 'divider', 'section.title', 'pointz', 'dividr', 'meeting.title', ...PROTOTYPE_KEYS];

/** Every attribute written in a layout, partial or master, with where its value is. */
interface AttributeSite {
  file: string;
  name: string;
  start: number;
  end: number;
}
/** Every element's start tag, where an attribute can be added. */
interface TagSite {
  file: string;
  after: number;
}
const TEMPLATE_FILES = ['layouts', 'partials', 'masters'].flatMap((folder) =>
  readdirSync(join(TEMPLATES, 'default', folder)).map((n) => `default/${folder}/${n}`),
);
const ATTRIBUTES: AttributeSite[] = [];
const TAGS: TagSite[] = [];
for (const file of TEMPLATE_FILES) {
  // Comments ({{!-- … --}}) are blanked so their text is not taken for markup.
  const text = readFileSync(join(TEMPLATES, file), 'utf8').replace(/\{\{!--[\s\S]*?--\}\}/g, (c) => ' '.repeat(c.length));
  for (const m of text.matchAll(/\s([A-Za-z]+)="([^"]*)"/g)) {
    const start = (m.index ?? 0) + m[0].length - 1 - (m[2]?.length ?? 0);
    ATTRIBUTES.push({ file, name: m[1] ?? '', start, end: start + (m[2]?.length ?? 0) });
  }
  for (const m of text.matchAll(/<([A-Za-z]+)/g)) TAGS.push({ file, after: (m.index ?? 0) + m[0].length });
}

// ---------------------------------------------------------------------------
// Mutations

type Mutation =
  | { kind: 'theme-value'; edits: { path: Key[]; value: unknown }[] }
  | { kind: 'theme-key'; path: Key[]; to: string | null }
  | { kind: 'outline'; step: [string, number]; field: 'layout' | 'from' | 'when' | 'perSlide' | 'each'; value: unknown }
  | { kind: 'attribute'; site: number; value: string }
  | { kind: 'add-attribute'; tag: number; name: string; value: string };

const number = fc.constantFrom(...EXTREME_NUMBERS);
const text = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, ...ODD_STRINGS, ...THEME_NAMES), fc.string({ maxLength: 12 }));

const themeValue: fc.Arbitrary<Mutation> = fc
  .array(
    fc.constantFrom(...THEME_LEAVES).chain((leaf) =>
      fc.record({ path: fc.constant(leaf.path), value: leaf.number ? fc.oneof({ weight: 9, arbitrary: number }, { weight: 1, arbitrary: text }) : text }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((edits) => ({ kind: 'theme-value', edits }));

const themeKey: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('theme-key' as const),
  path: fc.constantFrom(...THEME_KEYS),
  to: fc.option(fc.constantFrom(...PROTOTYPE_KEYS, 'x', 'body2'), { nil: null }),
});

const outlineStep: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('outline' as const),
  step: fc.constantFrom(...OUTLINE_STEPS),
  field: fc.constantFrom('layout' as const, 'from' as const, 'when' as const, 'perSlide' as const, 'each' as const),
}).chain((m) =>
  fc.record({
    kind: fc.constant(m.kind),
    step: fc.constant(m.step),
    field: fc.constant(m.field),
    value:
      m.field === 'layout'
        ? fc.constantFrom(...LAYOUTS, ...PROTOTYPE_KEYS, 'titel', '')
        : m.field === 'perSlide'
          ? fc.constantFrom(0, -1, 1, 2, 1.5, 10_000, Number.NaN, '3')
          : m.field === 'each'
            ? fc.constantFrom(true, false, 'yes', null)
            : fc.constantFrom(...FIELDS),
  }),
);

const attribute: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('attribute' as const),
  site: fc.nat({ max: ATTRIBUTES.length - 1 }),
  value: fc.constantFrom(...ATTRIBUTE_VALUES),
});

const addAttribute: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('add-attribute' as const),
  tag: fc.nat({ max: TAGS.length - 1 }),
  name: fc.constantFrom(...ATTRIBUTE_NAMES),
  value: fc.constantFrom(...ATTRIBUTE_VALUES),
});

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A copy of templates/ with the mutation made; returns its folder. */
function apply(m: Mutation): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefdeck-fuzz-templates-'));
  cpSync(TEMPLATES, dir, { recursive: true });
  const edit = (file: string, change: (text: string) => string): void => {
    const path = join(dir, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };
  switch (m.kind) {
    case 'theme-value':
      edit(THEME_FILE, (source) => {
        const doc = parseDocument(source);
        for (const e of m.edits) doc.setIn(e.path, e.value);
        return doc.toString();
      });
      break;
    case 'theme-key':
      edit(THEME_FILE, (source) => {
        const doc = parseDocument(source);
        if (m.to === null) doc.deleteIn(m.path);
        else {
          const parent = doc.getIn(m.path.slice(0, -1), true);
          const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === m.path.at(-1)) : undefined;
          if (pair) (pair.key as Scalar).value = m.to;
        }
        return doc.toString();
      });
      break;
    case 'outline':
      edit(OUTLINE_FILE, (source) => {
        const doc = parseDocument(source);
        doc.setIn([...m.step, m.field], m.value);
        return doc.toString();
      });
      break;
    case 'attribute': {
      const site = ATTRIBUTES[m.site]!;
      edit(site.file, (source) => source.slice(0, site.start) + escapeAttribute(m.value) + source.slice(site.end));
      break;
    }
    case 'add-attribute': {
      const tag = TAGS[m.tag]!;
      edit(tag.file, (source) => `${source.slice(0, tag.after)} ${m.name}="${escapeAttribute(m.value)}"${source.slice(tag.after)}`);
      break;
    }
  }
  return dir;
}

// ---------------------------------------------------------------------------
// The contract

/** Every XML part of the package parses. */
function packageProblems(pptx: Uint8Array): string[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(pptx);
  } catch (e) {
    return [`not a zip: ${String(e)}`];
  }
  return Object.entries(files).flatMap(([name, bytes]) => {
    if (!/\.(?:xml|rels)$/.test(name)) return [];
    const parser = new SaxesParser();
    let failure: string | undefined;
    parser.on('error', (e) => (failure ??= e.message));
    try {
      parser.write(strFromU8(bytes)).close();
    } catch (e) {
      failure ??= String(e);
    }
    return failure ? [`${name} is not well-formed: ${failure}`] : [];
  });
}

const lineCount = (file: string): number => readFileSync(file, 'utf8').split('\n').length;

/** Errors each at a line of a file that exists; a deck only without errors, and then a sound package. */
function problemsOf(out: BuildOutput): string[] {
  const problems: string[] = [];
  const errors = out.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) {
    const where = d.location;
    const said = `[${d.code}] ${say(d.message)}`;
    if (!where || !where.file) problems.push(`not located: ${said}`);
    else if (!existsSync(where.file)) problems.push(`located in a file that does not exist (${where.file}): ${said}`);
    else if (!(where.line >= 1 && where.line <= lineCount(where.file))) problems.push(`no line of ${where.file} (line ${where.line}): ${said}`);
  }
  if (out.pptx) {
    if (errors.length > 0) problems.push(`a deck was built despite errors: ${errors.map((d) => say(d.message)).join('; ')}`);
    problems.push(...packageProblems(out.pptx));
  } else if (errors.length === 0) problems.push('no deck and no error to say why');
  return problems;
}

// A sample of the accepted decks, spread over the run, goes through the schema checks.
const sample = deckcheckSample(DECKCHECKS, RUNS * 0.3);
const tally = { built: 0, refused: 0 };

async function check(m: Mutation, dataIndex: number): Promise<void> {
  // Removed when the case passes; a failing case's templates are kept, to look at.
  const dir = apply(m);
  let out: BuildOutput;
  try {
    out = await buildDeck({ data: DATA[dataIndex]!, templates: dir });
  } catch (e) {
    throw new Error(`mutation ${JSON.stringify(m)} threw (the CLI's exit 70): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const problems = problemsOf(out);
  if (out.pptx) {
    tally.built += 1;
    problems.push(...sample.check(out.pptx));
  } else tally.refused += 1;
  if (problems.length > 0) throw new Error(`mutation ${JSON.stringify(m)} (data ${DATA[dataIndex]}, templates ${dir}):\n  ${problems.join('\n  ')}`);
  rmSync(dir, { recursive: true, force: true });
}

const data = fc.nat({ max: DATA.length - 1 });

describe('mutated templates', () => {
  it('theme values build a sound deck or fail at their line', { timeout: TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: themeValue }, { weight: 1, arbitrary: themeKey }), data, check), {
      numRuns: Math.ceil(RUNS * 0.4),
      ...replay,
    });
  });

  it('outline steps build a sound deck or fail at their line', { timeout: TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(outlineStep, data, check), { numRuns: Math.ceil(RUNS * 0.2), ...replay });
  });

  it("layouts' attribute values build a sound deck or fail at their line", { timeout: TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(attribute, addAttribute), data, check), { numRuns: Math.ceil(RUNS * 0.4), ...replay });
  });

  it.skipIf(!canCheck)('deckcheck validated a sample of the accepted decks', { timeout: 120_000 }, async () => {
    // The draws may all be refused (0 of 40 built in about 1 run in 100): the sample then takes a deck of
    // the shipped templates, so a run still sees the check itself pass on a deck.
    if (tally.built === 0) {
      const out = await buildDeck({ data: DATA[0]!, templates: TEMPLATES });
      expect(out.pptx).toBeDefined();
      expect(sample.check(out.pptx!)).toEqual([]);
    }
    // With FUZZ_SEED replaying one case, there may be nothing accepted to sample.
    if (replay.seed === undefined) expect(sample.checked, `${tally.built} built, ${tally.refused} refused`).toBeGreaterThan(0);
    console.log(`fuzz.templates: ${tally.built} decks built, ${tally.refused} refused with located errors, ${sample.checked} deckchecked`);
  });
});
