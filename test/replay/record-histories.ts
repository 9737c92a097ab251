// Records the histories the replay test checks, from the workflow code as it is now:
//   node --import tsx test/replay/record-histories.ts v<N>
// Run it when a workflow change ships (behind patched() where running dossiers need it), and commit the new files
// beside the old ones: the old histories keep proving that dossiers started under earlier code still replay.
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Approval, StepHandOver } from '../../workflows/dossier/decision-inputs';
import * as m from '../../workflows/dossier/messages';
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

/** Each scenario: when it starts (local time, increasing), the procedure, and what happens; the name says why. */
const scenarios: [name: string, at: string, procedure: string, run: (h: DossierHandle, s: Scenario) => Promise<void>][] = [
  ['accepted', '2026-11-30T09:00', '1.004222', (h) => h.executeUpdate(m.acceptUpdate, { args: [{ actor: officer, note: 'complete' }] }).then(() => {})],
  ['reception-overdue', '2026-12-01T09:00', '1.004222', async (h, s) => {
    await s.travelTo('2026-12-03T09:00');
    await h.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
  }],
  ['supplement-at-reception-refused', '2026-12-04T09:00', '1.004222', async (h) => {
    await h.executeUpdate(m.requestSupplementUpdate, { args: [{ actor: officer, items: [{ item: 'CCCD', reason: 'ảnh mờ' }] }] });
    await h.executeUpdate(m.supplementUpdate, { args: [{ actor: applicant, components: [{ name: 'CCCD', digest: 'e'.repeat(64) }] }] });
    await h.executeUpdate(m.refuseAtReceptionUpdate, { args: [{ actor: officer, reasons: ['không thuộc thẩm quyền'] }] });
  }],
  ['one-agency-rated', '2026-12-07T09:00', '1.004222', async (h) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.handOverStepUpdate, handOver('handling'));
    await h.executeUpdate(m.assessFeeUpdate, { args: [{ actor: officer, amountVnd: 10000 }] });
    await h.executeUpdate(m.approveUpdate, approve);
    await h.signal(m.paymentConfirmedSignal, { actor: paymentPlatform, paymentRef: 'PAY-1', amountVnd: 10000 });
    await h.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'online' }] });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: applicant, punctuality: 5, attitude: 4, overall: 5, contacts: 1 }] });
  }],
  ['paused-apologised-late-postal', '2026-12-08T09:00', '1.004222', async (h, s) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.pauseUpdate, { args: [{ actor: officer, reason: 'SUPPLEMENT', noticeRef: 'PYC-01', items: [{ item: 'Sổ', reason: 'thiếu' }] }] });
    await s.travelTo('2026-12-09T09:00');
    await h.executeUpdate(m.supplementUpdate, { args: [{ actor: applicant, components: [{ name: 'Sổ', digest: 'f'.repeat(64) }] }] });
    const { dueAt } = await h.query(m.viewQuery);
    await h.executeUpdate(m.apologiseUpdate, { args: [{ actor: officer, reason: 'chờ xác minh', newAppointmentAt: new Date(Date.parse(dueAt!) + 3 * 86_400_000).toISOString() }] });
    await s.travelTo('2026-12-21T09:00');
    await h.executeUpdate(m.handOverStepUpdate, handOver('handling'));
    await h.executeUpdate(m.approveUpdate, approve);
    await h.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'postal' }] });
    await h.signal(m.postalDeliverySignal, { trackingRef: 'EMS-1', status: 'FAILED', at: new Date().toISOString() });
    await h.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'counter' }] });
  }],
  ['interagency-deemed-consent', '2026-12-22T09:00', '1.001266', async (h, s) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.handOverStepUpdate, handOver('registry-intake'));
    await s.travelTo('2026-12-28T09:00');
    await h.executeUpdate(m.handOverStepUpdate, handOver('status-change'));
    await h.executeUpdate(m.approveUpdate, approve);
  }],
  ['excluded-periods', '2026-12-29T09:00', '1.115620', async (h, s) => {
    await acceptAndTransfer(h);
    for (const step of ['land-registration', 'public-posting', 'tax-assessment', 'obligation-payment', 'certificate-issue']) {
      await s.travelTo(nextDay(await s.env.currentTimeMs()));
      await h.executeUpdate(m.handOverStepUpdate, handOver(step));
    }
    await h.executeUpdate(m.refuseToResolveUpdate, { args: [{ actor: officer, reasons: ['không đủ điều kiện'] }] });
  }],
  ['withdrawn', '2027-02-01T09:00', '2.000986', async (h) => {
    await acceptAndTransfer(h);
    await h.executeUpdate(m.handOverStepUpdate, handOver('birth-registration'));
    await h.executeUpdate(m.withdrawUpdate, { args: [{ actor: applicant }] });
  }],
];

/** 09:00 local on the next day after a server time. */
function nextDay(ms: number): string {
  const local = new Date(ms + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  return `${local}T09:00`;
}

const scenario = await startScenario();
try {
  for (const [name, at, procedure, run] of scenarios) {
    await scenario.travelTo(at);
    const handle = await scenario.submit(procedure);
    await run(handle, scenario);
    const file = new URL(`../histories/dossier-${name}-${version}.json`, import.meta.url).pathname;
    writeFileSync(file, historyToJSON(await handle.fetchHistory()));
    console.log(`saved ${file}`);
  }
} finally {
  await scenario.close();
}
