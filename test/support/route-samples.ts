/** A result document id of the sample unit, well formed. */
export const SAMPLE_RESULT = '000.00.01.H56-261126-0001-KQ1';

/**
 * A route template with every parameter filled by a well-formed sample: the given dossier and unit, and fixed
 * values for the rest, so a request reaches authorisation and the handler rather than stopping at the parameters.
 */
export function samplePath(url: string, sample: { dossierId: string; unitCode: string }): string {
  const query = SAMPLE_QUERIES[url]?.replace(':unitCode', sample.unitCode) ?? '';
  return `${fill(url, sample)}${query}`;
}

/** Queries a route requires. */
const SAMPLE_QUERIES: Record<string, string> = {
  '/v1/units/:unitCode/forms/06': '?from=2026-11-01&to=2026-11-30',
  '/v1/reports/dossiers': '?from=2026-01-01&to=2026-06-30&unitCode=:unitCode',
  '/v1/reports/six-monthly': '?year=2026&half=1&unitCode=:unitCode',
  '/v1/calendar/days': '?from=2026-11-01&to=2026-11-30',
  '/v1/calendar/receipt': '?at=2026-11-27T10:00:00%2B07:00',
  '/v1/calendar/deadline': '?from=2026-11-27T10:00:00%2B07:00&workingDays=15',
  '/v1/calendar/lunar': '?date=2026-11-27',
  '/v1/calendar/solar': '?lunar=2026-10-18',
};

function fill(url: string, sample: { dossierId: string; unitCode: string }): string {
  return url
    .replace(':id', url.startsWith('/v1/results') ? SAMPLE_RESULT : sample.dossierId)
    .replace(':unitCode', sample.unitCode)
    .replace(':form', '01')
    .replace(':code', '1.004222')
    .replace(':version', '9')
    .replace(':documentNo', SAMPLE_RESULT)
    .replace(':sha256', '0'.repeat(64))
    .replace(':itemId', 'wh_0123456789abcdef01234567');
}
