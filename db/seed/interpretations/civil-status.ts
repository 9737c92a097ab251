import { DEFAULT_RETURN_CHANNELS, text, wholeLimitStep, type ProcedureInterpretation } from '../interpretation';

// Hộ tịch and chứng thực at the commune (Ủy ban nhân dân cấp xã). Quotes are from procedures.source.json.

const SAME_DAY = { unit: 'same_day', cutoff: '15:00' } as const;

/** 1.001193 Thủ tục đăng ký khai sinh. */
const birthRegistration: ProcedureInterpretation = {
  code: '1.001193',
  level: 'commune',
  // timeLimit: unit same_day, sameDayCutoff "15:00": "nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn, trả kết quả
  // cho người yêu cầu trong ngày làm việc tiếp theo". The portal's channel unit OTHER (1) is not used.
  limit: SAME_DAY,
  // countsFrom "tiếp nhận hồ sơ đầy đủ, hợp lệ": completeness is settled at reception (form 02 before acceptance);
  // the source has no rule for supplementation during handling, so the default applies.
  clockPolicy: 'PAUSE_RESUME',
  // One agency. Not steps: the 3-working-day marital-status verification by another commune (otherDeadlines[1])
  // happens only in some cases; the 1-day e-form confirmation is the applicant's; the 60 days is the parents' duty.
  steps: [wholeLimitStep(SAME_DAY)],
  fees: [],
  omittedFees: {
    0: 'national lệ phí has no amount ("mức lệ phí không nêu trong bản ghi"); not invented',
    1: 'Hải Phòng 8,000 đ applies only to late registration and re-registration; timely registration is exempt',
  },
  onlineLevel: null, // onlineServiceLevel null; isFullProcess=false is not interpreted (procedures.md)
  returnChannels: DEFAULT_RETURN_CHANNELS, // returnChannels null in the source
};

/** 1.000894 Thủ tục đăng ký kết hôn. */
const marriageRegistration: ProcedureInterpretation = {
  code: '1.000894',
  level: 'commune',
  // timeLimit: 1 working_days (DVCQG 2026). The portal's cases disagree (.01: 1 DAY, .02: 1 WORKING_DAY); the
  // same-day/15:00 rule and the 5 working days when verification is needed are from a pre-2025 ward page
  // (variants), so they are not used. The source states no text for the limit: limitStatedText stays null.
  limit: { unit: 'working_days', value: 1 },
  clockPolicy: 'PAUSE_RESUME', // countsFrom null: nothing to say it restarts
  steps: [{ ...wholeLimitStep({ unit: 'working_days', value: 1 }), statedText: null }],
  // fees[0]: national lệ phí 0 đ, "Miễn lệ phí", all channels.
  fees: [{ source: 0, kind: 'charge', amountVnd: 0, payableAt: 'submission' }],
  omittedFees: {},
  onlineLevel: null,
  returnChannels: DEFAULT_RETURN_CHANNELS,
};

/** 2.000815 Chứng thực bản sao từ bản chính. */
const certifiedCopy: ProcedureInterpretation = {
  code: '2.000815',
  level: 'commune',
  // "Thực hiện ngay trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ".
  // The "khối lượng lớn/phức tạp có thể kéo dài" extension has no number and is not modelled.
  limit: SAME_DAY,
  clockPolicy: 'PAUSE_RESUME', // countsFrom "tiếp nhận yêu cầu": receipt, not a complete dossier
  // The lead is the commune; notaries and missions (alsoCompetent) are other competent bodies, not steps.
  steps: [wholeLimitStep(SAME_DAY)],
  fees: [
    // fees[0] national phí: "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá
    // 200.000 đồng/bản". The schema holds one amount: 2,000 is the per-page rate of the first two pages; the officer
    // assesses the total (pages × tiers, capped) from the stated text. Counter only (channel "direct").
    { source: 0, kind: 'fee', amountVnd: 2000, payableAt: 'submission', channels: ['counter'] },
  ],
  omittedFees: {
    1: '10 USD per copy at representative missions abroad: not a VND amount and not a Motcua unit',
    2: 'Hải Phòng 100% support for electronic copies: a local rate where a national one exists',
  },
  onlineLevel: null,
  // returnChannels null in the source: the default, although submission is counter only ("DIRECT").
  returnChannels: DEFAULT_RETURN_CHANNELS,
};

/** 2.000986 Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi. */
const birthResidenceInsurance: ProcedureInterpretation = {
  code: '2.000986',
  level: 'commune',
  // "tối đa không quá 20 ngày làm việc, kể từ ngày nộp đủ hồ sơ": working days, as the text says; the portal's unit
  // DAY is the known disagreement. The +2 WD (commune completes the dossier for police or social insurance) and
  // +5 WD (commune ≥ 50 km away) extensions are conditional and the schema has no place for them.
  limit: { unit: 'working_days', value: 20 },
  // The source answers supplementation with an extension, not a restart: the default applies.
  clockPolicy: 'PAUSE_RESUME',
  // Process order (timeSplit; the portal's executionSteps): the commune registers the birth "ngay trong ngày tiếp
  // nhận hồ sơ", then sends the residence file to the police "đồng thời" with the health-insurance file to social
  // insurance: one parallel stage. procedures.source.json's timeSplitNote says the source does not say parallel or
  // sequential; "đồng thời" is read from the portal record itself
  // (VoidKeishi/OpenGOV backend/data/crawl/details/2.000986.json, executionSteps).
  // Slices are the source's own and do not add up to 20 WD: same day + max(15, 10) calendar days, the rest is
  // transfer and return. timeSplit[3] "Trả kết quả" is the dossier's result return (§3.7), not a handling step.
  steps: [
    {
      id: 'birth-registration',
      name: text.split(0, 'step'),
      agency: text.split(0, 'agency'),
      statedText: text.split(0, 'statedText'),
      stage: 1,
      kind: 'handling',
      // "ngay trong ngày" with no cut-off stated in this procedure; the schema's same_day needs one. Null rather
      // than borrowing 1.001193's 15:00; the dossier's own limit still applies.
      slice: null,
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
    {
      id: 'residence-registration',
      name: text.split(1, 'step'),
      agency: text.split(1, 'agency'),
      statedText: text.budgetStatedText(0), // "thực hiện đăng ký thường trú (trong thời hạn 15 ngày)"
      stage: 2,
      kind: 'handling',
      slice: { unit: 'calendar_days', value: 15 }, // "ngày", not "ngày làm việc"
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
    {
      id: 'health-insurance-card',
      name: text.split(2, 'step'),
      agency: text.split(2, 'agency'),
      statedText: text.budgetStatedText(1), // "cấp Thẻ bảo hiểm y tế cho trẻ em (trong thời hạn 10 ngày)"
      stage: 2,
      kind: 'handling',
      slice: { unit: 'calendar_days', value: 10 },
      countsTowardLimit: true,
      silenceMeansConsent: false,
    },
  ],
  fees: [],
  omittedFees: {
    0: 'DVCQG FEE = 0 with no kind and no text, while the process "tạm thu lệ phí đăng ký thường trú": not interpreted',
  },
  onlineLevel: null,
  // returnChannels null in the source: the default, although submission is counter only ("DIRECT").
  returnChannels: DEFAULT_RETURN_CHANNELS,
};

export const civilStatusInterpretations = [
  birthRegistration,
  marriageRegistration,
  certifiedCopy,
  birthResidenceInsurance,
];
