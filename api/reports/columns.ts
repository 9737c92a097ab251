import type { ReportCount, ReportDimension, ReportFigures } from '../../db/repositories/dossier-reports';

// The columns of a report table, shared by CSV and XLSX: the key columns of the grouping, then every figure, each
// with its Vietnamese heading (the terms of the one-stop reports: kỳ trước chuyển qua, mới tiếp nhận…).

export type ColumnKind = 'text' | 'count' | 'rate' | 'days';

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

export type FigureKey = ReportCount | 'onlineRate' | 'onTimeRate' | 'averageResolutionDays';

const FIGURE_LABELS: Record<FigureKey, string> = {
  carriedOver: 'Số kỳ trước chuyển qua',
  received: 'Số mới tiếp nhận',
  receivedOnline: 'Tiếp nhận trực tuyến',
  receivedCounter: 'Tiếp nhận trực tiếp',
  receivedPostal: 'Tiếp nhận qua bưu chính công ích',
  resolved: 'Đã giải quyết',
  resolvedEarly: 'Giải quyết trước hạn',
  resolvedOnTime: 'Giải quyết đúng hạn',
  resolvedLate: 'Giải quyết quá hạn',
  resolvedLateWithApology: 'Quá hạn có văn bản xin lỗi',
  resolvedLateWithoutApology: 'Quá hạn không có văn bản xin lỗi',
  refusedToResolve: 'Trong đó từ chối giải quyết',
  withdrawn: 'Rút hồ sơ sau tiếp nhận',
  inProgress: 'Đang giải quyết',
  inProgressInTime: 'Đang giải quyết chưa đến hạn',
  inProgressOverdue: 'Đang giải quyết quá hạn',
  refusedAtReception: 'Từ chối tiếp nhận',
  withdrawnBeforeAcceptance: 'Rút hồ sơ trước tiếp nhận',
  receptionCheckLate: 'Tiếp nhận quá 8 giờ làm việc',
  returned: 'Đã trả kết quả',
  returnedOnline: 'Trả kết quả điện tử',
  onlineRate: 'Tỷ lệ tiếp nhận trực tuyến',
  onTimeRate: 'Tỷ lệ giải quyết đúng hạn',
  averageResolutionDays: 'Thời gian giải quyết trung bình (ngày)',
};

const kindOf = (key: FigureKey): ColumnKind =>
  key === 'onlineRate' || key === 'onTimeRate' ? 'rate' : key === 'averageResolutionDays' ? 'days' : 'count';

export const FIGURE_COLUMNS: ReportColumn[] = (Object.keys(FIGURE_LABELS) as FigureKey[]).map((key) => ({
  key,
  label: FIGURE_LABELS[key],
  kind: kindOf(key),
}));

export const CHANNEL_LABELS: Record<string, string> = {
  online: 'Trực tuyến',
  counter: 'Trực tiếp',
  postal: 'Bưu chính công ích',
};

const KEY_COLUMNS: Record<ReportDimension, ReportColumn[]> = {
  unit: [{ key: 'unitCode', label: 'Mã đơn vị', kind: 'text' }],
  procedure: [
    { key: 'procedureCode', label: 'Mã thủ tục', kind: 'text' },
    { key: 'procedureName', label: 'Tên thủ tục hành chính', kind: 'text' },
  ],
  channel: [
    { key: 'channel', label: 'Mã kênh', kind: 'text' },
    { key: 'channelName', label: 'Kênh nộp hồ sơ', kind: 'text' },
  ],
};

/** Key columns for a grouping, then every figure. */
export function reportColumns(groupBy: readonly ReportDimension[]): ReportColumn[] {
  return [...groupBy.flatMap((d) => KEY_COLUMNS[d]), ...FIGURE_COLUMNS];
}

/** One line of a table: key texts and figures by column key. */
export type TableLine = Record<string, string | number | null>;

/** A table ready for CSV or XLSX: its columns, its lines and its totals line (labelled in the first column). */
export interface ReportTable {
  title: string;
  columns: ReportColumn[];
  lines: TableLine[];
  totals: ReportFigures;
}

export const TOTAL_LABEL = 'Tổng cộng';

/** The totals as a line: the label in the first column, other key columns empty. */
export function totalsLine(table: ReportTable): TableLine {
  const line: TableLine = { ...table.totals };
  const keys = table.columns.filter((c) => c.kind === 'text');
  keys.forEach((column, i) => (line[column.key] = i === 0 ? TOTAL_LABEL : null));
  return line;
}
