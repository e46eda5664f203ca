/**
 * A .potx or .pptx opened as its parts, within limits: a template is a zip
 * of XML and pictures, and only those are read (no macros, no embedded
 * objects), none larger than a template's part can reasonably be.
 */
import { unzipSync } from 'fflate';
import { t } from '../i18n/catalogue.js';
import { TemplateError } from './facts.js';

/** Largest template file read, in bytes. */
export const MAX_TEMPLATE_BYTES = 100 * 1024 * 1024;
/** Largest part, once inflated. */
const MAX_PART_BYTES = 30 * 1024 * 1024;
/** All parts read together, once inflated. */
const MAX_TOTAL_BYTES = 200 * 1024 * 1024;

const WANTED = /^(?:_rels\/\.rels|ppt\/(?:.*\.xml|.*\.rels|media\/[^/]+\.(?:png|jpe?g)))$/i;

export function openPackage(bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new TemplateError(t('import.reason.not-zip'));
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!WANTED.test(file.name)) return false;
        if (file.originalSize > MAX_PART_BYTES) throw new TemplateError(t('import.reason.part-too-large', { part: file.name, limit: MAX_PART_BYTES / 1024 / 1024 }));
        total += file.originalSize;
        if (total > MAX_TOTAL_BYTES) throw new TemplateError(t('import.reason.too-large', { limit: MAX_TOTAL_BYTES / 1024 / 1024 }));
        return true;
      },
    });
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    throw new TemplateError(t('import.reason.damaged', { detail: (e as Error).message }));
  }
  return new Map(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
