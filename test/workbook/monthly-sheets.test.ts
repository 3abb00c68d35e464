/**
 * One sheet per month (issue 14.2): every sheet with the kind's headers is computed as one batch —
 * year-to-date across them in settlement-date order — each annotated, 汇总 with a line per sheet and the
 * total, JSON/CSV rows naming their sheet; a sheet with the kind's headers is never skipped silently.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamWorkbook } from '../../src/pipeline/stream.js';
import { readParamSheet, resolveSettings } from '../../src/workbook/params-sheet.js';
import { locateDataSheets, WorkbookFile } from '../../src/workbook/reader.js';
import { memorySink } from '../../src/xlsx/zip.js';
import { shardWorkerUrl } from '../../src/pipeline/shards.js';
import { idFor } from '../helpers/rows.js';
import { smallPath } from '../large/small-path.js';
import { byHeader, type Cell, d, exportBook, processed, records } from './exports.js';

const R = idFor('19650101', 111);
const S = idFor('19800101', 123);
const HEAD = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '科室'];

/**
 * The 二月 sheet comes first in the workbook, the 一月 sheet second: R's January stay is still the year's
 * first admission. 三级 在职 (二(二)4(1)): 1st 起付线 750, (20000-750)×75% = 14437.50; 2nd 650,
 * (20000-650)×75% = 14512.50, year to date 28950.00.
 */
function months(extra: { name: string; rows: Cell[][] }[] = []) {
  return exportBook(
    [
      { name: '2月', rows: [['2024年2月结算明细'], HEAD, ['F1', R, '职工', '在职', '住院', '三级', d('2024-02-05'), d('2024-02-14'), 20000, 0, 0, '内科'], ['F2', S, '职工', '在职', '普通门诊', '三级', d('2024-02-20'), null, 300, 0, 0, '外科'], [], ['合计', null, null, null, null, null, null, null, { formula: 'SUM(I3:I4)', result: 20300 }]], merges: ['A1:L1'] },
      { name: '1月', rows: [['2024年1月结算明细'], HEAD, ['J1', R, '职工', '在职', '住院', '三级', d('2024-01-03'), d('2024-01-12'), 20000, 0, 0, '骨科'], [], ['合计', null, null, null, null, null, null, null, { formula: 'SUM(I3:I3)', result: 20000 }], ['制表人：测试']], merges: ['A1:L1'] },
      ...extra,
    ],
    'xining-2024',
  );
}

