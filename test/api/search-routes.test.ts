import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, callers, tokenFor, type Caller } from '../support/auth';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';

// 30 dossiers over two units; g decides everything (test/db/dossier-search.test.ts checks the queries at scale).
const SEED = sql.raw(`
  insert into dossiers (id, dossier_code, procedure_code, unit_code, status, channel, applicant, submitted_at,
    reception_check_due_at, due_at, overdue, request_digest, last_sequence)
  select 'dossier-' || lpad(to_hex(g), 32, '0'), 'H56-' || lpad(g::text, 4, '0'), '1.004222', '000.00.0' || (g % 2) || '.H56',
    (array['AWAITING_RECEPTION_CHECK', 'IN_HANDLING', 'RESULT_RETURNED']::dossier_status[])[1 + g % 3],
    'online', jsonb_build_object('kind', 'citizen', 'fullName', 'Applicant ' || g, 'identifier', 'ID-' || g),
    timestamptz '2026-03-09T01:00:00Z' + g * interval '1 hour',
    timestamptz '2026-03-10T01:00:00Z' + g * interval '1 hour',
    timestamptz '2026-04-01T01:00:00Z' - g * interval '1 hour', g % 5 = 0, repeat('b', 64), 1
  from generate_series(1, 30) as g`);

const idOf = (g: number) => `dossier-${g.toString(16).padStart(32, '0')}`;

