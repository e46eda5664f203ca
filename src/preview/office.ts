/**
 * The process edge of `preview`: finds LibreOffice (soffice) and poppler's
 * pdftoppm, and runs them: the deck to a PDF, the PDF to one PNG per page.
 * Each run has its own throw-away LibreOffice profile (so it works while the
 * user has LibreOffice open), arguments as arrays (no shell), a time limit,
 * and failures come back as values with a message to say, never as throws.
 */
import { constants } from 'node:fs';
import { createRequire } from 'node:module';
import { access, mkdir, readdir, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExitCode } from '../diagnostics.js';
import { t, type Text } from '../i18n/catalogue.js';

/** Something that stopped the preview: what to say, how to fix it, the exit code. */
export interface Problem {
  message: Text;
  hint?: Text;
  exitCode: number;
}

export type Step<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const fail = (message: Text, hint: Text | undefined, exitCode: number): { ok: false; problem: Problem } => ({
  ok: false,
  problem: { message, ...(hint ? { hint } : {}), exitCode },
});

export interface Tools {
  soffice: string;
  pdftoppm: string;
}

/** 128 + SIGINT: the shell's exit code for "stopped by Ctrl-C". */
export const INTERRUPTED = 130;

/** LibreOffice takes seconds on a normal deck; minutes means it hangs. */
export const CONVERT_TIMEOUT_MS = 180_000;
export const RASTERIZE_TIMEOUT_MS = 120_000;

/**
 * soffice (BRIEFDECK_SOFFICE when set, else `soffice` or `libreoffice` on
 * PATH, else where the installers put it on macOS and Windows) and pdftoppm.
 * Every missing tool is reported, so one run says everything to install.
 */
export async function findTools(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<{ tools?: Tools; problems: Problem[] }> {
  const problems: Problem[] = [];
  let soffice: string | undefined;
  const pinned = env.BRIEFDECK_SOFFICE;
  if (pinned !== undefined && pinned !== '') {
    if (await isProgram(pinned, platform)) soffice = pinned;
    else problems.push({ message: t('preview.bad-soffice', { path: pinned }), hint: t('preview.bad-soffice.hint'), exitCode: ExitCode.missingTool });
  } else {
    soffice = (await onPath(['soffice', 'libreoffice'], env, platform)) ?? (await firstProgram(installedLibreOffice(env, platform), platform));
    if (!soffice) problems.push({ message: t('preview.no-soffice'), hint: t('preview.no-soffice.hint'), exitCode: ExitCode.missingTool });
  }
  const pdftoppm = await onPath(['pdftoppm'], env, platform);
  if (!pdftoppm) problems.push({ message: t('preview.no-pdftoppm'), hint: t('preview.no-pdftoppm.hint'), exitCode: ExitCode.missingTool });
  return soffice && pdftoppm ? { tools: { soffice, pdftoppm }, problems } : { problems };
}

async function onPath(names: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter((d) => d !== '');
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '') : [''];
  for (const name of names) {
    const found = await firstProgram(
      dirs.flatMap((dir) => extensions.map((ext) => join(dir, name + ext))),
      platform,
    );
    if (found) return found;
  }
  return undefined;
}

/** Where the LibreOffice installers put soffice when it is not on PATH. */
function installedLibreOffice(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['/Applications/LibreOffice.app/Contents/MacOS/soffice'];
  if (platform === 'win32') {
    return [env.ProgramFiles, env['ProgramFiles(x86)']]
      .filter((dir): dir is string => dir !== undefined && dir !== '')
      .map((dir) => join(dir, 'LibreOffice', 'program', 'soffice.exe'));
  }
  return [];
}

async function firstProgram(candidates: readonly string[], platform: NodeJS.Platform): Promise<string | undefined> {
  for (const candidate of candidates) if (await isProgram(candidate, platform)) return candidate;
  return undefined;
}

async function isProgram(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** The process could not be started (ENOENT, EACCES…). */
  spawnError?: string;
}

/**
 * Runs a program with an argument array, no shell. On POSIX it gets its own
 * process group, so a time-out or Ctrl-C stops soffice.bin too, not only the
 * soffice launcher script.
 */
