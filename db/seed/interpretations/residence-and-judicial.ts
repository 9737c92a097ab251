import { DEFAULT_RETURN_CHANNELS, wholeLimitStep, type ProcedureInterpretation } from '../interpretation';

// Procedures handled by the police (Công an). Quotes are from procedures.source.json.

/** 1.004222 Đăng ký thường trú (Công an cấp xã). */
const permanentResidence: ProcedureInterpretation = {
  code: '1.004222',
  level: 'commune',
  limit: { unit: 'working_days', value: 7 }, // "07 Ngày làm việc"; DVCQG 7 WORKING_DAY on both channels
  // "Thời điểm bắt đầu tính 07 ngày làm việc không ghi trong hai nguồn đã đọc": no ground for RESTART.
  clockPolicy: 'PAUSE_RESUME',
  steps: [wholeLimitStep({ unit: 'working_days', value: 7 })], // receiving = lead = "Công an cấp xã"
  fees: [
    // National lệ phí priced per channel: "nộp hồ sơ trực tiếp thu 20.000 đồng/lần đăng ký" and "qua cổng dịch vụ
    // công trực tuyến thu 10.000 đồng/lần đăng ký". Exemptions (TT 75/2022, Điều 4) are assessed by the officer.
    { source: 0, kind: 'charge', amountVnd: 20000, payableAt: 'submission', channels: ['counter'] },
    { source: 1, kind: 'charge', amountVnd: 10000, payableAt: 'submission', channels: ['online'] },
  ],
  omittedFees: {},
  // "Dịch vụ công trực tuyến một phần" (Cổng Dịch vụ công Bộ Công an, matt=26360).
  onlineLevel: 'partial',
  returnChannels: DEFAULT_RETURN_CHANNELS, // returnChannels null in the source
};

/** 3.000333 Cấp Phiếu Lý lịch tư pháp (Công an tỉnh). Confidence "low" in the source. */
const judicialRecord: ProcedureInterpretation = {
  code: '3.000333',
  level: 'province',
  // timeLimit 10 "days", statedText "10–15 ngày": "ngày" without "làm việc" → calendar days. The 15-day case
  // (residence in several places or abroad, foreigners, verification of automatic expungement) is a variant from
  // a legacy page and has no place in the schema: the snapshot carries the base 10 days.
  limit: { unit: 'calendar_days', value: 10 },
  // "kể từ ngày nhận được yêu cầu hợp lệ" (legacy third-party page) could read as a restart after supplementation,
  // but the source is too weak to depart from the default: PAUSE_RESUME, unsure.
  clockPolicy: 'PAUSE_RESUME',
  steps: [wholeLimitStep({ unit: 'calendar_days', value: 10 })], // lead "Công an tỉnh"; receiving null
  fees: [],
  omittedFees: { 0: 'phí "dẫn TT 16/2025/TT-BTC" with no amount in the sources read; not invented' },
  // "Dịch vụ công trực tuyến toàn trình" (Cổng Dịch vụ công Bộ Công an, matt=61555).
  onlineLevel: 'full',
  returnChannels: DEFAULT_RETURN_CHANNELS, // returnChannels null in the source
};

export const residenceAndJudicialInterpretations = [permanentResidence, judicialRecord];
