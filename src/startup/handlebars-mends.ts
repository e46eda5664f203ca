/**
 * What the bundle mends in Handlebars' own code (startup/bundle.ts
 * `handlebarsMended`), kept apart so that tests can run the texts against
 * their mends: each is replaced where it stands, exactly once, or the bundle
 * is not built.
 */

/**
 * Handlebars 4.7.8 sets up every call of a template by copying each helper
 * of its environment and wrapping it in a new closure that adds
 * `lookupProperty` to its options, then moving helperMissing and
 * blockHelperMissing to the hooks (runtime.js `ret._setup`): 28 helpers
 * wrapped anew for each slide. At 3.000 slides that made 8,5 + 7,8 MB of
 * closures and 12 MB of copies (allocation profile) and took 49 ms of the
 * build's thread (CPU profile); mended, 3,7 MB and 21 ms, most of it
 * comparing the helpers. The mended setup keeps the helpers and hooks
 * it made for the template and gives them to the next call while the
 * environment's helpers are the same ones (none registered, unregistered
 * or replaced, however: each is compared) and the call asks for the same
 * handling of helperMissing; a call that brings helpers of its own
 * (`options.helpers`) is set up as Handlebars sets it up. Nothing edits the
 * helpers or the hooks once they are set up. Partials, decorators and the
 * prototype access control are set up at every call, as before.
 * tests/startup/handlebars-setup.test.ts holds the two to the same output.
 * The mend is two texts: where the helpers are set up, and where the hooks
 * are; what lies between them is left as it is.
 */
const HELPERS_SET_UP = `      var mergedHelpers = Utils.extend({}, env.helpers, options.helpers);
      wrapHelpersToPassLookupProperty(mergedHelpers, container);
      container.helpers = mergedHelpers;
`;
const HELPERS_SET_UP_MENDED = `      var keepHelperInHelpers = options.allowCallsToHelperMissing || templateWasPrecompiledWithCompilerV7;
      var setUp = options.helpers ? undefined : container.briefdeckSetUp;
      if (setUp && setUp.keep !== !!keepHelperInHelpers) setUp = undefined;
      if (setUp) {
        var helperCount = 0;
        for (var helperName in env.helpers) {
          if (!Object.prototype.hasOwnProperty.call(env.helpers, helperName)) continue;
          helperCount++;
          if (!Object.prototype.hasOwnProperty.call(setUp.from, helperName) || setUp.from[helperName] !== env.helpers[helperName]) {
            setUp = undefined;
            break;
          }
        }
        if (setUp && helperCount !== setUp.count) setUp = undefined;
      }
      if (setUp) container.helpers = setUp.helpers;
      else {
        var mergedHelpers = Utils.extend({}, env.helpers, options.helpers);
        wrapHelpersToPassLookupProperty(mergedHelpers, container);
        container.helpers = mergedHelpers;
      }
`;
const HOOKS_SET_UP = `      container.hooks = {};
      container.protoAccessControl = _internalProtoAccess.createProtoAccessControl(options);

      var keepHelperInHelpers = options.allowCallsToHelperMissing || templateWasPrecompiledWithCompilerV7;
      _helpers.moveHelperToHooks(container, 'helperMissing', keepHelperInHelpers);
      _helpers.moveHelperToHooks(container, 'blockHelperMissing', keepHelperInHelpers);
`;
const HOOKS_SET_UP_MENDED = `      container.hooks = setUp ? setUp.hooks : {};
      container.protoAccessControl = _internalProtoAccess.createProtoAccessControl(options);

      if (!setUp) {
        _helpers.moveHelperToHooks(container, 'helperMissing', keepHelperInHelpers);
        _helpers.moveHelperToHooks(container, 'blockHelperMissing', keepHelperInHelpers);
        if (!options.helpers) {
          container.briefdeckSetUp = {
            from: Utils.extend({}, env.helpers),
            count: Object.keys(env.helpers).length,
            keep: !!keepHelperInHelpers,
            helpers: container.helpers,
            hooks: container.hooks
          };
        }
      }
`;

/** The mend, in the order the bundle applies it: [the published text, the mended one]. */
export const HANDLEBARS_MENDS: readonly (readonly [string, string])[] = [
  [HELPERS_SET_UP, HELPERS_SET_UP_MENDED],
  [HOOKS_SET_UP, HOOKS_SET_UP_MENDED],
];
