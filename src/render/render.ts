/**
 * Rendering: each planned slide runs through its Handlebars layout, and the
 * markup it produces becomes deck-model shapes. Templates compile once per
 * renderer; data is only ever passed as context, never compiled, so a value
 * like "{{constructor}}" in the data stays plain text.
 */
import Handlebars from 'handlebars';
import { error, type Diagnostic, type Result } from '../diagnostics.js';
import type { ImageSet } from '../load/images.js';
import type { Deck, MasterSlide, Slide } from '../model/deck.js';
import type { PlannedSlide } from '../plan/plan.js';
import type { TemplateSet, TemplateSource } from '../templates/load.js';
import type { Report } from '../validate/schema.js';
import { BuildError, buildMaster, buildSlide } from './build.js';
import { registerHelpers } from './helpers.js';
import { MarkupError, parseMarkup, type MarkupElement } from './markup.js';

type Compiled = (context: unknown) => string;

export class Renderer {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Compiled | Diagnostic>();

  constructor(private readonly templates: TemplateSet) {
    registerHelpers(this.hb, templates.locale);
    for (const [name, partial] of templates.partials) this.hb.registerPartial(name, partial.source);
  }

  renderDeck(report: Report, plan: readonly PlannedSlide[], images: ImageSet = new Map()): Result<Deck> {
    const diagnostics: Diagnostic[] = [];
    const ctx = { theme: this.templates.theme, images };
    const masters: MasterSlide[] = [];
    for (const [name, source] of this.templates.masters) {
      const root = this.run(source, { meeting: report.meeting }, 'meeting', diagnostics);
      const master = root && this.build(source, () => buildMaster(name, root, ctx), diagnostics);
      if (master) masters.push(master);
    }
    const slides: Slide[] = [];
    for (const planned of plan) {
      const source = this.templates.layouts.get(planned.layout);
      if (!source) continue; // the plan already reported unknown layouts
      const root = this.run(source, planned.context, planned.dataPath, diagnostics);
      const origin = { layout: planned.layout, dataPath: planned.dataPath };
      const slide = root && this.build(source, () => buildSlide(root, ctx, origin), diagnostics);
      if (slide) slides.push(slide);
    }
    if (diagnostics.length > 0) return { diagnostics };
    const { theme, locale } = this.templates;
    const { meeting } = report;
    return {
      value: {
        size: theme.size,
        lang: locale.lang,
        meta: {
          title: meeting.title,
          author: meeting.organiser,
          company: meeting.organiser,
          subject: meeting.subtitle ?? meeting.title,
          date: new Date(`${meeting.date}T00:00:00Z`),
        },
        masters,
        slides,
      },
      diagnostics,
    };
  }

  /** Parses eagerly, so syntax errors surface here (once per layout), not on first use. */
  private compile(source: TemplateSource): Compiled | Diagnostic {
    let template = this.compiled.get(source.file);
    if (!template) {
      try {
        const ast = this.hb.parse(source.source);
        template = unknownPartial(ast, this.templates.partials, source) ?? this.hb.compile(ast, { strict: true, preventIndent: true });
      } catch (e) {
        template = syntaxDiagnostic(e, source);
      }
      this.compiled.set(source.file, template);
    }
    return template;
  }

  /** Runs a template and parses its markup; problems become diagnostics at the template's line. */
  private run(source: TemplateSource, context: unknown, dataPath: string, out: Diagnostic[]): MarkupElement | undefined {
    const template = this.compile(source);
    if (typeof template !== 'function') {
      if (!out.includes(template)) out.push(template);
      return undefined;
    }
    let markup: string;
    try {
      markup = template(context);
    } catch (e) {
      out.push(renderDiagnostic(e, source, dataPath));
      return undefined;
    }
    try {
      return parseMarkup(markup);
    } catch (e) {
      const message = e instanceof MarkupError ? e.message : String(e);
      out.push(
        error('template-markup', `the layout produced invalid markup: ${message}`, {
          location: { file: source.file, line: 0, col: 0 },
          dataPath,
          hint: 'check that every element is closed and attribute values are quoted; never use {{{ }}} for data',
        }),
      );
      return undefined;
    }
  }

  private build<T>(source: TemplateSource, make: () => T, out: Diagnostic[]): T | undefined {
    try {
      return make();
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      out.push(error('template-markup', e.message, { location: locate(source, e.needle), hint: e.hint }));
      return undefined;
    }
  }
}

/** A {{> name}} whose partial does not exist, found before the layout ever runs. */
function unknownPartial(ast: hbs.AST.Program, partials: ReadonlyMap<string, unknown>, source: TemplateSource): Diagnostic | undefined {
  let found: Diagnostic | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    const n = node as { type?: string; name?: { original?: unknown }; loc?: hbs.AST.SourceLocation };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && typeof n.name?.original === 'string' && !partials.has(n.name.original)) {
      found = error('template-syntax', `unknown partial "${n.name.original}"`, {
        location: { file: source.file, line: n.loc?.start.line ?? 0, col: (n.loc?.start.column ?? -1) + 1 },
        hint: partials.size > 0 ? `use one of: ${[...partials.keys()].join(', ')}` : 'add it as partials/<name>.hbs in the theme',
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

function syntaxDiagnostic(e: unknown, source: TemplateSource): Diagnostic {
  const ex = e as HandlebarsException;
  const message = String(ex.message ?? e);
  const parse = /^Parse error on line (\d+):/.exec(message);
  const detail = parse ? (message.split('\n').at(-1) ?? '') : message.replace(/ - \d+:\d+$/, '');
  return error('template-syntax', `Handlebars syntax error: ${detail}`, {
    location: { file: source.file, line: parse ? Number(parse[1]) : (ex.lineNumber ?? 0), col: (ex.column ?? -1) + 1 },
    hint: 'check that every {{#block}} has its matching {{/block}} and every {{ its }}',
  });
}

function renderDiagnostic(e: unknown, source: TemplateSource, dataPath: string): Diagnostic {
  const ex = e as HandlebarsException;
  const message = String(ex.message ?? e);
  const location = { file: source.file, line: ex.lineNumber ?? 0, col: (ex.column ?? -1) + 1 };
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) {
    return error('template-render', `the layout uses "${missing[1]}", which is neither a field of the data here nor a helper`, {
      location,
      dataPath,
      hint: 'add the field to the data, guard it with {{#if}}, or check the helper name',
    });
  }
  return error('template-render', message.replace(/ - \d+:\d+$/, ''), { location, dataPath, hint: 'check the helper call and its arguments' });
}

/** The first line:col where `needle` appears in the template, to point at a bad attribute. */
function locate(source: TemplateSource, needle: string): { file: string; line: number; col: number } {
  const index = source.source.indexOf(needle);
  if (index < 0) return { file: source.file, line: 0, col: 0 };
  const before = source.source.slice(0, index).split('\n');
  return { file: source.file, line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}
