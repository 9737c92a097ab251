import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxActivities, retryDelayMs, type OutboxDeliveryOptions } from '../../activities/outbox/deliver';
import { createSmtpMailer } from '../../activities/outbox/mailer';
import { verifySignature } from '../../activities/outbox/signature';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { createOutbox } from '../../db/repositories/outbox';
import { createWebhookSubscriptions } from '../../db/repositories/webhook-subscriptions';
import { freePort } from '../../temporal-config/free-port';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';
import { APPLICANT, lifecycle } from '../support/outbox-fixtures';
import { mailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from '../support/receivers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Fast retries for tests: 40 ms doubling to 200 ms, the jitter pinned to its middle. */
const FAST: OutboxDeliveryOptions = { retryBaseMs: 40, retryMaxMs: 200, maxAttempts: 100, random: () => 0.5, webhookTimeoutMs: 2000 };

/** Runs dispatcher rounds (as the workflow does: sleep only when nothing was due) for `ms`, or until `done`. */
async function dispatch(deliver: () => Promise<{ claimed: number }>, ms: number, done: () => Promise<boolean> = async () => false) {
  const until = Date.now() + ms;
  while (Date.now() < until && !(await done())) {
    if ((await deliver()).claimed === 0) await sleep(20);
  }
}

describe('retry schedule', () => {
  it('doubles from the base up to the cap, with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 10, 30].map((n) => retryDelayMs(n, 10_000, 3_600_000, () => 0.5))).toEqual([
      10_000, 20_000, 40_000, 80_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(1, 10_000, 3_600_000, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, 10_000, 3_600_000, () => 1)).toBe(12_000);
  });
});

