import { and, asc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../client';
import {
  dossierDocuments,
  dossierSubmissions,
  type DossierDocumentRow,
  type DossierSubmissionRow,
  type NewDossierDocumentRow,
} from '../schema';

export interface NewSubmission {
  dossierId: string;
  applicantIdentifier: string;
  requestDigest: string;
  warehouseConsent: boolean;
}

export type RecordOutcome = { kind: 'recorded' } | { kind: 'digest-mismatch'; recorded: DossierSubmissionRow };

/** The submissions and documents of dossiers (tables in db/schema/files.ts). */
export function createDossierFiles(db: Database) {
  return {
    /**
     * Records a passing submission and its documents in one transaction, idempotently: a retry with the same
     * digest records nothing new; one with another digest under the same dossier id records nothing and says so.
     */
    async record(submission: NewSubmission, documents: Omit<NewDossierDocumentRow, 'dossierId'>[]): Promise<RecordOutcome> {
      return db.transaction(async (tx) => {
        await tx.insert(dossierSubmissions).values(submission).onConflictDoNothing();
        const [recorded] = await tx.select().from(dossierSubmissions).where(eq(dossierSubmissions.dossierId, submission.dossierId));
        if (recorded!.requestDigest !== submission.requestDigest) return { kind: 'digest-mismatch', recorded: recorded! };
        if (documents.length > 0) {
          const rows = documents.map((document) => ({ ...document, dossierId: submission.dossierId }));
          await tx.insert(dossierDocuments).values(rows).onConflictDoNothing();
        }
        return { kind: 'recorded' };
      });
    },

    async findSubmission(dossierId: string, tx: Executor = db): Promise<DossierSubmissionRow | undefined> {
      const [row] = await tx.select().from(dossierSubmissions).where(eq(dossierSubmissions.dossierId, dossierId));
      return row;
    },

    async listDocuments(dossierId: string): Promise<DossierDocumentRow[]> {
      return db.select().from(dossierDocuments).where(eq(dossierDocuments.dossierId, dossierId)).orderBy(asc(dossierDocuments.position));
    },

    async findDocument(dossierId: string, sha256: string): Promise<DossierDocumentRow | undefined> {
      const [row] = await db
        .select()
        .from(dossierDocuments)
        .where(and(eq(dossierDocuments.dossierId, dossierId), eq(dossierDocuments.sha256, sha256)))
        .orderBy(asc(dossierDocuments.position))
        .limit(1);
      return row;
    },
  };
}

export type DossierFiles = ReturnType<typeof createDossierFiles>;
