import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDossierTrail } from '../../api/forms/dossier-forms';
import { buildForm04 } from '../../api/forms/handling-forms';
import type { DossierTrail, FormDocument, FormResult } from '../../api/forms/model';
import { qrText } from '../../api/forms/qr';
import { buildForm01, buildForm02, buildForm03 } from '../../api/forms/reception-forms';
import { renderHtml } from '../../api/forms/render-html';
import { renderPdf } from '../../api/forms/render-pdf';
import { createDossierReadModel, type DossierSnapshot } from '../../db/repositories/dossier-read-model';
import { migratedDatabase, type TestDatabase } from '../support/databases';

// Builders and renderers on trails of hand-made events projected into a PGlite read model, and the PDF read back
// the way a reader extracts text: through the embedded fonts' ToUnicode maps.

const vn = (local: string) => new Date(`${local}:00+07:00`).toISOString();
const officer = { id: 'officer-1', role: 'officer' };

let database: TestDatabase;
beforeAll(async () => {
  database = await migratedDatabase('pglite');
});
afterAll(async () => database?.dispose());

/** Projects hand-made events for one dossier and reads its trail back from the read model. */
async function trailOf(id: string, applicantName: string, events: [string, string, Record<string, unknown>, Partial<DossierSnapshot>?][]) {
  const readModel = createDossierReadModel(database.db);
  let snapshot: DossierSnapshot = {
    id, dossierCode: null, procedureCode: '1.004222', unitCode: '000.00.01.H56', status: 'AWAITING_RECEPTION_CHECK', channel: 'online',
    applicant: { kind: 'citizen', fullName: applicantName, identifier: '001099004455' }, submittedAt: vn('2026-01-05T07:55'),
    officialReceiptAt: vn('2026-01-05T08:00'), receptionCheckDueAt: vn('2026-01-06T08:00'), overdueAtReception: false,
    acceptedAt: null, dueAt: null, calendarVersion: 'test', requestDigest: 'd'.repeat(64),
  };
  for (const [index, [type, local, payload, changes]] of events.entries()) {
    snapshot = { ...snapshot, ...changes };
    const actor = type === 'RECEIVED' ? { id: 'motcua', role: 'system' } : officer;
    await readModel.applyEvent({ sequence: index + 1, type, occurredAt: vn(local), actor, payload, snapshot });
  }
  return (await loadDossierTrail(readModel, id))!;
}

const received: [string, string, Record<string, unknown>] = ['RECEIVED', '2026-01-05T08:00', { officialReceiptAt: vn('2026-01-05T08:00') }];
const accepted = (code: string): [string, string, Record<string, unknown>, Partial<DossierSnapshot>] => [
  'ACCEPTED', '2026-01-05T09:15', { dossierCode: code, dueAt: vn('2026-01-14T17:00'), note: null },
  { status: 'ACCEPTED', dossierCode: code, acceptedAt: vn('2026-01-05T09:15'), dueAt: vn('2026-01-14T17:00') },
];

const documentOf = (result: FormResult): FormDocument => {
  if (!result.issued) throw new Error(result.reason);
  return result.document;
};
const fieldOf = (document: FormDocument, key: string) => document.fields.find((f) => f.key === key)?.value;

