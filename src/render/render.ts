/**
 * Rendering: each planned slide runs through its Handlebars layout, and the
 * markup it produces becomes deck-model shapes. Templates compile once per
 * renderer; data is only ever passed as context, never compiled, so a value
 * like "{{constructor}}" in the data stays plain text.
 */
import Handlebars from 'handlebars';
import { error, hasErrors, warning, type Diagnostic, type Result, type SourceLocation } from '../diagnostics.js';
import { fitSlide, fitText } from '../fit/fit.js';
import { MAX_SLIDES } from '../validate/budget.js';
import { describeChart } from './alt-text.js';
import { entitleSlides, masterTitles } from './titles.js';
import { SlideMemo, type Drawn } from './slide-memo.js';
import { listOf, t } from '../i18n/catalogue.js';
import { formatNumber, formatQuantity } from '../format/number.js';
import type { TextMeasurer } from '../fit/measure.js';
import type { ImageSet } from '../load/images.js';
import { formatDataPath, type DataPath } from '../model/data-path.js';
import type { ChartShape, Deck, MasterSlide, Slide } from '../model/deck.js';
import { balancedChunks, type PlannedSlide } from '../plan/plan.js';
import { templatesOf, type TemplateSet, type TemplateSource } from '../templates/load.js';
import type { Report } from '../validate/schema.js';
import { DrawError, drawMaster, drawSlide, checkElement, textStyle, type DrawContext } from './shapes.js';
import { attributeOf, declarationOf } from './vocabulary.js';
import { knownClean, writtenKey } from './written-clean.js';
import { PRECOMPILED, type PrecompiledSet } from './precompiled.js';
import { literalText, writtenTags, type WrittenTag } from './written-tags.js';
import { HelperArgumentError, registerHelpers } from './helpers.js';
import { markTags, MarkupError, parseMarkup, type MarkupElement, type TemplatePosition } from './markup.js';

type Compiled = (context: unknown) => string;

/** The options every template is compiled with, at run time or ahead of it (precompiled.ts). */
const COMPILE_OPTIONS = { strict: true, preventIndent: true };

/** The partial an error was thrown in, set on the error as it leaves the partial. */
const IN_TEMPLATE = Symbol('briefdeck.template');

/** Thrown where a partial that does not parse is used: its syntax error, at its own file and line. */
class BrokenPartial extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message.key);
  }
}

export class Renderer {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Compiled | Diagnostic>();
  /**
   * Every template of the set, in a fixed order: the index a position mark
   * names (see markTags). Fixed by the set alone, not by the order templates
   * are first used, so a template compiled ahead of time marks the same.
   */
  private readonly sources: readonly TemplateSource[];
  private readonly indices: ReadonlyMap<TemplateSource, number>;
  /** This set compiled ahead of time, when it is a shipped one (precompiled.ts). */
  private readonly precompiled: PrecompiledSet | undefined;
  /** The partials that do not parse, with their syntax error. */
  private readonly brokenPartials = new Map<string, Diagnostic>();
  /** The slides the last deck drew, for a rebuild to reuse (slide-memo.ts). */
  private readonly memo = new SlideMemo();
  /** The templates whose parsed tree carries its position marks already. */
  private readonly marked = new Set<TemplateSource>();
  /** Each template parsed once: the written-markup check and the compiler read the same tree. */
  private readonly parsed = new Map<TemplateSource, hbs.AST.Program>();
  /** The set's digest (`key`), worked out once. */
  private setKey: string | undefined;
  /** What checkWrittenMarkup found: it depends on the templates alone, so every build shares it. */
  private written: Diagnostic[] | undefined;

