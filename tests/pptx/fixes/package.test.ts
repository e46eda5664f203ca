/**
 * The package fixes: each defect found in the parts pptxgenjs writes (raw),
 * and gone once the fix is applied to a copy of them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderOf, relsSource, resolveTarget, type PackageFix } from '../../../src/pptx/fixes/fix.js';
import { CONTENT_TYPES, numberingRenames, PACKAGE_FIXES, relativeTarget, relsMentioning } from '../../../src/pptx/fixes/package.js';
import { dedupeMedia, duplicateMedia } from '../../../src/pptx/media.js';
import { partText, type Part } from '../../../src/pptx/parts.js';
import { addSvgPictures } from '../../../src/pptx/svg.js';
import { attr, child, childElements, descendants, parseXml, type XmlElement } from '../../../src/pptx/xml.js';
import { ROOT } from '../../helpers/build.js';
import { FIX_DECKS, rawParts, type Parts } from '../../helpers/raw.js';

const cx = { stamp: '2020-06-30T00:00:00Z', lang: 'vi-VN', author: 'Sở Thông tin và Truyền thông' };
const fix = (name: string): PackageFix => {
  const found = PACKAGE_FIXES.find((f) => f.name === name);
  if (!found) throw new Error(`no fix ${name}`);
  return found;
};
/** A fix applied to a copy of the parts (rawParts are shared between tests). */
const fixed = (parts: Parts, ...names: string[]): Parts => {
  const copy = new Map(parts);
  for (const name of names) fix(name).apply(copy, cx);
  return copy;
};
const text = (parts: Parts, name: string): string => {
  const data = parts.get(name);
  if (data === undefined) throw new Error(`no part ${name}`);
  return partText(data);
};
const rels = (parts: Parts): string[] => [...parts.keys()].filter((n) => n.endsWith('.rels'));

interface Link {
  rels: string;
  id: string;
  type: string;
  target: string;
  /** The part the target names. */
  part: string;
}
/** Every internal relationship of the deck's parts, parsed. */
function links(parts: Parts): Link[] {
  return rels(parts).flatMap((name) =>
    childElements(parseXml(text(parts, name)).root, 'Relationship')
      .filter((r) => attr(r, 'TargetMode') !== 'External')
      .map((r) => {
        const target = attr(r, 'Target') ?? '';
        return { rels: name, id: attr(r, 'Id') ?? '', type: attr(r, 'Type') ?? '', target, part: resolveTarget(folderOf(relsSource(name)), target) };
      }),
  );
}
const contentTypes = (parts: Parts): { defaults: XmlElement[]; overrides: XmlElement[] } => {
  const root = parseXml(text(parts, CONTENT_TYPES)).root;
  return { defaults: childElements(root, 'Default'), overrides: childElements(root, 'Override') };
};
const extensions = (parts: Parts): string[] => contentTypes(parts).defaults.map((d) => (attr(d, 'Extension') ?? '').toLowerCase());
/** Media parts whose bytes repeat another's. */
const duplicates = (parts: Parts): number => {
  const media = [...parts].filter(([n]) => n.startsWith('ppt/media/')).map(([, d]) => Buffer.from(d as Uint8Array).toString('base64'));
  return media.length - new Set(media).size;
};

const [CONFERENCE, PRINT, EVERY_LAYOUT, PICTURES] = FIX_DECKS;
const decks = new Map<(typeof FIX_DECKS)[number], Parts>();
const raw = (deck: (typeof FIX_DECKS)[number]): Parts => decks.get(deck)!;

beforeAll(async () => {
  // In this order: pptxgenjs's chart counter is per process, so the print
  // deck, built second, starts at chart4 and the every-layout deck at chart7.
  for (const deck of FIX_DECKS) decks.set(deck, await rawParts(deck.data, deck.theme));
}, 300_000);

