/**
 * Issue 15: measure.ts measures from metric tables the build writes, with no
 * font parsing at run time; its results must be the ones fontkit gave. The
 * reference is the old measure.ts (tests/helpers/fontkit-measure.ts), which
 * opens the .woff2 files and lays every run out with fontkit.
 *
 * The tables are generated here, from this source, into a temporary folder
 * (BRIEFDECK_FONT_METRICS), so the test checks the generator and the runtime
 * together rather than whatever dist/ holds.
 *
 * Every string of every report fixture (data/*.yaml, tests/fixtures/**\/*.yaml)
 * and template (templates/**\/*.yaml), whole and word by word, plus strings
 * chosen for what shaping does (ligatures, fractions, marks, other scripts),
 * in Arial, Calibri and Times New Roman, regular, bold, italic and bold
 * italic: widths exactly equal (===, not close), the same lines from wrap and
 * the same missing characters.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments, visit } from 'yaml';
import { buildMetricTables } from '../../src/fit/metrics-build.js';
import { createMeasurer, type FontSpec, type TextMeasurer } from '../../src/fit/measure.js';
import { createFontkitMeasurer } from '../helpers/fontkit-measure.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FAMILIES = ['Arial', 'Calibri', 'Times New Roman'];
const FACES = [
  { bold: false, italic: false },
  { bold: true, italic: false },
  { bold: false, italic: true },
  { bold: true, italic: true },
];
const SPECS: FontSpec[] = FAMILIES.flatMap((family) => FACES.map((face) => ({ family, ...face })));
const label = (spec: FontSpec): string => `${spec.family}${spec.bold ? ' bold' : ''}${spec.italic ? ' italic' : ''}`;

let tables: string;
const previous = process.env.BRIEFDECK_FONT_METRICS;

beforeAll(() => {
  tables = mkdtempSync(join(tmpdir(), 'briefdeck-metrics-'));
  buildMetricTables(tables, { check: false });
  process.env.BRIEFDECK_FONT_METRICS = tables;
}, 120_000);

afterAll(() => {
  if (previous === undefined) delete process.env.BRIEFDECK_FONT_METRICS;
  else process.env.BRIEFDECK_FONT_METRICS = previous;
  rmSync(tables, { recursive: true, force: true });
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** Every string value (not keys) in every document of a file, read as UTF-8 whatever it holds; broken files give what parses. */
function stringsOf(path: string): string[] {
  const found: string[] = [];
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'), { uniqueKeys: false })) {
    if (!('contents' in doc)) continue;
    visit(doc, {
      Scalar(key, node) {
        if (key !== 'key' && typeof node.value === 'string' && node.value.trim() !== '') found.push(node.value);
      },
    });
  }
  return found;
}

const corpusFiles = [
  ...yamlFiles(join(ROOT, 'data')),
  ...yamlFiles(join(ROOT, 'tests', 'fixtures')),
  ...yamlFiles(join(ROOT, 'templates')),
].sort();
const corpus = [...new Set(corpusFiles.flatMap(stringsOf))];
const words = [...new Set(corpus.flatMap((s) => s.split(/\s+/)).filter((w) => w !== ''))];

/** What shaping does beyond advances and kerning, and what other scripts do. */
const SHAPING = [
  // Carlito's ligatures, chains of them, and kerning next to them.
  'fi fl ff ffi ffl fff ffff fffi fffff ft tt tf ti tti ttt tttt tttti ftft tft fb fh fk fj ffb ffh ffk ffj fì fí fî fï ffí tì tí tî tï ttí',
  'tin thông tin tiếp tiền thiết Tiki attitude settings office efficient afflict fjord “fi” (ff) fi. ff, ti- Tí Tì',
  // Dotless i and j before marks (Arimo, Tinos), and kerning across marks.
  'i\u0301 i\u0300 i\u0303 i\u0309 i\u0304 i\u0308 j\u0301 j\u0300 ij\u0301 x\u0303 V\u0301A A\u0301V T\u0300o L\u0304T W\u0308a y\u0323 e\u0323\u0302 o\u031b\u0301',
  // Combining marks no font has, kept out of runs; Zalgo.
  'Z̴̡̪a̷͚l̸g̵o̶ t̷̢e̶x̴t̵ A\u0334V a\u035ab',
  // Digits and punctuation (a run of no script), currency, quotes.
  '0123456789 (1.234,5) −12% 3–5 1/2 ₫ € № “quoted” ‘x’ … • — « » ¿¡ © ® ™',
  // Vietnamese, every vowel with every tone, both cases.
  ...['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'].map((v) =>
    ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'].map((t) => (v + t).normalize('NFC')).join('') + ' ' + (v.toUpperCase() + 'đĐ'),
  ),
  'Do bạch kim rất quý nên sẽ dùng để lắp vô xương. HỘI NGHỊ SƠ KẾT CÔNG TÁC THÔNG TIN VÀ TRUYỀN THÔNG',
  // Other scripts: Cyrillic (with titlo marks), Greek (Carlito's contextual forms), Hebrew (RTL, points), Coptic, IPA.
  'Привет, мир! Съешь же ещё этих мягких французских булок. Ѡ҄ Ѣ҅ ѣ҆ A҄ ЁЖ',
  'Ἀθῆναι Ὅμηρος ἈἈ ἈἉ ΆΆ ΆΈ Άλφα Βήτα ϊΰ ϢϣϤ',
  'שָׁלוֹם עוֹלָם בְּרֵאשִׁית ﬠﬡ',
  'ɐɑɒ ʃʒ ˈˌ ǅ ǈ Ǳ ẞ ŉ ƒ Ŋ',
  // Spaces of every kind, and nothing drawable.
  'a\u00a0b\u2007c\u202fd\u2009e\u200af\u3000g',
  '😀 👩‍💻 🇻🇳 中文 한국어',
];

