import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, authHeader, callers, type Caller } from '../support/auth';
import { databaseKinds } from '../support/databases';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';
import { JANUARY, seedReportFixtures, UNIT_A, UNIT_B } from '../support/report-fixtures';

// Who may read the reports, and what bad input gets: 400 naming the field, never a 5xx.
// callers.officer and callers.leader act for UNIT_A; callers.otherOfficer for UNIT_B.

const DOSSIERS = '/v1/reports/dossiers?from=2026-01-01&to=2026-01-31';
const SIX_MONTHLY = '/v1/reports/six-monthly?year=2026&half=1';

describe.each(databaseKinds)('report routes: access and bad input (%s)', (kind) => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp((database) => seedReportFixtures(database.db), { kind });
  });
  afterAll(async () => api?.close());

  const get = async (url: string, caller?: Caller) => {
    const response = await api.app.inject({ url, headers: caller ? await authHeader(caller) : {} });
    return { status: response.statusCode, body: response.json(), type: response.headers['content-type'] };
  };

  it('refuses a caller without a token (401), and applicants and integrators (403)', async () => {
    for (const url of [DOSSIERS, SIX_MONTHLY, `${DOSSIERS}&format=csv`]) {
      expect((await get(url)).status).toBe(401);
      expect((await get(url, applicant('079000000001'))).status).toBe(403);
      expect((await get(url, callers.integrator)).status).toBe(403);
    }
  });

  it("refuses an officer another unit's figures, in every format", async () => {
    for (const url of [`${DOSSIERS}&unitCode=${UNIT_A}`, `${SIX_MONTHLY}&unitCode=${UNIT_A}`, `${DOSSIERS}&unitCode=${UNIT_A}&format=xlsx`]) {
      const { status, body, type } = await get(url, callers.otherOfficer);
      expect(status).toBe(403);
      expect(type).toMatch(/^application\/problem\+json/);
      expect(body.detail).toContain(UNIT_A);
    }
  });

  it("limits officers and leaders to their own units' figures", async () => {
    const own = await get(`${DOSSIERS}&unitCode=${UNIT_A}`, callers.leader);
    expect(own.status).toBe(200);
    expect(own.body.totals).toEqual(JANUARY[UNIT_A]);
    const mine = await get(DOSSIERS, callers.otherOfficer);
    expect(mine.body.scope.unitCodes).toEqual([UNIT_B]);
    expect(mine.body.rows.map((r: { unitCode: string }) => r.unitCode)).toEqual([UNIT_B]);
    expect(mine.body.totals).toEqual(JANUARY[UNIT_B]);
    const half = await get(SIX_MONTHLY, callers.officer);
    expect(half.body.byUnit.map((r: { unitCode: string }) => r.unitCode)).toEqual([UNIT_A]);
  });

  it('lets admins read every unit', async () => {
    const { status, body } = await get(DOSSIERS, callers.admin);
    expect(status).toBe(200);
    expect(body.rows.map((r: { unitCode: string }) => r.unitCode)).toEqual([UNIT_A, UNIT_B]);
  });

  it.each([
    ['from after to', '/v1/reports/dossiers?from=2026-02-01&to=2026-01-31', 'querystring.to'],
    ['a period over 366 days', '/v1/reports/dossiers?from=2025-01-01&to=2026-01-02', 'querystring.to'],
    ['no from', '/v1/reports/dossiers?to=2026-01-31', 'querystring.from'],
    ['a date that does not exist', '/v1/reports/dossiers?from=2026-02-30&to=2026-03-31', 'querystring.from'],
    ['a date with a time', '/v1/reports/dossiers?from=2026-01-01T00:00:00Z&to=2026-01-31', 'querystring.from'],
    ['an unknown groupBy', `${DOSSIERS}&groupBy=unit,applicant`, 'querystring.groupBy'],
    ['an empty groupBy', `${DOSSIERS}&groupBy=`, 'querystring.groupBy'],
    ['an unknown format', `${DOSSIERS}&format=pdf`, 'querystring.format'],
    ['a malformed unit code', `${DOSSIERS}&unitCode=unit-1`, 'querystring.unitCode'],
    ['a malformed procedure code', `${DOSSIERS}&procedureCode=birth`, 'querystring.procedureCode'],
    ['an unknown channel', `${DOSSIERS}&channel=fax`, 'querystring.channel'],
    ['a half that is not 1 or 2', '/v1/reports/six-monthly?year=2026&half=3', 'querystring.half'],
    ['a year that is not a number', '/v1/reports/six-monthly?year=twenty&half=1', 'querystring.year'],
    ['a year out of range', '/v1/reports/six-monthly?year=1890&half=1', 'querystring.year'],
    ['no year', '/v1/reports/six-monthly?half=1', 'querystring.year'],
  ])('answers 400 naming the field for %s', async (_, url, field) => {
    const { status, body, type } = await get(url, callers.admin);
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body.field).toBe(field);
  });

  it('accepts a whole leap year of 366 days', async () => {
    expect((await get('/v1/reports/dossiers?from=2024-01-01&to=2024-12-31', callers.admin)).status).toBe(200);
  });
});
