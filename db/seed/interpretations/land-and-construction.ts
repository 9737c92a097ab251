import { text, type ProcedureInterpretation } from '../interpretation';

// Construction permits and land registration at the commune. Quotes are from procedures.source.json.

/** 1.013225 Cấp giấy phép xây dựng mới … công trình cấp III, cấp IV … và nhà ở riêng lẻ. */
const constructionPermit: ProcedureInterpretation = {
  code: '1.013225',
  level: 'commune',
  // "10 ngày làm việc đối với công trình (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ) kể từ ngày nhận đủ hồ sơ hợp
  // lệ". The seed takes the detached house (timeLimit.value 7; its components are group 1.7, nhà ở riêng lẻ); the
  // 10 WD for other works is a variant the schema cannot carry. The portal's case value 20 DAY is not used.
  limit: { unit: 'working_days', value: 7 },
  // RESTART: the limit counts "kể từ ngày nhận đủ hồ sơ hợp lệ", and the source's own supplementation cycle runs
  // on fresh periods counted from the supplement ("05 ngày làm việc kể từ ngày nhận bổ sung hồ sơ", "03 ngày làm
  // việc kể từ ngày nhận hồ sơ bổ sung"), i.e. the clock starts again once the dossier is complete.
  clockPolicy: 'RESTART',
  steps: [
    {
      id: 'appraisal',
      // "Trong thời hạn 07 ngày làm việc kể từ ngày tiếp nhận hồ sơ, ... tổ chức thẩm định hồ sơ, kiểm tra thực địa"
      name: text.otherDeadline(0, 'what'),
      agency: text.lead,
      statedText: text.otherDeadline(0, 'statedText'),
      stage: 1,
      kind: 'handling',
      slice: { unit: 'working_days', value: 7 },
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
    {
      id: 'consultation',
      // "Trong thời gian 12 ngày kể từ ngày nhận được hồ sơ, các cơ quan quản lý nhà nước được hỏi ý kiến có trách
      // nhiệm trả lời"; role: "quá hạn không trả lời coi như đồng ý" → deemed consent. "ngày" → calendar days.
      // Run alongside the appraisal (stage 1), since both count from receipt. The 12 days exceed the 7-WD limit
      // (the source does not explain how they relate, uncertainties[1]); the source's values are kept, and the
      // consultation is not excluded from the limit because the source does not exclude it. Asked only "khi cần".
      name: text.coordinating(0, 'role'),
      agency: text.coordinating(0, 'name'),
      statedText: text.budgetStatedText(0),
      stage: 1,
      kind: 'consultation',
      slice: { unit: 'calendar_days', value: 12 },
      countsTowardLimit: true,
      silenceMeansConsent: true,
    },
  ],
  fees: [
    // fees[1]: Hải Phòng 75,000 đ per permit for a detached house, counter or post (NQ 45/2018 PL10); online 0 đ
    // from 08/8/2026 (NQ 23/2026), so no fee online. Local rate taken: the national row says only "Theo quy định
    // của Hội đồng nhân dân cấp tỉnh".
    { source: 1, kind: 'charge', amountVnd: 75000, payableAt: 'submission', channels: ['counter', 'postal'] },
  ],
  omittedFees: { 0: 'national lệ phí "Theo quy định của Hội đồng nhân dân cấp tỉnh": no amount; Hải Phòng rate taken' },
  onlineLevel: null,
  // returnChannels: AT_HOME → postal, AT_SUBMISSION_PLACE → counter, ONLINE → online (both submission types).
  returnChannels: ['online', 'counter', 'postal'],
};

/** 1.115620 Đăng ký đất đai … cấp GCN lần đầu (Hải Phòng, type SPECIFIC). */
const firstLandRegistration: ProcedureInterpretation = {
  code: '1.115620',
  level: 'commune',
  // "không quá 10 ngày làm việc ... (trong đó đăng ký đất đai ... lần đầu là không quá 8,5 ngày làm việc; cấp Giấy
  // chứng nhận lần đầu là không quá 1,5 ngày làm việc)". The seed takes registration + certificate; registration
  // alone (8.5 WD) and remote communes (18.5 / 20 WD) are variants the schema cannot carry.
  limit: { unit: 'working_days', value: 10 },
  // countsFrom "ngày nhận được hồ sơ đầy đủ, chính xác" could read as RESTART, but the source states no rule for a
  // supplement during handling: PAUSE_RESUME, unsure.
  clockPolicy: 'PAUSE_RESUME',
  // In order: registration (8.5) → 15-day public posting → tax assessment → payment → certificate (1.5). Counting
  // slices 8.5 + 1.5 = 10. The excluded periods that every dossier goes through are steps with
  // countsTowardLimit false; the conditional ones (cadastral survey, violations, expert assessment, inheritance)
  // are ad-hoc pauses (EXCLUDED_PERIOD). The posting in fact falls inside the registration work; stages cannot
  // nest, so registration's own slice is checked before the posting. The land registration office branch
  // (coordinating[2]) has no budget or place in the stated order and is not a step.
  steps: [
    {
      id: 'land-registration',
      name: text.split(0, 'step'),
      agency: text.split(0, 'agency'),
      statedText: text.limitStatedText,
      stage: 1,
      kind: 'handling',
      slice: { unit: 'working_days', value: 8.5 },
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
    {
      id: 'public-posting',
      // "Niêm yết công khai ... trong thời gian 15 ngày"; excluded: "thời gian niêm yết công khai". "ngày" → calendar.
      name: text.otherDeadline(0, 'what'),
      agency: text.lead,
      statedText: text.otherDeadline(0, 'statedText'),
      stage: 2,
      kind: 'public_posting',
      slice: { unit: 'calendar_days', value: 15 },
      countsTowardLimit: false,
      silenceMeansConsent: false,
    },
    {
      id: 'tax-assessment',
      // excluded: "thời gian cơ quan có thẩm quyền xác định nghĩa vụ tài chính về đất đai"; no budget stated.
      name: text.split(2, 'step'),
      agency: text.split(2, 'agency'),
      statedText: text.excludedPeriod(0),
      stage: 3,
      kind: 'financial_obligation',
      slice: null,
      countsTowardLimit: false,
      silenceMeansConsent: false,
    },
    {
      id: 'obligation-payment',
      // excluded: "thời gian thực hiện nghĩa vụ tài chính của người sử dụng đất"; the applicant's step.
      name: text.split(3, 'step'),
      agency: text.split(3, 'agency'),
      statedText: text.excludedPeriod(2),
      stage: 4,
      kind: 'financial_obligation',
      slice: null,
      countsTowardLimit: false,
      silenceMeansConsent: false,
    },
    {
      id: 'certificate-issue',
      name: text.split(1, 'step'),
      agency: text.split(1, 'agency'),
      statedText: text.limitStatedText,
      stage: 5,
      kind: 'signing', // "Chủ tịch Ủy ban nhân dân cấp xã (cấp Giấy chứng nhận)"
      slice: { unit: 'working_days', value: 1.5 },
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
  ],
  fees: [
    // fees[1]: Hải Phòng lệ phí 35,000 đ per certificate for an individual, counter or post (NQ 34/2025 PL I);
    // online 0 đ from 08/8/2026 (NQ 23/2026). Only local rates exist for this province-specific procedure.
    { source: 1, kind: 'charge', amountVnd: 35000, payableAt: 'submission', channels: ['counter', 'postal'] },
  ],
  omittedFees: {
    0: '"Chi tiết tại văn bản kèm theo": kind "phí, lệ phí" and no amount',
    2: 'appraisal phí: three amounts (land 100,000 | asset 100,000 | both 155,000 đ), amountVnd null; the case decides',
    3: 'land financial obligation, assessed by the tax office: steps tax-assessment and obligation-payment, not a fee',
  },
  onlineLevel: null,
  returnChannels: ['online', 'counter', 'postal'], // AT_HOME → postal, AT_SUBMISSION_PLACE → counter, ONLINE
};

export const landAndConstructionInterpretations = [constructionPermit, firstLandRegistration];
