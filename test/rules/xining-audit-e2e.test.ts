/**
 * Audit (xining-2024) end to end: workbooks built with exceljs, 参数 sheet 政策=xining-2024, through
 * processWorkbook; the values in the returned workbook's result columns are computed by hand from the handbook.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { processWorkbook } from '../../src/pipeline/process.js';
import { idFor } from '../helpers/rows.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function book(sheet: string, headers: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  const p = wb.addWorksheet('参数');
  p.addRow(['参数', '值']);
  p.addRow(['政策', 'xining-2024']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Table {
  /** header text → column number in the returned data sheet */
  col: Map<string, number>;
  ws: ExcelJS.Worksheet;
  wb: ExcelJS.Workbook;
}

async function processed(buf: Buffer, sheet: string): Promise<{ t: Table; policy: string }> {
  const res = await processWorkbook({ source: { bytes: buf, name: 'audit.xlsx' } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body! as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet)!;
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((c, n) => col.set(String(c.value).trim(), n));
  return { t: { col, ws, wb }, policy: res.policy };
}

function cell(t: Table, row: number, header: string): string {
  const n = t.col.get(header);
  if (n === undefined) throw new Error(`no column ${header}: ${[...t.col.keys()].join(',')}`);
  const v = t.ws.getCell(row, n).value;
  if (typeof v === 'number') return v.toFixed(2);
  return v === null || v === undefined ? '' : String(v);
}

const P = idFor('19800101', 123);
const Q = idFor('19700101', 246);
const R = idFor('19650101', 111);

describe('settlements workbook (xining-2024 from the 参数 sheet) → result columns', () => {
  const headers = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '救助类别', '公务员医疗补助'];
  const rows = [
    // 张某 (二(二)4(5)): (7959.12 − 258 − 170.75 − 550) × 80% = 5584.296 → 5584.30; patient 7959.12 − 5584.30 = 2374.82.
    ['S1', P, '职工', '在职', '住院', '二级', d('2024-02-03'), d('2024-02-15'), 7959.12, 258, 170.75, '', ''],
    // 居民 低保 三级: (17500 − 1500) × 70% = 11200; burden 6300 → CI (6300 − 6000) × 85% = 255 (tilt);
    // assistance (6300 − 255) × 80% = 4836; patient 17500 − 11200 − 255 − 4836 = 1209.
    ['S2', Q, '居民', '', '住院', '三级', d('2024-02-01'), d('2024-02-20'), 17500, 0, 0, '低保', ''],
    // R 在职 三级 civil servant, listed out of date order (General 6: S4 is the 1st admission, S3 the 2nd).
    // S3 = 2nd: 起付线 650; (20000 − 650) × 75% = 14512.50; burden 5487.50; year 5562.50 + 5487.50 = 11050
    //   → CI (11050 − 7000) × 85% = 3442.50 (nothing paid before); civil servant (5487.50 − 3442.50) × 80% = 1636.00;
    //   patient 20000 − 14512.50 − 3442.50 − 1636.00 = 409.00.
    ['S3', R, '职工', '在职', '住院', '三级', d('2024-06-01'), d('2024-06-10'), 20000, 0, 0, '', '是'],
    // S4 = 1st: 起付线 750; (20000 − 750) × 75% = 14437.50; burden 5562.50 ≤ 7000 → CI 0;
    //   civil servant 5562.50 × 80% = 4450.00; patient 20000 − 14437.50 − 4450.00 = 1112.50.
    ['S4', R, '职工', '在职', '住院', '三级', d('2024-03-01'), d('2024-03-10'), 20000, 0, 0, '', '是'],
    // 药店 is no inpatient level: 错误 naming the column.
    ['S5', P, '职工', '在职', '住院', '药店', d('2024-04-01'), d('2024-04-03'), 1000, 0, 0, '', ''],
  ];
  const expected: Record<string, Record<string, string>> = {
    S1: { 政策范围内费用: '7530.37', 起付线: '550.00', 统筹基金支付: '5584.30', 大病保险支付: '0.00', 基金支付合计: '5584.30', 个人负担: '2374.82', 本年住院次数: '1.00', 状态: '成功' },
    S2: { 起付线: '1500.00', 统筹基金支付: '11200.00', 大病保险支付: '255.00', 医疗救助支付: '4836.00', 基金支付合计: '16291.00', 个人负担: '1209.00', 状态: '成功' },
    S3: { 起付线: '650.00', 统筹基金支付: '14512.50', 大病保险支付: '3442.50', 公务员医疗补助支付: '1636.00', 个人负担: '409.00', 本年住院次数: '2.00', 年度累计统筹支付: '28950.00' },
    S4: { 起付线: '750.00', 统筹基金支付: '14437.50', 大病保险支付: '0.00', 公务员医疗补助支付: '4450.00', 个人负担: '1112.50', 本年住院次数: '1.00', 年度累计统筹支付: '14437.50' },
    S5: { 状态: '错误' },
  };

  it('values, 状态 and 计算依据 per row', async () => {
    const { t, policy } = await processed(await book('结算', headers, rows), '结算');
    expect(policy).toBe('xining-2024');
    for (let r = 2; r <= rows.length + 1; r++) { // int
      const id = cell(t, r, '结算号');
      for (const [h, v] of Object.entries(expected[id]!)) expect(cell(t, r, h), `${id} ${h}`).toBe(v);
    }
    const basis = (r: number) => cell(t, r, '计算依据');
    expect(basis(2)).toBe('起付线550(二(二)4(1)·二级·年度第1次)；(7959.12-258-170.75-550)×80%=5584.30(二(二)4(1))');
    expect(basis(3)).toContain('(17500-0-0-1500)×70%=11200.00(一(二)4(1))');
    expect(basis(3)).toMatch(/超过6000部分×85%=255\.00.*一\(二\)4\(2\)/);
    expect(basis(3)).toContain('(一(二)5)');
    expect(basis(4)).toContain('年度第2次');
    expect(basis(4)).toContain('5562.5+5487.5=11050，超过7000部分×85%=3442.50，本次支付3442.50(二(二)4(2))');
    expect(basis(4)).toContain('(二(二)4(3))');
    expect(cell(t, 6, '提示')).toContain('医院等级');
    expect(cell(t, 6, '提示')).toContain('药店');
  });
});

