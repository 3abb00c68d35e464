/** Fixture workbooks built with exceljs in the tests (nothing binary is checked in). */
import ExcelJS from 'exceljs';
import { idFor } from '../helpers/rows.js';

export const GOOD_ID = idFor('19800101', 123);
export const OTHER_ID = idFor('19750615', 222);
/** GOOD_ID with a wrong check digit. */
export const BAD_ID = GOOD_ID.slice(0, 17) + (GOOD_ID[17] === '1' ? '2' : '1');

export interface FixtureOptions {
  /** Header texts, in column order (default: a mix of full-width, spaces, units and aliases). */
  headers?: string[];
  rows?: (string | number | Date | { formula: string; result: number | string } | null)[][];
  /** 参数 sheet rows (参数 | 值); none when absent. */
  params?: [string, string | number][];
  /** Put a 说明 sheet before the data sheet. */
  leadingSheet?: boolean;
  /** The user's own note on the 结算号 header (default true). */
  note?: boolean;
  /** Use the 1904 date system (old Mac Excel). */
  date1904?: boolean;
  /** Extra sheets after the data sheet (name → rows). */
  extraSheets?: Record<string, unknown[][]>;
}

export const DEFAULT_HEADERS = ['结算号', ' 身份证号 ', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用（元）', '全自费金额', '部分政策自付', '备注'];

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

export const DEFAULT_ROWS: FixtureOptions['rows'] = [
  ['S1', GOOD_ID, '张某', '职工', '在职', '住院', '二级', d('2024-02-03'), d('2024-02-15'), 7959.12, { formula: '200+58', result: 258 }, 170.75, '手册案例'],
  ['S2', BAD_ID, '李某', '职工', '在职', '住院', '二级', d('2024-03-01'), d('2024-03-05'), 3000, 0, 0, '身份证校验位错'],
  ['S3', OTHER_ID, '王某', '职工', '退休', '住院', '四级', d('2024-03-01'), d('2024-03-05'), 3000, 0, 0, '医院等级错'],
  [],
  ['S4', GOOD_ID, '张某', '职工', '在职', '住院', '三级', d('2024-05-01'), d('2024-05-10'), 12000.5, 100, 200, '=第二次住院'],
];

export async function buildFixture(opts: FixtureOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fixture';
  wb.created = new Date('2024-01-01T00:00:00Z');
  wb.modified = new Date('2024-01-01T00:00:00Z');
  if (opts.date1904) wb.properties.date1904 = true;
  if (opts.leadingSheet !== false) {
    const info = wb.addWorksheet('说明');
    info.getCell('A1').value = '本工作簿为测试数据';
    info.mergeCells('A1:D1');
    info.getCell('A2').value = 42;
    info.getCell('B2').value = { formula: 'A2*2', result: 84 };
  }
  const ws = wb.addWorksheet('结算明细', { views: [{ state: 'frozen', ySplit: 2 }] });
  const headers = opts.headers ?? DEFAULT_HEADERS;
  ws.getCell('A1').value = '2024年结算批次';
  ws.mergeCells('A1:E1');
  ws.getCell('A1').font = { bold: true, size: 14 };
  headers.forEach((h, i) => {
    const c = ws.getCell(2, i + 1);
    c.value = h;
    c.font = { bold: true, color: { argb: 'FF1F4E79' } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    c.border = { bottom: { style: 'thin' } };
  });
  if (opts.note !== false) ws.getCell(2, 1).note = '结算单号，批次内唯一';
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 22;
  const rows = opts.rows ?? DEFAULT_ROWS ?? [];
  rows.forEach((r, ri) => {
    r.forEach((v, ci) => {
      if (v === null || v === undefined) return;
      const c = ws.getCell(3 + ri, ci + 1);
      c.value = v as ExcelJS.CellValue;
      if (v instanceof Date) c.numFmt = 'yyyy-mm-dd';
      if (typeof v === 'number') c.numFmt = '#,##0.00';
    });
  });
  for (let r = 3; r < 3 + rows.length; r++) {
    ws.getCell(r, 4).dataValidation = { type: 'list', allowBlank: true, formulae: ['"职工,居民"'] };
  }
  wb.definedNames.add(`'结算明细'!$A$2:$M$${2 + rows.length}`, 'BatchRange');
  for (const [name, rows2] of Object.entries(opts.extraSheets ?? {})) {
    const extra = wb.addWorksheet(name);
    for (const r of rows2) extra.addRow(r);
  }
  if (opts.params) {
    const ps = wb.addWorksheet('参数');
    ps.addRow(['参数', '值']);
    for (const [k, v] of opts.params) ps.addRow([k, v]);
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
