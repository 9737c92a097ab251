import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { buildDossierForm, loadDossierTrail } from '../../api/forms/dossier-forms';
import type { Actor } from '../../workflows/dossier/decision-inputs';
import {
  approveUpdate,
  assessFeeUpdate,
  confirmPaymentUpdate,
  handOverStepUpdate,
  returnResultUpdate,
  transferUpdate,
} from '../../workflows/dossier/messages';
import { authHeader, type Caller } from '../support/auth';
import { startTestSystem, type TestSystem } from '../support/system';

// The forms of a dossier driven through its whole life by the real stack (Temporal dev server, worker, PGlite):
// permanent residence registration (Đăng ký thường trú, 1.004222), one handling step at the commune police.

const officer: Actor = { id: 'officer-1', role: 'officer' };
const police: Actor = { id: 'police-officer-7', role: 'officer' };
const leader: Actor = { id: 'leader-1', role: 'leader' };
const applicant = { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: '001099012345', email: 'an@example.vn', phone: '0912 345 678' };
/** The one-stop-shop officer of both receiving units used below. */
const staff: Caller = { role: 'officer', sub: officer.id, units: ['000.00.01.H56', '000.00.07.H56'] };

/** Local (UTC+7) calendar day of an instant, shifted by `days`. */
const localDay = (days = 0) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('the official forms over HTTP (pglite)', () => {
  let system: TestSystem;
  let id: string;
  let code: string;

  const submit = async (unitCode = '000.00.01.H56'): Promise<string> => {
    const response = await system.app.inject({
      method: 'POST',
      url: '/v1/dossiers',
      headers: { 'idempotency-key': `forms-${randomUUID()}`, ...(await authHeader({ role: 'applicant', sub: applicant.identifier })) },
      payload: { procedureCode: '1.004222', unitCode, channel: 'online', applicant },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  };
  const accept = async (dossierId: string): Promise<string> => {
    const response = await system.app.inject({
      method: 'POST',
      url: `/v1/dossiers/${dossierId}/accept`,
      headers: { 'idempotency-key': `accept-${randomUUID()}`, ...(await authHeader(staff)) },
      payload: { note: 'Hồ sơ đầy đủ, hợp lệ' },
    });
    expect(response.statusCode).toBe(200);
    return response.json().dossierCode;
  };
  const get = async (url: string) => system.app.inject({ method: 'GET', url, headers: await authHeader(staff) });

  beforeAll(async () => {
    system = await startTestSystem('pglite');
    id = await submit();
    code = await accept(id);
    const handle = system.temporal.workflow.getHandle(id);
    await handle.executeUpdate(assessFeeUpdate, { args: [{ actor: officer, amountVnd: 10_000 }] });
    const platform: Actor = { id: 'payment-platform', role: 'integrator' };
    await handle.executeUpdate(confirmPaymentUpdate, { args: [{ actor: platform, paymentRef: 'PAY-0001', amountVnd: 10_000 }] });
    await handle.executeUpdate(transferUpdate, { args: [{ actor: officer }] });
    const handOver = { actor: police, stepId: 'handling', outcome: 'COMPLETED' as const, note: 'Đủ điều kiện đăng ký' };
    await handle.executeUpdate(handOverStepUpdate, { args: [handOver] });
    await handle.executeUpdate(approveUpdate, { args: [{ actor: leader, results: ['Thông báo kết quả đăng ký thường trú'] }] });
    await handle.executeUpdate(returnResultUpdate, { args: [{ actor: officer, channel: 'online' }] });
  });
  afterAll(async () => system?.close());

  it('builds form 01 from the recorded receipt, acceptance and payment', async () => {
    const trail = (await loadDossierTrail(system.app.readModel, id))!;
    const result = buildDossierForm('01', trail);
    if (!result.issued) throw new Error(result.reason);
    const field = (key: string) => result.document.fields.find((f) => f.key === key)?.value;
    expect(field('dossierCode')).toBe(code);
    expect(field('applicant')).toBe('Nguyễn Văn An');
    expect(field('procedure')).toBe('Đăng ký thường trú (mã 1.004222)');
    expect(field('receivedAt')).toMatch(/^\d{2}:\d{2}, ngày \d{2}\/\d{2}\/\d{4}$/);
    expect(field('fee')).toMatch(/^Đã nộp 10\.000 đ \(mã giao dịch PAY-0001\)/);
    expect(field('returnChannel')).toBe('Trực tuyến (Kho quản lý dữ liệu điện tử)');
    expect(result.document.signatures.map((s) => s.name)).toEqual(['Nguyễn Văn An', 'officer-1']);
    expect(result.document.qr).toEqual({ dossierCode: code, procedureCode: '1.004222', applicantId: '001099012345', documentName: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
  });

  it('builds form 05 with one row per hand-off, from transfer to return', async () => {
    const trail = (await loadDossierTrail(system.app.readModel, id))!;
    const result = buildDossierForm('05', trail);
    if (!result.issued) throw new Error(result.reason);
    const rows = result.document.tables[0]!.rows;
    expect(rows.map((r) => [r.giver, r.receiver])).toEqual([
      ['Bộ phận Một cửa (officer-1)', 'Công an cấp xã'],
      ['Công an cấp xã (police-officer-7)', 'Bộ phận Một cửa'],
      ['Cơ quan giải quyết (leader-1)', 'Bộ phận Một cửa'],
      ['Bộ phận Một cửa (officer-1)', 'Tổ chức, cá nhân'],
    ]);
    expect(rows[1]!.result).toBe('Trước hạn');
    expect(rows[1]!.note).toContain('Đủ điều kiện đăng ký');
    expect(rows[2]!.note).toContain(`${code}-KQ1`);
  });

  it('serves form 01 as printable Vietnamese HTML carrying the dossier code', async () => {
    const response = await get(`/v1/dossiers/${id}/forms/01`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`inline; filename="${code}-mau-01.html"`);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const html = response.body;
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html).toContain(code);
    expect(html).toContain('Nguyễn Văn An');
    expect(html).toMatch(/<img alt="Mã QR: [^"]+" src="data:image\/png;base64,/);
  });

  it('serves form 05 as a PDF named after the dossier code', async () => {
    const response = await get(`/v1/dossiers/${id}/forms/05?format=pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="${code}-mau-05.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(response.rawPayload.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('answers 404 for a form the events give no basis, never an empty form', async () => {
    for (const form of ['02', '03', '04']) {
      const response = await get(`/v1/dossiers/${id}/forms/${form}?format=pdf`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 404, title: 'Form not issued' });
    }
    expect((await get(`/v1/dossiers/${id}/forms/04`)).json().detail).toContain('apology');
  });

  it('answers 404 for a dossier that does not exist', async () => {
    const response = await get(`/v1/dossiers/dossier-${'0'.repeat(32)}/forms/01`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ title: 'Dossier not found' });
  });

  it('lists the dossiers a unit accepted in the period in the order they were entered (form 06)', async () => {
    const unitCode = '000.00.07.H56';
    const [first, second, pending] = [await submit(unitCode), await submit(unitCode), await submit(unitCode)];
    const codes = [await accept(first), await accept(second)];
    const response = await get(`/v1/units/${unitCode}/forms/06?from=${localDay(-1)}&to=${localDay(1)}`);
    expect(response.statusCode).toBe(200);
    const rows = [...response.body.matchAll(/<tr><td>(\d+)<\/td><td>([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([['1', codes[0]], ['2', codes[1]]]);
    expect(response.body).not.toContain(code);
    expect(response.body).toContain('SỔ THEO DÕI HỒ SƠ');
    const events = await createDossierReadModel(system.database.db).listEvents(pending);
    expect(events.map((e) => e.type)).toEqual(['RECEIVED']);

    const pdf = await get(`/v1/units/${unitCode}/forms/06?from=${localDay(-1)}&to=${localDay(1)}&format=pdf`);
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="${unitCode}-${localDay(-1)}-${localDay(1)}-mau-06.pdf"`);
    const before = await get(`/v1/units/${unitCode}/forms/06?from=${localDay(-30)}&to=${localDay(-2)}`);
    expect(before.body).toContain('Không có hồ sơ nào được tiếp nhận trong kỳ.');
  });

  it('answers 400 naming the field for bad parameters', async () => {
    const cases: [string, string][] = [
      [`/v1/dossiers/${id}/forms/07`, 'params.form'],
      [`/v1/dossiers/${id}/forms/06`, 'params.form'],
      ['/v1/dossiers/not-a-dossier/forms/01', 'params.id'],
      [`/v1/dossiers/${id}/forms/01?format=docx`, 'querystring.format'],
      ['/v1/units/not%20a%20unit/forms/06?from=2026-01-01&to=2026-01-31', 'params.unitCode'],
      ['/v1/units/000.00.07.H56/forms/06?from=2026-13-01&to=2026-12-31', 'querystring.from'],
      ['/v1/units/000.00.07.H56/forms/06?from=2026-01-01', 'querystring.to'],
      ['/v1/units/000.00.07.H56/forms/06?from=2026-02-01&to=2026-01-31', 'querystring.to'],
      ['/v1/units/000.00.07.H56/forms/06?from=2024-01-01&to=2026-01-31', 'querystring.to'],
    ];
    for (const [url, field] of cases) {
      const response = await get(url);
      expect({ url, status: response.statusCode, field: response.json().field }).toEqual({ url, status: 400, field });
    }
  });
});