  /** With a measurer, text is fitted to its boxes (shrunk, or lists split across slides). */
  constructor(
    private readonly templates: TemplateSet,
    private readonly measurer?: TextMeasurer,
    precompiled: ReadonlyMap<string, PrecompiledSet> = PRECOMPILED,
  ) {
    registerHelpers(this.hb, templates.locale);
    this.sources = templatesOf(templates);
    this.indices = new Map(this.sources.map((source, i) => [source, i]));
    this.precompiled = precompiled.size > 0 ? precompiled.get(this.key) : undefined;
    for (const [name, partial] of templates.partials) {
      // Compiled here, marked like a layout, so an element a partial writes is located in the partial.
      let compiled: Compiled | string = partial.source;
      try {
        const template = this.ahead(partial) ?? this.hb.compile(this.markedAst(partial), COMPILE_OPTIONS);
        // An error inside the partial names the partial's file, not the layout that uses it.
        compiled = (context: unknown, options?: unknown) => {
          try {
            return template(context, options as Handlebars.RuntimeOptions);
          } catch (e) {
            if (e !== null && typeof e === 'object' && !Object.hasOwn(e, IN_TEMPLATE)) Object.defineProperty(e, IN_TEMPLATE, { value: partial });
            throw e;
          }
        };
      } catch (e) {
        // A syntax error in the partial is said at the partial's own line: by the layouts that
        // use it, before they run (compile), and where another partial uses it (BrokenPartial).
        const broken = syntaxDiagnostic(e, partial);
        this.brokenPartials.set(name, broken);
        compiled = () => {
          throw new BrokenPartial(broken);
        };
      }
      this.hb.registerPartial(name, compiled);
    }
  }

