// Report downloads: one table as CSV, every table as sheets of one XLSX workbook (exceljs).
import ExcelJS from 'exceljs';
import { toCsv, type Table } from '../domain/report-tables';
import type { FileAnswer } from './server';

export function csvFile(table: Table, stem: string): FileAnswer {
  return { file: Buffer.from(toCsv(table), 'utf8'), contentType: 'text/csv; charset=utf-8', filename: `${stem}-${table.name}.csv` };
}

export async function xlsxFile(tables: Table[], stem: string): Promise<FileAnswer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Civic Cabinet hub';
  for (const t of tables) {
    const sheet = book.addWorksheet(t.name.slice(0, 31));
    sheet.addRow(t.headers).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row);
    sheet.columns.forEach((c) => (c.width = 18));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const data = await book.xlsx.writeBuffer();
  return { file: Buffer.from(data as ArrayBuffer), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `${stem}.xlsx` };
}
