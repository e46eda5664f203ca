/**
 * Pictures a screen reader cannot speak for: a section picture with neither
 * `alt` nor `decorative: true` is a warning, not an error, since the deck is
 * still right for everyone who sees it. The logo needs neither: the templates
 * mark it decorative. Charts need neither: their alternative text is made
 * from their data unless given.
 */
import { warning, type Diagnostic } from '../diagnostics.js';
import { t } from '../i18n/catalogue.js';
import type { Report } from './schema.js';

/** One warning per section picture that says nothing to a screen reader, at the picture's block (located by the caller). */
export function pictureAltWarnings(report: Report): Diagnostic[] {
  return report.sections.flatMap((section, i) => {
    const picture = section.picture;
    if (picture === null || picture.alt !== null || picture.decorative) return [];
    return [warning('picture-no-alt', t('picture.no-alt', { path: picture.path }), { dataPath: ['sections', i, 'picture'], hint: t('picture.no-alt.hint') })];
  });
}
