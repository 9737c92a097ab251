import { z } from 'zod';
import { SubmissionRequest } from '../../workflows/dossier/inputs';

// HTTP schemas of files: the submission's manifest, documents, warehouse items, e-results (docs/files.md).

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lower-case hex digits');
export const ComponentCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a component code such as 000.00.00.G15-KQ004389');
export const PartName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits and ._- (the name of a file part)');
export const WarehouseItemId = z.string().regex(/^wh_[0-9a-f]{24}$/, 'must be a warehouse item id such as wh_<24 hex digits>');
/** `<dossier code>-KQ<n>`: unit code, date, sequence (4 digits or more), result number. */
export const ResultId = z
  .string()
  .regex(/^[A-Z0-9]{1,6}(\.[A-Z0-9]{1,6}){1,5}-\d{6}-\d{4,}-KQ[1-9]\d{0,2}$/, 'must be a result id such as 000.00.01.H56-261126-0001-KQ1');

/** A file sent in this request, as the multipart part named `part`. */
export const UploadedDocument = z
  .object({
    componentCode: ComponentCode,
    part: PartName,
    sha256: Sha256.optional().describe('the digest the client computed; the check refuses the file when it differs'),
  })
  .strict();

/** A file already in the applicant's warehouse, reused instead of uploaded again. */
export const WarehouseDocument = z
  .object({
    componentCode: ComponentCode,
    warehouseItem: WarehouseItemId,
    sha256: Sha256.optional().describe("must equal the item's digest when given"),
  })
  .strict();

export const DocumentEntry = z.union([UploadedDocument, WarehouseDocument]);
export type DocumentEntry = z.infer<typeof DocumentEntry>;

/** The submission: the JSON body, or the first part (`submission`) of a multipart/form-data body. */
export const SubmissionBody = SubmissionRequest.extend({
  warehouseConsent: z
    .boolean()
    .default(false)
    .describe("consent to keep the components the officer accepts, and the e-results, in the applicant's warehouse"),
  documents: z.array(DocumentEntry).max(50).default([]).describe('the manifest: one entry per file, uploaded or reused'),
})
  .strict()
  .meta({
    // A JSON submission that passes as it is (1.004222 requires no file); the multipart form is in the description.
    examples: [
      {
      procedureCode: '1.004222',
      unitCode: '000.00.01.H56',
      channel: 'online',
      applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: '001099012345', email: 'an@example.vn' },
      warehouseConsent: true,
      },
    ],
  });

export type SubmissionBody = z.infer<typeof SubmissionBody>;

export const DocumentView = z.object({
  position: z.number().int(),
  componentCode: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  source: z.enum(['upload', 'warehouse']),
  warehouseItem: z.string().nullable(),
});

export const WarehouseItemView = z.object({
  id: z.string(),
  origin: z.enum(['component', 'result']),
  componentCode: z.string().nullable(),
  resultId: z.string().nullable(),
  dossierId: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  placedAt: z.string(),
});
