import type { DossierEventRow } from '../../db/schema';
import { CHANNEL_VI, formatInstant, label, PAUSE_REASON_VI, STEP_OUTCOME_VI, TIMELINESS_VI } from './format';
import { issued, notIssued, type DossierTrail, type FormResult } from './model';
import { baseDocument, receivedAtBefore } from './reception-forms';
import { actorOf, APPLICANT, applicantOf, firstOf, lastOf, ONE_STOP_UNIT, payloadOf, text, type Payload } from './trail';

// Forms of handling (giải quyết): 04 apology and new appointment, 05 control sheet of every hand-off.

/** Form 04: the apology (at most one per dossier), its reason, the original and the new appointment. */
export function buildForm04(trail: DossierTrail): FormResult {
  const apology = lastOf(trail.events, 'APOLOGISED');
  if (!apology) return notIssued('form 04 is issued with an apology; this dossier has none');
  const payload = payloadOf(apology);
  const accepted = firstOf(trail.events, 'ACCEPTED');
  const original = formatInstant(text(payload.dueAt) ?? (accepted ? text(payloadOf(accepted).dueAt) : null));
  const renewed = formatInstant(text(payload.newAppointmentAt));
  const reason = text(payload.reason) ?? '—';
  const document = baseDocument(trail, '04', apology);
  document.fields.push(
    { key: 'receivedAt', label: 'Thời gian tiếp nhận', value: receivedAtBefore(trail, apology) },
    { key: 'originalAppointmentAt', label: 'Thời gian hẹn trả kết quả', value: original },
    { key: 'reason', label: 'Lý do chậm trễ', value: reason },
    { key: 'newAppointmentAt', label: 'Thời gian hẹn lại trả kết quả', value: renewed },
  );
  document.notes.push(
    `Thời gian hẹn trả kết quả giải quyết hồ sơ của ${applicantOf(trail).fullName} là ${original}. ` +
      `Tuy nhiên, đến nay cơ quan giải quyết chưa trả được kết quả vì lý do: ${reason}.`,
    'Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Quý ông/bà. ' +
      `Chúng tôi xin lỗi và hẹn lại thời gian trả kết quả: ${renewed}.`,
  );
  document.signatures = [{ role: 'THỦ TRƯỞNG CƠ QUAN', name: actorOf(apology) }];
  return issued(document);
}

interface HandOff {
  giver: string;
  receiver: string;
  at: Date;
  result: string;
  note: string;
}

const withActor = (who: string, event: DossierEventRow) => (actorOf(event) ? `${who} (${actorOf(event)})` : who);
const joinNotes = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join('; ');

/** Follows the trail, keeping the steps in progress, and turns each hand-off into a row of the control sheet. */
function handOffs(events: DossierEventRow[]): HandOff[] {
  const open = new Map<string, string>();
  const rows: HandOff[] = [];
  const startedAfter = (index: number) => {
    const agencies: string[] = [];
    for (const next of events.slice(index + 1)) {
      if (next.type !== 'STEP_STARTED') break;
      agencies.push(text(payloadOf(next).agency) ?? '—');
    }
    return agencies.join('; ');
  };
  const handler = () => [...open.values()][0] ?? 'Cơ quan giải quyết';
  events.forEach((event, index) => {
    const p: Payload = payloadOf(event);
    const row = (giver: string, receiver: string, result = '', note = '') => rows.push({ giver, receiver, at: event.occurredAt, result, note });
    switch (event.type) {
      case 'TRANSFERRED':
        return row(withActor(ONE_STOP_UNIT, event), startedAfter(index) || 'Cơ quan giải quyết', '', text(p.note) ?? '');
      case 'STEP_STARTED':
        return void open.set(String(p.stepId), text(p.agency) ?? '—');
      case 'STEP_HANDED_OVER':
      case 'STEP_DEEMED_CONSENT': {
        open.delete(String(p.stepId));
        const receiver = startedAfter(index) || (open.size > 0 ? handler() : ONE_STOP_UNIT);
        const note = joinNotes(label(STEP_OUTCOME_VI, p.outcome), text(p.dueAt) && `hạn bước ${formatInstant(text(p.dueAt))}`, text(p.note));
        return row(withActor(text(p.agency) ?? '—', event), receiver, label(TIMELINESS_VI, p.timeliness), note);
      }
      case 'PAUSED':
        return row(withActor(handler(), event), APPLICANT, '', joinNotes(label(PAUSE_REASON_VI, p.reason), text(p.noticeRef) && `thông báo ${text(p.noticeRef)}`));
      case 'RESUMED':
        return row(APPLICANT, withActor(handler(), event), '', joinNotes('Tiếp tục giải quyết', text(p.dueAt) && `hạn ${formatInstant(text(p.dueAt))}`));
      case 'RESULT_READY': {
        const documents = Array.isArray(p.documents) ? p.documents.map((d) => text((d as Payload)?.code)).filter(Boolean) : [];
        return row(withActor('Cơ quan giải quyết', event), ONE_STOP_UNIT, label(TIMELINESS_VI, p.timeliness), joinNotes('Có kết quả', documents.join(', ')));
      }
      case 'REFUSED_TO_RESOLVE': {
        const reasons = Array.isArray(p.reasons) ? p.reasons.map((r) => text(r)).filter(Boolean).join('; ') : '';
        return row(withActor('Cơ quan giải quyết', event), ONE_STOP_UNIT, label(TIMELINESS_VI, p.timeliness), joinNotes('Từ chối giải quyết', reasons));
      }
      case 'RESULT_RETURNED':
        return row(withActor(ONE_STOP_UNIT, event), APPLICANT, '', joinNotes('Trả kết quả', label(CHANNEL_VI, p.channel)));
      default:
        return undefined;
    }
  });
  return rows;
}

/** Form 05: header, then one row per hand-off from the transfer on. */
export function buildForm05(trail: DossierTrail): FormResult {
  const transfer = firstOf(trail.events, 'TRANSFERRED');
  if (!transfer) return notIssued('form 05 starts with the transfer to the handling agency; this dossier was not transferred');
  const accepted = firstOf(trail.events, 'ACCEPTED');
  const apology = lastOf(trail.events, 'APOLOGISED');
  const document = baseDocument(trail, '05', transfer);
  document.fields.push(
    { key: 'receivedAt', label: 'Thời gian tiếp nhận', value: receivedAtBefore(trail, accepted ?? transfer) },
    { key: 'appointmentAt', label: 'Thời gian hẹn trả kết quả', value: formatInstant(accepted ? text(payloadOf(accepted).dueAt) : null) },
  );
  if (apology) {
    const renewed = formatInstant(text(payloadOf(apology).newAppointmentAt));
    document.fields.push({ key: 'newAppointmentAt', label: 'Thời gian hẹn lại (Mẫu 04)', value: renewed });
  }
  document.tables.push({
    key: 'handOffs',
    columns: [
      { key: 'no', label: 'STT', width: 1.4 },
      { key: 'giver', label: 'Bên giao', width: 5 },
      { key: 'receiver', label: 'Bên nhận', width: 5 },
      { key: 'at', label: 'Thời gian giao, nhận', width: 4 },
      { key: 'result', label: 'Kết quả (trước hạn / đúng hạn / quá hạn)', width: 3 },
      { key: 'note', label: 'Ghi chú', width: 5 },
    ],
    rows: handOffs(trail.events.filter((e) => e.sequence >= transfer.sequence)).map((h, i) => ({
      no: String(i + 1),
      giver: h.giver,
      receiver: h.receiver,
      at: formatInstant(h.at),
      result: h.result,
      note: h.note,
    })),
  });
  return issued(document);
}
