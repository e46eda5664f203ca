/**
 * What the bundle mends in pptxgenjs's own code (startup/bundle.ts
 * `pptxgenjsMended`), kept apart so that tests can run each text against its
 * mend: each is replaced where it stands, exactly once, or the bundle is not
 * built.
 */

/**
 * pptxgenjs 4.0.1 starts `import('node:fs')` and `import('node:https')` each
 * time it encodes a slide's or layout's media, whether it has media to read
 * or not (encodeSlideMediaRels); briefdeck gives every picture as data, so
 * they are never used, and loading https (with tls and crypto) and the ES
 * namespace of fs cost a build about 30 ms (CPU profile of the conference
 * build). The function already loads them itself, awaited, before it reads
 * a file or a URL: only the eager call is taken out. The modules (big
 * reports, the tests) run pptxgenjs as published; a test compares their
 * decks with the bundle's byte for byte.
 */
export const EAGER_NODE_DEPS = '    if (isNode)\n        loadNodeDeps();\n';

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

/**
 * pptxgenjs 4.0.1 ends every text body by searching the XML it has built so
 * far for "<a:p>", to add an empty paragraph when there is none. That XML
 * is a string made by `+=`, and the search flattens it into a copy, which
 * the slide's XML copies again when it is written: at 3.000 slides
 * genXmlTextBody allocated 12,4 MB, 3,8 MB mended (allocation profiles).
 * Each line of the body starts with "<a:p>", so the body has one whenever
 * it has a line; the mended test searches only a body without lines, as
 * before. tests/startup/pptxgenjs-mended.test.ts holds the published and
 * the mended pptxgenjs to the same slides.
 */
export const EMPTY_BODY_TEST = "    if (strSlideXml.indexOf('<a:p>') === -1) {\n";
export const EMPTY_BODY_TEST_MENDED = "    if (arrLines.length === 0 && strSlideXml.indexOf('<a:p>') === -1) {\n";

/**
 * pptxgenjs 4.0.1 targets a slide's (or layout's, or master's) charts from
 * the package root, Target="/ppt/charts/chart1.xml", which Calligra Stage
 * does not find: the normaliser's relative-relationship-targets fix
 * (pptx/fixes/package.ts) parses each such .rels part and writes it again
 * with ../charts/chart1.xml, 600 parts and 41 ms of a 3.000-slide build's
 * thread (CPU profile). Those parts all lie in a folder under ppt/
 * (ppt/slides/_rels, ppt/slideLayouts/_rels, ppt/slideMasters/_rels), so
 * the mended pptxgenjs writes the target the fix would write, and the fix
 * finds nothing to do. The modules run pptxgenjs as published and the fix:
 * tests/startup.bundle.test.ts holds their decks to the bundle's byte for
 * byte, tests/startup/pptxgenjs-mended.test.ts the part to the fix's.
 */
export const CHART_TARGET =
  '        strXml += `<Relationship Id="rId${rel.rId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="${rel.Target}"/>`;\n';
export const CHART_TARGET_MENDED =
  "        strXml += `<Relationship Id=\"rId${rel.rId}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"${rel.Target.startsWith('/ppt/charts/') ? '..' + rel.Target.slice(4) : rel.Target}\"/>`;\n";

/**
 * pptxgenjs 4.0.1 writes one slide master, ppt/slideMasters/slideMaster1.xml,
 * but declares a content type for a master numbered after each slide:
 * slideMaster1 … slideMaster3000 in a deck of 3.000 slides, 420 KB of
 * [Content_Types].xml, which the content-type-overrides fix
 * (pptx/fixes/package.ts) then parses and removes again. The mended
 * pptxgenjs declares the master it writes, with the first slide, where it
 * declared it; the fix finds nothing to remove.
 * tests/startup/pptxgenjs-mended.test.ts holds the part to the fix's.
 */
export const MASTER_OVERRIDES =
  '        strXml += `<Override PartName="/ppt/slideMasters/slideMaster${idx + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/>`;\n';
export const MASTER_OVERRIDES_MENDED =
  '        if (idx === 0) strXml += `<Override PartName="/ppt/slideMasters/slideMaster${idx + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/>`;\n';

/** Every mend, in the order the bundle applies them: [the published text, the mended one]. */
export const PPTXGENJS_MENDS: readonly (readonly [string, string])[] = [
  [EAGER_NODE_DEPS, ''],
  [RUN_OPTIONS_INHERITED, RUN_OPTIONS_INHERITED_MENDED],
  [EMPTY_BODY_TEST, EMPTY_BODY_TEST_MENDED],
  [CHART_TARGET, CHART_TARGET_MENDED],
  [MASTER_OVERRIDES, MASTER_OVERRIDES_MENDED],
];
