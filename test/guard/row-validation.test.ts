/**
 * Hostile rows in a batch: each bad row gets 错误 (or 警告) with a message naming the column and the value,
 * and the good rows of the same batch still compute (every row comes back once, in sheet order).
 */
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/kinds/validate.js';
import { idFor, r2, run } from '../helpers/rows.js';
import { emp } from '../rules/xining-settle-helpers.js';

const good = {
  ...emp({ settlementId: 'S1' }),
  totalCost: '7959.12',
  fullySelfPaid: 258,
  classBSelfPay: '170.75',
};

/** Runs [bad, good] and checks that the good row is unaffected; returns the bad row's outcome. */
async function withGood(bad: RawRow, policy: 'xining-2024' | 'dongying-2018' = 'xining-2024') {
  const res = await run(policy, 'settlements', [bad, { ...good, settlementId: 'GOOD', idNumber: idFor('19700505', 211) }]);
  expect(res.outcomes).toHaveLength(2);
  expect(res.outcomes.map((o) => o.index)).toEqual([0, 1]);
  expect(res.outcomes[1]!.status).not.toBe('error');
  if (policy === 'xining-2024') expect(r2(res.outcomes[1]!.results['fundPaid'])).toBe('5584.30');
  return res.outcomes[0]!;
}

const text = (o: { messages: string[] }) => o.messages.join(' | ');

describe('row-level validation', () => {
  it('an amount of 10^13 yuan or more is an error naming the column (issue 16: 32,767-digit amounts)', async () => {
    for (const totalCost of ['9'.repeat(32_767), '10000000000000', 1e13, 1e300]) {
      const o = await withGood({ ...good, totalCost });
      expect(o.status).toBe('error');
      expect(text(o)).toContain('列「医疗总费用」');
      expect(text(o)).toContain('过大');
    }
    const o = await withGood({ ...good, settlementId: 'S9', totalCost: '9999999999999.99', fullySelfPaid: 0, classBSelfPay: 0 });
    expect(text(o)).not.toContain('过大');
  });

  it('bad ID check digit: 错误 naming 身份证号 with the masked value', async () => {
    const id = idFor('19800101', 123);
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const o = await withGood({ ...good, idNumber: wrong });
    expect(o.status).toBe('error');
    expect(text(o)).toContain('身份证号');
    expect(text(o)).toContain('校验码错误');
    expect(text(o)).toContain(`${wrong.slice(0, 4)}**********${wrong.slice(-4)}`);
    expect(text(o)).not.toContain(wrong);
  });

  it('unknown enumeration value names the closest allowed one', async () => {
    const o = await withGood({ ...good, level: '二级医阮' });
    expect(o.status).toBe('error');
    expect(text(o)).toMatch(/列「医院等级」的值「二级医阮」.*是否应为「二级」/);
    const o2 = await withGood({ ...good, visitType: '住远' });
    expect(text(o2)).toMatch(/列「就诊类型」的值「住远」.*是否应为「住院」/);
  });

  it('negative and non-numeric amounts', async () => {
    const neg = await withGood({ ...good, totalCost: '-5' });
    expect(neg.status).toBe('error');
    expect(text(neg)).toMatch(/列「医疗总费用」的值「-5」不能为负数/);
    const nan = await withGood({ ...good, classBSelfPay: '一百' });
    expect(text(nan)).toMatch(/列「乙类自付金额」的值「一百」不是有效数字/);
    const inf = await withGood({ ...good, totalCost: Number.POSITIVE_INFINITY });
    expect(inf.status).toBe('error');
    expect(text(inf)).toMatch(/医疗总费用/);
  });

  it('全自费金额 + 乙类自付金额 > 医疗总费用 (just above is an error, equal is not)', async () => {
    const over = await withGood({ ...good, totalCost: '100.00', fullySelfPaid: '60', classBSelfPay: '40.01' });
    expect(over.status).toBe('error');
    expect(text(over)).toMatch(/全自费金额 \+ 乙类自付金额 = 100\.01 大于医疗总费用 100/);
    const equal = await withGood({ ...good, totalCost: '100.00', fullySelfPaid: '60', classBSelfPay: '40' });
    expect(equal.status).not.toBe('error');
  });

  it('discharge before admission', async () => {
    const o = await withGood({ ...good, visitDate: '2024-02-15', dischargeDate: '2024-02-14' });
    expect(o.status).toBe('error');
    expect(text(o)).toMatch(/列「出院日期」的值「2024-02-14」早于入院日期「2024-02-15」/);
    const same = await withGood({ ...good, visitDate: '2024-02-15', dischargeDate: '2024-02-15' });
    expect(same.status).not.toBe('error');
  });

  it("a date outside the policy's period is a warning and still computes", async () => {
    // Xining 2024 applies from 2023-01-01: the day before is outside, the day itself inside.
    const o = await withGood({ ...good, visitDate: '2022-12-20', dischargeDate: '2022-12-31' });
    expect(o.status).toBe('warning');
    expect(text(o)).toMatch(/超出政策有效期/);
    expect(r2(o.results['fundPaid'])).toBe('5584.30');
    const inside = await withGood({ ...good, visitDate: '2022-12-20', dischargeDate: '2023-01-01' });
    expect(inside.status).toBe('ok');
  });

  it('duplicate 结算号 in a batch: the later row errors, the first computes', async () => {
    const res = await run('xining-2024', 'settlements', [
      { ...good },
      { ...good, idNumber: idFor('19700505', 211) },
      { ...good, settlementId: 'S3', idNumber: idFor('19700505', 211) },
    ]);
    expect(res.outcomes.map((o) => o.status)).toEqual(['ok', 'error', 'ok']);
    expect(text(res.outcomes[1]!)).toMatch(/列「结算号」的值「S1」在本批次中重复/);
  });

  it('a maternity row for a male insured person', async () => {
    const male = idFor('19800101', 123); // odd sequence: male
    const o = await withGood({ ...good, idNumber: male, visitType: '生育', maternityItem: '自然分娩' });
    expect(o.status).toBe('error');
    expect(text(o)).toMatch(/男性.*生育/);
  });

  it('missing required value and an invalid date name their column', async () => {
    const o = await withGood({ ...good, scheme: '' });
    expect(text(o)).toMatch(/缺少必填列「险种」/);
    const d = await withGood({ ...good, visitDate: '2024-13-45' });
    expect(text(d)).toMatch(/列「就诊日期」的值「2024-13-45」不是有效日期/);
  });

  it('formula-like and huge text in a cell never crash the batch', async () => {
    const o = await withGood({ ...good, settlementId: '=HYPERLINK("http://x")', name: 'x'.repeat(40_000) });
    expect(['ok', 'warning']).toContain(o.status);
  });
});
