export * from './dossiers';
export * from './dossier-codes';
export * from './notifications';
export * from './api-keys';
export * from './outbox';
