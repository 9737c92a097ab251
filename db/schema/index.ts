export * from './dossiers';
export * from './dossier-codes';
