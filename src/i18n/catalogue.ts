/**
 * Messages people read, in their language. Every sentence briefdeck says is a
 * key in a catalogue with `{name}` placeholders; code builds a `Text` (key +
 * values) and only the edge (the CLI) says it, in English or Vietnamese.
 *
 * The English catalogue is the reference: its keys and placeholders are types,
 * so `t('read.missing', { file })` fails to compile when a value is missing,
 * and each other language must have exactly the same keys (a test checks the
 * placeholders match too).
 */
import { en, vi } from './messages/index.js';
import { formatNumber } from './numbers.js';

import type { Lang } from './lang.js';

export { chooseLang, isLang, LANGS, type Lang } from './lang.js';

type English = typeof en;
export type MessageKey = keyof English;

/**
 * The `{name}`s in a message, as a union of names. Mirrors `say`'s /\{(\w+)\}/:
 * `{{{helper}}}` holds `helper`; `{{#if}}` and `{ by: -26 }` hold none.
 */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? PlaceholderName<StripBraces<Name>> | Placeholders<Rest> : never;
type StripBraces<N extends string> = N extends `{${infer R}` ? StripBraces<R> : N;
type PlaceholderName<N extends string> = N extends '' | `${string}${' ' | '#' | '/' | '…' | ':' | '.' | '-'}${string}` ? never : N;
export type ParamValue = string | number | Text;
type ParamsOf<K extends MessageKey> = { readonly [P in Placeholders<English[K]>]: ParamValue };
type ParamArgs<K extends MessageKey> = [Placeholders<English[K]>] extends [never] ? [] : [params: ParamsOf<K>];

/** A sentence to say later, in whichever language the reader chose. */
export interface Text {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, ParamValue>>;
}

export function t<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Text {
  return { key, params: params[0] ?? {} };
}

export const catalogues: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, vi };

/** The text in `lang`; numbers are written the way that language writes them (1,234.5 / 1.234,5). */
export function say(text: Text, lang: Lang = 'en'): string {
  const template = catalogues[lang][text.key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = text.params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return formatNumber(value, lang);
    return typeof value === 'string' ? value : say(value, lang);
  });
}

/** A list of names as one value: `a, b, c`. */
export const listOf = (names: readonly string[]): string => names.join(', ');

