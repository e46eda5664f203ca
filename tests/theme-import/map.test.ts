/**
 * `theme import` without the CLI: the colour arithmetic (colours.ts), the
 * facts read from a package built here part by part (package.ts, facts.ts),
 * the mapping of facts onto the default theme (map.ts) and the YAML written
 * from it (write-yaml.ts).
 *
 * The legibility rules are checked as properties over random templates: every
 * pair of colours the default theme's layouts draw text in reads at WCAG AA,
 * whatever colours the template brings.
 */
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Theme } from '../../src/templates/theme.js';
import { loadTemplates } from '../../src/templates/load.js';
import { contrast, hueDistance, isChromatic, luminance, mix, readableOn, toHsl } from '../../src/theme-import/colours.js';
import { EMU_PER_INCH, TemplateError, templateFacts, type Box, type TemplateFacts, type TemplatePicture } from '../../src/theme-import/facts.js';
import { cutAround, mapTemplate, type ThemeImport } from '../../src/theme-import/map.js';
import { openPackage } from '../../src/theme-import/package.js';
import { themeYaml } from '../../src/theme-import/write-yaml.js';
import { TEMPLATES } from '../helpers/build.js';

const AA = 4.5;
const hexArb = fc.integer({ min: 0, max: 0xffffff }).map((n) => n.toString(16).padStart(6, '0').toUpperCase());
/** Greys, which a template's background and text often are, and where "light or dark" is least clear. */
const greyArb = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0').toUpperCase().repeat(3));
const colourArb = fc.oneof({ arbitrary: hexArb, weight: 3 }, { arbitrary: greyArb, weight: 1 });

// A 1 × 1 PNG.
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

// ---------------------------------------------------------------------------
// colours.ts

