/**
 * Xining 退休一次性补缴, the tables of 六(三)4 by hand (monthly amount rounded to the fen first, RULES §General 2):
 * months: 180−102 = 78; male 360−102−129−78 = 51; female 300−102−69−78 = 51.
 * 单位参保: round2(4817×4.2% = 202.314) = 202.31; ×78 = 15780.18; ×51 = 10317.81.
 * 灵活就业: round2(8029×4.2% = 337.218) = 337.22; ×78 = 26303.16; ×51 = 17198.22.
 * one-time: 8029×12×40% = 38539.20. Totals 64637.19 and 82040.58.
 */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const MALE = idFor('19640101', 123); // odd sequence → 男
const FEMALE = idFor('19690101', 124); // even sequence → 女

async function one(row: Record<string, unknown>, overrides: Record<string, string> = {}) {
  const res = await run('xining-2024', 'retirement-supplement', [{ retirementDate: '2024-08-01', ...row } as never], overrides);
  return res.outcomes[0]!;
}

describe('xining.employee.retirement.min_years, xining.employee.retirement.shortfall_payment, xining.employee.retirement.one_time_payment — 六(三)4 tables', () => {
  const tables: [string, string, number][] = [
    ['男', MALE, 129],
    ['女', FEMALE, 69],
  ];
  for (const [sex, id, deemed] of tables) {
    it(`${sex} 单位参保 (102 actual, ${deemed} deemed): 78/15780.18, 51/10317.81, 38539.20, 64637.19`, async () => {
      const o = await one({ idNumber: id, insuredAs: '单位参保', actualMonths: 102, deemedMonths: deemed, baseBeforeRetirement: 4817 });
      expect(o.status).toBe('ok');
      expect(o.results['actualShortMonths']).toBe(78);
      expect(r2(o.results['actualShortAmount'])).toBe('15780.18');
      expect(o.results['deemedShortMonths']).toBe(51);
      expect(r2(o.results['deemedShortAmount'])).toBe('10317.81');
      expect(r2(o.results['oneTimePayment'])).toBe('38539.20');
      expect(r2(o.results['totalDue'])).toBe('64637.19');
      expect(o.basis).toContain('4817×4.2%=202.31(六(三)4)；202.31×78=15780.18；202.31×51=10317.81');
      expect(o.basis).toContain('(按本系统约定 G1)');
    });

    it(`${sex} 灵活就业 (102 actual, ${deemed} deemed): 78/26303.16, 51/17198.22, 38539.20, 82040.58`, async () => {
      const o = await one({ idNumber: id, insuredAs: '灵活就业', actualMonths: 102, deemedMonths: deemed });
      expect(o.status).toBe('ok');
      expect(o.results['actualShortMonths']).toBe(78);
      expect(r2(o.results['actualShortAmount'])).toBe('26303.16');
      expect(o.results['deemedShortMonths']).toBe(51);
      expect(r2(o.results['deemedShortAmount'])).toBe('17198.22');
      expect(r2(o.results['oneTimePayment'])).toBe('38539.20');
      expect(r2(o.results['totalDue'])).toBe('82040.58');
      expect(o.basis).toContain('8029×4.2%=337.22(六(三)4)；337.22×78=26303.16');
    });
  }

  it('性别 given wins over the ID (with a 警告): 性别=女 on a male ID uses 300 months → 300−102−69−78 = 51', async () => {
    const o = await one({ idNumber: MALE, sex: '女', insuredAs: '单位参保', actualMonths: 102, deemedMonths: 69, baseBeforeRetirement: 4817 });
    expect(o.status).toBe('warning');
    expect(o.results['deemedShortMonths']).toBe(51);
  });
});

describe('boundaries (male, 单位参保, base 4817 → 202.31/month)', () => {
  it('exactly 180 actual months: no actual shortfall; 360−180−100 = 80 months → 202.31×80 = 16184.80 + 38539.20', async () => {
    const o = await one({ idNumber: MALE, insuredAs: '单位参保', actualMonths: 180, deemedMonths: 100, baseBeforeRetirement: 4817 });
    expect(o.results['actualShortMonths']).toBe(0);
    expect(r2(o.results['actualShortAmount'])).toBe('0.00');
    expect(o.results['deemedShortMonths']).toBe(80);
    expect(r2(o.results['deemedShortAmount'])).toBe('16184.80');
    expect(r2(o.results['totalDue'])).toBe('54724.00'); // 16184.80 + 38539.20
  });

  it('179 actual months and enough in total (179+181 = 360): 1 month 202.31 + one-time 38539.20 = 38741.51', async () => {
    const o = await one({ idNumber: MALE, insuredAs: '单位参保', actualMonths: 179, deemedMonths: 181, baseBeforeRetirement: 4817 });
    expect(o.results['actualShortMonths']).toBe(1);
    expect(r2(o.results['actualShortAmount'])).toBe('202.31');
    expect(o.results['deemedShortMonths']).toBe(0); // max(0, 360−179−181−1)
    expect(r2(o.results['oneTimePayment'])).toBe('38539.20');
    expect(r2(o.results['totalDue'])).toBe('38741.51');
  });

  it('exactly the required total with 180 actual: no shortfall, no one-time payment, base not needed', async () => {
    const o = await one({ idNumber: MALE, insuredAs: '单位参保', actualMonths: 180, deemedMonths: 180 });
    expect(o.status).toBe('ok');
    expect(o.results['actualShortMonths']).toBe(0);
    expect(o.results['deemedShortMonths']).toBe(0);
    expect(r2(o.results['oneTimePayment'])).toBe('0.00');
    expect(r2(o.results['totalDue'])).toBe('0.00');
  });

  it('one month short of the total (female 300: 200+99): 1 month 202.31 + 38539.20', async () => {
    const o = await one({ idNumber: FEMALE, insuredAs: '单位参保', actualMonths: 200, deemedMonths: 99, baseBeforeRetirement: 4817 });
    expect(o.results['actualShortMonths']).toBe(0);
    expect(o.results['deemedShortMonths']).toBe(1);
    expect(r2(o.results['totalDue'])).toBe('38741.51');
  });

  it('视同缴费月数 empty counts as 0: male 102 actual → 78 and 360−102−78 = 180', async () => {
    const o = await one({ idNumber: MALE, insuredAs: '单位参保', actualMonths: 102, baseBeforeRetirement: 4817 });
    expect(o.results['deemedShortMonths']).toBe(180);
    expect(r2(o.results['deemedShortAmount'])).toBe('36415.80'); // 202.31×180
  });
});

describe('inputs and the average wage', () => {
  it('单位参保 with a shortfall and no 退休前月缴费基数 is a row error naming the column', async () => {
    const o = await one({ idNumber: MALE, insuredAs: '单位参保', actualMonths: 102, deemedMonths: 129 });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('退休前月缴费基数');
  });

  it('a retirement in 2025 gets 警告 that the average wage may have changed', async () => {
    const o = await one({ idNumber: MALE, insuredAs: '灵活就业', actualMonths: 102, deemedMonths: 129, retirementDate: '2025-03-01' });
    expect(o.status).toBe('warning');
    expect(o.messages.join()).toContain('xining.averageWage.monthly');
    expect(r2(o.results['totalDue'])).toBe('82040.58');
  });
});
