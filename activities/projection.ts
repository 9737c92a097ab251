import type { DossierReadModel, ProjectedEvent } from '../db/repositories/dossier-read-model';

export function createProjectionActivities(readModel: DossierReadModel) {
  return {
    /** Writes one workflow event and the snapshot it leads to into the read model; safe to retry. */
    async projectDossierEvent(event: ProjectedEvent): Promise<void> {
      await readModel.applyEvent(event);
    },
  };
}
