import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { dossierCodes } from '../../db/schema';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import type { DossierView } from '../../workflows/dossier/inputs';
import * as m from '../../workflows/dossier/messages';
import { at, codeDate, nextWorkingDay } from './dates';
import { officer, startScenario, type DossierHandle, type Scenario } from './harness';

// Decisions that race: two officers deciding one dossier at once, and a whole unit accepting a morning's dossiers
// at once. The validator refuses a second decision while the first is being recorded (DecisionInProgress) or after
// it (WrongState); dossier codes stay gap-free and unique per unit and day (Circular 01/2018 Art. 19).
describe('concurrent decisions at reception', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.close());

  const otherOfficer = { id: 'officer-2', role: 'officer' } as const;
  const refusal = { actor: officer, reasons: ['Hồ sơ không thuộc thẩm quyền tiếp nhận'] };

  /**
   * Exactly one fulfilled; the other refused by the validator with one of the concurrency reasons. When the winning
   * decision closes the dossier (a refusal completes the workflow), the loser may instead reach the server after the
   * workflow has completed: Temporal answers "not found" (the API turns that into 409 with the final status, see
   * test/api/dossier-slice.test.ts) and no validator runs: the reason is then the closed dossier itself.
   */
  function oneWins<T>(
    results: PromiseSettledResult<T>[],
    closesDossier: (winner: number) => boolean = () => false,
  ): { winner: number; reason: unknown } {
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    const loser = results[1 - winner] as PromiseRejectedResult;
    if (closesDossier(winner) && loser.reason instanceof WorkflowNotFoundError) {
      return { winner, reason: { type: 'WorkflowClosed' } };
    }
    expect(loser.reason).toBeInstanceOf(WorkflowUpdateFailedError);
    return { winner, reason: (loser.reason as WorkflowUpdateFailedError).cause };
  }

  async function codesOf(handle: DossierHandle) {
    return s.database.db.select().from(dossierCodes).where(eq(dossierCodes.dossierId, handle.workflowId));
  }

  it('lets exactly one of a simultaneous acceptance and refusal through', async () => {
    await s.travelTo(at(nextWorkingDay(s.calendar, await s.searchFrom()), '09:00'));
    const handle = await s.submit('1.004222');
    const results = await Promise.allSettled([
      handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }], updateId: 'accept-officer-1' }),
      handle.executeUpdate(m.refuseAtReceptionUpdate, { args: [refusal], updateId: 'refuse-officer-2' }),
    ]);
    const { winner, reason } = oneWins(results, (winner) => winner === 1);
    expect(reason).toMatchObject({ type: expect.stringMatching(/^(DecisionInProgress|WrongState|WorkflowClosed)$/) });
    const decided = winner === 0 ? 'ACCEPTED' : 'REFUSED_AT_RECEPTION';
    expect((await handle.query(m.viewQuery)).status).toBe(decided);
    const events = await s.events(handle);
    expect(events).toEqual(['RECEIVED', decided]);
    expect(await codesOf(handle)).toHaveLength(winner === 0 ? 1 : 0);
    // A refusal is final: the workflow completes; an acceptance keeps it running.
    const status = winner === 0 ? (await handle.describe()).status.name : await s.completion(handle);
    expect(status).toBe(winner === 0 ? 'RUNNING' : 'COMPLETED');
  });

  it('issues one code when two officers accept the same dossier at once', async () => {
    const handle = await s.submit('1.004222');
    const results = await Promise.allSettled([
      handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }], updateId: 'accept-a' }),
      handle.executeUpdate(m.acceptUpdate, { args: [{ actor: otherOfficer }], updateId: 'accept-b' }),
    ]);
    const { winner, reason } = oneWins(results);
    expect(reason).toMatchObject({ type: expect.stringMatching(/^(DecisionInProgress|WrongState)$/) });
    const view = (results[winner] as PromiseFulfilledResult<DossierView>).value;
    expect(await s.events(handle)).toEqual(['RECEIVED', 'ACCEPTED']);
    const codes = await codesOf(handle);
    expect(codes.map((c) => c.code)).toEqual([view.dossierCode]);
  });

  it('answers a retried acceptance (same update id) with the first answer, not a refusal', async () => {
    const handle = await s.submit('1.004222');
    const [first, retried] = await Promise.all([
      handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }], updateId: 'idempotency-key-1' }),
      handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }], updateId: 'idempotency-key-1' }),
    ]);
    expect(retried).toEqual(first);
    expect(await s.events(handle)).toEqual(['RECEIVED', 'ACCEPTED']);
  });

  it('numbers 50 concurrent acceptances of one unit and day 0001 to 0050, and re-issues the same codes', async () => {
    const unitCode = '000.00.07.H56';
    const day = nextWorkingDay(s.calendar, await s.searchFrom());
    await s.travelTo(at(day, '08:00'));
    const handles = await Promise.all(Array.from({ length: 50 }, () => s.submit('1.004222', unitCode)));
    await s.travelTo(at(day, '09:00'));
    const accept = (h: DossierHandle) => h.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    const views = await Promise.all(handles.map(accept));

    const expected = Array.from({ length: 50 }, (_, i) => `${unitCode}-${codeDate(day)}-${String(i + 1).padStart(4, '0')}`);
    expect(views.map((v) => v.dossierCode).sort()).toEqual(expected);
    expect(views.every((v) => v.status === 'ACCEPTED')).toBe(true);

    // Re-running the activity (as a retry after a lost answer would) returns each dossier's code, issuing none.
    const { allocateDossierCode } = createActivities({ db: s.database.db, calendars: defaultCalendarProvider() });
    const reissue = (h: DossierHandle, i: number) =>
      allocateDossierCode({ dossierId: h.workflowId, unitCode, acceptedAt: views[i]!.acceptedAt! });
    const again = await Promise.all(handles.map(reissue));
    expect(again.map((r) => r.dossierCode)).toEqual(views.map((v) => v.dossierCode));
    const issued = await s.database.db.select().from(dossierCodes).where(eq(dossierCodes.unitCode, unitCode));
    expect(issued.map((row) => row.number).sort((a, b) => a - b)).toEqual(expected.map((_, i) => i + 1));
  });
});