describe('contributions workbook (xining-2024) → result columns', () => {
  const headers = ['身份证号', '人员类别', '缴费工资', '月养老金', '单位类型', '缴费档次', '年度首次缴费', '所属期'];
  const rows = [
    // 6000 × 6% = 360, × 2% = 120, 企业 × 0.9% = 54, first payment +40 → 574.00.
    [P, '在职', 6000, '', '企业', '', '是', '2024-01'],
    // 4817.25 × 6% = 289.035 → 289.04; × 2% = 96.345 → 96.35; 机关 × 0.5% = 24.08625 → 24.09; 409.48.
    [Q, '在职', 4817.25, '', '机关', '', '否', '2024-02'],
    // 5000: 300 + 100 + 自收自支事业 0.9% 45 = 445.00; 差额拨款事业 0.5% 25 → 425.00.
    [R, '在职', 5000, '', '自收自支事业', '', '否', '2024-02'],
    [R, '在职', 5000, '', '差额拨款事业', '', '否', '2024-03'],
    // 8029 × 4.2% = 337.218 → 337.22, all pooled, no account.
    [idFor('19850101', 135), '灵活就业', '', '', '', '4.2%', '否', '2024-02'],
    // 8029 × 8% = 642.32 + 40 = 682.32.
    [idFor('19860101', 136), '灵活就业', '', '', '', '8%', '是', '2024-01'],
    // retiree: only the 60 premium; account 90.
    [idFor('19500101', 137), '退休', '', 3000, '', '', '是', '2024-01'],
  ];
  const expected: Record<string, string>[] = [
    { 单位缴费: '360.00', 个人缴费: '120.00', 生育保险费: '54.00', 大病保险费: '40.00', 应缴合计: '574.00', 状态: '成功' },
    { 单位缴费: '289.04', 个人缴费: '96.35', 生育保险费: '24.09', 大病保险费: '0.00', 应缴合计: '409.48' },
    { 生育保险费: '45.00', 应缴合计: '445.00' },
    { 生育保险费: '25.00', 应缴合计: '425.00' },
    { 缴费基数: '8029.00', 个人缴费: '337.22', 划入个人账户: '0.00', 划入统筹基金: '337.22', 应缴合计: '337.22', 状态: '成功' },
    { 个人缴费: '642.32', 大病保险费: '40.00', 应缴合计: '682.32' },
    { 大病保险费: '60.00', 划入个人账户: '90.00', 应缴合计: '60.00' },
  ];

  it('values and 计算依据 per row', async () => {
    const { t, policy } = await processed(await book('缴费', headers, rows), '缴费');
    expect(policy).toBe('xining-2024');
    expected.forEach((exp, i) => {
      for (const [h, v] of Object.entries(exp)) expect(cell(t, i + 2, h), `row ${i + 2} ${h}`).toBe(v);
    });
    expect(cell(t, 2, '计算依据')).toContain('(二(一)2(1))');
    expect(cell(t, 2, '计算依据')).toContain('三(一)');
    expect(cell(t, 2, '计算依据')).toContain('大病保险费40');
    expect(cell(t, 6, '计算依据')).toContain('8029×4.2%=337.22(二(一)2(2))');
    expect(cell(t, 8, '计算依据')).toContain('六(四)3');
  });
});
