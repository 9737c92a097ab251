export { dossierWorkflow } from './dossier/dossier-workflow';
export { outboxDispatcher } from './outbox/outbox-dispatcher';
