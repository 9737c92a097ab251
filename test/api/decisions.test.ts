import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../support/system';

// Every decision has its route; this walks one dossier through the guided tour of the README over real HTTP.
describe('decision routes over HTTP', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('pglite');
  });
  afterAll(async () => system?.close());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${system.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `tour-${randomUUID()}` },
      body: JSON.stringify(body),
    });
    // Bodies are checked field by field; their static type adds nothing here.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  /** Submits a permanent residence registration (1.004222) and returns the dossier id. */
  const submit = async (fullName: string, identifier: string) => {
    const applicant = { kind: 'citizen', fullName, identifier };
    const submitted = await post('/v1/dossiers', { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant });
    return submitted.body.id as string;
  };

  it('takes a dossier from submission to rating, and its form 01 is printable', async () => {
    const id = await submit('Hoàng Thị Lan', '001199007788');
    const officer = { officerId: 'officer-3' };
    expect((await post(`/v1/dossiers/${id}/accept`, officer)).body.status).toBe('ACCEPTED');
    expect((await post(`/v1/dossiers/${id}/transfer`, officer)).body.status).toBe('IN_HANDLING');
    const early = await post(`/v1/dossiers/${id}/approve`, { ...officer, results: ['Xác nhận thường trú'] });
    expect(early).toMatchObject({ status: 409, body: { reason: 'StepsOpen' } });
    await post(`/v1/dossiers/${id}/hand-over`, { ...officer, stepId: 'handling', outcome: 'COMPLETED' });
    const ready = await post(`/v1/dossiers/${id}/approve`, { ...officer, results: ['Xác nhận thường trú'] });
    expect(ready.body).toMatchObject({ status: 'RESULT_READY', resultDocuments: [`${ready.body.dossierCode}-KQ1`] });
    const returned = await post(`/v1/dossiers/${id}/return-result`, { ...officer, channel: 'counter' });
    expect(returned.body.status).toBe('RESULT_RETURNED');
    const rating = { applicantId: '001199007788', punctuality: 5, attitude: 5, overall: 5, contacts: 1 };
    const rated = await post(`/v1/dossiers/${id}/rate`, rating);
    expect(rated.body.status).toBe('RATED');

    const form = await fetch(`${system.url}/v1/dossiers/${id}/forms/01?format=pdf`);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('application/pdf');
    const trail = await fetch(`${system.url}/v1/dossiers/${id}/events`);
    const events = (await trail.json()) as { type: string; actor: unknown }[];
    expect(events.at(-1)).toMatchObject({ type: 'RATED', actor: { id: '001199007788', role: 'applicant' } });
  });

  it('answers 400 naming the field when a decision lacks its actor or a required field', async () => {
    const id = await submit('Hoàng Văn Minh', '001199007799');
    expect(await post(`/v1/dossiers/${id}/refuse`, { reasons: ['không đủ điều kiện'] })).toMatchObject({
      status: 400,
      body: { field: 'body.officerId' },
    });
    expect(await post(`/v1/dossiers/${id}/request-supplement`, { officerId: 'officer-3', items: [] })).toMatchObject({
      status: 400,
      body: { field: 'body.items' },
    });
    expect((await post(`/v1/dossiers/${id}/withdraw`, { applicantId: '001199007799' })).body.status).toBe('WITHDRAWN');
  });
});
