/**
 * Dongying 2018 contributions with 上年度全省在岗职工月平均工资 = 6000 (set in 参数):
 * limits 60% = 3600, 300% = 18000; flexible 60% = 3600, 100% = 6000.
 */
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/kinds/validate.js';
import { idFor, r2, run } from '../helpers/rows.js';

const AW = { 'dongying.averageWage.monthly': '6000' };
const BORN_1974_03_15 = idFor('19740315', 123);
const ID = idFor('19800101', 123);

async function one(row: RawRow, overrides: Record<string, string> = AW) {
  const res = await run('dongying-2018', 'contributions', [{ idNumber: ID, period: '2020-06', ...row }], overrides);
  return res.outcomes[0]!;
}
const pick = (o: { results: Record<string, unknown> }, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, r2(o.results[k])]));

describe('dongying.employee.contribution.base_clamp — [60%, 300%] of the average wage (第九条)', () => {
  it.each([
    ['3599.99', '3600.00', '按下限60%'],
    ['3600', '3600.00', ''],
    ['3600.01', '3600.01', ''],
    ['18000', '18000.00', ''],
    ['18000.01', '18000.00', '按上限300%'],
  ])('wage %s → base %s %s', async (wage, base, adj) => {
    const o = await one({ category: '在职', wage });
    expect(o.status).toBe('ok');
    expect(pick(o, 'base', 'baseAdjustment')).toEqual({ base, baseAdjustment: adj });
  });
  it('a missing average wage is a row error naming the parameter', async () => {
    const o = await one({ category: '在职', wage: '6000' }, {});
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('dongying.averageWage.monthly');
  });
});

describe('in service: dongying.employee.contribution.employer_share 6.5%, dongying.employee.contribution.employee_share 2%, dongying.employee.personal_account.allocation 2.7%/4.2%, dongying.employee.pooled_fund.residual, dongying.large_medical.contribution.employer 5', () => {
  it('age 45 in the month before the 46th birthday → 2.7%', async () => {
    const o = await one({ idNumber: BORN_1974_03_15, category: '在职', wage: '6000', period: '2020-02' });
    // 6000×6.5% = 390; ×2% = 120; account 6000×2.7% = 162; pool 390+120−162 = 348; total 390+120+5 = 515
    expect(pick(o, 'employerAmount', 'employeeAmount', 'personalAccount', 'poolingFund', 'largeSubsidyFee', 'totalDue')).toEqual({
      employerAmount: '390.00', employeeAmount: '120.00', personalAccount: '162.00', poolingFund: '348.00', largeSubsidyFee: '5.00', totalDue: '515.00',
    });
    expect(o.basis).toContain('45周岁');
  });
  it('the month of the 46th birthday → 4.2%', async () => {
    const o = await one({ idNumber: BORN_1974_03_15, category: '在职', wage: '6000', period: '2020-03' });
    // account 6000×4.2% = 252; pool 510 − 252 = 258
    expect(pick(o, 'personalAccount', 'poolingFund')).toEqual({ personalAccount: '252.00', poolingFund: '258.00' });
    expect(o.basis).toContain('46周岁');
  });
  it('monthly amounts are rounded to the fen', async () => {
    const o = await one({ category: '在职', wage: '4567.89' });
    // 4567.89×6.5% = 296.91285 → 296.91; ×2% = 91.3578 → 91.36; ×2.7% = 123.33303 → 123.33; pool 296.91+91.36−123.33 = 264.94
    expect(pick(o, 'employerAmount', 'employeeAmount', 'personalAccount', 'poolingFund')).toEqual({ employerAmount: '296.91', employeeAmount: '91.36', personalAccount: '123.33', poolingFund: '264.94' });
  });
  it('dongying.civil_servant.funding 5% of the unclamped wage by the unit, dongying.civil_servant.personal_account_allocation 2% of the clamped base', async () => {
    const o = await one({ category: '在职', wage: '20000', civilServant: '是' });
    // base 18000: unit 1170, personal 360, account 18000×2.7% = 486 + 18000×2% = 360 → 846; pool 1170+360−486 = 1044
    // civil-servant fee 20000×5% = 1000; total 1170+360+5+1000 = 2535
    expect(pick(o, 'base', 'employerAmount', 'employeeAmount', 'personalAccount', 'poolingFund', 'civilServantFee', 'totalDue')).toEqual({
      base: '18000.00', employerAmount: '1170.00', employeeAmount: '360.00', personalAccount: '846.00', poolingFund: '1044.00', civilServantFee: '1000.00', totalDue: '2535.00',
    });
  });
});

