/**
 * Wrong headers (issue 14.5): the refusal says which headers the kind needs (Chinese and English) and
 * quotes what was found — only text that is recognisably a label (issue 16: never a person's data).
 */
import { describe, expect, it } from 'vitest';
import { processWorkbook } from '../../src/pipeline/process.js';
import { quotableCellText } from '../../src/workbook/sheet-columns.js';
import { expectInputError } from '../helpers/errors.js';
import { idFor } from '../helpers/rows.js';
import { exportBook } from './exports.js';

const ID = idFor('19790618', 123);

describe('quotableCellText: which found texts an error may quote', () => {
  it.each(['a', 'b', 'Amount', '医疗费用明细表', '医疗费用合计金额', '甲', '结算 编号'])('label-shaped: %s', (t) => expect(quotableCellText(t, false)).toBe(true));
  it.each([
    ['张三', 'a 2–4 character CJK text could be a name'],
    ['欧阳娜娜', 'four characters'],
    ['费用明细', 'four characters, though a label: the rule cannot tell'],
    ['阿卜杜·热合曼', 'a ·-joined name'],
    [ID, 'digits: an ID'],
    ['2024-02-03', 'digits: a date'],
    ['7959.12', 'digits: an amount'],
    ['x'.repeat(25), 'too long for a label'],
    ['', 'empty'],
  ])('not quoted without a known header beside it: %s (%s)', (t) => expect(quotableCellText(t, false)).toBe(false));
  it('a row holding a known header is a header row: its short texts are quoted (names of columns, even 2–4 CJK)', () => {
    expect(quotableCellText('科室', true)).toBe(true);
    expect(quotableCellText('张三', true)).toBe(true);
    expect(quotableCellText('x'.repeat(25), true)).toBe(false);
  });
});

describe('the refusal', () => {
  it('headers a b c: names the required headers of the kind (Chinese and English) and quotes a, b, c', async () => {
    const bytes = await exportBook([{ name: '数据', rows: [['a', 'b', 'c'], [1, 2, 3]] }]);
    const e = await expectInputError(processWorkbook({ source: { bytes }, kind: 'settlements', policy: 'xining-2024' }));
    expect([e.status, e.code]).toEqual([400, 'missing-headers']);
    expect(e.message).toContain('需要的列：结算号 (settlementId)、身份证号 (idNumber)、险种 (scheme)、就诊类型 (visitType)、医院等级 (level)、就诊日期 (visitDate)、医疗总费用 (totalCost)');
    expect(e.message).toContain('工作表「数据」第1行：「a」、「b」、「c」');
    expect(e.message).toContain("Found: sheet 数据 row 1: 'a', 'b', 'c'");
    expect(e.message).not.toContain('未引用');
    const [detail] = e.toJSON().details as { required: { kind: string; columns: { zh: string; key: string }[] }[]; found: { found: string[] }[] }[];
    expect(detail!.required[0]!.columns[0]).toEqual({ zh: '结算号', key: 'settlementId' });
    expect(detail!.found[0]!.found).toEqual(['a', 'b', 'c']);
  });

  it('a first row of data (a name, an ID, a date): nothing of it is quoted; the cells are counted and located', async () => {
    const bytes = await exportBook([{ name: 'Sheet1', rows: [['张三', ID, '2024-02-03', 7959.12, '住院']] }]);
    const e = await expectInputError(processWorkbook({ source: { bytes }, policy: 'xining-2024' }));
    expect(e.code).toBe('missing-headers');
    const text = JSON.stringify(e.toJSON());
    for (const secret of ['张三', ID, ID.slice(0, 6), '2024-02-03', '7959.12']) expect(text).not.toContain(secret);
    expect(e.message).toContain('工作表「Sheet1」第1行：另有5个单元格未引用（A1、B1、C1、D1、E1）');
    expect(e.message).toContain('sheet Sheet1 row 1: 5 other cells not quoted (A1, B1, C1, D1, E1)');
    // Without a kind: each kind's required headers.
    expect(e.message).toContain('医疗费用结算（settlements）：结算号 (settlementId)');
    expect(e.message).toContain('职工缴费核定（contributions）：身份证号 (idNumber)、人员类别 (category)');
  });

  it('a header row missing a required header: what it lacks, what it has, what the kind requires', async () => {
    const bytes = await exportBook([{ name: '结算', rows: [['结算号', '身份证号', '险种', '就诊类型', '入院日期', '总费用', '科室']] }]);
    const e = await expectInputError(processWorkbook({ source: { bytes }, kind: 'settlements', policy: 'xining-2024' }));
    expect(e.message).toContain('缺少 医院等级');
    expect(e.message).toContain('找到的列：结算号、身份证号、险种、就诊类型、入院日期、总费用、科室');
    expect(e.message).toContain('「医疗费用结算」的必填列：结算号 (settlementId)、');
    expect(e.message).toContain('settlements requires 结算号 (settlementId), 身份证号 (idNumber)');
  });
});
