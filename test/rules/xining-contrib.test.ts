/**
 * Xining 2024 职工缴费核定. Expected values computed by hand from the handbook:
 * 在职 二(一)2(1): unit = round2(base×6%), personal = round2(base×2%); maternity 三(一) = round2(base×0.9% or 0.5%);
 * 灵活就业 二(一)2(2): round2(8029×4.2%) = round2(337.218) = 337.22, 8029×8% = 642.32;
 * critical-illness premium on 年度首次缴费=是: 40 (在职, 灵活就业) / 60 (退休, 二(二)4(2)).
 */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const emp = { idNumber: idFor('19800101', 123), category: '在职', wage: 6000, employerType: '企业', period: '2024-03' };
const flex = { idNumber: idFor('19850101', 125), category: '灵活就业', period: '2024-03' };
const ret = { idNumber: idFor('19560101', 127), category: '退休', pension: 3000, period: '2024-03' };

async function one(row: Record<string, unknown>, overrides: Record<string, string> = {}) {
  const res = await run('xining-2024', 'contributions', [row as never], overrides);
  return res.outcomes[0]!;
}

describe('xining.employee.contribution.unit_rates — 二(一)2(1)', () => {
  it('在职 6000: 6000×6%=360.00, 6000×2%=120.00, 企业 maternity 6000×0.9%=54.00; not first of year → total 534.00', async () => {
    const o = await one({ ...emp, firstOfYear: '否' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['base'])).toBe('6000.00');
    expect(r2(o.results['employerAmount'])).toBe('360.00');
    expect(r2(o.results['employeeAmount'])).toBe('120.00');
    expect(r2(o.results['maternityFee'])).toBe('54.00');
    expect(r2(o.results['criticalIllnessFee'])).toBe('0.00');
    expect(r2(o.results['totalDue'])).toBe('534.00');
    expect(o.basis).toContain('单位6000×6%=360.00；个人6000×2%=120.00(二(一)2(1))');
    expect(o.basis).toContain('不设上下限(二(一)2(1))(按本系统约定 XN1)');
  });

  it('first payment of the year adds the 40 premium (paid by the person): 360+120+54+40 = 574.00', async () => {
    const o = await one({ ...emp, firstOfYear: '是' });
    expect(r2(o.results['criticalIllnessFee'])).toBe('40.00');
    expect(r2(o.results['totalDue'])).toBe('574.00');
    expect(o.basis).toContain('应缴合计=360.00+120.00+54.00+40.00=574.00(按本系统约定 G3)');
  });

  it('rounds each monthly amount half-up to the fen: 4817.25×6%=289.035→289.04, ×2%=96.345→96.35, ×0.5%=24.08625→24.09', async () => {
    const o = await one({ ...emp, wage: '4817.25', employerType: '机关', firstOfYear: '否' });
    expect(r2(o.results['employerAmount'])).toBe('289.04');
    expect(r2(o.results['employeeAmount'])).toBe('96.35');
    expect(r2(o.results['maternityFee'])).toBe('24.09');
    expect(r2(o.results['totalDue'])).toBe('409.48'); // 289.04+96.35+24.09
  });

  it('does not clamp the declared base (no limits in the text): 100000 → 6000.00 / 2000.00', async () => {
    const o = await one({ ...emp, wage: 100000, firstOfYear: '否' });
    expect(r2(o.results['base'])).toBe('100000.00');
    expect(r2(o.results['employerAmount'])).toBe('6000.00');
    expect(r2(o.results['employeeAmount'])).toBe('2000.00');
    expect(o.results['baseAdjustment']).toBeUndefined();
  });

  it('leaves the personal-account credit and the pooled share blank with a note (not an error)', async () => {
    const o = await one({ ...emp, firstOfYear: '否' });
    expect(o.status).toBe('ok');
    expect(o.results['personalAccount']).toBeUndefined();
    expect(o.results['poolingFund']).toBeUndefined();
    expect(o.messages.join()).toContain('手册未规定在职职工和8%档灵活就业人员个人账户的划入标准');
  });
});

describe('xining.maternity.contribution — 三(一): 0.9% or 0.5% of the base, unit only', () => {
  const cases: [string, string][] = [
    ['企业', '54.00'], // 6000×0.9%
    ['自收自支事业', '54.00'], // 经费自理的事业单位: 0.9%
    ['机关', '30.00'], // 6000×0.5%
    ['全额拨款事业', '30.00'],
    ['差额拨款事业', '30.00'],
  ];
  for (const [type, fee] of cases) {
    it(`${type} → ${fee}`, async () => {
      const o = await one({ ...emp, employerType: type, firstOfYear: '否' });
      expect(r2(o.results['maternityFee'])).toBe(fee);
      expect(r2(o.results['employeeAmount'])).toBe('120.00');
      expect(o.basis).toContain(`(三(一)·${type}`);
    });
  }

  it('在职 without 单位类型 is an error naming the column', async () => {
    const o = await one({ ...emp, employerType: undefined });
    expect(o.status).toBe('error');
    expect(o.messages.join()).toContain('单位类型');
  });
});

