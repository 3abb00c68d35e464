/**
 * Totals and footer rows of real exports (issue 14.1): a merged title above the header, 合计 with SUM
 * formulas, signature and date lines, blank rows inside the data; both policies.
 */
import { describe, expect, it } from 'vitest';
import { footerKind, SkipReason, sumFormula } from '../../src/workbook/footer-rows.js';
import { recalcOnLoad } from '../../src/workbook/writer.js';
import { zipEntries } from './helpers.js';
import { idFor } from '../helpers/rows.js';
import { byHeader, type Cell, d, exportBook, processed, records } from './exports.js';

const P = idFor('19790618', 123);
const Q = idFor('19800101', 246);

describe('recognising totals and footer rows by their first cell', () => {
  const only = () => true;
  it.each([
    ['合计', SkipReason.Totals],
    ['合 计', SkipReason.Totals],
    ['小计：', SkipReason.Totals],
    ['总计（元）', SkipReason.Totals],
    ['本页合计', SkipReason.Totals],
    ['审核人：张三', SkipReason.Footer],
    ['制表人', SkipReason.Footer],
    ['负责人：', SkipReason.Footer],
    ['制表日期：2024-03-31', SkipReason.Footer],
    ['注：本表由HIS导出', SkipReason.Footer],
    ['2024年3月31日', SkipReason.Footer],
    ['2024-03-31', SkipReason.Footer],
    [' 合计', SkipReason.Totals],
  ])('%s', (text, want) => expect(footerKind(text, only)).toBe(want));

  it.each(['S1', 'JS2024000001', '630102197906185131', '测试张某', '住院', '会计', '合同号', '2024-03-31'])('not %s (a data row’s first cell)', (text) => {
    // A date is a footer only when it is the row's one value.
    expect(footerKind(text, () => false)).toBeUndefined();
  });

  it('reads SUM and SUBTOTAL ranges of a totals row', () => {
    expect(sumFormula('SUM(J3:J102)')).toEqual({ head: 'SUM(', from: 3, to: 102 });
    expect(sumFormula('sum($J$3:$J$9)')).toEqual({ head: 'SUM(', from: 3, to: 9 });
    expect(sumFormula('SUBTOTAL(9,K3:K9)')).toEqual({ head: 'SUBTOTAL(9,', from: 3, to: 9 });
    expect(sumFormula('SUM(J3:J9)*2')).toBeUndefined();
    expect(sumFormula('AVERAGE(J3:J9)')).toBeUndefined();
  });
});

describe('a hospital export: title, merged title, data with a blank row, 合计 with SUM, signature and date lines (xining-2024)', () => {
  const HEAD = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
  const rows: Cell[][] = [
    ['某某医院2024年2月住院结算明细'],
    ['导出时间：2024-03-01'],
    HEAD,
    ['S1', P, '职工', '在职', '住院', '二级', d('2024-02-03'), d('2024-02-15'), 7959.12, 258, 170.75],
    [],
    ['S2', Q, '职工', '在职', '普通门诊', '三级', d('2024-02-20'), null, 300, 0, 0],
    [],
    ['合计', null, null, null, null, null, null, null, { formula: 'SUM(I4:I6)', result: 8259.12 }, { formula: 'SUM(J4:J6)', result: 258 }, { formula: 'SUM(K4:K6)', result: 170.75 }],
    ['审核人：测试甲', null, null, '制表人：测试乙'],
    ['2024年3月1日'],
  ];
  const book = () => exportBook([{ name: '住院结算', rows, merges: ['A1:K1'] }], 'xining-2024');

  it('xlsx: data computed, 合计 and footers 跳过 with 提示, SUM copied for each amount column, blank rows silent', async () => {
    const bytes = await book();
    const { res, wb } = await processed(bytes);
    const ws = wb.getWorksheet('住院结算')!;
    expect(byHeader(ws, 3, 4, '统筹基金支付')).toBe('5584.30');
    expect(byHeader(ws, 3, 4, '状态')).toBe('成功');
    expect(byHeader(ws, 3, 6, '状态')).toBe('成功');
    for (const r of [5, 7]) expect(byHeader(ws, 3, r, '状态'), `blank row ${r}`).toBe('');
    expect(byHeader(ws, 3, 8, '状态')).toBe('跳过');
    expect(byHeader(ws, 3, 8, '提示')).toBe('合计行，未计算 / totals row, not computed');
    for (const r of [9, 10]) {
      expect(byHeader(ws, 3, r, '状态')).toBe('跳过');
      expect(byHeader(ws, 3, r, '提示')).toContain('表尾行');
    }
    // The totals row's own cells are untouched; the appended amounts are the same kind of SUM over the same rows.
    expect(ws.getCell('A8').value).toBe('合计');
    expect(ws.getCell('I8').value).toMatchObject({ formula: 'SUM(I4:I6)' });
    const heads: string[] = [];
    ws.getRow(3).eachCell((c, col) => (heads[col] = String(c.value)));
    const fundCol = heads.indexOf('统筹基金支付');
    const letter = ws.getColumn(fundCol).letter;
    expect(ws.getCell(8, fundCol).value).toMatchObject({ formula: `SUM(${letter}4:${letter}6)` });
    expect(ws.getCell(8, heads.indexOf('年度累计统筹支付')).value ?? null).toBeNull(); // a running total is not summed
    expect(ws.getCell('A1').value).toBe('某某医院2024年2月住院结算明细');
    expect(ws.getCell('A9').value).toBe('审核人：测试甲');
    // Excel computes the copied formulas when it opens the file.
    expect((await zipEntries(res.body!)).get('xl/workbook.xml')!.toString('utf8')).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
    expect(res.summary).toMatchObject({ rows: 2, skipped: 3, byStatus: { ok: 2, warning: 0, error: 0 } });
    const summary = wb.getWorksheet('汇总')!;
    let skippedLine: unknown;
    summary.eachRow((row) => {
      if (row.getCell(1).value === '跳过') skippedLine = row.getCell(2).value;
    });
    expect(skippedLine).toBe(3);
    // Processed again, the result reads the same: the same rows computed and skipped, the formulas rewritten in place.
    const again = await processed(res.body!);
    expect(again.res.summary).toMatchObject({ rows: 2, skipped: 3 });
    expect(again.wb.getWorksheet('住院结算')!.getCell(8, fundCol).value).toMatchObject({ formula: `SUM(${letter}4:${letter}6)` });
  });

  it('JSON: every input row once, the skipped ones with status skipped and their cells as they are', async () => {
    const { res } = await processed(await book(), { format: 'json' });
    const recs = records(res);
    expect(recs.map((r) => [r['row'], r['status']])).toEqual([
      [4, 'ok'],
      [6, 'ok'],
      [8, 'skipped'],
      [9, 'skipped'],
      [10, 'skipped'],
    ]);
    expect(recs[2]).toMatchObject({ settlementId: '合计', totalCost: 8259.12, messages: '合计行，未计算 / totals row, not computed', fundPaid: null, sheet: '住院结算' });
    expect(recs[3]).toMatchObject({ settlementId: '审核人：测试甲', scheme: null, employmentStatus: '制表人：测试乙' });
  });

  it('a row after the data and blank rows without any required value is skipped too; one with them is data', async () => {
    const tail: Cell[][] = [...rows.slice(0, 6), [], [null, null, null, null, null, null, null, null, null, 12.5], ['S3', Q, '职工', '在职', '普通门诊', '三级', d('2024-02-21'), null, 100, 0, 0]];
    const { res } = await processed(await exportBook([{ name: '住院结算', rows: tail }], 'xining-2024'), { format: 'json' });
    expect(records(res).map((r) => [r['row'], r['status']])).toEqual([
      [4, 'ok'],
      [6, 'ok'],
      [8, 'skipped'],
      [9, 'ok'],
    ]);
  });
});

