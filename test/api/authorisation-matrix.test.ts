import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/principal';
import { createApiKeyStore } from '../../db/repositories/api-keys';
import { authHeader, type Caller } from '../support/auth';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';

// Every /v1 route × every kind of caller, on the wire. The intended access is written out below, route by route:
// the app's declarations must equal it (a change of access is a reviewed change of this table), and each caller
// must be let through or refused accordingly. "Let through" means the request passed authentication and
// authorisation (it may still end in 404 or 503 here, where no Temporal server runs); refused means 403.

const OWN_UNIT = '000.00.01.H56';
const OTHER_UNIT = '000.00.02.H56';
const OWNER = '001099012345';
const DOSSIER = `dossier-${'a'.repeat(32)}`;

const STAFF: Role[] = ['officer', 'leader'];
const APPLICANT_SIDE: Role[] = ['applicant', 'integrator'];
const EVERYONE: Role[] = ['applicant', 'officer', 'leader', 'integrator', 'admin'];

/** How far a caller's reach must go beyond their role: the dossier (own unit / own dossier), a unit, or nothing. */
type Scope = 'dossier' | 'unit' | 'none';
interface Expected {
  access: 'public' | Role[];
  scope: Scope;
  /** The request sent (path with query); the body is the route's documented example. */
  path: string;
}

const decisions: [string, Role[]][] = [
  ['accept', STAFF],
  ['request-supplement', STAFF],
  ['supplement', APPLICANT_SIDE],
  ['refuse', STAFF],
  ['transfer', STAFF],
  ['hand-over', STAFF],
  ['pause', STAFF],
  ['resume', STAFF],
  ['apologise', STAFF],
  ['fee', STAFF],
  ['confirm-payment', [...STAFF, 'integrator']],
  ['approve', STAFF],
  ['refuse-to-resolve', STAFF],
  ['return-result', STAFF],
  ['rate', APPLICANT_SIDE],
  ['withdraw', APPLICANT_SIDE],
];

