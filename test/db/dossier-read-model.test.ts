import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierReadModel, type ProjectedEvent } from '../../db/repositories/dossier-read-model';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';
import { dossierSnapshot } from '../support/fixtures';

const snapshot = (id: string, status: ProjectedEvent['snapshot']['status'], dossierCode: string | null = null) =>
  dossierSnapshot(id, { status, dossierCode });

const event = (id: string, sequence: number, type: string, status: ProjectedEvent['snapshot']['status']): ProjectedEvent => ({
  sequence,
  type,
  occurredAt: `2026-03-09T0${sequence}:00:00.000Z`,
  payload: { n: sequence },
  snapshot: snapshot(id, status, sequence > 1 ? `000.00.01.H56-260309-000${sequence}` : null),
});

describe.each(databaseKinds)('dossier read model (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(async () => database?.dispose());

  it('records each event once however often it is delivered', async () => {
    const readModel = createDossierReadModel(database.db);
    const received = event('dossier-once', 1, 'RECEIVED', 'AWAITING_RECEPTION_CHECK');
    await readModel.applyEvent(received);
    await readModel.applyEvent(received);
    expect(await readModel.listEvents('dossier-once')).toHaveLength(1);
    expect(await readModel.findById('dossier-once')).toMatchObject({ status: 'AWAITING_RECEPTION_CHECK', lastSequence: 1 });
  });

  it('keeps the newest snapshot when events arrive out of order', async () => {
    const readModel = createDossierReadModel(database.db);
    await readModel.applyEvent(event('dossier-late', 2, 'ACCEPTED', 'ACCEPTED'));
    await readModel.applyEvent(event('dossier-late', 1, 'RECEIVED', 'AWAITING_RECEPTION_CHECK'));
    expect(await readModel.findById('dossier-late')).toMatchObject({ status: 'ACCEPTED', lastSequence: 2, dossierCode: '000.00.01.H56-260309-0002' });
    expect((await readModel.listEvents('dossier-late')).map((e) => e.type)).toEqual(['RECEIVED', 'ACCEPTED']);
  });

  it('answers undefined for a dossier it has never seen', async () => {
    expect(await createDossierReadModel(database.db).findById('dossier-unknown')).toBeUndefined();
  });
});
