/**
 * Everything a command prints goes through here, so the rules hold for all:
 * results on stdout, problems and progress on stderr, said in the chosen
 * language; `--quiet` keeps only errors; `--json` prints one JSON document on
 * stdout instead of text; colour only where the stream is a terminal.
 */
import { formatLocation, type Diagnostic } from '../diagnostics.js';
import { say, t, type Lang, type Text } from '../i18n/catalogue.js';
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

  say(text: Text): string {
    return say(text, this.options.lang);
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
    const head = `${this.errStyle.error(this.say(t('diagnostic.error')))}: ${this.say(text)}`;
    this.terminal.err(hint ? `${head}\n  ${this.say(t('diagnostic.hint'))}: ${this.say(hint)}` : head);
  }

  /** The --json document: one per run, on stdout. */
  json(value: unknown): void {
    this.terminal.out(JSON.stringify(value, null, 2));
  }

  diagnosticJson(d: Diagnostic): DiagnosticJson {
    return {
      code: d.code,
      severity: d.severity,
      message: this.say(d.message),
      ...(d.hint ? { hint: this.say(d.hint) } : {}),
      ...(d.location ? { file: d.location.file, line: d.location.line, col: d.location.col } : {}),
      ...(d.dataPath ? { dataPath: d.dataPath } : {}),
    };
  }
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
  const where = formatLocation(d.location);
  const path = d.dataPath ? ` (${say(t('diagnostic.at', { path: d.dataPath }), lang)})` : '';
  const severity = say(t(d.severity === 'error' ? 'diagnostic.error' : 'diagnostic.warning'), lang);
  const tone = d.severity === 'error' ? style.error : style.warning;
  const head = `${where ? `${style.strong(where)}: ` : ''}${tone(severity)}: ${say(d.message, lang)}${path} ${style.faint(`[${d.code}]`)}`;
  return d.hint ? `${head}\n  ${style.faint(`${say(t('diagnostic.hint'), lang)}: ${say(d.hint, lang)}`)}` : head;
}

/** Seconds with two decimals, in the language's notation: 0.84 / 0,84. */
export function seconds(ms: number, lang: Lang): string {
  const text = (ms / 1000).toFixed(2);
  return lang === 'vi' ? text.replace('.', ',') : text;
}
