/**
 * The process edge of the CLI: where text goes, whether it is a terminal, and
 * the environment. Tests pass their own; nothing else touches process.stdout.
 */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout / stderr are terminals (colours and progress only there). */
  outIsTTY: boolean;
  errIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Called once when the user presses Ctrl-C (SIGINT) or the process is asked to stop (SIGTERM); returns a way to stop listening. */
  onInterrupt(listener: (signal: InterruptSignal) => void): () => void;
  /** Ends the process now with this code: for an interrupt that must not wait for the work in progress. */
  exit(code: number): void;
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a process stopped by a signal, as shells report it: 128 + the signal's number (130, 143). */
export const interruptedExitCode = (signal: InterruptSignal): number => (signal === 'SIGINT' ? 130 : 143);

export const processTerminal: Terminal = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  outIsTTY: process.stdout.isTTY === true,
  errIsTTY: process.stderr.isTTY === true,
  env: process.env,
  onInterrupt(listener) {
    const once = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', once);
      process.off('SIGTERM', once);
      listener(signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
    };
    process.on('SIGINT', once);
    process.on('SIGTERM', once);
    return () => {
      process.off('SIGINT', once);
      process.off('SIGTERM', once);
    };
  },
  exit(code) {
    process.exit(code);
  },
};

/** Colours for one stream; every function is the identity when colour is off. */
export interface Style {
  error(text: string): string;
  warning(text: string): string;
  ok(text: string): string;
  strong(text: string): string;
  faint(text: string): string;
}

const sgr = (open: number, close: number) => (text: string): string => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string): string => text;

export const PLAIN: Style = { error: plain, warning: plain, ok: plain, strong: plain, faint: plain };
const COLOURED: Style = { error: sgr(31, 39), warning: sgr(33, 39), ok: sgr(32, 39), strong: sgr(1, 22), faint: sgr(2, 22) };

/**
 * Colour only on a terminal, never when NO_COLOR is set to anything
 * (no-color.org), and always when FORCE_COLOR asks for it (CI logs).
 */
export function styleFor(isTTY: boolean, env: NodeJS.ProcessEnv): Style {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return PLAIN;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force === '0' || force === 'false' ? PLAIN : COLOURED;
  return isTTY && env.TERM !== 'dumb' ? COLOURED : PLAIN;
}
