/**
 * Shipped template sets compiled ahead of time. Handlebars compiles a
 * template on its first run (it writes the template as JavaScript and V8
 * compiles that). For the layouts a conference build uses, that was 32 to
 * 43 ms of a 0,5 s build (CPU profiles).
 *
 * In the modules this map is empty and every template compiles at run
 * time. The bundle (startup/bundle.ts) replaces this module with one that
 * holds each shipped set already compiled (render/precompiled-source.ts):
 * `Handlebars.precompile` of the same marked trees, with the same options.
 * V8's code cache for the bundle then holds the compiled templates too.
 *
 * A set is found by its `writtenKey`: a digest of every template's text,
 * the theme and the locale. An edited set, or any other, compiles as before.
 */
/** A set's templates compiled, in the renderer's source order (templates/load.ts, templatesOf); Handlebars declares the type globally. */
export type PrecompiledSet = readonly TemplateSpecification[];

export const PRECOMPILED: ReadonlyMap<string, PrecompiledSet> = new Map();
