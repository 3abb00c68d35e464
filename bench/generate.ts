/**
 * Generates a settlements workbook (xining-2024, 13 input columns) of N rows with exceljs's streaming
 * writer and shared strings, as a hospital export would look. Deterministic (seeded).
 * Usage: node dist/bench/generate.js <rows> <out.xlsx>
 */
import ExcelJS from 'exceljs';
import { checkDigit } from '../src/kinds/idcard.js';

const HEADERS = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '医院计算统筹支付'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function idNumber(i: number): string {
  const birth = `19${50 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const first17 = `630102${birth}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** `bad`: the share of rows made invalid (a wrong ID check digit, or a negative total), as real exports have some. */
export async function generateSettlements(rows: number, out: string, seed = 1, bad = 0): Promise<void> {
  const r = rng(seed);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true, useStyles: true });
  wb.created = new Date(Date.UTC(2024, 0, 1));
  const ws = wb.addWorksheet('结算明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HEADERS.map((h) => ({ header: h, width: 14 }));
  ws.getRow(1).font = { bold: true };
  const persons = Math.max(1, Math.floor(rows / 5));
  for (let i = 0; i < rows; i++) {
    const p = Math.floor(r() * persons);
    const inpatient = r() < 0.6;
    const day = Math.floor(r() * 330);
    const start = new Date(Date.UTC(2024, 0, 1 + day));
    const end = new Date(start.getTime() + (1 + Math.floor(r() * 20)) * 86_400_000);
    const total = Math.round(r() * (inpatient ? 3_000_000 : 80_000)) / 100;
    const x = Math.round(total * r() * 10) / 100;
    const pb = Math.round(total * r() * 5) / 100;
    const broken = bad > 0 && r() < bad ? (r() < 0.5 ? 'id' : 'total') : undefined;
    const id = idNumber(p);
    ws.addRow([
      `JS${String(i + 1).padStart(8, '0')}`,
      broken === 'id' ? id.slice(0, 17) + (id[17] === '1' ? '2' : '1') : id,
      `测试${p}`,
      '职工',
      r() < 0.7 ? '在职' : '退休',
      inpatient ? '住院' : '普通门诊',
      ['一级', '二级', '三级'][Math.floor(r() * 3)],
      start,
      inpatient ? end : null,
      broken === 'total' ? -total : total,
      x,
      pb,
      null,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

if (process.argv[1]?.endsWith('generate.js')) {
  const [rows, out] = process.argv.slice(2);
  await generateSettlements(Number(rows), out!);
}
