import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import {
  dossierDocuments,
  dossiers,
  dossierSubmissions,
  resultDocuments,
  warehouseItems,
  type NewWarehouseItemRow,
  type ResultDocumentRow,
  type WarehouseItemRow,
} from '../schema';

/** Deterministic, so placing the same item twice (a retry, two API instances) is one item. */
export function warehouseItemId(owner: string, origin: string, label: string, sha256: string): string {
  return `wh_${createHash('sha256').update(`${owner}\n${origin}\n${label}\n${sha256}`).digest('hex').slice(0, 24)}`;
}

/**
 * The applicants' e-data warehouse (kho quản lý dữ liệu điện tử). Items are placed only for submissions whose
 * applicant consented: accepted components once the read model shows the dossier accepted (`accepted_at` set),
 * e-results once the read model shows the result returned (`returned_at` set). There is no hook in the workflow for this: placement is a reconciliation
 * run when the owner reads or uses their warehouse, so it is idempotent and never misses an accepted dossier.
 */
export function createWarehouse(db: Database) {
  return {
    /** Brings the owner's warehouse up to date: accepted components, then returned e-results. */
    async reconcile(owner: string): Promise<void> {
      await this.placeAcceptedComponents(owner);
      await this.placeReturnedResults(owner);
    },

    /** Places the components of the owner's accepted, consented dossiers not placed yet. Returns how many. */
    async placeAcceptedComponents(owner: string): Promise<number> {
      const pending = await db
        .select({ dossierId: dossierSubmissions.dossierId })
        .from(dossierSubmissions)
        .innerJoin(dossiers, eq(dossiers.id, dossierSubmissions.dossierId))
        .where(
          and(
            eq(dossierSubmissions.applicantIdentifier, owner),
            eq(dossierSubmissions.warehouseConsent, true),
            isNull(dossierSubmissions.componentsPlacedAt),
            isNotNull(dossiers.acceptedAt),
          ),
        );
      if (pending.length === 0) return 0;
      const ids = pending.map((row) => row.dossierId);
      return db.transaction(async (tx) => {
        const documents = await tx
          .select()
          .from(dossierDocuments)
          .where(and(inArray(dossierDocuments.dossierId, ids), eq(dossierDocuments.source, 'upload')));
        const items: NewWarehouseItemRow[] = documents.map((d) => ({
          id: warehouseItemId(owner, 'component', d.componentCode, d.sha256),
          ownerIdentifier: owner,
          origin: 'component',
          componentCode: d.componentCode,
          dossierId: d.dossierId,
          name: d.name,
          sha256: d.sha256,
          size: d.size,
          mediaType: d.mediaType,
        }));
        if (items.length > 0) await tx.insert(warehouseItems).values(items).onConflictDoNothing();
        await tx
          .update(dossierSubmissions)
          .set({ componentsPlacedAt: new Date() })
          .where(and(inArray(dossierSubmissions.dossierId, ids), isNull(dossierSubmissions.componentsPlacedAt)));
        return items.length;
      });
    },

    /** Places the signed e-results of the owner's consented dossiers once returned (idempotent). */
    async placeReturnedResults(owner: string): Promise<void> {
      const results = await db
        .select({ result: resultDocuments })
        .from(resultDocuments)
        .innerJoin(dossierSubmissions, eq(dossierSubmissions.dossierId, resultDocuments.dossierId))
        .innerJoin(dossiers, eq(dossiers.id, resultDocuments.dossierId))
        .where(
          and(
            eq(dossierSubmissions.applicantIdentifier, owner),
            eq(dossierSubmissions.warehouseConsent, true),
            isNotNull(dossiers.returnedAt),
          ),
        );
      if (results.length === 0) return;
      await db.insert(warehouseItems).values(results.map(({ result }) => resultItem(owner, result))).onConflictDoNothing();
    },

    async list(owner: string): Promise<WarehouseItemRow[]> {
      return db
        .select()
        .from(warehouseItems)
        .where(eq(warehouseItems.ownerIdentifier, owner))
        .orderBy(desc(warehouseItems.placedAt), asc(warehouseItems.id));
    },

    /** The owner's item, or undefined (also when the item is someone else's). */
    async find(owner: string, id: string): Promise<WarehouseItemRow | undefined> {
      const [row] = await db
        .select()
        .from(warehouseItems)
        .where(and(eq(warehouseItems.id, id), eq(warehouseItems.ownerIdentifier, owner)));
      return row;
    },
  };
}

function resultItem(owner: string, result: ResultDocumentRow): NewWarehouseItemRow {
  return {
    id: warehouseItemId(owner, 'result', result.id, result.sha256),
    ownerIdentifier: owner,
    origin: 'result',
    resultId: result.id,
    dossierId: result.dossierId,
    name: result.name,
    sha256: result.sha256,
    size: result.size,
    mediaType: result.mediaType,
  };
}

export type Warehouse = ReturnType<typeof createWarehouse>;
