import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierFiles } from '../../db/repositories/dossier-files';
import { createResultStore } from '../../db/repositories/results';
import { createWarehouse } from '../../db/repositories/warehouse';
import { dossiers } from '../../db/schema';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';

// The file tables on both databases: idempotent recording, and warehouse placement read from the read model.
const owner = '001099012345';
const digest = (c: string) => c.repeat(64);
const document = (position: number, c: string) => ({
  position,
  componentCode: `000.00.00.G15-KQ00000${position}`,
  name: `file-${position}.pdf`,
  sha256: digest(c),
  size: 100 + position,
  mediaType: 'application/pdf',
  source: 'upload' as const,
  warehouseItemId: null,
});

describe.each(databaseKinds)('dossier files and the warehouse (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(async () => database?.dispose());

  async function projectedDossier(id: string) {
    const applicant = { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: owner };
    await database.db.insert(dossiers).values({ id, procedureCode: '1.001193', unitCode: '000.00.01.H56', status: 'AWAITING_RECEPTION_CHECK', channel: 'online', applicant, submittedAt: new Date(), requestDigest: digest('d'), lastSequence: 1 });
  }

  it('records a submission once, and refuses another digest under the same dossier id', async () => {
    const files = createDossierFiles(database.db);
    const submission = { dossierId: 'dossier-a', applicantIdentifier: owner, requestDigest: digest('1'), warehouseConsent: true };
    expect(await files.record(submission, [document(0, 'a'), document(1, 'b')])).toEqual({ kind: 'recorded' });
    expect(await files.record(submission, [document(0, 'a'), document(1, 'b')])).toEqual({ kind: 'recorded' });
    const other = await files.record({ ...submission, requestDigest: digest('2') }, [document(0, 'c')]);
    expect(other).toMatchObject({ kind: 'digest-mismatch', recorded: { requestDigest: digest('1') } });
    expect((await files.listDocuments('dossier-a')).map((d) => d.sha256)).toEqual([digest('a'), digest('b')]);
    expect(await files.findDocument('dossier-a', digest('b'))).toMatchObject({ position: 1 });
    expect(await files.findDocument('dossier-a', digest('c'))).toBeUndefined();
  });

  it('places consented components once accepted, and returned results, each once', async () => {
    const files = createDossierFiles(database.db);
    const warehouse = createWarehouse(database.db);
    await files.record({ dossierId: 'dossier-b', applicantIdentifier: owner, requestDigest: digest('3'), warehouseConsent: true }, [document(0, 'e')]);
    await files.record({ dossierId: 'dossier-c', applicantIdentifier: owner, requestDigest: digest('4'), warehouseConsent: false }, [document(0, 'f')]);
    await projectedDossier('dossier-b');
    await projectedDossier('dossier-c');
    await warehouse.reconcile(owner);
    expect(await warehouse.list(owner)).toEqual([]);

    await database.db.update(dossiers).set({ acceptedAt: new Date() });
    await warehouse.reconcile(owner);
    await warehouse.reconcile(owner);
    const items = await warehouse.list(owner);
    expect(items.map((i) => [i.origin, i.dossierId, i.sha256])).toEqual([['component', 'dossier-b', digest('e')]]);
    expect(await warehouse.find(owner, items[0]!.id)).toMatchObject({ componentCode: document(0, 'e').componentCode });
    expect(await warehouse.find('someone-else', items[0]!.id)).toBeUndefined();

    const results = createResultStore(database.db);
    const signedAt = new Date();
    await results.record({ id: 'X.Y-260101-0001-KQ1', dossierId: 'dossier-b', unitCode: '000.00.01.H56', keyId: 'k', name: 'r.pdf', sha256: digest('9'), size: 5, mediaType: 'application/pdf', statement: '{}', signature: 's', signedBy: 'officer-1', signedAt });
    await warehouse.reconcile(owner);
    expect((await warehouse.list(owner)).filter((i) => i.origin === 'result')).toEqual([]);
    await database.db.update(dossiers).set({ returnedAt: new Date() }).where(eq(dossiers.id, 'dossier-b'));
    await warehouse.reconcile(owner);
    await warehouse.reconcile(owner);
    expect((await warehouse.list(owner)).filter((i) => i.origin === 'result').map((i) => i.resultId)).toEqual(['X.Y-260101-0001-KQ1']);
  });

  it('publishes one key per unit: the first one wins', async () => {
    const results = createResultStore(database.db);
    const first = await results.publishKey({ keyId: 'k1', unitCode: '000.00.01.H56', algorithm: 'Ed25519', publicKeyPem: 'pem-1' });
    const second = await results.publishKey({ keyId: 'k2', unitCode: '000.00.01.H56', algorithm: 'Ed25519', publicKeyPem: 'pem-2' });
    expect([first.keyId, second.keyId]).toEqual(['k1', 'k1']);
    expect(await results.key('k2')).toBeUndefined();
  });
});