describe('an HR contribution sheet with 小计 and a signature line (dongying-2018)', () => {
  it('computes the people, skips 小计 (SUM over the wage column copied to the amounts) and the signature', async () => {
    const rows: Cell[][] = [
      ['2020年3月职工医疗保险缴费核定表'],
      ['身份证号', '姓名', '人员类别', '缴费工资', '单位类型', '所属期'],
      [P, '测试甲', '在职', 5000, '企业', '2020-03'],
      [Q, '测试乙', '在职', 6000, '企业', '2020-03'],
      ['小计', null, null, { formula: 'SUM(D3:D4)', result: 11000 }],
      ['单位负责人：', null, '经办人：'],
    ];
    const bytes = await exportBook([{ name: '3月', rows, merges: ['A1:F1'] }], 'dongying-2018');
    const { res, wb } = await processed(bytes, { overrides: { 'dongying.averageWage.monthly': '6500' } });
    expect(res.summary).toMatchObject({ rows: 2, skipped: 2 });
    const ws = wb.getWorksheet('3月')!;
    expect(byHeader(ws, 2, 3, '状态')).not.toBe('错误');
    expect(byHeader(ws, 2, 5, '状态')).toBe('跳过');
    expect(byHeader(ws, 2, 6, '状态')).toBe('跳过');
    const heads: string[] = [];
    ws.getRow(2).eachCell((c, col) => (heads[col] = String(c.value)));
    const col = heads.indexOf('单位缴费');
    const letter = ws.getColumn(col).letter;
    expect(ws.getCell(5, col).value).toMatchObject({ formula: `SUM(${letter}3:${letter}4)` });
  });
});

describe('recalcOnLoad: the workbook asks Excel to compute the copied formulas', () => {
  it('sets fullCalcOnLoad on an existing calcPr, or adds one at its schema place', () => {
    expect(recalcOnLoad('<workbook><sheets/><calcPr calcId="171027"/></workbook>')).toBe('<workbook><sheets/><calcPr fullCalcOnLoad="1" calcId="171027"/></workbook>');
    expect(recalcOnLoad('<workbook><sheets/><calcPr fullCalcOnLoad="0"/></workbook>')).toBe('<workbook><sheets/><calcPr fullCalcOnLoad="1"/></workbook>');
    expect(recalcOnLoad('<workbook><sheets/><definedNames/><extLst/></workbook>')).toBe('<workbook><sheets/><definedNames/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>');
    expect(recalcOnLoad('<x:workbook><x:sheets/></x:workbook>')).toBe('<x:workbook><x:sheets/><x:calcPr fullCalcOnLoad="1"/></x:workbook>');
  });
});
