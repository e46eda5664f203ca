/**
 * Font coverage: a character the theme's fonts cannot draw shows in
 * PowerPoint as a box or in a fallback face. Each one is reported once per
 * data value, with its location, as a warning: the deck is still built.
 */
import { warning, type Diagnostic } from '../diagnostics.js';
import { listOf, t } from '../i18n/catalogue.js';
import type { DataPath, ParsedYaml } from '../load/yaml.js';
import { eachString } from '../model/data-path.js';
import type { TextMeasurer } from './measure.js';

export function checkFontCoverage(data: unknown, families: readonly string[], measurer: TextMeasurer, doc: ParsedYaml): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (missing: ReadonlySet<string>, at: DataPath): void => {
    const listed = [...missing].map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
    diagnostics.push(
      warning('font-missing-glyph', t('font.missing-glyph', { fonts: listOf(families), characters: listed }), {
        location: doc.locate(at),
        dataPath: at,
        hint: t('font.missing-glyph.hint'),
      }),
    );
  };
  eachString(data, (value, path) => {
    const perFamily = families.map((family) => measurer.missingCharacters(value, { family, bold: false, italic: false }));
    if (perFamily.some((chars) => chars.length > 0)) report(new Set(perFamily.flat()), [...path]);
  });
  return diagnostics;
}
