import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client, type UpdateDefinition } from '@temporalio/client';
import { dossierWorkflowId, sha256 } from '../../api/routes/dossiers/ids';
import { canonicalJson } from '../../db/canonical-json';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import type { dossierWorkflow } from '../../workflows/dossier/dossier-workflow';
import type { DossierStartInput, DossierView, SubmissionRequest } from '../../workflows/dossier/inputs';
import * as m from '../../workflows/dossier/messages';
import { ProcedureCodeKey, UnitCodeKey } from '../../workflows/dossier/search-attributes';
import { bareAcknowledgment, bareUpdates, bareWorkflow, type BareDecisionName } from '../bare-workflow';
import type { BenchApi, Caller } from './system';

// One dossier's way through Motcua three ways: over HTTP (what an officer's client does), through the Temporal client
// straight to the dossier workflow (what the API does underneath), and to the bare workflow (the baseline).

export const UNIT = '000.00.01.H56';
export const OFFICER: Caller = { role: 'officer', sub: 'officer-bench', units: [UNIT] };
const ACTOR = { id: OFFICER.sub, role: 'officer' as const };

/** A permanent residence registration (1.004222) at the counter, as the API takes it. */
export function submission(i: number): SubmissionRequest {
  return {
    procedureCode: '1.004222',
    unitCode: UNIT,
    channel: 'counter',
    applicant: { kind: 'citizen', fullName: `Nguyễn Văn ${i}`, identifier: String(79_199_000_000 + i).padStart(12, '0') },
  };
}

/** The lifecycle after submission: the route, the dossier's Update, the bare workflow's Update, the body. */
export const LIFECYCLE: { path: string; update: UpdateDefinition<DossierView, [never]>; bare: BareDecisionName; body: Record<string, unknown> }[] = [
  { path: 'accept', update: m.acceptUpdate as never, bare: 'accept', body: {} },
  { path: 'transfer', update: m.transferUpdate as never, bare: 'transfer', body: {} },
  { path: 'hand-over', update: m.handOverStepUpdate as never, bare: 'handOverStep', body: { stepId: 'handling', outcome: 'COMPLETED' } },
  { path: 'approve', update: m.approveUpdate as never, bare: 'approve', body: { results: ['Xác nhận đăng ký thường trú'] } },
  { path: 'return-result', update: m.returnResultUpdate as never, bare: 'returnResult', body: { channel: 'counter' } },
];

/** Submission and every decision, one Update each: the count both sides of a comparison send. */
export const UPDATES_PER_LIFECYCLE = 1 + LIFECYCLE.length;

export class HttpFailure extends Error {}

/** POST with a JSON body, a bearer token and a fresh Idempotency-Key; the parsed answer, or an HttpFailure. */
export async function post(api: BenchApi, token: string, path: string, body: unknown, expected = 200): Promise<Record<string, unknown>> {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${randomUUID()}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== expected) throw new HttpFailure(`POST ${path.replace(/dossier-[0-9a-f]+/, ':id')} → ${response.status} ${answer.title ?? ''}: ${answer.detail ?? ''}`);
  return answer;
}

/** Submits over HTTP; resolves with the dossier id once acknowledged. */
export async function submitHttp(api: BenchApi, token: string, i: number): Promise<string> {
  return (await post(api, token, '/v1/dossiers', submission(i), 201)).id as string;
}

export async function decideHttp(api: BenchApi, token: string, id: string, path: string, body: Record<string, unknown>): Promise<DossierView> {
  return (await post(api, token, `/v1/dossiers/${id}/${path}`, body)) as unknown as DossierView;
}

/** What POST /v1/dossiers does underneath, through the Temporal client: start with the acknowledgment Update. */
export async function submitDirect(temporal: Client, taskQueue: string, i: number): Promise<string> {
  const key = `bench-${randomUUID()}`;
  const body = submission(i);
  const input: DossierStartInput = {
    ...body,
    procedure: procedureSnapshot(body.procedureCode)!,
    submittedAt: new Date().toISOString(),
    requestDigest: sha256(canonicalJson(body)),
  };
  const workflowId = dossierWorkflowId(key);
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
    workflowId,
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: ProcedureCodeKey, value: input.procedureCode },
      { key: UnitCodeKey, value: input.unitCode },
    ],
  });
  await temporal.workflow.executeUpdateWithStart(m.acknowledgmentUpdate, { startWorkflowOperation, updateId: `acknowledgment:${key}` });
  return workflowId;
}

export function decideDirect(temporal: Client, id: string, update: UpdateDefinition<DossierView, [never]>, body: Record<string, unknown>, actor: { id: string; role: string } = ACTOR) {
  return temporal.workflow.getHandle(id).executeUpdate(update, { args: [{ ...body, actor } as never], updateId: randomUUID() });
}

/** The baseline: the bare workflow started with its acknowledgment Update, as the dossier is. */
export async function submitBare(temporal: Client, taskQueue: string, id: string): Promise<string> {
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof bareWorkflow>('bareWorkflow', {
    workflowId: id,
    taskQueue,
    args: [],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await temporal.workflow.executeUpdateWithStart(bareAcknowledgment, { startWorkflowOperation, updateId: `acknowledgment:${id}` });
  return id;
}

export function decideBare(temporal: Client, id: string, name: BareDecisionName, body: Record<string, unknown>, actor: { id: string; role: string } = ACTOR) {
  return temporal.workflow.getHandle(id).executeUpdate(bareUpdates[name], { args: [{ ...body, actor }], updateId: randomUUID() });
}
