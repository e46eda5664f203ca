/**
 * Planning: report + outline → the ordered list of slides, each with the
 * layout to draw and the data it shows. Pure: no templates are run here.
 */
import { error, type Diagnostic, type Result } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import type { Outline, OutlineStep } from '../templates/theme.js';
import type { Report, Section } from '../validate/schema.js';
import type { DataPath } from '../model/data-path.js';

export interface PlannedSlide {
  layout: string;
  /** The data the layout sees: the report, the current section, and the step's content. */
  context: SlideContext;
  /** The data path the content came from, for messages. */
  dataPath: DataPath;
  /** Where the layout was named: a section's `slides` entry, or the outline when absent. */
  layoutPath?: DataPath;
}

export interface SlideContext {
  meeting: Report['meeting'];
  closing: Report['closing'];
  agenda: { title: string; subtitle: string | null }[];
  section: Section | null;
  content: unknown;
  /** True on the second and later slides of a split list. */
  continued: boolean;
  part: number;
  parts: number;
  /** 1-based number of the first list item on this slide, so numbering runs on. */
  start: number;
  notes: string;
}

/** Where a name of the slide context comes from in the data file. */
export type ContextSource =
  /** A field of the data (`items`: what each element is, when it is iterated and is not `field[]`). */
  | { readonly field: string; readonly items?: string }
  /** What the outline step's `from` selects (else the section, or the whole report). */
  | 'step'
  /** The speaker notes: the content's own, else the section's (or the meeting's). */
  | 'notes'
  /** Worked out by planning and fitting, not taken from the data. */
  | 'computed';

/**
 * The slide context's names and where each comes from, as data: what
 * `briefdeck layouts` (render/describe.ts) follows to name the data fields a
 * layout reads. The compiler keeps it equal to SlideContext.
 */
export const SLIDE_CONTEXT = {
  meeting: { field: 'meeting' },
  closing: { field: 'closing' },
  // The agenda is the sections with `agenda: true`: each item is a section.
  agenda: { field: 'sections[].agenda', items: 'sections[]' },
  section: { field: 'sections[]' },
  content: 'step',
  notes: 'notes',
  continued: 'computed',
  part: 'computed',
  parts: 'computed',
  start: 'computed',
} as const satisfies Record<keyof SlideContext, ContextSource>;

export function planDeck(report: Report, outline: Outline, layouts: ReadonlySet<string>): Result<PlannedSlide[]> {
  const base = {
    meeting: report.meeting,
    closing: report.closing,
    agenda: report.sections.filter((s) => s.agenda).map((s) => ({ title: s.title, subtitle: s.subtitle })),
  };
  const deckFields: Record<string, unknown> = { ...base, notes: null };
  const slides: PlannedSlide[] = [
    ...expandSteps(outline.opening, deckFields, base, null, []),
    ...report.sections.flatMap((section, i) =>
      expandSteps(stepsFor(section, outline, ['sections', i]), section, base, section, ['sections', i]),
    ),
    ...expandSteps(outline.closing, deckFields, base, null, []),
  ];
  const diagnostics = unknownLayouts(slides, layouts);
  return diagnostics.length > 0 ? { diagnostics } : { value: slides, diagnostics };
}

type Step = OutlineStep & { layoutPath?: DataPath };

function stepsFor(section: Section, outline: Outline, path: (string | number)[]): Step[] {
  if (!section.slides) return outline.section;
  return section.slides.map((s, j) => ({
    layout: s.layout,
    from: s.from ?? undefined,
    perSlide: s.perSlide ?? undefined,
    each: false,
    layoutPath: [...path, 'slides', j, 'layout'],
  }));
}

function expandSteps(
  steps: readonly Step[],
  fields: object,
  base: Pick<SlideContext, 'meeting' | 'closing' | 'agenda'>,
  section: Section | null,
  path: (string | number)[],
): PlannedSlide[] {
  const record = fields as Record<string, unknown>;
  return steps.flatMap((step) => {
    // Own fields only: a name like "constructor" must not reach Object.prototype. "table.rows" goes one level down.
    const field = (name: string): unknown =>
      name.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), record);
    if (step.when !== undefined && field(step.when) !== true) return [];
    const content = step.from === undefined ? fields : field(step.from);
    if (isEmpty(content)) return [];
    const ownPath = step.from === undefined ? path : [...path, ...step.from.split('.')];
    const sectionNotes = section?.notes ?? '';
    const slide = (c: unknown, extra: Partial<SlideContext>, dataPath: (string | number)[]): PlannedSlide => ({
      layout: step.layout,
      dataPath,
      ...(step.layoutPath ? { layoutPath: step.layoutPath } : {}),
      context: {
        ...base,
        section,
        content: c,
        continued: false,
        part: 1,
        parts: 1,
        start: 1,
        notes: notesOf(c) ?? (step.from === 'meeting' ? base.meeting.notes : sectionNotes),
        ...extra,
      },
    });
    if (Array.isArray(content) && step.each) {
      return content.map((item, i) => slide(item, {}, [...ownPath, i]));
    }
    if (Array.isArray(content) && step.perSlide !== undefined) {
      const chunks = balancedChunks(content, step.perSlide);
      let start = 1;
      return chunks.map((chunk, i) => {
        const planned = slide(chunk, { continued: i > 0, part: i + 1, parts: chunks.length, start }, [...ownPath, start - 1]);
        start += chunk.length;
        return planned;
      });
    }
    return [slide(content, {}, ownPath)];
  });
}

/** Splits into as few slides as `max` allows, with sizes as even as possible (5 → 3 + 2, not 4 + 1). */
export function balancedChunks<T>(items: readonly T[], max: number): T[][] {
  const count = Math.ceil(items.length / max);
  const chunks: T[][] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.ceil((items.length - offset) / (count - i));
    chunks.push(items.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

function notesOf(content: unknown): string | undefined {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return undefined;
  const notes = (content as { notes?: unknown }).notes;
  return typeof notes === 'string' ? notes : undefined;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function unknownLayouts(slides: readonly PlannedSlide[], layouts: ReadonlySet<string>): Diagnostic[] {
  const known = [...layouts].sort().join(', ');
  const seen = new Set<string>();
  return slides
    .filter((s) => !layouts.has(s.layout) && !seen.has(s.layout) && seen.add(s.layout))
    .map((s) =>
      error('unknown-layout', s.layoutPath ? t('layout.unknown', { layout: s.layout }) : t('layout.unknown-in-outline', { layout: s.layout }), {
        ...(s.layoutPath ? { dataPath: s.layoutPath } : {}),
        hint: t('schema.use-one-of.hint', { allowed: known }),
      }),
    );
}
