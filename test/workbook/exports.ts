/** Workbooks shaped like real exports (title rows, merged titles, totals, footers, several sheets), built with exceljs. */
import ExcelJS from 'exceljs';
import { processWorkbook } from '../../src/pipeline/process.js';
import type { ProcessRequest, ProcessResult } from '../../src/pipeline/types.js';
import { loadExcel, plain } from './helpers.js';

export type Cell = string | number | Date | { formula: string; result?: number } | null | undefined;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Ranges to merge, e.g. `A1:H1`. */
  merges?: string[];
}

export const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** A workbook of the given sheets, then a 参数 sheet naming the policy when given. */
export async function exportBook(sheets: SheetSpec[], policy?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = d('2024-01-01');
  wb.modified = d('2024-01-01');
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) =>
      r.forEach((v, j) => {
        if (v === null || v === undefined) return;
        ws.getCell(i + 1, j + 1).value = v as ExcelJS.CellValue;
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  if (policy) {
    const p = wb.addWorksheet('参数');
    p.addRow(['参数', '值']);
    p.addRow(['政策', policy]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A processed result: the ProcessResult and, for xlsx, the workbook read back (an empty one otherwise). */
export async function processed(bytes: Buffer, req: Partial<ProcessRequest> = {}): Promise<{ res: ProcessResult; wb: ExcelJS.Workbook }> {
  const res = await processWorkbook({ source: { bytes, name: 'export.xlsx' }, ...req });
  return { res, wb: res.format === 'xlsx' ? await loadExcel(res.body!) : new ExcelJS.Workbook() };
}

/** The header texts of a row of a sheet, by column (1-based; undefined where empty). */
export function headerRow(ws: ExcelJS.Worksheet, row: number): string[] {
  const out: string[] = [];
  ws.getRow(row).eachCell((c, col) => (out[col - 1] = String(plain(c.value))));
  return out;
}

/** A cell of a row by its header's text in `headerRowNo` ('' when blank); numbers with 2 decimals. */
export function byHeader(ws: ExcelJS.Worksheet, headerRowNo: number, row: number, header: string): string {
  const col = headerRow(ws, headerRowNo).indexOf(header) + 1; // int
  if (col === 0) throw new Error(`no column ${header} in ${headerRow(ws, headerRowNo).join(',')}`);
  const v = plain(ws.getCell(row, col).value);
  if (typeof v === 'number') return v.toFixed(2);
  return v === null || v === undefined ? '' : String(v);
}

/** Records of a JSON result. */
export function records(res: ProcessResult): Record<string, unknown>[] {
  return JSON.parse(res.body!.toString('utf8')) as Record<string, unknown>[];
}
