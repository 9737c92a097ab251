import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, callers } from '../../support/auth';
import { startTestSystem, type TestSystem } from '../../support/system';
import { client, pdf, png, sha256, submissionPart, type Part } from './support';

// The applicant's e-data warehouse (Decree 45/2020 Art. 11(4)): accepted components and returned e-results of
// consenting applicants; a later submission reuses an item instead of uploading it again.
const FORM = '000.00.00.G15-KQ003967';
const BIRTH_CERTIFICATE = '000.00.00.G15-KQ004389';
const officer = callers.officer;

describe("the applicant's warehouse", () => {
  let system: TestSystem;
  const api = client(() => system);
  beforeAll(async () => {
    system = await startTestSystem('pglite');
  });
  afterAll(async () => system?.close());

  const birthRegistration = (identifier: string, documents: unknown[], warehouseConsent: boolean) => ({
    procedureCode: '1.001193',
    unitCode: '000.00.01.H56',
    channel: 'online',
    applicant: { kind: 'citizen', fullName: 'Lê Thị Hoa', identifier },
    warehouseConsent,
    documents,
  });
  const file = (name: string, content: Buffer, type: string): Part => ({ name, filename: `${name}.${type.split('/')[1]}`, type, content });

  /** Submits the birth registration with two uploaded files; returns the dossier id and the files. */
  async function submitWithFiles(identifier: string, warehouseConsent: boolean) {
    const [form, certificate] = [pdf(), png()];
    const documents = [{ componentCode: FORM, part: 'form' }, { componentCode: BIRTH_CERTIFICATE, part: 'certificate' }];
    const answer = await api.submit(applicant(identifier), [
      submissionPart(birthRegistration(identifier, documents, warehouseConsent)),
      file('form', form, 'application/pdf'),
      file('certificate', certificate, 'image/png'),
    ]);
    expect(answer.status).toBe(201);
    return { id: answer.body.id as string, form, certificate };
  }
  const warehouseOf = async (identifier: string) => (await api.get(applicant(identifier), '/v1/me/warehouse')).body.items as any[];

  it('places accepted components of a consenting applicant, and a later submission reuses them', async () => {
    const owner = '001299000111';
    const { id, certificate } = await submitWithFiles(owner, true);
    expect(await warehouseOf(owner)).toEqual([]); // not accepted yet
    expect((await api.post(officer, `/v1/dossiers/${id}/accept`, {})).status).toBe(200);
    const items = await warehouseOf(owner);
    expect(items.map((item) => [item.origin, item.componentCode, item.dossierId]).sort()).toEqual([
      ['component', FORM, id],
      ['component', BIRTH_CERTIFICATE, id],
    ]);
    const item = items.find((i) => i.componentCode === BIRTH_CERTIFICATE);
    expect(item).toMatchObject({ sha256: sha256(certificate), mediaType: 'image/png', size: certificate.length });
    const download = await api.get(applicant(owner), `/v1/me/warehouse/${item.id}`);
    expect(download.body).toEqual(certificate);

    // Reuse, as a JSON body: no file is uploaded again.
    const form = items.find((i) => i.componentCode === FORM);
    const reuse = [{ componentCode: FORM, warehouseItem: form.id }, { componentCode: BIRTH_CERTIFICATE, warehouseItem: item.id, sha256: item.sha256 }];
    const second = await api.post(applicant(owner), '/v1/dossiers', birthRegistration(owner, reuse, true));
    expect(second.status).toBe(201);
    const documents = (await api.get(applicant(owner), `/v1/dossiers/${second.body.id}/documents`)).body;
    expect(documents.map((d: any) => [d.componentCode, d.source, d.warehouseItem, d.sha256])).toEqual([
      [FORM, 'warehouse', form.id, form.sha256],
      [BIRTH_CERTIFICATE, 'warehouse', item.id, item.sha256],
    ]);
    expect((await api.get(officer, `/v1/dossiers/${second.body.id}/documents/${item.sha256}`)).body).toEqual(certificate);

    // Another applicant can neither see nor reuse them; staff cannot reuse them for the applicant.
    const stranger = '001299000999';
    expect(await warehouseOf(stranger)).toEqual([]);
    expect((await api.get(applicant(stranger), `/v1/me/warehouse/${item.id}`)).status).toBe(404);
    const stolen = await api.post(applicant(stranger), '/v1/dossiers', birthRegistration(stranger, reuse, false));
    expect(stolen.status).toBe(422);
    expect(stolen.body.errors.map((e: any) => e.field)).toEqual(['documents.0.warehouseItem', 'documents.1.warehouseItem']);
    const byStaff = await api.post(officer, '/v1/dossiers', birthRegistration(owner, reuse, false));
    expect(byStaff).toMatchObject({ status: 422, body: { field: 'documents.0.warehouseItem' } });
    const wrongDigest = [{ componentCode: FORM, warehouseItem: form.id, sha256: 'f'.repeat(64) }, reuse[1]];
    const mismatch = await api.post(applicant(owner), '/v1/dossiers', birthRegistration(owner, wrongDigest, false));
    expect(mismatch).toMatchObject({ status: 422, body: { field: 'documents.0.warehouseItem', detail: expect.stringContaining('declared') } });
  });

  it('places nothing without consent', async () => {
    const owner = '001299000222';
    const { id } = await submitWithFiles(owner, false);
    await api.post(officer, `/v1/dossiers/${id}/accept`, {});
    expect(await warehouseOf(owner)).toEqual([]);
  });

  it('places the signed e-result once it is returned', async () => {
    const owner = '001299000333';
    const { id } = await submitWithFiles(owner, true);
    for (const [path, input] of [['accept', {}], ['transfer', {}], ['hand-over', { stepId: 'handling', outcome: 'COMPLETED' }], ['approve', { results: ['Giấy khai sinh'] }]] as const) {
      expect((await api.post(officer, `/v1/dossiers/${id}/${path}`, input)).status).toBe(200);
    }
    const [documentNo] = (await api.get(officer, `/v1/dossiers/${id}`)).body.resultDocuments;
    const result = pdf('Giấy khai sinh');
    expect((await api.call(officer, 'PUT', `/v1/dossiers/${id}/results/${documentNo}`, { body: result, type: 'application/pdf' })).status).toBe(201);
    expect((await warehouseOf(owner)).filter((item) => item.origin === 'result')).toEqual([]);
    await api.post(officer, `/v1/dossiers/${id}/return-result`, { channel: 'online' });
    const [placed] = (await warehouseOf(owner)).filter((item) => item.origin === 'result');
    expect(placed).toMatchObject({ resultId: documentNo, sha256: sha256(result), name: `${documentNo}.pdf`, dossierId: id });
    expect((await api.get(applicant(owner), `/v1/me/warehouse/${placed.id}`)).body).toEqual(result);
  });

  it('is for applicants only', async () => {
    expect((await api.get(officer, '/v1/me/warehouse')).status).toBe(403);
    expect((await api.get(null, '/v1/me/warehouse')).status).toBe(401);
    expect((await api.get(applicant('001299000111'), '/v1/me/warehouse/not-an-id')).status).toBe(400);
  });
});
