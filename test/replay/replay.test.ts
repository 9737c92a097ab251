import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
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
