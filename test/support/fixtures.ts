import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import type { DossierStartInput } from '../../workflows/dossier/inputs';

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
