/**
 * Messages a clerk can act on (issue 15.5): an ID typed into a number cell, and 身份证号 cells merged
 * down a person's rows — in workbooks as Excel saves them, for both policies, on the one-thread and the
 * worker-thread paths.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { processWorkbook } from '../../src/pipeline/process.js';
import { streamWorkbook } from '../../src/pipeline/stream.js';
import { readParamSheet, resolveSettings } from '../../src/workbook/params-sheet.js';
import { locateDataSheet, WorkbookFile } from '../../src/workbook/reader.js';
import { memorySink } from '../../src/xlsx/zip.js';
import { idFor } from '../helpers/rows.js';

type Row = Record<string, unknown>;

async function book(headers: string[], rows: unknown[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rowsOf(bytes: Buffer, policy: 'xining-2024' | 'dongying-2018', workers?: number): Promise<Row[]> {
  if (workers === undefined) {
    const r = await processWorkbook({ source: { bytes }, policy, format: 'json', headers: 'en' });
    return JSON.parse(r.body!.toString('utf8')) as Row[];
  }
  const wb = await WorkbookFile.open({ bytes });
  try {
    const ds = await locateDataSheet(wb);
    const sink = memorySink();
    const res = await streamWorkbook({ wb, ds, settings: resolveSettings(await readParamSheet(wb), { policy }), format: 'json', headers: 'en', sink, shards: { workers, minRows: 0 } });
    expect(res.shards, 'ran on worker threads (npm test builds first)').toBe(workers);
    return JSON.parse(sink.buffer().toString('utf8')) as Row[];
  } finally {
    await wb.close();
  }
}

const messages = (r: Row) => String(r['messages'] ?? '');

const SETTLEMENT_HEADERS = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用', '全自费金额'];
const settlement = (sid: string, id: unknown, total = 7959.12, x: unknown = 258) => [sid, id, '职工', '在职', '住院', '二级', '2021-02-03', '2021-02-15', total, x];

describe('an ID number typed into a number cell', () => {
  // 630102197906185000: what Excel keeps of an 18-digit ID typed as a number (15 significant digits).
  it.each(['xining-2024', 'dongying-2018'] as const)('%s settlements: says it was stored as a number and must be entered as text', async (policy) => {
    const bytes = await book(SETTLEMENT_HEADERS, [settlement('JS1', 630102197906185000), settlement('JS2', idFor('19790618', 123))]);
    const [bad, good] = await rowsOf(bytes, policy);
    expect(bad!['status']).toBe('error');
    expect(messages(bad!)).toMatch(/以数字保存.*15位有效数字.*文本.*stored as a number/);
    expect(messages(bad!)).not.toContain('校验码');
    expect(messages(bad!)).not.toContain('630102197906185000'); // masked, as every ID in a message
    expect(good!['status']).not.toBe('error');
  });

  it('xining contributions: the same message; a text cell with the same digits gets the check-digit message', async () => {
    const bytes = await book(['身份证号', '人员类别', '缴费工资', '单位类型', '所属期'], [[630102197906185000, '在职', 6000, '企业', '2024-03'], ['630102197906185000', '在职', 6000, '企业', '2024-03']]);
    const [asNumber, asText] = await rowsOf(bytes, 'xining-2024');
    expect(messages(asNumber!)).toContain('以数字保存');
    expect(messages(asText!)).not.toContain('以数字保存');
    expect(asText!['status']).toBe('error');
  });
});

describe('身份证号 merged down a person’s rows', () => {
  const id = idFor('19790618', 123);
  const merged = (ws: ExcelJS.Worksheet) => ws.mergeCells('B2:B4');

  it.each([['xining-2024', undefined], ['dongying-2018', undefined], ['xining-2024', 1]] as const)('%s (workers: %s): the blank rows say the cell is part of a merge and only its first row holds the value', async (policy, workers) => {
    const bytes = await book(SETTLEMENT_HEADERS, [settlement('JS1', id), settlement('JS2', null, 1000), settlement('JS3', null, 2000), settlement('JS4', idFor('19800101', 222))], merged);
    const rows = await rowsOf(bytes, policy, workers);
    expect(rows.map((r) => r['status'] === 'error')).toEqual([false, true, true, false]);
    for (const r of rows.slice(1, 3)) {
      expect(messages(r)).toMatch(/列「身份证号」的单元格属于合并单元格 B2:B4，合并区域只有第一行（第2行）有值.*取消合并.*merged range B2:B4/);
      expect(messages(r)).not.toContain('缺少必填列');
    }
    expect(rows[0]!['status']).not.toBe('error');
  });

  it('dongying contributions: merged 身份证号 in an HR sheet', async () => {
    const bytes = await book(['姓名', '身份证号', '人员类别', '缴费工资', '所属期'], [['张某', id, '在职', 6000, '2021-03'], ['张某', null, '在职', 6000, '2021-04']], (ws) => ws.mergeCells('B2:B3'));
    const rows = await rowsOf(bytes, 'dongying-2018');
    expect(rows[1]!['status']).toBe('error');
    expect(messages(rows[1]!)).toContain('合并单元格 B2:B3');
  });

  it('a blank merged cell that is not required makes the row 警告 (it was probably meant to apply); a merged 姓名 says nothing', async () => {
    const bytes = await book(['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用', '全自费金额'], [
      ['JS1', id, '张某', '职工', '在职', '住院', '二级', '2024-02-03', '2024-02-15', 7959.12, 258],
      ['JS2', id, null, '职工', '在职', '住院', '二级', '2024-03-03', '2024-03-15', 5000, null],
    ], (ws) => {
      ws.mergeCells('K2:K3');
      ws.mergeCells('C2:C3');
    });
    const [first, second] = await rowsOf(bytes, 'xining-2024');
    expect(first!['status']).toBe('ok');
    expect(second!['status']).toBe('warning');
    expect(messages(second!)).toMatch(/列「全自费金额」的单元格属于合并单元格 K2:K3.*按空值计算/);
    expect(messages(second!)).not.toContain('姓名');
  });
});
