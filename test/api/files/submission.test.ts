import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierDocuments, dossierSubmissions } from '../../../db/schema';
import { dossierWorkflowId } from '../../../api/routes/dossiers/ids';
import { applicant, callers } from '../../support/auth';
import { startTestSystem, type TestSystem } from '../../support/system';
import { client, exe, jpeg, newKey, pdf, png, sha256, storeOf, submissionPart, type Part } from './support';

// Birth registration (Đăng ký khai sinh, 1.001193) submitted online: the interactive form (KQ003967) is required;
// the birth certificate (KQ004389) and the written mandate (KQ003159) are optional in the catalogue's reading.
const FORM = '000.00.00.G15-KQ003967';
const BIRTH_CERTIFICATE = '000.00.00.G15-KQ004389';
const MANDATE = '000.00.00.G15-KQ003159';
const citizen = applicant('001099012345');
const submission = (documents: unknown[], extra: Record<string, unknown> = {}) => ({
  procedureCode: '1.001193',
  unitCode: '000.00.01.H56',
  channel: 'online',
  applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: citizen.sub },
  documents,
  ...extra,
});
const file = (name: string, filename: string, type: string, content: Buffer): Part => ({ name, filename, type, content });

describe('submission with files (multipart)', () => {
  let system: TestSystem;
  const api = client(() => system);
  beforeAll(async () => {
    system = await startTestSystem('pglite');
  });
  afterAll(async () => system?.close());

  /** Nothing of the dossier exists: no workflow, no read-model row, no file rows. */
  async function expectNothingCreated(key: string) {
    const id = dossierWorkflowId(key);
    await expect(system.temporal.workflow.getHandle(id).describe()).rejects.toThrow();
    expect(await system.app.readModel.findById(id)).toBeUndefined();
    const db = system.database.db;
    expect((await db.select().from(dossierSubmissions)).filter((row) => row.dossierId === id)).toEqual([]);
    expect((await db.select().from(dossierDocuments)).filter((row) => row.dossierId === id)).toEqual([]);
  }

  it('stores every file durably before the acknowledgment, and lists and serves them', async () => {
    const [form, certificate, mandate] = [pdf('tờ khai'), png(), jpeg()];
    const answer = await api.submit(citizen, [
      submissionPart(submission([
        { componentCode: FORM, part: 'form', sha256: sha256(form) },
        { componentCode: BIRTH_CERTIFICATE, part: 'certificate' },
        { componentCode: MANDATE, part: 'mandate' },
      ])),
      file('form', 'Tờ khai khai sinh.pdf', 'application/pdf', form),
      file('certificate', 'giay-chung-sinh.png', 'image/png', certificate),
      file('mandate', 'uy-quyen.jpg', 'image/jpeg', mandate),
    ]);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'AWAITING_RECEPTION_CHECK', procedureCode: '1.001193' });
    // Durable when acknowledged: each file is in place under its digest, no temporary file is left.
    const store = storeOf(system);
    for (const content of [form, certificate, mandate]) expect(readFileSync(store.pathOf(sha256(content)))).toEqual(content);
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([]);

    const listed = await api.get(citizen, `/v1/dossiers/${answer.body.id}/documents`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { position: 0, componentCode: FORM, name: 'Tờ khai khai sinh.pdf', sha256: sha256(form), size: form.length, mediaType: 'application/pdf', source: 'upload', warehouseItem: null },
      expect.objectContaining({ position: 1, componentCode: BIRTH_CERTIFICATE, mediaType: 'image/png', sha256: sha256(certificate) }),
      expect.objectContaining({ position: 2, componentCode: MANDATE, mediaType: 'image/jpeg', sha256: sha256(mandate) }),
    ]);
    const download = await api.get(callers.officer, `/v1/dossiers/${answer.body.id}/documents/${sha256(form)}`);
    expect(download.status).toBe(200);
    expect(download.body).toEqual(form);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="To khai khai sinh.pdf"; filename*=UTF-8''${encodeURIComponent('Tờ khai khai sinh.pdf')}`);
  });

  it('has one effect for a retried submission: one dossier, each file stored once', async () => {
    const key = newKey();
    const [form, certificate] = [pdf(), png()];
    const parts = [
      submissionPart(submission([{ componentCode: FORM, part: 'form' }, { componentCode: BIRTH_CERTIFICATE, part: 'certificate' }])),
      file('form', 'form.pdf', 'application/pdf', form),
      file('certificate', 'certificate.png', 'image/png', certificate),
    ];
    const first = await api.submit(citizen, parts, key);
    const second = await api.submit(citizen, parts, key);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    const stored = readdirSync(join(storeOf(system).root, 'sha256'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && [sha256(form), sha256(certificate)].includes(entry.name));
    expect(stored).toHaveLength(2);
    expect((await api.get(citizen, `/v1/dossiers/${first.body.id}/documents`)).body).toHaveLength(2);
    const again = await api.submit(citizen, [submissionPart(submission([{ componentCode: FORM, part: 'form' }, { componentCode: BIRTH_CERTIFICATE, part: 'c' }])), file('form', 'f.pdf', 'application/pdf', pdf()), file('c', 'c.png', 'image/png', png())], key);
    expect(again).toMatchObject({ status: 422, body: { field: 'headers.idempotency-key' } });
  });

  it('lists every problem of a failing check in one 422, and creates nothing', async () => {
    const key = newKey();
    const renamed = exe();
    const answer = await api.submit(citizen, [
      submissionPart(submission([
        { componentCode: FORM, part: 'form' },
        { componentCode: MANDATE, part: 'mandate', sha256: '0'.repeat(64) },
        { componentCode: '000.00.00.G15-KQ999999', part: 'stray' },
      ])),
      file('form', 'to-khai.pdf', 'application/pdf', renamed),
      file('mandate', '../../etc/passwd', 'image/jpeg', jpeg()),
      file('stray', 'a.pdf', 'application/pdf', pdf()),
      file('unlisted', 'b.pdf', 'application/pdf', pdf()),
    ], key);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ title: 'Technical check failed', field: 'documents.2.componentCode' });
    const problems = Object.fromEntries(answer.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(problems).toEqual({
      'documents.2.componentCode': expect.stringContaining('is not a component of procedure 1.001193'),
      'parts.form': expect.stringContaining('Windows executable'),
      'parts.mandate.filename': expect.stringContaining('path separator'),
      'parts.mandate': expect.stringMatching(/sha256 is [0-9a-f]{64}, the manifest declared 0{64}/),
      'parts.unlisted': 'no document of the manifest names this part',
    });
    await expectNothingCreated(key);
    expect(existsSync(storeOf(system).pathOf(sha256(renamed)))).toBe(false); // refused content is not kept
  });

  it('keeps the JSON form for submissions without uploads, and refuses upload entries in it', async () => {
    const residence = { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant: { kind: 'citizen', fullName: 'Trần Thị Bình', identifier: citizen.sub } };
    const used = newKey();
    expect((await api.post(citizen, '/v1/dossiers', residence, used)).status).toBe(201);
    const reused = await api.post(citizen, '/v1/dossiers', { ...residence, procedureCode: '1.001193' }, used);
    expect(reused).toMatchObject({ status: 422, body: { field: 'headers.idempotency-key' } });
    const malformed = await api.call(citizen, 'POST', '/v1/dossiers', { body: '{"procedureCode":', type: 'application/json', key: newKey() });
    expect(malformed.status).toBe(400);
    const unknown = await api.post(citizen, '/v1/dossiers', { ...residence, documents: [{ componentCode: FORM, part: 'form', size: 3 }] });
    expect(unknown).toMatchObject({ status: 400, body: { field: expect.stringMatching(/^body\.documents\.0/) } });
    const key = newKey();
    const missing = await api.post(citizen, '/v1/dossiers', submission([{ componentCode: FORM, part: 'form' }]), key);
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['documents.0.part']);
    await expectNothingCreated(key);
  });

  it('answers 400 naming the field for a bad submission part, before reading the files', async () => {
    const cases: [Part[], string][] = [
      [[file('form', 'f.pdf', 'application/pdf', pdf()), submissionPart(submission([]))], 'submission'],
      [[{ name: 'submission', content: '{"procedureCode": ' }], 'submission'],
      [[submissionPart({ ...submission([]), colour: 'blue' })], 'body'],
      [[submissionPart(submission([{ componentCode: FORM, part: '../form' }]))], 'body.documents.0'],
      [[submissionPart({ ...submission([]), applicant: { kind: 'citizen', identifier: citizen.sub } })], 'body.applicant.fullName'],
    ];
    for (const [parts, field] of cases) {
      const key = newKey();
      const answer = await api.submit(citizen, parts, key);
      expect(answer.status, field).toBe(400);
      expect(answer.body.field, JSON.stringify(answer.body)).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}`));
      await expectNothingCreated(key);
    }
  });

  it("lets an applicant read only their own dossier's documents", async () => {
    const answer = await api.submit(citizen, [
      submissionPart(submission([{ componentCode: FORM, part: 'form' }, { componentCode: BIRTH_CERTIFICATE, part: 'c' }])),
      file('form', 'f.pdf', 'application/pdf', pdf()),
      file('c', 'c.png', 'image/png', png()),
    ]);
    const path = `/v1/dossiers/${answer.body.id}/documents`;
    expect((await api.get(applicant('001099099999'), path)).status).toBe(403);
    expect((await api.get(callers.otherOfficer, path)).status).toBe(403);
    expect((await api.get(null, path)).status).toBe(401);
    const [document] = (await api.get(citizen, path)).body;
    expect((await api.get(applicant('001099099999'), `${path}/${document.sha256}`)).status).toBe(403);
    expect((await api.get(citizen, `${path}/${'e'.repeat(64)}`)).status).toBe(404);
    expect((await api.get(citizen, `${path}/not-a-digest`)).status).toBe(400);
    const other = await api.submit(applicant('001099099999'), [submissionPart(submission([]))]);
    expect(other).toMatchObject({ status: 403, body: { field: 'body.applicant.identifier' } });
  });
});
