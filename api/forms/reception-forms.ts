import type { DossierEventRow } from '../../db/schema';
import { CHANNEL_VI, formatDateline, formatInstant, formatVnd, label, SUBMISSION_CHANNEL_VI } from './format';
import { FORM_NAMES, issued, notIssued, type DossierTrail, type FormDocument, type FormField, type FormId, type FormResult } from './model';
import { actorOf, applicantOf, contactsOf, lastBefore, lastOf, payloadOf, qrOf, referenceOf, text } from './trail';

// Forms of reception (tiếp nhận): 01 receipt and appointment, 02 supplementation request, 03 refusal.

export const issuerOf = (trail: DossierTrail) => `Bộ phận Một cửa — mã đơn vị ${trail.dossier.unitCode}`;

/** The fields every dossier form starts with: the dossier, its applicant and its procedure. */
export function dossierHeader(trail: DossierTrail): FormField[] {
  const applicant = applicantOf(trail);
  return [
    { key: 'dossierCode', label: 'Mã hồ sơ', value: trail.dossier.dossierCode ? referenceOf(trail) : 'Chưa cấp (hồ sơ chưa được tiếp nhận)' },
    { key: 'applicant', label: 'Tổ chức, cá nhân', value: applicant.fullName },
    { key: 'applicantId', label: 'Số định danh', value: applicant.identifier },
    { key: 'contacts', label: 'Liên hệ', value: contactsOf(applicant) },
    { key: 'procedure', label: 'Thủ tục hành chính', value: `${trail.procedureName} (mã ${trail.dossier.procedureCode})` },
  ];
}

/** The official receipt time in force when `event` was recorded (a resubmission sets a new one). */
export function receivedAtBefore(trail: DossierTrail, event: DossierEventRow): string {
  const receipt = lastBefore(trail.events, event, 'RECEIVED', 'RECEIVED_AGAIN');
  return formatInstant((receipt && text(payloadOf(receipt).officialReceiptAt)) ?? trail.dossier.officialReceiptAt);
}

export function baseDocument(trail: DossierTrail, form: FormId, basis: DossierEventRow): FormDocument {
  return {
    form,
    name: FORM_NAMES[form],
    issuer: issuerOf(trail),
    dateline: formatDateline(basis.occurredAt),
    reference: referenceOf(trail),
    fields: dossierHeader(trail),
    tables: [],
    notes: [],
    signatures: [],
    qr: qrOf(trail, form),
    orientation: 'portrait',
  };
}

function feeStatus(events: DossierEventRow[]): string {
  const paid = lastOf(events, 'PAYMENT_CONFIRMED');
  if (paid) {
    const p = payloadOf(paid);
    return `Đã nộp ${formatVnd(Number(p.amountVnd ?? 0))} (mã giao dịch ${text(p.paymentRef) ?? '—'}) lúc ${formatInstant(paid.occurredAt)}`;
  }
  const requested = lastOf(events, 'PAYMENT_REQUESTED');
  if (requested) {
    const p = payloadOf(requested);
    const when = p.payableAt === 'submission' ? 'nộp khi nộp hồ sơ' : 'nộp trước khi nhận kết quả';
    return `Chưa nộp: ${formatVnd(Number(p.amountVnd ?? 0))} (${when})`;
  }
  return 'Chưa có thông báo phí, lệ phí';
}

/** `000.00.01.H56-260105-0007` → entry 0007 of 05/01/2026 (codes split leniently on their last two dashes). */
function bookEntry(code: string): string {
  const parts = code.split('-');
  const [day, sequence] = parts.slice(-2);
  if (parts.length < 3 || !/^\d{6}$/.test(day ?? '') || !sequence) return '—';
  return `Số ${sequence}, ngày ${day!.slice(4, 6)}/${day!.slice(2, 4)}/20${day!.slice(0, 2)}`;
}