describe('monthly sheets as one batch (xining-2024)', () => {
  it('year to date across the sheets in date order; each sheet annotated; 汇总 a line per sheet and the total', async () => {
    const { res, wb } = await processed(await months());
    const feb = wb.getWorksheet('2月')!;
    const jan = wb.getWorksheet('1月')!;
    expect(byHeader(jan, 2, 3, '起付线')).toBe('750.00');
    expect(byHeader(jan, 2, 3, '统筹基金支付')).toBe('14437.50');
    expect(byHeader(jan, 2, 3, '本年住院次数')).toBe('1.00');
    expect(byHeader(feb, 2, 3, '起付线')).toBe('650.00');
    expect(byHeader(feb, 2, 3, '统筹基金支付')).toBe('14512.50');
    expect(byHeader(feb, 2, 3, '本年住院次数')).toBe('2.00');
    expect(byHeader(feb, 2, 3, '年度累计统筹支付')).toBe('28950.00');
    expect(byHeader(feb, 2, 4, '状态')).toBe('成功');
    expect(byHeader(feb, 2, 6, '状态')).toBe('跳过');
    expect(byHeader(jan, 2, 5, '状态')).toBe('跳过');
    expect(byHeader(jan, 2, 6, '状态')).toBe('跳过');
    expect(res.summary).toMatchObject({ rows: 3, skipped: 3, byStatus: { ok: 3, warning: 0, error: 0 } });
    expect(res.summary.sheets!.map((l) => [l.sheet, l.rows, l.skipped, l.totals['fundPaid']!.toFixed(2)])).toEqual([
      ['2月', 2, 1, (14512.5 + 150).toFixed(2)], // 普通门诊 三级: 300 × 50% = 150.00 (二(二)1(2))
      ['1月', 1, 2, '14437.50'],
    ]);
    const lines: unknown[][] = [];
    let inTable = false;
    wb.getWorksheet('汇总')!.eachRow((row) => {
      if (row.getCell(1).value === '工作表') inTable = true;
      else if (inTable) {
        lines.push([row.getCell(1).value, row.getCell(2).value, row.getCell(6).value]);
        inTable = row.getCell(1).value !== '合计';
      }
    });
    expect(lines).toEqual([
      ['2月', 2, 1],
      ['1月', 1, 2],
      ['合计', 3, 3],
    ]);
  });

  it('JSON rows carry their sheet, in workbook order, the skipped rows included', async () => {
    const { res } = await processed(await months(), { format: 'json' });
    expect(records(res).map((r) => [r['sheet'], r['row'], r['status'], r['科室'] ?? null])).toEqual([
      ['2月', 3, 'ok', '内科'],
      ['2月', 4, 'ok', '外科'],
      ['2月', 6, 'skipped', null],
      ['1月', 3, 'ok', '骨科'],
      ['1月', 5, 'skipped', null],
      ['1月', 6, 'skipped', null],
    ]);
  });

  it('a sheet with the kind’s headers but not all required ones is reported, not skipped silently', async () => {
    const bytes = await months([{ name: '3月', rows: [HEAD.filter((h) => h !== '医院等级'), ['M1', R, '职工', '在职', '住院', d('2024-03-01'), d('2024-03-09'), 20000, 0, 0, '']] }, { name: '名单', rows: [['身份证号', '姓名'], [R, '测试']] }]);
    const { res, wb } = await processed(bytes);
    expect(res.sheetsNotComputed).toEqual([{ sheet: '3月', headerRow: 1, missing: ['医院等级'] }]);
    let listed: unknown[] | undefined;
    wb.getWorksheet('汇总')!.eachRow((row) => {
      if (row.getCell(1).value === '3月') listed = [row.getCell(2).value, row.getCell(3).value];
    });
    expect(listed).toEqual([1, '医院等级']);
  });

  it.runIf(shardWorkerUrl() !== undefined)('with worker threads, and on the sample: the same bytes as the in-memory reference', async () => {
    // A bad date under the sheet's own 入院日期: the workers name the column as the sheet does, like one engine.
    const bad = { name: '3月', rows: [HEAD, ['B1', S, '职工', '在职', '普通门诊', '三级', '2024-02-31', null, 100, 0, 0, '']] };
    for (const bytes of [await months([bad]), readFileSync(new URL('../../samples/xining-2024/monthly/settlements.xlsx', import.meta.url))]) {
      const wb = await WorkbookFile.open({ bytes });
      try {
        const sink = memorySink();
        const run = await streamWorkbook({ wb, sheets: await locateDataSheets(wb), settings: resolveSettings(await readParamSheet(wb), {}), format: 'xlsx', headers: 'en', sink, shards: { workers: 2, minRows: 0 } });
        expect(run.shards).toBe(2);
        expect(sink.buffer().equals(await smallPath(bytes, undefined))).toBe(true);
      } finally {
        await wb.close();
      }
    }
    const json = await processed(await months([bad]), { format: 'json' });
    expect(records(json.res).find((r) => r['settlementId'] === 'B1')!['messages']).toContain('列「入院日期」的值「2024-02-31」不是有效日期');
  }, 60_000);
});

describe('the Xining monthly sample', () => {
  it('computes like the one-sheet sample: same counts and totals; 合计 and signature rows skipped on every sheet', async () => {
    const one = await processed(readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url)), { format: 'json' });
    const monthly = await processed(readFileSync(new URL('../../samples/xining-2024/monthly/settlements.xlsx', import.meta.url)), { format: 'json' });
    expect(monthly.res.summary.byStatus).toEqual(one.res.summary.byStatus);
    expect(Object.fromEntries(Object.entries(monthly.res.summary.totals).map(([k, v]) => [k, v.toFixed(2)]))).toEqual(Object.fromEntries(Object.entries(one.res.summary.totals).map(([k, v]) => [k, v.toFixed(2)])));
    const sheets = monthly.res.summary.sheets!;
    expect(sheets.length).toBeGreaterThan(6);
    expect(sheets.every((l) => l.skipped === 2)).toBe(true);
    // Every settlement's result is the same whichever sheet it sits on.
    const byId = (rs: Record<string, unknown>[]) => new Map(rs.filter((r) => r['status'] !== 'skipped').map((r) => [r['settlementId'], [r['fundPaid'], r['patientPays'], r['status']]]));
    expect(byId(records(monthly.res))).toEqual(byId(records(one.res)));
  });
});
