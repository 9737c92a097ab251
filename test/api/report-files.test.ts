import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from '../../api/reports/csv';
import { periodOf, sixMonthlyPeriod } from '../../api/reports/periods';
import { startReadOnlyApp } from '../support/read-only-app';

describe('report periods', () => {
  it('covers whole local days, UTC+7, as a half-open interval', () => {
    const p = periodOf('2026-02-28', '2026-02-28');
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual(['2026-02-27T17:00:00.000Z', '2026-02-28T17:00:00.000Z']);
    expect(periodOf('2024-02-28', '2024-02-29').end.toISOString()).toBe('2024-02-29T17:00:00.000Z');
  });

  it('sets the six-monthly windows from 15 December to 14 June and from 15 June to 14 December', () => {
    expect(sixMonthlyPeriod(2026, 1)).toMatchObject({
      from: '2025-12-15', to: '2026-06-14', unitsReportBefore: '2026-06-01', departmentReportBefore: '2026-06-10', provinceReportBefore: '2026-06-15',
    });
    expect(sixMonthlyPeriod(2026, 2)).toMatchObject({ from: '2026-06-15', to: '2026-12-14', departmentReportBefore: '2026-12-10' });
    // The two halves of a year and the first of the next tile the time line without gap or overlap.
    expect(sixMonthlyPeriod(2026, 1).end).toEqual(sixMonthlyPeriod(2026, 2).start);
    expect(sixMonthlyPeriod(2026, 2).end).toEqual(sixMonthlyPeriod(2027, 1).start);
  });
});

describe('CSV', () => {
  it('quotes only fields with a comma, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('Thủ tục đăng ký khai sinh')).toBe('Thủ tục đăng ký khai sinh');
    expect(csvField('Cấp, đổi giấy phép')).toBe('"Cấp, đổi giấy phép"');
    expect(csvField('Mẫu "01"')).toBe('"Mẫu ""01"""');
    expect(csvField('hai\r\ndòng')).toBe('"hai\r\ndòng"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });

  it('starts with a byte-order mark and ends every line with CRLF', () => {
    const text = renderCsv({
      title: 't',
      columns: [{ key: 'unitCode', label: 'Mã đơn vị', kind: 'text' }, { key: 'received', label: 'Số mới tiếp nhận', kind: 'count' }],
      lines: [{ unitCode: '000.00.01.H56', received: 3 }],
      totals: { received: 3 } as never,
    });
    expect(text).toBe('\uFEFFMã đơn vị,Số mới tiếp nhận\r\n000.00.01.H56,3\r\nTổng cộng,3\r\n');
  });
});

describe('OpenAPI document', () => {
  it('describes both report routes', async () => {
    const api = await startReadOnlyApp();
    try {
      const { status, body } = await api.get('/openapi.json', null);
      expect(status).toBe(200);
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/v1/reports/dossiers', '/v1/reports/six-monthly']));
      const parameters = body.paths['/v1/reports/dossiers'].get.parameters.map((p: { name: string }) => p.name);
      expect(parameters).toEqual(expect.arrayContaining(['from', 'to', 'groupBy', 'unitCode', 'format']));
    } finally {
      await api.close();
    }
  });
});
