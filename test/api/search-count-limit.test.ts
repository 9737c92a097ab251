import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers } from '../support/auth';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';

// 10,005 open dossiers of one unit and 3 of another: the count stops at 10,000 and says so.
const SEED = sql.raw(`
  insert into dossiers (id, procedure_code, unit_code, status, channel, applicant, submitted_at, due_at, request_digest, last_sequence)
  select 'dossier-' || lpad(to_hex(g), 32, '0'), '1.004222', case when g <= 3 then '000.00.02.H56' else '000.00.01.H56' end,
    'IN_HANDLING', 'online', jsonb_build_object('kind', 'citizen', 'fullName', 'Applicant ' || g, 'identifier', 'ID-' || g),
    timestamptz '2026-03-09T01:00:00Z' + g * interval '1 minute', timestamptz '2026-04-01T01:00:00Z' + g * interval '1 minute',
    repeat('c', 64), 1
  from generate_series(1, 10008) as g`);

describe('search and worklist totals past the count limit', () => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp((database) => database.db.execute(SEED));
  }, 60_000);
  afterAll(async () => api?.close());

  it('reports 10,000 and totalIsExact false when more match, exact totals otherwise', async () => {
    const wide = await api.get('/v1/dossiers?limit=5', callers.admin);
    expect(wide.status).toBe(200);
    expect(wide.body).toMatchObject({ total: 10_000, totalIsExact: false });
    expect(wide.body.items).toHaveLength(5);
    const worklist = await api.get('/v1/units/000.00.01.H56/worklist?limit=5', callers.admin);
    expect(worklist.body).toMatchObject({ total: 10_000, totalIsExact: false });
    const small = await api.get('/v1/units/000.00.02.H56/worklist', callers.admin);
    expect(small.body).toMatchObject({ total: 3, totalIsExact: true });
  });

  it('documents totalIsExact in the OpenAPI document', async () => {
    const response = await api.app.inject({ url: '/openapi.json' });
    const schema = response.json().paths['/v1/dossiers'].get.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['total', 'totalIsExact']));
    expect(schema.properties.totalIsExact.description).toMatch(/10,000\+/);
  });
});
