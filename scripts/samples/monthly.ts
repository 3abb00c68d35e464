/**
 * The monthly sample (issue 14.2): the Xining settlement sample as a HIS exports it month by month — one
 * sheet per month of settlement (出院日期 for a stay, else 就诊日期), each under a merged title row and ending
 * with a blank row, a 合计 row that sums the amounts (SUM formulas with their values) and a signature line.
 * yibao computes every sheet as one batch (year-to-date across the months) and leaves those rows alone.
 */
import type ExcelJS from 'exceljs';
import { kindDef } from '../../src/kinds/index.js';
import { D, ZERO } from '../../src/money.js';
import type { PolicyId } from '../../src/rules/types.js';
import { addDataSheet, newWorkbook, type SheetRow } from '../../src/templates/sheet.js';
import { NOTE } from './fixtures.js';

/** The amount columns the 合计 row sums. */
const SUMMED = ['totalCost', 'fullySelfPaid', 'classBSelfPay', 'hisFundPaid'];

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s; // int: column index
  return s;
}

/** The month (1–12) a settlement row belongs to; a row whose dates do not parse goes to December. */
function monthOf(row: SheetRow): number {
  const date = String(row['dischargeDate'] || row['visitDate'] || '');
  const m = /^\d{4}-(\d{2})-\d{2}$/.exec(date);
  const month = m ? Number(m[1]) : 12;
  return month >= 1 && month <= 12 ? month : 12;
}

/** The monthly workbook of `rows` (settlements of one policy); `addParams` adds its 参数 sheet. */
export function monthlySettlements(policy: PolicyId, rows: readonly SheetRow[], addParams: (wb: ExcelJS.Workbook) => void): ExcelJS.Workbook {
  const kind = kindDef('settlements');
  const workbook = newWorkbook(`${kind.zh}月度样例（${policy}）`);
  const byMonth = new Map<number, SheetRow[]>();
  for (const r of rows) byMonth.set(monthOf(r), [...(byMonth.get(monthOf(r)) ?? []), r]);
  for (const month of [...byMonth.keys()].sort((a, b) => a - b)) {
    const monthRows = byMonth.get(month)!;
    const ws = addDataSheet(workbook, kind, monthRows, { extras: [NOTE], dropEmpty: true, columnsOf: rows, name: `${month}月`, title: `2024年${month}月医疗费用结算明细`, validationRows: monthRows.length });
    const last = monthRows.length + 2; // int: title and header rows above the data
    const totals = ws.getRow(last + 2); // int: after one blank row
    totals.getCell(1).value = '合计';
    for (const key of SUMMED) {
      const col = ws.columns.findIndex((c) => c.key === key) + 1; // int: 1-based column
      if (col === 0) continue;
      const letter = columnLetter(col);
      const sum = monthRows.reduce((a, r) => (r[key] === undefined || r[key] === '' ? a : a.plus(D(String(r[key])))), ZERO);
      totals.getCell(col).value = { formula: `SUM(${letter}3:${letter}${last})`, result: sum.toNumber() };
      totals.getCell(col).numFmt = '#,##0.00';
    }
    totals.font = { bold: true };
    const sign = ws.getRow(last + 3); // int
    sign.getCell(1).value = '制表人：测试';
    sign.getCell(4).value = '审核人：';
    sign.getCell(7).value = `制表日期：2024-${String(month).padStart(2, '0')}-28`;
  }
  addParams(workbook);
  return workbook;
}
