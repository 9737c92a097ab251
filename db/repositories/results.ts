import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { resultDocuments, signingKeys, type NewResultDocumentRow, type ResultDocumentRow, type SigningKeyRow } from '../schema';

/** Signed e-results and the units' public signing keys (db/schema/results.ts). */
export function createResultStore(db: Database) {
  return {
    /** Inserts the result unless its id exists; returns the row stored under the id (the first one wins). */
    async record(row: NewResultDocumentRow): Promise<ResultDocumentRow> {
      await db.insert(resultDocuments).values(row).onConflictDoNothing();
      const [stored] = await db.select().from(resultDocuments).where(eq(resultDocuments.id, row.id));
      return stored!;
    },

    async find(id: string): Promise<ResultDocumentRow | undefined> {
      const [row] = await db.select().from(resultDocuments).where(eq(resultDocuments.id, id));
      return row;
    },

    async listForDossier(dossierId: string): Promise<ResultDocumentRow[]> {
      return db.select().from(resultDocuments).where(eq(resultDocuments.dossierId, dossierId)).orderBy(asc(resultDocuments.id));
    },

    async keyOfUnit(unitCode: string): Promise<SigningKeyRow | undefined> {
      const [row] = await db.select().from(signingKeys).where(eq(signingKeys.unitCode, unitCode));
      return row;
    },

    async key(keyId: string): Promise<SigningKeyRow | undefined> {
      const [row] = await db.select().from(signingKeys).where(eq(signingKeys.keyId, keyId));
      return row;
    },

    /** Publishes a unit's key unless the unit has one; returns the unit's key (the first one wins). */
    async publishKey(row: Omit<SigningKeyRow, 'createdAt'>): Promise<SigningKeyRow> {
      await db.insert(signingKeys).values(row).onConflictDoNothing();
      return (await this.keyOfUnit(row.unitCode))!;
    },
  };
}

export type ResultStore = ReturnType<typeof createResultStore>;
