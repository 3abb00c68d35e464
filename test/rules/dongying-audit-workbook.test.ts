/**
 * Dongying 2018 end to end: workbooks built with exceljs, a 参数 sheet naming the policy and the
 * provincial average wage, processWorkbook, and the result columns read back by header.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { processWorkbook } from '../../src/pipeline/process.js';
import { idFor } from '../helpers/rows.js';

const A = idFor('19800101', 123);
const B = idFor('19650303', 135);

async function book(sheet: string, headers: string[], rows: (string | number)[][], params: [string, string | number][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  const ps = wb.addWorksheet('参数');
  ps.addRow(['参数', '值']);
  for (const p of params) ps.addRow(p);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Result values of the data sheet by header text, one record per data row. */
async function results(buf: Buffer, sheet: string): Promise<Record<string, unknown>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet)!;
  const head = new Map<number, string>();
  ws.getRow(1).eachCell((c, i) => head.set(i, String(c.value).trim()));
  const out: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const rec: Record<string, unknown> = {};
    for (const [i, h] of head) {
      const v = ws.getCell(r, i).value;
      rec[h] = v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
    }
    out.push(rec);
  }
  return out;
}

/** The first header starting with the column name (a unit may follow). */
const col = (rec: Record<string, unknown>, zh: string): unknown => rec[Object.keys(rec).find((k) => k === zh || k.startsWith(`${zh}（`) || k.startsWith(`${zh}(`)) ?? zh];

describe('settlements workbook (dongying-2018 from the 参数 sheet)', () => {
  it('writes the hand-computed payments into the result columns', async () => {
    const headers = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类费用', '公务员医疗补助', '年缴费基数', '既往统筹支付'];
    const rows: (string | number)[][] = [
      // A, 2020 2nd (by 出院日期): 三级 D 800; pb 10000 × 10% = 1000; E 50000 − 2000 − 1000 = 47000;
      // (47000 − 800) × 85% = 39270.00; civil servant: burden 2800 + 8730 = 11530 − 6000 = 5530 × 95% = 5253.50
      ['S1', A, '职工', '在职', '住院', '三级', '2020-05-01', '2020-05-10', 50000, 2000, 10000, '是', 60000, ''],
      // A, 2020 1st: 二级 D 500; pb 500; E 18500; (18500 − 500) × 90% = 16200.00; burden 2800 → civil servant 0
      ['S2', A, '职工', '在职', '住院', '二级', '2020-03-01', '2020-03-10', 20000, 1000, 5000, '是', 60000, ''],
      // B, 2019-12-28..2020-01-02 → 2020, seeded 既往统筹支付 199,500: room 500 → fund 500.00;
      // large-medical (9500 − 500 ÷ 90%) × 95% = (9500 − 555.555…) × 95% = 8497.222… → 8497.22; patient 10000 − 500 − 8497.22 = 1002.78
      ['S3', B, '职工', '退休', '住院', '二级', '2019-12-28', '2020-01-02', 10000, 0, '', '', '', 199500],
      // B, 2019: its own year, 1st admission: (1500 − 500) × 90% = 900.00
      ['S4', B, '职工', '退休', '住院', '二级', '2019-06-01', '2019-06-05', 1500, 0, '', '', '', ''],
    ];
    const buf = await book('结算明细', headers, rows, [['政策', 'dongying-2018'], ['上年度全省职工月平均工资', 6000]]);
    const res = await processWorkbook({ source: { bytes: buf, name: 'dy.xlsx' } });
    expect(res.policy).toBe('dongying-2018');
    expect(res.kind).toBe('settlements');
    const out = await results(res.body!, '结算明细');
    const v = (i: number, zh: string) => Number(col(out[i]!, zh));
    expect([v(0, '统筹基金支付'), v(0, '公务员医疗补助支付'), v(0, '基金支付合计'), v(0, '个人负担'), v(0, '本年住院次数')]).toEqual([39270, 5253.5, 44523.5, 5476.5, 2]);
    expect([v(1, '政策范围内费用'), v(1, '起付线'), v(1, '统筹基金支付'), v(1, '公务员医疗补助支付'), v(1, '个人负担')]).toEqual([18500, 500, 16200, 0, 3800]);
    expect([v(2, '统筹基金支付'), v(2, '大额医疗补助支付'), v(2, '个人负担'), v(2, '本年住院次数'), v(2, '年度累计统筹支付')]).toEqual([500, 8497.22, 1002.78, 1, 200000]);
    expect([v(3, '统筹基金支付'), v(3, '本年住院次数')]).toEqual([900, 1]);
    expect(out.map((r) => col(r, '状态'))).toEqual(['成功', '成功', '成功', '成功']);
    const basis = String(col(out[0]!, '计算依据'));
    expect(basis).toContain('第三十七条');
    expect(basis).toContain('按本系统约定');
  });
});