describe('relsMentioning', () => {
  const relsOf = (target: string): string =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t" Target="${target}"/></Relationships>`;

  it('gives the rels parts that mention a needle, parsed, and skips the rest', () => {
    const parts: Parts = new Map<string, Part>([
      ['ppt/slides/_rels/slide1.xml.rels', relsOf('../charts/chart1.xml')],
      ['ppt/slides/_rels/slide2.xml.rels', relsOf('../media/image1.png')],
      ['ppt/slides/slide1.xml', '<p:sld>chart</p:sld>'],
      ['ppt/slides/_rels/slide3.xml.rels', relsOf('../charts/chart2.xml')],
    ]);
    const found = [...relsMentioning(parts, ['chart'])];
    expect(found.map(([name]) => name)).toEqual(['ppt/slides/_rels/slide1.xml.rels', 'ppt/slides/_rels/slide3.xml.rels']);
    expect(found.map(([, doc]) => attr(child(doc.root, 'Relationship')!, 'Target'))).toEqual(['../charts/chart1.xml', '../charts/chart2.xml']);
  });

  it('parses each part only when the caller asks for it, so that a big deck\'s are never all held at once', () => {
    // The second part is not XML: reading it throws, and only once the first has been handed over.
    const parts: Parts = new Map<string, Part>([
      ['ppt/slides/_rels/slide1.xml.rels', relsOf('../charts/chart1.xml')],
      ['ppt/slides/_rels/slide2.xml.rels', '<Relationships><chart></Relationships>'],
    ]);
    const mentions = relsMentioning(parts, ['chart']);
    const first = mentions.next();
    expect(first.done).toBe(false);
    expect(() => mentions.next()).toThrow(/closes/);
  });
});

describe('relative-relationship-targets', () => {
  const relative = fix('relative-relationship-targets');

  it('finds slide relationships to charts from the package root in raw output, and makes them relative', () => {
    const parts = raw(CONFERENCE);
    expect(relative.detect(parts, cx)).toBe(true);
    const absolute = links(parts).filter((l) => l.target.startsWith('/'));
    expect(absolute.map((l) => l.target).sort()).toEqual(['/ppt/charts/chart1.xml', '/ppt/charts/chart2.xml', '/ppt/charts/chart3.xml']);
    expect(absolute.every((l) => /^ppt\/slides\/_rels\/slide\d+\.xml\.rels$/.test(l.rels))).toBe(true);

    const after = fixed(parts, 'relative-relationship-targets');
    expect(relative.detect(after, cx)).toBe(false);
    for (const l of absolute) {
      const now = links(after).find((m) => m.rels === l.rels && m.id === l.id)!;
      expect(now.target).toBe(`../charts/${l.target.slice(l.target.lastIndexOf('/') + 1)}`);
      expect(now.part).toBe(l.part);
    }
    // Only the parts with the defect are rewritten.
    for (const name of rels(parts)) if (!absolute.some((l) => l.rels === name)) expect(after.get(name)).toBe(parts.get(name));
  });

  it('leaves no target from the root in any deck, and every target names a part', () => {
    for (const deck of FIX_DECKS) {
      const after = fixed(raw(deck), 'relative-relationship-targets');
      expect(relative.detect(after, cx)).toBe(false);
      for (const l of links(after)) {
        expect(l.target.startsWith('/'), `${l.rels}: ${l.target}`).toBe(false);
        expect(after.has(l.part), `${l.rels}: ${l.target}`).toBe(true);
      }
    }
  });

  it('makes package-root targets relative to the root, and leaves external ones', () => {
    const parts: Parts = new Map<string, Part>([
      [
        '_rels/.rels',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="t" Target="/ppt/presentation.xml"/>' +
          '<Relationship Id="rId2" Type="t" Target=\'/docProps/core.xml\'/>' +
          '<Relationship Id="rId3" Type="h" Target="/www/a.html" TargetMode="External"/></Relationships>',
      ],
      ['ppt/slides/_rels/slide1.xml.rels', '<Relationships><Relationship Id="rId1" Type="t" Target="/ppt/slides/slide2.xml"/></Relationships>'],
    ]);
    expect(relative.detect(parts, cx)).toBe(true);
    relative.apply(parts, cx);
    expect(relative.detect(parts, cx)).toBe(false);
    expect(parts.get('_rels/.rels')).toBe(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="t" Target="ppt/presentation.xml"/>' +
        '<Relationship Id="rId2" Type="t" Target="docProps/core.xml"/>' +
        '<Relationship Id="rId3" Type="h" Target="/www/a.html" TargetMode="External"/></Relationships>',
    );
    expect(parts.get('ppt/slides/_rels/slide1.xml.rels')).toBe('<Relationships><Relationship Id="rId1" Type="t" Target="slide2.xml"/></Relationships>');
  });

  it('names a part relative to a folder', () => {
    expect(relativeTarget('ppt/slides/', 'ppt/charts/chart1.xml')).toBe('../charts/chart1.xml');
    expect(relativeTarget('', 'ppt/presentation.xml')).toBe('ppt/presentation.xml');
    expect(relativeTarget('ppt/', 'ppt/slides/slide1.xml')).toBe('slides/slide1.xml');
    expect(relativeTarget('ppt/charts/', 'ppt/charts/chart2.xml')).toBe('chart2.xml');
    expect(relativeTarget('ppt/slides/', 'docProps/core.xml')).toBe('../../docProps/core.xml');
  });
});

