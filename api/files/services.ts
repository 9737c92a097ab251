import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from '../../db/client';
import { createDossierFiles, type DossierFiles } from '../../db/repositories/dossier-files';
import { createResultStore, type ResultStore } from '../../db/repositories/results';
import { createWarehouse, type Warehouse } from '../../db/repositories/warehouse';
import { createUnitKeys, type UnitKeys } from '../results/signing';
import { fileBlobStore, type BlobStore } from './blob-store';
import { type ComponentSource } from './component-rules';

/** How the API stores files and keys; `buildApp` fills what is left out. */
export interface FileSettings {
  /** MOTCUA_DATA_DIR: content under `files/`, units' private keys under `keys/`. */
  dataDir: string;
  /** Another store (S3-compatible) instead of `<dataDir>/files`. */
  blobs?: BlobStore;
  /** Where components come from instead of the catalogue (tests). */
  components?: ComponentSource;
  /** All files of one submission together (the global cap). */
  maxSubmissionBytes?: number;
  /** One e-result file, and a file presented for verification. */
  maxResultBytes?: number;
}

export interface FileServices {
  blobs: BlobStore;
  components: ComponentSource;
  keys: UnitKeys;
  documents: DossierFiles;
  warehouse: Warehouse;
  results: ResultStore;
  limits: { maxSubmissionBytes: number; maxResultBytes: number; maxFiles: number; maxSubmissionPartBytes: number };
}

export const DEFAULT_MAX_SUBMISSION_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_RESULT_BYTES = 20 * 1024 * 1024;

/**
 * Without settings (tests and tools that build the app bare) files go to a fresh temporary directory; the servers
 * (temporal-config/services.ts) always pass MOTCUA_DATA_DIR.
 */
export function createFileServices(settings: FileSettings | undefined, db: Database, catalogueComponents: ComponentSource): FileServices {
  const dataDir = resolve(settings?.dataDir ?? mkdtempSync(join(tmpdir(), 'motcua-data-')));
  const results = createResultStore(db);
  return {
    blobs: settings?.blobs ?? fileBlobStore(join(dataDir, 'files')),
    components: settings?.components ?? catalogueComponents,
    keys: createUnitKeys(join(dataDir, 'keys'), results),
    documents: createDossierFiles(db),
    warehouse: createWarehouse(db),
    results,
    limits: {
      maxSubmissionBytes: settings?.maxSubmissionBytes ?? DEFAULT_MAX_SUBMISSION_BYTES,
      maxResultBytes: settings?.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
      maxFiles: 50,
      maxSubmissionPartBytes: 256 * 1024,
    },
  };
}
