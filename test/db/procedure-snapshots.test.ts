import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildSnapshot,
  procedureInterpretations,
  procedureSnapshot,
  seedProcedureSnapshots,
} from '../../db/seed/procedure-snapshots';
import { ProcedureSnapshot, type ProcedureStep, type TimeLimit } from '../../workflows/dossier/procedure';

// Read the seed file independently of the module under test, so these pins compare against the raw source.
const seedPath = new URL('../../db/seed/procedures.source.json', import.meta.url);
const sharedPath = new URL('../../../shared/domain/procedures.json', import.meta.url);
type RawFee = { labelVi: string; amountVnd?: number | null; statedText: string | null };
type RawProcedure = { code: string; nameVi: string; timeLimit: { statedText: string | null }; fees: RawFee[] };
const raw = JSON.parse(readFileSync(seedPath, 'utf8')) as RawProcedure[];

const snapshots = seedProcedureSnapshots();
const snapshot = (code: string) => {
  const found = snapshots.find((s) => s.code === code);
  if (!found) throw new Error(`no snapshot ${code}`);
  return found;
};
const countingSteps = (s: ProcedureSnapshot) => s.steps.filter((step) => step.countsTowardLimit);
const sliceValue = (slice: TimeLimit | null) => (slice && 'value' in slice ? slice.value : undefined);
const stepOf = (s: ProcedureSnapshot, agency: RegExp): ProcedureStep => {
  const found = s.steps.find((step) => agency.test(step.agency));
  if (!found) throw new Error(`${s.code}: no step at ${agency}`);
  return found;
};

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}

describe('seed procedure snapshots', () => {
  it('builds one schema-valid version-1 snapshot per source procedure, in the source order', () => {
    expect(snapshots).toHaveLength(11);
    for (const s of snapshots) {
      expect(ProcedureSnapshot.parse(s)).toEqual(s);
      expect(s.version).toBe(1);
    }
    expect(snapshots.map((s) => s.code)).toEqual(raw.map((p) => p.code));
  });

  it('takes names verbatim from the source', () => {
    for (const p of raw) expect(snapshot(p.code).name).toBe(p.nameVi);
  });

  it("keeps every limit's stated text as the source's verbatim statedText, null included", () => {
    for (const p of raw) expect(snapshot(p.code).limitStatedText).toBe(p.timeLimit.statedText);
    expect(snapshot('1.000894').limitStatedText).toBeNull();
  });

  it('copies step names, agencies and stated texts and fee labels from the source instead of retyping them', () => {
    for (const p of raw) {
      const texts = stringsIn(p);
      const s = snapshot(p.code);
      for (const step of s.steps) {
        expect(texts, `${p.code} ${step.id}`).toContain(step.name);
        expect(texts, `${p.code} ${step.id}`).toContain(step.agency);
        if (step.statedText !== null) expect(texts, `${p.code} ${step.id}`).toContain(step.statedText);
      }
      for (const fee of s.fees) {
        const row = p.fees.find((f) => f.labelVi === fee.label);
        expect(row, `${p.code} ${fee.label}`).toBeDefined();
        expect(fee.statedText).toBe(row!.statedText);
      }
    }
  });

  it('charges only amounts the source states, never one it leaves null', () => {
    for (const p of raw) {
      for (const fee of snapshot(p.code).fees) {
        expect(fee.amountVnd, `${p.code} ${fee.label}`).toBe(p.fees.find((f) => f.labelVi === fee.label)!.amountVnd);
      }
    }
  });

  it('gives every procedure at least one step, with ids unique within the procedure', () => {
    for (const s of snapshots) {
      expect(s.steps.length, s.code).toBeGreaterThanOrEqual(1);
      expect(new Set(s.steps.map((step) => step.id)).size, s.code).toBe(s.steps.length);
    }
  });

  it('gives a one-agency procedure a single handling step whose slice is the whole limit', () => {
    for (const code of ['1.001193', '1.000894', '2.000815', '1.004222', '1.001612', '2.001610', '3.000333']) {
      const s = snapshot(code);
      expect(s.steps).toHaveLength(1);
      expect(s.steps[0]).toMatchObject({ kind: 'handling', stage: 1, slice: s.limit, countsTowardLimit: true });
    }
  });

  it('looks a snapshot up by code and knows no procedure outside the seed', () => {
    expect(procedureSnapshot('1.115620')).toEqual(snapshot('1.115620'));
    expect(procedureSnapshot('9.999999')).toBeUndefined();
  });

  it.skipIf(!existsSync(sharedPath))('seeds a verbatim copy of the shared catalogue', () => {
    expect(readFileSync(seedPath, 'utf8')).toBe(readFileSync(sharedPath, 'utf8'));
  });
});