describe('xining.flexible.contribution, xining.flexible.personal_account_by_rate — 二(一)2(2) handbook example (2023 base 8029)', () => {
  it('4.2%: 8029×4.2%=337.218→337.22, all pooled, no personal account; +40 on the first payment → 377.22', async () => {
    const o = await one({ ...flex, flexibleRate: '4.2%', firstOfYear: '是' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['base'])).toBe('8029.00');
    expect(r2(o.results['employeeAmount'])).toBe('337.22');
    expect(r2(o.results['employerAmount'])).toBe('0.00');
    expect(r2(o.results['personalAccount'])).toBe('0.00');
    expect(r2(o.results['poolingFund'])).toBe('337.22');
    expect(r2(o.results['criticalIllnessFee'])).toBe('40.00');
    expect(r2(o.results['maternityFee'])).toBe('0.00');
    expect(r2(o.results['totalDue'])).toBe('377.22');
    expect(o.basis).toContain('8029×4.2%=337.22(二(一)2(2))');
  });

  it('8%: 8029×8%=642.32; not first of year → 642.32; personal account blank with a note', async () => {
    const o = await one({ ...flex, flexibleRate: '8%', firstOfYear: '否' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['employeeAmount'])).toBe('642.32');
    expect(r2(o.results['totalDue'])).toBe('642.32');
    expect(o.results['personalAccount']).toBeUndefined();
    expect(o.messages.join()).toContain('手册未规定在职职工和8%档灵活就业人员个人账户的划入标准');
  });

  it('a 2024 period has no average-wage warning; a 2025 period gets 警告 but still computes', async () => {
    const dec = await one({ ...flex, flexibleRate: '8%', firstOfYear: '否', period: '2024-12' });
    expect(dec.status).toBe('ok');
    const jan = await one({ ...flex, flexibleRate: '8%', firstOfYear: '否', period: '2025-01' });
    expect(jan.status).toBe('warning');
    expect(jan.messages.join()).toContain('xining.averageWage.monthly');
    expect(r2(jan.results['employeeAmount'])).toBe('642.32');
  });

  it('a supplied average wage replaces 8029 and silences the 2025 warning: 9000×4.2%=378.00', async () => {
    const o = await one({ ...flex, flexibleRate: '4.2%', firstOfYear: '否', period: '2025-01' }, { 'xining.averageWage.monthly': '9000' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['employeeAmount'])).toBe('378.00');
  });

  it('缴费档次 is required for flexible rows', async () => {
    const o = await one({ ...flex });
    expect(o.status).toBe('error');
    expect(o.messages.join()).toContain('缴费档次');
  });
});

describe('xining.employee.contribution.critical_illness_premium and xining.employee.personal_account.retiree_allocation — 二(二)4(2), 六(四)3', () => {
  it('retiree, first payment of the year: pays only the 60 premium; personal account 90', async () => {
    const o = await one({ ...ret, firstOfYear: '是' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['employerAmount'])).toBe('0.00');
    expect(r2(o.results['employeeAmount'])).toBe('0.00');
    expect(r2(o.results['criticalIllnessFee'])).toBe('60.00');
    expect(r2(o.results['personalAccount'])).toBe('90.00');
    expect(r2(o.results['totalDue'])).toBe('60.00');
    expect(o.basis).toContain('个人账户每月划入90.00(六(四)3)(按本系统约定 XN3)');
  });

  it('retiree, not first payment: owes 0.00', async () => {
    const o = await one({ ...ret, firstOfYear: '否' });
    expect(r2(o.results['criticalIllnessFee'])).toBe('0.00');
    expect(r2(o.results['totalDue'])).toBe('0.00');
  });

  it('年度首次缴费 empty → no premium, with a note', async () => {
    const o = await one({ ...emp });
    expect(o.status).toBe('ok');
    expect(r2(o.results['criticalIllnessFee'])).toBe('0.00');
    expect(o.messages.join()).toContain('年度首次缴费');
  });
});

describe('gaps of the Xining text', () => {
  it('失业 is a row error naming the column and value (the handbook has no rule for it)', async () => {
    const o = await one({ idNumber: idFor(), category: '失业', wage: 3000, period: '2024-03' });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('列「人员类别」的值「失业」');
  });

  it('欠缴金额 → 警告, 滞纳金 blank, total without a late fee', async () => {
    const o = await one({ ...emp, firstOfYear: '否', arrears: 1000, arrearsFrom: '2024-01-16', paidOn: '2024-03-10' });
    expect(o.status).toBe('warning');
    expect(o.results['lateFee']).toBeUndefined();
    expect(r2(o.results['totalDue'])).toBe('534.00');
    expect(o.messages.join()).toContain('西宁手册未规定滞纳金');
  });

  it('公务员医疗补助=是 needs the rate the text does not give (missing parameter); supplied 1% → 60.00 in the total', async () => {
    const missing = await one({ ...emp, civilServant: '是', firstOfYear: '否' });
    expect(missing.status).toBe('error');
    expect(missing.messages[0]).toContain('xining.civilServant.contribution.rate');
    const given = await one({ ...emp, civilServant: '是', firstOfYear: '否' }, { 'xining.civilServant.contribution.rate': '0.01' });
    expect(given.status).toBe('ok');
    expect(r2(given.results['civilServantFee'])).toBe('60.00');
    expect(r2(given.results['totalDue'])).toBe('594.00'); // 360+120+54+60
  });
});
