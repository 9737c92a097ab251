import { ProcedureSnapshot, type Fee, type ProcedureStep, type TimeLimit } from '../../workflows/dossier/procedure';
import type { FeeInterpretation, ProcedureInterpretation, SourceText, StepInterpretation } from './interpretation';
import { businessInterpretations } from './interpretations/business';
import { civilStatusInterpretations } from './interpretations/civil-status';
import { landAndConstructionInterpretations } from './interpretations/land-and-construction';
import { residenceAndJudicialInterpretations } from './interpretations/residence-and-judicial';
import { sourceProcedure, sourceProcedures, type SourceProcedure } from './source-procedures';

// Procedure snapshots (version 1) for the 11 real procedures of procedures.source.json, a verbatim copy of
// ../shared/domain/procedures.json (sources and caveats: ../shared/domain/procedures.md). The interpreted values
// live in interpretations/*.ts, one commented object per procedure; this module copies the verbatim texts from
// the source, cross-checks every value the source states outright, and validates the result with the schema.
// The choices a reviewer should check are listed in docs/procedures.md.

export const SNAPSHOT_VERSION = 1;

export const procedureInterpretations: readonly ProcedureInterpretation[] = [
  ...civilStatusInterpretations,
  ...residenceAndJudicialInterpretations,
  ...businessInterpretations,
  ...landAndConstructionInterpretations,
];

class InterpretationError extends Error {
  constructor(code: string, message: string) {
    super(`procedure ${code}: ${message}`);
    this.name = 'InterpretationError';
  }
}

function required(p: SourceProcedure, pointer: SourceText, what: string): string {
  const value = pointer(p);
  if (!value) throw new InterpretationError(p.code, `${what} points at no text in the source`);
  return value;
}

/** The limit the source states, under the house mapping: days → calendar days, same day keeps its cut-off. */
function statedLimit(p: SourceProcedure): TimeLimit | undefined {
  const { unit, value, sameDayCutoff } = p.timeLimit;
  if (unit === 'same_day') return sameDayCutoff ? { unit: 'same_day', cutoff: sameDayCutoff } : undefined;
  if (value === null) return undefined;
  return { unit: unit === 'days' ? 'calendar_days' : 'working_days', value };
}

const SOURCE_FEE_KINDS: Record<string, Fee['kind']> = { phí: 'fee', 'lệ phí': 'charge' };
const SOURCE_FEE_CHANNELS: Record<string, Fee['channels']> = {
  all: undefined,
  direct: ['counter'],
  online: ['online'],
  direct_or_postal: ['counter', 'postal'],
};
const SOURCE_RETURN_CHANNELS: Record<string, ProcedureSnapshot['returnChannels'][number]> = {
  ONLINE: 'online',
  AT_SUBMISSION_PLACE: 'counter',
  AT_HOME: 'postal',
};
const SOURCE_ONLINE_LEVELS: Record<string, ProcedureSnapshot['onlineLevel']> = {
  'một phần': 'partial',
  'toàn trình': 'full',
};

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

function checkAgainstSource(p: SourceProcedure, i: ProcedureInterpretation): void {
  const fail = (message: string) => {
    throw new InterpretationError(p.code, message);
  };
  if (i.level !== p.level) fail(`level ${i.level} contradicts the source's ${p.level}`);
  const stated = statedLimit(p);
  if (stated && JSON.stringify(stated) !== JSON.stringify(i.limit)) fail('limit contradicts the source');
  const onlineLevel = SOURCE_ONLINE_LEVELS[p.onlineServiceLevel ?? ''] ?? null;
  if (i.onlineLevel !== onlineLevel) fail('online level contradicts the source');
  if (p.returnChannels) {
    const stated = p.returnChannels.flatMap((c) => c.value.map((v) => SOURCE_RETURN_CHANNELS[v] ?? v));
    if (!sameSet([...new Set(stated)], i.returnChannels)) fail('return channels contradict the source');
  }
  const taken = new Set(i.fees.map((f) => f.source));
  p.fees.forEach((_, index) => {
    if (taken.has(index) === index in i.omittedFees) fail(`source fee ${index} must be either taken or omitted`);
  });
}

function buildFee(p: SourceProcedure, f: FeeInterpretation): Fee {
  const row = p.fees[f.source];
  if (!row) throw new InterpretationError(p.code, `no source fee ${f.source}`);
  if (SOURCE_FEE_KINDS[row.kind ?? ''] !== f.kind) throw new InterpretationError(p.code, `fee ${f.source} kind`);
  if (row.amountVnd !== f.amountVnd && !f.amountCorrection) {
    const message = `fee ${f.source} amount ${f.amountVnd} differs from the source without a reason`;
    throw new InterpretationError(p.code, message);
  }
  if (!(row.channel in SOURCE_FEE_CHANNELS) || !sameSet(SOURCE_FEE_CHANNELS[row.channel], f.channels)) {
    throw new InterpretationError(p.code, `fee ${f.source} channels contradict the source's '${row.channel}'`);
  }
  return {
    kind: f.kind,
    label: row.labelVi,
    amountVnd: f.amountVnd,
    payableAt: f.payableAt,
    statedText: row.statedText,
    ...(f.channels ? { channels: f.channels } : {}),
  };
}

function buildStep(p: SourceProcedure, s: StepInterpretation): ProcedureStep {
  return {
    id: s.id,
    name: required(p, s.name, `step ${s.id} name`),
    agency: required(p, s.agency, `step ${s.id} agency`),
    stage: s.stage,
    kind: s.kind,
    slice: s.slice,
    countsTowardLimit: s.countsTowardLimit,
    silenceMeansConsent: s.silenceMeansConsent,
    statedText: s.statedText ? required(p, s.statedText, `step ${s.id} stated text`) : null,
  };
}

/** One interpretation applied to its source record; throws where the two disagree or the schema refuses it. */
export function buildSnapshot(i: ProcedureInterpretation): ProcedureSnapshot {
  const p = sourceProcedure(i.code);
  checkAgainstSource(p, i);
  return ProcedureSnapshot.parse({
    code: p.code,
    name: p.nameVi,
    version: SNAPSHOT_VERSION,
    level: i.level,
    limit: i.limit,
    limitStatedText: p.timeLimit.statedText,
    clockPolicy: i.clockPolicy,
    fees: i.fees.map((f) => buildFee(p, f)),
    steps: i.steps.map((s) => buildStep(p, s)),
    onlineLevel: i.onlineLevel,
    returnChannels: i.returnChannels,
  });
}

/** Every seed procedure's snapshot, in the source's order; throws if an interpretation and the source disagree. */
export function seedProcedureSnapshots(): ProcedureSnapshot[] {
  const missing = sourceProcedures.filter((p) => !procedureInterpretations.some((i) => i.code === p.code));
  if (missing.length > 0) throw new Error(`no interpretation for ${missing.map((p) => p.code).join(', ')}`);
  return sourceProcedures.map((p) => buildSnapshot(procedureInterpretations.find((i) => i.code === p.code)!));
}

/** The snapshot of one seed procedure, or undefined when the code is not in the seed catalogue. */
export function procedureSnapshot(code: string): ProcedureSnapshot | undefined {
  const interpretation = procedureInterpretations.find((i) => i.code === code);
  return interpretation ? buildSnapshot(interpretation) : undefined;
}
