import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierStartInput } from '../../workflows/dossier/inputs';
import { applicant, authHeader, callers, type Caller } from '../support/auth';
import { startTestSystem, type TestSystem } from '../support/system';
import { multipart, pdf, submissionPart } from './files/support';

// Submission takes the catalogue's published version, pinned to the dossier: a later publication changes new
// dossiers only. Household business termination (1.001266, ../shared/domain/procedures.json) has a tax-office
// step; version 2 assigns it to unit 000.00.02.H56, so that unit's officer reaches the dossiers of version 2 only.

const CITIZEN = '079199001122';
/** One file for every upload, so a retry sends exactly the same submission. */
const FORM_PDF = pdf('Tờ khai chấm dứt hoạt động hộ kinh doanh');
const submission = {
  procedureCode: '1.001266',
  unitCode: '000.00.01.H56',
  channel: 'online',
  applicant: { kind: 'citizen', fullName: 'Lê Văn Cường', identifier: CITIZEN },
};

describe('submission under the procedure catalogue', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('pglite');
  });
  afterAll(async () => system?.close());

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, as: Caller, body?: unknown, key?: string) {
    const headers: Record<string, string> = { ...(await authHeader(as)) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const response = await fetch(`${system.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  }
  /**
   * Submits online with a PDF for each required component of the first published version (1.001266 requires its
   * form); remembered, so a retry sends the same files even after the procedure is withdrawn.
   */
  const requiredByCode = new Map<string, string[]>();
  async function submit(key: string, body: Record<string, unknown> = submission) {
    const code = body.procedureCode as string;
    if (!requiredByCode.has(code)) {
      const published = await call('GET', `/v1/procedures/${code}`, applicant(CITIZEN));
      const components = (published.body.definition?.components ?? []) as { required: boolean; componentCode: string | null; id: string }[];
      requiredByCode.set(code, components.filter((c) => c.required).map((c) => c.componentCode ?? c.id));
    }
    const required = requiredByCode.get(code)!;
    const documents = required.map((componentCode, i) => ({ componentCode, part: `file${i}` }));
    const { body: payload, contentType } = multipart([
      submissionPart({ ...body, documents }),
      ...documents.map((document) => ({ name: document.part, filename: 'to-khai.pdf', type: 'application/pdf', content: FORM_PDF })),
    ]);
    const headers = { ...(await authHeader(applicant(CITIZEN))), 'content-type': contentType, 'idempotency-key': key };
    const response = await fetch(`${system.url}/v1/dossiers`, { method: 'POST', headers, body: payload });
    return { status: response.status, body: (await response.json()) as any };
  }

  /** The procedure snapshot the dossier's workflow was started with. */
  async function startedWith(id: string): Promise<DossierStartInput['procedure']> {
    const history = await system.temporal.workflow.getHandle(id).fetchHistory();
    const started = history.events!.find((event) => event.workflowExecutionStartedEventAttributes)!;
    const payload = started.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    return defaultPayloadConverter.fromPayload<DossierStartInput>(payload).procedure;
  }

  async function publishVersion2(): Promise<void> {
    const draft = await call('POST', '/v1/admin/procedures/1.001266/versions', callers.admin, {});
    const steps = draft.body.definition.steps.map((step: { id: string }) =>
      step.id === 'tax-opinion' ? { ...step, unitCode: '000.00.02.H56' } : step,
    );
    expect((await call('PUT', '/v1/admin/procedures/1.001266/versions/2', callers.admin, { ...draft.body.definition, steps })).status).toBe(200);
    expect((await call('POST', '/v1/admin/procedures/1.001266/versions/2/publish', callers.admin)).status).toBe(200);
  }

  it('starts the workflow with the published version, and a later publication changes only new dossiers', async () => {
    const firstKey = `test-${randomUUID()}`;
    const first = await submit(firstKey);
    expect(first.status).toBe(201);
    expect(await startedWith(first.body.id)).toMatchObject({ code: '1.001266', version: 1 });
    expect((await call('GET', `/v1/dossiers/${first.body.id}`, callers.otherOfficer)).status).toBe(403);

    await publishVersion2();
    const second = await submit(`test-${randomUUID()}`);
    expect(second.status).toBe(201);
    const v2 = await startedWith(second.body.id);
    expect(v2.version).toBe(2);
    expect(v2.steps.find((step) => step.id === 'tax-opinion')?.unitCode).toBe('000.00.02.H56');

    // The first dossier keeps version 1: its snapshot, its scope, and the answer to a retry.
    expect(await startedWith(first.body.id)).toMatchObject({ version: 1 });
    expect((await call('GET', `/v1/dossiers/${first.body.id}`, callers.otherOfficer)).status).toBe(403);
    expect((await call('GET', `/v1/dossiers/${second.body.id}`, callers.otherOfficer)).status).toBe(200);
    const retried = await submit(firstKey);
    expect(retried).toEqual({ status: 201, body: first.body });
  });

  it('answers 422 naming the procedure when no version is published, and still answers retries', async () => {
    const earlierKey = `test-${randomUUID()}`;
    const earlier = await submit(earlierKey);
    expect((await call('POST', '/v1/admin/procedures/1.001266/versions/2/withdraw', callers.admin)).status).toBe(200);
    const refused = await submit(`test-${randomUUID()}`);
    expect(refused).toMatchObject({ status: 422, body: { title: 'Unknown procedure', field: 'body.procedureCode' } });
    const unknown = await submit(`test-${randomUUID()}`, { ...submission, procedureCode: '1.115520' });
    expect(unknown).toMatchObject({ status: 422, body: { field: 'body.procedureCode' } });
    expect(await submit(earlierKey)).toEqual({ status: 201, body: earlier.body });
  });

  it('refuses an Idempotency-Key reused for another submission', async () => {
    const key = `test-${randomUUID()}`;
    expect((await submit(key, { ...submission, procedureCode: '1.004222' })).status).toBe(201);
    const reused = await submit(key, { ...submission, procedureCode: '1.001193' });
    expect(reused).toMatchObject({ status: 422, body: { field: 'headers.idempotency-key' } });
  });
});