describe('contributions workbook (dongying-2018, average wage from the 参数 sheet)', () => {
  it('clamps to 60%/300% of 6000 and totals every part', async () => {
    const headers = ['身份证号', '人员类别', '缴费工资', '自选缴费基数', '月养老金', '公务员医疗补助', '大额医疗补助', '所属期', '欠缴金额', '欠缴起始日期', '缴纳日期'];
    const rows: (string | number)[][] = [
      // base min(20000, 18000) = 18000: unit 1170.00, personal 360.00, account 486 + 360 = 846.00, 5.00,
      // civil servant 5% × 20000 = 1000.00, late fee 1000 × 0.05% × 30 = 15.00 → 2550.00
      [A, '在职', 20000, '', '', '是', '', '2020-05', 1000, '2020-05-01', '2020-05-31'],
      // base max(3000, 3600) = 3600 (按下限60%): unit 234.00, personal 72.00, age 55 → 4.2% = 151.20, 5.00 → 311.00
      [B, '在职', 3000, '', '', '', '', '2020-05', '', '', ''],
      // flexible 2000 → 3600 (警告): 8.5% = 306.00, no large-medical → 306.00
      [A, '灵活就业', '', 2000, '', '', '否', '2020-06', '', '', ''],
    ];
    const buf = await book('缴费明细', headers, rows, [['政策', 'dongying-2018'], ['上年度全省职工月平均工资', 6000]]);
    const res = await processWorkbook({ source: { bytes: buf, name: 'jf.xlsx' } });
    expect(res.kind).toBe('contributions');
    const out = await results(res.body!, '缴费明细');
    const v = (i: number, zh: string) => Number(col(out[i]!, zh));
    expect([v(0, '缴费基数'), v(0, '单位缴费'), v(0, '个人缴费'), v(0, '划入个人账户'), v(0, '公务员医疗补助费'), v(0, '滞纳金'), v(0, '应缴合计')]).toEqual([18000, 1170, 360, 846, 1000, 15, 2550]);
    expect(col(out[0]!, '基数调整')).toBe('按上限300%');
    expect([v(1, '缴费基数'), v(1, '单位缴费'), v(1, '个人缴费'), v(1, '划入个人账户'), v(1, '划入统筹基金'), v(1, '应缴合计')]).toEqual([3600, 234, 72, 151.2, 154.8, 311]);
    expect(col(out[1]!, '基数调整')).toBe('按下限60%');
    expect([v(2, '缴费基数'), v(2, '个人缴费'), v(2, '大额医疗补助费'), v(2, '应缴合计')]).toEqual([3600, 306, 0, 306]);
    expect(out.map((r) => col(r, '状态'))).toEqual(['成功', '成功', '警告']);
  });

  it('without the average wage every row is 错误 naming dongying.averageWage.monthly', async () => {
    const buf = await book('缴费明细', ['身份证号', '人员类别', '缴费工资', '所属期'], [[A, '在职', 6000, '2020-05']], [['政策', 'dongying-2018']]);
    const out = await results((await processWorkbook({ source: { bytes: buf, name: 'jf.xlsx' } })).body!, '缴费明细');
    expect(col(out[0]!, '状态')).toBe('错误');
    expect(String(col(out[0]!, '提示'))).toContain('dongying.averageWage.monthly');
  });
});
