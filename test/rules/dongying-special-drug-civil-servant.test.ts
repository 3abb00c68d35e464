/** Special drugs (第三十五条, 第三十六条) and the civil-servant subsidy (第三十七条), hand-computed. */
import { describe, expect, it } from 'vitest';
import { emp, pick, res, settle } from '../helpers/dongying.js';

const sd = (over: Record<string, string | number>) => emp({ visitType: '特殊药品', level: '三级', dischargeDate: undefined, ...over });

describe('dongying.employee.critical_illness.city_standard — 80% × cumulative − provincial cumulative', () => {
  it('pays provincial + city; cumulative over the year; the basic fund pays nothing', async () => {
    const out = await settle([
      sd({ totalCost: '10000', provincialCompensation: '3000', visitDate: '2020-02-01' }),
      sd({ totalCost: '5000', provincialCompensation: '0', visitDate: '2020-03-01' }),
    ]);
    // 1: city = 80%×10000 − 3000 = 5000; CI = 3000 + 5000 = 8000; patient 2000
    // 2: city = 80%×15000 − 3000 − 5000 = 4000; CI = 4000; patient 1000
    expect(pick(out[0]!, 'fundPaid', 'criticalIllnessPaid', 'patientPays')).toEqual({ fundPaid: '0.00', criticalIllnessPaid: '8000.00', patientPays: '2000.00' });
    expect(pick(out[1]!, 'criticalIllnessPaid', 'patientPays')).toEqual({ criticalIllnessPaid: '4000.00', patientPays: '1000.00' });
  });
  it('全自费 is outside the compliant cost', async () => {
    const [o] = await settle([sd({ totalCost: '10000', fullySelfPaid: '1000', provincialCompensation: '0' })]);
    // 80% × 9000 = 7200
    expect(pick(o!, 'criticalIllnessPaid').criticalIllnessPaid).toBe('7200.00');
  });
  it('既往大病累计 seeds the cumulative cost as already covered at 80%', async () => {
    const [o] = await settle([sd({ totalCost: '5000', provincialCompensation: '0', priorCriticalBase: '10000' })]);
    // 80% × 15000 − 0 − 8000 (assumed paid) = 4000
    expect(pick(o!, 'criticalIllnessPaid').criticalIllnessPaid).toBe('4000.00');
    expect(o!.basis).toContain('按本系统约定');
  });
  it('省定大病补偿额 is required on employee special-drug rows', async () => {
    const [o] = await settle([sd({ totalCost: '5000' })]);
    expect(o!.status).toBe('error');
    expect(o!.messages[0]).toContain('省定大病补偿额');
  });
  it('dongying.resident.critical_illness.benefit: residents get 大病保险支付 blank with a note, fund 0', async () => {
    const [o] = await settle([res({ visitType: '特殊药品', dischargeDate: undefined, totalCost: '5000' })]);
    expect(o!.status).toBe('ok');
    expect(o!.results['criticalIllnessPaid']).toBeUndefined();
    expect(pick(o!, 'fundPaid', 'patientPays')).toEqual({ fundPaid: '0.00', patientPays: '5000.00' });
    expect(o!.messages.join()).toContain('省规定');
  });
});

describe('dongying.civil_servant.reimbursement — 95% above 10% of 年缴费基数, incremental', () => {
  const cs = { civilServant: '是', annualBase: '60000' };
  it('accumulates the in-scope burden across inpatient and outpatient', async () => {
    const out = await settle([
      emp({ ...cs, level: '三级', totalCost: '20000', dischargeDate: '2020-03-10' }),
      emp({ ...cs, level: '三级', totalCost: '20000', visitDate: '2020-04-01', dischargeDate: '2020-04-10' }),
      emp({ ...cs, visitType: '普通门诊', level: '一级', totalCost: '500', visitDate: '2020-05-01', dischargeDate: undefined }),
    ]);
    // threshold 60000 × 10% = 6000
    // 1: fund (20000−800)×85% = 16320; burden 3680 → cum 3680 < 6000 → 0
    // 2: same fund 16320; burden 3680 → cum 7360 → (7360−6000)×95% = 1292
    // 3: D 400, fund 100×80% = 80; burden 420 → cum 7780 → (1780×95% = 1691) − 1292 = 399
    expect(out.map((o) => pick(o, 'fundPaid', 'civilServantPaid', 'patientPays'))).toEqual([
      { fundPaid: '16320.00', civilServantPaid: '0.00', patientPays: '3680.00' },
      { fundPaid: '16320.00', civilServantPaid: '1292.00', patientPays: '2388.00' },
      { fundPaid: '80.00', civilServantPaid: '399.00', patientPays: '21.00' },
    ]);
  });
  it('the burden excludes 全自费 and the fund, includes the large-medical remainder', async () => {
    const [o] = await settle([emp({ ...cs, annualBase: '10000', priorAdmissions: 2, priorFundPaid: '200000', totalCost: '3000', fullySelfPaid: '1000' })]);
    // E = 2000; fund 0; LM = 2000×95% = 1900; burden = 2000 − 1900 = 100; threshold 1000 → 0
    expect(pick(o!, 'largeSubsidyPaid', 'civilServantPaid', 'patientPays')).toEqual({ largeSubsidyPaid: '1900.00', civilServantPaid: '0.00', patientPays: '1100.00' });
  });
  it('年缴费基数 is required for civil-servant rows', async () => {
    const [o] = await settle([emp({ civilServant: '是', totalCost: '1000' })]);
    expect(o!.status).toBe('error');
    expect(o!.messages[0]).toContain('年缴费基数');
  });
});
