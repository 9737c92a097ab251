import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../api/auth/plugin';
import type { Role } from '../../api/auth/principal';
import { rowsOf } from '../../db/client';
import { authHeader, type Caller } from '../support/auth';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';
import { samplePath } from '../support/route-samples';

// Bad input on every route that takes a body or parameters: each mutation of the route's documented example is
// answered with a 4xx problem naming what is wrong, never a 5xx, and nothing is written. Routes are discovered
// from the app, so a new route is covered without being listed here.

const UNIT = '000.00.01.H56';
const OWNER = '001099012345';
const DOSSIER = `dossier-${'c'.repeat(32)}`;

/** A caller each role's routes accept, reaching the seeded dossier and unit. */
const CALLER: Record<Role, Caller> = {
  applicant: { role: 'applicant', sub: OWNER },
  officer: { role: 'officer', sub: 'officer-1', units: [UNIT] },
  leader: { role: 'leader', sub: 'leader-1', units: [UNIT] },
  integrator: { role: 'integrator', sub: 'dvcqg' },
  admin: { role: 'admin', sub: 'admin-1' },
};

interface Operation {
  route: RouteAccess;
  path: string;
  example?: Record<string, unknown>;
  schema?: { properties?: Record<string, { type?: string; maxLength?: number }>; required?: string[] };
}

const concrete = (url: string) => samplePath(url, { dossierId: DOSSIER, unitCode: UNIT });

/** A value of another JSON type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return { not: 'an array' };
  if (value && typeof value === 'object') return ['not', 'an', 'object'];
  return 'x';
}

describe('bad input on every route: a 4xx naming the problem, never a 5xx, nothing written', () => {
  let api: ReadOnlyApp;
  let operations: Operation[];
  let before: unknown;

  const counts = async () =>
    rowsOf(
      await api.database.db.execute(
        sql`select (select count(*) from dossiers) as dossiers, (select count(*) from dossier_events) as events,
          (select count(*) from api_keys) as keys, (select max(last_sequence) from dossiers) as sequence`,
      ),
    );

  beforeAll(async () => {
    api = await startReadOnlyApp(
      (database) =>
        database.db.execute(sql`
          insert into dossiers (id, procedure_code, unit_code, status, channel, applicant, submitted_at, request_digest, last_sequence)
          values (${DOSSIER}, '1.004222', ${UNIT}, 'IN_HANDLING', 'online',
            ${JSON.stringify({ kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: OWNER })}::jsonb, now(), ${'b'.repeat(64)}, 3)`),
      { decisionTimeoutMs: 200 },
    );
    const document = (await api.get('/openapi.json', null)).body as { paths: Record<string, Record<string, any>> };
    operations = api.app.routeAccess.map((route) => {
      const operation = document.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const content = operation?.requestBody?.content?.['application/json'];
      return { route, path: concrete(route.url), example: content?.example, schema: content?.schema };
    });
    before = await counts();
  });
  afterAll(async () => api?.close());

  const send = async (operation: Operation, payload: string | undefined, contentType = 'application/json', path = operation.path) => {
    const { access } = operation.route;
    const caller = access === 'public' ? null : CALLER[access[0]!];
    return api.app.inject({
      method: operation.route.method as 'GET' | 'POST' | 'DELETE',
      url: path,
      headers: {
        ...(caller ? await authHeader(caller) : {}),
        'idempotency-key': 'bad-input-0001',
        ...(payload !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });
  };

  const expectProblem = (label: string, response: { statusCode: number; headers: Record<string, unknown>; json(): any }, field?: string | RegExp) => {
    const body = response.json();
    expect({ label, status: response.statusCode >= 400 && response.statusCode < 500 }).toEqual({ label, status: true });
    expect({ label, type: response.headers['content-type'] }).toEqual({ label, type: expect.stringContaining('application/problem+json') });
    expect(body.status).toBe(response.statusCode);
    if (field instanceof RegExp) expect({ label, field: body.field }).toEqual({ label, field: expect.stringMatching(field) });
    else if (field) expect({ label, field: body.field }).toEqual({ label, field });
  };

  it('rejects malformed JSON, non-objects, deep nesting and prototype keys in every body', async () => {
    const withBody = operations.filter((o) => o.example);
    expect(withBody.length).toBeGreaterThanOrEqual(18);
    const deep = `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const operation of withBody) {
      const label = `${operation.route.method} ${operation.route.url}`;
      for (const payload of ['{"note":', '', 'null', '[]', '"text"', '42', deep, '{"__proto__":{"admin":true}}']) {
        expectProblem(`${label} ← ${payload.slice(0, 20)}`, await send(operation, payload), /^body/);
      }
    }
  });

  it('rejects other content types with 415 naming the header', async () => {
    for (const operation of operations.filter((o) => o.example)) {
      const label = `${operation.route.method} ${operation.route.url}`;
      const response = await send(operation, JSON.stringify(operation.example), 'text/plain');
      expect({ label, status: response.statusCode }).toEqual({ label, status: 415 });
      expectProblem(label, response, 'headers.content-type');
    }
  });

  it('names an unknown field, a missing required field and a field of the wrong type', async () => {
    for (const operation of operations.filter((o) => o.example)) {
      const label = `${operation.route.method} ${operation.route.url}`;
      const example = operation.example!;
      expectProblem(`${label} +unknown`, await send(operation, JSON.stringify({ ...example, surprise: 1 })), 'body.surprise');
      for (const field of operation.schema?.required ?? []) {
        const { [field]: _dropped, ...rest } = example;
        expectProblem(`${label} -${field}`, await send(operation, JSON.stringify(rest)), new RegExp(`^body\\.${field}`));
      }
      for (const [field, value] of Object.entries(example)) {
        const changed = JSON.stringify({ ...example, [field]: wrongType(value) });
        expectProblem(`${label} ${field}:wrong type`, await send(operation, changed), new RegExp(`^body\\.${field}`));
      }
    }
  });

  it('refuses strings over their length and bodies over the size limit', async () => {
    for (const operation of operations.filter((o) => o.example)) {
      const label = `${operation.route.method} ${operation.route.url}`;
      for (const [field, property] of Object.entries(operation.schema?.properties ?? {})) {
        if (property.type !== 'string' || property.maxLength === undefined) continue;
        const long = JSON.stringify({ ...operation.example, [field]: 'x'.repeat(property.maxLength + 1) });
        expectProblem(`${label} ${field}:too long`, await send(operation, long), new RegExp(`^body\\.${field}`));
      }
      const huge = JSON.stringify({ ...operation.example, note: 'x'.repeat(2 * 1024 * 1024) });
      const response = await send(operation, huge);
      expect({ label, status: response.statusCode }).toEqual({ label, status: 413 });
    }
  });

  it('refuses bad path parameters (wrong shape, traversal, control characters) naming them', async () => {
    const withParams = operations.filter((o) => /:(id|unitCode|form)\b/.test(o.route.url));
    expect(withParams.length).toBeGreaterThanOrEqual(20);
    for (const operation of withParams) {
      for (const bad of ['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(300), "1'%20or%20'1'='1", '%E0%A4%A']) {
        const path = operation.route.url.replace(/:(id|unitCode|form)\b/g, bad);
        const payload = operation.example ? JSON.stringify(operation.example) : undefined;
        const response = await send(operation, payload, 'application/json', path);
        expectProblem(`${operation.route.method} ${path.slice(0, 80)}`, response, /^params/);
      }
    }
  });

  it('wrote nothing', async () => {
    expect(await counts()).toEqual(before);
  });
});
