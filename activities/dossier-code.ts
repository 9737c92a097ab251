import type { DossierCodeRepository } from '../db/repositories/dossier-codes';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The Asia/Ho_Chi_Minh calendar date of an instant (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function vietnamDate(instant: string): string {
  return new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function createDossierCodeActivities(codes: DossierCodeRepository) {
  return {
    /**
     * Issues the official dossier code when an officer accepts (Circular 01/2018 Art. 19). The issue date is the
     * acceptance instant's local date, taken from the workflow, so a retry lands on the same day and the same code.
     */
    async allocateDossierCode(request: { dossierId: string; unitCode: string; acceptedAt: string }) {
      const row = await codes.allocate({
        dossierId: request.dossierId,
        unitCode: request.unitCode,
        issueDate: vietnamDate(request.acceptedAt),
      });
      return { dossierCode: row.code };
    },
  };
}
