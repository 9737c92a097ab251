import { execFileSync } from 'node:child_process';
import { createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultDocuments } from '../../../db/schema';
import { applicant, callers } from '../../support/auth';
import { startTestSystem, type TestSystem } from '../../support/system';
import { client, exe, pdf, png, sha256, storeOf } from './support';

// E-results: uploaded for a numbered result document, signed with the unit's Ed25519 key, verified by anyone.
const citizen = applicant('001199007788');
const officer = callers.officer;

describe('signed e-results', () => {
  let system: TestSystem;
  const api = client(() => system);
  beforeAll(async () => {
    system = await startTestSystem('pglite');
  });
  afterAll(async () => system?.close());

  /** A permanent residence registration (1.004222) taken to RESULT_READY with two result documents. */
  async function readyDossier(): Promise<{ id: string; results: string[] }> {
    const submission = { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant: { kind: 'citizen', fullName: 'Hoàng Thị Lan', identifier: citizen.sub }, warehouseConsent: true };
    const { body } = await api.post(citizen, '/v1/dossiers', submission);
    for (const [path, input] of [['accept', {}], ['transfer', {}], ['hand-over', { stepId: 'handling', outcome: 'COMPLETED' }]] as const) {
      expect((await api.post(officer, `/v1/dossiers/${body.id}/${path}`, input)).status).toBe(200);
    }
    const ready = await api.post(officer, `/v1/dossiers/${body.id}/approve`, { results: ['Xác nhận thường trú', 'Thông báo'] });
    expect(ready.body.status).toBe('RESULT_READY');
    return { id: body.id, results: ready.body.resultDocuments };
  }
  const upload = (caller: typeof officer, id: string, documentNo: string, content: Buffer, type = 'application/pdf') =>
    api.call(caller, 'PUT', `/v1/dossiers/${id}/results/${documentNo}`, { body: content, type });

  it('signs an uploaded result with the unit key; it verifies, a tampered copy does not', async () => {
    const { id, results } = await readyDossier();
    const content = pdf('Xác nhận thường trú');
    const signed = await upload(officer, id, results[0]!, content);
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ id: results[0], unitCode: '000.00.01.H56', algorithm: 'Ed25519', sha256: sha256(content), signedBy: officer.sub });
    expect(results[0]).toMatch(/^000\.00\.01\.H56-\d{6}-\d{4}-KQ1$/);

    const stored = await api.get(null, `/v1/results/${results[0]}/verify`);
    expect(stored).toMatchObject({ status: 200, body: { valid: true, reason: null, unitCode: '000.00.01.H56', keyId: signed.body.keyId, sha256: sha256(content), presentedSha256: sha256(content) } });
    const held = await api.call(null, 'POST', `/v1/results/${results[0]}/verify`, { body: content, type: 'application/octet-stream' });
    expect(held.body).toMatchObject({ valid: true });
    const tampered = Buffer.from(content);
    tampered[20] = tampered[20]! ^ 0x01;
    const check = await api.call(null, 'POST', `/v1/results/${results[0]}/verify`, { body: tampered, type: 'application/pdf' });
    expect(check.body).toMatchObject({ valid: false, reason: expect.stringContaining('differs from the signed one') });

    // Same file again: the same result; another file: refused, a signed result is never replaced.
    expect((await upload(officer, id, results[0]!, content)).status).toBe(200);
    expect((await upload(officer, id, results[0]!, pdf('khác'))).status).toBe(409);
  });

  it('publishes the unit key (PEM and JWK); the documented node and openssl recipes verify', async () => {
    const { id, results } = await readyDossier();
    const content = png();
    await upload(officer, id, results[1]!, content, 'image/png');
    const key = await api.get(null, '/v1/units/000.00.01.H56/signing-key');
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', jwk: { kty: 'OKP', crv: 'Ed25519', kid: key.body.keyId } });
    expect(JSON.stringify(key.body)).not.toMatch(/PRIVATE|"d":/);
    const { statement, signature } = (await api.get(null, `/v1/results/${results[1]}/signature`)).body;
    expect(JSON.parse(statement)).toMatchObject({ resultId: results[1], sha256: sha256(content), unitCode: '000.00.01.H56' });
    expect(verify(null, Buffer.from(statement), key.body.publicKeyPem, Buffer.from(signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(statement), createPublicKey({ key: key.body.jwk, format: 'jwk' }), Buffer.from(signature, 'base64'))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'motcua-openssl-'));
    writeFileSync(join(dir, 'unit.pem'), key.body.publicKeyPem);
    writeFileSync(join(dir, 'statement.json'), statement);
    writeFileSync(join(dir, 'statement.sig'), Buffer.from(signature, 'base64'));
    const openssl = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'unit.pem', '-rawin', '-in', 'statement.json', '-sigfile', 'statement.sig'], { cwd: dir });
    expect(openssl.toString()).toContain('Signature Verified Successfully');

    // The private key: a 0600 file in a 0700 directory, never in the database or a response.
    const keysDir = join(storeOf(system).root, '..', 'keys');
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(keysDir);
    expect(file).toBe(`${key.body.keyId}.pem`);
    expect(statSync(join(keysDir, file!)).mode & 0o777).toBe(0o600);
  });

  it("does not verify a signature made with another unit's key", async () => {
    const { id, results } = await readyDossier();
    await upload(officer, id, results[0]!, pdf());
    const [row] = await system.database.db.select().from(resultDocuments).where(eq(resultDocuments.id, results[0]!));
    const other = await system.app.files.keys.keyFor('000.00.02.H56');
    const forged = sign(null, Buffer.from(row!.statement), other.privateKey).toString('base64');
    await system.database.db.update(resultDocuments).set({ signature: forged }).where(eq(resultDocuments.id, results[0]!));
    const check = await api.get(null, `/v1/results/${results[0]}/verify`);
    expect(check.body).toMatchObject({ valid: false, reason: expect.stringContaining('signature does not match') });
  });

  it('refuses uploads that are not ready, not numbered, not accepted types, or not the caller’s', async () => {
    const { id, results } = await readyDossier();
    expect((await upload(officer, id, `${results[0]!.slice(0, -1)}9`, pdf())).status).toBe(404);
    expect(await upload(officer, id, results[0]!, exe())).toMatchObject({ status: 422, body: { field: 'body' } });
    expect(await upload(officer, id, results[0]!, png(), 'application/pdf')).toMatchObject({ status: 422, body: { detail: expect.stringContaining('declared as application/pdf') } });
    expect((await upload(officer, id, results[0]!, pdf(), 'text/plain')).status).toBe(415);
    expect((await upload(callers.otherOfficer, id, results[0]!, pdf())).status).toBe(403);
    expect((await upload(citizen as typeof officer, id, results[0]!, pdf())).status).toBe(403);
    const { body: fresh } = await api.post(citizen, '/v1/dossiers', { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant: { kind: 'citizen', fullName: 'Hoàng Thị Lan', identifier: citizen.sub } });
    expect((await upload(officer, fresh.id, results[0]!, pdf())).status).toBe(409);
    expect((await api.get(null, '/v1/results/000.00.01.H56-260101-9999-KQ1/verify')).status).toBe(404);
    expect((await api.get(null, '/v1/results/../etc/verify')).status).toBe(404);
    expect((await api.get(null, '/v1/results/not-a-result/verify')).status).toBe(400);
    expect((await api.get(null, '/v1/units/000.00.09.H56/signing-key')).status).toBe(404);
  });

  it('lets staff download a result at once, and the applicant only once it is returned', async () => {
    const { id, results } = await readyDossier();
    const content = pdf();
    await upload(officer, id, results[0]!, content);
    const path = `/v1/results/${results[0]}`;
    expect((await api.get(officer, path)).body).toEqual(content);
    expect((await api.get(citizen, path)).status).toBe(409);
    expect((await api.get(applicant('001199000000'), path)).status).toBe(403);
    expect((await api.get(callers.otherOfficer, path)).status).toBe(403);
    expect((await api.get(null, path)).status).toBe(401);
    expect((await api.post(officer, `/v1/dossiers/${id}/return-result`, { channel: 'online' })).body.status).toBe('RESULT_RETURNED');
    const download = await api.get(citizen, path);
    expect(download.body).toEqual(content);
    expect(download.headers.get('content-disposition')).toContain(`${results[0]}.pdf`);
  });
});
