/**
 * Text safety before validation: every string of the data is brought to NFC
 * (some Vietnamese keyboards send decomposed letters, which render with
 * floating accents and break search), and characters XML 1.0 forbids are
 * refused with their location (text pasted from Word often carries U+000B).
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import type { DataPath, ParsedYaml } from '../load/yaml.js';

// Control characters but tab, newline and carriage return; lone surrogates; the non-characters U+FFFE and U+FFFF.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

export function sanitiseText(doc: ParsedYaml): { data: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // One path, extended and shortened as the walk goes; copied only for a problem found.
  const path: (string | number)[] = [];
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const bad = FORBIDDEN.exec(value);
      if (bad) diagnostics.push(forbidden(bad[0], bad.index, doc, [...path]));
      return value.normalize('NFC');
    }
    if (Array.isArray(value)) {
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        items[i] = visit(value[i]);
        path.pop();
      }
      return items;
    }
    if (value !== null && typeof value === 'object') {
      // Object.fromEntries defines each key as data, "__proto__" included.
      const entries: [string, unknown][] = [];
      for (const key of Object.keys(value)) {
        path.push(key);
        entries.push([key.normalize('NFC'), visit((value as Record<string, unknown>)[key])]);
        path.pop();
      }
      return Object.fromEntries(entries);
    }
    return value;
  };
  return { data: visit(doc.data), diagnostics };
}

function forbidden(char: string, index: number, doc: ParsedYaml, path: DataPath): Diagnostic {
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return error('forbidden-character', t('text.forbidden', { char: code, index: index + 1 }), {
    location: doc.locate(path),
    dataPath: path,
    hint: code === 'U+000B' ? t('text.forbidden-vt.hint') : t('text.forbidden.hint'),
  });
}
