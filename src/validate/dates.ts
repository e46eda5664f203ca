/**
 * The dates a deck can carry. The document date is written into the deck's
 * core properties (docProps/core.xml, dcterms W3CDTF, four-digit years), and
 * Office reads those dates into its own, which begin in 1900 (older ones it
 * shows wrongly or not at all): so a meeting date, or SOURCE_DATE_EPOCH, is
 * accepted from 1900-01-01 to 9999-12-31 and refused outside it, before
 * anything is built.
 */

export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '9999-12-31';
const MIN_TIME = Date.UTC(1900, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/** Whether a date can be a deck's document date: a real date, in 1900–9999. */
export function isDocumentDate(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time >= MIN_TIME && time <= MAX_TIME;
}

/**
 * SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since
 * 1970-01-01 UTC. Unset or empty: none. Anything else than digits, or a
 * moment after 9999-12-31 23:59:59 (253402300799), is `invalid`: a usage
 * error, since the deck would carry no date or a wrong one.
 */
export function sourceDateEpoch(value: string | undefined): Date | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) return 'invalid';
  const date = new Date(Number(value) * 1000);
  return isDocumentDate(date) ? date : 'invalid';
}
