import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { createOutbox } from '../../db/repositories/outbox';
import { messageId } from '../../db/repositories/outbox-messages';
import { createWebhookSubscriptions } from '../../db/repositories/webhook-subscriptions';
import { outboxMessages, webhookSubscriptions } from '../../db/schema';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';
import { APPOINTMENT, lifecycle, NEW_APPOINTMENT } from '../support/outbox-fixtures';

describe.each(databaseKinds)('outbox written by the projection (%s)', (kind) => {
  let database: TestDatabase;
  let dossier = 0;
  const nextId = () => `dossier-${kind}-${String(++dossier).padStart(4, '0')}`;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await database.db.delete(outboxMessages);
    await database.db.delete(webhookSubscriptions);
  });

  const messagesOf = (id: string) =>
    database.db.select().from(outboxMessages).where(eq(outboxMessages.dossierId, id)).orderBy(outboxMessages.eventSequence, outboxMessages.target);

  it('writes one message per subscription for each status or appointment change, and a projection retried twice adds nothing', async () => {
    const subscriptions = createWebhookSubscriptions(database.db);
    const portal = await subscriptions.create({ name: 'Cổng DVCQG', url: 'https://portal.example/hook' });
    const acceptedOnly = await subscriptions.create({ name: 'Sở', url: 'https://so.example/hook', eventTypes: ['ACCEPTED'] });
    const id = nextId();
    const readModel = createDossierReadModel(database.db);
    for (const event of lifecycle(id)) {
      await readModel.applyEvent(event);
      await readModel.applyEvent(event);
      await readModel.applyEvent(event);
    }
    const rows = await messagesOf(id);
    const portalTypes = rows.filter((r) => r.target === portal.id).map((r) => r.eventType);
    expect(portalTypes).toEqual(['RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'APOLOGISED', 'RESULT_READY']);
    expect(rows.filter((r) => r.target === acceptedOnly.id).map((r) => r.eventType)).toEqual(['ACCEPTED']);
    expect(rows.every((r) => r.id === messageId(id, r.eventSequence, r.target) && r.status === 'pending')).toBe(true);
    expect(rows.some((r) => r.channel === 'email')).toBe(false); // no e-mail address given
  });

  it('carries the national-portal sync record, with the previous and new appointment after an apology', async () => {
    await createWebhookSubscriptions(database.db).create({ name: 'Cổng DVCQG', url: 'https://portal.example/hook' });
    const id = nextId();
    const readModel = createDossierReadModel(database.db);
    for (const event of lifecycle(id)) await readModel.applyEvent(event);
    const rows = await messagesOf(id);
    const apology = rows.find((r) => r.eventType === 'APOLOGISED')!;
    expect(apology.payload).toMatchObject({
      id: apology.id,
      type: 'dossier.appointment_changed',
      event: { dossierId: id, sequence: 5, type: 'APOLOGISED' },
      portalSync: {
        dossierCode: `000.00.01.H56-260309-${id.slice(-4)}`,
        procedureCode: '1.004222',
        receivedAt: '2026-03-09T01:00:00.000Z',
        status: 'IN_HANDLING',
        appointmentAt: NEW_APPOINTMENT,
        previousAppointmentAt: APPOINTMENT,
        newAppointmentAt: NEW_APPOINTMENT,
      },
    });
    const accepted = rows.find((r) => r.eventType === 'ACCEPTED')!;
    expect(accepted.payload).toMatchObject({
      type: 'dossier.status_changed',
      portalSync: { status: 'ACCEPTED', previousStatus: 'AWAITING_RECEPTION_CHECK', appointmentAt: APPOINTMENT, previousAppointmentAt: null },
    });
    expect(JSON.stringify(rows.map((r) => r.payload))).not.toMatch(/Nguyễn|079199004455/);
  });

  it("queues the applicant's e-mails only for what they must know, and only when they gave an address", async () => {
    const id = nextId();
    for (const event of lifecycle(id, 'hoa@example.vn')) await createDossierReadModel(database.db).applyEvent(event);
    const mails = (await messagesOf(id)).filter((r) => r.channel === 'email');
    expect(mails.map((m) => m.eventType)).toEqual(['ACCEPTED', 'APOLOGISED', 'RESULT_READY']);
    expect(mails.every((m) => m.recipient === 'hoa@example.vn' && m.target === 'email')).toBe(true);
    expect(mails[1]!.payload).toMatchObject({ template: 'APOLOGISED', previousAppointmentAt: APPOINTMENT, appointmentAt: NEW_APPOINTMENT, reason: 'Chờ kết quả xác minh' });
  });

  it('sends nothing new to a disabled subscription and cancels what it had pending', async () => {
    const subscriptions = createWebhookSubscriptions(database.db);
    const hook = await subscriptions.create({ name: 'Sở', url: 'https://so.example/hook' });
    const id = nextId();
    const [received, accepted] = lifecycle(id);
    await createDossierReadModel(database.db).applyEvent(received!);
    expect(await subscriptions.disable(hook.id)).toEqual({ cancelled: 1 });
    expect(await subscriptions.disable(hook.id)).toBeUndefined();
    await createDossierReadModel(database.db).applyEvent(accepted!);
    expect((await messagesOf(id)).map((r) => [r.eventType, r.status])).toEqual([['RECEIVED', 'cancelled']]);
  });
});

describe.each(databaseKinds)('outbox claims (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    await createWebhookSubscriptions(database.db).create({ name: 'Cổng DVCQG', url: 'https://portal.example/hook' });
    const readModel = createDossierReadModel(database.db);
    for (let d = 1; d <= 8; d++) for (const event of lifecycle(`dossier-claims-${d}`)) await readModel.applyEvent(event);
  });
  afterAll(async () => database?.dispose());

  it('gives each due message to one dispatcher only, and a dossier only its earliest pending message', async () => {
    const outbox = createOutbox(database.db);
    const rounds = await Promise.all([1, 2, 3, 4].map(() => outbox.claimDue(5, 60_000)));
    const ids = rounds.flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    // 8 dossiers, each with its RECEIVED message first: later ones wait until it is no longer pending.
    expect(rounds.flat().map((m) => m.eventType).sort()).toEqual(Array(8).fill('RECEIVED'));
    expect(await outbox.claimDue(20, 60_000)).toEqual([]); // all leased
    await Promise.all(rounds.flat().map((m) => outbox.markDelivered(m)));
    const next = await outbox.claimDue(20, 60_000);
    expect(next.map((m) => m.eventType)).toEqual(Array(8).fill('ACCEPTED'));
    expect(next[0]!.subscription).toMatchObject({ url: 'https://portal.example/hook', disabled: false });
  });

  it('ignores a stale claim: after its lease ran out and another dispatcher took the message, its outcome is dropped', async () => {
    const outbox = createOutbox(database.db);
    await database.db.execute(sql`update outbox_messages set next_attempt_at = now() where status = 'pending'`);
    const [stale] = await outbox.claimDue(1, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [fresh] = (await outbox.claimDue(20, 60_000)).filter((m) => m.id === stale!.id);
    expect(fresh!.attempts).toBe(stale!.attempts + 1);
    expect(await outbox.markFailed(stale!, 'HTTP 500', 1000)).toBe(false);
    expect(await outbox.markDelivered(fresh!)).toBe(true);
    expect(await outbox.find(stale!.id)).toMatchObject({ status: 'delivered', lastError: null });
  });
});
