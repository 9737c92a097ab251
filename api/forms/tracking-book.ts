import { formatInstant, label, TIMELINESS_VI } from './format';
import { FORM_NAMES, issued, type DossierTrail, type FormResult } from './model';
import { receivedAtBefore } from './reception-forms';
import { applicantOf, firstOf, lastOf, payloadOf, referenceOf, text } from './trail';

// Form 06, the tracking book (sổ theo dõi hồ sơ): one line per dossier a unit accepted in a period, in the order
// they were entered (acceptance is when a dossier goes into the book and gets its code).

export interface TrackingBookInput {
  unitCode: string;
  /** Local (UTC+7) calendar days, inclusive. */
  from: string;
  to: string;
  /** The unit's dossiers accepted in the period, with their trails (any order). */
  dossiers: DossierTrail[];
}

const day = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function line(trail: DossierTrail): Record<string, string> {
  const { events } = trail;
  const accepted = firstOf(events, 'ACCEPTED');
  const leadStep = firstOf(events, 'STEP_STARTED');
  const outcome = lastOf(events, 'RESULT_READY', 'REFUSED_TO_RESOLVE');
  const apology = lastOf(events, 'APOLOGISED');
  const withdrawn = lastOf(events, 'WITHDRAWN');
  const note = [
    outcome?.type === 'REFUSED_TO_RESOLVE' && 'Từ chối giải quyết',
    outcome && label(TIMELINESS_VI, payloadOf(outcome).timeliness),
    apology && `Đã xin lỗi, hẹn lại ${formatInstant(text(payloadOf(apology).newAppointmentAt))}`,
    withdrawn && `Rút hồ sơ ${formatInstant(withdrawn.occurredAt)}`,
  ].filter(Boolean);
  return {
    code: referenceOf(trail),
    procedure: trail.procedureName,
    applicant: applicantOf(trail).fullName,
    leadAgency: leadStep ? (text(payloadOf(leadStep).agency) ?? '—') : '—',
    receivedAt: accepted ? receivedAtBefore(trail, accepted) : formatInstant(trail.dossier.officialReceiptAt),
    appointmentAt: formatInstant(accepted ? text(payloadOf(accepted).dueAt) : trail.dossier.dueAt),
    transferredAt: formatInstant(firstOf(events, 'TRANSFERRED')?.occurredAt),
    resultAt: formatInstant(outcome?.occurredAt),
    returnedAt: formatInstant(lastOf(events, 'RESULT_RETURNED')?.occurredAt),
    note: note.join('; '),
  };
}

const entered = (trail: DossierTrail) => trail.dossier.acceptedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;

export function buildForm06(input: TrackingBookInput): FormResult {
  const ordered = [...input.dossiers].sort((a, b) => entered(a) - entered(b) || referenceOf(a).localeCompare(referenceOf(b)));
  return issued({
    form: '06',
    name: FORM_NAMES['06'],
    issuer: `Bộ phận Một cửa — mã đơn vị ${input.unitCode}`,
    dateline: '',
    reference: `${input.unitCode}-${input.from}-${input.to}`,
    fields: [
      { key: 'unit', label: 'Đơn vị', value: input.unitCode },
      { key: 'period', label: 'Kỳ theo dõi', value: `Từ ngày ${day(input.from)} đến ngày ${day(input.to)}` },
      { key: 'count', label: 'Số hồ sơ', value: String(ordered.length) },
    ],
    tables: [
      {
        key: 'dossiers',
        columns: [
          { key: 'no', label: 'STT', width: 1.4 },
          { key: 'code', label: 'Mã hồ sơ', width: 4 },
          { key: 'procedure', label: 'Thủ tục hành chính', width: 5 },
          { key: 'applicant', label: 'Tổ chức, cá nhân', width: 3 },
          { key: 'leadAgency', label: 'Cơ quan chủ trì giải quyết', width: 4 },
          { key: 'receivedAt', label: 'Ngày nhận hồ sơ', width: 3 },
          { key: 'appointmentAt', label: 'Ngày hẹn trả kết quả', width: 3 },
          { key: 'transferredAt', label: 'Ngày chuyển hồ sơ', width: 3 },
          { key: 'resultAt', label: 'Ngày có kết quả', width: 3 },
          { key: 'returnedAt', label: 'Ngày trả kết quả', width: 3 },
          { key: 'note', label: 'Ghi chú', width: 4 },
        ],
        rows: ordered.map((trail, i) => ({ no: String(i + 1), ...line(trail) })),
      },
    ],
    notes: ordered.length === 0 ? ['Không có hồ sơ nào được tiếp nhận trong kỳ.'] : [],
    signatures: [],
    qr: null,
    orientation: 'landscape',
  });
}