const EXPECTED: Record<string, Expected> = {
  'POST /v1/dossiers': { access: ['applicant', 'integrator', 'officer', 'leader'], scope: 'dossier', path: '/v1/dossiers' },
  'GET /v1/dossiers': { access: EVERYONE, scope: 'none', path: '/v1/dossiers' },
  'GET /v1/dossiers/:id': { access: EVERYONE, scope: 'dossier', path: `/v1/dossiers/${DOSSIER}` },
  'GET /v1/dossiers/:id/events': { access: EVERYONE, scope: 'dossier', path: `/v1/dossiers/${DOSSIER}/events` },
  'GET /v1/dossiers/:id/deadline': { access: EVERYONE, scope: 'dossier', path: `/v1/dossiers/${DOSSIER}/deadline` },
  'GET /v1/dossiers/:id/forms/:form': { access: EVERYONE, scope: 'dossier', path: `/v1/dossiers/${DOSSIER}/forms/01` },
  ...Object.fromEntries(
    decisions.map(([path, access]) => [
      `POST /v1/dossiers/:id/${path}`,
      { access, scope: 'dossier' as const, path: `/v1/dossiers/${DOSSIER}/${path}` },
    ]),
  ),
  'GET /v1/units/:unitCode/worklist': { access: ['officer', 'leader', 'admin'], scope: 'unit', path: `/v1/units/${OWN_UNIT}/worklist` },
  'GET /v1/units/:unitCode/forms/06': {
    access: ['officer', 'leader', 'admin'],
    scope: 'unit',
    path: `/v1/units/${OWN_UNIT}/forms/06?from=2026-11-01&to=2026-11-30`,
  },
  'GET /v1/calendar/days': { access: 'public', scope: 'none', path: '/v1/calendar/days?from=2026-11-01&to=2026-11-30' },
  'GET /v1/calendar/receipt': { access: 'public', scope: 'none', path: '/v1/calendar/receipt?at=2026-11-27T10:00:00%2B07:00' },
  'GET /v1/calendar/deadline': {
    access: 'public',
    scope: 'none',
    path: '/v1/calendar/deadline?from=2026-11-27T10:00:00%2B07:00&workingDays=15',
  },
  'GET /v1/calendar/lunar': { access: 'public', scope: 'none', path: '/v1/calendar/lunar?date=2026-11-27' },
  'GET /v1/calendar/solar': { access: 'public', scope: 'none', path: '/v1/calendar/solar?lunar=2026-10-18' },
  'GET /v1/procedures': { access: 'public', scope: 'none', path: '/v1/procedures?level=commune' },
  'GET /v1/procedures/:code': { access: 'public', scope: 'none', path: '/v1/procedures/1.004222' },
  'GET /v1/procedures/:code/versions/:version': { access: 'public', scope: 'none', path: '/v1/procedures/1.004222/versions/1' },
  'POST /v1/admin/procedures': { access: ['admin'], scope: 'none', path: '/v1/admin/procedures' },
  'POST /v1/admin/procedures/:code/versions': { access: ['admin'], scope: 'none', path: '/v1/admin/procedures/1.001193/versions' },
  'PUT /v1/admin/procedures/:code/versions/:version': { access: ['admin'], scope: 'none', path: '/v1/admin/procedures/1.004222/versions/9' },
  'POST /v1/admin/procedures/:code/versions/:version/publish': {
    access: ['admin'],
    scope: 'none',
    path: '/v1/admin/procedures/1.001193/versions/9/publish',
  },
  'POST /v1/admin/procedures/:code/versions/:version/withdraw': {
    access: ['admin'],
    scope: 'none',
    path: '/v1/admin/procedures/1.001193/versions/9/withdraw',
  },
  'GET /v1/admin/procedures/:code/versions': { access: ['admin'], scope: 'none', path: '/v1/admin/procedures/1.001193/versions' },
  'GET /v1/admin/procedures/:code/versions/:version': { access: ['admin'], scope: 'none', path: '/v1/admin/procedures/1.001193/versions/1' },
  'GET /v1/admin/procedures/:code/changes': { access: ['admin'], scope: 'none', path: '/v1/admin/procedures/1.001193/changes' },
  'GET /v1/reports/dossiers': {
    access: ['officer', 'leader', 'admin'],
    scope: 'unit',
    path: `/v1/reports/dossiers?from=2026-01-01&to=2026-06-30&groupBy=procedure&unitCode=${OWN_UNIT}`,
  },
  'GET /v1/reports/six-monthly': {
    access: ['officer', 'leader', 'admin'],
    scope: 'unit',
    path: `/v1/reports/six-monthly?year=2026&half=1&unitCode=${OWN_UNIT}`,
  },
  'GET /v1/dossiers/:id/documents': { access: EVERYONE, scope: 'dossier', path: `/v1/dossiers/${DOSSIER}/documents` },
  'GET /v1/dossiers/:id/documents/:sha256': {
    access: EVERYONE,
    scope: 'dossier',
    path: `/v1/dossiers/${DOSSIER}/documents/${'0'.repeat(64)}`,
  },
  'PUT /v1/dossiers/:id/results/:documentNo': { access: STAFF, scope: 'dossier', path: `/v1/dossiers/${DOSSIER}/results/${OWN_UNIT}-261126-0001-KQ1` },
  'GET /v1/results/:id': { access: ['applicant', 'officer', 'leader', 'integrator'], scope: 'none', path: '/v1/results/000.00.01.H56-261126-0001-KQ1' },
  'GET /v1/results/:id/signature': { access: 'public', scope: 'none', path: '/v1/results/000.00.01.H56-261126-0001-KQ1/signature' },
  'GET /v1/results/:id/verify': { access: 'public', scope: 'none', path: '/v1/results/000.00.01.H56-261126-0001-KQ1/verify' },
  'POST /v1/results/:id/verify': { access: 'public', scope: 'none', path: '/v1/results/000.00.01.H56-261126-0001-KQ1/verify' },
  'GET /v1/units/:unitCode/signing-key': { access: 'public', scope: 'none', path: `/v1/units/${OWN_UNIT}/signing-key` },
  'GET /v1/me/warehouse': { access: ['applicant'], scope: 'none', path: '/v1/me/warehouse' },
  'GET /v1/me/warehouse/:itemId': { access: ['applicant'], scope: 'none', path: '/v1/me/warehouse/wh_0123456789abcdef01234567' },
  'POST /v1/admin/webhooks': { access: ['admin'], scope: 'none', path: '/v1/admin/webhooks' },
  'GET /v1/admin/webhooks': { access: ['admin'], scope: 'none', path: '/v1/admin/webhooks' },
  'GET /v1/admin/webhooks/:id': { access: ['admin'], scope: 'none', path: '/v1/admin/webhooks/wh_0123456789abcdef' },
  'DELETE /v1/admin/webhooks/:id': { access: ['admin'], scope: 'none', path: '/v1/admin/webhooks/wh_0123456789abcdef' },
  'GET /v1/admin/outbox': { access: ['admin'], scope: 'none', path: '/v1/admin/outbox?status=dead' },
  'POST /v1/admin/outbox/:id/retry': { access: ['admin'], scope: 'none', path: `/v1/admin/outbox/msg_${'0'.repeat(32)}/retry` },
  'POST /v1/admin/api-keys': { access: ['admin'], scope: 'none', path: '/v1/admin/api-keys' },
  'GET /v1/admin/api-keys': { access: ['admin'], scope: 'none', path: '/v1/admin/api-keys' },
  'DELETE /v1/admin/api-keys/:id': { access: ['admin'], scope: 'none', path: '/v1/admin/api-keys/ak_0000000000000000' },
};