describe('part-numbering', () => {
  const numbering = fix('part-numbering');
  const charts = (parts: Parts): string[] => [...parts.keys()].filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
  const workbooks = (parts: Parts): string[] => [...parts.keys()].filter((n) => /^ppt\/embeddings\/.*\.xlsx$/.test(n));

  it('finds the second deck of the process numbered from chart4, and numbers it from 1', () => {
    const parts = raw(PRINT);
    expect(numbering.detect(parts, cx)).toBe(true);
    expect(charts(parts)).toEqual(['ppt/charts/chart4.xml', 'ppt/charts/chart5.xml', 'ppt/charts/chart6.xml']);

    const after = fixed(parts, 'part-numbering');
    expect(numbering.detect(after, cx)).toBe(false);
    expect(charts(after)).toEqual(['ppt/charts/chart1.xml', 'ppt/charts/chart2.xml', 'ppt/charts/chart3.xml']);
    expect(workbooks(after)).toEqual([1, 2, 3].map((n) => `ppt/embeddings/Microsoft_Excel_Worksheet${n}.xlsx`));
    // The same parts in the same order, under their new names; only rels and content types edited.
    const kept = (p: Parts): Part[] => [...p].filter(([n]) => !n.endsWith('.rels') && n !== CONTENT_TYPES).map(([, d]) => d);
    expect(kept(after).every((d, i) => d === kept(parts)[i])).toBe(true);
    expect(after.size).toBe(parts.size);
    expect(after.get('ppt/charts/chart1.xml')).toBe(parts.get('ppt/charts/chart4.xml'));
    expect(after.get('ppt/charts/_rels/chart1.xml.rels')).toBeDefined();
    expect(after.has('ppt/charts/_rels/chart4.xml.rels')).toBe(false);

    const chartLinks = links(after).filter((l) => l.type.endsWith('/chart'));
    expect(chartLinks.map((l) => l.target).sort()).toEqual(['/ppt/charts/chart1.xml', '/ppt/charts/chart2.xml', '/ppt/charts/chart3.xml']); // their style kept
    const workbookLinks = links(after).filter((l) => l.rels.startsWith('ppt/charts/_rels/'));
    expect(workbookLinks.map((l) => `${l.rels} → ${l.target}`).sort()).toEqual(
      [1, 2, 3].map((n) => `ppt/charts/_rels/chart${n}.xml.rels → ../embeddings/Microsoft_Excel_Worksheet${n}.xlsx`),
    );
    for (const l of links(after)) expect(after.has(l.part), `${l.rels}: ${l.target}`).toBe(true);
    const overrides = contentTypes(after).overrides.map((o) => attr(o, 'PartName') ?? '');
    expect(overrides.filter((p) => p.startsWith('/ppt/charts/'))).toEqual(['/ppt/charts/chart1.xml', '/ppt/charts/chart2.xml', '/ppt/charts/chart3.xml']);
  });

  it('numbers the third deck from 1 as well', () => {
    const parts = raw(EVERY_LAYOUT);
    expect(charts(parts)).toEqual(['ppt/charts/chart7.xml', 'ppt/charts/chart8.xml']);
    const after = fixed(parts, 'part-numbering');
    expect(numbering.detect(after, cx)).toBe(false);
    expect(charts(after)).toEqual(['ppt/charts/chart1.xml', 'ppt/charts/chart2.xml']);
    for (const l of links(after)) expect(after.has(l.part), `${l.rels}: ${l.target}`).toBe(true);
  });

  it('leaves the first deck as it is, without parsing anything', () => {
    const parts = raw(CONFERENCE);
    expect(numbering.detect(parts, cx)).toBe(false);
    expect(numberingRenames(parts.keys()).size).toBe(0);
    const after = fixed(parts, 'part-numbering');
    expect([...after]).toEqual([...parts]);
  });

  it('renumbers in numeric order, not name order', () => {
    expect([...numberingRenames(['ppt/charts/chart10.xml', 'ppt/charts/chart9.xml', 'ppt/slides/slide4.xml'])]).toEqual([
      ['ppt/charts/chart9.xml', 'ppt/charts/chart1.xml'],
      ['ppt/charts/chart10.xml', 'ppt/charts/chart2.xml'],
    ]);
  });
});

