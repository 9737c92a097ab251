import type { DossierEventRow, DossierRow } from '../../db/schema';

// The structured form model every builder returns and every renderer reads. A form is data (fields, tables,
// signatures, the QR payload), never markup, so the HTML and the PDF say exactly the same thing.

export const DOSSIER_FORMS = ['01', '02', '03', '04', '05'] as const;
export type DossierFormId = (typeof DOSSIER_FORMS)[number];
export type FormId = DossierFormId | '06';

/** What a dossier's forms are built from: the read model's row and its recorded events, in sequence. */
export interface DossierTrail {
  dossier: DossierRow;
  events: DossierEventRow[];
  /** The procedure's name (the read model keeps only its code). */
  procedureName: string;
}

export interface FormField {
  /** Stable key for programs and tests; the label is for people. */
  key: string;
  label: string;
  value: string;
}

export interface FormColumn {
  key: string;
  label: string;
  /** Relative width in the PDF's table. */
  width: number;
}

export interface FormTable {
  key: string;
  columns: FormColumn[];
  rows: Record<string, string>[];
}

export interface FormSignature {
  /** e.g. `NGƯỜI TIẾP NHẬN`. */
  role: string;
  /** Who recorded the decision (the actor's id until officer names are in the directory). */
  name: string | null;
}

/** Circular 01/2023 QR code content (domain spec §3.7). */
export interface QrPayload {
  dossierCode: string;
  procedureCode: string;
  applicantId: string;
  documentName: string;
}

export interface FormDocument {
  form: FormId;
  /** The form's official name, e.g. `Giấy tiếp nhận hồ sơ và hẹn trả kết quả`. */
  name: string;
  /** The receiving unit, top left of the page. */
  issuer: string;
  /** `ngày … tháng … năm …` of the event the form records. */
  dateline: string;
  /** Dossier code (or the dossier id before a code is issued; the unit code for form 06): names the file. */
  reference: string;
  fields: FormField[];
  tables: FormTable[];
  /** Free lines after the tables (notes, legal reminders). */
  notes: string[];
  signatures: FormSignature[];
  qr: QrPayload | null;
  orientation: 'portrait' | 'landscape';
}

/** A form exists only where the events give it a basis; otherwise it was not issued (a 404, never a blank form). */
export type FormResult = { issued: true; document: FormDocument } | { issued: false; reason: string };

export const issued = (document: FormDocument): FormResult => ({ issued: true, document });
export const notIssued = (reason: string): FormResult => ({ issued: false, reason });

export const FORM_NAMES: Record<FormId, string> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  '05': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '06': 'Sổ theo dõi hồ sơ',
};
