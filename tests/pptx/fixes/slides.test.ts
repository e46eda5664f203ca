/** What the fixes of slides, notes, masters and document properties write in the defect's place. */
import pptxgen from 'pptxgenjs';
import { describe, expect, it } from 'vitest';
import { captureParts, PARTS } from '../../../src/pptx/capture.js';
import type { FixContext, PartFix } from '../../../src/pptx/fixes/fix.js';
import { PROPERTY_FIXES, sequentialGuid } from '../../../src/pptx/fixes/properties.js';
import { SLIDE_FIXES } from '../../../src/pptx/fixes/slides.js';
import { partText } from '../../../src/pptx/parts.js';
import { attr, childElements, descendants, parseXml, serializeXml, textOf } from '../../../src/pptx/xml.js';
import { FIX_DECKS, rawParts } from '../../helpers/raw.js';

const CX: FixContext = { part: '', stamp: '2020-07-06T00:00:00Z', lang: 'vi-VN', author: 'Sở Thông tin và Truyền thông' };
const fix = (name: string): PartFix => {
  const found = [...SLIDE_FIXES, ...PROPERTY_FIXES].find((f) => f.name === name);
  if (!found) throw new Error(`no fix ${name}`);
  return found;
};

/** Applies one fix to a part and returns the tree, checking the defect was there and is gone. */
function fixed(name: string, xml: string, part: string) {
  const f = fix(name);
  expect(f.parts.test(part), `${name} looks at ${part}`).toBe(true);
  const doc = parseXml(xml);
  const cx = { ...CX, part };
  expect(f.detect(doc, cx), `${name}: defect before`).toBe(true);
  f.apply(doc, cx);
  expect(f.detect(doc, cx), `${name}: defect after`).toBe(false);
  return doc;
}

const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

describe('slide fixes', () => {
  it('paragraph-one-properties keeps only a first a:pPr', () => {
    const doc = fixed(
      'paragraph-one-properties',
      `<p:sld ${NS}><a:p><a:pPr algn="l"/><a:r><a:t>Một</a:t></a:r><a:pPr algn="l"/><a:r><a:t>hai</a:t></a:r></a:p><a:p><a:r><a:t>x</a:t></a:r><a:pPr/></a:p></p:sld>`,
      'ppt/slides/slide1.xml',
    );
    const [first, second] = descendants(doc.root, 'a:p');
    expect(childElements(first!).map((e) => e.name)).toEqual(['a:pPr', 'a:r', 'a:r']);
    expect(childElements(second!).map((e) => e.name)).toEqual(['a:r']);
  });

  it('unique-shape-ids renumbers a repeated id past the highest', () => {
    const doc = fixed('unique-shape-ids', `<p:sld ${NS}><p:cNvPr id="25"/><p:cNvPr id="3"/><p:cNvPr id="25"/><p:cNvPr id="3"/></p:sld>`, 'ppt/slides/slide2.xml');
    expect(descendants(doc.root, 'p:cNvPr').map((e) => attr(e, 'id'))).toEqual(['25', '3', '26', '27']);
  });

  it('notes-line-paragraphs makes each line of a note a paragraph, text escaped once', () => {
    const doc = fixed(
      'notes-line-paragraphs',
      `<p:notes ${NS}><p:txBody><a:p><a:r><a:rPr lang="en-US"/><a:t>Dòng 1 &amp; A\r\nDòng 2 &lt;B&gt;</a:t></a:r><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:notes>`,
      'ppt/notesSlides/notesSlide1.xml',
    );
    const paragraphs = descendants(doc.root, 'a:p');
    expect(paragraphs.map(textOf)).toEqual(['Dòng 1 & A', 'Dòng 2 <B>']);
    expect(serializeXml(doc)).toContain('<a:p><a:r><a:rPr lang="en-US"/><a:t>Dòng 2 &lt;B&gt;</a:t></a:r><a:endParaRPr lang="en-US"/></a:p>');
  });

  it('text-language tags every run, end and default with the deck language', () => {
    const doc = fixed('text-language', `<p:sld ${NS}><a:p><a:r><a:rPr lang="en-US" b="1"/><a:t>x</a:t></a:r><a:endParaRPr lang="en-US"/></a:p></p:sld>`, 'ppt/slides/slide1.xml');
    expect(serializeXml(doc)).toBe(`<p:sld ${NS}><a:p><a:r><a:rPr lang="vi-VN" b="1"/><a:t>x</a:t></a:r><a:endParaRPr lang="vi-VN"/></a:p></p:sld>`);
  });

  it('slide-number-cache writes PowerPoint\'s ‹#› where pptxgenjs cached "null"', async () => {
    const raw = await rawParts(FIX_DECKS[0].data);
    const master = partText(raw.get('ppt/slideMasters/slideMaster1.xml')!);
    const fields = (xml: string) => descendants(parseXml(xml).root, 'a:fld').filter((f) => attr(f, 'type') === 'slidenum').map(textOf);
    expect(fields(master)).toEqual(['null']);
    expect(fields(serializeXml(fixed('slide-number-cache', master, 'ppt/slideMasters/slideMaster1.xml')))).toEqual(['‹#›']);
  });
});

describe('document fixes', () => {
  it('core-dates puts the document date in created and modified', () => {
    const doc = fixed(
      'core-dates',
      '<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d" xmlns:xsi="x"><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T03:30:56Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-30T03:30:56Z</dcterms:modified></cp:coreProperties>',
      'docProps/core.xml',
    );
    expect(childElements(doc.root).map(textOf)).toEqual([CX.stamp, CX.stamp]);
  });

  it('app-properties names briefdeck, with no Office version', () => {
    const doc = fixed('app-properties', '<Properties xmlns="e"><Application>Microsoft Office PowerPoint</Application><Slides>2</Slides><AppVersion>16.0000</AppVersion></Properties>', 'docProps/app.xml');
    expect(serializeXml(doc)).toBe('<Properties xmlns="e"><Application>briefdeck</Application><Slides>2</Slides></Properties>');
  });

  it('presentation-child-order puts notesMasterIdLst before sldIdLst, the rest in place', () => {
    const doc = fixed(
      'presentation-child-order',
      `<p:presentation ${NS}><p:sldMasterIdLst/><p:sldIdLst/><p:notesMasterIdLst/><p:sldSz cx="1" cy="1"/><p:extLst/></p:presentation>`,
      'ppt/presentation.xml',
    );
    expect(childElements(doc.root).map((e) => e.name)).toEqual(['p:sldMasterIdLst', 'p:notesMasterIdLst', 'p:sldIdLst', 'p:sldSz', 'p:extLst']);
  });

  it('section-ids makes the random ids of pptxgenjs sections sequential', async () => {
    const PptxGenJS = ((pptxgen as unknown as { default?: typeof pptxgen.default }).default ?? pptxgen) as typeof pptxgen.default;
    const pres = new PptxGenJS();
    pres.addSection({ title: 'Bưu chính' });
    pres.addSlide({ sectionTitle: 'Bưu chính' });
    pres.addSection({ title: 'Viễn thông' });
    pres.addSlide({ sectionTitle: 'Viễn thông' });
    const parts = await captureParts(() => pres.write({ outputType: PARTS as 'uint8array' }));
    const doc = fixed('section-ids', partText(parts.get('ppt/presentation.xml')!), 'ppt/presentation.xml');
    expect(descendants(doc.root, 'p14:section').map((s) => attr(s, 'id'))).toEqual([sequentialGuid(1), sequentialGuid(2)]);
  });
});
