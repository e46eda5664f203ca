/**
 * Whether the pptxgenjs this program runs keeps its parts in PartsZip
 * (parts-zip.ts) instead of JSZip: not in the modules; in the bundle, whose
 * build fills this module (startup/bundle.ts). capture.ts then neither
 * hooks JSZip nor loads it.
 */
export const JSZIP_REPLACED: boolean = false;
