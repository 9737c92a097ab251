// Local time in Asia/Ho_Chi_Minh: UTC+7, no daylight saving since 1975.
// Everything here works on epoch milliseconds shifted by a fixed +7 h and reads them with
// UTC getters only, so no result depends on the process time zone (TZ).

export const OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** An instant accepted by the public API: a Date, epoch milliseconds, or ISO 8601 text with an offset. */
export type InstantInput = Date | number | string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;
const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

function utcDay(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

/** 'YYYY-MM-DD' → days since 1970-01-01 (a local calendar date, not an instant). */
export function parseLocalDate(text: string): number {
  const m = LOCAL_DATE.exec(text);
  const day = m ? utcDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (day === undefined) throw new RangeError(`not a valid local date YYYY-MM-DD: "${text}"`);
  return day;
}

export function formatLocalDate(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Parses ISO 8601 with an explicit offset (Z or ±HH:MM). Text without an offset is ambiguous and refused. */
export function parseInstant(text: string): number {
  const m = INSTANT.exec(text);
  if (!m) throw new RangeError(`not an ISO 8601 instant with an offset: "${text}"`);
  const day = utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? '0');
  if (day === undefined || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`not a valid ISO 8601 instant: "${text}"`);
  }
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return day * DAY_MS + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + fraction;
}

export function toEpochMs(input: InstantInput): number {
  const ms = typeof input === 'string' ? parseInstant(input) : typeof input === 'number' ? input : input.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid instant');
  return ms;
}

/** Formats an instant as local ISO 8601 text with the +07:00 offset; milliseconds only when non-zero. */
export function formatInstant(input: InstantInput): string {
  const ms = toEpochMs(input);
  const iso = new Date(ms + OFFSET_MS).toISOString();
  const base = iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
  return `${base}+07:00`;
}

/** The local calendar day (days since 1970-01-01) of an instant. */
export function localDayOf(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** The instant of a local day plus a number of minutes after local midnight. */
export function localMinuteToMs(epochDay: number, minuteOfDay: number): number {
  return epochDay * DAY_MS + minuteOfDay * MINUTE_MS - OFFSET_MS;
}

/** 'HH:MM' → minutes after midnight; '24:00' is allowed as the end of the day. */
export function parseClock(text: string): number {
  const m = HH_MM.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || minutes > 24 * 60) throw new RangeError(`not a clock time HH:MM: "${text}"`);
  return minutes;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function yearOfDay(epochDay: number): number {
  return new Date(epochDay * DAY_MS).getUTCFullYear();
}
