/**
 * Everything a command prints goes through here, so the rules hold for all:
 * results on stdout, problems and progress on stderr, said in the chosen
 * language; `--quiet` keeps only errors; `--json` prints one JSON document on
 * stdout instead of text; colour only where the stream is a terminal.
 * Every value a message holds (a file name, a YAML key, a text from the data)
 * is printed with its control characters escaped, so none can drive the
 * terminal (ESC [2J clears it); in a problem line, not even a line break, so
 * one problem stays one line.
 */
import { formatLocation, type Diagnostic } from '../diagnostics.js';
import { say, t, type Lang, type ParamValue, type Text } from '../i18n/catalogue.js';
import { formatDataPath } from '../model/data-path.js';
import { styleFor, type Style, type Terminal } from './terminal.js';

export interface OutputOptions {
  lang: Lang;
  quiet: boolean;
  json: boolean;
}

export class Output {
  private readonly outStyle: Style;
  private readonly errStyle: Style;

  constructor(
    private readonly terminal: Terminal,
    readonly options: OutputOptions,
  ) {
    this.outStyle = styleFor(terminal.outIsTTY, terminal.env);
    this.errStyle = styleFor(terminal.errIsTTY, terminal.env);
  }

  get lang(): Lang {
    return this.options.lang;
  }

  /** A message with its values made safe to print; line breaks are kept (layouts wraps its lists), see `escapeControls`. */
  say(text: Text): string {
    return say(safeText(text, { lineBreaks: true }), this.options.lang);
  }

  /** What the command produced (a path, "valid"): stdout, unless --quiet or --json. */
  result(text: Text, tone: 'ok' | 'error' | 'plain' = 'plain'): void {
    if (this.options.quiet || this.options.json) return;
    const line = this.say(text);
    this.terminal.out(tone === 'plain' ? line : this.outStyle[tone](line));
  }

  /** A line for a person watching (what is happening, how long it took): stderr, on a terminal only. */
  progress(text: Text): void {
    if (this.options.quiet || this.options.json || !this.terminal.errIsTTY) return;
    this.terminal.err(this.errStyle.faint(this.say(text)));
  }

  /** An event worth a line even when stderr is not a terminal (watch's rebuilds): stdout, unless --quiet or --json. */
  note(text: Text): void {
    if (this.options.quiet || this.options.json) return;
    this.terminal.out(this.say(text));
  }

  /** Something the user should know whatever the terminal (the previous deck is kept): stderr, unless --quiet or --json. */
  notice(text: Text): void {
    if (this.options.quiet || this.options.json) return;
    this.terminal.err(this.say(text));
  }

  /** Problems, one line each plus the hint: stderr. With --quiet, errors only; with --json, none (they go in the document). */
  diagnostics(diagnostics: readonly Diagnostic[]): void {
    if (this.options.json) return;
    for (const d of diagnostics) {
      if (this.options.quiet && d.severity !== 'error') continue;
      this.terminal.err(formatDiagnostic(d, this.options.lang, this.errStyle));
    }
  }

  /** A problem with the command line itself (not with a file): `error: …` and a hint. Printed even with --json. */
  usageError(text: Text, hint?: Text): void {
    const said = (m: Text): string => say(safeText(m), this.options.lang); // one line, like a diagnostic
    const head = `${this.errStyle.error(said(t('diagnostic.error')))}: ${said(text)}`;
    this.terminal.err(hint ? `${head}\n  ${said(t('diagnostic.hint'))}: ${said(hint)}` : head);
  }

  /** The --json document: one per run, on stdout. Values are kept; C1 controls and DEL are written as \u escapes (JSON escapes C0 itself). */
  json(value: unknown): void {
    this.terminal.out(jsonSafe(JSON.stringify(value, null, 2)));
  }

  /** One JSON value on one line (watch --json's events), escaped as `json` escapes. */
  jsonLine(value: unknown): void {
    this.terminal.out(jsonSafe(JSON.stringify(value)));
  }

  diagnosticJson(d: Diagnostic): DiagnosticJson {
    const dataPath = dataPathOf(d);
    return {
      code: d.code,
      severity: d.severity,
      message: this.say(d.message),
      ...(d.hint ? { hint: this.say(d.hint) } : {}),
      ...(d.location ? { file: d.location.file, line: d.location.line, col: d.location.col } : {}),
      ...(dataPath ? { dataPath } : {}),
    };
  }
}

/** A diagnostic's data path as people read it (`sections[2].stats[0].value`); empty when it has none. */
function dataPathOf(d: Diagnostic): string {
  return d.dataPath ? formatDataPath(d.dataPath) : '';
}

/** A diagnostic in --json output: said in the chosen language, the location flattened. */
export interface DiagnosticJson {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  file?: string;
  line?: number;
  col?: number;
  dataPath?: string;
}

/** One line `file:line:col: error: message (at path) [code]`, then the hint on the next line. */
export function formatDiagnostic(d: Diagnostic, lang: Lang, style: Style): string {
  const said = (text: Text): string => say(safeText(text), lang);
  const where = escapeControls(formatLocation(d.location));
  const dataPath = dataPathOf(d);
  const path = dataPath ? ` (${said(t('diagnostic.at', { path: dataPath }))})` : '';
  const severity = said(t(d.severity === 'error' ? 'diagnostic.error' : 'diagnostic.warning'));
  const tone = d.severity === 'error' ? style.error : style.warning;
  const head = `${where ? `${style.strong(where)}: ` : ''}${tone(severity)}: ${said(d.message)}${path} ${style.faint(`[${d.code}]`)}`;
  return d.hint ? `${head}\n  ${style.faint(`${said(t('diagnostic.hint'))}: ${said(d.hint)}`)}` : head;
}

/** C0 controls but tab, DEL and C1 controls (U+009B is a one-character ESC [): what a terminal may act on. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** A value as it can be printed: ESC as \x1b, a line break as \n (or kept); everything else as it is. */
export function escapeControls(value: string, { lineBreaks = false } = {}): string {
  return value.replace(CONTROL, (c) => {
    if (c === '\n') return lineBreaks ? c : '\\n';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** A message with every value in it (nested messages too) escaped; the catalogue's own words are left as written. */
function safeText(text: Text, options: { lineBreaks?: boolean } = {}): Text {
  const params: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(text.params)) {
    params[name] = typeof value === 'string' ? escapeControls(value, options) : typeof value === 'number' ? value : safeText(value, options);
  }
  return { key: text.key, params };
}

const jsonSafe = (json: string): string => json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Seconds with two decimals, in the language's notation: 0.84 / 0,84. */
export function seconds(ms: number, lang: Lang): string {
  const text = (ms / 1000).toFixed(2);
  return lang === 'vi' ? text.replace('.', ',') : text;
}
