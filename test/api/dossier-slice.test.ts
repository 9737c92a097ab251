import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { refuseAtReceptionUpdate } from '../../workflows/dossier/messages';
import { databaseKinds } from '../support/databases';
import { applicant, callers } from '../support/auth';
import { apiAt, idempotencyKey as key, type Api } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';

// Permanent residence registration (Đăng ký thường trú), procedure 1.004222 in ../shared/domain/procedures.json.
const submission = {
  procedureCode: '1.004222',
  unitCode: '000.00.01.H56',
  channel: 'online',
  applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: '001099012345', email: 'an@example.vn' },
};

// Response bodies are checked field by field below; their static type adds nothing here.
const json = (response: Response): Promise<any> => response.json();

describe.each(databaseKinds)('the dossier slice over HTTP (%s)', (kind) => {
  let system: TestSystem;
  /** The applicant submits online; the receiving unit's officer decides and reads. */
  let citizen: Api;
  let officer: Api;
  beforeAll(async () => {
    system = await startTestSystem(kind);
    citizen = apiAt(system.url, applicant(submission.applicant.identifier));
    officer = citizen.as(callers.officer);
  });
  afterAll(async () => system?.close());

  const submit = async () => (await json(await citizen.post('/v1/dossiers', submission))) as { id: string };

  it('submits, accepts and reads back a dossier from the read model', async () => {
    const submitted = await citizen.post('/v1/dossiers', submission);
    expect(submitted.status).toBe(201);
    const acknowledgment = await json(submitted);
    expect(acknowledgment).toMatchObject({ status: 'AWAITING_RECEPTION_CHECK', procedureCode: '1.004222', dossierCode: null });
    expect(Date.parse(acknowledgment.officialReceiptAt)).toBeGreaterThanOrEqual(Date.parse(acknowledgment.submittedAt));
    expect(Date.parse(acknowledgment.receptionCheckDueAt)).toBeGreaterThan(Date.parse(acknowledgment.officialReceiptAt));

    const accepted = await officer.post(`/v1/dossiers/${acknowledgment.id}/accept`, {});
    expect(accepted.status).toBe(200);
    const view = await json(accepted);
    expect(view.status).toBe('ACCEPTED');
    expect(view.dossierCode).toMatch(/^000\.00\.01\.H56-\d{6}-\d{4}$/);

    const read = await officer.get(`/v1/dossiers/${acknowledgment.id}`);
    expect(read.status).toBe(200);
    expect(await json(read)).toEqual(view);
    const events = await createDossierReadModel(system.database.db).listEvents(acknowledgment.id);
    expect(events.map((event) => event.type)).toEqual(['RECEIVED', 'ACCEPTED']);
  });

  it('shows the audit trail and the deadline with the days it counted', async () => {
    const { id } = await submit();
    expect((await officer.get(`/v1/dossiers/${id}/deadline`)).status).toBe(404); // not accepted yet
    const view = await json(await officer.post(`/v1/dossiers/${id}/accept`, {}));
    const events = await json(await officer.get(`/v1/dossiers/${id}/events`));
    expect(events.map((event: { type: string }) => event.type)).toEqual(['RECEIVED', 'ACCEPTED']);
    expect(events[1]).toMatchObject({
      sequence: 2,
      actor: { id: callers.officer.sub, role: 'officer' },
      fromStatus: 'AWAITING_RECEPTION_CHECK',
      toStatus: 'ACCEPTED',
      payload: { dossierCode: view.dossierCode },
    });
    const deadline = await json(await officer.get(`/v1/dossiers/${id}/deadline`));
    expect(deadline).toMatchObject({ dueAt: view.dueAt, running: true, calendarVersion: view.calendarVersion });
    expect(deadline.explanation.countedDays).toHaveLength(7); // 1.004222: 7 working days
  });

  it('returns the same dossier for a repeated submission and starts no second workflow', async () => {
    const idempotencyKey = key();
    const first = await citizen.post('/v1/dossiers', submission, idempotencyKey);
    const second = await citizen.post('/v1/dossiers', { ...submission }, idempotencyKey);
    const [a, b] = [await json(first), await json(second)];
    expect(second.status).toBe(201);
    expect(b).toEqual(a);
    const history = await system.temporal.workflow.getHandle(a.id).fetchHistory();
    const starts = history.events!.filter((event) => event.workflowExecutionStartedEventAttributes);
    expect(starts).toHaveLength(1);
    const { executions } = await system.temporal.workflowService.listWorkflowExecutions({
      namespace: system.temporal.options.namespace,
      query: `WorkflowId = '${a.id}'`,
    });
    expect(executions).toHaveLength(1);
  });

  it('refuses a different submission under an Idempotency-Key already used', async () => {
    const idempotencyKey = key();
    await citizen.post('/v1/dossiers', submission, idempotencyKey);
    const reused = await citizen.post('/v1/dossiers', { ...submission, procedureCode: '1.001193' }, idempotencyKey);
    expect(reused.status).toBe(422);
    expect(await json(reused)).toMatchObject({ field: 'headers.idempotency-key' });
  });

  it('answers a second acceptance with 409 and the reason', async () => {
    const { id } = await submit();
    expect((await officer.post(`/v1/dossiers/${id}/accept`, {})).status).toBe(200);
    const again = await officer.post(`/v1/dossiers/${id}/accept`, {});
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(again)).toMatchObject({ status: 409, reason: 'WrongState', detail: "a dossier in status ACCEPTED cannot take 'accept'" });
  });

  it('treats an acceptance retried with its Idempotency-Key as the same decision', async () => {
    const { id } = await submit();
    const decisionKey = key();
    const first = await json(await officer.post(`/v1/dossiers/${id}/accept`, {}, decisionKey));
    const retried = await officer.post(`/v1/dossiers/${id}/accept`, {}, decisionKey);
    expect(retried.status).toBe(200);
    expect(await json(retried)).toEqual(first);
  });

  it('answers 400 naming the field for an invalid body or a missing Idempotency-Key', async () => {
    const { id } = await submit();
    // The actor comes from the token: a body naming one is refused, naming the unknown field.
    const actorInBody = await officer.post(`/v1/dossiers/${id}/accept`, { note: 'ok', officerId: 'officer-1' });
    expect(actorInBody.status).toBe(400);
    expect(await json(actorInBody)).toMatchObject({ status: 400, field: 'body.officerId' });
    const badUnit = await citizen.post('/v1/dossiers', { ...submission, unitCode: 'not a unit' });
    expect(await json(badUnit)).toMatchObject({ status: 400, field: 'body.unitCode' });
    const noKey = await citizen.post('/v1/dossiers', submission, null);
    expect(noKey.status).toBe(400);
    expect(await json(noKey)).toMatchObject({ field: 'headers.idempotency-key' });
  });

  it('answers 422 naming the field for a procedure the catalogue does not publish', async () => {
    const unknown = await citizen.post('/v1/dossiers', { ...submission, procedureCode: '9.999999' });
    expect(unknown.status).toBe(422);
    expect(await json(unknown)).toMatchObject({ field: 'body.procedureCode', title: 'Unknown procedure' });
  });

  it('answers 409 with the final status for a decision on a closed dossier', async () => {
    const { id } = await submit();
    const handle = system.temporal.workflow.getHandle(id);
    await handle.executeUpdate(refuseAtReceptionUpdate, { args: [{ actor: { id: 'officer-1', role: 'officer' }, reasons: ['không thuộc thẩm quyền'] }] });
    await handle.result();
    const late = await officer.post(`/v1/dossiers/${id}/accept`, {});
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ reason: 'WrongState', detail: 'the dossier is closed in status REFUSED_AT_RECEPTION and takes no more decisions' });
  });

  it('answers 404 for a dossier that does not exist', async () => {
    const unknown = `dossier-${'0'.repeat(32)}`;
    expect((await officer.post(`/v1/dossiers/${unknown}/accept`, {})).status).toBe(404);
    const read = await officer.get(`/v1/dossiers/${unknown}`);
    expect(read.status).toBe(404);
    expect(await json(read)).toMatchObject({ status: 404, title: 'Dossier not found' });
  });
});
