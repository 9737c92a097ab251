import type { EmailFacts } from '../../db/repositories/outbox-messages';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';

// The applicant's e-mails, in Vietnamese. Only what the applicant needs to act: the dossier's reference, the
// procedure, dates, and the officer's guidance or reasons. Never their name, ID number or address: an e-mail
// crosses systems we do not control.

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** `17:00, ngày 20/03/2026` in Vietnam time. */
export function formatVietnamTime(iso: string | null): string {
  if (!iso) return '—';
  const local = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(11, 16)}, ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

const numbered = (lines: string[]) => lines.map((line, i) => `  ${i + 1}. ${line}`);

export interface RenderedEmail {
  subject: string;
  text: string;
}

export function renderEmail(facts: EmailFacts): RenderedEmail {
  const name = procedureSnapshot(facts.procedureCode)?.name;
  const procedure = name ? `${name} (mã thủ tục ${facts.procedureCode})` : `mã thủ tục ${facts.procedureCode}`;
  const ref = facts.dossierCode ? `mã ${facts.dossierCode}` : `nộp lúc ${formatVietnamTime(facts.submittedAt)}`;
  const { subject, lines } = body(facts, ref);
  const text = [
    'Kính gửi Quý ông/bà,',
    '',
    ...lines,
    '',
    `Thủ tục: ${procedure}.`,
    facts.dossierCode
      ? `Quý ông/bà có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ ${facts.dossierCode}.`
      : `Mã tiếp nhận trực tuyến: ${facts.dossierId}.`,
    '',
    'Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính; vui lòng không trả lời thư này.',
  ].join('\n');
  return { subject, text };
}

function body(facts: EmailFacts, ref: string): { subject: string; lines: string[] } {
  switch (facts.template) {
    case 'ACCEPTED':
      return {
        subject: `Hồ sơ ${facts.dossierCode} đã được tiếp nhận`,
        lines: [
          `Hồ sơ của Quý ông/bà đã được tiếp nhận với mã hồ sơ ${facts.dossierCode}.`,
          `Ngày hẹn trả kết quả: ${formatVietnamTime(facts.appointmentAt)}.`,
        ],
      };
    case 'SUPPLEMENT_REQUESTED':
      return {
        subject: `Hồ sơ ${ref} cần bổ sung, hoàn thiện`,
        lines: [
          `Hồ sơ ${ref} cần được bổ sung, hoàn thiện theo hướng dẫn sau:`,
          ...numbered(facts.items.map((i) => `${i.item}: ${i.reason}`)),
          'Quý ông/bà vui lòng bổ sung hồ sơ trực tuyến hoặc tại Bộ phận Một cửa.',
        ],
      };
    case 'REFUSED_AT_RECEPTION':
      return {
        subject: `Hồ sơ ${ref} không được tiếp nhận`,
        lines: [`Hồ sơ ${ref} không được tiếp nhận giải quyết vì các lý do sau:`, ...numbered(facts.reasons)],
      };
    case 'REFUSED_TO_RESOLVE':
      return {
        subject: `Thông báo từ chối giải quyết hồ sơ ${facts.dossierCode ?? ref}`,
        lines: [`Cơ quan có thẩm quyền từ chối giải quyết hồ sơ ${ref} vì các lý do sau:`, ...numbered(facts.reasons)],
      };
    case 'RESULT_READY':
      return {
        subject: `Hồ sơ ${facts.dossierCode} đã có kết quả`,
        lines: [
          `Hồ sơ ${ref} đã có kết quả giải quyết.`,
          'Quý ông/bà nhận kết quả theo hình thức đã đăng ký (trực tuyến, tại Bộ phận Một cửa hoặc qua bưu chính công ích).',
        ],
      };
    case 'APOLOGISED':
      return {
        subject: `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${facts.dossierCode ?? ref}`,
        lines: [
          `Cơ quan giải quyết thành thật xin lỗi Quý ông/bà vì hồ sơ ${ref} chưa thể trả kết quả đúng hẹn.`,
          `Lý do: ${facts.reason ?? '—'}`,
          `Ngày hẹn trả kết quả trước đây: ${formatVietnamTime(facts.previousAppointmentAt)}.`,
          `Ngày hẹn trả kết quả mới: ${formatVietnamTime(facts.appointmentAt)}.`,
        ],
      };
  }
}