describe('dossier search routes', () => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp((database) => database.db.execute(SEED));
  });
  afterAll(async () => api?.close());

  /** Admins see every unit; the scoping tests below call as others. */
  const get = (url: string, caller: Caller | null = callers.admin) => api.get(url, caller);

  it('lists dossiers newest first as views, with a cursor to the next page and the total', async () => {
    const { status, body } = await get('/v1/dossiers?unitCode=000.00.00.H56&limit=4');
    expect(status).toBe(200);
    expect(body.total).toBe(15);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([30, 28, 26, 24].map(idOf));
    expect(body.items[0]).toMatchObject({ dossierCode: 'H56-0030', unitCode: '000.00.00.H56', channel: 'online', lastSequence: 1 });
    expect(typeof body.nextCursor).toBe('string');
    const next = await get(`/v1/dossiers?unitCode=000.00.00.H56&limit=4&cursor=${body.nextCursor}`);
    expect(next.body.items.map((item: { id: string }) => item.id)).toEqual([22, 20, 18, 16].map(idOf));
  });

  it('answers the last page with no cursor', async () => {
    const { body } = await get('/v1/dossiers?unitCode=000.00.01.H56&limit=100');
    expect(body).toMatchObject({ total: 15, nextCursor: null });
    expect(body.items).toHaveLength(15);
  });

  it('combines filters: several statuses, overdue, due window, sorted by due date', async () => {
    const { body } = await get('/v1/dossiers?status=IN_HANDLING,RESULT_RETURNED&overdue=false&sort=dueAt&dueBefore=2026-03-31T20:00:00Z');
    // due = Apr 1 01:00 − g hours < Mar 31 20:00 ⇔ g > 5; status g % 3 ∈ {1, 2}; not g % 5 = 0.
    const expected = Array.from({ length: 30 }, (_, i) => i + 1)
      .filter((g) => g > 5 && g % 3 !== 0 && g % 5 !== 0)
      .sort((a, b) => b - a);
    expect(body.total).toBe(expected.length);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual(expected.map(idOf));
    const repeated = await get('/v1/dossiers?status=IN_HANDLING&status=RESULT_RETURNED&overdue=false&sort=dueAt&dueBefore=2026-03-31T20:00:00Z');
    expect(repeated.body.total).toBe(expected.length);
  });

  it('finds a dossier by code, by code prefix and by applicant identifier', async () => {
    expect((await get('/v1/dossiers?dossierCode=H56-0007')).body.items.map((i: { id: string }) => i.id)).toEqual([idOf(7)]);
    expect((await get('/v1/dossiers?dossierCodePrefix=H56-001')).body.total).toBe(10);
    expect((await get('/v1/dossiers?applicantIdentifier=ID-12')).body.items.map((i: { id: string }) => i.id)).toEqual([idOf(12)]);
  });

  it("serves a unit's worklist, nearest deadline first, open dossiers only", async () => {
    const { status, body } = await get('/v1/units/000.00.01.H56/worklist?limit=3');
    expect(status).toBe(200);
    // Open in 000.00.01.H56: odd g with g % 3 ≠ 2. Awaiting reception (g % 3 = 0) is due Mar 10 + g h, the rest Apr 1 − g h.
    const open = Array.from({ length: 30 }, (_, i) => i + 1).filter((g) => g % 2 === 1 && g % 3 !== 2);
    expect(body.total).toBe(open.length);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([3, 9, 15].map(idOf));
    const rest = await get(`/v1/units/000.00.01.H56/worklist?limit=100&cursor=${body.nextCursor}`);
    expect(rest.body.items.map((item: { id: string }) => item.id)).toEqual([21, 27, 25, 19, 13, 7, 1].map(idOf));
  });

  it('answers 400 naming the field for bad query parameters', async () => {
    expect((await get('/v1/dossiers?limit=0')).body).toMatchObject({ status: 400, field: 'querystring.limit' });
    expect((await get('/v1/dossiers?limit=101')).body).toMatchObject({ status: 400, field: 'querystring.limit' });
    expect((await get('/v1/dossiers?sort=name')).body).toMatchObject({ status: 400, field: 'querystring.sort' });
    expect((await get('/v1/dossiers?status=DONE')).body).toMatchObject({ status: 400 });
    expect((await get('/v1/dossiers?status=DONE')).body.field).toMatch(/^querystring\.status/);
    expect((await get('/v1/dossiers?dueBefore=tomorrow')).body).toMatchObject({ status: 400, field: 'querystring.dueBefore' });
    expect((await get('/v1/dossiers?overdue=yes')).body).toMatchObject({ status: 400, field: 'querystring.overdue' });
    expect((await get('/v1/dossiers?channel=fax')).body).toMatchObject({ status: 400, field: 'querystring.channel' });
  });

  it('answers 400 naming querystring.cursor for a cursor it did not issue', async () => {
    const garbage = await get('/v1/dossiers?cursor=bm90LWEtY3Vyc29y');
    expect(garbage).toMatchObject({ status: 400, body: { status: 400, field: 'querystring.cursor' } });
    const { body } = await get('/v1/dossiers?limit=2&sort=dueAt');
    expect((await get(`/v1/dossiers?limit=2&cursor=${body.nextCursor}`)).body).toMatchObject({ field: 'querystring.cursor' });
    expect((await get('/v1/units/000.00.01.H56/worklist?cursor=%25%25')).body).toMatchObject({ field: 'querystring.cursor' });
  });

  it('documents both lists in the OpenAPI document: applicant filter for staff, credentials required', async () => {
    const { status, body } = await get('/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/v1/dossiers', '/v1/units/{unitCode}/worklist']));
    const parameters = body.paths['/v1/dossiers'].get.parameters as { name: string; description?: string }[];
    expect(parameters.find((p) => p.name === 'applicantIdentifier')?.description).toMatch(/staff and admins only/i);
    expect(body.paths['/v1/dossiers'].get.security).toEqual([{ bearerAuth: [] }, { apiKey: [] }]);
  });

  it("shows an officer only their units' dossiers and refuses another unit's list", async () => {
    const officerOfUnit1: Caller = { role: 'officer', sub: 'officer-1', units: ['000.00.01.H56'] };
    const mine = await get('/v1/dossiers?limit=100', officerOfUnit1);
    expect(mine.body.total).toBe(15);
    expect(new Set(mine.body.items.map((item: { unitCode: string }) => item.unitCode))).toEqual(new Set(['000.00.01.H56']));
    expect((await get('/v1/dossiers?unitCode=000.00.00.H56', officerOfUnit1)).status).toBe(403);
    expect((await get('/v1/units/000.00.00.H56/worklist', officerOfUnit1)).status).toBe(403);
    expect((await get('/v1/units/000.00.01.H56/worklist', officerOfUnit1)).status).toBe(200);
  });

  it('shows an applicant only their own dossiers and refuses the applicant filter to them', async () => {
    const own = await get('/v1/dossiers', applicant('ID-12'));
    expect(own.body.items.map((item: { id: string }) => item.id)).toEqual([idOf(12)]);
    expect((await get('/v1/dossiers?applicantIdentifier=ID-13', applicant('ID-12'))).status).toBe(403);
    expect((await get('/v1/units/000.00.01.H56/worklist', applicant('ID-12'))).status).toBe(403);
  });

  it('answers 401 without credentials and with a forged or expired token', async () => {
    expect((await get('/v1/dossiers', null)).status).toBe(401);
    const forged = await api.app.inject({ url: '/v1/dossiers', headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.x' } });
    expect(forged.statusCode).toBe(401);
    const expired = await api.app.inject({ url: '/v1/dossiers', headers: { authorization: `Bearer ${await tokenFor(callers.admin, -120)}` } });
    expect(expired.json()).toMatchObject({ status: 401, detail: 'the token has expired' });
  });
});
