import { DEFAULT_RETURN_CHANNELS, text, wholeLimitStep, type ProcedureInterpretation } from '../interpretation';

// Business registration (đăng ký kinh doanh): household businesses at the commune, enterprises at the province.
// Quotes are from procedures.source.json.

const THREE_WORKING_DAYS = { unit: 'working_days', value: 3 } as const;

/** 1.001612 Đăng ký thành lập hộ kinh doanh. */
const householdBusinessRegistration: ProcedureInterpretation = {
  code: '1.001612',
  level: 'commune',
  limit: THREE_WORKING_DAYS, // "trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ"
  clockPolicy: 'PAUSE_RESUME', // counts "kể từ ngày nhận hồ sơ", not from a complete dossier
  // One step: the tax office only "nhận thông báo sau khi cấp Giấy chứng nhận (chỉ thông tin, không có thời hạn
  // riêng)", so it is a notification, not a step with a slice.
  steps: [wholeLimitStep(THREE_WORKING_DAYS)],
  fees: [
    // fees[1]: Hải Phòng "0 đồng/01 lần cấp, áp dụng cho mọi hình thức nộp hồ sơ" (NQ 12/2026/NQ-HĐND). Local rate
    // taken because the national row has no amount ("theo HĐND tỉnh"); another province needs its own rate.
    { source: 1, kind: 'charge', amountVnd: 0, payableAt: 'submission' },
  ],
  omittedFees: {
    0: 'national lệ phí "theo HĐND tỉnh (TT 85/2019/TT-BTC)" has no amount; the Hải Phòng rate is taken instead',
  },
  onlineLevel: null,
  returnChannels: DEFAULT_RETURN_CHANNELS, // returnChannels null in the source
};

/** 1.001266 Chấm dứt hoạt động hộ kinh doanh (with the tax office's opinion). */
const householdBusinessTermination: ProcedureInterpretation = {
  code: '1.001266',
  level: 'commune',
  limit: { unit: 'working_days', value: 5 }, // "Trong thời hạn 05 ngày làm việc kể từ ngày nhận hồ sơ đăng ký chấm dứt"
  clockPolicy: 'PAUSE_RESUME', // counts from receipt of the dossier, no restart wording
  // timeSplit, in order. Only the tax office's 2 WD is stated ("Nguồn chỉ nêu 02 ngày làm việc cho Cơ quan thuế
  // trong tổng 05 ngày làm việc; phần còn lại không chia"): the registry's two steps keep a null slice.
  steps: [
    {
      id: 'registry-intake',
      name: text.split(0, 'step'),
      agency: text.split(0, 'agency'),
      statedText: null,
      stage: 1,
      kind: 'handling',
      slice: null,
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
    {
      id: 'tax-opinion',
      name: text.split(1, 'step'),
      agency: text.split(1, 'agency'),
      // "Trong thời hạn 02 ngày làm việc kể từ ngày nhận được thông tin, Cơ quan thuế gửi ý kiến ..."
      statedText: text.budgetStatedText(0),
      stage: 2,
      kind: 'consultation',
      slice: { unit: 'working_days', value: 2 },
      countsTowardLimit: true,
      // The limit's text: the registry terminates "nếu không nhận được ý kiến của Cơ quan thuế hoặc nhận được ý kiến
      // ... xác nhận hộ kinh doanh đã hoàn thành nghĩa vụ thuế": silence means consent (im lặng là đồng ý).
      silenceMeansConsent: true,
    },
    {
      id: 'status-change',
      name: text.split(2, 'step'),
      agency: text.split(2, 'agency'),
      statedText: null,
      stage: 3,
      kind: 'handling',
      slice: null,
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
  ],
  fees: [],
  omittedFees: { 0: '"Không quy định" (Hải Phòng summary of QĐ 2831): no fee, kind and amount null' },
  onlineLevel: null,
  returnChannels: DEFAULT_RETURN_CHANNELS, // returnChannels null in the source
};

/** 2.001610 Đăng ký thành lập doanh nghiệp tư nhân (Sở Tài chính). */
const soleProprietorshipRegistration: ProcedureInterpretation = {
  code: '2.001610',
  level: 'province',
  limit: THREE_WORKING_DAYS, // "Trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ"
  // Counts from receipt of the dossier. Whether a corrected dossier starts a new 3 days is not in the source:
  // PAUSE_RESUME, unsure.
  clockPolicy: 'PAUSE_RESUME',
  steps: [wholeLimitStep(THREE_WORKING_DAYS)], // lead "Sở Tài chính các tỉnh, thành phố"
  fees: [
    // "Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần", all channels, paid with the submission
    // (refunded when registration is refused). The portal's ONLINE channel stores value = 100: a data-entry error
    // for 100,000 đ (procedures.md), so 100,000 đ applies online too.
    { source: 0, kind: 'fee', amountVnd: 100000, payableAt: 'submission' },
  ],
  omittedFees: {},
  // isFullProcess = true on DVCQG but no source states "toàn trình": not interpreted (procedures.md).
  onlineLevel: null,
  returnChannels: DEFAULT_RETURN_CHANNELS, // returnChannels null in the source
};

export const businessInterpretations = [
  householdBusinessRegistration,
  householdBusinessTermination,
  soleProprietorshipRegistration,
];