const FILE_ROUTES = ['PUT /v1/dossiers/:id/results/:documentNo', 'POST /v1/results/:id/verify'];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The callers of the matrix; `own` says whether their reach covers the seeded dossier and unit. */
const CALLERS: { label: string; caller: Caller | 'api-key'; role: Role; own: boolean }[] = [
  { label: 'the applicant who owns the dossier', caller: { role: 'applicant', sub: OWNER }, role: 'applicant', own: true },
  { label: 'another applicant', caller: { role: 'applicant', sub: '079088000111' }, role: 'applicant', own: false },
  { label: 'an officer of the unit', caller: { role: 'officer', sub: 'officer-1', units: [OWN_UNIT] }, role: 'officer', own: true },
  { label: 'an officer of another unit', caller: { role: 'officer', sub: 'officer-9', units: [OTHER_UNIT] }, role: 'officer', own: false },
  { label: 'a leader of the unit', caller: { role: 'leader', sub: 'leader-1', units: [OWN_UNIT] }, role: 'leader', own: true },
  { label: 'a leader of another unit', caller: { role: 'leader', sub: 'leader-9', units: [OTHER_UNIT] }, role: 'leader', own: false },
  { label: 'an integrator (API key)', caller: 'api-key', role: 'integrator', own: true },
  { label: 'an admin', caller: { role: 'admin', sub: 'admin-1' }, role: 'admin', own: true },
];

/** Whether the caller may go through, by the intended table and the scope rules (api/auth/scope.ts). */
function mayCall(expected: Expected, role: Role, own: boolean): boolean {
  if (expected.access === 'public') return true;
  if (!expected.access.includes(role)) return false;
  if (expected.scope === 'none') return true;
  if (expected.scope === 'unit') return role === 'admin' || own;
  return role === 'integrator' || role === 'admin' || own;
}

