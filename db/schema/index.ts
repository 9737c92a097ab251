export * from './dossiers';
export * from './dossier-codes';
export * from './notifications';
export * from './api-keys';
export * from './procedure-catalogue';
export * from './files';
export * from './results';
export * from './outbox';