describe('colours', () => {
  it('gives WCAG 2 contrast', () => {
    expect(contrast('000000', 'FFFFFF')).toBe(21);
    expect(contrast('FFFFFF', '000000')).toBe(21);
    expect(contrast('777777', '777777')).toBe(1);
    // #767676 on white is the well-known AA limit (4.54:1).
    expect(contrast('767676', 'FFFFFF')).toBeCloseTo(4.54, 2);
  });

  it('mixes channel by channel', () => {
    expect(mix('000000', 'FFFFFF', 0)).toBe('000000');
    expect(mix('000000', 'FFFFFF', 1)).toBe('FFFFFF');
    expect(mix('000000', 'FFFFFF', 0.5)).toBe('808080');
    expect(mix('FF0000', '0000FF', 0.25)).toBe('BF0040');
  });

  it('keeps a colour that already reads, in capitals', () => {
    expect(readableOn('1f3864', 'FFFFFF', AA)).toBe('1F3864');
  });

  it.each([
    ['4472C4', 'FFFFFF', AA],
    ['4472C4', 'FFFFFF', 7],
    ['FFC000', 'FFFFFF', AA],
    ['70AD47', 'FFFFFF', AA],
    ['C00000', '000000', AA],
    ['1F3864', '1B2430', AA],
    ['ED7D31', 'F4F6F8', AA],
  ])('makes %s read on %s at %s:1, keeping its hue', (colour, against, ratio) => {
    expect(isChromatic(colour)).toBe(true);
    const got = readableOn(colour, against, ratio);
    expect(contrast(got, against)).toBeGreaterThanOrEqual(ratio);
    expect(got).toMatch(/^[0-9A-F]{6}$/);
    expect(hueDistance(got, colour)).toBeLessThan(6);
    // A step of lightness, not a jump to black or white.
    expect(['000000', 'FFFFFF']).not.toContain(got);
  });

  it('goes the way it is asked', () => {
    const darker = readableOn('4472C4', '000000', 3, 'darker');
    // No darker blue reads on black: the answer is white, the only colour that does.
    expect(contrast(darker, '000000')).toBeGreaterThanOrEqual(3);
    const lighter = readableOn('4472C4', 'FFFFFF', 3, 'lighter');
    expect(contrast(lighter, 'FFFFFF')).toBeGreaterThanOrEqual(3);
    expect(luminance(readableOn('4472C4', '808080', AA, 'darker'))).toBeLessThan(luminance('4472C4'));
    expect(luminance(readableOn('4472C4', '303030', AA, 'lighter'))).toBeGreaterThan(luminance('4472C4'));
  });

  it('reads at the ratio asked against any colour, or is black or white (property)', () => {
    fc.assert(
      fc.property(colourArb, colourArb, fc.constantFrom<'darker' | 'lighter' | 'either'>('either', 'darker', 'lighter'), (c, against, towards) => {
        const got = readableOn(c, against, AA, towards);
        expect(got).toMatch(/^[0-9A-F]{6}$/);
        if (got !== '000000' && got !== 'FFFFFF') expect(contrast(got, against)).toBeGreaterThanOrEqual(AA);
        // Black or white is only given up on when it is the better of the two.
        else expect(contrast(got, against)).toBeGreaterThanOrEqual(Math.min(AA, contrast(got === '000000' ? 'FFFFFF' : '000000', against)));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the hue of a chromatic colour it moves (property)', () => {
    fc.assert(
      fc.property(hexArb, fc.constantFrom('FFFFFF', 'F4F6F8', '000000', '1B2430'), (c, against) => {
        fc.pre(isChromatic(c));
        const got = readableOn(c, against, AA);
        const { l, s } = toHsl(got);
        // Near black or white the 8-bit channels cannot carry a hue; elsewhere it is kept.
        if (l > 0.12 && l < 0.88 && s > 0.1) expect(hueDistance(got, c)).toBeLessThan(8);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------
// A template built part by part

const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const emu = (inches: number): number => Math.round(inches * EMU_PER_INCH);
const rels = (...rs: [id: string, type: string, target: string][]): string =>
  `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rs
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;
const xfrm = (b: Box): string => `<a:xfrm><a:off x="${emu(b.x)}" y="${emu(b.y)}"/><a:ext cx="${emu(b.w)}" cy="${emu(b.h)}"/></a:xfrm>`;
const pic = (id: number, embed: string, b: Box): string =>
  `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="Picture ${id}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr>` +
  `<p:blipFill><a:blip r:embed="${embed}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>${xfrm(b)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
const GROUP = '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>';

const LOGO: Box = { x: 8.8, y: 0.3, w: 0.9, h: 0.5 };
const COVER_PICTURE: Box = { x: 0.5, y: 0.5, w: 1, h: 0.6 };
const BAND: Box = { x: 0, y: 7, w: 10, h: 0.5 };

const SCHEME = {
  dk2: '1F3864',
  lt2: 'E7E6E6',
  accent1: '4472C4',
  accent2: 'ED7D31',
  accent3: 'A5A5A5',
  accent4: 'FFC000',
  accent5: '5B9BD5',
  accent6: '70AD47',
  hlink: '0563C1',
  folHlink: '954F72',
};

const THEME = `${DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Test"><a:themeElements>
<a:clrScheme name="Test">
<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>
<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
${Object.entries(SCHEME)
  .map(([k, v]) => `<a:${k}><a:srgbClr val="${v}"/></a:${k}>`)
  .join('\n')}
</a:clrScheme>
<a:fontScheme name="Test"><a:majorFont><a:latin typeface="Cambria"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>
<a:fmtScheme name="Test"><a:fillStyleLst/><a:lnStyleLst/><a:effectStyleLst/><a:bgFillStyleLst/></a:fmtScheme>
</a:themeElements></a:theme>`;

const MASTER = `${DECL}<p:sldMaster ${NS}><p:cSld>
<p:bg><p:bgPr><a:solidFill><a:srgbClr val="F4F6F8"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>
<p:spTree>${GROUP}
<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>
<p:spPr>${xfrm({ x: 0.5, y: 0.3, w: 8, h: 1.2 })}</p:spPr>
<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"><a:solidFill><a:schemeClr val="tx2"><a:lumMod val="75000"/></a:schemeClr></a:solidFill><a:latin typeface="+mj-lt"/></a:rPr><a:t>Click to edit Master title style</a:t></a:r></a:p></p:txBody></p:sp>
<p:sp><p:nvSpPr><p:cNvPr id="3" name="Text Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr>
<p:spPr>${xfrm({ x: 0.5, y: 1.7, w: 9, h: 5 })}</p:spPr>
<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr lvl="0"/><a:r><a:rPr lang="en-US"/><a:t>Click to edit Master text styles</a:t></a:r></a:p></p:txBody></p:sp>
<p:sp><p:nvSpPr><p:cNvPr id="4" name="Band"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>
<p:spPr>${xfrm(BAND)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></p:spPr></p:sp>
${pic(5, 'rId3', LOGO)}
</p:spTree></p:cSld>
<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>
<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>
<p:txStyles>
<p:titleStyle><a:lvl1pPr><a:defRPr sz="4400"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mj-lt"/></a:defRPr></a:lvl1pPr></p:titleStyle>
<p:bodyStyle><a:lvl1pPr><a:defRPr sz="2800"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></p:bodyStyle>
<p:otherStyle/>
</p:txStyles></p:sldMaster>`;

const TITLE_LAYOUT = `${DECL}<p:sldLayout ${NS} type="title" preserve="1"><p:cSld name="Title Slide"><p:spTree>${GROUP}
${pic(2, 'rId2', COVER_PICTURE)}
</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`;

const PRESENTATION = `${DECL}<p:presentation ${NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`;

function templateParts(): Record<string, string | Uint8Array> {
  return {
    '[Content_Types].xml': `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    '_rels/.rels': rels(['rId1', 'officeDocument', 'ppt/presentation.xml']),
    'ppt/presentation.xml': PRESENTATION,
    'ppt/_rels/presentation.xml.rels': rels(['rId1', 'slideMaster', 'slideMasters/slideMaster1.xml'], ['rId2', 'theme', 'theme/theme1.xml']),
    'ppt/slideMasters/slideMaster1.xml': MASTER,
    'ppt/slideMasters/_rels/slideMaster1.xml.rels': rels(
      ['rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      ['rId2', 'theme', '../theme/theme1.xml'],
      ['rId3', 'image', '../media/image1.png'],
    ),
    'ppt/slideLayouts/slideLayout1.xml': TITLE_LAYOUT,
    'ppt/slideLayouts/_rels/slideLayout1.xml.rels': rels(['rId1', 'slideMaster', '../slideMasters/slideMaster1.xml'], ['rId2', 'image', '../media/image1.png']),
    'ppt/theme/theme1.xml': THEME,
    'ppt/media/image1.png': PNG,
  };
}

const zip = (parts: Record<string, string | Uint8Array>): Uint8Array =>
  zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));

/** The reason key a package is refused with, or undefined when its facts are read. */
function refusal(bytes: Uint8Array): string | undefined {
  try {
    templateFacts(openPackage(bytes));
    return undefined;
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return e.reason.key;
  }
}

const near = (a: Box, b: Box, digits = 4): void => {
  expect(a.x).toBeCloseTo(b.x, digits);
  expect(a.y).toBeCloseTo(b.y, digits);
  expect(a.w).toBeCloseTo(b.w, digits);
  expect(a.h).toBeCloseTo(b.h, digits);
};

describe('templateFacts', () => {
  let facts: TemplateFacts;
  beforeAll(() => {
    facts = templateFacts(openPackage(zip(templateParts())));
  });

  it('reads the slide size in inches', () => {
    expect(facts.size).toEqual({ width: 10, height: 7.5 });
  });

  it('resolves the colour scheme, system colours by their last value', () => {
    expect(facts.scheme).toEqual({ dk1: '000000', lt1: 'FFFFFF', ...SCHEME });
  });

  it('reads the fonts', () => {
    expect(facts.fonts).toEqual({ major: 'Cambria', minor: 'Calibri' });
    expect(facts.title.font).toBe('Cambria');
    expect(facts.body.font).toBe('Calibri');
  });

  it('resolves the title colour through the colour map, with lumMod applied', () => {
    const colour = facts.title.colour as string;
    expect(colour).toMatch(/^[0-9A-F]{6}$/);
    expect(luminance(colour)).toBeLessThan(luminance('1F3864'));
    expect(hueDistance(colour, '1F3864')).toBeLessThan(3);
    // 1F3864 is H 218°, S 52.7%, L 25.7%; 75% of its lightness is 19.3%: 172A4B.
    const channels = [0, 2, 4].map((i) => parseInt(colour.slice(i, i + 2), 16));
    [23, 42, 75].forEach((want, i) => expect(Math.abs((channels[i] as number) - want)).toBeLessThanOrEqual(1));
  });

  it('takes the body colour from the master text styles when the placeholder has none', () => {
    expect(facts.body.colour).toBe('000000');
  });

  it('reads the master background and its own fills', () => {
    expect(facts.background).toEqual({ colour: 'F4F6F8' });
    expect(facts.fills).toEqual(['4472C4']);
  });

  it('finds the logo on the master and the picture on the title layout', () => {
    expect(facts.pictures).toHaveLength(2);
    const [logo, cover] = facts.pictures as [TemplatePicture, TemplatePicture];
    expect(logo.on).toBe('content');
    expect(logo.part).toBe('ppt/media/image1.png');
    expect(logo.bytes).toEqual(PNG);
    near(logo.box, LOGO);
    expect(cover.on).toBe('cover');
    expect(cover.part).toBe('ppt/media/image1.png');
    near(cover.box, COVER_PICTURE);
  });

  it('reads whether the title layout shows the master\'s shapes', () => {
    expect(facts.coverShowsMaster).toBe(true);
    const parts = templateParts();
    parts['ppt/slideLayouts/slideLayout1.xml'] = TITLE_LAYOUT.replace('type="title"', 'type="title" showMasterSp="0"');
    expect(templateFacts(openPackage(zip(parts))).coverShowsMaster).toBe(false);
  });

  it('takes the master the presentation names first, whatever order its relationships are in', () => {
    const parts = templateParts();
    // A second master, red on black, listed first among the relationships but second in sldMasterIdLst.
    parts['ppt/slideMasters/slideMaster2.xml'] = MASTER.replace('F4F6F8', '000000').replace('<a:schemeClr val="tx2"><a:lumMod val="75000"/></a:schemeClr>', '<a:srgbClr val="FF0000"/>');
    parts['ppt/slideMasters/_rels/slideMaster2.xml.rels'] = parts['ppt/slideMasters/_rels/slideMaster1.xml.rels'] as string;
    parts['ppt/_rels/presentation.xml.rels'] = rels(
      ['rId7', 'slideMaster', 'slideMasters/slideMaster2.xml'],
      ['rId1', 'slideMaster', 'slideMasters/slideMaster1.xml'],
      ['rId2', 'theme', 'theme/theme1.xml'],
    );
    parts['ppt/presentation.xml'] = PRESENTATION.replace(
      '<p:sldMasterId id="2147483648" r:id="rId1"/>',
      '<p:sldMasterId id="2147483648" r:id="rId1"/><p:sldMasterId id="2147483650" r:id="rId7"/>',
    );
    const two = templateFacts(openPackage(zip(parts)));
    expect(two.background).toEqual({ colour: 'F4F6F8' });
    expect(two.title.colour).not.toBe('FF0000');
  });

  it('refuses what is not a zip package', () => {
    expect(() => openPackage(strToU8('not a zip at all'))).toThrow(TemplateError);
    expect(refusal(strToU8('not a zip at all'))).toBe('import.reason.not-zip');
    expect(refusal(new Uint8Array())).toBe('import.reason.not-zip');
  });

  it('refuses a damaged zip package', () => {
    const bytes = zip(templateParts());
    expect(refusal(bytes.slice(0, Math.floor(bytes.length / 2)))).toBe('import.reason.damaged');
  });

  it('refuses a package without presentation.xml', () => {
    const parts = templateParts();
    delete parts['ppt/presentation.xml'];
    expect(refusal(zip(parts))).toBe('import.reason.missing-part');
    try {
      templateFacts(openPackage(zip(parts)));
    } catch (e) {
      expect((e as TemplateError).reason.params).toEqual({ part: 'ppt/presentation.xml' });
    }
  });

  it('refuses a package whose master is missing', () => {
    const parts = templateParts();
    delete parts['ppt/slideMasters/slideMaster1.xml'];
    expect(refusal(zip(parts))).toBe('import.reason.missing-part');
  });

  it.each([
    ['ppt/presentation.xml', '<p:presentation><p:sldSz cx="9144000" cy="6858000"/>'],
    ['ppt/presentation.xml', '<p:presentation><p:sldSz cx="9144000" cy=6858000/></p:presentation>'],
    ['ppt/slideMasters/slideMaster1.xml', MASTER.replace('</p:cSld>', '')],
    ['ppt/theme/theme1.xml', THEME.replace('</a:fontScheme>', '</a:fontscheme>')],
    ['ppt/_rels/presentation.xml.rels', '<Relationships><Relationship Id="rId1"'],
  ])('refuses malformed XML in %s', (part, xml) => {
    const parts = templateParts();
    parts[part] = xml;
    expect(refusal(zip(parts))).toBe('import.reason.bad-xml');
  });

  it('refuses a presentation without a slide size', () => {
    const parts = templateParts();
    parts['ppt/presentation.xml'] = PRESENTATION.replace(/<p:sldSz[^>]*\/>/, '');
    expect(refusal(zip(parts))).toBe('import.reason.no-size');
  });
});

// ---------------------------------------------------------------------------
// map.ts

let base: Theme;
beforeAll(async () => {
  const loaded = await loadTemplates(TEMPLATES, 'default', 'vi');
  expect(loaded.value).toBeDefined();
  base = loaded.value!.theme;
});

const importOf = (facts: TemplateFacts): ThemeImport => mapTemplate(facts, { name: 'acme', source: 'acme.potx', base, baseName: 'default' });

/** Facts with nothing but a size and a scheme, to which a test adds. */
const plainFacts = (over: Partial<TemplateFacts> = {}): TemplateFacts => ({
  size: { width: 13.333, height: 7.5 },
  scheme: { dk1: '000000', lt1: 'FFFFFF', ...SCHEME },
  fonts: { major: 'Cambria', minor: 'Calibri' },
  title: {},
  body: {},
  background: undefined,
  fills: [],
  pictures: [],
  coverShowsMaster: false,
  ...over,
});

const picture = (box: Box, on: 'content' | 'cover' = 'content'): TemplatePicture => ({ box, part: 'ppt/media/image1.png', bytes: PNG, on });

/** The pairs the default theme's layouts draw text (first) on a fill (second) in. */
const TEXT_PAIRS: [string, string][] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['primary', 'background'],
  ['primary', 'surface'],
  ['onPrimary', 'primary'],
  ['onPrimaryMuted', 'primary'],
  ['gold', 'primary'],
  ['gold', 'coverBackground'],
  ['onPrimary', 'coverBackground'],
  ['onPrimaryMuted', 'coverBackground'],
  ['muted', 'background'],
  ['muted', 'surface'],
  ['better', 'background'],
  ['better', 'surface'],
  ['worse', 'background'],
  ['worse', 'surface'],
  ['neutral', 'background'],
  ['neutral', 'surface'],
];

/** Every pair that does not read, with its ratio: empty when all do. */
function unreadable({ values }: ThemeImport): string[] {
  const { colors, chartColors } = values;
  const out: string[] = [];
  for (const [fg, bg] of TEXT_PAIRS) {
    const ratio = contrast(colors[fg] as string, colors[bg] as string);
    if (!(ratio >= AA)) out.push(`${fg} ${colors[fg]} on ${bg} ${colors[bg]}: ${ratio.toFixed(3)}`);
  }
  chartColors.forEach((c, i) => {
    const ratio = contrast(c, colors.onPrimary as string);
    if (!(ratio >= AA)) out.push(`chartColors[${i}] ${c} under onPrimary ${colors.onPrimary}: ${ratio.toFixed(3)}`);
  });
  return out;
}

const factsArb: fc.Arbitrary<TemplateFacts> = fc
  .record({
    scheme: fc.record({
      dk1: colourArb,
      lt1: colourArb,
      dk2: colourArb,
      lt2: colourArb,
      accent1: colourArb,
      accent2: colourArb,
      accent3: colourArb,
      accent4: colourArb,
      accent5: colourArb,
      accent6: colourArb,
      hlink: colourArb,
      folHlink: colourArb,
    }),
    title: fc.option(colourArb, { nil: undefined }),
    body: fc.option(colourArb, { nil: undefined }),
    background: fc.option(colourArb, { nil: undefined }),
    fills: fc.array(colourArb, { maxLength: 3 }),
  })
  .map(({ scheme, title, body, background, fills }) =>
    plainFacts({
      scheme,
      title: title ? { colour: title } : {},
      body: body ? { colour: body } : {},
      background: background ? { colour: background } : undefined,
      fills: [...new Set(fills)],
    }),
  );

describe('mapTemplate: colours', () => {
  it('maps the synthetic template to legible roles', () => {
    const imported = importOf(templateFacts(openPackage(zip(templateParts()))));
    const { colors, chartColors, fonts } = imported.values;
    expect(unreadable(imported)).toEqual([]);
    expect(colors.background).toBe('F4F6F8');
    expect(colors.coverBackground).toBe(colors.primary);
    // The title's dark blue reads on the light background as it is.
    expect(hueDistance(colors.primary as string, '1F3864')).toBeLessThan(6);
    expect(fonts).toEqual({ heading: 'Cambria', body: 'Calibri' });
    expect(chartColors.length).toBeGreaterThanOrEqual(3);
    for (const c of Object.values(colors)) expect(c).toMatch(/^[0-9A-F]{6}$/);
    for (const c of chartColors) expect(c).toMatch(/^[0-9A-F]{6}$/);
  });

  it('keeps every pair legible whatever colours the template has (property)', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const imported = importOf(facts);
        expect(unreadable(imported)).toEqual([]);
        expect(imported.values.colors.coverBackground).toBe(imported.values.colors.primary);
        expect(imported.values.chartColors.length).toBeGreaterThanOrEqual(3);
        for (const c of [...Object.values(imported.values.colors), ...imported.values.chartColors]) expect(c).toMatch(/^[0-9A-F]{6}$/);
      }),
      { numRuns: 400 },
    );
  });

  it('draws chart series visibly on the background (property)', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const { colors, chartColors } = importOf(facts).values;
        for (const c of chartColors) expect(contrast(c, colors.background as string)).toBeGreaterThanOrEqual(3);
      }),
      {
        numRuns: 300,
        // Found by a longer run: a green background, and a near-white primary.
        examples: [
          [
            plainFacts({
              scheme: { dk1: 'E09D7A', lt1: '7136D3', dk2: 'FFFFF5', lt2: '73D0CB', accent1: '2D09BD', accent2: '692D2B', accent3: '191070', accent4: '00000D', accent5: 'A074BF', accent6: '7B4AAE', hlink: 'FFFFFA', folHlink: 'BA6F51' },
              title: { colour: 'CCC7C5' },
              body: { colour: 'E24B19' },
              background: { colour: '188D25' },
            }),
          ],
        ],
      },
    );
  });

  it('keeps the title colour when it reads as it is, and reports every change it makes', () => {
    const imported = importOf(plainFacts({ title: { colour: '1F3864' }, background: { colour: 'FFFFFF' } }));
    expect(imported.values.colors.primary).toBe('1F3864');
    expect(imported.notes.filter((n) => n.params.role === 'primary')).toEqual([]);
    // E53935 reads on white at 4.2:1: a darker red of its hue is taken, and the change reported.
    const adjusted = importOf(plainFacts({ title: { colour: 'E53935' }, background: { colour: 'FFFFFF' } }));
    const primary = adjusted.values.colors.primary as string;
    expect(primary).not.toBe('E53935');
    expect(contrast(primary, 'FFFFFF')).toBeGreaterThanOrEqual(AA);
    expect(hueDistance(primary, 'E53935')).toBeLessThan(8);
    expect(adjusted.notes).toContainEqual({ key: 'import.colour-adjusted', params: { role: 'primary', from: 'E53935', to: primary, ratio: AA } });
  });

  it('keeps the primary colour\'s hue on a mid-grey background, where a dark shade of it reads', () => {
    // B4B4B4 (luminance 0.46): black reads on it at 10:1, white at 2.1:1. A dark blue of
    // 2E75B6's hue reads at 4.5:1, so the primary need not give up its hue for black.
    const background = 'B4B4B4';
    const darkBlue = readableOn('2E75B6', background, AA, 'darker');
    expect(darkBlue).not.toBe('000000');
    expect(hueDistance(darkBlue, '2E75B6')).toBeLessThan(8);
    const { colors } = importOf(plainFacts({ scheme: { dk1: '000000', lt1: 'FFFFFF' }, title: { colour: '2E75B6' }, background: { colour: background } })).values;
    expect(contrast(colors.primary as string, background)).toBeGreaterThanOrEqual(AA);
    expect(colors.primary).not.toBe('000000');
    expect(hueDistance(colors.primary as string, '2E75B6')).toBeLessThan(8);
  });

  // Templates of the kind people make: the Office scheme on a plain background, some with a title colour or a band.
  it.each([
    ['white, orange title', { background: { colour: 'FFFFFF' }, title: { colour: 'F85C13' } }],
    ['light teal, dark teal band', { background: { colour: '5FCEB8' }, fills: ['007084'] }],
    ['dark red', { background: { colour: 'C00000' } }],
    ['Office blue 0070C0', { background: { colour: '0070C0' } }],
    ['Office blue 4472C4', { background: { colour: '4472C4' } }],
    ['blue 2E75B6', { background: { colour: '2E75B6' } }],
    ['grey 777777', { background: { colour: '777777' } }],
    ['grey 767676, red title', { background: { colour: '767676' }, title: { colour: 'C00000' } }],
  ] as [string, Partial<TemplateFacts>][])('keeps every pair legible on a template in %s', (_, over) => {
    expect(unreadable(importOf(plainFacts(over)))).toEqual([]);
  });

  it('uses the template\'s fonts, the placeholders\' first', () => {
    expect(importOf(plainFacts({ title: { font: 'Georgia' }, body: { font: 'Verdana' } })).values.fonts).toEqual({ heading: 'Georgia', body: 'Verdana' });
    expect(importOf(plainFacts()).values.fonts).toEqual({ heading: 'Cambria', body: 'Calibri' });
    expect(importOf(plainFacts({ fonts: {} })).values.fonts).toEqual({ heading: base.fonts.heading, body: base.fonts.body });
  });
});

describe('mapTemplate: size', () => {
  const inside = (b: Box, size: { width: number; height: number }): boolean =>
    b.x >= 0 && b.y >= 0 && b.w > 0 && b.h > 0 && b.x + b.w <= size.width + 1e-9 && b.y + b.h <= size.height + 1e-9;

  it('scales the default regions across to a 4:3 slide', () => {
    const { values } = importOf(plainFacts({ size: { width: 10, height: 7.5 } }));
    expect(values.size).toEqual({ width: 10, height: 7.5 });
    const regions = values.regions ?? {};
    expect(Object.keys(regions).sort()).toEqual(Object.keys(base.regions).sort());
    const sx = 10 / base.size.width;
    expect(sx).toBeCloseTo(10 / 13.333, 6);
    for (const [name, b] of Object.entries(base.regions)) {
      const got = regions[name] as Box;
      expect(inside(got, values.size), `${name} ${JSON.stringify(got)}`).toBe(true);
      expect(Math.abs(got.x - b.x * sx), name).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(got.w - b.w * sx), name).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(got.y, name).toBeCloseTo(b.y, 6);
      expect(got.h, name).toBeCloseTo(b.h, 6);
    }
  });

  it('keeps every region of the synthetic 4:3 template inside the slide', () => {
    const { values } = importOf(templateFacts(openPackage(zip(templateParts()))));
    expect(values.size).toEqual({ width: 10, height: 7.5 });
    for (const [name, b] of Object.entries(values.regions ?? {})) expect(inside(b, values.size), `${name} ${JSON.stringify(b)}`).toBe(true);
  });

  it('keeps text sizes at the default height', () => {
    const { values } = importOf(plainFacts({ size: { width: 10, height: 7.5 } }));
    for (const [name, s] of Object.entries(base.textStyles)) {
      const got = values.textStyles?.[name];
      expect(got?.size, name).toBe(s.size);
      expect(got?.minSize, name).toBe(s.minSize);
      expect(got?.maxSize, name).toBe(s.maxSize);
    }
    expect(values.chart).toEqual({ size: base.chart.size, labelSize: base.chart.labelSize });
  });

  it('scales text sizes by the height, to half points', () => {
    const { values } = importOf(plainFacts({ size: { width: 11.02, height: 6.2 } }));
    const sy = 6.2 / 7.5;
    const pt = (v: number): number => Math.round(v * sy * 2) / 2;
    expect(values.textStyles?.title?.size).toBe(25); // 30 × 0.8267 = 24.8
    for (const [name, s] of Object.entries(base.textStyles)) {
      const got = values.textStyles?.[name];
      expect(got?.size, name).toBe(pt(s.size));
      expect(got?.minSize, name).toBe(s.minSize === undefined ? undefined : pt(s.minSize));
      expect(got?.maxSize, name).toBe(s.maxSize === undefined ? undefined : pt(s.maxSize));
      expect((got?.size ?? 0) * 2).toBe(Math.round((got?.size ?? 0) * 2));
    }
    for (const [name, b] of Object.entries(values.regions ?? {})) expect(inside(b, values.size), name).toBe(true);
  });

  it('writes no scaled values for a slide of the default size', () => {
    const { values } = importOf(plainFacts());
    expect(values.regions).toBeUndefined();
    expect(values.textStyles).toBeUndefined();
  });
});

