/**
 * Template sets compiled ahead of time (render/precompiled.ts): a renderer
 * given a set's precompiled templates draws exactly what it draws compiling
 * them at run time, locates problems at the same lines, and compiles
 * nothing; an edited set is compiled as before. The bundle carries every
 * shipped set compiled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DeckBuilder } from '../../src/index.js';
import { createMeasurer } from '../../src/fit/measure.js';
import type { PrecompiledSet } from '../../src/render/precompiled.js';
import { precompiledSource } from '../../src/render/precompiled-source.js';
import { Renderer } from '../../src/render/render.js';
import { shippedSets } from '../../src/templates/shipped.js';
import { writtenKey } from '../../src/render/written-clean.js';
import { templatesOf, type TemplateSet } from '../../src/templates/load.js';
import { CONFERENCE, ROOT, TEMPLATES } from '../helpers/build.js';

const STRESS = resolve(ROOT, 'tests', 'fixtures', 'stress.yaml');
const BUNDLE = join(ROOT, 'dist', 'briefdeck.cjs');

/** The JavaScript `Handlebars.precompile` writes, evaluated as the bundle evaluates it. */
const evaluate = (spec: string): unknown => new Function(`return ${spec};`)();

/** A set's templates compiled ahead of time, as the map the bundle holds. */
function aheadOf(set: TemplateSet): Map<string, PrecompiledSet> {
  const specs = new Renderer(set, undefined, new Map()).precompile();
  expect(specs).toBeDefined();
  return new Map([[writtenKey(set), specs!.map(evaluate) as PrecompiledSet]]);
}

/** A renderer whose Handlebars compiles are counted (parses are not: the written-markup check parses every template). */
function counted(set: TemplateSet, precompiled: ReadonlyMap<string, PrecompiledSet>) {
  const renderer = new Renderer(set, createMeasurer(), precompiled);
  return { renderer, compile: vi.spyOn(renderer['hb'], 'compile') }; // the renderer's own Handlebars environment
}

async function checked(data: string) {
  const result = await new DeckBuilder().check({ data, templates: TEMPLATES });
  expect(result.value).toBeDefined();
  return result.value!;
}

/** The set with one layout's text changed. */
function editedLayout(set: TemplateSet, name: string, change: (text: string) => string): TemplateSet {
  const source = set.layouts.get(name)!;
  return { ...set, layouts: new Map([...set.layouts, [name, { ...source, source: change(source.source) }]]) };
}

describe('precompile', () => {
  it('gives every template of each shipped set, in source order', async () => {
    for (const set of await shippedSets()) {
      const specs = new Renderer(set, undefined, new Map()).precompile();
      expect(specs).toHaveLength(templatesOf(set).length);
      for (const spec of specs!) expect(evaluate(spec)).toHaveProperty('main');
    }
  });

  it('is the same asked twice: each template is marked with its positions once', async () => {
    const [set] = await shippedSets();
    const renderer = new Renderer(set!, undefined, new Map());
    const first = renderer.precompile();
    expect(renderer.precompile()).toEqual(first);
    // The partials, marked when the renderer was made, are marked no more than the layouts are.
    const fresh = templatesOf(set!).map((source) => (source.source.match(/<[A-Za-z_:/]/g) ?? []).length);
    expect(first!.join('')).toContain('<?bd ');
    first!.forEach((spec, i) => expect((spec.match(/<\?bd /g) ?? []).length).toBeLessThanOrEqual(fresh[i]!));
  });

  it('gives nothing for a set with a template that does not parse, or uses a missing partial', async () => {
    const [set] = await shippedSets();
    const name = [...set!.layouts.keys()][0]!;
    expect(new Renderer(editedLayout(set!, name, (t) => `${t}{{#if}}`), undefined, new Map()).precompile()).toBeUndefined();
    expect(new Renderer(editedLayout(set!, name, (t) => `${t}{{> no-such-partial}}`), undefined, new Map()).precompile()).toBeUndefined();
  });
});

describe('a renderer given a set compiled ahead of time', () => {
  it.each([
    ['the conference deck', CONFERENCE],
    ['the stress fixture', STRESS],
  ])('draws %s exactly as compiling at run time does, and compiles nothing', async (_, data) => {
    const { report, slides, images, templates } = await checked(data);
    const atRunTime = counted(templates, new Map());
    const ahead = counted(templates, aheadOf(templates));
    const expected = atRunTime.renderer.renderDeck(report, slides, images);
    const drawn = ahead.renderer.renderDeck(report, slides, images);
    expect(drawn).toEqual(expected);
    expect(expected.value?.slides.length).toBeGreaterThan(0);
    expect(atRunTime.compile).toHaveBeenCalled();
    expect(ahead.compile).not.toHaveBeenCalled();
  });

  it('locates a layout that throws, and markup it writes wrong, at the same lines', async () => {
    const { report, slides, images, templates } = await checked(CONFERENCE);
    const used = slides[1]!.layout;
    // A field strict mode refuses, then an element left open, three lines down.
    const broken = editedLayout(templates, used, (t) => `{{#if false}}{{nope.deeper}}{{/if}}\n\n\n<oops>\n${t}`);
    const thrown = editedLayout(templates, used, (t) => `{{nope.deeper}}\n${t}`);
    for (const set of [broken, thrown]) {
      const expected = new Renderer(set, createMeasurer(), new Map()).renderDeck(report, slides, images);
      const drawn = counted(set, aheadOf(set));
      expect(drawn.renderer.renderDeck(report, slides, images)).toEqual(expected);
      expect(drawn.compile).not.toHaveBeenCalled();
      const errors = expected.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]!.location?.file).toBe(set.layouts.get(used)!.file);
      expect(errors[0]!.location?.line).toBeGreaterThan(0);
    }
  });

  it('compiles an edited set at run time, and draws the edit', async () => {
    const { report, slides, images, templates } = await checked(CONFERENCE);
    const used = slides[1]!.layout;
    const edited = editedLayout(templates, used, (t) => t.replace(/<text\b/, '<text>Đã sửa</text><text'));
    const { renderer, compile } = counted(edited, aheadOf(templates));
    const drawn = renderer.renderDeck(report, slides, images);
    expect(compile).toHaveBeenCalled();
    expect(JSON.stringify(drawn.value?.slides[1])).toContain('Đã sửa');
  });
});

describe('the module the bundle holds', () => {
  it('maps every shipped set to its templates, and sets with the same templates share one list', async () => {
    const source = await precompiledSource();
    const sets = await shippedSets();
    for (const set of sets) expect(source).toContain(JSON.stringify(writtenKey(set)));
    const lists = source.match(/^const set\d+ = \[/gm) ?? [];
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.length).toBeLessThan(sets.length);
  });

  it.runIf(existsSync(BUNDLE))('is in the bundle the build wrote', async () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    const map = /PRECOMPILED=new Map\(\[(.*?)\]\)/.exec(bundle)?.[1] ?? '';
    for (const set of await shippedSets()) expect(map).toContain(JSON.stringify(writtenKey(set)));
  });
});