/** The text a PDF reader extracts: glyph ids of each text operator mapped back through the font's ToUnicode CMap. */
function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const streamOf = (body: string) => {
    const raw = Buffer.from(/stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body)?.[1] ?? '', 'latin1');
    return (body.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
  };
  const unicodeOf = new Map<string, Map<number, string>>();
  for (const [, name, ref] of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const cmapRef = /\/ToUnicode (\d+) 0 R/.exec(objects.get(ref!) ?? '')?.[1];
    if (!cmapRef || unicodeOf.has(name!)) continue;
    const map = new Map<number, string>();
    const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
    for (const [, start, , list] of streamOf(objects.get(cmapRef)!).matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      // A ligature maps to several code units, written with spaces: `<0066 0066 0069>` for 'ffi'.
      [...list!.matchAll(/<([0-9a-f ]+)>/gi)].forEach((u, i) => map.set(parseInt(start!, 16) + i, utf16(u[1]!.replace(/ /g, ''))));
    }
    unicodeOf.set(name!, map);
  }
  const lines: string[] = [];
  for (const body of objects.values()) {
    if (!/\/Length/.test(body) || /\/Subtype|\/Length1/.test(body)) continue;
    let font = new Map<number, string>();
    for (const [, name, shown] of streamOf(body).matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/gi)) {
      if (name) font = unicodeOf.get(name) ?? new Map();
      else lines.push([...shown!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!.match(/.{4}/g)?.map((g) => font.get(parseInt(g, 16)) ?? '\uFFFD').join('') ?? '').join(''));
    }
  }
  return lines.join('\n');
}

/** The QR image pdfkit embedded (raw RGB under FlateDecode), decoded. */
function pdfQr(pdf: Buffer): string | undefined {
  const source = pdf.toString('latin1');
  const image = /\/Subtype \/Image\s*\/BitsPerComponent 8\s*\/Width (\d+)\s*\/Height (\d+)[^]*?\/ColorSpace \/DeviceRGB[^]*?stream\r?\n([^]*?)\r?\nendstream/.exec(source);
  if (!image) return undefined;
  const [width, height] = [Number(image[1]), Number(image[2])];
  const rgb = inflateSync(Buffer.from(image[3]!, 'latin1'));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) rgba.set([rgb[p * 3]!, rgb[p * 3 + 1]!, rgb[p * 3 + 2]!, 255], p * 4);
  return jsQR(rgba, width, height)?.data;
}

function htmlQr(html: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(/src="data:image\/png;base64,([^"]+)"/.exec(html)![1]!, 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('form builders on a recorded trail', () => {
  it('lists each supplementation item with its reason, the guiding officer and the local time (form 02)', async () => {
    const items = [{ item: 'Giấy xác nhận nơi ở hợp pháp', reason: 'Bản chụp bị mờ, không đọc được' }, { item: 'Tờ khai CT01', reason: 'Thiếu chữ ký' }];
    const trail = await trailOf('dossier-02', 'Trần Thị Bích', [received, ['SUPPLEMENT_REQUESTED', '2026-01-05T10:30', { items, note: null }, { status: 'SUPPLEMENT_REQUESTED' }]]);
    const document = documentOf(buildForm02(trail));
    expect(document.tables[0]!.rows).toEqual(items.map((entry, i) => ({ no: String(i + 1), ...entry })));
    expect(fieldOf(document, 'requestedAt')).toBe('10:30, ngày 05/01/2026');
    expect(fieldOf(document, 'dossierCode')).toBe('Chưa cấp (hồ sơ chưa được tiếp nhận)');
    expect(document.signatures).toEqual([{ role: 'NGƯỜI HƯỚNG DẪN', name: 'officer-1' }]);
    expect(document.qr?.dossierCode).toBe('dossier-02');
    expect(buildForm01(trail)).toMatchObject({ issued: false });
  });

  it('carries the reasons of a refusal at reception (form 03)', async () => {
    const reasons = ['Thủ tục không thuộc thẩm quyền giải quyết của đơn vị', 'Hồ sơ giả mạo'];
    const trail = await trailOf('dossier-03', 'Phạm Quốc Cường', [received, ['REFUSED_AT_RECEPTION', '2026-01-05T23:45', { reasons, note: null }, { status: 'REFUSED_AT_RECEPTION' }]]);
    const document = documentOf(buildForm03(trail));
    expect(document.tables[0]!.rows.map((r) => r.reason)).toEqual(reasons);
    expect(fieldOf(document, 'refusedAt')).toBe('23:45, ngày 05/01/2026');
    expect(document.dateline).toBe('ngày 05 tháng 01 năm 2026');
  });

  it('shows the original appointment, the reason and the new appointment of an apology (form 04)', async () => {
    const trail = await trailOf('dossier-04', 'Lê Thị Hồng', [
      received,
      accepted('000.00.01.H56-260105-0004'),
      ['APOLOGISED', '2026-01-12T16:00', { reason: 'Chờ kết quả xác minh của Công an tỉnh', dueAt: vn('2026-01-14T17:00'), newAppointmentAt: vn('2026-01-21T10:00') }],
    ]);
    const document = documentOf(buildForm04(trail));
    expect(fieldOf(document, 'originalAppointmentAt')).toBe('17:00, ngày 14/01/2026');
    expect(fieldOf(document, 'reason')).toBe('Chờ kết quả xác minh của Công an tỉnh');
    expect(fieldOf(document, 'newAppointmentAt')).toBe('10:00, ngày 21/01/2026');
    expect(document.notes.join(' ')).toContain('Chúng tôi xin lỗi và hẹn lại thời gian trả kết quả: 10:00, ngày 21/01/2026.');
    expect(document.reference).toBe('000.00.01.H56-260105-0004');
  });

  it('issues no apology form for a dossier that was never apologised for', async () => {
    const trail = await trailOf('dossier-04b', 'Lê Văn Tám', [received, accepted('000.00.01.H56-260105-0005')]);
    expect(buildForm04(trail)).toEqual({ issued: false, reason: expect.stringContaining('apology') });
  });
});

