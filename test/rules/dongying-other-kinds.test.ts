/** Dongying 2018: resident contributions, retirement make-up, account refund, maternity allowance. */
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/kinds/validate.js';
import type { KindId } from '../../src/kinds/types.js';
import { idFor, r2, run } from '../helpers/rows.js';

const pick = (o: { results: Record<string, unknown> }, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, r2(o.results[k])]));
async function one(kind: KindId, row: RawRow, overrides: Record<string, string> = {}) {
  return (await run('dongying-2018', kind, [row], overrides)).outcomes[0]!;
}

describe('resident-contributions: dongying.resident.contribution.structure (第十三条)', () => {
  const AMOUNTS = { 'dongying.resident.contribution.personal': '250', 'dongying.resident.contribution.subsidy': '520' };
  const rc = (over: RawRow) => one('resident-contributions', { idNumber: idFor('19800101', 123), paidOn: '2019-10-10', coverageYear: 2020, ...over }, AMOUNTS);
  it('without the amounts the row is 错误 naming the parameter', async () => {
    const o = await one('resident-contributions', { idNumber: idFor('19800101', 123), paidOn: '2019-10-10', coverageYear: 2020 });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('dongying.resident.contribution.personal');
  });
  it.each(['2019-09-01', '2019-12-20'])('dongying.resident.contribution.collection_period, dongying.resident.benefit_period: paid %s → benefits from 2020-01-01', async (paidOn) => {
    const o = await rc({ paidOn });
    expect(o.status).toBe('ok');
    expect(pick(o, 'personalContribution', 'fiscalSubsidy', 'assistanceAmount', 'amountDue', 'benefitStart')).toEqual({
      personalContribution: '250.00', fiscalSubsidy: '520.00', assistanceAmount: '0.00', amountDue: '250.00', benefitStart: '2020-01-01',
    });
  });
  it.each(['2019-08-31', '2019-12-21'])('paid %s (outside the collection period) → 错误', async (paidOn) => {
    const o = await rc({ paidOn });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('缴费日期');
  });
  it('a coverage year other than the next → 错误 naming 参保年度', async () => {
    const o = await rc({ coverageYear: 2019 });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('参保年度');
  });
  it('dongying.resident.contribution.government_paid: 特困 (第十四条(一)) → individual 0', async () => {
    const o = await rc({ subsidyCategory: '特困' });
    expect(pick(o, 'assistanceAmount', 'amountDue')).toEqual({ assistanceAmount: '250.00', amountDue: '0.00' });
    expect(o.basis).toContain('第十四条');
  });
  it('age 70 on 1 January of the coverage year → government-paid; 69 → pays', async () => {
    const o70 = await rc({ idNumber: idFor('19500101', 123) });
    const o69 = await rc({ idNumber: idFor('19500102', 123) });
    expect(pick(o70, 'amountDue').amountDue).toBe('0.00');
    expect(pick(o69, 'amountDue').amountDue).toBe('250.00');
  });
  it('dongying.resident.newborn: paying within 3 months of birth → from the birth date; later → from the 1st of the next month', async () => {
    const born = idFor('20200210', 123);
    const within = await rc({ idNumber: born, newborn: '是', paidOn: '2020-05-10' });
    const after = await rc({ idNumber: born, newborn: '是', paidOn: '2020-05-11' });
    expect(pick(within, 'benefitStart').benefitStart).toBe('2020-02-10');
    expect(pick(after, 'benefitStart').benefitStart).toBe('2020-06-01');
  });
  it('dongying.resident.student_start: new university student → from 09-01 of the payment year', async () => {
    const o = await rc({ newStudent: '是', paidOn: '2020-09-05', coverageYear: 2021 });
    expect(pick(o, 'benefitStart', 'amountDue')).toEqual({ benefitStart: '2020-09-01', amountDue: '250.00' });
  });
});

describe('retirement-supplement: dongying.employee.retirement.min_years men 300 / women 240, dongying.employee.retirement.one_time_supplement round2(AW × 4.5%) a month', () => {
  const rs = (over: RawRow, aw = '6000') => one('retirement-supplement', { idNumber: idFor('19600101', 123), insuredAs: '单位参保', retirementDate: '2020-01-01', actualMonths: 200, ...over }, { 'dongying.averageWage.monthly': aw });
  it('man with 200 actual + 50 deemed → 50 months × 270.00 = 13500.00', async () => {
    const o = await rs({ deemedMonths: 50 });
    // 6000 × 4.5% = 270.00; 300 − 200 − 50 = 50
    expect(pick(o, 'deemedShortMonths', 'deemedShortAmount', 'totalDue')).toEqual({ deemedShortMonths: '50', deemedShortAmount: '13500.00', totalDue: '13500.00' });
    expect(o.results['oneTimePayment']).toBeUndefined();
  });
  it('woman at exactly 240 → 0; at 239 → one month', async () => {
    const f = idFor('19650101', 124);
    expect(pick(await rs({ idNumber: f, actualMonths: 240 }), 'totalDue').totalDue).toBe('0.00');
    expect(pick(await rs({ idNumber: f, actualMonths: 239 }), 'totalDue').totalDue).toBe('270.00');
  });
  it('the monthly amount is rounded first (RULES §General 2)', async () => {
    const o = await rs({ deemedMonths: 93 }, '5555.65');
    // 5555.65 × 4.5% = 250.00425 → 250.00; × 7 = 1750.00 (not round2(1750.02975) = 1750.03)
    expect(pick(o, 'deemedShortMonths', 'totalDue')).toEqual({ deemedShortMonths: '7', totalDue: '1750.00' });
  });
  it('a missing average wage is a row error naming it', async () => {
    const o = await one('retirement-supplement', { idNumber: idFor('19600101', 123), insuredAs: '单位参保', retirementDate: '2020-01-01', actualMonths: 200 });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('dongying.averageWage.monthly');
  });
});

describe('account-refund: dongying.employee.personal_account.ownership_transfer_inheritance (第十八条; catalog default deduction)', () => {
  const ar = (over: RawRow) => one('account-refund', { idNumber: idFor('19500101', 123), balance: '1824.32', handledOn: '2020-08-10', ...over });
  it('leaving (no date of death): the whole balance', async () => {
    expect(pick(await ar({}), 'deduction', 'refund')).toEqual({ deduction: '0.00', refund: '1824.32' });
  });
  it('death in July, handled in August: no month after the death month before handling → nothing deducted', async () => {
    expect(pick(await ar({ deathDate: '2020-07-15', monthlyCredit: '90' }), 'deduction', 'refund')).toEqual({ deduction: '0.00', refund: '1824.32' });
  });
  it('death in July, handled in October: August and September credits deducted', async () => {
    const o = await ar({ deathDate: '2020-07-15', handledOn: '2020-10-10', monthlyCredit: '90' });
    // 2 × 90 = 180; 1824.32 − 180 = 1644.32
    expect(pick(o, 'deduction', 'refund')).toEqual({ deduction: '180.00', refund: '1644.32' });
  });
  it('月划入额 is required when months must be deducted', async () => {
    const o = await ar({ deathDate: '2020-07-15', handledOn: '2020-10-10' });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('月划入额');
  });
});

describe('maternity-allowance: dongying.family_planning.no_allowance — Dongying has no maternity insurance', () => {
  it('every row is 错误 citing the absence', async () => {
    const o = await one('maternity-allowance', { idNumber: idFor('19900101', 124), unitAverageBase: '5000', leaveDays: 158, eventDate: '2020-05-10' });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('未设生育保险');
  });
});