  /**
   * The template parsed, with a position mark before every tag its text writes,
   * so elements and markup errors are located at their line in the template.
   */
  private markedAst(source: TemplateSource): hbs.AST.Program {
    const ast = this.parse(source);
    if (this.marked.has(source)) return ast; // marked once: a second pass would mark every tag twice
    this.marked.add(source);
    const index = this.indexOf(source);
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.forEach(visit);
        return;
      }
      const n = node as { type?: string; value?: unknown; original?: unknown; loc?: hbs.AST.SourceLocation };
      if (n.type === 'ContentStatement') {
        if (typeof n.value === 'string' && n.loc) n.value = markTags(n.value, typeof n.original === 'string' ? n.original : n.value, n.loc.start, index);
        return;
      }
      for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
    };
    visit(ast);
    return ast;
  }

  private indexOf(source: TemplateSource): number {
    const index = this.indices.get(source);
    if (index === undefined) throw new Error(`${source.file} is not a template of this renderer's set`);
    return index;
  }

  /** The template compiled ahead of time, if this set was (a shipped one, unedited). */
  private ahead(source: TemplateSource): Compiled | undefined {
    const spec = this.precompiled?.[this.indexOf(source)];
    return spec === undefined ? undefined : this.hb.template(spec);
  }

  /** The digest that finds this set among those checked or compiled at build time (written-clean.ts). */
  private get key(): string {
    return (this.setKey ??= writtenKey(this.templates));
  }

  /**
   * The JavaScript of each template compiled (`Handlebars.precompile`), in
   * source order, for the bundle (precompiled-source.ts); undefined when a
   * template does not parse or uses a partial that is missing, which only a
   * compile at run time reports.
   */
  precompile(): string[] | undefined {
    const specs: string[] = [];
    for (const source of this.sources) {
      let ast: hbs.AST.Program;
      try {
        ast = this.markedAst(source);
      } catch {
        return undefined;
      }
      if (partialProblem(ast, this.templates.partials, this.brokenPartials, source)) return undefined;
      specs.push(this.hb.precompile(ast, COMPILE_OPTIONS) as unknown as string);
    }
    return specs;
  }

  /**
   * A template's tree, parsed once (Handlebars' parse is a good part of a
   * rebuild's time). markedAst changes content statements' `value` only; the
   * written-markup check reads their `original`, so the two can share it.
   */
  private parse(source: TemplateSource): hbs.AST.Program {
    let program = this.parsed.get(source);
    if (!program) {
      program = this.hb.parse(source.source); // a syntax error is thrown on each call, and said by the caller
      this.parsed.set(source, program);
    }
    return program;
  }

  /**
   * Every layout, partial and master checked against the vocabulary as
   * written, before any runs: a misspelt element or attribute, or a literal
   * value of the wrong kind, is an error at its line even in a layout this
   * report never uses. Values the template computes are checked when it runs.
   * Picture paths are the data's and are not checked here, so what it finds
   * depends on the templates alone: it is found once per renderer.
   */
  checkWrittenMarkup(): Diagnostic[] {
    // A shipped set the build found clean is not checked again (written-clean.ts).
    this.written ??= knownClean(this.key) ? [] : this.findWrittenMistakes();
    return [...this.written];
  }

  /** What checkWrittenMarkup finds, found now, whatever the build found. */
  findWrittenMistakes(): Diagnostic[] {
    return this.checkWritten(this.context(new Map()));
  }

  private checkWritten(ctx: DrawContext): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    for (const source of this.sources) {
      let program: hbs.AST.Program;
      try {
        program = this.parse(source);
      } catch {
        continue; // a syntax error: said when the template compiles
      }
      const index = this.indexOf(source);
      const elements = new Map<WrittenTag, MarkupElement>();
      const elementOf = (tag: WrittenTag): MarkupElement => {
        let el = elements.get(tag);
        if (!el) {
          const attrs = Object.fromEntries([...tag.attrs].map(([name, value]) => [name, value ?? '']));
          el = { name: tag.name, attrs, children: [], line: tag.line, at: { source: index, line: tag.line, col: tag.col } };
          elements.set(tag, el);
        }
        return el;
      };
      for (const tag of writtenTags(literalText(source.source, program))) {
        const parent = tag.parent && tag.nestingKnown ? elementOf(tag.parent) : undefined;
        // A picture's path is the data's; literal values of every other kind are checked now.
        const checked = (attr: string): boolean => tag.attrs.get(attr) !== undefined && !isPictureAttribute(tag.name, attr);
        this.locating(source, () => checkElement(elementOf(tag), parent, ctx, checked), diagnostics);
      }
    }
    return unique(diagnostics);
  }

  /** What drawing shapes needs: the theme, the data's pictures, numbers in the locale's notation. */
  private context(images: ImageSet): DrawContext {
    const { locale } = this.templates;
    const formatValue = (value: number, unit: string): string => (unit === '%' ? formatQuantity(value, '%', locale) : formatNumber(value, locale));
    const describe = (chart: ChartShape, title: string): string => describeChart(chart, title, locale.chartAlt);
    return { theme: this.templates.theme, images, formatValue, describeChart: describe };
  }

  /** Where a template wrote something: its file, line and column. */
  private position(at: TemplatePosition | undefined, fallback: TemplateSource): SourceLocation {
    const source = at ? this.sources[at.source] : undefined;
    return source && at ? { file: source.file, line: at.line, col: at.col } : { file: fallback.file, line: 0, col: 0 };
  }

  renderDeck(report: Report, plan: readonly PlannedSlide[], images: ImageSet = new Map(), maxSlides = MAX_SLIDES): Result<Deck> {
    const diagnostics: Diagnostic[] = [];
    const ctx = this.context(images);
    const written = this.checkWrittenMarkup();
    if (hasErrors(written)) return { diagnostics: written };
    const masters: MasterSlide[] = [];
    for (const [name, source] of this.templates.masters) {
      const root = this.run(source, { meeting: report.meeting }, ['meeting'], diagnostics);
      const master = root && this.locating(source, () => drawMaster(name, root, ctx, this.templates.masterPictures.get(name)), diagnostics);
      if (master) masters.push(master);
    }
    const slides: Slide[] = [];
    const memo = this.memo.begin(plan, images) ? this.memo : undefined;
    const draw = (planned: PlannedSlide): Drawn => {
      const out: Diagnostic[] = [];
      return { slides: this.renderFitted(planned, ctx, out), diagnostics: out };
    };
    for (const planned of plan) {
      const drawn = memo ? memo.draw(planned, () => draw(planned)) : draw(planned);
      slides.push(...drawn.slides);
      diagnostics.push(...drawn.diagnostics);
      if (slides.length > maxSlides) {
        // Stopped where it passes: drawing on would cost minutes and gigabytes for a deck no one can present.
        const hint = t('schema.too-many-slides.hint');
        diagnostics.push(error('too-many-items', t('render.too-many-slides', { max: maxSlides }), { dataPath: planned.dataPath, hint }));
        break;
      }
    }
    if (hasErrors(diagnostics)) return { diagnostics: unique(diagnostics) };
    const { theme, locale } = this.templates;
    const { meeting } = report;
    const titled = entitleSlides(slides, {
      slideWidth: theme.size.width,
      style: textStyle({ name: 'text', attrs: {}, children: [], line: 0 }, theme),
      repeated: locale.repeatedTitle,
      refit: (title) => (this.measurer ? (fitText(title, this.measurer) ?? title) : title),
    });
    return {
      value: {
        size: theme.size,
        lang: this.templates.locale.lang,
        meta: {
          title: meeting.title,
          author: meeting.organiser,
          company: meeting.organiser,
          subject: meeting.subtitle ?? meeting.title,
          date: new Date(`${meeting.date}T00:00:00Z`),
        },
        masters: masterTitles(masters, titled),
        slides: titled,
      },
      diagnostics: unique(diagnostics),
    };
  }

  /**
   * Renders one planned slide; with a measurer, text that overflows is shrunk,
   * and a list or table that still does not fit is spread over the fewest
   * slides on which every part fits, parts as even as possible.
   */
  private renderFitted(planned: PlannedSlide, ctx: DrawContext, out: Diagnostic[]): Slide[] {
    const asWhole: Diagnostic[] = [];
    const whole = this.renderOnce(planned, ctx, asWhole);
    const items = planned.context.content;
    if (!whole?.overflows || !Array.isArray(items) || items.length < 2) {
      out.push(...asWhole);
      return whole ? [whole.slide] : [];
    }
    // The fewest parts that all fit; at one item a slide, what still overflows is said by its warning.
    // A try stops at its first part that does not fit, and a number of parts that cuts the list as the
    // one before it did (the same part size) is not tried again: trying every part of every count made
    // a long list quadratic (2.000 stat cards on one slide took 254 s to spread over 424).
    let triedSize = 0;
    for (let parts = 2; ; parts++) {
      const last = parts >= items.length;
      const size = Math.ceil(items.length / parts);
      if (size === triedSize && !last) continue;
      triedSize = size;
      const attempt: Diagnostic[] = [];
      const pieces: ({ slide: Slide; overflows: boolean } | undefined)[] = [];
      let fits = true;
      for (const piece of splitInto(planned, parts)) {
        const rendered = this.renderOnce(piece, ctx, attempt);
        pieces.push(rendered);
        if (rendered && !rendered.overflows) continue;
        fits = false;
        if (!last) break;
      }
      if (fits || last) {
        out.push(...attempt, warning('fit-split', t('fit.split', { parts }), { dataPath: planned.dataPath, hint: t('fit.split.hint') }));
        return pieces.flatMap((p) => (p ? [p.slide] : []));
      }
    }
  }

  /** One slide, fitted when there is a measurer; what fitting changed becomes a warning. */
  private renderOnce(planned: PlannedSlide, ctx: DrawContext, out: Diagnostic[]): { slide: Slide; overflows: boolean } | undefined {
    const source = this.templates.layouts.get(planned.layout);
    if (!source) return undefined; // the plan already reported unknown layouts
    const root = this.run(source, planned.context, planned.dataPath, out);
    const origin = { layout: planned.layout, dataPath: formatDataPath(planned.dataPath) };
    const drawn = root && this.locating(source, () => drawSlide(root, ctx, origin), out);
    // The title a slide whose layout shows none is known by (titles.ts).
    const slide = drawn && { ...drawn, title: drawn.title ?? planned.context.section?.title ?? planned.context.meeting.title };
    if (!slide || !this.measurer) return slide ? { slide, overflows: false } : undefined;
    const fit = fitSlide(slide, this.measurer);
    if (fit.overflows) {
      out.push(warning('fit-overflow', t('fit.overflow'), { dataPath: planned.dataPath, hint: t('fit.overflow.hint') }));
    } else if (fit.shrunkTo.length > 0) {
      out.push(warning('fit-shrunk', t('fit.shrunk', { size: Math.min(...fit.shrunkTo) }), { dataPath: planned.dataPath, hint: t('fit.shrunk.hint') }));
    }
    return { slide: fit.slide, overflows: fit.overflows };
  }

  /** Parses eagerly, so syntax errors surface here (once per layout), not on first use. */
  private compile(source: TemplateSource): Compiled | Diagnostic {
    let template = this.compiled.get(source.file);
    if (!template) {
      try {
        template = this.ahead(source);
        if (!template) {
          const ast = this.markedAst(source);
          template = partialProblem(ast, this.templates.partials, this.brokenPartials, source) ?? this.hb.compile(ast, COMPILE_OPTIONS);
        }
      } catch (e) {
        template = syntaxDiagnostic(e, source);
      }
      this.compiled.set(source.file, template);
    }
    return template;
  }

  /** Runs a template and parses its markup; problems become diagnostics at the template's line. */
  private run(source: TemplateSource, context: unknown, dataPath: DataPath, out: Diagnostic[]): MarkupElement | undefined {
    const template = this.compile(source);
    if (typeof template !== 'function') {
      if (!out.includes(template)) out.push(template);
      return undefined;
    }
    let markup: string;
    try {
      markup = template(context);
    } catch (e) {
      if (e instanceof BrokenPartial) {
        if (!out.includes(e.diagnostic)) out.push(e.diagnostic);
        return undefined;
      }
      const within = e !== null && typeof e === 'object' && Object.hasOwn(e, IN_TEMPLATE) ? (e as Record<typeof IN_TEMPLATE, TemplateSource>)[IN_TEMPLATE] : source;
      out.push(renderDiagnostic(e, within, dataPath));
      return undefined;
    }
    try {
      return parseMarkup(markup);
    } catch (e) {
      if (!(e instanceof MarkupError)) throw e;
      out.push(error('template-markup', e.text, { location: this.position(e.at, source), dataPath, hint: t('template.bad-markup.hint') }));
      return undefined;
    }
  }

  /** An element's tag in its template, at the attribute when one is named and written in the tag. */
  private locateAttribute(element: MarkupElement, attr: string | undefined, fallback: TemplateSource): SourceLocation {
    const location = this.position(element.at, fallback);
    const source = element.at ? this.sources[element.at.source] : undefined;
    if (!source || attr === undefined || location.line === 0) return location;
    const written = attributeIn(source.source, location.line, location.col, attr);
    return written ? { ...location, ...written } : location;
  }

  /** `make`, with a DrawError it throws said as a diagnostic at the place in `source` it names. */
  private locating<T>(source: TemplateSource, make: () => T, out: Diagnostic[]): T | undefined {
    try {
      return make();
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      out.push(error('template-markup', e.text, { location: this.locateAttribute(e.element, e.attr, source), hint: e.hint }));
      return undefined;
    }
  }
}

