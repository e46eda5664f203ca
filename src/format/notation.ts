/**
 * Figures that would be silently misread. Vietnamese staff write a thousand
 * as 1.000, and YAML reads `value: 214.380` as the decimal 214.38: the deck
 * would say "214,38" with no word of warning. Where the deck's locale groups
 * thousands with the same "." the data uses for decimals, a number typed as
 * 1–3 digits, a dot and exactly three digits is an error: three decimals are
 * more than the locale prints anyway, so the only reading that makes sense
 * for the figure is the one YAML did not take.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import type { NumberLiteral, ParsedYaml } from '../load/yaml.js';
import { MAX_FIGURE } from '../validate/schema.js';
import { INLINE_FIGURE, inlineFigureTexts } from './inline.js';
import type { Locale } from './locale.js';
import { formatNumber } from './number.js';

const GROUPED = /^[-+]?\d{1,3}(\.\d{3})+$/;

export function checkNotation(doc: ParsedYaml, locale: Locale): Diagnostic[] {
  const literals = doc.numberLiterals().filter((n) => looksGrouped(n.source, locale));
  const inline = inlineFigureTexts(doc.data).flatMap(({ path, text }) =>
    [...text.matchAll(INLINE_FIGURE)].flatMap((m): Diagnostic[] => {
      const written = m[1] ?? '';
      const location = doc.locate(path);
      if (looksGrouped(written, locale)) return [thousands({ path, source: written, value: Number(written), location }, locale)];
      if (Math.abs(Number(written)) > MAX_FIGURE) {
        return [
          error('figure-too-large', t('figure.inline-too-large', { written, max: '10^15' }), {
            location,
            dataPath: path,
            hint: t('schema.too-large.hint'),
          }),
        ];
      }
      return [];
    }),
  );
  return [...literals.map((n) => thousands(n, locale)), ...inline];
}

/** 1.245 in a locale that writes a thousand as 1.000 and prints fewer than three decimals. */
function looksGrouped(source: string, locale: Locale): boolean {
  return locale.group === '.' && GROUPED.test(source) && locale.maxDecimals < 3;
}

function thousands(n: NumberLiteral, locale: Locale): Diagnostic {
  const plain = n.source.replace(/\./g, '').replace(/^\+/, '');
  return error(
    'thousands-separator',
    t('figure.thousands', { locale: locale.code, written: n.source, read: formatNumber(n.value, locale, { maxDecimals: 3 }), plain }),
    {
      location: n.location,
      dataPath: n.path,
      hint: t('figure.thousands.hint', { plain, decimals: locale.maxDecimals }),
    },
  );
}
