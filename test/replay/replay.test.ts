import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { localActivities } from '../support/history';
import { sharedBundle } from '../support/system';

// Saved histories of dossiers run by earlier workflow code (recorded by record-histories.ts). Today's code must replay
// every one of them: a change that running dossiers would replay differently needs patched().
const directory = new URL('../histories/', import.meta.url);
const histories = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, history: historyFromJSON(JSON.parse(readFileSync(new URL(file, directory), 'utf8'))) }));

describe('replay of saved dossier histories', () => {
  it('has histories to replay', () => {
    expect(histories.map((h) => h.file)).toEqual(expect.arrayContaining(['dossier-accepted-v1.json', 'dossier-reception-overdue-v1.json']));
  });

  it.each(histories)('replays $file without a determinism violation', async ({ file, history }) => {
    await expect(Worker.runReplayHistory({ workflowBundle: await sharedBundle() }, history, file)).resolves.toBeUndefined();
  });

  it('keeps v1 dossiers on activities scheduled through the server, and runs later ones locally (patch dossier-local-activities)', () => {
    const v1 = histories.find((h) => h.file === 'dossier-one-agency-rated-v1.json')!.history.events!;
    const v2 = histories.find((h) => h.file === 'dossier-one-agency-rated-v2.json')!.history.events!;
    expect(v1.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(14);
    expect(localActivities(v1)).toEqual([]);
    expect(v2.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    expect(v2.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBeDefined();
    expect(localActivities(v2).map((a) => a.activityType)).toEqual([
      'acknowledgeReceipt', 'projectDossierEvent', 'allocateDossierCode', 'startDeadline', 'projectDossierEvent',
      'projectDossierEvent', 'stepDeadline', ...Array(7).fill('projectDossierEvent'),
    ]);
  });

  it('fails on a v2 history whose local activity is another one', async () => {
    const { history } = histories.find((h) => h.file === 'dossier-accepted-v2.json')!;
    const tampered = structuredClone(history);
    const marker = tampered.events!.find((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity')!;
    const payload = marker.markerRecordedEventAttributes!.details!.data!.payloads![0]!;
    const data = JSON.parse(Buffer.from(payload.data!).toString('utf8'));
    payload.data = Buffer.from(JSON.stringify({ ...data, activity_type: 'someOtherActivity' }));
    await expect(Worker.runReplayHistory({ workflowBundle: await sharedBundle() }, tampered)).rejects.toBeInstanceOf(
      DeterminismViolationError,
    );
  });

  it('fails on a tampered history, so replay can fail at all', async () => {
    const { history } = histories.find((h) => h.file === 'dossier-accepted-v1.json')!;
    const tampered = structuredClone(history);
    const scheduled = tampered.events!.find((event) => event.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType = { name: 'someOtherActivity' };
    await expect(Worker.runReplayHistory({ workflowBundle: await sharedBundle() }, tampered)).rejects.toBeInstanceOf(
      DeterminismViolationError,
    );
  });
});
