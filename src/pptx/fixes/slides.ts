/**
 * Fixes to the text of slides, masters and notes as pptxgenjs 4.0.1 writes it.
 */
import { attr, child, childElements, cloneNode, descendants, element, setAttr, setText, textOf, type XmlDocument, type XmlElement } from '../xml.js';
import type { PartFix } from './fix.js';

const SLIDE = /^ppt\/slides\/slide\d+\.xml$/;
const NOTES = /^ppt\/notesSlides\/notesSlide\d+\.xml$/;
const TEXT_PARTS = /^ppt\/(?:slides\/slide|slideMasters\/slideMaster|notesSlides\/notesSlide)\d+\.xml$/;
const MASTER = /^ppt\/slideMasters\/slideMaster\d+\.xml$/;

/** The a:pPr children of a paragraph that the schema does not allow: any but its first child. */
function extraParagraphProperties(p: XmlElement): XmlElement[] {
  const first = p.children.find((c) => c.kind === 'element');
  return childElements(p, 'a:pPr').filter((pPr) => pPr !== first);
}

/**
 * pptxgenjs writes an <a:pPr> before every run of a paragraph; CT_TextParagraph
 * allows one, as the first child, and PowerPoint offers to repair the file.
 */
const oneParagraphProperties: PartFix = {
  name: 'paragraph-one-properties',
  defect: 'an a:pPr before every run of a paragraph, where the schema allows one, first (PowerPoint repairs the file)',
  package: 'deck',
  parts: TEXT_PARTS,
  detect: (doc) => descendants(doc.root, 'a:p').some((p) => extraParagraphProperties(p).length > 0),
  apply(doc) {
    for (const p of descendants(doc.root, 'a:p')) {
      const extra = extraParagraphProperties(p);
      if (extra.length > 0) p.children = p.children.filter((c) => c.kind !== 'element' || !extra.includes(c));
    }
  },
};

/**
 * pptxgenjs gives the slide-number placeholder the fixed id 25, which collides
 * with the 25th shape of a busy slide (PowerPoint then repairs the file).
 */
const uniqueShapeIds: PartFix = {
  name: 'unique-shape-ids',
  defect: 'the slide-number placeholder always has shape id 25, the id of another shape on a slide of 24 shapes or more (PowerPoint repairs the file)',
  package: 'deck',
  parts: SLIDE,
  detect(doc) {
    const ids = descendants(doc.root, 'p:cNvPr').map((c) => attr(c, 'id'));
    return new Set(ids).size !== ids.length;
  },
  apply(doc) {
    const shapes = descendants(doc.root, 'p:cNvPr');
    let next = Math.max(0, ...shapes.map((c) => Number(attr(c, 'id') ?? 0))) + 1;
    const seen = new Set<string>();
    for (const shape of shapes) {
      const id = attr(shape, 'id') ?? '';
      if (seen.has(id)) setAttr(shape, 'id', next++);
      else seen.add(id);
    }
  },
};

/** The runs of a note paragraph whose text holds line breaks. */
const multiLineRuns = (p: XmlElement): XmlElement[] => childElements(p, 'a:r').filter((r) => /[\r\n]/.test(textOf(r)));

/**
 * pptxgenjs writes the whole note as one run with CRLFs inside a:t, which
 * PowerPoint shows as one paragraph: each line becomes a paragraph.
 */
const notesLines: PartFix = {
  name: 'notes-line-paragraphs',
  defect: 'speaker notes written as one run with line breaks inside a:t, shown by PowerPoint as one paragraph',
  package: 'deck',
  parts: NOTES,
  detect: (doc) => descendants(doc.root, 'a:p').some((p) => multiLineRuns(p).length > 0),
  apply(doc) {
    for (const body of descendants(doc.root, 'p:txBody')) {
      body.children = body.children.flatMap((p) => {
        if (p.kind !== 'element' || p.name !== 'a:p' || multiLineRuns(p).length === 0) return [p];
        const run = childElements(p, 'a:r')[0];
        const runProperties = run ? child(run, 'a:rPr') : undefined;
        const end = child(p, 'a:endParaRPr');
        const lines = childElements(p, 'a:r').map(textOf).join('').split(/\r?\n|\r/);
        return lines.map((line) =>
          element('a:p', {}, [element('a:r', {}, [...(runProperties ? [cloneNode(runProperties)] : []), element('a:t', {}, [line])]), ...(end ? [cloneNode(end)] : [])]),
        );
      });
    }
  },
};

/** Every element with a `lang` attribute (a:rPr, a:endParaRPr, a:defRPr…). */
const languageTagged = (doc: XmlDocument): XmlElement[] => {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (attr(e, 'lang') !== undefined) found.push(e); // read without splitting the attributes: one left alone is written back from its text
    for (const c of e.children) if (c.kind === 'element') walk(c);
  };
  walk(doc.root);
  return found;
};

/**
 * Notes, the slide-number field and empty paragraphs come tagged en-US
 * whatever the runs say, so spelling and hyphenation treat them as English.
 */
const textLanguage: PartFix = {
  name: 'text-language',
  defect: 'notes, the slide-number field and paragraph ends are tagged en-US whatever the deck\'s language',
  package: 'deck',
  parts: TEXT_PARTS,
  detect: (doc, cx) => languageTagged(doc).some((e) => attr(e, 'lang') !== cx.lang),
  apply(doc, cx) {
    for (const e of languageTagged(doc)) if (attr(e, 'lang') !== cx.lang) setAttr(e, 'lang', cx.lang);
  },
};

/** PowerPoint's own placeholder text for a slide-number field on a master. */
const SLIDE_NUMBER_MARK = '‹#›';

const slideNumberFields = (doc: XmlDocument): XmlElement[] => descendants(doc.root, 'a:fld').filter((f) => attr(f, 'type') === 'slidenum');

/** The master's slide-number field caches the text "null", which a reader that does not compute fields shows. */
const slideNumberCache: PartFix = {
  name: 'slide-number-cache',
  defect: 'the master\'s slide-number field caches the text "null", shown by readers that do not compute fields',
  package: 'deck',
  parts: MASTER,
  detect: (doc) => slideNumberFields(doc).some((f) => textOf(f) !== SLIDE_NUMBER_MARK),
  apply(doc) {
    for (const field of slideNumberFields(doc)) {
      const t = child(field, 'a:t');
      if (t) setText(t, SLIDE_NUMBER_MARK);
      else field.children.push(element('a:t', {}, [SLIDE_NUMBER_MARK]));
    }
  },
};

export const SLIDE_FIXES: readonly PartFix[] = [oneParagraphProperties, uniqueShapeIds, notesLines, textLanguage, slideNumberCache];