describe('media-once', () => {
  const once = fix('media-once');

  it('finds the logo stored once per master in raw output, and stores it once', () => {
    const parts = raw(PICTURES);
    expect(once.detect(parts, cx)).toBe(true);
    expect(duplicates(parts)).toBe(1);
    expect([...duplicateMedia(parts)]).toEqual([['ppt/media/image-1003-1.png', 'ppt/media/image-1002-1.png']]);
    const logoLinks = links(parts).filter((l) => l.part === 'ppt/media/image-1003-1.png');
    expect(logoLinks.length).toBeGreaterThan(0);

    const after = fixed(parts, 'media-once');
    expect(once.detect(after, cx)).toBe(false);
    expect(duplicates(after)).toBe(0);
    expect(after.has('ppt/media/image-1003-1.png')).toBe(false);
    expect(after.has('ppt/media/image-4-1.jpeg')).toBe(true);
    for (const l of logoLinks) {
      const now = links(after).find((m) => m.rels === l.rels && m.id === l.id)!;
      expect(now.target).toBe('../media/image-1002-1.png');
    }
    for (const l of links(after)) expect(after.has(l.part), `${l.rels}: ${l.target}`).toBe(true);
  });

  it('finds no media to merge in the conference deck (it has no pictures)', () => {
    for (const deck of [CONFERENCE, PRINT, EVERY_LAYOUT]) {
      expect(duplicates(raw(deck))).toBe(0);
      expect(once.detect(raw(deck), cx)).toBe(false);
    }
  });

  it('merges a picture used twice, whatever the style of the targets, and says what it merged', () => {
    const png = new Uint8Array([1, 2, 3]);
    const parts: Parts = new Map<string, Part>([
      ['ppt/media/image-2.png', png],
      ['ppt/media/image-10.png', new Uint8Array(png)],
      ['ppt/media/image-3.jpeg', new Uint8Array([1, 2, 3])], // the same bytes, another kind
      ['ppt/slides/_rels/slide1.xml.rels', '<Relationships><Relationship Id="rId1" Type="i" Target="/ppt/media/image-10.png"/></Relationships>'],
      ['ppt/slides/_rels/slide2.xml.rels', '<Relationships><Relationship Id="rId1" Type="i" Target="../media/image-2.png"/><Relationship Id="rId2" Type="i" Target="../media/image-10.png"/></Relationships>'],
    ]);
    expect([...dedupeMedia(parts)]).toEqual([['ppt/media/image-10.png', 'ppt/media/image-2.png']]);
    expect([...parts.keys()].filter((n) => n.startsWith('ppt/media/'))).toEqual(['ppt/media/image-2.png', 'ppt/media/image-3.jpeg']);
    expect(parts.get('ppt/slides/_rels/slide1.xml.rels')).toBe('<Relationships><Relationship Id="rId1" Type="i" Target="/ppt/media/image-2.png"/></Relationships>');
    expect(parts.get('ppt/slides/_rels/slide2.xml.rels')).toBe(
      '<Relationships><Relationship Id="rId1" Type="i" Target="../media/image-2.png"/><Relationship Id="rId2" Type="i" Target="../media/image-2.png"/></Relationships>',
    );
  });
});

describe('content-type-overrides', () => {
  const overrides = fix('content-type-overrides');
  const missing = (parts: Parts): string[] => {
    const present = new Set([...parts.keys()].map((n) => `/${n}`.toLowerCase()));
    return contentTypes(parts).overrides.map((o) => attr(o, 'PartName') ?? '').filter((p) => !present.has(p.toLowerCase()));
  };

  it('finds Overrides for slide masters the deck does not have in raw output, and drops them', () => {
    const parts = raw(PICTURES);
    expect(overrides.detect(parts, cx)).toBe(true);
    expect(missing(parts)).toContain('/ppt/slideMasters/slideMaster2.xml');
    expect(parts.has('ppt/slideMasters/slideMaster2.xml')).toBe(false);
    const kept = contentTypes(parts).overrides.length - missing(parts).length;

    const after = fixed(parts, 'content-type-overrides');
    expect(overrides.detect(after, cx)).toBe(false);
    expect(missing(after)).toEqual([]);
    expect(contentTypes(after).overrides.length).toBe(kept);
    expect(contentTypes(after).overrides.map((o) => attr(o, 'PartName'))).toContain('/ppt/slideMasters/slideMaster1.xml');
  });

  it('compares part names case-insensitively', () => {
    const parts: Parts = new Map<string, Part>([
      [CONTENT_TYPES, '<Types><Override PartName="/PPT/Slides/Slide1.xml" ContentType="s"/><Override PartName="/ppt/slides/slide2.xml" ContentType="s"/></Types>'],
      ['ppt/slides/slide1.xml', '<p:sld/>'],
    ]);
    overrides.apply(parts, cx);
    expect(parts.get(CONTENT_TYPES)).toBe('<Types><Override PartName="/PPT/Slides/Slide1.xml" ContentType="s"/></Types>');
  });
});

