import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ProcedureCode, UnitCode } from '../../workflows/dossier/inputs';
import { Fee, ProcedureSnapshot, ProcedureStep, ReturnChannel, TimeLimit } from '../../workflows/dossier/procedure';
import { canonicalJson } from '../canonical-json';

// A catalogue definition: everything the catalogue knows about one version of a procedure (domain spec §8). It
// holds the fields of the snapshot a dossier receives at submission (workflows/dossier/procedure.ts) plus what
// only the catalogue needs: sector, English gloss, dossier components with their acceptance rules, legal basis,
// sources and the stated texts. `validateDefinition` is the one validation: admin routes and the seed import
// both go through it.

/** Texts are kept verbatim (never trimmed); blank ones are refused. */
const Text = (max: number) => z.string().max(max).regex(/\S/, 'must not be blank');
const Channel = ReturnChannel;

/** Submission channels; `null` on a component means every channel. */
const Channels = z.array(Channel).min(1).max(3).refine(unique, 'must not repeat a channel');

export const MediaType = z
  .string()
  .regex(/^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,100}$/, 'must be a media type such as application/pdf');

/** Product defaults for acceptance rules the sources do not state (docs/procedures.md, Catalogue). */
export const DEFAULT_ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DEFAULT_MAX_SIZE_BYTES = 10 * 1024 * 1024;
export const MAX_COMPONENT_SIZE_BYTES = 100 * 1024 * 1024;

/** One component of the dossier (thành phần hồ sơ), as the record lists it, with the product's acceptance rules. */
export const DossierComponent = z
  .object({
    /** Key of the component within the version (the portal's component code where there is one). */
    id: z.string().regex(/^[A-Za-z0-9._-]{1,60}$/, 'must be 1-60 letters, digits and ._-'),
    /** Verbatim name from the record. */
    name: Text(6000),
    /** The case heading it is listed under, verbatim. */
    group: Text(1000).nullable(),
    /** `submit` = nộp, `present` = xuất trình. */
    kind: z.enum(['submit', 'present']),
    originals: z.number().int().min(0).max(100).nullable(),
    copies: z.number().int().min(0).max(100).nullable(),
    /** When the component applies, in words; null when the record states no condition. */
    condition: Text(1000).nullable(),
    /** The national portal's component code. */
    componentCode: Text(60).nullable(),
    note: Text(6000).nullable(),
    /** Every dossier submitted on `channels` must carry it (the automatic technical check). */
    required: z.boolean(),
    channels: Channels.nullable(),
    /** May come from the applicant's e-data warehouse instead of a new upload (domain spec §3.1.4). */
    reusable: z.boolean(),
    acceptedMediaTypes: z.array(MediaType).min(1).max(20).refine(unique, 'must not repeat a media type'),
    maxSizeBytes: z.number().int().min(1).max(MAX_COMPONENT_SIZE_BYTES),
  })
  .strict();
export type DossierComponent = z.infer<typeof DossierComponent>;

const LimitCase = z
  .object({
    kind: z.enum(['variant', 'extension']),
    /** The case (or, for an extension, when it applies), verbatim. */
    case: Text(2000),
    value: z.number().positive().nullable(),
    /** The unit as the source states it. */
    unit: z.enum(['working_days', 'days', 'same_day']).nullable(),
    statedText: Text(6000).nullable(),
  })
  .strict();

/** Texts the source states beside the limit that the snapshot does not carry. */
export const StatedTexts = z
  .object({
    countsFrom: Text(2000).nullable(),
    limitCases: z.array(LimitCase).max(50),
    excludedPeriods: z.array(Text(2000)).max(50),
    otherDeadlines: z.array(z.object({ what: Text(2000), statedText: Text(6000) }).strict()).max(50),
  })
  .strict();