function compare(table: TextMeasurer, reference: TextMeasurer, texts: string[], specs: FontSpec[]): { compared: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let compared = 0;
  for (const spec of specs) {
    for (const text of texts) {
      const got = table.width(text, spec, 1);
      const want = reference.width(text, spec, 1);
      compared++;
      if (got !== want) mismatches.push(`${label(spec)} ${JSON.stringify(text.slice(0, 80))}: table ${got}, fontkit ${want}`);
    }
  }
  return { compared, mismatches };
}

describe('metric tables against fontkit', () => {
  it('reads a corpus worth comparing', () => {
    expect(corpusFiles.map((f) => relative(ROOT, f))).toContain('data/bo-tttt-so-ket-6-thang-2020.yaml');
    expect(corpusFiles.map((f) => relative(ROOT, f))).toContain('tests/fixtures/province-review.yaml');
    expect(corpus.length).toBeGreaterThan(1000);
    expect(words.length).toBeGreaterThan(2000);
  });

  it('gives exactly fontkit’s width for every word of the fixtures, in every font and face', () => {
    const { compared, mismatches } = compare(createMeasurer(), createFontkitMeasurer(), words, SPECS);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(words.length * SPECS.length);
  });

  it('gives exactly fontkit’s width for every whole string of the fixtures', () => {
    const { mismatches } = compare(createMeasurer(), createFontkitMeasurer(), corpus, SPECS);
    expect(mismatches).toEqual([]);
  });

  it('breaks every string into the same lines and finds the same missing characters', () => {
    const table = createMeasurer();
    const reference = createFontkitMeasurer();
    const differences: string[] = [];
    for (const spec of SPECS) {
      for (const text of corpus) {
        for (const maxWidth of [120, 400]) {
          const got = table.wrap(text, spec, 18, maxWidth);
          const want = reference.wrap(text, spec, 18, maxWidth);
          if (JSON.stringify(got) !== JSON.stringify(want)) differences.push(`${label(spec)} wrap ${maxWidth}: ${JSON.stringify(text.slice(0, 60))}`);
        }
        if (JSON.stringify(table.missingCharacters(text, spec)) !== JSON.stringify(reference.missingCharacters(text, spec))) {
          differences.push(`${label(spec)} missing: ${JSON.stringify(text.slice(0, 60))}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('finds the same missing characters in any text: pairs and lone surrogates, marks, emoji, scripts no face covers, repeats', () => {
    const table = createMeasurer();
    const reference = createFontkitMeasurer();
    const pieces = ['a', 'Ệ', 'e\u0302\u0301', '\u0301', '中', '📈', '👩\u200d💻', '\ud83d', '\ude00', '\ufe0f', '\u00a0', ' ', '\n', 'ß', 'Ω', 'ж', 'ש', 'ก', '\u0000', '\uffff', '\u{1d400}'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), fc.constantFrom(...SPECS), (parts, spec) => {
        const text = parts.join('');
        expect(table.missingCharacters(text, spec)).toEqual(reference.missingCharacters(text, spec));
      }),
      { numRuns: 400 },
    );
  });

  it('shapes as fontkit does: ligatures, dotless i, kerning across marks, other scripts', () => {
    const texts = [...SHAPING, ...SHAPING.flatMap((s) => s.split(/\s+/))];
    const { mismatches } = compare(createMeasurer(), createFontkitMeasurer(), texts, SPECS);
    expect(mismatches).toEqual([]);
  });

  it('really applies Carlito’s ligatures (a width of advances and kerning alone would differ)', () => {
    const calibri: FontSpec = { family: 'Calibri', bold: false, italic: false };
    const table = createMeasurer();
    const parts = (word: string): number => [...word].reduce((sum, ch) => sum + table.width(ch, calibri, 100), 0);
    for (const word of ['fi', 'ti', 'tt', 'ffi']) expect(table.width(word, calibri, 100)).not.toBe(parts(word));
  });
});

describe('fractions (U+2044), which fontkit measures by history', () => {
  const calibri: FontSpec = { family: 'Calibri', bold: false, italic: false };
  const FRACTIONS = ['1⁄2', '12⁄345', '⁄', '3⁄', '⁄4', '1⁄2⁄3', 'x1⁄2y', '2015⁄16'];

  /** A reference that has laid out nothing yet: the old measure.ts, loaded afresh. */
  async function freshReference(): Promise<TextMeasurer> {
    vi.resetModules();
    const { createFontkitMeasurer: create } = await import('../helpers/fontkit-measure.js');
    return create();
  }

  it('measures a fraction as fontkit does in a process that has drawn no composite fraction glyph', async () => {
    for (const text of FRACTIONS) {
      const reference = await freshReference();
      for (const spec of SPECS) expect(createMeasurer().width(text, spec, 1), `${label(spec)} ${text}`).toBe(reference.width(text, spec, 1));
    }
  });

  it('keeps measuring it so after ¼ (fontkit, had ¼ come first, would not: the one known difference)', async () => {
    const fresh = (await freshReference()).width('1⁄2', calibri, 1);
    const afterQuarter = await freshReference();
    afterQuarter.width('¼', calibri, 1);
    // ¼ is a composite: drawing it made the fraction slash's glyph object with no code point,
    // and fontkit tells a fraction slash by its glyph's cached code point: no fraction forms now.
    expect(afterQuarter.width('1⁄2', calibri, 1)).not.toBe(fresh);
    const table = createMeasurer();
    table.width('¼', calibri, 1);
    expect(table.width('1⁄2', calibri, 1)).toBe(fresh);
  });
});
