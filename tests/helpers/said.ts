/** A diagnostic with its message and hint said in a language, for assertions on the words. */
import type { Diagnostic } from '../../src/diagnostics.js';
import { say, type Lang } from '../../src/i18n/catalogue.js';

export interface SaidDiagnostic extends Omit<Diagnostic, 'message' | 'hint'> {
  message: string;
  hint?: string;
}

export function said(d: Diagnostic, lang: Lang = 'en'): SaidDiagnostic {
  return { ...d, message: say(d.message, lang), ...(d.hint ? { hint: say(d.hint, lang) } : {}) };
}
