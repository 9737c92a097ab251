import type { ProcedureVersionRow } from '../schema';
import type { CatalogueDefinition, DefinitionIssue } from './definition';

/** One version of a procedure as the catalogue keeps it. */
export type CatalogueVersion = Omit<ProcedureVersionRow, 'definition' | 'name' | 'level' | 'fieldKey' | 'searchText'> & {
  definition: CatalogueDefinition;
};

export function toCatalogueVersion(row: ProcedureVersionRow): CatalogueVersion {
  const { name: _n, level: _l, fieldKey: _f, searchText: _s, definition, ...rest } = row;
  return { ...rest, definition: definition as CatalogueDefinition };
}

/** A refusal of the catalogue: unknown code or version, a state that forbids the change, an invalid definition. */
export class CatalogueError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
    readonly issues: readonly DefinitionIssue[] = [],
  ) {
    super(message);
    this.name = 'CatalogueError';
  }
}
