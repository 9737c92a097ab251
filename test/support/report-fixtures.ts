import { dossierEvents, dossiers, type DossierRow, type NewDossierRow } from '../../db/schema';
import type { Database } from '../../db/client';

// Dossiers with known histories around January 2026 (local days 2026-01-01…31, i.e. [2025-12-31T17:00Z,
// 2026-01-31T17:00Z)), for the report tests. Each line says what it must count as in January; the expected figures
// below are worked out by hand from these lines, not computed by the code under test.

export const UNIT_A = '000.00.01.H56';
export const UNIT_B = '000.00.02.H56';
export const P1 = '1.001193';
export const P2 = '1.000894';

interface Fixture {
  id: string;
  unit: string;
  procedure: string;
  channel: 'online' | 'counter' | 'postal';
  status: DossierRow['status'];
  submitted?: string;
  receipt?: string;
  accepted?: string;
  resolved?: string;
  timeliness?: 'EARLY' | 'ON_TIME' | 'LATE';
  returned?: string;
  returnChannel?: 'online' | 'counter' | 'postal';
  overdueAtReception?: boolean;
  /** Events beyond the row's own instants: [type, instant]. */
  events?: [string, string][];
}

const FIXTURES: Fixture[] = [
  // Carried over (accepted in December), resolved early in January, 21 days after receipt.
  { id: 'a01', unit: UNIT_A, procedure: P1, channel: 'online', status: 'RESULT_READY', receipt: '2025-12-20T01:00:00Z', accepted: '2025-12-20T02:00:00Z', resolved: '2026-01-10T01:00:00Z', timeliness: 'EARLY' },
  // Received at the counter, resolved on time: 15 days.
  { id: 'a02', unit: UNIT_A, procedure: P1, channel: 'counter', status: 'RESULT_READY', receipt: '2026-01-05T02:00:00Z', accepted: '2026-01-05T02:00:00Z', resolved: '2026-01-20T02:00:00Z', timeliness: 'ON_TIME' },
  // Received online, resolved late after an apology: 19 days.
  { id: 'a03', unit: UNIT_A, procedure: P1, channel: 'online', status: 'RESULT_READY', receipt: '2026-01-06T02:00:00Z', accepted: '2026-01-06T03:00:00Z', resolved: '2026-01-25T02:00:00Z', timeliness: 'LATE', events: [['APOLOGISED', '2026-01-15T02:00:00Z'], ['OVERDUE', '2026-01-22T10:00:00Z']] },
  // Received by post, resolved late without an apology: 21 days.
  { id: 'a04', unit: UNIT_A, procedure: P2, channel: 'postal', status: 'RESULT_READY', receipt: '2026-01-07T02:00:00Z', accepted: '2026-01-07T02:30:00Z', resolved: '2026-01-28T02:00:00Z', timeliness: 'LATE', events: [['OVERDUE', '2026-01-26T10:00:00Z']] },
  // Received online, still in handling and not yet due.
  { id: 'a05', unit: UNIT_A, procedure: P2, channel: 'online', status: 'IN_HANDLING', receipt: '2026-01-10T02:00:00Z', accepted: '2026-01-10T03:00:00Z' },
  // Carried over, became overdue on 15 January: in progress, overdue at the end.
  { id: 'a06', unit: UNIT_A, procedure: P2, channel: 'online', status: 'IN_HANDLING', receipt: '2025-11-01T02:00:00Z', accepted: '2025-11-01T03:00:00Z', events: [['OVERDUE', '2026-01-15T10:00:00Z']] },
  // Carried over, overdue only from 10 February: in progress and in time at the end of January.
  { id: 'a07', unit: UNIT_A, procedure: P1, channel: 'online', status: 'IN_HANDLING', receipt: '2025-12-01T02:00:00Z', accepted: '2025-12-01T03:00:00Z', events: [['OVERDUE', '2026-02-10T10:00:00Z']] },
  // Received at the counter, withdrawn in January.
  { id: 'a08', unit: UNIT_A, procedure: P1, channel: 'counter', status: 'WITHDRAWN', receipt: '2026-01-12T02:00:00Z', accepted: '2026-01-12T02:00:00Z', events: [['WITHDRAWN', '2026-01-18T02:00:00Z']] },
  // Withdrawn before anyone accepted it.
  { id: 'a09', unit: UNIT_A, procedure: P1, channel: 'online', status: 'WITHDRAWN', submitted: '2026-01-13T02:00:00Z', events: [['WITHDRAWN', '2026-01-14T02:00:00Z']] },
  // Refused at reception, after the 8 working hours ran out.
  { id: 'a10', unit: UNIT_A, procedure: P1, channel: 'online', status: 'REFUSED_AT_RECEPTION', submitted: '2026-01-15T02:00:00Z', resolved: '2026-01-16T09:00:00Z', overdueAtReception: true },
  // Accepted late at reception, then refused to resolve on time: 10 days.
  { id: 'a11', unit: UNIT_A, procedure: P2, channel: 'online', status: 'REFUSED_TO_RESOLVE', receipt: '2026-01-20T02:00:00Z', accepted: '2026-01-21T08:00:00Z', resolved: '2026-01-30T02:00:00Z', timeliness: 'ON_TIME', overdueAtReception: true },
  // Resolved in December, its result returned online in January: counts as returned only.
  { id: 'a12', unit: UNIT_A, procedure: P1, channel: 'online', status: 'RESULT_RETURNED', receipt: '2025-10-01T02:00:00Z', accepted: '2025-10-01T03:00:00Z', resolved: '2025-12-15T02:00:00Z', timeliness: 'EARLY', returned: '2026-01-03T02:00:00Z', returnChannel: 'online' },
  // Received in January, resolved in February: in progress (in time) at the end of January.
  { id: 'a13', unit: UNIT_A, procedure: P1, channel: 'online', status: 'RESULT_READY', receipt: '2026-01-25T02:00:00Z', accepted: '2026-01-25T03:00:00Z', resolved: '2026-02-05T02:00:00Z', timeliness: 'EARLY' },
  // Accepted in February: nothing in January.
  { id: 'a14', unit: UNIT_A, procedure: P1, channel: 'online', status: 'IN_HANDLING', receipt: '2026-02-03T02:00:00Z', accepted: '2026-02-03T03:00:00Z' },
  // Closed and returned in December: nothing in January.
  { id: 'a15', unit: UNIT_A, procedure: P1, channel: 'online', status: 'RESULT_RETURNED', receipt: '2025-12-01T02:00:00Z', accepted: '2025-12-01T03:00:00Z', resolved: '2025-12-20T02:00:00Z', timeliness: 'EARLY', returned: '2025-12-22T02:00:00Z', returnChannel: 'counter' },
  // Withdrawn in December: nothing in January.
  { id: 'a16', unit: UNIT_A, procedure: P1, channel: 'counter', status: 'WITHDRAWN', receipt: '2025-11-10T02:00:00Z', accepted: '2025-11-10T02:00:00Z', events: [['WITHDRAWN', '2025-12-10T02:00:00Z']] },
  // Accepted at 23:30 on 31 January, Vietnam time: received in January, in progress at its end.
  { id: 'a17', unit: UNIT_A, procedure: P2, channel: 'counter', status: 'ACCEPTED', receipt: '2026-01-31T16:30:00Z', accepted: '2026-01-31T16:30:00Z' },
  // Accepted at 00:00 on 1 February, Vietnam time: nothing in January.
  { id: 'a18', unit: UNIT_A, procedure: P2, channel: 'counter', status: 'ACCEPTED', receipt: '2026-01-31T17:00:00Z', accepted: '2026-01-31T17:00:00Z' },
  // Unit B: received online, resolved early (2 days), returned at the counter.
  { id: 'b01', unit: UNIT_B, procedure: P1, channel: 'online', status: 'RESULT_RETURNED', receipt: '2026-01-07T02:00:00Z', accepted: '2026-01-08T02:00:00Z', resolved: '2026-01-09T02:00:00Z', timeliness: 'EARLY', returned: '2026-01-10T02:00:00Z', returnChannel: 'counter' },
  // Unit B: carried over, resolved on time (10 days), then withdrawn: resolved, not withdrawn.
  { id: 'b02', unit: UNIT_B, procedure: P1, channel: 'counter', status: 'WITHDRAWN', receipt: '2025-12-25T02:00:00Z', accepted: '2025-12-28T02:00:00Z', resolved: '2026-01-04T02:00:00Z', timeliness: 'ON_TIME', events: [['WITHDRAWN', '2026-01-06T02:00:00Z']] },
];

