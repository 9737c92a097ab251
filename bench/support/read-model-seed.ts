import { sql, type SQL } from 'drizzle-orm';

// A province's read model in one set-based insert (generate_series, as test/db/dossier-search.test.ts seeds it):
// every column a function of g, pseudo-random through a multiplicative hash so units, statuses and dates do not
// line up. Shape, chosen to be closer to a province than a uniform spread:
// - 703 receiving units: 3 large ones (provincial departments, 10% of dossiers each) and 700 commune-level units;
// - the oldest 80% of dossiers are closed (returned, rated, refused, withdrawn); the newest 20% are 60% open;
// - 40 procedures, three channels, ~2.5 dossiers per applicant, about 5% of open dated dossiers overdue;
// - `view` holds a snapshot of the size the workflow projects (steps, fee), so rows are as wide as real ones.

export const BIG_UNITS = 3;
export const SMALL_UNITS = 700;
export const PROCEDURES = 40;

/** `000.NN.MM.H56`: unit 0–2 are the large units, 3–702 the small ones. */
export function unitCode(k: number): string {
  return `000.${String(Math.floor(k / 100)).padStart(2, '0')}.${String(k % 100).padStart(2, '0')}.H56`;
}

export function procedureCode(p: number): string {
  return `1.${String(1000 + p).padStart(6, '0')}`;
}

export const OPEN = ['AWAITING_RECEPTION_CHECK', 'SUPPLEMENT_REQUESTED', 'ACCEPTED', 'IN_HANDLING', 'PAUSED', 'RESULT_READY'] as const;

/** A status for each percentile: `spread` lists [status, percent] summing to 100, as an SQL text[] literal. */
function percentiles(spread: [string, number][]): string {
  const all = spread.flatMap(([status, percent]) => Array.from({ length: percent }, () => `'${status}'`));
  if (all.length !== 100) throw new Error('percentages must sum to 100');
  return `array[${all.join(',')}]::text[]`;
}

/** The newest 20% of dossiers: 60% open. */
const NEWEST_STATUSES = percentiles([
  ['AWAITING_RECEPTION_CHECK', 10], ['SUPPLEMENT_REQUESTED', 3], ['ACCEPTED', 12], ['IN_HANDLING', 25], ['PAUSED', 3],
  ['RESULT_READY', 7], ['RESULT_RETURNED', 30], ['RATED', 4], ['REFUSED_AT_RECEPTION', 3], ['WITHDRAWN', 3],
]);
/** The oldest 80%: closed. */
const OLDER_STATUSES = percentiles([
  ['RESULT_RETURNED', 80], ['RATED', 10], ['REFUSED_AT_RECEPTION', 4], ['REFUSED_TO_RESOLVE', 3], ['WITHDRAWN', 3],
]);

/** The insert of `count` dossiers; the seed epoch puts the newest dossiers in the weeks before `now`. */
export function seedDossiers(count: number, now = new Date()): SQL {
  return sql.raw(seedDossiersText(count, now));
}

export function seedDossiersText(count: number, now = new Date()): string {
  const start = new Date(now.getTime() - count * 94_000).toISOString();
  const newest = Math.floor(count * 0.8);
  return `
  with s as (
    select g,
      ((g::bigint * 2654435761) % 4294967296) as h,
      timestamptz '${start}' + g * interval '94 second' as submitted
    from generate_series(1, ${count}) as g
  ), t as materialized (
    select g, h, submitted,
      case when h % 10 < 3 then (h / 10) % ${BIG_UNITS} else ${BIG_UNITS} + (h / 10) % ${SMALL_UNITS} end as k,
      case when g > ${newest} then (${NEWEST_STATUSES})[1 + (h / 7) % 100]
        else (${OLDER_STATUSES})[1 + (h / 7) % 100] end as status
    from s
  ), u as (
    select *,
      '000.' || lpad((k / 100)::text, 2, '0') || '.' || lpad((k % 100)::text, 2, '0') || '.H56' as unit,
      status not in ('SUBMITTED', 'AWAITING_RECEPTION_CHECK', 'SUPPLEMENT_REQUESTED', 'REFUSED_AT_RECEPTION') as accepted,
      submitted + interval '4 hour' + ((h / 13) % 72) * interval '1 hour' as accepted_at,
      (array['online', 'counter', 'postal'])[1 + (h / 3) % 3] as channel
    from t
  ), v as materialized (
    select *,
      case when accepted then accepted_at + (5 + (h / 17) % 25) * interval '1 day' end as due,
      accepted and status in ('ACCEPTED', 'IN_HANDLING', 'PAUSED', 'RESULT_READY') and (h / 19) % 20 = 0 as late
    from u
  )
  insert into dossiers (id, dossier_code, procedure_code, unit_code, status, channel, applicant, submitted_at,
    official_receipt_at, reception_check_due_at, overdue_at_reception, accepted_at, due_at, appointment_at, overdue,
    view, calendar_version, request_digest, last_sequence)
  select 'dossier-' || lpad(to_hex(g), 32, '0'),
    case when accepted then unit || '-' || to_char(accepted_at at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-' || lpad(g::text, 7, '0') end,
    '1.' || lpad((1000 + (h / 23) % ${PROCEDURES})::text, 6, '0'),
    unit, status::dossier_status, channel,
    jsonb_build_object('kind', 'citizen', 'fullName', 'Công dân ' || g,
      'identifier', lpad(((g::bigint * 7919) % 400000)::text, 12, '0')),
    submitted, submitted, submitted + interval '1 day',
    status = 'AWAITING_RECEPTION_CHECK' and (h / 29) % 20 = 0,
    case when accepted then accepted_at end, due, due, late,
    jsonb_build_object(
      'paused', status = 'PAUSED',
      'steps', case when accepted then jsonb_build_array(jsonb_build_object('id', 'handling',
        'status', case when status in ('ACCEPTED') then 'PENDING' when status in ('IN_HANDLING', 'PAUSED') then 'IN_PROGRESS' else 'DONE' end,
        'outcome', case when status in ('ACCEPTED', 'IN_HANDLING', 'PAUSED') then null else 'COMPLETED' end,
        'late', false, 'dueAt', to_char(due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) else '[]'::jsonb end,
      'fee', case when (h / 31) % 4 = 0 then jsonb_build_object('status', 'PAID', 'amountVnd', 20000,
        'payableAt', 'submission', 'paymentRef', 'PAYGOV-' || g, 'paidAt', to_char(submitted at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end,
      'resultDocuments', case when status in ('RESULT_READY', 'RESULT_RETURNED', 'RATED')
        then jsonb_build_array(unit || '-KQ1') else '[]'::jsonb end),
    'cal-' || md5('2026'), lpad(to_hex(h), 64, '0'), 1 + (h / 37) % 9
  from v`;
}
