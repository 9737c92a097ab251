import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { dossierCodeCounters, dossierCodes, type DossierCodeRow } from '../schema';

export interface CodeRequest {
  dossierId: string;
  /** The receiving unit's code (QCVN 102:2016), e.g. `000.00.01.H56`. */
  unitCode: string;
  /** Local date (Asia/Ho_Chi_Minh) of acceptance, `YYYY-MM-DD`. */
  issueDate: string;
}

/** `<unit code>-<YYMMDD>-<NNNN>` (Circular 01/2018 Art. 19); the number widens past 9999 instead of failing. */
export function formatDossierCode(unitCode: string, issueDate: string, number: number): string {
  const yymmdd = issueDate.slice(2, 4) + issueDate.slice(5, 7) + issueDate.slice(8, 10);
  return `${unitCode}-${yymmdd}-${String(number).padStart(4, '0')}`;
}

/** Lenient parse: unit codes may contain dashes of their own, so split on the last two. */
export function parseDossierCode(code: string): { unitCode: string; yymmdd: string; number: number } | undefined {
  const match = /^(.+)-(\d{6})-(\d{4,})$/.exec(code.trim());
  if (!match) return undefined;
  return { unitCode: match[1]!, yymmdd: match[2]!, number: Number(match[3]) };
}

class AllocatedConcurrently extends Error {}

export function createDossierCodeRepository(db: Executor) {
  const findByDossier = async (dossierId: string): Promise<DossierCodeRow | undefined> => {
    const [row] = await db.select().from(dossierCodes).where(eq(dossierCodes.dossierId, dossierId)).limit(1);
    return row;
  };

  return {
    findByDossier,

    /**
     * Issues the dossier's code, or returns the one it already has. The counter row is incremented with
     * `INSERT … ON CONFLICT DO UPDATE`, which locks it until commit: concurrent acceptances at one unit and day
     * queue on that lock and get consecutive numbers; a rolled-back attempt leaves no gap.
     */
    async allocate(request: CodeRequest): Promise<DossierCodeRow> {
      try {
        return await db.transaction(async (tx) => {
          const [existing] = await tx.select().from(dossierCodes).where(eq(dossierCodes.dossierId, request.dossierId));
          if (existing) return existing;
          const [counter] = await tx
            .insert(dossierCodeCounters)
            .values({ unitCode: request.unitCode, issueDate: request.issueDate, lastNumber: 1 })
            .onConflictDoUpdate({
              target: [dossierCodeCounters.unitCode, dossierCodeCounters.issueDate],
              set: { lastNumber: sql`${dossierCodeCounters.lastNumber} + 1` },
            })
            .returning({ lastNumber: dossierCodeCounters.lastNumber });
          const number = counter!.lastNumber;
          const code = formatDossierCode(request.unitCode, request.issueDate, number);
          const [row] = await tx
            .insert(dossierCodes)
            .values({ ...request, number, code })
            .onConflictDoNothing({ target: dossierCodes.dossierId })
            .returning();
          // Another attempt for the same dossier committed first: roll back our number, keep theirs.
          if (!row) throw new AllocatedConcurrently();
          return row;
        });
      } catch (error) {
        if (!(error instanceof AllocatedConcurrently)) throw error;
        return (await findByDossier(request.dossierId))!;
      }
    },
  };
}

export type DossierCodeRepository = ReturnType<typeof createDossierCodeRepository>;