describe('the authorisation matrix: every route × every caller', () => {
  let api: ReadOnlyApp;
  let integratorKey: string;
  let examples: Map<string, unknown>;

  beforeAll(async () => {
    api = await startReadOnlyApp(
      async (database) => {
        await database.db.execute(sql`
          insert into dossiers (id, procedure_code, unit_code, status, channel, applicant, submitted_at, request_digest, last_sequence)
          values (${DOSSIER}, '1.004222', ${OWN_UNIT}, 'IN_HANDLING', 'online',
            ${JSON.stringify({ kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: OWNER })}::jsonb, now(), ${'b'.repeat(64)}, 3)`);
        integratorKey = (await createApiKeyStore(database.db).create({ name: 'Cổng DVC quốc gia', subject: 'dvcqg' })).key;
      },
      { decisionTimeoutMs: 200 },
    );
    const document = (await api.get('/openapi.json', null)).body;
    examples = new Map();
    for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        const example = operation.requestBody?.content?.['application/json']?.example;
        if (example !== undefined) examples.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, example);
      }
    }
  });
  afterAll(async () => api?.close());

  const send = async (route: string, expected: Expected, caller: Caller | 'api-key' | null) => {
    const method = route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'DELETE';
    const credentials = caller === 'api-key' ? { 'x-api-key': integratorKey } : caller ? await authHeader(caller) : {};
    // Routes that take a file (an e-result, a file to verify) get a small PDF; the others their JSON example.
    const file = FILE_ROUTES.includes(route);
    const body = file ? PDF : method === 'POST' || method === 'PUT' ? examples.get(route) : undefined;
    const contentType = file ? 'application/pdf' : 'application/json';
    const response = await api.app.inject({
      method,
      url: expected.path,
      headers: { ...credentials, 'idempotency-key': 'matrix-0001', ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { payload: file ? (body as Buffer) : JSON.stringify(body) } : {}),
    });
    return response;
  };

  it('declares, for every /v1 route, exactly the access this table intends', () => {
    const declared = Object.fromEntries(
      api.app.routeAccess.map(({ method, url, access }) => [`${method} ${url}`, access === 'public' ? 'public' : [...access].sort()]),
    );
    const intended = Object.fromEntries(
      Object.entries(EXPECTED).map(([route, { access }]) => [route, access === 'public' ? 'public' : [...access].sort()]),
    );
    expect(declared).toEqual(intended);
  });

  it('documents a valid example body for every route that takes one', () => {
    const withoutBody = [/\/(publish|withdraw|retry)$/, /^POST \/v1\/admin\/procedures\/:code\/versions$/];
    for (const route of Object.keys(EXPECTED).filter((r) => /^(POST|PUT)/.test(r) && !withoutBody.some((p) => p.test(r)) && !FILE_ROUTES.includes(r))) {
      expect({ route, example: examples.has(route) }).toEqual({ route, example: true });
    }
  });

  it('refuses anonymous callers on every non-public route with 401, and lets them call public ones', async () => {
    for (const [route, expected] of Object.entries(EXPECTED)) {
      const status = (await send(route, expected, null)).statusCode;
      // Public routes answer anonymous callers (with 404 where nothing is found under the sample path).
      if (expected.access === 'public') expect({ route, status: [200, 404].includes(status) }).toEqual({ route, status: true });
      else expect({ route, status }).toEqual({ route, status: 401 });
    }
  });

  it.each(CALLERS)('lets $label through exactly where the table allows', async ({ caller, role, own }) => {
    for (const [route, expected] of Object.entries(EXPECTED)) {
      const response = await send(route, expected, caller);
      const allowed = mayCall(expected, role, own);
      const outcome = { route, status: response.statusCode };
      if (allowed) {
        // Past authorisation, with a valid example body: any answer but 400/401/403 (here 404 or 503 are expected).
        expect(outcome.status, JSON.stringify({ ...outcome, body: response.body.slice(0, 300) })).not.toBeOneOf([400, 401, 403, 422]);
      } else {
        expect(outcome).toEqual({ route, status: 403 });
      }
    }
  });

  it('refuses a revoked API key, a malformed key and a bearer token signed by someone else', async () => {
    const expected = EXPECTED['GET /v1/dossiers/:id']!;
    const revokedKey = await createApiKeyStore(api.database.db).create({ name: 'Cổng thanh toán', subject: 'paygov' });
    await createApiKeyStore(api.database.db).revoke(revokedKey.id);
    const inject = (headers: Record<string, string>) => api.app.inject({ url: expected.path, headers });
    expect((await inject({ 'x-api-key': revokedKey.key })).statusCode).toBe(401);
    expect((await inject({ 'x-api-key': `${integratorKey.slice(0, -1)}x` })).statusCode).toBe(401);
    expect((await inject({ 'x-api-key': 'not-a-key' })).statusCode).toBe(401);
    const { generateKeyPairSync } = await import('node:crypto');
    const { issueToken } = await import('../../api/auth/tokens');
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await issueToken(stranger, { sub: 'admin-1', role: 'admin', units: [] }, { issuer: 'motcua-test', audience: 'motcua', ttlSeconds: 600 });
    expect((await inject({ authorization: `Bearer ${forged}` })).json()).toMatchObject({ status: 401, detail: 'the token signature does not verify' });
    expect((await inject({ authorization: `Bearer ${forged}`, 'x-api-key': integratorKey })).statusCode).toBe(400);
  });
});

describe('rate limiting of public routes', () => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp(undefined, { publicRateLimitPerMinute: 3 });
  });
  afterAll(async () => api?.close());

  it('answers 429 as a problem once a client exceeds the public limit, and leaves authenticated routes alone', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get('/v1/calendar/lunar?date=2026-11-27', null)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.get('/v1/calendar/lunar?date=2026-11-27', null);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too many requests' });
    for (let i = 0; i < 5; i++) {
      expect((await api.get('/v1/dossiers', { role: 'admin', sub: 'admin-1' })).status).toBe(200);
    }
  });
});
