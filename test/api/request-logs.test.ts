import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../api/observability';
import { applicant, authHeader, callers } from '../support/auth';
import { apiAt } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';

// The API's log (issue 6, docs/operations.md "What to watch"): JSON lines, one per request, carrying the request id
// and, on dossier routes, the dossier id and workflow id; never a name, an identity number, a token or a query string.
describe('request logs', () => {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('pglite', { appOptions: loggerOptions('info', stream) });
  });
  afterAll(async () => system?.close());

  const fullName = 'Trịnh Thị Quỳnh Hoa';
  const identifier = '001199004455';
  const requestsOf = (requestId: string) => lines.filter((line) => line.requestId === requestId);

  it('writes one line per request with its id, the dossier and workflow ids, and no personal data', async () => {
    const citizen = apiAt(system.url, applicant(identifier));
    const submission = { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant: { kind: 'citizen', fullName, identifier } };
    const submitted = await citizen.post('/v1/dossiers', submission);
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };

    const officerAuth = await authHeader(callers.officer);
    const traced = (path: string, requestId: string, init: RequestInit = {}) =>
      fetch(`${system.url}${path}`, { ...init, headers: { ...officerAuth, 'x-request-id': requestId, ...init.headers } });
    const accepted = await traced(`/v1/dossiers/${id}/accept`, 'trace-accept-1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'log-accept-1' },
      body: '{}',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('x-request-id')).toBe('trace-accept-1');
    const searched = await traced(`/v1/dossiers?applicant=${identifier}`, 'trace-search-1');
    expect(searched.status).toBe(200);
    const anonymous = await fetch(`${system.url}/v1/dossiers/${id}`, { headers: { 'x-request-id': 'trace-anonymous-1' } });
    expect(anonymous.status).toBe(401);

    expect(requestsOf('trace-accept-1')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        requestId: 'trace-accept-1',
        dossierId: id,
        workflowId: id,
        req: { id: 'trace-accept-1', method: 'POST', path: `/v1/dossiers/${id}/accept` },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(requestsOf('trace-search-1')).toEqual([
      expect.objectContaining({ msg: 'request completed', req: expect.objectContaining({ path: '/v1/dossiers' }), res: { statusCode: 200 } }),
    ]);
    // Refused before its handler: the line has the request, not (yet) the dossier.
    const [refused, ...more] = requestsOf('trace-anonymous-1');
    expect(more).toEqual([]);
    expect(refused).toMatchObject({ msg: 'request completed', res: { statusCode: 401 } });
    expect(refused).not.toHaveProperty('dossierId');
    // The submission's line names its request, not the applicant.
    const submissionLines = lines.filter((line) => line.req?.path === '/v1/dossiers' && line.req?.method === 'POST');
    expect(submissionLines).toHaveLength(1);

    const written = lines.map((line) => JSON.stringify(line)).join('\n');
    expect(written).not.toContain(fullName);
    expect(written).not.toContain(identifier);
    expect(written).not.toContain(officerAuth.authorization.slice('Bearer '.length));
    expect(written).not.toContain('?applicant');
  });
});
