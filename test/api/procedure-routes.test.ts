import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueDefinition } from '../../db/catalogue/definition';
import { seedDefinition } from '../../db/seed/catalogue-definitions';
import { applicant, authHeader, callers, type Caller } from '../support/auth';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';

// The catalogue routes on a fresh database holding the 11 seed procedures. 1.115520 is Thanh Hóa's code for the
// content of Hải Phòng's 1.115620 (../shared/domain/procedures.md): what an admin there would add.

const definitionOf = (code: string) => structuredClone(seedDefinition(code)) as CatalogueDefinition;
const thanhHoa = (): CatalogueDefinition => ({ ...definitionOf('1.115620'), code: '1.115520' });

describe('procedure catalogue routes', () => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp();
  });
  afterAll(async () => api?.close());

  async function call(method: 'GET' | 'POST' | 'PUT', url: string, options: { as?: Caller; body?: unknown; raw?: string } = {}) {
    const headers: Record<string, string> = options.as ? await authHeader(options.as) : {};
    const hasBody = options.body !== undefined || options.raw !== undefined;
    if (hasBody) headers['content-type'] = 'application/json';
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await api.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: response.statusCode, body: response.json() };
  }
  const asAdmin = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => call(method, url, { as: callers.admin, body });

  describe('public reads, without a token', () => {
    it('lists published procedures by code, filtered by level, sector and words, page by page', async () => {
      const all = await call('GET', '/v1/procedures');
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(11);
      expect(all.body.items[0]).toMatchObject({ code: '1.000894', version: 1, level: 'commune', field: 'Hộ tịch', limit: { unit: 'working_days', value: 1 } });
      expect((await call('GET', '/v1/procedures?level=province')).body.items.map((i: { code: string }) => i.code)).toEqual(['2.001610', '3.000333']);
      expect((await call('GET', '/v1/procedures?field=ho%20tich&q=khai%20sinh')).body.items.map((i: { code: string }) => i.code)).toEqual([
        '1.001193',
        '2.000986',
      ]);
      const first = await call('GET', '/v1/procedures?limit=4');
      expect(first.body.nextCursor).toBe('1.001612');
      const second = await call('GET', `/v1/procedures?limit=4&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].code).toBe('1.004222');
      expect((await call('GET', '/v1/procedures?limit=11')).body.nextCursor).toBeNull();
    });

    it('reads the published version with its components and sources, and any released version', async () => {
      const { status, body } = await call('GET', '/v1/procedures/1.001193');
      expect(status).toBe(200);
      expect(body).toMatchObject({ code: '1.001193', version: 1, status: 'published', retiredAt: null });
      expect(body.definition).toEqual(definitionOf('1.001193'));
      expect(body).not.toHaveProperty('publishedBy');
      expect((await call('GET', '/v1/procedures/1.001193/versions/1')).body.definition.code).toBe('1.001193');
    });

    it('answers 404 for unknown codes, drafts and unpublished versions, and 400 naming bad parameters', async () => {
      expect((await call('GET', '/v1/procedures/9.999999')).status).toBe(404);
      expect((await call('GET', '/v1/procedures/1.001193/versions/7')).status).toBe(404);
      const badCode = await call('GET', '/v1/procedures/khai-sinh');
      expect(badCode).toMatchObject({ status: 400, body: { field: 'params.code' } });
      expect((await call('GET', '/v1/procedures/1.001193/versions/zero')).body.field).toBe('params.version');
      expect((await call('GET', '/v1/procedures?level=district')).body.field).toBe('querystring.level');
      expect((await call('GET', '/v1/procedures?limit=1000')).body.field).toBe('querystring.limit');
    });
  });

  describe('admin lifecycle', () => {
    it('creates a code as a draft, edits it, publishes it; drafts stay out of the public catalogue', async () => {
      const created = await asAdmin('POST', '/v1/admin/procedures', thanhHoa());
      expect(created).toMatchObject({ status: 201, body: { code: '1.115520', version: 1, status: 'draft', createdBy: 'admin-1' } });
      expect((await call('GET', '/v1/procedures/1.115520')).status).toBe(404);
      expect((await call('GET', '/v1/procedures/1.115520/versions/1')).status).toBe(404);
      const edited = await asAdmin('PUT', '/v1/admin/procedures/1.115520/versions/1', { ...thanhHoa(), nameEn: 'First land registration (Thanh Hóa)' });
      expect(edited).toMatchObject({ status: 200, body: { updatedBy: 'admin-1', definition: { nameEn: 'First land registration (Thanh Hóa)' } } });
      const published = await asAdmin('POST', '/v1/admin/procedures/1.115520/versions/1/publish');
      expect(published).toMatchObject({ status: 200, body: { status: 'published', publishedBy: 'admin-1' } });
      expect((await call('GET', '/v1/procedures/1.115520')).body.definition.nameEn).toBe('First land registration (Thanh Hóa)');
    });

    it('starts the next version from the published one, publishes it and supersedes the first', async () => {
      const next = await asAdmin('POST', '/v1/admin/procedures/1.115520/versions', {});
      expect(next).toMatchObject({ status: 201, body: { version: 2, status: 'draft', basedOn: 1 } });
      const sent = await asAdmin('POST', '/v1/admin/procedures/1.115520/versions');
      expect(sent).toMatchObject({ status: 409, body: { title: 'Procedure version conflict' } });
      await asAdmin('PUT', '/v1/admin/procedures/1.115520/versions/2', { ...next.body.definition, limit: { unit: 'working_days', value: 20 } });
      await asAdmin('POST', '/v1/admin/procedures/1.115520/versions/2/publish');
      const versions = await asAdmin('GET', '/v1/admin/procedures/1.115520/versions');
      expect(versions.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
        [1, 'superseded'],
        [2, 'published'],
      ]);
      expect((await call('GET', '/v1/procedures/1.115520')).body).toMatchObject({ version: 2, definition: { limit: { value: 20 } } });
      expect((await call('GET', '/v1/procedures/1.115520/versions/1')).body).toMatchObject({ status: 'superseded' });
      const changes = await asAdmin('GET', '/v1/admin/procedures/1.115520/changes');
      expect(changes.body.map((c: { action: string }) => c.action)).toEqual(['created', 'edited', 'published', 'created', 'edited', 'superseded', 'published']);
    });

    it('withdraws the published version: the code is then out of the public catalogue', async () => {
      const withdrawn = await asAdmin('POST', '/v1/admin/procedures/1.115520/versions/2/withdraw');
      expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn', retiredBy: 'admin-1' } });
      expect((await call('GET', '/v1/procedures/1.115520')).status).toBe(404);
      expect((await call('GET', '/v1/procedures/1.115520/versions/2')).body.status).toBe('withdrawn');
      expect((await asAdmin('POST', '/v1/admin/procedures/1.115520/versions/2/withdraw')).status).toBe(409);
    });

    it('answers 409 for editing or republishing a released version, and for an existing code', async () => {
      const edit = await asAdmin('PUT', '/v1/admin/procedures/1.001193/versions/1', definitionOf('1.001193'));
      expect(edit).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/published and never changes/) } });
      expect((await asAdmin('POST', '/v1/admin/procedures/1.115520/versions/1/publish')).status).toBe(409);
      expect((await asAdmin('POST', '/v1/admin/procedures', definitionOf('1.001193'))).status).toBe(409);
      expect((await call('GET', '/v1/procedures/1.001193')).body.definition).toEqual(definitionOf('1.001193'));
    });

    it('answers 404 for an unknown code or version', async () => {
      expect((await asAdmin('POST', '/v1/admin/procedures/9.999999/versions', {})).status).toBe(404);
      expect((await asAdmin('PUT', '/v1/admin/procedures/1.001193/versions/99', definitionOf('1.001193'))).status).toBe(404);
      expect((await asAdmin('GET', '/v1/admin/procedures/9.999999/versions')).status).toBe(404);
      expect((await asAdmin('GET', '/v1/admin/procedures/1.001193/versions/99')).status).toBe(404);
    });
  });

  describe('invalid definitions', () => {
    let draft: { version: number; definition: CatalogueDefinition };
    beforeAll(async () => {
      draft = (await asAdmin('POST', '/v1/admin/procedures/1.004222/versions', {})).body;
    });
    const put = (body: unknown) => asAdmin('PUT', `/v1/admin/procedures/1.004222/versions/${draft.version}`, body);

    it.each([
      ['a missing field', (d: CatalogueDefinition) => ({ ...d, field: undefined }), 'body.field'],
      ['a wrong type', (d: CatalogueDefinition) => ({ ...d, limit: { unit: 'working_days', value: 'seven' } }), 'body.limit.value'],
      ['an unknown field', (d: CatalogueDefinition) => ({ ...d, components: [{ ...d.components[0], maxSize: 1 }] }), 'body.components.0.maxSize'],
      ['a repeated step id', (d: CatalogueDefinition) => ({ ...d, steps: [d.steps[0], d.steps[0]] }), 'body.steps.1.id'],
      ['a bad media type', (d: CatalogueDefinition) => ({ ...d, components: [{ ...d.components[0], acceptedMediaTypes: ['pdf'] }] }), 'body.components.0.acceptedMediaTypes.0'],
      ['another code', (d: CatalogueDefinition) => ({ ...d, code: '1.001193' }), 'body.code'],
      ['not an object', () => ['a', 'list'], 'body'],
    ])('refuses %s with 422 naming the field, and changes nothing', async (_what, change, field) => {
      const { status, body } = await put(change(draft.definition));
      expect(status).toBe(422);
      expect(body).toMatchObject({ title: 'Invalid procedure definition', field });
      expect((await asAdmin('GET', `/v1/admin/procedures/1.004222/versions/${draft.version}`)).body.definition).toEqual(draft.definition);
    });

    it('refuses an invalid new code with 422 and creates nothing', async () => {
      const { status, body } = await asAdmin('POST', '/v1/admin/procedures', { ...thanhHoa(), code: '1.115760', steps: [] });
      expect(status).toBe(422);
      expect(body.field).toBe('body.steps');
      expect((await asAdmin('GET', '/v1/admin/procedures/1.115760/versions')).status).toBe(404);
    });

    it('answers 400 for malformed JSON and a bad version number, 415 for another content type', async () => {
      const malformed = await call('PUT', `/v1/admin/procedures/1.004222/versions/${draft.version}`, { as: callers.admin, raw: '{"code": ' });
      expect(malformed.status).toBe(400);
      const badVersion = await asAdmin('PUT', '/v1/admin/procedures/1.004222/versions/-1', draft.definition);
      expect(badVersion).toMatchObject({ status: 400, body: { field: 'params.version' } });
      const text = await api.app.inject({
        method: 'PUT',
        url: `/v1/admin/procedures/1.004222/versions/${draft.version}`,
        headers: { ...(await authHeader(callers.admin)), 'content-type': 'text/plain' },
        payload: 'code=1.004222',
      });
      expect(text.statusCode).toBe(415);
    });
  });

  describe('who may call', () => {
    const adminRoutes: ['GET' | 'POST' | 'PUT', string][] = [
      ['POST', '/v1/admin/procedures'],
      ['POST', '/v1/admin/procedures/1.001193/versions'],
      ['PUT', '/v1/admin/procedures/1.001193/versions/1'],
      ['POST', '/v1/admin/procedures/1.001193/versions/1/publish'],
      ['POST', '/v1/admin/procedures/1.001193/versions/1/withdraw'],
      ['GET', '/v1/admin/procedures/1.001193/versions'],
      ['GET', '/v1/admin/procedures/1.001193/versions/1'],
      ['GET', '/v1/admin/procedures/1.001193/changes'],
    ];
    const others: [string, Caller][] = [
      ['applicant', applicant('079199001122')],
      ['officer', callers.officer],
      ['leader', callers.leader],
      ['integrator', callers.integrator],
    ];

    it.each(adminRoutes)('%s %s: 401 without credentials, 403 for every role but admin, nothing changed', async (method, url) => {
      const body = method === 'GET' ? undefined : definitionOf('1.001193');
      expect((await call(method, url, { body })).status).toBe(401);
      for (const [, caller] of others) expect((await call(method, url, { as: caller, body })).status).toBe(403);
      expect((await call('GET', '/v1/procedures/1.001193')).body).toMatchObject({ version: 1, status: 'published' });
    });

    it('lets every role and anonymous callers read the public catalogue', async () => {
      for (const [, caller] of [...others, ['admin', callers.admin] as [string, Caller]]) {
        expect((await call('GET', '/v1/procedures/1.001193', { as: caller })).status).toBe(200);
      }
    });

    it('documents every catalogue route in the OpenAPI document', async () => {
      const paths = Object.keys((await call('GET', '/openapi.json')).body.paths);
      expect(paths).toEqual(expect.arrayContaining(['/v1/procedures', '/v1/procedures/{code}', '/v1/admin/procedures/{code}/versions/{version}/publish']));
    });
  });
});
