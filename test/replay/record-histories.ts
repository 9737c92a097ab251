// Records the histories the replay test checks, from the workflow code as it is now:
//   node --import tsx test/replay/record-histories.ts v<N>
// Run it when a workflow change ships (behind patched() where running dossiers need it), and commit the new files
// beside the old ones: the old histories keep proving that dossiers started under earlier code still replay.
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Approval, StepHandOver } from '../../workflows/dossier/decision-inputs';
import * as m from '../../workflows/dossier/messages';
import { workingDaysAfter } from '../workflows/dates';
import { applicant, officer, paymentPlatform, startScenario, type DossierHandle, type Scenario } from '../workflows/harness';

const version = process.argv[2];
if (!version || !/^v\d+$/.test(version)) {
  console.error('usage: record-histories.ts v<N>');
  process.exit(2);
}

const handOver = (stepId: string): { args: [StepHandOver] } => ({ args: [{ actor: officer, stepId, outcome: 'COMPLETED' }] });
const approve: { args: [Approval] } = { args: [{ actor: officer, results: ['Kết quả giải quyết'] }] };

async function acceptAndTransfer(handle: DossierHandle) {
  await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
  await handle.executeUpdate(m.transferUpdate, { args: [{ actor: officer }] });
}

/** The local date-time, 09:00, `n` working days after the test server's current date (the next working day: 0). */
async function workingDay(s: Scenario, n = 0): Promise<string> {
  return `${workingDaysAfter(s.calendar, await s.searchFrom(), n)}T09:00`;
}

/**
 * Each scenario: the procedure and what happens; the name says why. Each starts at 09:00 on the next working day
 * after the one before, so the histories can be recorded on any day.
 */
const scenarios: [name: string, procedure: string, run: (h: DossierHandle, s: Scenario) => Promise<void>][] = [
  ['accepted', '1.004222', (h) => h.executeUpdate(m.acceptUpdate, { args: [{ actor: officer, note: 'complete' }] }).then(() => {})],
  ['reception-overdue', '1.004222', async (h, s) => {
    await s.travelTo(await workingDay(s, 1));
    await h.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
  }],
  ['supplement-at-reception-refused', '1.004222', async (h) => {
    await h.executeUpdate(m.requestSupplementUpdate, { args: [{ actor: officer, items: [{ item: 'CCCD', reason: 'ảnh mờ' }] }] });
    await h.executeUpdate(m.supplementUpdate, { args: [{ actor: applicant, components: [{ name: 'CCCD', digest: 'e'.repeat(64) }] }] });
    await h.executeUpdate(m.refuseAtReceptionUpdate, { args: [{ actor: officer, reasons: ['không thuộc thẩm quyền'] }] });
  }],
  ['one-agency-rated', '1.004222', async (h) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.handOverStepUpdate, handOver('handling'));
    await h.executeUpdate(m.assessFeeUpdate, { args: [{ actor: officer, amountVnd: 10000 }] });
    await h.executeUpdate(m.approveUpdate, approve);
    await h.signal(m.paymentConfirmedSignal, { actor: paymentPlatform, paymentRef: 'PAY-1', amountVnd: 10000 });
    await h.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'online' }] });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: applicant, punctuality: 5, attitude: 4, overall: 5, contacts: 1 }] });
  }],
  ['paused-apologised-late-postal', '1.004222', async (h, s) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.pauseUpdate, { args: [{ actor: officer, reason: 'SUPPLEMENT', noticeRef: 'PYC-01', items: [{ item: 'Sổ', reason: 'thiếu' }] }] });
    await s.travelTo(await workingDay(s));
    await h.executeUpdate(m.supplementUpdate, { args: [{ actor: applicant, components: [{ name: 'Sổ', digest: 'f'.repeat(64) }] }] });
    const { dueAt } = await h.query(m.viewQuery);
    await h.executeUpdate(m.apologiseUpdate, { args: [{ actor: officer, reason: 'chờ xác minh', newAppointmentAt: new Date(Date.parse(dueAt!) + 3 * 86_400_000).toISOString() }] });
    await s.travelTo(await workingDay(s, 7));
    await h.executeUpdate(m.handOverStepUpdate, handOver('handling'));
    await h.executeUpdate(m.approveUpdate, approve);
    await h.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'postal' }] });
    await h.signal(m.postalDeliverySignal, { trackingRef: 'EMS-1', status: 'FAILED', at: new Date(await s.env.currentTimeMs()).toISOString() });
    await h.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'counter' }] });
  }],
  ['interagency-deemed-consent', '1.001266', async (h, s) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.handOverStepUpdate, handOver('registry-intake'));
    await s.travelTo(await workingDay(s, 3));
    await h.executeUpdate(m.handOverStepUpdate, handOver('status-change'));
    await h.executeUpdate(m.approveUpdate, approve);
  }],
  ['excluded-periods', '1.115620', async (h, s) => {
    await acceptAndTransfer(h);
    for (const step of ['land-registration', 'public-posting', 'tax-assessment', 'obligation-payment', 'certificate-issue']) {
      await s.travelTo(`${await s.searchFrom()}T09:00`);
      await h.executeUpdate(m.handOverStepUpdate, handOver(step));
    }
    await h.executeUpdate(m.refuseToResolveUpdate, { args: [{ actor: officer, reasons: ['không đủ điều kiện'] }] });
  }],
  ['withdrawn', '2.000986', async (h) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.handOverStepUpdate, handOver('birth-registration'));
    await h.executeUpdate(m.withdrawUpdate, { args: [{ actor: applicant }] });
  }],
];

const scenario = await startScenario();
try {
  for (const [name, procedure, run] of scenarios) {
    await scenario.travelTo(await workingDay(scenario));
    const handle = await scenario.submit(procedure);
    await run(handle, scenario);
    const file = new URL(`../histories/dossier-${name}-${version}.json`, import.meta.url).pathname;
    writeFileSync(file, historyToJSON(await handle.fetchHistory()));
    console.log(`saved ${file}`);
  }
} finally {
  await scenario.close();
}
