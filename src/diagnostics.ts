/**
 * Problems are values, not exceptions: every stage returns the diagnostics it
 * found, each with a stable code, a location and a hint, so a user sees every
 * problem of a run at once. Only the CLI turns them into text and exit codes.
 */

import type { Text } from './i18n/catalogue.js';
import type { DataPath } from './model/data-path.js';

export interface SourceLocation {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when unknown. */
  col: number;
}

/** Stable codes, one per kind of mistake; the README lists them. */
export type DiagnosticCode =
  // reading a file (exit 3: it cannot be read)
  | 'file-not-found'
  | 'not-a-file'
  | 'read-failed'
  // the file's bytes and syntax
  | 'empty-file'
  | 'binary-file'
  | 'not-utf8'
  | 'too-large'
  | 'yaml-syntax'
  | 'too-deep'
  | 'duplicate-key'
  | 'tab-indent'
  // slips YAML reads without an error, or not as meant
  | 'unquoted-colon'
  | 'decimal-comma'
  | 'several-documents'
  // the data against the schema
  | 'not-a-number'
  | 'missing-field'
  | 'unknown-field'
  | 'empty-list'
  | 'too-many-items'
  | 'invalid-value'
  | 'invalid-date'
  | 'negative-figure'
  | 'series-length'
  | 'row-length'
  | 'figure-too-large'
  | 'part-exceeds-whole'
  | 'thousands-separator'
  | 'forbidden-character'
  | 'not-text'
  | 'empty-text'
  | 'wrong-type'
  | 'field-combination'
  // pictures the data names
  | 'image-not-found'
  | 'image-invalid'
  // a section picture neither described (`alt`) nor marked decorative (a warning: the deck is still written)
  | 'picture-no-alt'
  // values bound to a workbook or CSV beside the report
  | 'workbook-not-found'
  | 'workbook-invalid'
  | 'binding-invalid'
  | 'cell-invalid'
  // templates and themes
  | 'template-syntax'
  | 'template-render'
  | 'template-markup'
  | 'unknown-layout'
  | 'unknown-theme'
  | 'theme-invalid'
  // theme import: a file that is not a PowerPoint template, a theme that is there already
  | 'not-a-template'
  | 'theme-exists'
  // fitting text (warnings: the deck is still written)
  | 'fit-shrunk'
  | 'fit-split'
  | 'fit-overflow'
  | 'font-missing-glyph'
  | 'font-unmeasured'
  // the environment: SOURCE_DATE_EPOCH out of range (exit 2)
  | 'source-date-epoch'
  // writing the deck (exit 3)
  | 'write-failed'
  // the command line: an output that is one of the build's inputs (exit 2)
  | 'output-is-input';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** What is wrong, to be said in the reader's language (`say`). */
  message: Text;
  /** How to fix it. */
  hint?: Text;
  location?: SourceLocation;
  /**
   * Where in the data the problem is, as keys and indexes: `['sections', 2, 'stats', 0, 'value']`.
   * Printed as `sections[2].stats[0].value` (`formatDataPath`), only where the problem is said.
   */
  dataPath?: DataPath;
}

/** The documented exit codes of the CLI (README, "Exit codes"). */
export const ExitCode = {
  ok: 0,
  invalidInput: 1,
  usage: 2,
  io: 3,
  /** A program briefdeck needs for this command is not installed (LibreOffice for preview). */
  missingTool: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A stage result: a value when it could be produced, and what went wrong. */
export interface Result<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export function warning(code: DiagnosticCode, message: Text, extra: Omit<Diagnostic, 'code' | 'message' | 'severity'> = {}): Diagnostic {
  return { code, severity: 'warning', message, ...extra };
}

export function error(
  code: DiagnosticCode,
  message: Text,
  extra: Omit<Diagnostic, 'code' | 'message' | 'severity'> = {},
): Diagnostic {
  return { code, severity: 'error', message, ...extra };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

const IO_CODES: ReadonlySet<DiagnosticCode> = new Set(['file-not-found', 'not-a-file', 'read-failed', 'write-failed']);

/** I/O problems mean "cannot read or write", which has its own exit code. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): ExitCode {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return ExitCode.ok;
  if (errors.some((d) => d.code === 'output-is-input' || d.code === 'source-date-epoch')) return ExitCode.usage;
  if (errors.some((d) => IO_CODES.has(d.code))) return ExitCode.io;
  return ExitCode.invalidInput;
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  if (location.line <= 0) return location.file;
  return `${location.file}:${location.line}:${location.col > 0 ? location.col : 1}`;
}