/**
 * A {{> name}} whose partial does not exist, or does not parse (its own syntax
 * error, in its own file), found before the layout ever runs.
 */
function partialProblem(
  ast: hbs.AST.Program,
  partials: ReadonlyMap<string, unknown>,
  broken: ReadonlyMap<string, Diagnostic>,
  source: TemplateSource,
): Diagnostic | undefined {
  let found: Diagnostic | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    const n = node as { type?: string; name?: { original?: unknown }; loc?: hbs.AST.SourceLocation };
    const partial = (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && typeof n.name?.original === 'string' ? n.name.original : undefined;
    if (partial !== undefined && broken.has(partial)) {
      found = broken.get(partial);
      return;
    }
    if (partial !== undefined && !partials.has(partial)) {
      found = error('template-syntax', t('template.unknown-partial', { name: partial }), {
        location: { file: source.file, line: n.loc?.start.line ?? 0, col: (n.loc?.start.column ?? -1) + 1 },
        hint: partials.size > 0 ? t('schema.use-one-of.hint', { allowed: listOf([...partials.keys()]) }) : t('template.add-partial.hint'),
      });
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(ast);
  return found;
}

interface HandlebarsException {
  message?: string;
  lineNumber?: number;
  column?: number;
}

/** The same problem found twice (say on both halves of a split slide) is said once. */
function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${JSON.stringify(d.message)}\0${JSON.stringify(d.dataPath ?? [])}\0${d.location?.file ?? ''}:${d.location?.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A list slide as `parts` even slides: the later ones continue the first,
 * numbering running on. The pieces depend only on the part size,
 * ceil(items / parts): `renderFitted` does not try again a count that gives
 * the size it tried last.
 */
function splitInto(planned: PlannedSlide, parts: number): PlannedSlide[] {
  const items = planned.context.content as unknown[];
  let start = planned.context.start;
  return balancedChunks(items, Math.ceil(items.length / parts)).map((chunk, i) => {
    const piece = { ...planned, context: { ...planned.context, content: chunk, continued: planned.context.continued || i > 0, start } };
    start += chunk.length;
    return piece;
  });
}

/** A Handlebars parse error, at the layout's line. */
export function syntaxDiagnostic(e: unknown, source: TemplateSource): Diagnostic {
  const ex = e as HandlebarsException;
  const message = String(ex.message ?? e);
  const parse = /^Parse error on line (\d+):/.exec(message);
  const detail = parse ? (message.split('\n').at(-1) ?? '') : message.replace(/ - \d+:\d+$/, '');
  return error('template-syntax', t('template.syntax', { detail }), {
    location: { file: source.file, line: parse ? Number(parse[1]) : (ex.lineNumber ?? 0), col: (ex.column ?? -1) + 1 },
    hint: t('template.syntax.hint'),
  });
}

function renderDiagnostic(e: unknown, source: TemplateSource, dataPath: DataPath): Diagnostic {
  const ex = e as HandlebarsException;
  const message = String(ex.message ?? e);
  const location = { file: source.file, line: ex.lineNumber ?? 0, col: (ex.column ?? -1) + 1 };
  // A lookup in a value without fields, which JavaScript reports without a place: a text or a number
  // (strict lookups test `name in value`), or nothing (x.title where x is null).
  const inText = ex.lineNumber === undefined ? /^Cannot use 'in' operator to search for '([^']*)' in ([\s\S]*)$/.exec(message) : null;
  const inNothing = ex.lineNumber === undefined ? /^Cannot read propert(?:y|ies) of (?:null|undefined) \(reading '([^']*)'\)$/.exec(message) : null;
  const notObject = inText ?? inNothing;
  if (notObject) {
    const name = notObject[1] ?? '';
    const text = inText?.[2] ?? '';
    const found = inText ? JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text) : t('kind.nothing');
    return error('template-render', t('template.not-an-object', { name, found }), {
      location: { file: source.file, ...lookupOf(source, name) },
      dataPath,
      hint: t('template.not-an-object.hint'),
    });
  }
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) {
    return error('template-render', t('template.undefined', { name: missing[1] ?? '' }), {
      location,
      dataPath,
      hint: t('template.undefined.hint'),
    });
  }
  const text = e instanceof HelperArgumentError ? e.text : t('template.error', { detail: message.replace(/ - \d+:\d+$/, '') });
  return error('template-render', text, { location, dataPath, hint: t('template.helper.hint') });
}