describe('retired, flexible, unemployed', () => {
  it('dongying.employee.contribution.retiree_exempt: no contribution, account 5.7% of the pension, no large-medical', async () => {
    const o = await one({ category: '退休', pension: '3000' });
    // 3000×5.7% = 171
    expect(pick(o, 'employerAmount', 'employeeAmount', 'personalAccount', 'largeSubsidyFee', 'totalDue')).toEqual({ employerAmount: '0.00', employeeAmount: '0.00', personalAccount: '171.00', largeSubsidyFee: '0.00', totalDue: '0.00' });
  });
  it('retired civil servant: 5% of the pension by the unit, 2% of it to the account', async () => {
    const o = await one({ category: '退休', pension: '3000', civilServant: '是' });
    // fee 150; account 171 + 60 = 231; total 150
    expect(pick(o, 'personalAccount', 'civilServantFee', 'totalDue')).toEqual({ personalAccount: '231.00', civilServantFee: '150.00', totalDue: '150.00' });
  });
  it.each([
    ['3599.99', '3600.00', '306.00', 'warning', '按下限60%'], // 3600×8.5% = 306
    ['3600', '3600.00', '306.00', 'ok', ''],
    ['6000', '6000.00', '510.00', 'ok', ''], // 6000×8.5% = 510
    ['6000.01', '6000.00', '510.00', 'warning', '按上限100%'],
  ])('dongying.flexible.contribution.amount: chosen base %s → %s, 8.5% = %s (%s)', async (chosenBase, base, personal, status, adj) => {
    const o = await one({ category: '灵活就业', chosenBase });
    expect(o.status).toBe(status);
    expect(pick(o, 'base', 'employeeAmount', 'employerAmount', 'baseAdjustment', 'largeSubsidyFee', 'totalDue')).toEqual({ base, employeeAmount: personal, employerAmount: '0.00', baseAdjustment: adj, largeSubsidyFee: '0.00', totalDue: personal });
  });
  it('dongying.large_medical.contribution.flexible: 大额医疗补助 = 是 pays 5 more; account 2.7% of the base', async () => {
    const o = await one({ category: '灵活就业', chosenBase: '5000', largeSubsidy: '是' });
    // 5000×8.5% = 425; account 5000×2.7% = 135; pool 425 − 135 = 290; total 430
    expect(pick(o, 'employeeAmount', 'personalAccount', 'poolingFund', 'largeSubsidyFee', 'totalDue')).toEqual({ employeeAmount: '425.00', personalAccount: '135.00', poolingFund: '290.00', largeSubsidyFee: '5.00', totalDue: '430.00' });
  });
  it('dongying.employee.contribution.unemployed: personal 0, unemployment-fund share blank with 警告, account from 缴费工资', async () => {
    const o = await one({ category: '失业', wage: '4000' });
    // account 4000×2.7% = 108
    expect(o.status).toBe('warning');
    expect(o.results['employerAmount']).toBeUndefined();
    expect(pick(o, 'employeeAmount', 'personalAccount', 'totalDue')).toEqual({ employeeAmount: '0.00', personalAccount: '108.00', totalDue: '0.00' });
  });
});

describe('dongying.employee.contribution.late_fee — 欠缴金额 × 0.05% × days (第四十三条)', () => {
  it.each([
    ['2020-03-15', '2020-03-15', '0.00'], // 0 days
    ['2020-03-15', '2020-03-16', '0.50'], // 1000×0.05%×1
    ['2020-03-15', '2020-04-14', '15.00'], // 31−15 = 16 days in March + 14 in April = 30 → 15.00
    ['2019-03-15', '2020-03-15', '183.00'], // 366 days (2020 leap year) → 183.00; no cap
  ])('1000 from %s paid %s → %s', async (arrearsFrom, paidOn, fee) => {
    const o = await one({ category: '在职', wage: '6000', arrears: '1000', arrearsFrom, paidOn });
    expect(pick(o, 'lateFee').lateFee).toBe(fee);
  });
  it('rounds to the fen and adds to 应缴合计', async () => {
    const o = await one({ category: '在职', wage: '6000', arrears: '1234.56', arrearsFrom: '2020-05-01', paidOn: '2020-05-08' });
    // 1234.56×0.0005×7 = 4.32096 → 4.32; total 515 + 4.32 = 519.32
    expect(pick(o, 'lateFee', 'totalDue')).toEqual({ lateFee: '4.32', totalDue: '519.32' });
  });
});
