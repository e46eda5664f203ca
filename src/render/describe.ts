/**
 * What `briefdeck layouts` says about each layout of a theme: its one-line
 * description and the data fields it shows.
 *
 * The description is a Handlebars comment at the top of the layout file,
 * before anything else, in English for template authors; a translation may
 * follow with the language after a dot:
 *
 *     {{!-- description: Statistic cards, up to 6 per slide --}}
 *     {{!-- description.vi: Thẻ số liệu, tối đa 6 thẻ mỗi trang --}}
 *
 * Comments are not rendered, so they never change the deck.
 *
 * The fields are found by reading the layout's Handlebars syntax (and the
 * partials it uses) and following the context a slide gets from the plan:
 * `content` is what the outline step's `from` selected, `section` one of the
 * `sections[]`, `meeting` and `closing` themselves, `agenda` the sections on
 * the agenda, `notes` the speaker notes. Each path the layout reads is named
 * as a field of the data file (`sections[].stats`, `meeting.title`), never
 * by the context's inner names.
 *
 * It lives with the renderer, not with the templates it reads: it needs the
 * renderer's helpers and syntax diagnostics, and the templates are below the
 * renderer in the pipeline (it was templates/describe.ts, an import cycle).
 */
import Handlebars from 'handlebars';
import type { Diagnostic } from '../diagnostics.js';
import type { TemplateSet, TemplateSource } from '../templates/load.js';
import { SLIDE_CONTEXT, type ContextSource } from '../plan/plan.js';
import type { OutlineStep } from '../templates/theme.js';
import { reportJsonSchema } from '../validate/json-schema.js';
import { BUILT_IN_HELPERS, HELPER_NAMES } from './helpers.js';
import { syntaxDiagnostic } from './render.js';

export interface LayoutDescription {
  name: string;
  file: string;
  /** The theme whose folder holds it: the theme listed, or one it extends. */
  theme: string;
  /** Keyed by language; '' is the untranslated (English) description. */
  descriptions: Record<string, string>;
  /** Data fields the layout shows, in the order the layout reads them. */
  fields: string[];
  /** False when no outline step uses the layout: a section's `slides:` may (the content is its `from`). */
  inOutline: boolean;
}

/** The description in `lang`, else the untranslated one; undefined when the layout has none. */
export function descriptionIn(layout: LayoutDescription, lang: string): string | undefined {
  return layout.descriptions[lang] ?? layout.descriptions[''];
}

/** The field standing for "whatever `from` names" in a layout no outline step uses. */
export const FROM_PLACEHOLDER = '<from>';

