/** Generated settlement workbooks for the streaming tests: scattered dates, many and few persons, bad rows. */
import ExcelJS from 'exceljs';
import { checkDigit } from '../../src/kinds/idcard.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function personId(i: number): string {
  const birth = `19${50 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const first17 = `630102${birth}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

const HEADERS = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '病种', '救助类别', '备注', '既往统筹支付'];
const VISITS = ['住院', '住院', '住院', '普通门诊', '普通门诊', '门诊慢特病', '两病门诊', '特殊药品'];

export interface GenOptions {
  rows: number;
  persons: number;
  seed: number;
  /** Share of rows with a deliberate problem (bad ID, bad date, negative money, duplicate 结算号…). */
  bad?: number;
}

/** An xlsx (as bytes) whose dates are scattered across 2023–2024 in no particular order. */
export async function settlementsWorkbook(o: GenOptions): Promise<Buffer> {
  const r = rng(o.seed);
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2024, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('结算明细');
  ws.addRow(HEADERS);
  for (let i = 0; i < o.rows; i++) {
    const p = Math.floor(r() * o.persons);
    const visit = VISITS[Math.floor(r() * VISITS.length)]!;
    const start = new Date(Date.UTC(2023, 10, 1 + Math.floor(r() * 420)));
    const end = new Date(start.getTime() + (1 + Math.floor(r() * 25)) * 86_400_000);
    const total = Math.round(r() * (visit === '住院' ? 4_000_000 : 90_000)) / 100;
    const row: ExcelJS.CellValue[] = [
      `JS${String(i + 1).padStart(7, '0')}`,
      personId(p),
      `测试${p}`,
      r() < 0.8 ? '职工' : '居民',
      ['在职', '退休', '灵活就业'][Math.floor(r() * 3)]!,
      visit,
      ['一级', '二级', '三级'][Math.floor(r() * 3)]!,
      r() < 0.5 ? start : start.toISOString().slice(0, 10),
      visit === '住院' ? end : null,
      total,
      Math.round(total * r() * 10) / 100,
      Math.round(total * r() * 5) / 100,
      visit === '门诊慢特病' ? '高血压' : visit === '两病门诊' ? '糖尿病' : visit === '特殊药品' ? '肺癌' : null,
      r() < 0.05 ? '低保' : null,
      r() < 0.1 ? '=不是公式' : null,
      r() < 0.08 ? Math.round(r() * 2_000_000) / 100 : null,
    ];
    if (o.bad && r() < o.bad) {
      const k = Math.floor(r() * 5);
      if (k === 0) row[1] = '63010219800101123X'; // wrong check digit
      else if (k === 1) row[7] = '2024-13-45';
      else if (k === 2) row[9] = -5;
      else if (k === 3 && i > 0) row[0] = `JS${String(Math.max(1, i - 3)).padStart(7, '0')}`; // duplicate 结算号
      else row[5] = '急诊';
    }
    ws.addRow(row);
  }
  ws.addRow([]);
  ws.addRow(['合计', null, null, null, null, null, null, null, null, 0]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
