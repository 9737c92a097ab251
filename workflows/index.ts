export { dossierWorkflow } from './dossier/dossier-workflow';