/** Form 01: issued by acceptance; the appointment is the one acceptance recorded. */
export function buildForm01(trail: DossierTrail): FormResult {
  const accepted = lastOf(trail.events, 'ACCEPTED');
  if (!accepted) return notIssued('form 01 is issued when the dossier is accepted; this dossier has no acceptance');
  const payload = payloadOf(accepted);
  const document = baseDocument(trail, '01', accepted);
  const returned = lastOf(trail.events, 'RESULT_RETURNED');
  document.fields.push(
    { key: 'submissionChannel', label: 'Hình thức nộp', value: label(SUBMISSION_CHANNEL_VI, trail.dossier.channel) },
    { key: 'receivedAt', label: 'Thời gian tiếp nhận', value: receivedAtBefore(trail, accepted) },
    { key: 'appointmentAt', label: 'Thời gian hẹn trả kết quả', value: formatInstant(text(payload.dueAt)) },
    {
      key: 'returnChannel',
      label: 'Hình thức nhận kết quả',
      value: returned ? label(CHANNEL_VI, payloadOf(returned).channel) : 'Chưa đăng ký (ghi nhận khi trả kết quả)',
    },
    { key: 'bookEntry', label: 'Vào Sổ theo dõi hồ sơ', value: bookEntry(referenceOf(trail)) },
    { key: 'fee', label: 'Phí, lệ phí', value: feeStatus(trail.events) },
  );
  if (text(payload.note)) document.fields.push({ key: 'note', label: 'Ghi chú', value: text(payload.note)! });
  document.signatures = [
    { role: 'NGƯỜI NỘP HỒ SƠ', name: applicantOf(trail).fullName },
    { role: 'NGƯỜI TIẾP NHẬN', name: actorOf(accepted) },
  ];
  return issued(document);
}

const itemsOf = (value: unknown): { item: string; reason: string }[] =>
  Array.isArray(value)
    ? value.map((entry) => ({ item: text((entry as Record<string, unknown>)?.item) ?? '—', reason: text((entry as Record<string, unknown>)?.reason) ?? '—' }))
    : [];

/** Form 02: the one-time guidance at reception, or a supplementation pause during handling, whichever came last. */
export function buildForm02(trail: DossierTrail): FormResult {
  const requests = trail.events.filter(
    (event) => event.type === 'SUPPLEMENT_REQUESTED' || (event.type === 'PAUSED' && payloadOf(event).reason === 'SUPPLEMENT'),
  );
  const request = requests.filter((event) => itemsOf(payloadOf(event).items).length > 0).at(-1);
  if (!request) return notIssued('form 02 is issued with a supplementation request; this dossier has none');
  const payload = payloadOf(request);
  const document = baseDocument(trail, '02', request);
  document.fields.push(
    { key: 'receivedAt', label: 'Thời gian tiếp nhận', value: receivedAtBefore(trail, request) },
    { key: 'requestedAt', label: 'Thời gian yêu cầu bổ sung', value: formatInstant(request.occurredAt) },
  );
  if (text(payload.noticeRef)) document.fields.push({ key: 'noticeRef', label: 'Số thông báo', value: text(payload.noticeRef)! });
  document.tables.push({
    key: 'items',
    columns: [
      { key: 'no', label: 'STT', width: 1.4 },
      { key: 'item', label: 'Nội dung cần bổ sung, hoàn thiện', width: 6 },
      { key: 'reason', label: 'Lý do', width: 6 },
    ],
    rows: itemsOf(payload.items).map((entry, i) => ({ no: String(i + 1), ...entry })),
  });
  if (text(payload.note)) document.notes.push(`Ghi chú: ${text(payload.note)}`);
  document.notes.push('Hướng dẫn này được đưa ra một lần, đầy đủ (Nghị định 61/2018/NĐ-CP).');
  document.signatures = [{ role: 'NGƯỜI HƯỚNG DẪN', name: actorOf(request) }];
  return issued(document);
}

/** Form 03: refusal at reception, with its reasons. */
export function buildForm03(trail: DossierTrail): FormResult {
  const refusal = lastOf(trail.events, 'REFUSED_AT_RECEPTION');
  if (!refusal) return notIssued('form 03 is issued when reception is refused; this dossier was not refused');
  const payload = payloadOf(refusal);
  const reasons = Array.isArray(payload.reasons) ? payload.reasons.map((reason) => text(reason) ?? '—') : [];
  const document = baseDocument(trail, '03', refusal);
  document.fields.push(
    { key: 'receivedAt', label: 'Thời gian tiếp nhận', value: receivedAtBefore(trail, refusal) },
    { key: 'refusedAt', label: 'Thời gian từ chối', value: formatInstant(refusal.occurredAt) },
  );
  document.tables.push({
    key: 'reasons',
    columns: [
      { key: 'no', label: 'STT', width: 1.4 },
      { key: 'reason', label: 'Lý do từ chối', width: 12 },
    ],
    rows: reasons.map((reason, i) => ({ no: String(i + 1), reason })),
  });
  if (text(payload.note)) document.notes.push(`Ghi chú: ${text(payload.note)}`);
  document.signatures = [{ role: 'NGƯỜI TIẾP NHẬN', name: actorOf(refusal) }];
  return issued(document);
}
