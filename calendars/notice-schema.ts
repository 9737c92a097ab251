// The shape of a year's official schedule (days off and make-up days for the civil service),
// used for the built-in data files and for notices an administrator loads. zod is the single source.

import { z } from 'zod';
import { parseLocalDate, weekdayOf } from './local-time';
import { HOLIDAY_CODES } from './reasons';

const localDate = z.string().refine(
  (text) => {
    try {
      parseLocalDate(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a date YYYY-MM-DD' },
);
const holiday = z.enum(HOLIDAY_CODES);

export const NoticeSourceSchema = z.strictObject({
  id: z.string().min(1),
  document: z.string().min(1).describe('number and kind of document, e.g. "Thông báo 5015/TB-LĐTBXH"'),
  issuer: z.string().min(1).describe('issuing body, e.g. "Bộ Lao động – Thương binh và Xã hội"'),
  date: localDate.optional().describe('date of issue, when confirmed'),
  url: z.url().optional(),
  note: z.string().optional(),
});

const base = { date: localDate, source: z.string().min(1), note: z.string().optional() };

export const NoticeEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('holiday'), holiday }),
  z.strictObject({ ...base, kind: z.literal('compensatory'), for: z.strictObject({ holiday, date: localDate }) }),
  z.strictObject({ ...base, kind: z.literal('swapped_day_off'), makeUpDate: localDate }),
  z.strictObject({ ...base, kind: z.literal('make_up_working_day'), swappedDate: localDate }),
  z.strictObject({ ...base, kind: z.literal('special_day_off'), note: z.string().min(1) }),
]);

export const YearNoticeSchema = z
  .strictObject({
    schema: z.literal('motcua.calendar-notice/v1'),
    year: z.int().min(2000).max(2100),
    scope: z.literal('civil_service').describe('cán bộ, công chức, viên chức (Monday–Friday week)'),
    summary: z.string().optional(),
    sources: z.array(NoticeSourceSchema).min(1),
    entries: z.array(NoticeEntrySchema).min(1),
  })
  .superRefine((notice, ctx) => {
    const ids = new Set(notice.sources.map((s) => s.id));
    const seen = new Map<string, string>();
    const issue = (i: number, message: string) => ctx.addIssue({ code: 'custom', path: ['entries', i], message });
    notice.entries.forEach((entry, i) => {
      if (!ids.has(entry.source)) issue(i, `unknown source "${entry.source}"`);
      if (!entry.date.startsWith(`${notice.year}-`)) issue(i, `date ${entry.date} is not in ${notice.year}`);
      const previous = seen.get(entry.date);
      if (previous && !(previous === 'holiday' && entry.kind === 'holiday')) issue(i, `${entry.date} appears twice`);
      seen.set(entry.date, entry.kind);
      const weekday = weekdayOf(parseLocalDate(entry.date));
      const weekend = weekday === 0 || weekday === 6;
      if (entry.kind === 'make_up_working_day' && !weekend) issue(i, `make-up day ${entry.date} is not a weekend day`);
      if ((entry.kind === 'swapped_day_off' || entry.kind === 'compensatory') && weekend) {
        issue(i, `${entry.kind} ${entry.date} falls on a weekend`);
      }
    });
    notice.entries.forEach((entry, i) => {
      const partner =
        entry.kind === 'swapped_day_off' ? entry.makeUpDate : entry.kind === 'make_up_working_day' ? entry.swappedDate : undefined;
      if (partner?.startsWith(`${notice.year}-`) && !seen.has(partner)) issue(i, `its pair ${partner} is missing`);
    });
  });

export type YearNotice = z.infer<typeof YearNoticeSchema>;
export type NoticeEntry = z.infer<typeof NoticeEntrySchema>;
export type NoticeSource = z.infer<typeof NoticeSourceSchema>;

/** Validates a notice, throwing one readable error that names the failing paths. */
export function parseYearNotice(input: unknown): YearNotice {
  const result = YearNoticeSchema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new TypeError(`invalid calendar notice: ${details}`);
}
