import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../db/client';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; real PostgreSQL too whenever DATABASE_URL is set (CI sets it). */
export const databaseKinds: DatabaseKind[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])];

export interface TestDatabase extends DatabaseHandle {
  /** Closes the connection and, on PostgreSQL, drops the database made for this test file. */
  dispose(): Promise<void>;
}

/**
 * An empty database of the given kind, not yet migrated: each caller gets its own, so tests never share rows. On
 * PostgreSQL its name is `<prefix>_<random>` (a shared server may reserve a prefix for a suite).
 */
export async function emptyDatabase(kind: DatabaseKind, prefix = 'motcua_test'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({});
    return { ...handle, dispose: () => handle.close() };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 20 });
  return {
    ...handle,
    async dispose() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** An empty database with every migration applied. */
export async function migratedDatabase(kind: DatabaseKind, prefix?: string): Promise<TestDatabase> {
  const database = await emptyDatabase(kind, prefix);
  await database.migrate();
  return database;
}
