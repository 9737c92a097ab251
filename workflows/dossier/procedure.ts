import { z } from 'zod';
import { ReturnChannel } from './channels';

export { ReturnChannel };

// The procedure (thủ tục hành chính) as a dossier carries it: a snapshot taken at submission from the catalogue,
// so later catalogue edits never change a running dossier (domain spec §8). Every shape of
// ../shared/domain/procedures.json fits here; the verbatim text stays beside each interpreted value.

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

/** A time limit, in the calendar's terms (calendars/deadlines.ts `Limit`). */
export const TimeLimit = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('working_days'), value: z.number().positive().max(365) }),
  z.object({ unit: z.literal('calendar_days'), value: z.number().int().positive().max(730) }),
  z.object({ unit: z.literal('working_hours'), value: z.number().positive().max(2920) }),
  z.object({ unit: z.literal('same_day'), cutoff: ClockTime }),
]);
export type TimeLimit = z.infer<typeof TimeLimit>;

/** What happens to the clock when the applicant supplements during handling (domain spec §3.4). */
export const ClockPolicy = z.enum(['PAUSE_RESUME', 'RESTART']);
export type ClockPolicy = z.infer<typeof ClockPolicy>;

export const StepKind = z.enum([
  'handling', // xử lý, thẩm định
  'consultation', // lấy ý kiến: an agency is asked and answers
  'verification', // thẩm tra, xác minh, field inspection
  'financial_obligation', // xác định / thực hiện nghĩa vụ tài chính
  'public_posting', // niêm yết công khai
  'signing', // ký, cấp kết quả
]);

/** One agency's part of the process (liên thông) with its own slice of the time limit. */
export const ProcedureStep = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a short kebab-case id'),
  /** Verbatim step and agency names from the procedure's record. */
  name: z.string().min(1),
  agency: z.string().min(1),
  /** Unit whose officers act on this step; the receiving unit when absent. */
  unitCode: z.string().optional(),
  /** Steps of one stage run in parallel; stages run in ascending order. */
  stage: z.number().int().min(1),
  kind: StepKind,
  /** The step's own deadline; null when the source states none. */
  slice: TimeLimit.nullable(),
  /** False for an excluded period: the dossier's clock stops while this step runs. */
  countsTowardLimit: z.boolean(),
  /** A consulted agency that does not answer within its slice is deemed to agree (im lặng là đồng ý). */
  silenceMeansConsent: z.boolean(),
  statedText: z.string().nullable(),
});
export type ProcedureStep = z.infer<typeof ProcedureStep>;

export const Fee = z.object({
  /** `fee` = phí, `charge` = lệ phí. */
  kind: z.enum(['fee', 'charge']),
  label: z.string().min(1),
  amountVnd: z.number().int().min(0),
  /** Paid with the submission, or before the result is returned. */
  payableAt: z.enum(['submission', 'before_result']),
  statedText: z.string().nullable(),
  /** Submission channels the amount applies to (some sources price counter and online apart); all when absent. */
  channels: z.array(z.enum(['online', 'counter', 'postal'])).min(1).optional(),
});
export type Fee = z.infer<typeof Fee>;


export const ProcedureSnapshot = z.object({
  code: z.string().regex(/^\d\.\d{6}$/),
  name: z.string().min(1),
  /** Catalogue version the snapshot was taken from. */
  version: z.number().int().min(1),
  level: z.enum(['commune', 'province', 'ministry']),
  limit: TimeLimit,
  limitStatedText: z.string().nullable(),
  clockPolicy: ClockPolicy,
  fees: z.array(Fee),
  steps: z.array(ProcedureStep).min(1),
  onlineLevel: z.enum(['full', 'partial']).nullable(),
  returnChannels: z.array(ReturnChannel).min(1),
});
export type ProcedureSnapshot = z.infer<typeof ProcedureSnapshot>;
