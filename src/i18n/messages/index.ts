/**
 * The catalogues, one file per area, each holding English and Vietnamese side
 * by side so a new message is translated where it is written.
 */
import * as bind from './bind.js';
import * as cli from './cli.js';
import * as diagnostics from './diagnostics.js';
import * as diff from './diff.js';
import * as init from './init.js';
import * as layouts from './layouts.js';
import * as preview from './preview.js';
import * as templates from './templates.js';
import * as theme from './theme.js';
import * as watch from './watch.js';

/** Each area on its own, so a test can check that no key is defined twice. */
export const areas = { bind, cli, diagnostics, diff, init, layouts, preview, templates, theme, watch };

export const en = { ...bind.en, ...cli.en, ...diagnostics.en, ...diff.en, ...init.en, ...layouts.en, ...preview.en, ...templates.en, ...theme.en, ...watch.en };
export const vi = { ...bind.vi, ...cli.vi, ...diagnostics.vi, ...diff.vi, ...init.vi, ...layouts.vi, ...preview.vi, ...templates.vi, ...theme.vi, ...watch.vi };
