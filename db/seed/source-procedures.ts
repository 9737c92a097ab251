import { z } from 'zod';
import source from './procedures.source.json' with { type: 'json' };

// The seed catalogue as compiled from the national portal's published records: procedures.source.json is a
// verbatim copy of ../shared/domain/procedures.json, documented (keys, sources, caveats) in
// ../shared/domain/procedures.md. This module reads only the fields the snapshot interpretation points at,
// and parses them, so a source edit that breaks a pointer fails at load time rather than in a dossier.

const Text = z.string().min(1);

const SourceFee = z.object({
  kind: z.string().nullable(), // 'phí' | 'lệ phí' | 'phí, lệ phí' | 'nghĩa vụ tài chính' | null
  labelVi: Text,
  amountVnd: z.number().nullable().optional(),
  channel: z.string(), // 'all' | 'direct' | 'online' | 'direct_or_postal' | 'electronic_copy'
  scope: z.string(),
  statedText: z.string().nullable(),
});

const SourceDeadline = z.object({ what: Text, value: z.number(), unit: z.string(), statedText: Text });

const SourceTimeSplit = z.object({
  agency: Text,
  step: Text,
  value: z.number().nullable(),
  unit: z.string().nullable(),
  statedText: Text.optional(),
});

const SourceCoordinating = z.object({
  name: Text,
  role: Text,
  timeBudget: z.object({ value: z.number(), unit: z.string(), statedText: Text }).nullable(),
});

const SourceUnit = z.enum(['working_days', 'days', 'same_day']);

const SourceLimitCase = z.object({
  value: z.number().optional(),
  unit: SourceUnit,
  statedText: Text.optional(),
});

const SourceComponent = z.object({
  group: Text.nullable().optional(),
  nameVi: Text,
  originals: z.number().int().nullable(),
  copies: z.number().int().nullable(),
  kind: z.enum(['submit', 'present']),
  condition: Text.nullable(),
  componentCode: Text.nullable(),
  note: Text.optional(),
});

const SourceReference = z.object({
  title: Text,
  url: z.string().nullable(),
  kind: z.string().optional(),
  copyReadAt: z.union([z.object({ repo: Text, path: Text, commit: Text }), Text]).nullable().optional(),
  recordUpdatedAt: z.string().optional(),
});

export const SourceProcedure = z.object({
  code: z.string(),
  nameVi: Text,
  nameEn: Text.nullable(),
  field: Text,
  level: z.enum(['commune', 'province']),
  timeLimit: z.object({
    value: z.number().nullable(),
    unit: SourceUnit,
    sameDayCutoff: z.string().nullable(),
    countsFrom: z.string().nullable(),
    statedText: z.string().nullable(),
    variants: z.array(SourceLimitCase.extend({ case: Text })).optional(),
    extensions: z.array(SourceLimitCase.extend({ when: Text })).optional(),
    excludedPeriods: z.array(Text).optional(),
    otherDeadlines: z.array(SourceDeadline).optional(),
  }),
  dossierComponents: z.array(SourceComponent).nullable().optional(),
  legalBasis: z.array(Text).nullable(),
  sources: z.array(SourceReference),
  fees: z.array(SourceFee),
  agencies: z.object({
    receiving: z.string().nullable(),
    lead: Text,
    coordinating: z.array(SourceCoordinating),
    timeSplit: z.array(SourceTimeSplit).nullable(),
  }),
  onlineServiceLevel: z.string().nullable(),
  returnChannels: z.array(z.object({ type: z.string(), value: z.array(z.string()) })).nullable(),
});
export type SourceProcedure = z.infer<typeof SourceProcedure>;

export const sourceProcedures: readonly SourceProcedure[] = z.array(SourceProcedure).parse(source);

export function sourceProcedure(code: string): SourceProcedure {
  const found = sourceProcedures.find((p) => p.code === code);
  if (!found) throw new Error(`procedure ${code} is not in procedures.source.json`);
  return found;
}
