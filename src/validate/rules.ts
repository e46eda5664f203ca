/**
 * Messages of the schemas' own rules. zod keeps a check's message and a
 * refinement's params, so a rule's message is a catalogue key and its params
 * carry the key's values and the diagnostic code; validate.ts turns them back
 * into a `Text`, said later in the reader's language.
 */
import type { DiagnosticCode } from '../diagnostics.js';
import type { MessageKey, Text } from '../i18n/catalogue.js';

/** For checks that take only a message (`.min(1, …)`, `.regex(…, …)`). */
export const schemaMessage = (key: MessageKey): string => key;

/** For refinements and custom issues: the message key, its values, the code and, when it has one, the hint. */
export function schemaRule(
  text: Text,
  code?: DiagnosticCode,
  hint?: Text,
): { message: string; params: { code?: DiagnosticCode; values: Text['params']; hint?: Text } } {
  return { message: text.key, params: { ...(code ? { code } : {}), values: text.params, ...(hint ? { hint } : {}) } };
}
