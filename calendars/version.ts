// The calendar version: a short content hash of the effective data (official and loaded notices,
// the drafting rules, the lunar algorithm and the unit's settings). Recorded with every deadline,
// so a deadline can always be traced to the exact calendar that produced it.
// Uses node:crypto's SHA-256 (the core runs in Temporal activities, i.e. in Node, never in workflows).

import { createHash } from 'node:crypto';
import { DRAFT_RULES_VERSION } from './drafting';
import type { YearNotice } from './notice-schema';
import type { UnitSettings } from './units';

export const ENGINE_VERSION = 'motcua-calendar/1; lunar=ho-ngoc-duc-meeus/utc+7; table=2000..2100';

/** JSON with object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function calendarVersion(notices: readonly YearNotice[], unit: UnitSettings): string {
  const { sessions, saturdayReceipt, closures } = unit;
  const content = canonicalJson({
    engine: ENGINE_VERSION,
    draftRules: DRAFT_RULES_VERSION,
    notices: [...notices].sort((a, b) => a.year - b.year),
    unit: { sessions, saturdayReceipt, closures },
  });
  return `cal-${createHash('sha256').update(content).digest('hex').slice(0, 12)}`;
}
