import type { DossierSnapshot, ProjectedEvent } from '../../db/repositories/dossier-read-model';
import { dossierSnapshot } from './fixtures';

// A dossier's events as the workflow projects them, for the outbox tests (procedure 1.004222, unit 000.00.01.H56).

export const APPOINTMENT = '2026-03-20T10:00:00.000Z';
export const NEW_APPOINTMENT = '2026-03-25T10:00:00.000Z';
export const APPLICANT = { kind: 'citizen', fullName: 'Nguyễn Thị Hoa', identifier: '079199004455' };

type Status = DossierSnapshot['status'];

interface Step {
  type: string;
  to: Status;
  payload?: Record<string, unknown>;
  changes?: Partial<DossierSnapshot>;
}

/** Six events of one dossier: five change its status or appointment, PAYMENT_REQUESTED changes neither. */
export function lifecycle(id: string, email?: string): ProjectedEvent[] {
  const code = `000.00.01.H56-260309-${id.slice(-4).padStart(4, '0')}`;
  const steps: Step[] = [
    { type: 'RECEIVED', to: 'AWAITING_RECEPTION_CHECK' },
    { type: 'ACCEPTED', to: 'ACCEPTED', payload: { dossierCode: code, dueAt: APPOINTMENT }, changes: { dossierCode: code, dueAt: APPOINTMENT, appointmentAt: APPOINTMENT } },
    { type: 'TRANSFERRED', to: 'IN_HANDLING' },
    { type: 'PAYMENT_REQUESTED', to: 'IN_HANDLING', payload: { amountVnd: 20_000, payableAt: 'submission' } },
    { type: 'APOLOGISED', to: 'IN_HANDLING', payload: { reason: 'Chờ kết quả xác minh', dueAt: APPOINTMENT, newAppointmentAt: NEW_APPOINTMENT }, changes: { appointmentAt: NEW_APPOINTMENT } },
    { type: 'RESULT_READY', to: 'RESULT_READY', payload: { documents: [{ code: `${code}-KQ1`, name: 'Xác nhận' }] } },
  ];
  let snapshot = dossierSnapshot(id, { applicant: email ? { ...APPLICANT, email } : APPLICANT, requestDigest: 'c'.repeat(64) });

  return steps.map((step, i) => {
    const fromStatus = snapshot.status;
    snapshot = { ...snapshot, ...step.changes, status: step.to };
    return {
      sequence: i + 1,
      type: step.type,
      occurredAt: `2026-03-09T0${i + 2}:00:00.000Z`,
      actor: { id: 'officer-3', role: 'officer' },
      fromStatus,
      toStatus: step.to,
      payload: step.payload ?? {},
      snapshot,
    };
  });
}