describe('content-type-defaults', () => {
  const defaults = fix('content-type-defaults');
  const used = (parts: Parts): Set<string> => new Set([...parts.keys()].map((n) => n.slice(n.lastIndexOf('.') + 1).toLowerCase()));

  it('finds Defaults no part uses, jpg as image/jpg among them, in raw output, and drops them', () => {
    for (const deck of FIX_DECKS) {
      const parts = raw(deck);
      expect(defaults.detect(parts, cx)).toBe(true);
      expect(contentTypes(parts).defaults.find((d) => attr(d, 'Extension') === 'jpg')?.attributes).toContainEqual(['ContentType', 'image/jpg']);
      expect(extensions(parts)).toEqual(expect.arrayContaining(['gif', 'm4v', 'mp4', 'vml', 'svg']));

      const after = fixed(parts, 'content-type-defaults');
      expect(defaults.detect(after, cx)).toBe(false);
      expect(extensions(after)).not.toContain('jpg');
      for (const extension of extensions(after)) expect(used(after).has(extension) || extension === 'rels' || extension === 'xml', extension).toBe(true);
      // Every part still has a content type.
      const overridden = new Set(contentTypes(after).overrides.map((o) => (attr(o, 'PartName') ?? '').toLowerCase()));
      for (const name of after.keys()) {
        if (name === CONTENT_TYPES) continue;
        expect(overridden.has(`/${name}`.toLowerCase()) || extensions(after).includes(name.slice(name.lastIndexOf('.') + 1).toLowerCase()), name).toBe(true);
      }
    }
    expect(extensions(fixed(raw(PICTURES), 'content-type-defaults')).sort()).toEqual(['jpeg', 'png', 'rels', 'xml']);
    expect(extensions(fixed(raw(CONFERENCE), 'content-type-defaults')).sort()).toEqual(['rels', 'xlsx', 'xml']);
  });

  it('keeps the Default of a jpg part, as image/jpeg', () => {
    const parts: Parts = new Map<string, Part>([
      [CONTENT_TYPES, '<Types><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpg" ContentType="image/jpg"/><Default Extension="gif" ContentType="image/gif"/></Types>'],
      ['ppt/media/photo.JPG', new Uint8Array([1])],
    ]);
    expect(defaults.detect(parts, cx)).toBe(true);
    defaults.apply(parts, cx);
    expect(defaults.detect(parts, cx)).toBe(false);
    expect(parts.get(CONTENT_TYPES)).toBe('<Types><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpg" ContentType="image/jpeg"/></Types>');
  });
});

describe('every package fix, in order', () => {
  it('leaves no defect in any deck, and changes nothing applied twice', () => {
    for (const deck of FIX_DECKS) {
      const after = new Map(raw(deck));
      for (const f of PACKAGE_FIXES) f.apply(after, cx);
      for (const f of PACKAGE_FIXES) expect(f.detect(after, cx), `${deck.data} ${deck.theme}: ${f.name}`).toBe(false);
      for (const l of links(after)) expect(after.has(l.part), `${l.rels}: ${l.target}`).toBe(true);
      const again = new Map(after);
      for (const f of PACKAGE_FIXES) f.apply(again, cx);
      expect([...again]).toEqual([...after]);
    }
  });
});