export function describeLayouts(templates: TemplateSet): { layouts: LayoutDescription[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parse = (source: TemplateSource): hbs.AST.Program | undefined => {
    try {
      return Handlebars.parse(source.source);
    } catch (e) {
      diagnostics.push(syntaxDiagnostic(e, source));
      return undefined;
    }
  };
  const partials = new Map<string, hbs.AST.Program | undefined>();
  const partial = (name: string): hbs.AST.Program | undefined => {
    if (!partials.has(name)) {
      const source = templates.partials.get(name);
      partials.set(name, source ? parse(source) : undefined);
    }
    return partials.get(name);
  };
  const steps = outlineSteps(templates);

  const layouts = [...templates.layouts.values()].map((source): LayoutDescription => {
    const ast = parse(source);
    const uses = steps.filter((s) => s.step.layout === source.name);
    const contexts = uses.length > 0 ? uses.map(({ step, scope }) => stepContext(step, scope)) : [overrideContext()];
    const fields: string[] = [];
    for (const context of contexts) {
      if (ast) new FieldWalker(context, HELPERS, partial).program(ast);
      fields.push(...context.found, ...context.step);
    }
    return {
      name: source.name,
      file: source.file,
      theme: source.theme,
      descriptions: ast ? leadingDescriptions(ast) : {},
      fields: tidy(fields, contexts.flatMap((c) => c.itemPrefixes)),
      inOutline: uses.length > 0,
    };
  });
  return { layouts: layouts.sort((a, b) => a.name.localeCompare(b.name)), diagnostics };
}

/** The `description:` comments before the layout's first element. */
function leadingDescriptions(ast: hbs.AST.Program): Record<string, string> {
  const found: Record<string, string> = {};
  for (const node of ast.body) {
    if (node.type === 'ContentStatement' && (node as hbs.AST.ContentStatement).value.trim() === '') continue;
    if (node.type !== 'CommentStatement') break;
    const match = /^\s*description(?:\.([A-Za-z-]+))?\s*:\s*([\s\S]*?)\s*$/.exec((node as hbs.AST.CommentStatement).value);
    const text = match?.[2]?.replace(/\s+/g, ' ');
    if (match && text) found[match[1] ?? ''] ??= text;
  }
  return found;
}

// ---------------------------------------------------------------- contexts

/** Where a value of the slide context comes from in the data. */
interface Ref {
  /** The field, e.g. `sections[].stats`; '' is the whole report. */
  path: string;
  /** The field of each element, when iterated; `${path}[]` unless given. */
  items?: string;
}

type Scope = 'opening' | 'section' | 'closing';

interface SlideFields {
  /** The slide context's own names (content, section, meeting, …). */
  root: Map<string, Ref>;
  /** `notes` is one name for several fields: the content's own notes, else the section's (or the meeting's). */
  notes: string[];
  /** Fields the step itself reads (`from`, `when`), shown even when the layout does not name them. */
  step: string[];
  /** List elements that are the subject of a slide, so their own fields are worth naming (`sections[].charts[].title`). */
  itemPrefixes: string[];
  found: string[];
}

function outlineSteps(templates: TemplateSet): { step: OutlineStep; scope: Scope }[] {
  const { outline } = templates;
  return [
    ...outline.opening.map((step) => ({ step, scope: 'opening' as const })),
    ...outline.section.map((step) => ({ step, scope: 'section' as const })),
    ...outline.closing.map((step) => ({ step, scope: 'closing' as const })),
  ];
}

/** The data fields the plan's slide context takes its names from (SLIDE_CONTEXT), as Refs. */
const FIELDS: ReadonlyMap<string, Ref> = new Map(
  Object.entries(SLIDE_CONTEXT).flatMap(([name, source]: [string, ContextSource]) =>
    typeof source === 'object' ? [[name, { path: source.field, ...(source.items ? { items: source.items } : {}) }]] : [],
  ),
);
const SECTION: Ref = { path: SLIDE_CONTEXT.section.field };
const AGENDA: Ref = { path: SLIDE_CONTEXT.agenda.field, items: SLIDE_CONTEXT.agenda.items };

function baseContext(content: Ref, notes: string[]): SlideFields {
  const root = new Map(FIELDS);
  for (const [name, source] of Object.entries(SLIDE_CONTEXT)) if (source === 'step') root.set(name, content);
  return { root, notes, step: [], itemPrefixes: [SECTION.path], found: [] };
}

/** The context an outline step gives its layout (see planDeck). */
function stepContext(step: OutlineStep, scope: Scope): SlideFields {
  const inSection = scope === 'section';
  const scopeRef: Ref = inSection ? SECTION : { path: '' };
  const field = (name: string): Ref => {
    if (!inSection && name === 'agenda') return AGENDA;
    return { path: join(scopeRef.path, name) };
  };
  let content = step.from === undefined ? scopeRef : field(step.from);
  if (step.from !== undefined && step.each) content = { path: itemsOf(content) };
  const notes = [
    ...(hasField(join(content.path, 'notes')) ? [join(content.path, 'notes')] : []),
    ...(inSection ? ['sections[].notes'] : step.from === 'meeting' ? ['meeting.notes'] : []),
  ];
  const context = baseContext(content, notes);
  if (step.when !== undefined) context.step.push(field(step.when).path);
  if (step.from !== undefined) context.step.push(field(step.from).path);
  if (step.each) context.itemPrefixes.push(content.path);
  return context;
}

/** A layout only a section's `slides: [{layout, from}]` uses: its content is that section's `from` field. */
function overrideContext(): SlideFields {
  return baseContext({ path: `sections[].${FROM_PLACEHOLDER}` }, ['sections[].notes']);
}

const join = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);
const itemsOf = (ref: Ref): string => ref.items ?? `${ref.path}[]`;

// ---------------------------------------------------------------- walking the layout

type Frame = { ref: Ref | 'root' | undefined; params: Map<string, Ref | undefined> };

class FieldWalker {
  private readonly stack: Frame[] = [{ ref: 'root', params: new Map() }];
  private readonly inPartials = new Set<string>();

  constructor(
    private readonly context: SlideFields,
    private readonly helpers: ReadonlySet<string>,
    private readonly partial: (name: string) => hbs.AST.Program | undefined,
  ) {}

  program(program: hbs.AST.Program | undefined): void {
    for (const node of program?.body ?? []) this.statement(node);
  }