const at = (iso: string | undefined) => (iso ? new Date(iso) : null);

function rowOf(f: Fixture): NewDossierRow {
  const overdue = (f.events ?? []).some(([type]) => type === 'OVERDUE');
  return {
    id: `dossier-${f.id}`,
    dossierCode: f.accepted ? `${f.unit}-${f.id}` : null,
    procedureCode: f.procedure,
    unitCode: f.unit,
    status: f.status,
    channel: f.channel,
    applicant: { kind: 'citizen', fullName: `Người nộp ${f.id}`, identifier: `0790000000${f.id.slice(1)}` },
    submittedAt: new Date(f.submitted ?? f.receipt!),
    officialReceiptAt: at(f.receipt ?? f.submitted),
    acceptedAt: at(f.accepted),
    overdue,
    overdueAtReception: f.overdueAtReception ?? false,
    timeliness: f.timeliness ?? null,
    resolvedAt: at(f.resolved),
    returnedAt: at(f.returned),
    returnChannel: f.returnChannel ?? null,
    requestDigest: 'c'.repeat(64),
    lastSequence: 1 + (f.events?.length ?? 0),
  };
}

/** Inserts the fixtures' rows and events (plus any extra rows) into a migrated database. */
export async function seedReportFixtures(db: Database): Promise<void> {
  await db.insert(dossiers).values(FIXTURES.map(rowOf));
  const events = FIXTURES.flatMap((f) => [
    { dossierId: `dossier-${f.id}`, sequence: 1, type: 'RECEIVED', occurredAt: new Date(f.submitted ?? f.receipt!), payload: {} },
    ...(f.events ?? []).map(([type, iso], i) => ({ dossierId: `dossier-${f.id}`, sequence: i + 2, type, occurredAt: new Date(iso), payload: {} })),
  ]);
  await db.insert(dossierEvents).values(events);
}

