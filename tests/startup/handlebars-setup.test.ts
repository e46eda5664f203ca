/**
 * The bundle's mend of Handlebars' template setup (startup/handlebars-mends.ts):
 * Handlebars' runtime as published and as mended, each running the same
 * templates in an environment of its own, must give the same output (or the
 * same error) call after call, whatever happens to the helpers between the
 * calls: registered, unregistered, replaced, brought by a call of its own,
 * helperMissing kept or not.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { HANDLEBARS_MENDS } from '../../src/startup/handlebars-mends.js';

const require = createRequire(import.meta.url);
const RUNTIME = join(dirname(require.resolve('handlebars/package.json')), 'dist', 'cjs', 'handlebars', 'runtime.js');
const SOURCE = readFileSync(RUNTIME, 'utf8');

interface Runtime {
  template: (spec: unknown, env: typeof Handlebars) => (context: unknown, options?: Record<string, unknown>) => string;
}

/** runtime.js evaluated from `text`, its own requires (utils, base, helpers…) answered from the package. */
function runtimeFrom(text: string): Runtime {
  const module = { exports: {} as Runtime };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the two texts are the code under test
  new Function('exports', 'require', 'module', text)(module.exports, createRequire(RUNTIME), module);
  return module.exports;
}
const published = runtimeFrom(SOURCE);
const mended = runtimeFrom(HANDLEBARS_MENDS.reduce((text, [from, to]) => text.split(from).join(to), SOURCE));

const TEMPLATES = [
  '{{#each items}}[{{@index}}:{{shout this}}]{{/each}}',
  '{{#if flag}}yes {{shout name}}{{else}}no{{/if}} {{#unless flag}}un{{/unless}}',
  '{{#with person}}{{name}} {{lookup ../items 1}}{{/with}}',
  '{{#items}}<{{this}}>{{/items}}{{#flag}}F{{/flag}}',
  '{{count items}} {{> part}}',
  '{{extra name}}',
  '{{missing name}}',
  '{{#block}}inside{{/block}}',
  '{{#blockHelperMissing items}}<{{this}}>{{/blockHelperMissing}}',
];
const SPECS = TEMPLATES.map((source) => {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- Handlebars' own precompiled output
  return new Function(`return ${Handlebars.precompile(source)}`)() as unknown;
});
const DATA = [
  { items: ['a', 'b', 'c'], flag: true, name: 'Ánh', person: { name: 'Hà' } },
  { items: [], flag: false, name: '', person: null },
  { items: ['x'], flag: 0, name: 'Nam', person: { name: 'Lan' }, block: ['1', '2'] },
];

type HelperFn = (...args: unknown[]) => unknown;
const VARIANTS: Record<string, HelperFn[]> = {
  shout: [(v) => String(v).toUpperCase(), (v) => `!${String(v)}!`],
  count: [(list) => (Array.isArray(list) ? list.length : -1), () => 'many'],
  extra: [(v) => `extra(${String(v)})`, (v, options) => `${typeof (options as { lookupProperty?: unknown }).lookupProperty}:${String(v)}`],
  block: [(options) => `B:${(options as { fn: (c: unknown) => string }).fn({})}`, () => 'plain'],
};

/** An environment as briefdeck makes one: Handlebars' own helpers, some of ours, a partial. */
function environment(runtime: Runtime) {
  const hb = Handlebars.create();
  hb.registerHelper('shout', VARIANTS.shout![0]!);
  hb.registerHelper('count', VARIANTS.count![0]!);
  hb.registerPartial('part', '({{shout name}})');
  const templates = SPECS.map((spec) => runtime.template(spec, hb));
  return { hb, templates };
}

type Op =
  | { kind: 'call'; template: number; data: number; ownHelpers: boolean; keepMissing: boolean }
  | { kind: 'register'; name: string; variant: number }
  | { kind: 'unregister'; name: string }
  | { kind: 'assign'; name: string; variant: number };

/** What `op` gives in `env`: the output or the error of a call, or nothing. */
function run(env: ReturnType<typeof environment>, op: Op): string | undefined {
  switch (op.kind) {
    case 'register':
      env.hb.registerHelper(op.name, VARIANTS[op.name]![op.variant]!);
      return undefined;
    case 'unregister':
      env.hb.unregisterHelper(op.name);
      return undefined;
    case 'assign': // as some code does, not through registerHelper
      (env.hb.helpers as Record<string, HelperFn>)[op.name] = VARIANTS[op.name]![op.variant]!;
      return undefined;
    case 'call': {
      const options: Record<string, unknown> = {};
      if (op.ownHelpers) options.helpers = { shout: (v: unknown) => `own:${String(v)}` };
      if (op.keepMissing) options.allowCallsToHelperMissing = true;
      try {
        return `ok:${env.templates[op.template]!(DATA[op.data], options)}`;
      } catch (e) {
        return `error:${(e as Error).message}`;
      }
    }
  }
}

const helperName = fc.constantFrom(...Object.keys(VARIANTS));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('call' as const), template: fc.nat(TEMPLATES.length - 1), data: fc.nat(DATA.length - 1), ownHelpers: fc.boolean(), keepMissing: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('register' as const), name: helperName, variant: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unregister' as const), name: helperName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), name: helperName, variant: fc.nat(1) }) },
);

describe("Handlebars' template setup, as the bundle mends it", () => {
  it('gives every call the output Handlebars 4.7.8 gives, whatever happens to the helpers between calls', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const a = environment(published);
        const b = environment(mended);
        for (const o of ops) expect(run(b, o)).toEqual(run(a, o));
      }),
      { numRuns: 300 },
    );
  });

  it('sees a helper registered, replaced and unregistered after the first call', () => {
    const env = environment(mended);
    const call = (template: number, ownHelpers = false) => run(env, { kind: 'call', template, data: 0, ownHelpers, keepMissing: false });
    expect(call(5)).toMatch(/^error:Missing helper: "extra"/);
    run(env, { kind: 'register', name: 'extra', variant: 0 });
    expect(call(5)).toBe('ok:extra(Ánh)');
    run(env, { kind: 'assign', name: 'extra', variant: 1 });
    expect(call(5)).toBe('ok:function:Ánh');
    expect(call(0, true)).toBe('ok:[0:own:a][1:own:b][2:own:c]');
    expect(call(0)).toBe('ok:[0:A][1:B][2:C]');
    run(env, { kind: 'unregister', name: 'extra' });
    expect(call(5)).toMatch(/^error:Missing helper: "extra"/);
  });

  it('keeps blockHelperMissing among the helpers for a call that allows it, and only for such a call', () => {
    const calls = (runtime: Runtime) => {
      const env = environment(runtime);
      return [false, true, false].map((keepMissing) => run(env, { kind: 'call', template: TEMPLATES.length - 1, data: 0, ownHelpers: false, keepMissing }));
    };
    const [refused, allowed, refusedAgain] = calls(mended);
    expect(allowed).toBe('ok:<a><b><c>');
    expect(refused).toMatch(/^error:/);
    expect([refused, allowed, refusedAgain]).toEqual(calls(published));
  });

  it('mends texts that Handlebars has exactly once each', () => {
    for (const [from] of HANDLEBARS_MENDS) expect(SOURCE.split(from)).toHaveLength(2);
  });
});
