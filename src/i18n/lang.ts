/**
 * Which language to speak. Kept apart from the catalogues so the executable
 * can choose it (for the prebuilt help text) without loading every message.
 */
export const LANGS = ['en', 'vi'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/**
 * The language to speak: `--lang`, else the POSIX locale variables in their
 * order of precedence (LC_ALL, LC_MESSAGES, LANG; `vi_VN.UTF-8` → vi), else English.
 */
export function chooseLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag && isLang(flag)) return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^vi(?:[_.@-]|$)/i.test(locale) ? 'vi' : 'en';
}

/** `--lang xx` or `--lang=xx`, read before commander so help is already in that language. */
export function langFlag(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return undefined;
    if (arg === '--lang') return argv[i + 1] ?? '';
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** The arguments without `--lang xx` / `--lang=xx`. */
export function withoutLangFlag(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') i++;
    else if (!arg.startsWith('--lang=')) rest.push(arg);
  }
  return rest;
}
