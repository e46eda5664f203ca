/**
 * What the bundle mends in pptxgenjs's own code (startup/bundle.ts
 * `pptxgenjsMended`), kept apart so that tests can run each text against its
 * mend: each is replaced where it stands, exactly once, or the bundle is not
 * built.
 */

/**
 * pptxgenjs 4.0.1 gives each text run the options of its text box that the
 * run lacks through `Object.entries(opts).filter(…).forEach(…)`: for every
 * run, an array of [key, value] pairs of all the box's options and a
 * filtered copy of it. At 3.000 slides that loop took 62 ms of the build's
 * thread (CPU profile) and made 25 MB of arrays (allocation profile). The
 * mended loop walks the same keys in the same order (own enumerable string
 * keys) and allocates nothing; the hyperlink test is made once before any
 * option is given, as the filter made it for every key before the first.
 * tests/startup/run-options.test.ts holds the two to the same result.
 */
export const RUN_OPTIONS_INHERITED = `            Object.entries(opts).filter(([key]) => !(textObj.options.hyperlink && key === 'color')).forEach(([key, val]) => {
                // if (textObj.options.hyperlink && key === 'color') null
                // NOTE: This loop will pick up unecessary keys (\`x\`, etc.), but it doesnt hurt anything
                if (key !== 'bullet' && !textObj.options[key])
                    textObj.options[key] = val;
            });
`;
export const RUN_OPTIONS_INHERITED_MENDED = `            { const hyperlink = textObj.options.hyperlink; for (const key in opts) {
                if (!Object.prototype.hasOwnProperty.call(opts, key) || (hyperlink && key === 'color')) continue;
                if (key !== 'bullet' && !textObj.options[key])
                    textObj.options[key] = opts[key];
            } }
`;
