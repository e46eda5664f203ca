/**
 * The helpers' names are data (HELPER_NAMES, BUILT_IN_HELPERS) that
 * `briefdeck layouts` reads to tell a helper from a data field: they must be
 * exactly the helpers a renderer registers.
 */
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_HELPERS, HELPER_NAMES, registerHelpers } from '../../src/render/helpers.js';
import type { Locale } from '../../src/format/locale.js';

describe('the helpers\' names', () => {
  it('are the helpers a Handlebars instance has once briefdeck\'s are registered', () => {
    const hb = Handlebars.create();
    expect(Object.keys(hb.helpers).sort()).toEqual([...BUILT_IN_HELPERS].sort());
    registerHelpers(hb, { words: {} } as unknown as Locale);
    expect(Object.keys(hb.helpers).sort()).toEqual([...BUILT_IN_HELPERS, ...HELPER_NAMES].sort());
  });
});
