import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_TABLE, rowsOf } from '../../db/client';
import { databaseKinds, emptyDatabase, type TestDatabase } from '../support/databases';

const journal = JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
  entries: unknown[];
};

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => database?.dispose());

  it('apply cleanly to an empty database and create every table', async () => {
    database = await emptyDatabase(kind);
    await database.migrate();
    const result = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const tables = rowsOf<{ table_name: string }>(result).map((row) => row.table_name);
    expect(tables.sort()).toEqual(
      [
        MIGRATIONS_TABLE,
        'api_keys',
        'dossier_code_counters',
        'dossier_documents',
        'dossier_submissions',
        'dossier_codes',
        'dossier_events',
        'dossier_procedure_versions',
        'dossiers',
        'notifications',
        'procedure_changes',
        'procedure_versions',
        'procedures',
        'result_documents',
        'signing_keys',
        'warehouse_items',
        'outbox_messages',
        'webhook_subscriptions',
      ].sort(),
    );
  });

  it('are recorded once and a second run changes nothing', async () => {
    database = await emptyDatabase(kind);
    await database.migrate();
    await database.migrate();
    const result = await database.db.execute<{ count: number }>(
      sql.raw(`select count(*)::int as count from public.${MIGRATIONS_TABLE}`),
    );
    expect(rowsOf<{ count: number }>(result)[0]!.count).toBe(journal.entries.length);
  });
});
