import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { outboxMessages } from '../../db/schema';
import { authHeader, callers, type Caller } from '../support/auth';
import { lifecycle } from '../support/outbox-fixtures';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';

describe('admin routes for webhooks and the outbox', () => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp();
  });
  afterAll(async () => api?.close());

  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, caller: Caller | null = callers.admin) => {
    const headers = { ...(caller ? await authHeader(caller) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const payload = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    const response = await api.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };
  const webhookCount = async () => (await call('GET', '/v1/admin/webhooks')).body.length as number;

  it('creates a subscription, shows its generated secret once, lists it without the secret and disables it', async () => {
    const created = await call('POST', '/v1/admin/webhooks', { name: 'Cổng DVCQG', url: 'https://dvc.example.gov.vn/hook', eventTypes: ['ACCEPTED', 'RESULT_READY'] });
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^wh_[0-9a-f]{16}$/), eventTypes: ['ACCEPTED', 'RESULT_READY'], disabledAt: null } });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = created.body.id as string;
    const listed = await call('GET', '/v1/admin/webhooks');
    expect(listed.body.find((w: { id: string }) => w.id === id)).toMatchObject({ name: 'Cổng DVCQG', url: 'https://dvc.example.gov.vn/hook' });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect((await call('GET', `/v1/admin/webhooks/${id}`)).body).not.toHaveProperty('secret');
    expect((await call('DELETE', `/v1/admin/webhooks/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/admin/webhooks/${id}`)).body.disabledAt).not.toBeNull();
    expect(await call('DELETE', `/v1/admin/webhooks/${id}`)).toMatchObject({ status: 404, body: { title: 'Webhook not found' } });
    expect((await call('GET', '/v1/admin/webhooks/wh_0000000000000000')).status).toBe(404);
  });

  it("keeps a receiver's own secret when one is given", async () => {
    const secret = 'receiver-chosen-secret-0123456789abcdef';
    const created = await call('POST', '/v1/admin/webhooks', { name: 'Sở Tư pháp', url: 'http://127.0.0.1:8080/hook', secret });
    expect(created).toMatchObject({ status: 201, body: { secret, eventTypes: [] } });
  });

  it.each([
    ['a missing url', { name: 'x' }, 'body.url'],
    ['a URL of another scheme', { name: 'x', url: 'ftp://example.com/hook' }, 'body.url'],
    ['event types as a string', { name: 'x', url: 'https://a.example/h', eventTypes: 'ACCEPTED' }, 'body.eventTypes'],
    ['an unknown event type', { name: 'x', url: 'https://a.example/h', eventTypes: ['ACCEPTED', 'EXPLODED'] }, 'body.eventTypes.1'],
    ['a repeated event type', { name: 'x', url: 'https://a.example/h', eventTypes: ['ACCEPTED', 'ACCEPTED'] }, 'body.eventTypes'],
    ['a short secret', { name: 'x', url: 'https://a.example/h', secret: 'short' }, 'body.secret'],
    ['a name of the wrong type', { name: 42, url: 'https://a.example/h' }, 'body.name'],
    ['an unknown field', { name: 'x', url: 'https://a.example/h', active: true }, 'body.active'],
  ])('refuses %s with 400 naming the field, and creates nothing', async (_case, body, field) => {
    const before = await webhookCount();
    const response = await call('POST', '/v1/admin/webhooks', body);
    expect(response).toMatchObject({ status: 400, body: { field } });
    expect(await webhookCount()).toBe(before);
  });

  it('refuses malformed JSON and bad ids with 400', async () => {
    expect((await call('POST', '/v1/admin/webhooks', '{"name": "x",')).status).toBe(400);
    expect(await call('DELETE', '/v1/admin/webhooks/not-an-id')).toMatchObject({ status: 400, body: { field: 'params.id' } });
    expect(await call('POST', '/v1/admin/outbox/msg_x/retry')).toMatchObject({ status: 400, body: { field: 'params.id' } });
  });

  it('lets admins only', async () => {
    const body = { name: 'x', url: 'https://a.example/h' };
    expect((await call('POST', '/v1/admin/webhooks', body, null)).status).toBe(401);
    for (const caller of [callers.officer, callers.leader, callers.integrator, { role: 'applicant', sub: '079199004455' } as Caller]) {
      expect((await call('POST', '/v1/admin/webhooks', body, caller)).status).toBe(403);
      expect((await call('GET', '/v1/admin/webhooks', undefined, caller)).status).toBe(403);
      expect((await call('GET', '/v1/admin/outbox', undefined, caller)).status).toBe(403);
    }
  });

  it('lists dead messages with a masked recipient, and sends one again once', async () => {
    for (const event of lifecycle('dossier-admin-0001', 'hoa@example.vn')) await createDossierReadModel(api.database.db).applyEvent(event);
    const [mail] = await api.database.db.select().from(outboxMessages).where(eq(outboxMessages.channel, 'email')).limit(1);
    await api.database.db.update(outboxMessages).set({ status: 'dead', attempts: 30, lastError: 'SMTP: 550 mailbox unavailable' }).where(eq(outboxMessages.id, mail!.id));
    const dead = await call('GET', '/v1/admin/outbox?status=dead');
    expect(dead.body.counts).toMatchObject({ dead: 1 });
    expect(dead.body.items).toEqual([expect.objectContaining({ id: mail!.id, recipient: 'h***@example.vn', attempts: 30, channel: 'email' })]);
    expect(JSON.stringify(dead.body)).not.toContain('hoa@example.vn');
    const retried = await call('POST', `/v1/admin/outbox/${mail!.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { status: 'pending', attempts: 0, lastError: null } });
    expect(await call('POST', `/v1/admin/outbox/${mail!.id}/retry`)).toMatchObject({ status: 409, body: { field: 'params.id' } });
    expect((await call('POST', `/v1/admin/outbox/msg_${'0'.repeat(32)}/retry`)).status).toBe(404);
  });

  it('refuses unknown filters and statuses on the outbox list', async () => {
    expect(await call('GET', '/v1/admin/outbox?status=lost')).toMatchObject({ status: 400, body: { field: 'querystring.status' } });
    expect((await call('GET', '/v1/admin/outbox?limit=0')).status).toBe(400);
    expect((await call('GET', '/v1/admin/outbox?colour=red')).status).toBe(400);
  });
});