export const Source = z
  .object({
    title: Text(1000),
    url: z.url().max(2000).nullable(),
    kind: Text(100).nullable(),
    /** Where the copy that was read is kept: repository, path and commit, or a short description. */
    copyReadAt: z
      .union([z.object({ repo: Text(200), path: Text(500), commit: z.string().regex(/^[0-9a-f]{7,40}$/) }).strict(), Text(500)])
      .nullable(),
    recordUpdatedAt: z.iso.date().nullable(),
  })
  .strict();

// The snapshot's own parts, closed to unknown keys (an admin's typo must not vanish silently).
const StrictTimeLimit = z.discriminatedUnion(
  'unit',
  TimeLimit.options.map((option) => option.strict()) as unknown as [typeof TimeLimit.options[0], ...typeof TimeLimit.options],
);
const Step = ProcedureStep.extend({ slice: StrictTimeLimit.nullable(), unitCode: UnitCode.optional() }).strict();

export const CatalogueDefinition = z
  .object({
    code: ProcedureCode,
    /** Vietnamese name, verbatim. */
    name: Text(1000),
    /** English gloss (ours, not from a source). */
    nameEn: Text(1000).nullable(),
    /** Sector (lĩnh vực). */
    field: Text(200),
    level: ProcedureSnapshot.shape.level,
    limit: StrictTimeLimit,
    limitStatedText: Text(10000).nullable(),
    clockPolicy: ProcedureSnapshot.shape.clockPolicy,
    fees: z.array(Fee.strict()).max(50),
    steps: z.array(Step).min(1).max(50),
    onlineLevel: ProcedureSnapshot.shape.onlineLevel,
    returnChannels: Channels,
    components: z.array(DossierComponent).max(200),
    legalBasis: z.array(Text(500)).max(200),
    sources: z.array(Source).max(50),
    statedTexts: StatedTexts,
  })
  .strict()
  .superRefine((d, ctx) => {
    duplicates(d.steps.map((s) => s.id)).forEach((i) => ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: 'repeats another step id' }));
    duplicates(d.components.map((c) => c.id)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['components', i, 'id'], message: 'repeats another component id' }),
    );
  });
export type CatalogueDefinition = z.infer<typeof CatalogueDefinition>;

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

function duplicates(values: readonly string[]): number[] {
  return values.flatMap((value, i) => (values.indexOf(value) < i ? [i] : []));
}

export interface DefinitionIssue {
  /** Dotted path of the failing value, e.g. `steps.1.id`; empty for the definition as a whole. */
  field: string;
  message: string;
}

export type DefinitionCheck = { ok: true; definition: CatalogueDefinition } | { ok: false; issues: DefinitionIssue[] };

/** The one validation of a catalogue definition (admin edits and the seed import alike). */
export function validateDefinition(input: unknown): DefinitionCheck {
  const result = CatalogueDefinition.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return { ok: false, issues: definitionIssues(result.error) };
}

export function definitionIssues(error: z.ZodError): DefinitionIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // An unknown key is named itself, not its parent object.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    return [{ field: path.join('.'), message: issue.message }];
  });
}

/** The frozen form a dossier workflow receives at submission (workflows/dossier/procedure.ts). */
export function toSnapshot(d: CatalogueDefinition, version: number): ProcedureSnapshot {
  const { code, name, level, limit, limitStatedText, clockPolicy, fees, steps, onlineLevel, returnChannels } = d;
  return ProcedureSnapshot.parse({ code, name, version, level, limit, limitStatedText, clockPolicy, fees, steps, onlineLevel, returnChannels });
}

/** SHA-256 of the definition's canonical JSON (keys sorted): equal definitions, equal digests. */
export function definitionDigest(d: CatalogueDefinition): string {
  return createHash('sha256').update(canonicalJson(d)).digest('hex');
}

/** Lower case, without diacritics (đ → d), single spaces: how catalogue text search compares. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text a version's search matches: code, names and field. */
export const searchTextOf = (d: CatalogueDefinition) => searchKey([d.code, d.name, d.nameEn ?? '', d.field].join(' '));
