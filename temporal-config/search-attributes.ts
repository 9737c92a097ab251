import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { dossierSearchAttributes } from '../workflows/dossier/search-attributes';

// Motcua's search attributes as each kind of Temporal server takes them: the dev server as CLI flags, every other
// server (the time-skipping test server, a cluster on PostgreSQL) through the operator API.

/** The type names of `temporal server start-dev --search-attribute Name=Type`. */
export const CLI_SEARCH_ATTRIBUTE_TYPES: Record<string, string> = {
  KEYWORD: 'Keyword',
  DATETIME: 'Datetime',
  BOOL: 'Bool',
};

// Default import: @temporalio/proto is CommonJS, and plain Node ESM sees no named exports in it.
const { IndexedValueType } = proto.temporal.api.enums.v1;
const INDEXED_VALUE_TYPES: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * Registers every dossier search attribute in `namespace`. Idempotent: on SQL visibility the server skips a name the
 * namespace already has, so a setup job can run on every deploy.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const searchAttributes = Object.fromEntries(
    dossierSearchAttributes.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]!]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}

/** A visibility query naming every dossier search attribute: it fails until the namespace knows all of them. */
export function queryOverAllSearchAttributes(): string {
  return dossierSearchAttributes.map((key) => `${key.name} IS NULL`).join(' AND ');
}
