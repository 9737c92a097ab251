// Why a day is not a working day (or is an unusual one), as a closed set of codes with labels.

export const HOLIDAYS = {
  new_year: { vi: 'Tết Dương lịch', en: "New Year's Day" },
  tet: { vi: 'Tết Âm lịch (Tết Nguyên đán)', en: 'Lunar New Year (Tết)' },
  hung_kings: { vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', en: "Hùng Kings' Commemoration" },
  victory_day: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' },
  labour_day: { vi: 'Ngày Quốc tế Lao động (1/5)', en: "International Workers' Day (1 May)" },
  national_day: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' },
} as const;

export type HolidayCode = keyof typeof HOLIDAYS;
export const HOLIDAY_CODES = Object.keys(HOLIDAYS) as [HolidayCode, ...HolidayCode[]];

export type Label = { vi: string; en: string };
/** A short citation of the document behind an entry, e.g. "Thông báo 5015/TB-LĐTBXH, 2023-11-22". */
type Cited = { label: Label; source?: string };

export type Reason =
  | ({ code: 'weekend' } & Cited)
  | ({ code: 'holiday'; holiday: HolidayCode } & Cited)
  | ({ code: 'compensatory'; for: { holiday: HolidayCode; date: string } } & Cited)
  | ({ code: 'swapped_day_off'; makeUpDate: string } & Cited)
  | ({ code: 'special_day_off'; note: string } & Cited)
  | ({ code: 'unit_closure'; note: string } & Cited);

export type ReasonCode = Reason['code'];

/** A make-up working day (ngày làm bù): a weekend day worked in exchange for a swapped day off. */
export type MakeUpWorkingDay = { swappedDate: string; label: Label; source?: string };

export function weekendReason(): Reason {
  return { code: 'weekend', label: { vi: 'Ngày nghỉ hằng tuần', en: 'Weekly rest day' } };
}

export function holidayReason(holiday: HolidayCode, source?: string): Reason {
  return withSource({ code: 'holiday', holiday, label: HOLIDAYS[holiday] }, source);
}

export function compensatoryReason(holiday: HolidayCode, date: string, source?: string): Reason {
  const name = HOLIDAYS[holiday];
  const label = { vi: `Nghỉ bù ${name.vi} (${date})`, en: `Compensatory day off for ${name.en} (${date})` };
  return withSource({ code: 'compensatory', for: { holiday, date }, label }, source);
}

export function swappedReason(makeUpDate: string, source?: string): Reason {
  const label = {
    vi: `Nghỉ hoán đổi, làm bù ngày ${makeUpDate}`,
    en: `Swapped day off, made up on ${makeUpDate}`,
  };
  return withSource({ code: 'swapped_day_off', makeUpDate, label }, source);
}

export function specialReason(note: string, source?: string): Reason {
  return withSource({ code: 'special_day_off', note, label: { vi: `Ngày nghỉ: ${note}`, en: `Day off: ${note}` } }, source);
}

export function closureReason(note: string, source?: string): Reason {
  const label = { vi: `Đơn vị nghỉ: ${note}`, en: `Unit closed: ${note}` };
  return withSource({ code: 'unit_closure', note, label }, source);
}

export function makeUpDay(swappedDate: string, source?: string): MakeUpWorkingDay {
  const label = { vi: `Làm bù cho ngày ${swappedDate}`, en: `Make-up working day for ${swappedDate}` };
  return source ? { swappedDate, label, source } : { swappedDate, label };
}

function withSource<T extends Reason>(reason: T, source: string | undefined): T {
  return source ? { ...reason, source } : reason;
}
