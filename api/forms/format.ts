// How the forms write instants, amounts and the workflow's codes in Vietnamese. Pure; no time-zone database:
// Vietnam has kept UTC+7 without daylight saving since 1975.

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

type InstantLike = Date | string | null | undefined;

const toDate = (value: InstantLike): Date | null => {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** The local (UTC+7) calendar parts of an instant. */
function localParts(date: Date) {
  const iso = new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return { year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10), time: iso.slice(11, 16) };
}

/** `HH:mm, ngày DD/MM/YYYY` in Vietnam local time; an em dash when there is no instant. */
export function formatInstant(value: InstantLike): string {
  const date = toDate(value);
  if (!date) return '—';
  const { year, month, day, time } = localParts(date);
  return `${time}, ngày ${day}/${month}/${year}`;
}

/** The dateline under a form's title: `ngày DD tháng MM năm YYYY` (Decree 30/2020 style). */
export function formatDateline(value: InstantLike): string {
  const date = toDate(value);
  if (!date) return '';
  const { year, month, day } = localParts(date);
  return `ngày ${day} tháng ${month} năm ${year}`;
}

/** Start of a local (UTC+7) calendar day `YYYY-MM-DD`, as an instant. */
export const localDayStart = (day: string): Date => new Date(`${day}T00:00:00+07:00`);

/** `1.250.000 đ` */
export const formatVnd = (amount: number): string => `${amount.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;

export const TIMELINESS_VI: Record<string, string> = { EARLY: 'Trước hạn', ON_TIME: 'Đúng hạn', LATE: 'Quá hạn' };

export const CHANNEL_VI: Record<string, string> = {
  online: 'Trực tuyến (Kho quản lý dữ liệu điện tử)',
  counter: 'Trực tiếp tại Bộ phận Một cửa',
  postal: 'Dịch vụ bưu chính công ích',
};

export const SUBMISSION_CHANNEL_VI: Record<string, string> = {
  online: 'Trực tuyến',
  counter: 'Trực tiếp',
  postal: 'Qua bưu chính công ích',
};

export const STEP_OUTCOME_VI: Record<string, string> = {
  COMPLETED: 'Đã xử lý xong',
  AGREED: 'Đồng ý',
  DISAGREED: 'Không đồng ý',
  DEEMED_CONSENT: 'Không trả lời đúng hạn: coi như đồng ý',
};

export const PAUSE_REASON_VI: Record<string, string> = {
  SUPPLEMENT: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  FINANCIAL_OBLIGATION: 'Chờ thực hiện nghĩa vụ tài chính',
  VERIFICATION: 'Thẩm tra, xác minh',
};

/** A label for a code, or the code itself when the map has none (never a blank cell). */
export const label = (map: Record<string, string>, code: unknown): string =>
  typeof code === 'string' && code.length > 0 ? (map[code] ?? code) : '—';
