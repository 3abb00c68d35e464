/**
 * Annual caps (第二十八条) and the large-medical subsidy (第三十四条, 300,000 with 第三十六条).
 * All employee rows are 二级 (90%) and seeded as the 3rd admission (既往住院次数 2 → D = 0), so
 * fund = min(E × 90%, 200000 − 既往统筹支付).
 */
import { describe, expect, it } from 'vitest';
import { emp, pick, res, settle } from '../helpers/dongying.js';

const seeded = (over: Record<string, string | number>) => emp({ priorAdmissions: 2, priorFundPaid: '199100', ...over });

describe('dongying.employee.annual_pool_cap — 200,000, then dongying.large_medical.reimbursement', () => {
  it('ending at 199,999.99: the cap does not bind, no large-medical payment', async () => {
    const [o] = await settle([seeded({ totalCost: '999.99' })]);
    // 999.99 × 90% = 899.991 → 899.99; 199100 + 899.99 = 199999.99
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid', 'ytdFundPaid')).toEqual({ fundPaid: '899.99', largeSubsidyPaid: '0.00', ytdFundPaid: '199999.99' });
  });
  it('ending exactly at 200,000: the cap is reached, not exceeded → no large-medical payment', async () => {
    const [o] = await settle([seeded({ totalCost: '1000' })]);
    // 1000 × 90% = 900 = room 900
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid', 'ytdFundPaid')).toEqual({ fundPaid: '900.00', largeSubsidyPaid: '0.00', ytdFundPaid: '200000.00' });
  });
  it('beyond: the fund pays the room and the large-medical subsidy 95% of the cost beyond the binding point', async () => {
    const [o] = await settle([seeded({ totalCost: '2000' })]);
    // fund = min(1800, 900) = 900; beyond = 2000 − 900 ÷ 90% = 1000; LM = 1000 × 95% = 950; patient = 2000 − 1850 = 150
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid', 'totalFundPaid', 'patientPays')).toEqual({ fundPaid: '900.00', largeSubsidyPaid: '950.00', totalFundPaid: '1850.00', patientPays: '150.00' });
    expect(o!.basis).toContain('按本系统约定');
    expect(o!.basis).toContain('第二十八条');
  });
  it('cap already used up: fund 0, large-medical 95% of E − D', async () => {
    const [o] = await settle([seeded({ priorFundPaid: '200000', totalCost: '1000' })]);
    // fund 0; beyond = 1000 − 0 = 1000; LM 950
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid')).toEqual({ fundPaid: '0.00', largeSubsidyPaid: '950.00' });
  });
  it('大额医疗补助 = 否: nothing beyond the cap, with a note', async () => {
    const [o] = await settle([seeded({ totalCost: '2000', largeSubsidy: '否' })]);
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid', 'patientPays')).toEqual({ fundPaid: '900.00', largeSubsidyPaid: '0.00', patientPays: '1100.00' });
    expect(o!.messages.join()).toContain('第三十四条');
  });
  it('the cap carries across rows of the batch', async () => {
    const out = await settle([
      emp({ priorAdmissions: 2, priorFundPaid: '198000', totalCost: '1000', dischargeDate: '2020-03-10' }),
      emp({ totalCost: '2000', visitDate: '2020-04-01', dischargeDate: '2020-04-10' }),
    ]);
    // row 1: 900 (ytd 198900); row 2: min(1800, 1100) = 1100; beyond = 2000 − 1100/0.9 = 777.777…; LM = round2(738.888…) = 738.89
    expect(pick(out[1]!, 'fundPaid', 'largeSubsidyPaid', 'ytdFundPaid')).toEqual({ fundPaid: '1100.00', largeSubsidyPaid: '738.89', ytdFundPaid: '200000.00' });
  });
});

describe('dongying.large_medical.combined_cap_with_city_ci — 300,000', () => {
  it('the large-medical payment stops at 300,000', async () => {
    const [o] = await settle([seeded({ priorFundPaid: '200000', totalCost: '316000' })]);
    // due = 316000 × 95% = 300200 → capped at 300000; patient 16000
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid', 'patientPays')).toEqual({ fundPaid: '0.00', largeSubsidyPaid: '300000.00', patientPays: '16000.00' });
    expect(o!.basis).toContain('第三十六条');
  });
  it('city special-drug payments share the 300,000', async () => {
    const out = await settle([
      // special drug: 80% × 100000 − 0 = 80000 city standard
      emp({ visitType: '特殊药品', visitDate: '2020-02-01', totalCost: '100000', provincialCompensation: '0', priorFundPaid: '200000', priorAdmissions: 2 }),
      // LM due = 300000 × 95% = 285000 → only 300000 − 80000 = 220000 left
      emp({ totalCost: '300000', visitDate: '2020-03-01', dischargeDate: '2020-03-10' }),
    ]);
    expect(pick(out[0]!, 'criticalIllnessPaid').criticalIllnessPaid).toBe('80000.00');
    expect(pick(out[1]!, 'largeSubsidyPaid').largeSubsidyPaid).toBe('220000.00');
  });
});

describe('the 300,000 also caps the city special-drug standard', () => {
  it('after 300,000 of large-medical payments the city standard pays nothing; the provincial amount still passes', async () => {
    const out = await settle([
      seeded({ priorFundPaid: '200000', totalCost: '316000', dischargeDate: '2020-03-10' }),
      emp({ visitType: '特殊药品', visitDate: '2020-04-01', dischargeDate: undefined, totalCost: '10000', provincialCompensation: '1000' }),
    ]);
    // LM 300000 (see above); city due = 80%×10000 − 1000 = 7000 → room 0; CI = provincial 1000 only
    expect(pick(out[1]!, 'criticalIllnessPaid', 'patientPays')).toEqual({ criticalIllnessPaid: '1000.00', patientPays: '9000.00' });
    expect(out[1]!.basis).toContain('剩余0.00');
  });
});

describe('dongying.resident.annual_pool_cap — 160,000, no large-medical subsidy', () => {
  it('binds at 160,000', async () => {
    const [o] = await settle([res({ level: '一级', priorAdmissions: 2, priorFundPaid: '159000', totalCost: '2000' })]);
    // 2000 × 90% = 1800 → room 1000
    expect(pick(o!, 'fundPaid', 'ytdFundPaid', 'patientPays')).toEqual({ fundPaid: '1000.00', ytdFundPaid: '160000.00', patientPays: '1000.00' });
    expect(o!.results['largeSubsidyPaid']).toBeUndefined();
  });
});
