import QRCode from 'qrcode';
import type { QrPayload } from './model';

// The QR code printed on every dossier form (Circular 01/2023/TT-VPCP; domain spec §3.7): the dossier code, the
// procedure code, the applicant's ID and the document's name. The circular names the contents, not an encoding;
// Motcua writes one JSON object with Vietnamese keys in this fixed order (see docs/forms.md), UTF-8, level M.

export function qrText(payload: QrPayload): string {
  return JSON.stringify({
    maHoSo: payload.dossierCode,
    maTTHC: payload.procedureCode,
    maDinhDanh: payload.applicantId,
    tenGiayTo: payload.documentName,
  });
}

const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** The QR code as a PNG, `width` pixels wide (quiet zone included). */
export function qrPng(payload: QrPayload, width = 360): Promise<Buffer> {
  return QRCode.toBuffer(qrText(payload), { ...OPTIONS, type: 'png', width });
}

/** The same PNG as a data URL, for the HTML form. */
export async function qrDataUrl(payload: QrPayload): Promise<string> {
  return `data:image/png;base64,${(await qrPng(payload)).toString('base64')}`;
}
