/**
 * The pipeline, as a library: load → validate → plan → render → emit.
 * `buildDeck` reads its inputs and returns the deck bytes or diagnostics;
 * writing the file is left to the caller (the CLI), so nothing is lost on failure.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, hasErrors, warning, type Diagnostic, type Result } from './diagnostics.js';
import type { TextMeasurer } from './fit/measure.js';
import { checkFontCoverage } from './fit/coverage.js';
import { t } from './i18n/catalogue.js';
import { atBoundCell, resolveBindings, type BoundReport, type WorkbookReader } from './bind/resolve.js';
import { loadImages, type ImageRef, type ImageSet } from './load/images.js';
import { readText } from './load/read.js';
import { parseYaml, type ParsedYaml } from './load/yaml.js';
import { planDeck, type PlannedSlide } from './plan/plan.js';
import { Renderer } from './render/render.js';
import { loadLocale, loadTemplates, type TemplateSet } from './templates/load.js';
import type { Locale } from './format/locale.js';
import type { Deck } from './model/deck.js';
import type { ZipStream } from './pptx/zip.js';
import type { Theme } from './templates/theme.js';
import { withInlineFigures } from './format/inline.js';
import { checkNotation } from './format/notation.js';
import { pictureAltWarnings } from './validate/alt-text.js';
import { isDocumentDate } from './validate/dates.js';
import { DEFAULT_LOCALE, type Report } from './validate/schema.js';
import { Stopwatch, type StageTimings } from './timing.js';
import { validateReport } from './validate/validate.js';

export type { Diagnostic } from './diagnostics.js';

/** The templates shipped with briefdeck, next to dist/. */
export const DEFAULT_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
export const DEFAULT_THEME = 'default';

export interface BuildOptions {
  data: string;
  templates?: string;
  theme?: string;
  /** The document date; the meeting date unless given (the CLI passes SOURCE_DATE_EPOCH). */
  documentDate?: Date;
  /** Allow pictures outside the data file's folder (absolute paths, ../). */
  allowOutside?: boolean;
}

export interface BuildOutput {
  /** The deck's bytes (none when they went to the stream `build` was given); absent when it could not be built. */
  pptx?: Uint8Array;
  slideCount: number;
  diagnostics: Diagnostic[];
  /** Milliseconds per stage, up to the deck bytes (writing is the caller's). */
  timings: StageTimings;
}

/** The locale a report's figures are checked and written in, by its code. */
export type LocaleSource = (code: string) => Promise<Locale | undefined>;

const shippedLocale: LocaleSource = async (code) => (await loadLocale(DEFAULT_TEMPLATES, code)).value;

/**
 * Reads and checks the report data: the `validate` command, and the first
 * half of a build. The report comes back with its inline figures ({5000})
 * written in its locale's notation.
 */
export async function loadReport(
  file: string,
  clock = new Stopwatch(),
  localeOf: LocaleSource = shippedLocale,
  { allowOutside = false }: { allowOutside?: boolean } = {},
): Promise<{ report?: Report; doc?: ParsedYaml; bound?: BoundReport; diagnostics: Diagnostic[] }> {
  const text = await readText(file);
  if (text.value === undefined) return { diagnostics: text.diagnostics };
  const parsed = parseYaml(text.value, file);
  clock.lap('load');
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const yamlDoc = parsed.value;
  // Values bound to a workbook take their cells' values before anything checks them.
  const bound = await resolveBindings(yamlDoc, readWorkbookLazily, { allowOutside });
  if (!bound.value) return { doc: yamlDoc, diagnostics: bound.diagnostics };
  const doc: ParsedYaml = bound.value.data === yamlDoc.data ? yamlDoc : { ...yamlDoc, data: bound.value.data };
  // Misread figures come first: a range [700, 2.300] is "reversed" only because 2.300 was read as 2,3.
  const locale = await localeOf(localeCode(doc.data));
  const notation = locale ? checkNotation(doc, locale) : [];
  const validated = validateReport(doc);
  clock.lap('validate');
  const diagnostics = [...notation, ...validated.diagnostics].map((d) => atBoundCell(d, bound.value!));
  if (!validated.value || hasErrors(diagnostics)) return { doc, diagnostics };
  // A locale that does not load is reported by the templates, with its own location.
  const report = locale ? withInlineFigures(validated.value, locale) : validated.value;
  // Warnings on valid data only: a report with errors is fixed first.
  const warnings = locateInData(pictureAltWarnings(report), doc, file);
  return { doc, report, bound: bound.value, diagnostics: [...diagnostics, ...warnings] };
}

