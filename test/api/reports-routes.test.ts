import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportColumns, TOTAL_LABEL, type ReportColumn } from '../../api/reports/columns';
import { HEADER_ROW } from '../../api/reports/xlsx';
import { authHeader, callers } from '../support/auth';
import { databaseKinds } from '../support/databases';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';
import { JANUARY, JANUARY_P2, JANUARY_TOTAL, P2, seedReportFixtures, UNIT_A, UNIT_B } from '../support/report-fixtures';

// The report routes over the fixtures of test/support/report-fixtures.ts (figures worked out by hand there):
// the JSON figures, and the same figures read back from the CSV and the XLSX files.

const JANUARY_QUERY = 'from=2026-01-01&to=2026-01-31';

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += ch;
  }
  return records;
}

/** A table's lines as objects by column key: numbers where the column holds figures. */
function byKey(columns: ReportColumn[], cells: unknown[][]): Record<string, unknown>[] {
  return cells.map((cells) =>
    Object.fromEntries(
      columns.map((c, i) => {
        const cell = cells[i];
        const empty = cell === '' || cell === null || cell === undefined;
        return [c.key, empty ? null : c.kind === 'text' ? String(cell) : Number(cell)];
      }),
    ),
  );
}

describe.each(databaseKinds)('report routes (%s)', (kind) => {
  let api: ReadOnlyApp;
  let admin: { authorization: string };
  beforeAll(async () => {
    api = await startReadOnlyApp((database) => seedReportFixtures(database.db), { kind });
    admin = await authHeader(callers.admin);
  });
  afterAll(async () => api?.close());

  const get = (url: string, headers = admin) => api.app.inject({ url, headers });

  it('answers the figures of each unit of January as JSON', async () => {
    const response = await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=unit`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.rows).toEqual([
      { unitCode: UNIT_A, ...JANUARY[UNIT_A] },
      { unitCode: UNIT_B, ...JANUARY[UNIT_B] },
    ]);
    expect(body.totals).toEqual(JANUARY_TOTAL);
    expect(body.period).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-31',
      start: '2025-12-31T17:00:00.000Z',
      end: '2026-01-31T17:00:00.000Z',
      complete: true,
    });
    expect(body.scope).toEqual({ unitCodes: null, procedureCode: null, channel: null });
  });

  it('names procedures and filters by procedure and channel', async () => {
    const { rows } = (await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=procedure,unit&procedureCode=${P2}`)).json();
    expect(rows).toEqual([{ procedureCode: P2, procedureName: 'Thủ tục đăng ký kết hôn', unitCode: UNIT_A, ...JANUARY_P2 }]);
    const postal = (await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=channel&channel=postal`)).json();
    expect(postal.rows.map((r: { channel: string }) => r.channel)).toEqual(['postal']);
  });

  it('writes the same figures as CSV: UTF-8 with a BOM, RFC 4180, a totals line, a file name', async () => {
    const json = (await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=unit,procedure`)).json();
    const response = await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=unit,procedure&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="bao-cao-ho-so_2026-01-01_2026-01-31_unit-procedure.csv"',
    );
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...records] = parseCsv(text);
    const columns = reportColumns(['unit', 'procedure']);
    expect(header).toEqual(columns.map((c) => c.label));
    expect(header).toContain('Giải quyết quá hạn');
    const lines = byKey(columns, records);
    expect(lines.slice(0, -1)).toEqual(json.rows);
    expect(lines.at(-1)).toEqual({ ...json.totals, unitCode: TOTAL_LABEL, procedureCode: null, procedureName: null });
  });

  it('writes the same figures as an XLSX workbook with Vietnamese headings and number formats', async () => {
    const json = (await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=channel`)).json();
    const response = await get(`/v1/reports/dossiers?${JANUARY_QUERY}&groupBy=channel&format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('filename="bao-cao-ho-so_2026-01-01_2026-01-31_channel.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Báo cáo')!;
    expect(String(sheet.getCell(1, 1).value)).toContain('GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(String(sheet.getCell(2, 1).value)).toBe('Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/01/2026 (giờ Việt Nam, UTC+7)');
    const columns = reportColumns(['channel']);
    const values = (row: number) => columns.map((_, i) => sheet.getCell(row, i + 1).value);
    expect(values(HEADER_ROW)).toEqual(columns.map((c) => c.label));
    const lines = byKey(columns, [1, 2, 3, 4].map((i) => values(HEADER_ROW + i)));
    const named = { counter: 'Trực tiếp', online: 'Trực tuyến', postal: 'Bưu chính công ích' } as Record<string, string>;
    expect(lines.slice(0, 3)).toEqual(json.rows.map((r: { channel: string }) => ({ ...r, channelName: named[r.channel] })));
    expect(lines[3]).toEqual({ ...json.totals, channel: TOTAL_LABEL, channelName: null });
    expect(sheet.getRow(HEADER_ROW + 4).font?.bold).toBe(true);
    const rate = columns.findIndex((c) => c.key === 'onTimeRate') + 1;
    expect(sheet.getCell(HEADER_ROW + 1, rate).numFmt).toBe('0.0%');
    expect(sheet.getCell(HEADER_ROW + 1, 3).numFmt).toBe('#,##0');
  });

  it('gives the six-monthly report by unit, procedure and channel, with its window and deadlines', async () => {
    const response = await get('/v1/reports/six-monthly?year=2026&half=1');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.period).toMatchObject({ from: '2025-12-15', to: '2026-06-14' });
    expect(body.deadlines).toEqual({ units: '2026-06-01', department: '2026-06-10', province: '2026-06-15' });
    expect(body.byUnit.map((r: { unitCode: string }) => r.unitCode)).toEqual([UNIT_A, UNIT_B]);
    // From 15 December: carried a06 a07 a12 a15; received a01–a05 a08 a11 a13 a14 a17 a18 b01 b02; resolved a01–a04
    // a11 a12 a13 a15 b01 b02; withdrawn a08; open at the end a05 a06 a07 a14 a17 a18.
    expect(body.totals).toMatchObject({ carriedOver: 4, received: 13, resolved: 10, withdrawn: 1, inProgress: 6 });
    expect(body.totals.carriedOver + body.totals.received).toBe(body.totals.resolved + body.totals.withdrawn + body.totals.inProgress);
    expect(body.byChannel.map((r: { channel: string }) => r.channel)).toEqual(['counter', 'online', 'postal']);
  });

  it('downloads the six-monthly report as CSV and XLSX', async () => {
    const json = (await get('/v1/reports/six-monthly?year=2026&half=1')).json();
    const csv = await get('/v1/reports/six-monthly?year=2026&half=1&format=csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="bao-cao-6-thang_2026-H1.csv"');
    const [header, ...records] = parseCsv(csv.rawPayload.toString('utf8').slice(1));
    expect(header!.slice(0, 4)).toEqual(['Phân nhóm', 'Mã', 'Tên', 'Số kỳ trước chuyển qua']);
    expect(records.map((r) => r[0])).toEqual([
      ...json.byUnit.map(() => 'Đơn vị'), ...json.byProcedure.map(() => 'Thủ tục'), ...json.byChannel.map(() => 'Kênh'), TOTAL_LABEL,
    ]);
    expect(Number(records.at(-1)![4])).toBe(json.totals.received);
    const xlsx = await get('/v1/reports/six-monthly?year=2026&half=1&format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Theo đơn vị', 'Theo thủ tục', 'Theo kênh']);
    const units = workbook.getWorksheet('Theo đơn vị')!;
    const received = reportColumns(['unit']).findIndex((c) => c.key === 'received') + 1;
    expect(units.getCell(HEADER_ROW + 1, 1).value).toBe(UNIT_A);
    expect(units.getCell(HEADER_ROW + 1, received).value).toBe(json.byUnit[0].received);
    expect(units.getCell(HEADER_ROW + 3, 1).value).toBe(TOTAL_LABEL);
    expect(units.getCell(HEADER_ROW + 3, received).value).toBe(json.totals.received);
  });
});
