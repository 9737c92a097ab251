import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, callers, type Caller } from '../support/auth';
import { apiAt } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';

// Every decision has its route; this walks one dossier through the guided tour of the README over real HTTP.
describe('decision routes over HTTP', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('pglite');
  });
  afterAll(async () => system?.close());

  /** A decision (or submission) by `caller`, with a fresh Idempotency-Key. */
  const post = async (path: string, body: unknown, caller: Caller = callers.officer) => {
    const response = await apiAt(system.url, caller).post(path, body);
    // Bodies are checked field by field; their static type adds nothing here.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  /** The applicant submits a permanent residence registration (1.004222); returns the dossier id. */
  const submit = async (fullName: string, identifier: string) => {
    const person = { kind: 'citizen', fullName, identifier };
    const submission = { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant: person };
    return (await post('/v1/dossiers', submission, applicant(identifier))).body.id as string;
  };

  it('takes a dossier from submission to rating, and its form 01 is printable', async () => {
    const id = await submit('Hoàng Thị Lan', '001199007788');
    const officer = {};
    expect((await post(`/v1/dossiers/${id}/accept`, officer)).body.status).toBe('ACCEPTED');
    expect((await post(`/v1/dossiers/${id}/transfer`, officer)).body.status).toBe('IN_HANDLING');
    const early = await post(`/v1/dossiers/${id}/approve`, { ...officer, results: ['Xác nhận thường trú'] });
    expect(early).toMatchObject({ status: 409, body: { reason: 'StepsOpen' } });
    await post(`/v1/dossiers/${id}/hand-over`, { ...officer, stepId: 'handling', outcome: 'COMPLETED' });
    const ready = await post(`/v1/dossiers/${id}/approve`, { ...officer, results: ['Xác nhận thường trú'] });
    expect(ready.body).toMatchObject({ status: 'RESULT_READY', resultDocuments: [`${ready.body.dossierCode}-KQ1`] });
    const returned = await post(`/v1/dossiers/${id}/return-result`, { ...officer, channel: 'counter' });
    expect(returned.body.status).toBe('RESULT_RETURNED');
    const rating = { punctuality: 5, attitude: 5, overall: 5, contacts: 1 };
    expect((await post(`/v1/dossiers/${id}/rate`, rating)).status).toBe(403); // officers do not rate
    const rated = await post(`/v1/dossiers/${id}/rate`, rating, applicant('001199007788'));
    expect(rated.body.status).toBe('RATED');

    const citizen = apiAt(system.url, applicant('001199007788'));
    const form = await citizen.get(`/v1/dossiers/${id}/forms/01?format=pdf`);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('application/pdf');
    const trail = await citizen.get(`/v1/dossiers/${id}/events`);
    const events = (await trail.json()) as { type: string; actor: unknown }[];
    expect(events.at(-1)).toMatchObject({ type: 'RATED', actor: { id: '001199007788', role: 'applicant' } });
  });

  it('answers 400 naming the field when a decision names an actor in its body or lacks a required field', async () => {
    const id = await submit('Hoàng Văn Minh', '001199007799');
    expect(await post(`/v1/dossiers/${id}/refuse`, { officerId: 'officer-3', reasons: ['không đủ điều kiện'] })).toMatchObject({
      status: 400,
      body: { field: 'body.officerId' },
    });
    expect(await post(`/v1/dossiers/${id}/request-supplement`, { items: [] })).toMatchObject({
      status: 400,
      body: { field: 'body.items' },
    });
    expect((await post(`/v1/dossiers/${id}/withdraw`, {}, applicant('001199007799'))).body.status).toBe('WITHDRAWN');
  });
});