/** The workbook reader, loaded only when a report binds a value (a report without bindings loads no spreadsheet code). */
const readWorkbookLazily: WorkbookReader = async (file, base, options) => (await import('./bind/workbook.js')).readWorkbook(file, base, options);

/** The report's `locale`, before validation: its default when absent or not a word. */
function localeCode(data: unknown): string {
  const code = data !== null && typeof data === 'object' ? (data as { locale?: unknown }).locale : undefined;
  return typeof code === 'string' && /^[a-z]{2,3}$/.test(code) ? code : DEFAULT_LOCALE;
}

/** A deck laid out and fitted, not yet a package, with the theme and the measurer that fitted it. */
export interface RenderedDeck {
  deck: Deck;
  theme: Theme;
  measurer: TextMeasurer;
}

/** A report with everything needed to draw its slides, short of drawing them. */
export interface PlannedReport {
  report: Report;
  doc: ParsedYaml;
  /** The values the report takes from workbooks: which cell each came from, and the files read. */
  bound: BoundReport;
  templates: TemplateSet;
  slides: PlannedSlide[];
}

/**
 * Builds decks, keeping what does not change between builds: the templates
 * (read, checked, their layouts compiled) and the fonts. `watch` and batch
 * builds use one builder; `forgetTemplates` drops them after a template edit.
 */
export class DeckBuilder {
  private readonly templateSets = new Map<string, Promise<Result<TemplateSet>>>();
  private readonly renderers = new WeakMap<TemplateSet, Renderer>();
  private readonly locales = new Map<string, Promise<Locale | undefined>>();

  forgetTemplates(): void {
    this.templateSets.clear();
    this.locales.clear();
  }

  private templates(dir: string, theme: string, locale: string): Promise<Result<TemplateSet>> {
    const key = JSON.stringify([dir, theme, locale]);
    let loaded = this.templateSets.get(key);
    if (!loaded) {
      loaded = loadTemplates(dir, theme, locale);
      this.templateSets.set(key, loaded);
    }
    return loaded;
  }

  /** A locale on its own, kept like the templates: the report's figures are checked before its theme is known. */
  private locale(dir: string, code: string): Promise<Locale | undefined> {
    const key = JSON.stringify([dir, code]);
    let loaded = this.locales.get(key);
    if (!loaded) {
      loaded = loadLocale(dir, code).then((r) => r.value);
      this.locales.set(key, loaded);
    }
    return loaded;
  }

  private renderer(templates: TemplateSet, measurer: TextMeasurer): Renderer {
    let renderer = this.renderers.get(templates);
    if (!renderer) {
      renderer = new Renderer(templates, measurer);
      this.renderers.set(templates, renderer);
    }
    return renderer;
  }

  /**
   * The first half of a build: the report read and checked, its theme's
   * templates, and its slide plan. `diff` stops here; `build` goes on.
   */
  async plan(options: Pick<BuildOptions, 'data' | 'templates' | 'theme' | 'allowOutside'>, clock = new Stopwatch()): Promise<Result<PlannedReport>> {
    const loaded = await loadReport(options.data, clock, (code) => this.locale(options.templates ?? DEFAULT_TEMPLATES, code), {
      allowOutside: options.allowOutside ?? false,
    });
    if (!loaded.report || !loaded.doc || !loaded.bound) return { diagnostics: loaded.diagnostics };
    const { report, doc, bound } = loaded;

    const themeFromData = options.theme === undefined && report.theme !== null;
    const templates = await this.templates(options.templates ?? DEFAULT_TEMPLATES, options.theme ?? report.theme ?? DEFAULT_THEME, report.locale);
    if (!templates.value) {
      // A theme named in the data is pointed at there; one from --theme has no line to point at.
      const located = templates.diagnostics.map((d) =>
        d.code === 'unknown-theme' && themeFromData ? { ...d, location: doc.locate(['theme']), dataPath: ['theme'] } : d,
      );
      return { diagnostics: located };
    }
    const templateSet = templates.value;
    clock.lap('load');

    const plan = planDeck(report, templateSet.outline, new Set(templateSet.layouts.keys()));
    clock.lap('plan');
    if (!plan.value) return { diagnostics: locateInData(plan.diagnostics, doc, templateSet.outlineFile) };
    return { value: { report, doc, bound, templates: templateSet, slides: plan.value }, diagnostics: loaded.diagnostics };
  }