export function runProgram(command: string, args: readonly string[], { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<Ran> {
  // Required here, not imported: every command registers preview, and loading child_process (with net
  // and dgram) took 5,7 ms of each start, a build's too.
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return new Promise((done) => {
    const group = process.platform !== 'win32';
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: group, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let aborted = false;
    const keep = (s: string, chunk: string): string => (s.length > 64_000 ? s : s + chunk);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout = keep(stdout, c)));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = keep(stderr, c)));
    const stop = (): void => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const finish = (ran: Omit<Ran, 'stdout' | 'stderr' | 'timedOut' | 'aborted'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      done({ ...ran, stdout, stderr, timedOut, aborted });
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish({ status: null, signal: null, spawnError: e.code ?? e.message }));
    child.on('close', (status, sig) => finish({ status, signal: sig }));
  });
}

/** The deck to a PDF in `workDir`, by LibreOffice with a profile of its own. */
export async function convertToPdf(soffice: string, deck: string, workDir: string, signal?: AbortSignal): Promise<Step<string>> {
  const profile = join(workDir, 'profile');
  const outDir = join(workDir, 'pdf');
  await mkdir(outDir, { recursive: true });
  const ran = await runProgram(
    soffice,
    [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--invisible',
      '--nologo',
      '--nodefault',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      deck,
    ],
    { timeoutMs: CONVERT_TIMEOUT_MS, signal },
  );
  const problem = ranProblem(ran, 'LibreOffice', CONVERT_TIMEOUT_MS);
  if (problem) return { ok: false, problem };
  // soffice says "Error: source file could not be loaded" and still exits 0: the PDF is the proof.
  const pdf = (await readdir(outDir)).find((f) => f.toLowerCase().endsWith('.pdf'));
  if (!pdf) return fail(t('preview.convert-failed', { deck, detail: lastLine(ran) || t('preview.no-detail') }), t('preview.convert-failed.hint', { deck }), ExitCode.io);
  return { ok: true, value: join(outDir, pdf) };
}

/** One PNG per PDF page, at `dpi`, in page order. */
export async function rasterize(pdftoppm: string, pdf: string, workDir: string, dpi: number, signal?: AbortSignal): Promise<Step<string[]>> {
  const outDir = join(workDir, 'png');
  await mkdir(outDir, { recursive: true });
  const ran = await runProgram(pdftoppm, ['-png', '-r', String(dpi), pdf, join(outDir, 'page')], { timeoutMs: RASTERIZE_TIMEOUT_MS, signal });
  const problem = ranProblem(ran, 'pdftoppm', RASTERIZE_TIMEOUT_MS);
  if (problem) return { ok: false, problem };
  // pdftoppm pads page numbers to the width of the last one (page-1, page-01, page-001): sort by number.
  const pages = (await readdir(outDir))
    .map((f) => ({ f, n: Number(/^page-(\d+)\.png$/.exec(f)?.[1]) }))
    .filter((p) => Number.isInteger(p.n))
    .sort((a, b) => a.n - b.n)
    .map((p) => join(outDir, p.f));
  if (pages.length === 0) return fail(t('preview.no-pages', { pdf }), undefined, ExitCode.io);
  return { ok: true, value: pages };
}

/** Why a run failed, in words; undefined when it did not. */
function ranProblem(ran: Ran, tool: string, timeoutMs: number): Problem | undefined {
  if (ran.aborted) return { message: t('preview.interrupted'), exitCode: INTERRUPTED };
  if (ran.spawnError) return { message: t('preview.tool-not-started', { tool, reason: ran.spawnError }), hint: t('preview.tool-not-started.hint'), exitCode: ExitCode.missingTool };
  if (ran.timedOut) return { message: t('preview.tool-timeout', { tool, seconds: timeoutMs / 1000 }), hint: t('preview.tool-timeout.hint'), exitCode: ExitCode.io };
  if (ran.status !== 0) {
    const how = ran.status === null ? t('preview.killed', { signal: ran.signal ?? '?' }) : t('preview.exit-status', { status: String(ran.status) });
    return { message: t('preview.tool-failed', { tool, how, detail: lastLine(ran) || t('preview.no-detail') }), exitCode: ExitCode.io };
  }
  return undefined;
}

/** The last thing the program said, without LibreOffice's harmless Java warning. */
function lastLine(ran: Ran): string {
  const lines = `${ran.stdout}\n${ran.stderr}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/javaldx|^convert .* using filter/i.test(l));
  return lines.at(-1) ?? '';
}
