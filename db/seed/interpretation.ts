import type { ClockPolicy, Fee, ProcedureSnapshot, ProcedureStep, TimeLimit } from '../../workflows/dossier/procedure';
import type { SourceProcedure } from './source-procedures';

// The shape of a per-procedure interpretation (db/seed/interpretations/*.ts). An interpretation states every
// interpreted value explicitly (limit, clock policy, steps, fees, channels, level) and only *points at* the
// verbatim texts, which the builder (procedure-snapshots.ts) copies from the source so nothing is retyped.

/** A pointer to a verbatim text in the source record. */
export type SourceText = (p: SourceProcedure) => string | null | undefined;

type Channel = ProcedureSnapshot['returnChannels'][number];

export interface StepInterpretation {
  id: string;
  name: SourceText;
  agency: SourceText;
  statedText: SourceText | null;
  stage: number;
  kind: ProcedureStep['kind'];
  slice: TimeLimit | null;
  countsTowardLimit: boolean;
  silenceMeansConsent: boolean;
}

export interface FeeInterpretation {
  /** Index of the row in the source's `fees[]`; label and stated text come from it. */
  source: number;
  kind: Fee['kind'];
  amountVnd: number;
  payableAt: Fee['payableAt'];
  /** Submission channels the amount applies to; every channel when absent. */
  channels?: Channel[];
  /** Why `amountVnd` differs from the source row's amount; required when it does. */
  amountCorrection?: string;
}

export interface ProcedureInterpretation {
  code: string;
  level: ProcedureSnapshot['level'];
  limit: TimeLimit;
  clockPolicy: ClockPolicy;
  steps: StepInterpretation[];
  fees: FeeInterpretation[];
  /** Every source fee row not taken, by index, with the reason (null amounts are never invented). */
  omittedFees: Record<number, string>;
  onlineLevel: ProcedureSnapshot['onlineLevel'];
  returnChannels: Channel[];
}

/** Pointers to the verbatim texts interpretations use. */
export const text = {
  procedureName: ((p) => p.nameVi) satisfies SourceText,
  lead: ((p) => p.agencies.lead) satisfies SourceText,
  limitStatedText: ((p) => p.timeLimit.statedText) satisfies SourceText,
  split:
    (i: number, field: 'agency' | 'step' | 'statedText'): SourceText =>
    (p) =>
      p.agencies.timeSplit?.[i]?.[field],
  coordinating:
    (i: number, field: 'name' | 'role'): SourceText =>
    (p) =>
      p.agencies.coordinating[i]?.[field],
  budgetStatedText:
    (i: number): SourceText =>
    (p) =>
      p.agencies.coordinating[i]?.timeBudget?.statedText,
  otherDeadline:
    (i: number, field: 'what' | 'statedText'): SourceText =>
    (p) =>
      p.timeLimit.otherDeadlines?.[i]?.[field],
  excludedPeriod:
    (i: number): SourceText =>
    (p) =>
      p.timeLimit.excludedPeriods?.[i],
};

/** When the source names no return channel: every channel the product supports (domain spec §3.7). */
export const DEFAULT_RETURN_CHANNELS: Channel[] = ['online', 'counter', 'postal'];

/**
 * The single step of a one-agency procedure: the lead agency handles the whole dossier, named by the
 * procedure's own name, its slice the whole limit, backed by the limit's stated text.
 */
export function wholeLimitStep(limit: TimeLimit): StepInterpretation {
  return {
    id: 'handling',
    name: text.procedureName,
    agency: text.lead,
    statedText: text.limitStatedText,
    stage: 1,
    kind: 'handling',
    slice: limit,
    countsTowardLimit: true,
    silenceMeansConsent: false,
  };
}
