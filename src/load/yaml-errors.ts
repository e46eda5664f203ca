/**
 * The `yaml` package's errors, said in our words. Its messages are English and
 * speak of parser internals ("compact mappings", "implicit keys"): each of its
 * error codes gets a catalogue message instead, in the reader's language, and
 * the slips behind the common ones are named (a colon in unquoted text, a
 * quote or a bracket never closed, a missing comma).
 *
 * The parser's own message is read only to tell apart the cases one of its
 * codes covers; it is never shown.
 */
import type { ErrorCode } from 'yaml';
import type { DiagnosticCode } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

/** Where the parser found a problem, and what it said about it. */
export interface YamlErrorSite {
  /** The whole source text. */
  text: string;
  /** Offset of the error in `text`. */
  offset: number;
  /** The parser's English message: to tell cases apart, never shown. */
  parser: string;
}

export interface SaidYamlError {
  code: DiagnosticCode;
  message: Text;
  hint: Text;
  /** Where the mistake is, when the parser noticed it later (an unclosed [ at the [, not lines below). */
  offset?: number;
}

const syntax = (message: Text, hint: Text = t('yaml.syntax.hint')): SaidYamlError => ({ code: 'yaml-syntax', message, hint });

/**
 * A message for every error code of the parser (the compiler checks that none
 * is missing), most with the slips it usually means told apart.
 */
export const YAML_ERRORS: Readonly<Record<ErrorCode, (site: YamlErrorSite) => SaidYamlError>> = {
  ALIAS_PROPS: () => syntax(t('yaml.alias-props')),
  BAD_ALIAS: () => syntax(t('yaml.bad-alias')),
  BAD_COLLECTION_TYPE: () => syntax(t('yaml.bad-tag'), t('yaml.bad-tag.hint')),
  BAD_DIRECTIVE: () => syntax(t('yaml.bad-directive'), t('yaml.bad-directive.hint')),
  BAD_DQ_ESCAPE: ({ text, offset }) => {
    const escape = /^\\(?:x[0-9A-Fa-f]{0,2}|u[0-9A-Fa-f]{0,4}|U[0-9A-Fa-f]{0,8}|.)?/u.exec(text.slice(offset))?.[0] ?? '\\';
    return syntax(t('yaml.bad-escape', { escape }), t('yaml.bad-escape.hint'));
  },
  BAD_INDENT: (site) => flowUnclosed(site) ?? syntax(t('yaml.bad-indent'), t('yaml.indent.hint')),
  BAD_PROP_ORDER: () => syntax(t('yaml.bad-prop-order')),
  BAD_SCALAR_START: ({ text, offset }) => {
    const { before, after } = lineAt(text, offset);
    return syntax(t('yaml.bad-scalar-start', { char: after.charAt(0) || text.charAt(offset) }), quoteItHint(before, after));
  },
  BLOCK_AS_IMPLICIT_KEY: (site) => unquotedColon(site) ?? syntax(t('yaml.block-as-key'), t('yaml.block-as-key.hint')),
  BLOCK_IN_FLOW: (site) => missingFlowComma(site) ?? unquotedColon(site) ?? syntax(t('yaml.block-in-flow'), t('yaml.block-in-flow.hint')),
  DUPLICATE_KEY: ({ text, offset }) => ({
    code: 'duplicate-key',
    message: t('yaml.duplicate-key', { key: keyAt(text, offset) }),
    hint: t('yaml.duplicate-key.hint'),
  }),
  IMPOSSIBLE: () => syntax(t('yaml.unreadable')),
  KEY_OVER_1024_CHARS: (site) => unquotedColon(site) ?? syntax(t('yaml.long-key'), t('yaml.long-key.hint')),
  MISSING_CHAR: (site) => {
    const quote = /Missing closing (["'])quote/.exec(site.parser)?.[1];
    if (quote) return syntax(t('yaml.unclosed-quote', { quote }), t('yaml.unclosed-quote.hint', { quote }));
    if (/Missing , (or : )?between/.test(site.parser)) return syntax(t('yaml.flow-missing-comma'), t('yaml.flow-missing-comma.hint'));
    if (/Implicit map keys need to be followed by map values/.test(site.parser)) return syntax(t('yaml.no-colon'), t('yaml.indent.hint'));
    return flowUnclosed(site) ?? syntax(t('yaml.missing-char'), t('yaml.indent.hint'));
  },
  MULTILINE_IMPLICIT_KEY: () => syntax(t('yaml.multiline-key'), t('yaml.indent.hint')),
  MULTIPLE_ANCHORS: () => syntax(t('yaml.multiple-anchors')),
  MULTIPLE_DOCS: () => ({ code: 'several-documents', message: t('yaml.several-documents'), hint: t('yaml.several-documents.hint') }),
  MULTIPLE_TAGS: () => syntax(t('yaml.multiple-tags')),
  NON_STRING_KEY: () => syntax(t('yaml.non-string-key')),
  RESOURCE_EXHAUSTION: () => ({ code: 'too-deep', message: t('yaml.too-deep'), hint: t('yaml.too-deep.hint') }),
  TAB_AS_INDENT: () => ({ code: 'tab-indent', message: t('yaml.tab'), hint: t('yaml.tab.hint') }),
  TAG_RESOLVE_FAILED: () => syntax(t('yaml.bad-tag'), t('yaml.bad-tag.hint')),
  UNEXPECTED_TOKEN: (site) => {
    const { text, offset, parser } = site;
    if (/^Unexpected , in flow/.test(parser)) return syntax(t('yaml.stray-comma'), t('yaml.remove-it.hint'));
    if (/Unexpected flow-(seq|map)-end/.test(parser)) return syntax(t('yaml.stray-bracket', { char: text.charAt(offset) }), t('yaml.remove-it.hint'));
    if (/block-seq-ind on same line/.test(parser)) return syntax(t('yaml.dash-after-key'), t('yaml.dash-after-key.hint'));
    if (/Unexpected scalar at node end/.test(parser) && /["']\s*$/.test(lineAt(text, offset).before)) {
      return syntax(t('yaml.text-after-quote'), t('yaml.text-after-quote.hint'));
    }
    return syntax(t('yaml.unexpected'));
  },
};

/** Says a parser error in our words; an error code this table does not know (a newer `yaml`) gets the generic message. */
export function sayYamlError(code: string, site: YamlErrorSite): SaidYamlError {
  const say = (YAML_ERRORS as Readonly<Record<string, ((site: YamlErrorSite) => SaidYamlError) | undefined>>)[code];
  return say ? say(site) : syntax(t('yaml.unexpected'));
}

/** The line around `offset`, split there. */
function lineAt(text: string, offset: number): { before: string; after: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', start);
  const line = text.slice(start, newline < 0 ? text.length : newline).replace(/\r$/, '');
  const col = Math.max(0, Math.min(offset - start, line.length));
  return { before: line.slice(0, col), after: line.slice(col) };
}

/** A field name as written in a data file: `title:`, `perSlide:`. */
const FIELD_NAME = /^[A-Za-z_][\w-]*:$/;

/**
 * `title: Hội nghị: sơ kết`: YAML reads `Hội nghị` as a field inside the
 * title. The parser stops at the value; when that value holds ": " (or ends
 * with ":"), the text was meant whole and needs quotes.
 */
function unquotedColon({ text, offset }: YamlErrorSite): SaidYamlError | undefined {
  const { before, after } = lineAt(text, offset);
  const value = after.replace(/\s+#.*$/, '').trimEnd();
  // A field name and its ":" before the value (`title:`, `- Việt Nam:`), and another ": " in the value.
  if (!/^[^:\s].*:$/.test(before.trim().replace(/^-\s+/, '')) || !/:(\s|$)/.test(value)) return undefined;
  return {
    code: 'unquoted-colon',
    message: t('yaml.unquoted-colon'),
    hint: t('yaml.unquoted-colon.hint', { example: quotedExample(before, value) }),
  };
}

/** `{ value: 37.2 label: "2019" }`: a field name after a value, with no comma between them. */
function missingFlowComma({ text, offset }: YamlErrorSite): SaidYamlError | undefined {
  const { after } = lineAt(text, offset);
  const key = /^([^:,{}[\]]*?)\s+([A-Za-z_][\w-]*):\s/.exec(after);
  if (!key?.[1]?.trim()) return undefined;
  return syntax(t('yaml.flow-missing-comma'), t('yaml.flow-missing-comma.hint'));
}

/** A [ or { never closed: the parser says so in its message, with the bracket it wanted; pointed at the bracket. */
function flowUnclosed({ text, offset, parser }: YamlErrorSite): SaidYamlError | undefined {
  const close = /end with an? ([\]}])/.exec(parser)?.[1];
  if (!close) return undefined;
  const open = close === ']' ? '[' : '{';
  const said = syntax(t('yaml.flow-unclosed', { open, close }), t('yaml.flow-unclosed.hint', { close }));
  const at = openingBracket(text, offset, open, close);
  return at === undefined ? said : { ...said, offset: at };
}

/** The `open` bracket left unclosed before `offset` (brackets inside quotes are not told apart). */
function openingBracket(text: string, offset: number, open: string, close: string): number | undefined {
  let depth = 0;
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open && depth-- === 0) return i;
  }
  return undefined;
}