describe('form renderers', () => {
  let trail: DossierTrail;
  beforeAll(async () => {
    // The name arrives decomposed (NFD, as some keyboards send it): the forms print it precomposed.
    trail = await trailOf('dossier-r1', 'Nguyễn Thị Ánh Tuyết'.normalize('NFD'), [received, accepted('000.00.01.H56-260105-0007')]);
  });

  it('escapes markup in recorded text', async () => {
    const hostile = await trailOf('dossier-r2', '<script>alert("Đỗ")</script> & Cộng sự', [received, accepted('000.00.01.H56-260105-0008')]);
    const html = await renderHtml(documentOf(buildForm01(hostile)));
    expect(html).toContain('&lt;script&gt;alert(&quot;Đỗ&quot;)&lt;/script&gt; &amp; Cộng sự');
    expect(html).not.toContain('<script>');
  });

  it('writes a real PDF whose extracted text keeps every Vietnamese diacritic', async () => {
    const pdf = await renderPdf(documentOf(buildForm01(trail)));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const line of ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Ngày 05 tháng 01 năm 2026']) {
      expect(text).toContain(line);
    }
    expect(text).toContain('Nguyễn Thị Ánh Tuyết'.normalize('NFC'));
    expect(text).toContain('000.00.01.H56-260105-0007');
    expect(text).toContain('17:00, ngày 14/01/2026');
    expect(text).not.toContain('\uFFFD');
    const fonts = [...pdf.toString('latin1').matchAll(/\/FontName \/[A-Z]{6}\+(\S+)/g)].map((m) => m[1]);
    expect(new Set(fonts)).toEqual(new Set(['NotoSerif-Regular', 'NotoSerif-Bold', 'NotoSerif-Italic']));
    expect(pdf.toString('latin1')).toContain('/FontFile2');
  });

  it('prints the Circular 01/2023 QR code in the HTML and in the PDF', async () => {
    const document = documentOf(buildForm01(trail));
    const expected = {
      maHoSo: '000.00.01.H56-260105-0007',
      maTTHC: '1.004222',
      maDinhDanh: '001099004455',
      tenGiayTo: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    };
    expect(JSON.parse(qrText(document.qr!))).toEqual(expected);
    expect(JSON.parse(htmlQr(await renderHtml(document))!)).toEqual(expected);
    expect(JSON.parse(pdfQr(await renderPdf(document))!)).toEqual(expected);
  });
});
