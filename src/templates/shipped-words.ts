/**
 * The words each shipped template uses (`{{t "word"}}`), found at build
 * time. Finding them means parsing every template with Handlebars when the
 * templates load, and the first parses of a process are slow (the parser's
 * regular expressions compile on first use): 13-16 ms of a conference build
 * (CPU profiles), where the renderer parses nothing once its templates are
 * compiled ahead of time (render/precompiled.ts).
 *
 * In the modules this map is empty. The bundle (startup/bundle.ts) replaces
 * this module with one that maps the text of each shipped template to the
 * words it uses (shipped-words-source.ts). A template whose text is not
 * there, edited or not shipped, is parsed as before.
 */

/** A word a template uses, at its line and column (1-based). */
export type KnownWordUse = readonly [word: string, line: number, col: number];

export const SHIPPED_WORD_USES: ReadonlyMap<string, readonly KnownWordUse[]> = new Map();
