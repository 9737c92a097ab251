import { z } from 'zod';
import { CatalogueDefinition } from '../../db/catalogue/definition';
import type { CatalogueVersion } from '../../db/catalogue/version';
import { PROCEDURE_CHANGE_ACTIONS, PROCEDURE_VERSION_STATUSES } from '../../db/schema';
import { ProcedureCode } from '../../workflows/dossier/inputs';
import { TimeLimit } from '../../workflows/dossier/procedure';

// HTTP shapes of the procedure catalogue (routes/procedures.ts, routes/admin/procedures.ts). The definition
// itself is db/catalogue/definition.ts, shared with the seed import.

export const ProcedureParams = z.object({ code: ProcedureCode.meta({ example: '1.001193' }) });
export const VersionParams = ProcedureParams.extend({
  version: z.coerce.number({ error: 'must be a version number' }).int().min(1).max(1_000_000).meta({ example: 1 }),
});

export const PublishedQuery = z.object({
  level: z.enum(['commune', 'province', 'ministry']).optional(),
  field: z.string().min(1).max(200).optional().describe('sector (lĩnh vực), without regard to case or diacritics, e.g. "ho tich"'),
  q: z.string().min(1).max(200).optional().describe('words found in the code, names or sector, e.g. "khai sinh"'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ProcedureCode.optional().describe('nextCursor of the previous page'),
});

const Status = z.enum(PROCEDURE_VERSION_STATUSES);

export const ProcedureSummary = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  nameEn: z.string().nullable(),
  field: z.string(),
  level: z.string(),
  limit: TimeLimit,
  onlineLevel: z.enum(['full', 'partial']).nullable(),
  publishedAt: z.date().nullable(),
});

export const ProcedurePage = z.object({ items: z.array(ProcedureSummary), nextCursor: z.string().nullable() });

/** A version as anyone may read it: no staff identifiers. */
export const PublicVersionView = z.object({
  code: z.string(),
  version: z.number().int(),
  status: Status,
  publishedAt: z.date().nullable(),
  retiredAt: z.date().nullable().describe('when it was superseded or withdrawn'),
  definition: CatalogueDefinition,
});

const Changes = {
  origin: z.enum(['admin', 'seed']),
  basedOn: z.number().int().nullable(),
  definitionSha256: z.string(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedBy: z.string(),
  updatedAt: z.date(),
  publishedBy: z.string().nullable(),
  retiredBy: z.string().nullable(),
};

/** A version as admins see it: who created, edited, published and retired it, and when. */
export const AdminVersionSummary = PublicVersionView.omit({ definition: true }).extend(Changes);
export const AdminVersionView = PublicVersionView.extend(Changes);

export const ChangeView = z.object({
  version: z.number().int(),
  action: z.enum(PROCEDURE_CHANGE_ACTIONS),
  actor: z.string(),
  definitionSha256: z.string(),
  at: z.date(),
});

export const toSummary = (v: CatalogueVersion): z.input<typeof ProcedureSummary> => ({
  code: v.code,
  version: v.version,
  name: v.definition.name,
  nameEn: v.definition.nameEn,
  field: v.definition.field,
  level: v.definition.level,
  limit: v.definition.limit,
  onlineLevel: v.definition.onlineLevel,
  publishedAt: v.publishedAt,
});

export const toPublicView = (v: CatalogueVersion) => ({
  code: v.code,
  version: v.version,
  status: v.status,
  publishedAt: v.publishedAt,
  retiredAt: v.retiredAt,
  definition: v.definition,
});

export const toAdminSummary = ({ definition: _definition, ...v }: CatalogueVersion) => v;
