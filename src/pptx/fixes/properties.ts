/**
 * Fixes to the document-level parts: docProps (dates, the application) and
 * ppt/presentation.xml.
 */
import { attr, child, childElements, descendants, elementsOnly, setAttr, setText, textOf, type XmlElement } from '../xml.js';
import type { PackageKind, PartFix } from './fix.js';
import { sortBySchema } from './order.js';

/** pptxgenjs and its workbooks stamp the clock's time; the same input must give the same bytes, so the document date goes there. */
function coreDates(kind: PackageKind): PartFix {
  const dates = (root: XmlElement): XmlElement[] => childElements(root).filter((e) => e.name === 'dcterms:created' || e.name === 'dcterms:modified');
  return {
    name: kind === 'deck' ? 'core-dates' : 'workbook-core-dates',
    defect: `docProps/core.xml of the ${kind} carries the time of the build, so two builds of the same report differ`,
    package: kind,
    parts: /^docProps\/core\.xml$/,
    detect: (doc, cx) => dates(doc.root).some((d) => textOf(d) !== cx.stamp),
    apply(doc, cx) {
      for (const d of dates(doc.root)) setText(d, cx.stamp);
    },
  };
}

/** What the deck says made it: briefdeck, not the product pptxgenjs names. */
export const APPLICATION = 'briefdeck';

/**
 * docProps/app.xml names an Office application and its version (the deck
 * "Microsoft Office PowerPoint" 16, a workbook "Microsoft Macintosh Excel"):
 * a reader that trusts it expects that application's quirks.
 */
export function applicationName(kind: PackageKind, claimed: string): PartFix {
  const wrong = (root: XmlElement): boolean => {
    const application = child(root, 'Application');
    return (application !== undefined && textOf(application) !== APPLICATION) || child(root, 'AppVersion') !== undefined;
  };
  return {
    name: kind === 'deck' ? 'app-properties' : 'workbook-app-properties',
    defect: `docProps/app.xml of the ${kind} claims it was made by ${claimed}`,
    package: kind,
    parts: /^docProps\/app\.xml$/,
    detect: (doc) => wrong(doc.root),
    apply(doc) {
      const application = child(doc.root, 'Application');
      if (application) setText(application, APPLICATION);
      // AppVersion is the version of the application named, in Office's own form: briefdeck has none to give.
      doc.root.children = doc.root.children.filter((c) => c.kind !== 'element' || c.name !== 'AppVersion');
    },
  };
}

/** CT_Presentation's child order; pptxgenjs writes notesMasterIdLst after sldIdLst. */
const PRESENTATION_ORDER = [
  'p:sldMasterIdLst',
  'p:notesMasterIdLst',
  'p:handoutMasterIdLst',
  'p:sldIdLst',
  'p:sldSz',
  'p:notesSz',
  'p:smartTags',
  'p:embeddedFontLst',
  'p:custShowLst',
  'p:photoAlbum',
  'p:custDataLst',
  'p:kinsoku',
  'p:defaultTextStyle',
  'p:modifyVerifier',
  'p:extLst',
];

const presentationOrder: PartFix = {
  name: 'presentation-child-order',
  defect: 'p:notesMasterIdLst written after p:sldIdLst, against CT_Presentation\'s order (PowerPoint repairs the file)',
  package: 'deck',
  parts: /^ppt\/presentation\.xml$/,
  detect(doc) {
    const names = childElements(doc.root).map((e) => e.name);
    return sortBySchema(childElements(doc.root), PRESENTATION_ORDER).some((e, i) => e.name !== names[i]);
  },
  apply(doc) {
    elementsOnly(doc.root);
    doc.root.children = sortBySchema(childElements(doc.root), PRESENTATION_ORDER);
  },
};

/** A GUID as pptxgenjs's getUuid makes them, from Math.random. */
const GUID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/;

/** A GUID that is the same in every build: the n-th of a part. */
export function sequentialGuid(n: number): string {
  return `{00000000-0000-4000-8000-${n.toString(16).toUpperCase().padStart(12, '0')}}`;
}

const sections = (root: XmlElement): XmlElement[] => descendants(root, 'p14:section');

const sectionIds: PartFix = {
  name: 'section-ids',
  defect: 'section ids come from Math.random, so two builds of the same report differ',
  package: 'deck',
  parts: /^ppt\/presentation\.xml$/,
  detect: (doc) => sections(doc.root).some((s, i) => GUID.test(attr(s, 'id') ?? '') && attr(s, 'id') !== sequentialGuid(i + 1)),
  apply(doc) {
    sections(doc.root).forEach((s, i) => {
      if (GUID.test(attr(s, 'id') ?? '')) setAttr(s, 'id', sequentialGuid(i + 1));
    });
  },
};

export const PROPERTY_FIXES: readonly PartFix[] = [
  coreDates('deck'),
  coreDates('workbook'),
  applicationName('deck', 'Microsoft Office PowerPoint 16'),
  presentationOrder,
  sectionIds,
];
