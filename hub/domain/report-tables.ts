// Reports as tables (header + rows) for CSV and XLSX, in the reader's language. Pure: the rows
// come from hub/store/reports.ts, the bytes are made in hub/server/report-files.ts.

export interface Table {
  /** Sheet name / file stem, ASCII. */
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
}

/** A CSV field: quoted when needed; a leading = + - @ is neutralised so Excel never runs it as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with a BOM (Excel then opens Chinese correctly), CRLF line ends (RFC 4180). */
export function toCsv(table: Table): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);
