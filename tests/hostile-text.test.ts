/**
 * Data full of <, &, quotes, ]]>, emoji and decomposed (NFD) Vietnamese: the
 * slides show it exactly as typed, in NFC, and the package still passes
 * deckcheck (run when ../shared/tools/deckcheck and LibreOffice are present).
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, ROOT } from './helpers/build.js';
import { canDeckcheck, deckcheck } from './helpers/deckcheck.js';
import { openDeck, type OpenedDeck } from './helpers/pptx.js';

const FIXTURE = resolve(ROOT, 'tests', 'fixtures', 'hostile-text.yaml');
const canCheck = canDeckcheck({ render: true });

let bytes: Uint8Array;
let deck: OpenedDeck;
beforeAll(async () => {
  const built = await buildOnce(FIXTURE);
  // Only warnings: Arial has no emoji, and the deck is still built.
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(new Set(built.diagnostics.map((d) => d.code))).toEqual(new Set(['font-missing-glyph']));
  bytes = built.pptx!;
  deck = openDeck(bytes);
});

describe('hostile text', () => {
  it('reaches the slides exactly as typed, composed to NFC', () => {
    const all = Array.from({ length: deck.slideCount }, (_, i) => deck.slideText(i + 1)).join('\n');
    expect(all).toContain(`Hội nghị <b>&amp; "trích dẫn" 'đơn' ]]> 📈🇻🇳`);
    expect(all).toContain(`<script>alert('x')</script>`);
    expect(all).toContain(`Tom & Jerry "quoted" 'single' ]]> <![CDATA[ x ]]>`);
    expect(all).toContain('Tiếng Việt tổ hợp: ặ ỗ ự ể ữ');
    expect(all).toContain('{{constructor}} {{#each this}}x{{/each}}');
    expect(all).toContain('Emoji 👩‍💻 🇻🇳 ✅');
    expect(all).toBe(all.normalize('NFC'));
    expect(all).not.toMatch(/\u0323|\u0302/); // no combining marks left over
  });

  it('keeps the document properties well-formed (pptxgenjs writes Company unescaped)', () => {
    expect(deck.parts.get('docProps/app.xml')).toContain('<Company>Sở &lt;TT&amp;TT&gt; &quot;Hà Nội&quot;</Company>');
  });

  it.skipIf(!canCheck)('passes deckcheck: schema, package and render', () => {
    const r = deckcheck(bytes, { render: true });
    expect(r.stdout).toMatch(/SUMMARY .*schema_errors=0 .*=> PASS/);
    expect(r.status).toBe(0);
  }, 180_000);
});

if (!canCheck) console.warn('SKIPPED: deckcheck of the hostile-text deck (needs ../shared/tools/deckcheck, LibreOffice and xmllint)');