function quoteItHint(before: string, after: string): Text {
  return t('yaml.quote-it.hint', { example: quotedExample(before, after.replace(/\s+#.*$/, '').trimEnd()) });
}

/**
 * The line rewritten with its text in quotes, to show in a hint:
 * `title: "Hội nghị: sơ kết"`, `- "Việt Nam: nhà mạng, BTS"`, `quote: { text: "Kết quả: tốt" }`.
 * `before` is the line up to the value, `value` the value to its end.
 */
export function quotedExample(before: string, value: string): string {
  const prefix = before.trim();
  // Inside [ ] or { }, the value ends at the next comma or closing bracket.
  const flow = /[[{]/.test(prefix) ? /^(.*?)(\s*[,}\]].*)?$/.exec(value) : undefined;
  const inner = (flow?.[1] ?? value).trim();
  const rest = flow?.[2] ?? '';
  const item = /^-\s*(.*)$/.exec(prefix);
  if (item) {
    const key = item[1] ?? '';
    if (key === '') return `- ${quoted(inner)}${rest}`;
    // `- title: Kết quả: tốt` quotes the title; `- Việt Nam: nhà mạng: BTS` is one text.
    if (FIELD_NAME.test(key)) return `- ${key} ${quoted(inner)}${rest}`;
    return `- ${quoted(`${key} ${inner}`)}${rest}`;
  }
  return prefix ? `${prefix} ${quoted(inner)}${rest}` : `${quoted(inner)}${rest}`;
}

/** Text in double quotes, as YAML (and JSON) write it; long text is cut, for a hint. */
export function quoted(text: string): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : text);
}

/** The field name written at `offset` (a duplicate key), without its quotes. */
function keyAt(text: string, offset: number): string {
  const { after } = lineAt(text, offset);
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|(.+?))\s*:(?:\s|$)/.exec(after);
  const key = m?.[1] ?? m?.[2] ?? m?.[3] ?? after.trim();
  const chars = Array.from(key);
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : key;
}
