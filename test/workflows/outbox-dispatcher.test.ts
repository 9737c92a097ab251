import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, type Mailer } from '../../activities/outbox/mailer';
import { verifySignature } from '../../activities/outbox/signature';
import { ensureOutboxDispatcher, outboxDispatcherId } from '../../temporal-config/outbox';
import { authHeader, callers, type Caller } from '../support/auth';
import { databaseKinds } from '../support/databases';
import { mailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from '../support/receivers';
import { startTestSystem, type TestSystem } from '../support/system';

// The whole path on the real stack: API → dossier workflow → projection + outbox (one transaction) → the
// dispatcher workflow's activity → a receiver that was down at first, and a real SMTP server.
describe.each(databaseKinds)('outbox dispatcher workflow (%s)', (kind) => {
  let system: TestSystem;
  let receiver: WebhookReceiver;
  let smtp: MailReceiver;
  let mailer: Mailer;
  beforeAll(async () => {
    [receiver, smtp] = await Promise.all([startWebhookReceiver(), mailReceiver()]);
    await smtp.start();
    mailer = createSmtpMailer({ url: smtp.url, from: 'Motcua <motcua@example.gov.vn>' });
    const outbox = { mailer, retryBaseMs: 100, retryMaxMs: 400, idleMs: 100, random: () => 0.5 };
    system = await startTestSystem(kind, { outbox });
  });
  afterAll(async () => {
    await system?.temporal.workflow.getHandle(outboxDispatcherId(system.taskQueue)).terminate('test over').catch(() => {});
    await system?.close();
    mailer?.close();
    await Promise.all([receiver?.close(), smtp?.close()]);
  });

  const post = async (path: string, caller: Caller, body: unknown) => {
    const response = await fetch(`${system.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `outbox-${randomUUID()}`, ...(await authHeader(caller)) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  async function eventually<T>(probe: () => T | undefined, ms = 30_000): Promise<T> {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const value = probe();
      if (value !== undefined) return value;
    }
    throw new Error('timed out');
  }

  it('starts once per deployment and delivers webhooks and e-mails for an accepted dossier', async () => {
    const first = await ensureOutboxDispatcher(system.temporal, system.taskQueue, { roundsPerRun: 5 });
    const second = await ensureOutboxDispatcher(system.temporal, system.taskQueue, { roundsPerRun: 5 }); // another worker
    expect(second).toEqual(first);
    expect((await system.temporal.workflow.getHandle(first.workflowId).describe()).status.name).toBe('RUNNING');

    const secret = `whsec_e2e_${randomUUID()}`;
    const hook = await post('/v1/admin/webhooks', callers.admin, { name: 'Cổng DVCQG', url: receiver.url, secret });
    expect(hook.status).toBe(201);

    const applicant = { kind: 'citizen', fullName: 'Đỗ Minh Anh', identifier: '001199001234', email: 'anh@example.vn' };
    const submitted = await post('/v1/dossiers', callers.integrator, { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant });
    expect(submitted.status).toBe(201);
    const accepted = await post(`/v1/dossiers/${submitted.body.id}/accept`, callers.officer, {});
    expect(accepted.body.status).toBe('ACCEPTED');

    await new Promise((resolve) => setTimeout(resolve, 500)); // the receiver is down meanwhile: the dispatcher retries
    await receiver.setMode('up');
    const delivered = await eventually(() => {
      const ok = receiver.requests.filter((r) => r.status === 204);
      return ok.length >= 2 ? ok : undefined;
    });
    expect(delivered.map((r) => r.eventType)).toEqual(['RECEIVED', 'ACCEPTED']);
    const body = JSON.parse(delivered[1]!.body);
    expect(body.portalSync).toMatchObject({
      dossierCode: accepted.body.dossierCode,
      procedureCode: '1.004222',
      status: 'ACCEPTED',
      appointmentAt: accepted.body.appointmentAt,
      receivedAt: accepted.body.officialReceiptAt,
    });
    expect(verifySignature(delivered[1]!.signature, delivered[1]!.body, secret)).toBe(true);

    const mail = await eventually(() => smtp.mails[0]);
    expect(mail).toMatchObject({ to: ['anh@example.vn'], subject: `Hồ sơ ${accepted.body.dossierCode} đã được tiếp nhận` });
    expect(mail.text).not.toContain('Đỗ Minh Anh');

    // Five rounds per run: it continues as new, and keeps running.
    const handle = system.temporal.workflow.getHandle(first.workflowId);
    let latest = await handle.describe();
    for (const until = Date.now() + 30_000; latest.runId === first.runId && Date.now() < until; latest = await handle.describe()) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(latest.runId).not.toBe(first.runId);
    expect(latest.status.name).toBe('RUNNING');
  });
});
