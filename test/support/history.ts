import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One local activity as its marker records it: which activity, and the attempt that completed it. */
export interface LocalActivityRun {
  activityType: string;
  attempt: number;
}

/**
 * The local activities a history records. The SDK writes one `core_local_activity` marker per completed local
 * activity, its `data` a JSON payload with the activity type and the attempt that succeeded.
 */
export function localActivities(events: readonly HistoryEvent[]): LocalActivityRun[] {
  return events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const payload = marker.details?.data?.payloads?.[0]?.data;
    if (!payload) return [];
    const data = JSON.parse(Buffer.from(payload).toString('utf8')) as { activity_type?: string; activityType?: string; attempt?: number };
    return [{ activityType: data.activity_type ?? data.activityType ?? '', attempt: data.attempt ?? 1 }];
  });
}
