import ExcelJS from 'exceljs';
import { totalsLine, type ColumnKind, type ReportTable, type TableLine } from './columns';

// XLSX workbooks: one sheet per table, a title block (report name, period, data as of), a header row, one row per
// group and a bold totals row; counts, rates and days carry number formats, so Excel sums and charts them as numbers.

export const HEADER_ROW = 5;

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: '#,##0',
  rate: '0.0%',
  days: '0.00',
};

export interface WorkbookInfo {
  /** Lines above each table, e.g. the period and the time the figures were taken. */
  subtitle: string[];
}

function addSheet(workbook: ExcelJS.Workbook, name: string, table: ReportTable, info: WorkbookInfo) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  const width = table.columns.length;
  sheet.getCell(1, 1).value = table.title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  info.subtitle.slice(0, HEADER_ROW - 2).forEach((text, i) => (sheet.getCell(2 + i, 1).value = text));
  const header = sheet.getRow(HEADER_ROW);
  table.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.label;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    sheet.getColumn(i + 1).width = column.kind === 'text' ? (column.key.endsWith('Name') ? 48 : 16) : 14;
    const format = NUMBER_FORMATS[column.kind];
    if (format) sheet.getColumn(i + 1).numFmt = format;
  });
  header.height = 60;
  const values = (line: TableLine) => table.columns.map((c) => line[c.key] ?? null);
  table.lines.forEach((line) => sheet.addRow(values(line)));
  const total = sheet.addRow(values(totalsLine(table)));
  total.font = { bold: true };
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + table.lines.length, column: width } };
}

/** A workbook with one sheet per table (sheet names ≤ 31 characters, as Excel requires). */
export async function renderXlsx(sheets: { name: string; table: ReportTable }[], info: WorkbookInfo): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Motcua';
  workbook.created = new Date();
  for (const { name, table } of sheets) addSheet(workbook, name.slice(0, 31), table, info);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
