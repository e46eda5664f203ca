/** Reads a built .pptx (a zip of XML) so tests can assert on what PowerPoint will see. */
import { strFromU8, unzipSync } from 'fflate';

export interface OpenedDeck {
  parts: Map<string, string>;
  names: string[];
  slideCount: number;
  slideXml(n: number): string;
  /** The paragraphs of slide n (1-based), each as its concatenated run text. */
  slideParagraphs(n: number): string[];
  slideText(n: number): string;
  notesText(n: number): string;
  /** The chart parts referenced by slide n. */
  chartsOfSlide(n: number): string[];
}

export function openDeck(bytes: Uint8Array): OpenedDeck {
  const files = unzipSync(bytes);
  const parts = new Map(Object.entries(files).map(([name, data]) => [name, isText(name) ? strFromU8(data) : '']));
  const part = (name: string): string => {
    const xml = parts.get(name);
    if (xml === undefined) throw new Error(`no part ${name}`);
    return xml;
  };
  const slideNames = [...parts.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  const relTargets = (n: number, type: string): string[] => {
    const rels = parts.get(`ppt/slides/_rels/slide${n}.xml.rels`) ?? '';
    return [...rels.matchAll(/<Relationship [^>]*>/g)]
      .map((m) => m[0])
      .filter((r) => r.includes(`/relationships/${type}"`))
      .map((r) => /Target="([^"]+)"/.exec(r)?.[1] ?? '')
      .map((t) => (t.startsWith('/') ? t.slice(1) : `ppt/${t.replace(/^\.\.\//, '')}`));
  };
  return {
    parts,
    names: Object.keys(files),
    slideCount: slideNames.length,
    slideXml: (n) => part(`ppt/slides/slide${n}.xml`),
    slideParagraphs: (n) => paragraphs(part(`ppt/slides/slide${n}.xml`)),
    slideText: (n) => paragraphs(part(`ppt/slides/slide${n}.xml`)).join('\n'),
    notesText: (n) => {
      const [notes] = relTargets(n, 'notesSlide');
      // Only the notes body: the notes page also holds a slide-number field.
      const body = [...(notes ? part(notes) : '').matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].find((sp) => /<p:ph [^>]*type="body"/.test(sp[1] ?? ''));
      return body ? paragraphs(body[1] ?? '').join('\n') : '';
    },
    chartsOfSlide: (n) => relTargets(n, 'chart').map(part),
  };
}

const isText = (name: string): boolean => /\.(xml|rels)$/.test(name);

export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)]
    .map((p) => [...(p[1] ?? '').matchAll(/<a:t>([^<]*)<\/a:t>|<a:br\/>/g)].map((t) => (t[1] === undefined ? '\n' : decode(t[1]))).join(''))
    .filter((t) => t.length > 0);
}

export function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** The numbers in a chart part's value cache, per series. */
export function chartSeriesValues(chartXml: string): number[][] {
  return [...chartXml.matchAll(/<c:val>([\s\S]*?)<\/c:val>/g)].map((v) =>
    [...(v[1] ?? '').matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1])),
  );
}