  /**
   * Everything a build reads before it draws: the report, its theme's
   * templates and its slide plan (the layouts it names), and the pictures it
   * shows.
   */
  async check(
    options: Pick<BuildOptions, 'data' | 'templates' | 'theme' | 'allowOutside'>,
    clock = new Stopwatch(),
  ): Promise<Result<PlannedReport & { images: ImageSet }>> {
    const planned = await this.plan(options, clock);
    if (!planned.value) return { diagnostics: planned.diagnostics };
    const images = await loadImages(imageRefs(planned.value.report), planned.value.doc, { allowOutside: options.allowOutside ?? false });
    clock.lap('load');
    if (images.diagnostics.length > 0) return { diagnostics: images.diagnostics };
    return { value: { ...planned.value, images: images.value }, diagnostics: planned.diagnostics };
  }

  /**
   * Everything but the package: the deck model, laid out and fitted, with the
   * theme it was drawn in. `build` emits it; tests measure it; `validate`
   * stops here, so that what it calls valid, `build` builds.
   */
  async render(options: BuildOptions, clock = new Stopwatch()): Promise<Result<RenderedDeck>> {
    const dateProblem = documentDateProblem(options.documentDate);
    if (dateProblem) return { diagnostics: [dateProblem] };
    const checked = await this.check(options, clock);
    if (!checked.value) return { diagnostics: checked.diagnostics };
    const { report, doc, templates: templateSet, slides, images } = checked.value;

    const { createMeasurer, knownFamily } = await import('./fit/measure.js'); // fonts load only when a deck is built
    const measurer = createMeasurer();
    const families = [...new Set(Object.values(templateSet.theme.fonts))];
    const coverage = [
      ...families.filter((f) => !knownFamily(f)).map((f) =>
        warning('font-unmeasured', t('font.unmeasured', { font: f }), {
          location: { file: templateSet.themeFile, line: 0, col: 0 },
          hint: t('font.unmeasured.hint'),
        }),
      ),
      ...checkFontCoverage(report, families, measurer, doc),
    ];
    const deck = this.renderer(templateSet, measurer).renderDeck(report, slides, images);
    clock.lap('render');
    const diagnostics = [...checked.diagnostics, ...coverage, ...locateInData(deck.diagnostics, doc, templateSet.outlineFile)];
    if (!deck.value || hasErrors(diagnostics)) return { diagnostics };
    const dated = options.documentDate ? { ...deck.value, meta: { ...deck.value.meta, date: options.documentDate } } : deck.value;
    return { value: { deck: dated, theme: templateSet.theme, measurer }, diagnostics };
  }

  /** The deck; its bytes go to `stream` as they are made when one is given (the CLI's file, write/atomic.ts). */
  async build(options: BuildOptions, stream?: ZipStream): Promise<BuildOutput> {
    const clock = new Stopwatch();
    const rendered = await this.render(options, clock);
    if (!rendered.value) return { slideCount: 0, diagnostics: rendered.diagnostics, timings: clock.timings };
    const { deck } = rendered.value;
    clock.lap('render');
    const { emitPptx } = await import('./pptx/emit.js'); // pptxgenjs is heavy: load it only to build
    const pptx = await emitPptx(deck, clock, stream);
    return { pptx, slideCount: deck.slides.length, diagnostics: rendered.diagnostics, timings: clock.timings };
  }
}

/** One deck, start to finish. */
export function buildDeck(options: BuildOptions): Promise<BuildOutput> {
  return new DeckBuilder().build(options);
}

/**
 * A document date the deck's core properties cannot carry (SOURCE_DATE_EPOCH
 * beyond 9999, or not a date at all): refused before anything is built, as a
 * usage error (exit 2). The meeting date is checked by validation.
 */
function documentDateProblem(date: Date | undefined): Diagnostic | undefined {
  if (date === undefined || isDocumentDate(date)) return undefined;
  return error('source-date-epoch', t('build.source-date-epoch'), {
    location: { file: 'SOURCE_DATE_EPOCH', line: 0, col: 0 },
    hint: t('usage.source-date-epoch.hint'),
  });
}

/** Every picture the report names, with where it is named. */
function imageRefs(report: Report): ImageRef[] {
  const refs: ImageRef[] = [];
  if (report.meeting.logo) refs.push({ path: report.meeting.logo, dataPath: ['meeting', 'logo'] });
  report.sections.forEach((s, i) => {
    if (s.picture) refs.push({ path: s.picture.path, dataPath: ['sections', i, 'picture', 'path'] });
  });
  return refs;
}

/**
 * Gives plan diagnostics a location: a line of the report, found by the data
 * path itself (keys may hold "." or "["), or else the outline file.
 */
export function locateInData(diagnostics: Diagnostic[], doc: ParsedYaml, outlineFile: string): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.location) return d;
    const location = d.dataPath && d.dataPath.length > 0 ? doc.locate(d.dataPath) : { file: outlineFile, line: 0, col: 0 };
    return { ...d, location };
  });
}