describe.each(databaseKinds)('outbox delivery (%s)', (kind) => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let smtp: MailReceiver;
  beforeAll(async () => {
    [database, receiver, smtp] = await Promise.all([migratedDatabase(kind), startWebhookReceiver(), mailReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([receiver?.close(), smtp?.close()]);
    await database?.dispose();
  });

  /** True once no message (of the dossiers whose ids start with `prefix`) is pending. */
  const settled = (prefix: string) => async () =>
    !(await createOutbox(database.db).list({ status: 'pending', limit: 500 })).some((m) => m.dossierId.startsWith(prefix));

  it('delivers every message after the receiver was down and then failing: no loss, duplicates only as the same id', async () => {
    const secret = 'whsec_test_' + 'k'.repeat(40);
    const hook = await createWebhookSubscriptions(database.db).create({ name: 'Cổng DVCQG', url: receiver.url, secret });
    const readModel = createDossierReadModel(database.db);
    for (let d = 1; d <= 6; d++) for (const event of lifecycle(`dossier-down-${d}`)) await readModel.applyEvent(event);
    const expected = (await createOutbox(database.db).list({ subscriptionId: hook.id, limit: 500 })).map((m) => m.id);
    expect(expected).toHaveLength(30);

    const { deliverOutboxBatch } = createOutboxActivities(createOutbox(database.db), FAST);
    await dispatch(deliverOutboxBatch, 400); // refused connections
    expect(receiver.requests).toHaveLength(0);
    await receiver.setMode('failing'); // reads each delivery, answers 500: the sender must try again
    await dispatch(deliverOutboxBatch, 400);
    await receiver.setMode('up');
    await dispatch(deliverOutboxBatch, 20_000, settled('dossier-down-'));

    const accepted = receiver.requests.filter((r) => r.status === 204);
    const ids = accepted.map((r) => r.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(receiver.requests.length).toBeGreaterThan(accepted.length); // the failing phase made duplicates…
    expect(receiver.requests.every((r) => expected.includes(r.messageId))).toBe(true); // …all of known ids
    for (const request of receiver.requests) {
      expect(verifySignature(request.signature, request.body, secret)).toBe(true);
      expect(verifySignature(request.signature, request.body, 'whsec_wrong_' + 'x'.repeat(40))).toBe(false);
      expect(verifySignature(request.signature, `${request.body} `, secret)).toBe(false);
      expect(JSON.parse(request.body).id).toBe(request.messageId);
    }
    // Each dossier's changes reached the receiver in order.
    for (let d = 1; d <= 6; d++) {
      const sequences = accepted.map((r) => JSON.parse(r.body).event).filter((e) => e.dossierId === `dossier-down-${d}`).map((e) => e.sequence);
      expect(sequences).toEqual([1, 2, 3, 5, 6]);
    }
    const delivered = await createOutbox(database.db).list({ subscriptionId: hook.id, limit: 500 });
    expect(delivered.every((m) => m.status === 'delivered' && m.deliveredAt !== null && m.attempts >= 1)).toBe(true);
    expect(Math.max(...delivered.map((m) => m.attempts))).toBeGreaterThan(2);
    await createWebhookSubscriptions(database.db).disable(hook.id);
  });

  it('gives up after the last attempt, and an admin can send the message again', async () => {
    const hook = await createWebhookSubscriptions(database.db).create({ name: 'Nowhere', url: `http://127.0.0.1:${await freePort()}/` });
    await createDossierReadModel(database.db).applyEvent(lifecycle('dossier-dead-1')[0]!);
    const outbox = createOutbox(database.db);
    const { deliverOutboxBatch } = createOutboxActivities(outbox, { ...FAST, maxAttempts: 3 });
    await dispatch(deliverOutboxBatch, 10_000, settled('dossier-dead-'));
    const [dead] = await outbox.list({ status: 'dead', subscriptionId: hook.id, limit: 10 });
    expect(dead).toMatchObject({ attempts: 3, eventType: 'RECEIVED', lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(await outbox.retry(dead!.id)).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(await outbox.retry(dead!.id)).toBeUndefined(); // already pending
    await createWebhookSubscriptions(database.db).disable(hook.id);
  });

  it("e-mails the applicant through a real SMTP server, in Vietnamese, without their name or ID number", async () => {
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: smtp.port, from: 'Bộ phận Một cửa <motcua@example.gov.vn>' });
    const readModel = createDossierReadModel(database.db);
    for (const event of lifecycle('dossier-mail-0042', 'hoa@example.vn')) await readModel.applyEvent(event);
    const { deliverOutboxBatch } = createOutboxActivities(createOutbox(database.db), { ...FAST, mailer });
    await dispatch(deliverOutboxBatch, 300); // the SMTP server is not up yet
    expect(smtp.mails).toHaveLength(0);
    await smtp.start();
    await dispatch(deliverOutboxBatch, 20_000, settled('dossier-mail-'));
    mailer.close();

    expect(smtp.mails.map((m) => m.subject)).toEqual([
      'Hồ sơ 000.00.01.H56-260309-0042 đã được tiếp nhận',
      'Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ 000.00.01.H56-260309-0042',
      'Hồ sơ 000.00.01.H56-260309-0042 đã có kết quả',
    ]);
    const [accepted, apology] = smtp.mails;
    expect(accepted!.to).toEqual(['hoa@example.vn']);
    expect(accepted!.text).toContain('Ngày hẹn trả kết quả: 17:00, ngày 20/03/2026.');
    expect(accepted!.text).toContain('Đăng ký thường trú');
    expect(apology!.text).toContain('Lý do: Chờ kết quả xác minh');
    expect(apology!.text).toContain('Ngày hẹn trả kết quả mới: 17:00, ngày 25/03/2026.');
    expect(accepted!.messageId).toMatch(/^<msg_[0-9a-f]{32}@example\.gov\.vn>$/);
    for (const mail of smtp.mails) expect(mail.text).not.toMatch(new RegExp(`${APPLICANT.fullName}|${APPLICANT.identifier}`));
  });

  it('records e-mails as skipped when no SMTP server is configured', async () => {
    await createDossierReadModel(database.db).applyEvent(lifecycle('dossier-nosmtp-1', 'an@example.vn')[1]!);
    const outbox = createOutbox(database.db);
    const outcome = await createOutboxActivities(outbox, FAST).deliverOutboxBatch();
    expect(outcome).toMatchObject({ skipped: 1, delivered: 0 });
    expect((await outbox.list({ dossierId: 'dossier-nosmtp-1', limit: 5 }))[0]).toMatchObject({ status: 'skipped', channel: 'email' });
  });
});
