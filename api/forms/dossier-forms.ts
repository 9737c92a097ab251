import { and, asc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { DossierReadModel } from '../../db/repositories/dossier-read-model';
import { dossierEvents, dossiers, type DossierEventRow, type DossierRow } from '../../db/schema';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import { localDayStart } from './format';
import { buildForm04, buildForm05 } from './handling-forms';
import type { DossierFormId, DossierTrail, FormResult } from './model';
import { buildForm01, buildForm02, buildForm03 } from './reception-forms';
import { buildForm06 } from './tracking-book';

// Where the forms' trails come from (the read model, read only) and which builder makes which form.

const BUILDERS: Record<DossierFormId, (trail: DossierTrail) => FormResult> = {
  '01': buildForm01,
  '02': buildForm02,
  '03': buildForm03,
  '04': buildForm04,
  '05': buildForm05,
};

export const buildDossierForm = (form: DossierFormId, trail: DossierTrail): FormResult => BUILDERS[form](trail);

const procedureNames = new Map<string, string>();
/** The procedure's name from the catalogue; the code itself for a procedure the catalogue no longer has. */
export function procedureName(code: string): string {
  if (!procedureNames.has(code)) procedureNames.set(code, procedureSnapshot(code)?.name ?? code);
  return procedureNames.get(code)!;
}

/** A dossier's row and its whole trail, or undefined for an unknown dossier. */
export async function loadDossierTrail(readModel: DossierReadModel, id: string): Promise<DossierTrail | undefined> {
  const dossier = await readModel.findById(id);
  if (!dossier) return undefined;
  return { dossier, events: await readModel.listEvents(id), procedureName: procedureName(dossier.procedureCode) };
}

/** Form 06 for a unit: the dossiers it accepted from `from` to `to` (local days, inclusive), with their trails. */
export async function buildTrackingBook(db: Executor, unitCode: string, from: string, to: string): Promise<FormResult> {
  const end = new Date(localDayStart(to).getTime() + 24 * 3_600_000);
  const rows: DossierRow[] = await db
    .select()
    .from(dossiers)
    .where(
      and(
        eq(dossiers.unitCode, unitCode),
        isNotNull(dossiers.acceptedAt),
        gte(dossiers.acceptedAt, localDayStart(from)),
        lt(dossiers.acceptedAt, end),
      ),
    )
    .orderBy(asc(dossiers.acceptedAt));
  const events: DossierEventRow[] = rows.length
    ? await db.select().from(dossierEvents).where(inArray(dossierEvents.dossierId, rows.map((row) => row.id))).orderBy(asc(dossierEvents.sequence))
    : [];
  const trails = rows.map((dossier) => ({
    dossier,
    events: events.filter((event) => event.dossierId === dossier.id),
    procedureName: procedureName(dossier.procedureCode),
  }));
  return buildForm06({ unitCode, from, to, dossiers: trails });
}
