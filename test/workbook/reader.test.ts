/** Reading: header normalisation and aliases, kind detection, the 参数 sheet, policy and input errors. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/kinds/index.js';
import { InputError } from '../../src/pipeline/types.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { matchHeader, normalizeHeader } from '../../src/workbook/headers.js';
import { resolveSettings } from '../../src/workbook/params-sheet.js';
import { locateDataSheet, readAllRows, WorkbookFile } from '../../src/workbook/reader.js';
import { buildFixture, DEFAULT_ROWS, GOOD_ID } from './fixture.js';
import { loadExcel } from './helpers.js';
import { expectInputError } from '../helpers/errors.js';

const inputError = expectInputError;

async function workbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('header normalisation', () => {
  it('trims, drops spaces, folds full-width, drops a unit suffix', () => {
    expect(normalizeHeader(' 身份证号 ')).toBe('身份证号');
    expect(normalizeHeader('身 份 证\u3000号')).toBe('身份证号');
    expect(normalizeHeader('医疗总费用（元）')).toBe('医疗总费用');
    expect(normalizeHeader('医疗总费用(元)')).toBe('医疗总费用');
    expect(normalizeHeader('医疗总费用 （ 元 ）')).toBe('医疗总费用');
    expect(normalizeHeader('结算号*')).toBe('结算号');
    expect(normalizeHeader('ＡＢＣ')).toBe('abc');
  });

  it('matches the Chinese header, aliases and the English key', () => {
    const s = KINDS.settlements;
    expect(matchHeader(s, '入院日期')?.key).toBe('visitDate');
    expect(matchHeader(s, '总费用（元）')?.key).toBe('totalCost');
    expect(matchHeader(s, '部分政策自付')?.key).toBe('classBSelfPay');
    expect(matchHeader(s, '公民身份号码')?.key).toBe('idNumber');
    expect(matchHeader(s, 'totalCost')?.key).toBe('totalCost');
    expect(matchHeader(s, '医疗总费')).toBeUndefined();
    expect(matchHeader(s, '备注')).toBeUndefined();
  });
});

describe('finding the data sheet', () => {
  it('skips a leading sheet, finds the header row below a title, maps aliases and keeps unknown columns', async () => {
    const wb = await WorkbookFile.open({ bytes: await buildFixture() });
    try {
      const ds = await locateDataSheet(wb);
      expect(ds.sheet.name).toBe('结算明细');
      expect(ds.kind.id).toBe('settlements');
      expect(ds.headerRow).toBe(2);
      expect(ds.columns.get(2)?.key).toBe('idNumber'); // ' 身份证号 '
      expect(ds.columns.get(8)?.key).toBe('visitDate'); // 入院日期
      expect(ds.columns.get(10)?.key).toBe('totalCost'); // 医疗总费用（元）
      expect(ds.columns.get(12)?.key).toBe('classBSelfPay'); // 部分政策自付
      expect(ds.unused.map((u) => [u.header, u.cell, u.warned])).toEqual([['备注', 'M2', false]]);
      const { rows, stats } = await readAllRows(wb, ds);
      expect(rows.map((r) => r.rowNumber)).toEqual([3, 4, 5, 7]);
      expect(stats.maxCol).toBe(13);
      expect(rows[0]!.raw).toMatchObject({ settlementId: 'S1', idNumber: GOOD_ID, totalCost: 7959.12, fullySelfPaid: 258, classBSelfPay: 170.75, level: '二级' });
      expect(typeof rows[0]!.raw['visitDate']).toBe('number'); // Excel serial, validated as a date later
      expect(rows[0]!.raw['note']).toBeUndefined();
    } finally {
      await wb.close();
    }
  });

  it('reads dates of a 1904-dated workbook right', async () => {
    const buf = await buildFixture({ date1904: true, rows: [DEFAULT_ROWS![0]!] });
    expect((await loadExcel(buf)).properties.date1904).toBe(true);
    const res = await processWorkbook({ source: { bytes: buf }, policy: 'xining-2024', format: 'json' });
    const [rec] = JSON.parse(res.body!.toString('utf8')) as Record<string, unknown>[];
    expect(rec!['visitDate']).toBe('2024-02-03');
    expect(rec!['dischargeDate']).toBe('2024-02-15');
    expect(rec!['fundPaid']).toBe(5584.3);
  });

  it('detects the kind from the headers', async () => {
    const contrib = await workbook({ 职工: [['身份证号', '姓名', '人员类别', '缴费工资（元）', '所属期'], [GOOD_ID, '张某', '在职', 5000, '2024-02']] });
    const wb = await WorkbookFile.open({ bytes: contrib });
    try {
      expect((await locateDataSheet(wb)).kind.id).toBe('contributions');
    } finally {
      await wb.close();
    }
    const refund = await workbook({ 返还: [['身份证号', '姓名', '个人账户余额', '办理日期'], [GOOD_ID, '张某', 1000, '2024-02-01']] });
    const wb2 = await WorkbookFile.open({ bytes: refund });
    try {
      expect((await locateDataSheet(wb2)).kind.id).toBe('account-refund');
    } finally {
      await wb2.close();
    }
  });

  it('names what is missing and what was found', async () => {
    const buf = await workbook({ 数据: [['结算号', '身份证号', '险种', '就诊类型', '就诊日期', '医疗总费用', '备注'], ['S1', GOOD_ID, '职工', '住院', '2024-01-02', 100, 'x']] });
    const e = await inputError(processWorkbook({ source: { bytes: buf }, policy: 'xining-2024', kind: 'settlements' }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('missing-headers');
    expect(e.message).toContain('缺少 医院等级');
    expect(e.message).toContain('找到的列：结算号、身份证号、险种、就诊类型、就诊日期、医疗总费用、备注');
    expect(e.message).toMatch(/lacks 医院等级/);
    const none = await workbook({ 表: [['甲', '乙'], [1, 2]] });
    const e2 = await inputError(processWorkbook({ source: { bytes: none }, policy: 'xining-2024' }));
    expect(e2.status).toBe(400);
    // Label-shaped texts are quoted (quotableCellText); see test/workbook/wrong-headers.test.ts for what is not.
    expect(e2.message).toContain('工作表「表」第1行：「甲」、「乙」');
  });

  it('rejects two columns meaning the same thing', async () => {
    const buf = await workbook({ 数据: [['结算号', '身份证号', '险种', '就诊类型', '医院等级', '就诊日期', '医疗总费用', '总费用']] });
    const e = await inputError(processWorkbook({ source: { bytes: buf }, policy: 'xining-2024' }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('duplicate-header');
    expect(e.message).toContain('医疗总费用');
  });
});

describe('参数 sheet and policy', () => {
  const fundPaidOf = async (buf: Buffer, extra: { policy?: 'xining-2024' | 'dongying-2018'; overrides?: Record<string, string> } = {}) => {
    const res = await processWorkbook({ source: { bytes: buf }, format: 'json', ...extra });
    const recs = JSON.parse(res.body!.toString('utf8')) as Record<string, unknown>[];
    return { res, fundPaid: recs[0]!['fundPaid'] };
  };
  const firstRowOnly = [DEFAULT_ROWS![0]!];

  it('takes the policy and overrides from the 参数 sheet; the request beats the sheet', async () => {
    const buf = await buildFixture({ rows: firstRowOnly, params: [['政策', 'xining-2024'], ['年度', 2024], ['xining.employee.inpatient.ratio.level2.employed', '90%'], ['说明', '本表为测试']] });
    const sheet = await fundPaidOf(buf);
    expect(sheet.res.policy).toBe('xining-2024');
    // (7959.12-258-170.75-550)×90% = 6282.333 → 6282.33
    expect(sheet.fundPaid).toBe(6282.33);
    const req = await fundPaidOf(buf, { overrides: { 'xining.employee.inpatient.ratio.level2.employed': '0.85' } });
    // ×85% = 5933.3145 → 5933.31
    expect(req.fundPaid).toBe(5933.31);
    const noOverride = await fundPaidOf(await buildFixture({ rows: firstRowOnly, params: [['政策', 'xining-2024']] }));
    expect(noOverride.fundPaid).toBe(5584.3);
  });

  it('marks overridden parameters in 计算依据', async () => {
    const buf = await buildFixture({ rows: firstRowOnly, params: [['政策', 'xining-2024'], ['xining.employee.inpatient.ratio.level2.employed', '90%']] });
    const res = await processWorkbook({ source: { bytes: buf } });
    const out = await loadExcel(res.body!);
    const row = out.getWorksheet('计算依据')!.getRows(3, 100)!.find((r) => r.getCell(1).value === 'xining.employee.inpatient.ratio.level2.employed')!;
    expect(row.getCell(3).value).toBe('90%');
    expect(String(row.getCell(8).value)).toMatch(/^是/);
  });

  it('a request policy beats the sheet; an unknown policy is a 400', async () => {
    const buf = await buildFixture({ rows: firstRowOnly, params: [['政策', 'dongying-2018']] });
    expect((await fundPaidOf(buf, { policy: 'xining-2024' })).res.policy).toBe('xining-2024');
    const bad = await buildFixture({ rows: firstRowOnly, params: [['政策', 'beijing-2030']] });
    const e = await inputError(processWorkbook({ source: { bytes: bad } }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('unknown-policy');
  });

  it('no policy anywhere is an InputError with a bilingual message', async () => {
    const e = await inputError(processWorkbook({ source: { bytes: await buildFixture({ rows: firstRowOnly }) } }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('policy-required');
    expect(e.message).toMatch(/未指定政策.*no policy given/);
  });

  it('maps 上年度全省职工月平均工资 to the policy’s average-wage parameter, reads 年度, rejects unknown ids', () => {
    const sheet = (entries: [string, string][]) => ({ sheetName: '参数', entries: entries.map(([key, value], i) => ({ key, value, row: i + 2 })) });
    const x = resolveSettings(sheet([['上年度全省职工月平均工资', '9000'], ['年度', '2024']]), { policy: 'xining-2024' });
    expect(x.overrides.get('xining.averageWage.monthly')?.toString()).toBe('9000');
    expect(x.year).toBe(2024);
    const d = resolveSettings(sheet([['政策', 'dongying-2018'], ['上年度全省职工月平均工资', '6,500.5']]), {});
    expect(d.policy).toBe('dongying-2018');
    expect(d.overrides.get('dongying.averageWage.monthly')?.toString()).toBe('6500.5');
    expect(() => resolveSettings(sheet([['xining.no.such.param', '1']]), { policy: 'xining-2024' })).toThrow(/单元格 A2不是政策 xining-2024 的参数/);
    expect(() => resolveSettings(undefined, { policy: 'xining-2024', overrides: { 'xining.no.such': '1' } })).toThrow(InputError);
    expect(() => resolveSettings(sheet([['xining.employee.inpatient.ratio.level2.employed', 'abc']]), { policy: 'xining-2024' })).toThrow(/不是数字/);
  });
});

describe('files that are not workbooks', () => {
  it('answers 415 with a clear message', async () => {
    const cases: [string, Buffer][] = [
      ['text', Buffer.from('hello, this is not a workbook')],
      ['empty', Buffer.alloc(0)],
      ['ole2 (.xls or encrypted)', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])],
    ];
    const good = await buildFixture();
    cases.push(['truncated', good.subarray(0, Math.floor(good.length / 2))]);
    const zipNoWorkbook = await (async () => {
      const { ZipWriter, memorySink } = await import('../../src/xlsx/zip.js');
      const sink = memorySink();
      const z = new ZipWriter(sink);
      await z.add('hello.txt', 'hi');
      await z.finish();
      return sink.buffer();
    })();
    cases.push(['zip without a workbook', zipNoWorkbook]);
    for (const [what, bytes] of cases) {
      const e = await inputError(processWorkbook({ source: { bytes }, policy: 'xining-2024' }));
      expect(e.status, what).toBe(415);
      expect(e.message, what).toMatch(/[\u4e00-\u9fff].*\/.*[a-z]/);
    }
  });
});