describe('per-procedure interpretation', () => {
  it('registers a birth and certifies a copy the same day, or the next working day after 15:00', () => {
    for (const code of ['1.001193', '2.000815']) {
      expect(snapshot(code).limit).toEqual({ unit: 'same_day', cutoff: '15:00' });
    }
  });

  it('splits land registration into 8.5 working days for registration and 1.5 for the certificate (1.115620)', () => {
    const s = snapshot('1.115620');
    expect(s.limit).toEqual({ unit: 'working_days', value: 10 });
    const counting = countingSteps(s);
    expect(counting.map((step) => step.slice)).toEqual([
      { unit: 'working_days', value: 8.5 },
      { unit: 'working_days', value: 1.5 },
    ]);
    expect(counting.reduce((sum, step) => sum + (sliceValue(step.slice) ?? 0), 0)).toBe(10);
  });

  it('stops the land clock for the tax assessment, the payment and the 15-day public posting (1.115620)', () => {
    const excluded = snapshot('1.115620').steps.filter((step) => !step.countsTowardLimit);
    expect(excluded.length).toBeGreaterThanOrEqual(1);
    const kinds = excluded.map((step) => step.kind);
    expect(kinds).toEqual(['public_posting', 'financial_obligation', 'financial_obligation']);
    const posting = excluded.find((step) => step.kind === 'public_posting');
    expect(posting?.slice).toEqual({ unit: 'calendar_days', value: 15 });
  });

  it('gives the tax office 2 working days to object, silence meaning consent (1.001266)', () => {
    const s = snapshot('1.001266');
    const tax = stepOf(s, /thuế/);
    expect(tax).toMatchObject({ kind: 'consultation', silenceMeansConsent: true, countsTowardLimit: true });
    expect(tax.slice).toEqual({ unit: 'working_days', value: 2 });
    expect(s.limit).toEqual({ unit: 'working_days', value: 5 });
  });

  it('deems consulted agencies to agree after 12 calendar days (1.013225)', () => {
    const consultation = snapshot('1.013225').steps.find((step) => step.kind === 'consultation');
    expect(consultation).toMatchObject({ silenceMeansConsent: true, slice: { unit: 'calendar_days', value: 12 } });
  });

  it('runs police and social insurance in one parallel stage after birth registration (2.000986)', () => {
    const s = snapshot('2.000986');
    expect(new Set(s.steps.map((step) => step.agency)).size).toBeGreaterThanOrEqual(3);
    const police = stepOf(s, /Công an/);
    const insurance = stepOf(s, /Bảo hiểm xã hội/);
    const birth = stepOf(s, /Ủy ban nhân dân cấp xã/);
    expect(police.stage).toBe(insurance.stage);
    expect(birth.stage).toBeLessThan(police.stage);
    expect([police.slice, insurance.slice]).toEqual([
      { unit: 'calendar_days', value: 15 },
      { unit: 'calendar_days', value: 10 },
    ]);
    expect(s.limit).toEqual({ unit: 'working_days', value: 20 });
  });

  it('allows 10 calendar days for a judicial record certificate (3.000333)', () => {
    expect(snapshot('3.000333').limit).toEqual({ unit: 'calendar_days', value: 10 });
  });

  it("charges 100,000 đ to publish a new enterprise on every channel, not the portal's 100 (2.001610)", () => {
    const fees = snapshot('2.001610').fees;
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ kind: 'fee', amountVnd: 100_000, payableAt: 'submission' });
    expect(fees[0]!.channels).toBeUndefined();
  });

  it('prices residence registration per channel: 20,000 đ at the counter, 10,000 đ online (1.004222)', () => {
    const fees = snapshot('1.004222').fees.map((f) => [f.kind, f.amountVnd, f.channels]);
    expect(fees).toEqual([
      ['charge', 20_000, ['counter']],
      ['charge', 10_000, ['online']],
    ]);
  });

  it('restarts the clock after supplementation only for the construction permit', () => {
    expect(snapshots.filter((s) => s.clockPolicy === 'RESTART').map((s) => s.code)).toEqual(['1.013225']);
  });

  it('states an online level only where a source does', () => {
    const levels = Object.fromEntries(snapshots.filter((s) => s.onlineLevel).map((s) => [s.code, s.onlineLevel]));
    expect(levels).toEqual({ '1.004222': 'partial', '3.000333': 'full' });
  });
});

describe('interpretation guard', () => {
  const land = procedureInterpretations.find((i) => i.code === '1.115620')!;

  it('refuses a limit that contradicts the source', () => {
    expect(() => buildSnapshot({ ...land, limit: { unit: 'working_days', value: 8.5 } })).toThrow(/limit/);
  });

  it('refuses a fee amount that differs from the source without a stated reason', () => {
    const fees = land.fees.map((f) => ({ ...f, amountVnd: f.amountVnd + 1 }));
    expect(() => buildSnapshot({ ...land, fees })).toThrow(/differs from the source/);
  });

  it('refuses to drop a source fee silently', () => {
    expect(() => buildSnapshot({ ...land, omittedFees: {} })).toThrow(/taken or omitted/);
  });

  it('refuses a step that points at no source text', () => {
    const steps = land.steps.map((s) => ({ ...s, name: () => undefined }));
    expect(() => buildSnapshot({ ...land, steps })).toThrow(/points at no text/);
  });
});