const zero = {
  carriedOver: 0, received: 0, receivedOnline: 0, receivedCounter: 0, receivedPostal: 0, resolved: 0, resolvedEarly: 0,
  resolvedOnTime: 0, resolvedLate: 0, resolvedLateWithApology: 0, resolvedLateWithoutApology: 0, refusedToResolve: 0,
  withdrawn: 0, inProgress: 0, inProgressInTime: 0, inProgressOverdue: 0, refusedAtReception: 0,
  withdrawnBeforeAcceptance: 0, receptionCheckLate: 0, returned: 0, returnedOnline: 0,
};

/** January 2026 by unit, worked out from the lines above. */
export const JANUARY = {
  [UNIT_A]: {
    ...zero,
    carriedOver: 3, // a01 a06 a07
    received: 8, receivedOnline: 4, receivedCounter: 3, receivedPostal: 1, // a02 a03 a04 a05 a08 a11 a13 a17
    resolved: 5, resolvedEarly: 1, resolvedOnTime: 2, resolvedLate: 2, // a01 | a02 a11 | a03 a04
    resolvedLateWithApology: 1, resolvedLateWithoutApology: 1, refusedToResolve: 1, // a03 | a04 | a11
    withdrawn: 1, // a08
    inProgress: 5, inProgressInTime: 4, inProgressOverdue: 1, // a05 a07 a13 a17 | a06
    refusedAtReception: 1, withdrawnBeforeAcceptance: 1, receptionCheckLate: 2, // a10 | a09 | a10 a11
    returned: 1, returnedOnline: 1, // a12
    onlineRate: 0.5, onTimeRate: 0.6, averageResolutionDays: 17.2, // (21 + 15 + 19 + 21 + 10) / 5
  },
  [UNIT_B]: {
    ...zero,
    carriedOver: 1, received: 1, receivedOnline: 1, resolved: 2, resolvedEarly: 1, resolvedOnTime: 1, returned: 1,
    onlineRate: 1, onTimeRate: 1, averageResolutionDays: 6, // (2 + 10) / 2
  },
};

/** January 2026, procedure P2 over both units (a04 a05 a06 a11 a17). */
export const JANUARY_P2 = {
  ...zero,
  carriedOver: 1, received: 4, receivedOnline: 2, receivedCounter: 1, receivedPostal: 1, resolved: 2, resolvedOnTime: 1,
  resolvedLate: 1, resolvedLateWithoutApology: 1, refusedToResolve: 1, inProgress: 3, inProgressInTime: 2,
  inProgressOverdue: 1, receptionCheckLate: 1, onlineRate: 0.5, onTimeRate: 0.5, averageResolutionDays: 15.5,
};

/** Both units together: the sums, the rates of the sums, the mean over all seven resolutions ((86 + 12) / 7). */
export const JANUARY_TOTAL = {
  ...zero,
  carriedOver: 4, received: 9, receivedOnline: 5, receivedCounter: 3, receivedPostal: 1, resolved: 7, resolvedEarly: 2,
  resolvedOnTime: 3, resolvedLate: 2, resolvedLateWithApology: 1, resolvedLateWithoutApology: 1, refusedToResolve: 1,
  withdrawn: 1, inProgress: 5, inProgressInTime: 4, inProgressOverdue: 1, refusedAtReception: 1,
  withdrawnBeforeAcceptance: 1, receptionCheckLate: 2, returned: 2, returnedOnline: 1,
  onlineRate: 0.5556, onTimeRate: 0.7143, averageResolutionDays: 14,
};
