import { totalsLine, type ReportTable, type TableLine } from './columns';

// CSV (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma, a quote or a line break
// (quotes doubled). UTF-8 with a byte-order mark, so Excel reads Vietnamese as UTF-8 instead of the ANSI code page.

const BOM = '\uFEFF';

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(',');

/** Header line, one line per group, then the totals line. Rates are fractions (0.5 = 50 %), as in JSON. */
export function renderCsv(table: ReportTable): string {
  const line = (values: TableLine) => csvLine(table.columns.map((c) => values[c.key]));
  const lines = [csvLine(table.columns.map((c) => c.label)), ...table.lines.map(line), line(totalsLine(table))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