  private statement(node: hbs.AST.Statement): void {
    switch (node.type) {
      case 'MustacheStatement':
        this.call(node as hbs.AST.MustacheStatement);
        break;
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement);
        break;
      case 'PartialStatement':
        this.partialCall(node as hbs.AST.PartialStatement);
        break;
      default:
        break;
    }
  }

  /** `{{path}}` reads a field; `{{helper a b}}` reads its arguments. */
  private call(node: { path: hbs.AST.PathExpression | hbs.AST.Literal; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }): Ref | undefined {
    const isHelper = node.params.length > 0 || node.hash !== undefined || (node.path.type === 'PathExpression' && this.isHelperName(node.path as hbs.AST.PathExpression));
    if (!isHelper) return this.use(node.path);
    for (const param of [...node.params, ...(node.hash?.pairs.map((p) => p.value) ?? [])]) this.use(param);
    return undefined;
  }

  private block(node: hbs.AST.BlockStatement): void {
    const name = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    const [first] = node.params;
    if ((name === 'each' || name === 'with') && first) {
      const ref = this.use(first);
      const inner = ref === undefined ? undefined : name === 'each' ? { path: itemsOf(ref) } : ref;
      const params = new Map<string, Ref | undefined>();
      const [itemName] = node.program.blockParams ?? [];
      if (itemName) params.set(itemName, inner);
      this.stack.push({ ref: inner, params });
      this.program(node.program);
      this.stack.pop();
      this.program(node.inverse);
      return;
    }
    this.call(node);
    this.program(node.program);
    this.program(node.inverse);
  }

  private partialCall(node: hbs.AST.PartialStatement): void {
    const name = node.name.type === 'PathExpression' ? (node.name as hbs.AST.PathExpression).original : '';
    for (const pair of node.hash?.pairs ?? []) this.use(pair.value);
    const ast = this.partial(name);
    if (!ast || this.inPartials.has(name)) return;
    const [param] = node.params;
    const pushed = param !== undefined;
    if (pushed) this.stack.push({ ref: this.use(param), params: new Map() });
    this.inPartials.add(name);
    this.program(ast);
    this.inPartials.delete(name);
    if (pushed) this.stack.pop();
  }

  /** Records the field an expression reads and returns it (undefined when it is no field of the data). */
  private use(expression: hbs.AST.Expression): Ref | undefined {
    if (expression.type === 'SubExpression') {
      this.call(expression as hbs.AST.SubExpression);
      return undefined;
    }
    if (expression.type !== 'PathExpression') return undefined;
    const ref = this.resolve(expression as hbs.AST.PathExpression);
    if (ref && ref.path !== '') this.context.found.push(ref.path);
    return ref;
  }

  private resolve(path: hbs.AST.PathExpression): Ref | undefined {
    let parts = [...path.parts];
    let frame: Frame['ref'];
    if (path.data) {
      if (parts[0] !== 'root') return undefined; // @index, @key, @first…
      parts = parts.slice(1);
      frame = 'root';
    } else {
      const param = path.depth === 0 && parts[0] !== undefined ? this.blockParam(parts[0]) : undefined;
      if (param) {
        frame = param.ref;
        parts = parts.slice(1);
      } else {
        frame = this.stack[this.stack.length - 1 - path.depth]?.ref;
      }
    }
    if (frame === undefined) return undefined;
    if (frame === 'root') {
      const [head, ...rest] = parts;
      if (head === undefined) return undefined;
      if (head === 'notes') {
        this.context.found.push(...this.context.notes);
        return undefined;
      }
      const ref = this.context.root.get(head);
      if (!ref) return undefined; // start, continued, part, parts: not data
      return rest.length === 0 ? ref : { path: rest.reduce(join, ref.path) };
    }
    return parts.length === 0 ? frame : { path: parts.reduce(join, frame.path) };
  }

  private blockParam(name: string): { ref: Ref | undefined } | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const params = this.stack[i]?.params;
      if (params?.has(name)) return { ref: params.get(name) };
    }
    return undefined;
  }

  private isHelperName(path: hbs.AST.PathExpression): boolean {
    return !path.data && path.parts.length === 1 && this.helpers.has(path.original);
  }
}

/**
 * The fields in words staff know: a path inside a list's elements names the
 * list (`sections[].stats`, not `sections[].stats[].label`), except the
 * elements a slide is about (a section, the chart of a chart slide); a field
 * whose own fields are named is not named again; each once, in reading order.
 */
function tidy(paths: readonly string[], itemPrefixes: readonly string[]): string[] {
  const shortened = paths.map((path) => {
    let at = path.indexOf('[]');
    while (at >= 0) {
      const prefix = path.slice(0, at + 2);
      if (!itemPrefixes.includes(prefix)) return path.slice(0, at);
      at = path.indexOf('[]', at + 2);
    }
    return path;
  });
  const unique = [...new Set(shortened)].filter((p) => p !== '' && !p.endsWith('[]'));
  return unique.filter((p) => !unique.some((other) => other !== p && (other.startsWith(`${p}.`) || other.startsWith(`${p}[]`))));
}

// ---------------------------------------------------------------- the data format and helpers

let schemaRoot: JsonSchema | undefined;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Whether `path` (`sections[].charts[].notes`) is a field of the data format. */
function hasField(path: string): boolean {
  schemaRoot ??= reportJsonSchema() as JsonSchema;
  let nodes: JsonSchema[] = [schemaRoot];
  for (const part of path.split('.')) {
    const name = part.replace(/(\[\])+$/, '');
    const depth = (part.length - name.length) / 2;
    nodes = expand(nodes).flatMap((n) => (n.properties?.[name] ? [n.properties[name]] : []));
    for (let i = 0; i < depth; i++) nodes = expand(nodes).flatMap((n) => (n.items ? [n.items] : []));
    if (nodes.length === 0) return false;
  }
  return true;
}

function expand(nodes: JsonSchema[]): JsonSchema[] {
  return nodes.flatMap((n) => [n, ...expand([...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])])]);
}

/** The helpers a layout may call, so `{{t}}`-like names are not taken for fields. */
/** Every name a layout may call that is not a field: briefdeck's helpers and Handlebars' own. */
const HELPERS: ReadonlySet<string> = new Set([...HELPER_NAMES, ...BUILT_IN_HELPERS]);
