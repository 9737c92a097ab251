// Per-unit settings: office sessions, optional Saturday-morning receipt, extra days off.
// A unit without its own settings uses DEFAULT_UNIT (Monday–Friday 07:30–11:30 and 13:00–17:00).

import { z } from 'zod';
import builtInUnits from './data/units.json';
import { parseClock, parseLocalDate } from './local-time';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
const SessionSchema = z.strictObject({ start: clock, end: clock });
const DEFAULT_SESSIONS = [
  { start: '07:30', end: '11:30' },
  { start: '13:00', end: '17:00' },
];

function sessionsInOrder(sessions: { start: string; end: string }[]): boolean {
  let previousEnd = -1;
  for (const s of sessions) {
    const start = parseClock(s.start);
    const end = parseClock(s.end);
    if (start >= end || start < previousEnd) return false;
    previousEnd = end;
  }
  return true;
}

const sessionList = z.array(SessionSchema).refine(sessionsInOrder, 'sessions must be ordered and must not overlap');

export const UnitSettingsSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().optional(),
  /** Office sessions of every working day (make-up Saturdays included). */
  sessions: sessionList.min(1).default(DEFAULT_SESSIONS),
  /** Sessions in which the unit receives dossiers on ordinary Saturdays; empty when it does not. */
  saturdayReceipt: sessionList.default([]),
  /** Unit-specific days off (ngày nghỉ riêng của đơn vị). */
  closures: z
    .array(
      z.strictObject({
        date: z.string().refine((d) => !Number.isNaN(safeDay(d)), 'must be a date YYYY-MM-DD'),
        note: z.string().min(1),
        source: z.string().optional(),
      }),
    )
    .default([]),
});

export type UnitSettings = z.output<typeof UnitSettingsSchema>;
export type UnitSettingsInput = z.input<typeof UnitSettingsSchema>;

function safeDay(text: string): number {
  try {
    return parseLocalDate(text);
  } catch {
    return NaN;
  }
}

export const DEFAULT_UNIT: UnitSettings = UnitSettingsSchema.parse({ code: 'default', name: 'Default office hours' });

/** Validates a unit's settings, filling defaults. */
export function parseUnitSettings(input: unknown): UnitSettings {
  const result = UnitSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new TypeError(`invalid unit settings: ${details}`);
}

const registry = z.strictObject({ units: z.array(z.unknown()) }).parse(builtInUnits).units.map(parseUnitSettings);

/** The settings of a unit from calendars/data/units.json; `known: false` means the default was used. */
export function findUnit(code: string | undefined, units: UnitSettings[] = registry): { unit: UnitSettings; known: boolean } {
  if (code === undefined || code === DEFAULT_UNIT.code) return { unit: DEFAULT_UNIT, known: true };
  const unit = units.find((u) => u.code === code);
  return unit ? { unit, known: true } : { unit: { ...DEFAULT_UNIT, code }, known: false };
}
