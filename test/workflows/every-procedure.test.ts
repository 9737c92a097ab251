import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProcedureSnapshots } from '../../db/seed/procedure-snapshots';
import * as m from '../../workflows/dossier/messages';
import { at, nextWorkingDay } from './dates';
import { officer, startScenario, type Scenario } from './harness';

// Every shape in ../shared/domain/procedures.json must run: each seed procedure goes from receipt to a ready result,
// its steps handed over stage by stage (a consulted agency answering AGREED).
describe('every seed procedure runs end to end', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
    // Any working day, at the opening of the office: every procedure is received and decided within it.
    await s.travelTo(at(nextWorkingDay(s.calendar, await s.searchFrom()), '08:00'));
  });
  afterAll(async () => s?.close());

  it.each(seedProcedureSnapshots().map((procedure) => [procedure.code, procedure] as const))('%s', async (_code, procedure) => {
    const handle = await s.submit(procedure.code);
    await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    let view = await handle.executeUpdate(m.transferUpdate, { args: [{ actor: officer }] });
    expect(view.dueAt).not.toBeNull();
    const stages = [...new Set(procedure.steps.map((step) => step.stage))].sort((a, b) => a - b);
    for (const stage of stages) {
      for (const step of procedure.steps.filter((candidate) => candidate.stage === stage)) {
        expect(view.steps.find((candidate) => candidate.id === step.id)?.status).toBe('IN_PROGRESS');
        const outcome = step.kind === 'consultation' ? 'AGREED' : 'COMPLETED';
        view = await handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: step.id, outcome }] });
      }
    }
    expect(view.steps.every((step) => step.status === 'DONE')).toBe(true);
    expect(view.paused).toBe(false);
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: [procedure.name] }] });
    expect(ready).toMatchObject({ status: 'RESULT_READY', resultDocuments: [`${ready.dossierCode}-KQ1`] });
    expect(ready.timeliness).not.toBeNull();
  });
});