describe('mapTemplate: pictures', () => {
  const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  it('cuts the title region back from a logo beside it', () => {
    const logo: Box = { x: 11.8, y: 0.3, w: 0.9, h: 0.5 };
    expect(overlaps(base.regions.title as Box, logo)).toBe(true);
    const { values, pictures, notes } = importOf(plainFacts({ pictures: [picture(logo)] }));
    const title = values.regions?.title as Box;
    expect(overlaps(title, logo)).toBe(false);
    expect(title.x + title.w).toBeLessThanOrEqual(logo.x);
    expect(title.w).toBeGreaterThan((base.regions.title as Box).w / 2);
    expect(values.masterPictures).toEqual({ content: [{ file: 'pictures/logo-1.png', region: 'templateContentLogo1' }] });
    expect(values.regions?.templateContentLogo1).toEqual(logo);
    expect(pictures).toHaveLength(1);
    expect(pictures[0]?.bytes).toEqual(PNG);
    expect(notes.filter((n) => n.key === 'import.logo-overlaps')).toEqual([]);
    // No region of the content master lies under the logo.
    for (const [name, b] of Object.entries(values.regions ?? {})) {
      if (name.startsWith('cover') || name.startsWith('template')) continue;
      expect(overlaps(b, logo), name).toBe(false);
    }
  });

  it('keeps the synthetic template\'s logo clear of the scaled title', () => {
    const { values, pictures } = importOf(templateFacts(openPackage(zip(templateParts()))));
    const title = values.regions?.title as Box;
    expect(overlaps(title, LOGO)).toBe(false);
    expect(values.masterPictures?.content).toEqual([{ file: 'pictures/logo-1.png', region: 'templateContentLogo1' }]);
    // The title layout shows the master's shapes: the master's logo is on covers too, then the layout's own picture.
    expect(values.masterPictures?.cover).toEqual([
      { file: 'pictures/logo-1.png', region: 'templateCoverLogo1' },
      { file: 'pictures/logo-1.png', region: 'templateCoverLogo2' },
    ]);
    // One part, one file.
    expect(new Set(pictures.map((p) => p.file))).toEqual(new Set(['pictures/logo-1.png']));
  });

  it('puts the master\'s logo on covers only when the title layout shows the master\'s shapes', () => {
    const logo: Box = { x: 11.8, y: 0.3, w: 0.9, h: 0.5 };
    const shown = importOf(plainFacts({ pictures: [picture(logo)], coverShowsMaster: true })).values;
    expect(shown.masterPictures).toEqual({
      content: [{ file: 'pictures/logo-1.png', region: 'templateContentLogo1' }],
      cover: [{ file: 'pictures/logo-1.png', region: 'templateCoverLogo1' }],
    });
    // The cover regions give way to it too (coverLogo lies under it).
    expect(overlaps(base.regions.coverLogo as Box, logo)).toBe(true);
    for (const [name, b] of Object.entries(shown.regions ?? {})) {
      if (!name.startsWith('cover')) continue;
      expect(overlaps(b, logo), name).toBe(false);
    }
    const hidden = importOf(plainFacts({ pictures: [picture(logo)], coverShowsMaster: false })).values;
    expect(hidden.masterPictures).toEqual({ content: [{ file: 'pictures/logo-1.png', region: 'templateContentLogo1' }] });
    expect(hidden.regions?.coverLogo).toEqual(base.regions.coverLogo);
  });

  it('leaves out a picture covering 40% of the slide, and says so', () => {
    const large = picture({ x: 0, y: 0, w: 13.333 / 2, h: 7.5 * 0.8 });
    const { values, pictures, notes } = importOf(plainFacts({ pictures: [large] }));
    expect(pictures).toEqual([]);
    expect(values.masterPictures).toBeUndefined();
    const note = notes.find((n) => n.key === 'import.picture-left-out');
    expect(note?.params).toMatchObject({ part: 'ppt/media/image1.png', share: 40 });
  });

  it.each(['content', 'cover'] as const)('makes a picture covering the %s slide its background', (on) => {
    const { values, pictures } = importOf(plainFacts({ pictures: [picture({ x: 0, y: 0, w: 13.333, h: 7.5 }, on)] }));
    expect(pictures).toHaveLength(1);
    const region = `template${on === 'content' ? 'Content' : 'Cover'}Background1`;
    expect(pictures[0]).toMatchObject({ master: on, region, box: { x: 0, y: 0, w: 13.333, h: 7.5 } });
    expect(values.masterPictures).toEqual({ [on]: [{ file: 'pictures/background-1.png', region }] });
    expect(values.regions?.[region]).toEqual({ x: 0, y: 0, w: 13.333, h: 7.5 });
  });

  it('makes a background picture of the master a background', () => {
    const { values } = importOf(plainFacts({ background: { picture: picture({ x: 0, y: 0, w: 0, h: 0 }) } }));
    expect(values.masterPictures).toEqual({ content: [{ file: 'pictures/background-1.png', region: 'templateContentBackground1' }] });
  });

  it('cutAround keeps the larger side, clear of the obstacle', () => {
    const region: Box = { x: 0.6, y: 0.2, w: 12.13, h: 1.12 };
    const cut = cutAround(region, { x: 11.8, y: 0.3, w: 0.9, h: 0.5 });
    expect(cut).toEqual({ x: 0.6, y: 0.2, w: 11.1, h: 1.12 });
  });

  it('cutAround gives up when a cut would keep under half', () => {
    // An obstacle across the middle of a wide, low region: either side keeps 29%.
    expect(cutAround({ x: 0, y: 0, w: 10, h: 1 }, { x: 3, y: 0, w: 4, h: 1 })).toBeUndefined();
    // One covering the region.
    expect(cutAround({ x: 1, y: 1, w: 2, h: 2 }, { x: 0, y: 0, w: 5, h: 5 })).toBeUndefined();
  });

  it('cutAround keeps half of the region or more, inside it and clear of the obstacle (property)', () => {
    const boxArb = fc
      .record({ x: fc.integer({ min: 0, max: 1200 }), y: fc.integer({ min: 0, max: 700 }), w: fc.integer({ min: 1, max: 1200 }), h: fc.integer({ min: 1, max: 700 }) })
      .map(({ x, y, w, h }) => ({ x: x / 100, y: y / 100, w: w / 100, h: h / 100 }));
    fc.assert(
      fc.property(boxArb, boxArb, (region, obstacle) => {
        fc.pre(overlaps(region, obstacle));
        const cut = cutAround(region, obstacle);
        if (!cut) return;
        expect(overlaps(cut, obstacle)).toBe(false);
        expect(cut.w * cut.h).toBeGreaterThanOrEqual(0.5 * region.w * region.h - 1e-6);
        expect(cut.x).toBeGreaterThanOrEqual(region.x - 1e-6);
        expect(cut.y).toBeGreaterThanOrEqual(region.y - 1e-6);
        expect(cut.x + cut.w).toBeLessThanOrEqual(region.x + region.w + 1e-6);
        expect(cut.y + cut.h).toBeLessThanOrEqual(region.y + region.h + 1e-6);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------
// write-yaml.ts

describe('themeYaml', () => {
  const roundTrip = (imported: ThemeImport, source = 'acme.potx'): Record<string, unknown> => parse(themeYaml(imported.values, source)) as Record<string, unknown>;

  it('reads back as the values it was written from', () => {
    const imported = importOf(templateFacts(openPackage(zip(templateParts()))));
    const { values } = imported;
    const read = roundTrip(imported);
    expect(read.name).toBe(values.name);
    expect(read.description).toBe(values.description);
    expect(read.extends).toBe('default');
    expect(read.size).toEqual(values.size);
    expect(read.fonts).toEqual(values.fonts);
    expect(read.colors).toEqual(values.colors);
    expect(read.chartColors).toEqual(values.chartColors);
    expect(read.spacing).toEqual(values.spacing);
    expect(read.regions).toEqual(values.regions);
    expect(read.textStyles).toEqual(values.textStyles);
    expect(read.chart).toEqual(values.chart);
    expect(read.masterPictures).toEqual(values.masterPictures);
    // Nothing else, and nothing missing.
    expect(Object.keys(read).sort()).toEqual(Object.keys(values).filter((k) => (values as unknown as Record<string, unknown>)[k] !== undefined).sort());
  });

  it('keeps colours strings, digits-only ones too', () => {
    const imported = importOf(plainFacts({ title: { colour: '000000' }, body: { colour: '000000' }, background: { colour: 'FFFFFF' } }));
    imported.values.colors.text = '000000';
    imported.values.colors.grid = '123456';
    imported.values.colors.surface = '1E1000';
    imported.values.chartColors = ['000000', '101010', '1E5000', '0E1234'];
    const read = roundTrip(imported) as { colors: Record<string, unknown>; chartColors: unknown[] };
    expect(read.colors.text).toBe('000000');
    expect(read.colors.grid).toBe('123456');
    expect(read.colors.surface).toBe('1E1000');
    expect(read.chartColors).toEqual(['000000', '101010', '1E5000', '0E1234']);
    for (const v of [...Object.values(read.colors), ...read.chartColors]) expect(typeof v).toBe('string');
  });

  it('reads back whatever the names, fonts and colours (property)', () => {
    const nameArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
    fc.assert(
      fc.property(factsArb, nameArb, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 30 }), (facts, name, heading, body, source) => {
        const imported = mapTemplate(
          { ...facts, size: { width: 10, height: 7.5 }, title: { ...facts.title, font: heading || undefined }, body: { ...facts.body, font: body || undefined } },
          { name, source, base, baseName: 'default' },
        );
        const read = parse(themeYaml(imported.values, source)) as Record<string, unknown>;
        expect(read.name).toBe(name);
        expect(read.description).toBe(`Imported from ${source}`);
        expect(read.fonts).toEqual(imported.values.fonts);
        expect(read.colors).toEqual(imported.values.colors);
        expect(read.chartColors).toEqual(imported.values.chartColors);
        expect(read.regions).toEqual(imported.values.regions);
      }),
      { numRuns: 200 },
    );
  });

  it.each(['yes', 'No', 'null', 'true', 'Off', 'y'])('quotes the name %s so it stays a string', (name) => {
    const imported = mapTemplate(plainFacts(), { name, source: `${name}.potx`, base, baseName: 'default' });
    expect(parse(themeYaml(imported.values, `${name}.potx`)).name).toBe(name);
  });

  it('keeps a file name with a line break in it inside the comment', () => {
    const source = 'acme\nname: hijacked.potx';
    const imported = mapTemplate(plainFacts(), { name: 'acme', source, base, baseName: 'default' });
    let read: Record<string, unknown> | undefined;
    expect(() => {
      read = parse(themeYaml(imported.values, source)) as Record<string, unknown>;
    }).not.toThrow();
    expect(read?.name).toBe('acme');
    expect(read?.description).toBe(`Imported from ${source}`);
  });
});