/** The first place the template looks up `name` ({{name}}, {{x.name}}, (helper name)): where a failed lookup of it is. */
function lookupOf(source: TemplateSource, name: string): { line: number; col: number } {
  let found: { line: number; col: number } | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as { type?: string; parts?: unknown; loc?: hbs.AST.SourceLocation };
    if (n.type === 'PathExpression' && Array.isArray(n.parts) && n.parts.includes(name) && n.loc) {
      found = { line: n.loc.start.line, col: n.loc.start.column + 1 };
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  try {
    visit(Handlebars.parse(source.source));
  } catch {
    // It parsed once, to run; it parses again.
  }
  return found ?? { line: 0, col: 0 };
}

/**
 * Where `attr="` is written in the tag that starts at `line`:`col` of the
 * text, if it is written there; the tag ends at its first ">" outside {{ }}.
 */
function attributeIn(text: string, line: number, col: number, attr: string): { line: number; col: number } | undefined {
  const lines = text.split('\n');
  let offset = col - 1;
  for (let i = 0; i < line - 1; i++) offset += (lines[i]?.length ?? 0) + 1;
  let depth = 0;
  let end = offset;
  for (; end < text.length; end++) {
    if (text.startsWith('{{', end)) depth++;
    else if (text.startsWith('}}', end) && depth > 0) depth--;
    else if (text[end] === '>' && depth === 0) break;
  }
  const tag = text.slice(offset, end);
  // An XML name may hold "." and ":" (xml:lang): escaped, not dropped, so a misspelt one is found too.
  const match = new RegExp(`\\s${attr.replace(/[^\w-]/g, (c) => `\\${c}`)}\\s*=`).exec(tag);
  if (!match) return undefined;
  const before = text.slice(0, offset + match.index + 1).split('\n');
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** Whether the attribute names a picture of the data (known only when the data is). */
function isPictureAttribute(element: string, attr: string): boolean {
  const declaration = declarationOf(element);
  return declaration !== undefined && attributeOf(declaration, attr)?.kind === 'picture';
}
