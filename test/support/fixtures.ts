import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import type { DossierStartInput } from '../../workflows/dossier/inputs';
import type { DossierSnapshot } from '../../db/repositories/dossier-read-model';

/**
 * A dossier workflow's input for permanent residence registration (Đăng ký thường trú, procedure 1.004222 in
 * ../shared/domain/procedures.json), submitted online at `submittedAt`.
 */
export function residenceRegistrationInput(submittedAt: string, applicantName = 'Trần Thị Bình'): DossierStartInput {
  return {
    procedureCode: '1.004222',
    unitCode: '000.00.01.H56',
    channel: 'online',
    applicant: { kind: 'citizen', fullName: applicantName, identifier: '079199001122' },
    procedure: procedureSnapshot('1.004222')!,
    submittedAt,
    requestDigest: 'a'.repeat(64),
  };
}

/**
 * A read-model snapshot as the workflow projects it: a residence registration (1.004222) received online at unit
 * 000.00.01.H56 on 9 March 2026, with `changes` on top.
 */
export function dossierSnapshot(id: string, changes: Partial<DossierSnapshot> = {}): DossierSnapshot {
  return {
    id,
    dossierCode: null,
    procedureCode: '1.004222',
    unitCode: '000.00.01.H56',
    status: 'SUBMITTED',
    channel: 'online',
    applicant: { kind: 'citizen', fullName: 'Lê Văn Cường', identifier: '001099000001' },
    submittedAt: '2026-03-09T01:00:00.000Z',
    officialReceiptAt: '2026-03-09T01:00:00.000Z',
    receptionCheckDueAt: '2026-03-10T01:00:00.000Z',
    overdueAtReception: false,
    acceptedAt: null,
    dueAt: null,
    appointmentAt: null,
    calendarVersion: 'cal-test',
    requestDigest: 'b'.repeat(64),
    ...changes,
  };
}