describe('addSvgPictures', () => {
  const svg = new Uint8Array(readFileSync(resolve(ROOT, 'tests', 'fixtures', 'pictures', 'emblem.svg')));
  const SVG_URI = '{96DAC541-7B7A-43D3-8B79-37D633B846F1}';
  /** The SVG each blip of a part links, as [PNG target, SVG target]. */
  const svgBlips = (parts: Parts, name: string): [string, string][] => {
    const relsName = `${folderOf(name)}_rels/${name.slice(name.lastIndexOf('/') + 1)}.rels`;
    const targets = new Map(links(parts).filter((l) => l.rels === relsName).map((l) => [l.id, l.target]));
    return descendants(parseXml(text(parts, name)).root, 'a:blip').flatMap((blip) => {
      const ext = childElements(child(blip, 'a:extLst') ?? blip, 'a:ext').find((e) => attr(e, 'uri') === SVG_URI);
      const svgBlip = ext && child(ext, 'asvg:svgBlip');
      return svgBlip ? [[targets.get(attr(blip, 'r:embed') ?? '') ?? '', targets.get(attr(svgBlip, 'r:embed') ?? '') ?? '']] : [];
    });
  };

  it('adds the SVG beside its PNG after the package fixes, links it from both masters, and declares its type', () => {
    const parts = new Map(raw(PICTURES));
    for (const f of PACKAGE_FIXES) f.apply(parts, cx);
    expect(extensions(parts)).not.toContain('svg'); // no SVG part yet: pptxgenjs's Default was dropped
    const logo = parts.get('ppt/media/image-1002-1.png') as Uint8Array;
    addSvgPictures(parts, [{ png: logo, svg }]);

    expect(parts.get('ppt/media/image-1002-1.svg')).toBe(svg);
    expect(extensions(parts).filter((e) => e === 'svg')).toHaveLength(1);
    expect(text(parts, CONTENT_TYPES)).toContain('<Default Extension="svg" ContentType="image/svg+xml"/>');
    const layouts = [...parts.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n));
    const linked = layouts.filter((n) => svgBlips(parts, n).length > 0);
    expect(linked).toHaveLength(2);
    for (const layout of linked) expect(svgBlips(parts, layout)).toEqual([['../media/image-1002-1.png', '../media/image-1002-1.svg']]);
    for (const f of PACKAGE_FIXES) expect(f.detect(parts, cx), f.name).toBe(false);
  });

  it('keeps the svg Default pptxgenjs wrote, once, and links each copy of an unmerged PNG', () => {
    const parts = new Map(raw(PICTURES));
    addSvgPictures(parts, [{ png: parts.get('ppt/media/image-1002-1.png') as Uint8Array, svg }]);
    expect(extensions(parts).filter((e) => e === 'svg')).toHaveLength(1);
    expect(parts.has('ppt/media/image-1002-1.svg') && parts.has('ppt/media/image-1003-1.svg')).toBe(true);
  });

  it('appends to a blip extension list already there, with the next free relationship id', () => {
    const png = new Uint8Array([9, 9]);
    const parts: Parts = new Map<string, Part>([
      [CONTENT_TYPES, '<Types><Default Extension="png" ContentType="image/png"/><Override PartName="/ppt/slides/slide1.xml" ContentType="s"/></Types>'],
      ['ppt/media/pic.png', png],
      ['ppt/slides/_rels/slide1.xml.rels', '<Relationships><Relationship Id="rId7" Type="i" Target="/ppt/media/pic.png"/></Relationships>'],
      ['ppt/slides/slide1.xml', '<p:sld xmlns:r="r"><a:blip r:embed="rId7"><a:extLst><a:ext uri="{other}"/></a:extLst></a:blip><a:blip r:embed="rId1"/></p:sld>'],
    ]);
    addSvgPictures(parts, [{ png, svg }]);
    expect(parts.get('ppt/slides/_rels/slide1.xml.rels')).toBe(
      '<Relationships><Relationship Id="rId7" Type="i" Target="/ppt/media/pic.png"/>' +
        '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/pic.svg"/></Relationships>',
    );
    expect(parts.get('ppt/slides/slide1.xml')).toBe(
      '<p:sld xmlns:r="r"><a:blip r:embed="rId7"><a:extLst><a:ext uri="{other}"/>' +
        `<a:ext uri="${SVG_URI}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId8"/></a:ext>` +
        '</a:extLst></a:blip><a:blip r:embed="rId1"/></p:sld>',
    );
    expect(parts.get(CONTENT_TYPES)).toBe(
      '<Types><Default Extension="png" ContentType="image/png"/><Default Extension="svg" ContentType="image/svg+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="s"/></Types>',
    );
  });

  it('changes nothing when no PNG of the deck has an SVG', () => {
    const parts = new Map(raw(PICTURES));
    addSvgPictures(parts, [{ png: new Uint8Array([1, 2, 3]), svg }]);
    expect([...parts]).toEqual([...raw(PICTURES)]);
  });
});
