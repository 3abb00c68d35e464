/**
 * Dongying 2018 inpatient settlements (第三十条, 第三十一条, 第三十九条, 第四十六条) with hand-computed values.
 * Notation: E = 医疗总费用 − 全自费 − 乙类自付; D = deductible; fund = round2((E − D) × ratio).
 */
import { describe, expect, it } from 'vitest';
import { emp, ID, pick, res, settle } from '../helpers/dongying.js';
import { idFor } from '../helpers/rows.js';

describe('dongying.inpatient.deductible.by_level — 第三十条 200/500/800, 社区 = 一级', () => {
  it.each([
    // level, ratio, E=1000: D, fund = (1000 − D) × ratio
    ['一级', '200.00', '760.00'], // (1000−200)×95% = 760
    ['社区', '200.00', '760.00'], // 社区 = 一级: same as above
    ['二级', '500.00', '450.00'], // (1000−500)×90% = 450
    ['三级', '800.00', '170.00'], // (1000−800)×85% = 170
  ])('职工 %s: 起付线 %s, fund %s', async (level, d, fund) => {
    const [o] = await settle([emp({ level, totalCost: '1000' })]);
    expect(o!.status).toBe('ok');
    expect(pick(o!, 'deductible', 'fundPaid')).toEqual({ deductible: d, fundPaid: fund });
  });

  it('writes the trace in the documented style', async () => {
    const [o] = await settle([emp({ level: '二级', totalCost: '5000' })]);
    // (5000−500)×90% = 4050
    expect(o!.basis).toBe('起付线500(第三十条·二级·年度第1次)；(5000-500)×90%=4050.00(第三十一条)');
  });
});

describe('dongying.inpatient.deductible.below_threshold_not_counted — E vs the deductible', () => {
  it('E one fen below 500: no fund payment, not counted', async () => {
    const [o] = await settle([emp({ totalCost: '499.99' })]);
    // D = min(500, 499.99) = 499.99; fund 0; 本年住院次数 stays 0
    expect(pick(o!, 'deductible', 'fundPaid', 'patientPays', 'admissionNo')).toEqual({ deductible: '499.99', fundPaid: '0.00', patientPays: '499.99', admissionNo: '0' });
  });
  it('E exactly 500: fund 0 but the admission counts', async () => {
    const [o] = await settle([emp({ totalCost: '500' })]);
    expect(pick(o!, 'deductible', 'fundPaid', 'admissionNo')).toEqual({ deductible: '500.00', fundPaid: '0.00', admissionNo: '1' });
  });
  it('E one fen above 500: fund round2(0.01 × 90%) = 0.01', async () => {
    const [o] = await settle([emp({ totalCost: '500.01' })]);
    expect(pick(o!, 'fundPaid', 'admissionNo')).toEqual({ fundPaid: '0.01', admissionNo: '1' });
  });
  it('an uncounted admission leaves the next one as 年度第1次', async () => {
    const out = await settle([
      emp({ totalCost: '499.99', dischargeDate: '2020-03-10' }),
      emp({ totalCost: '1000', visitDate: '2020-04-01', dischargeDate: '2020-04-10' }),
    ]);
    // 2nd row: still the 1st counted admission → D 500, (1000−500)×90% = 450
    expect(out[1]!.basis).toContain('年度第1次');
    expect(pick(out[1]!, 'deductible', 'fundPaid', 'admissionNo')).toEqual({ deductible: '500.00', fundPaid: '450.00', admissionNo: '1' });
  });
});

describe('deductible boundaries at every level (第三十条)', () => {
  it.each([
    // level, E, D charged, fund, counted
    ['一级', '199.99', '199.99', '0.00', '0'], // below 200: all of E is deductible, not counted
    ['一级', '200', '200.00', '0.00', '1'], // equal: counts
    ['一级', '200.01', '200.00', '0.01', '1'], // 0.01 × 95% = 0.0095 → 0.01
    ['社区', '199.99', '199.99', '0.00', '0'], // 社区 = 一级
    ['三级', '799.99', '799.99', '0.00', '0'],
    ['三级', '800', '800.00', '0.00', '1'],
    ['三级', '800.01', '800.00', '0.01', '1'], // 0.01 × 85% = 0.0085 → 0.01
  ])('%s E %s → D %s, fund %s, 本年住院次数 %s', async (level, totalCost, d, fund, n) => {
    const [o] = await settle([emp({ level, totalCost })]);
    expect(pick(o!, 'deductible', 'fundPaid', 'admissionNo')).toEqual({ deductible: d, fundPaid: fund, admissionNo: n });
  });
  it('居民 二级 below/at the deductible behave the same', async () => {
    const out = await settle([
      res({ totalCost: '499.99', dischargeDate: '2020-03-10' }),
      res({ totalCost: '500', visitDate: '2020-04-01', dischargeDate: '2020-04-10' }),
    ]);
    expect(out.map((o) => pick(o, 'fundPaid', 'admissionNo'))).toEqual([
      { fundPaid: '0.00', admissionNo: '0' },
      { fundPaid: '0.00', admissionNo: '1' },
    ]);
  });
});

describe('dongying.inpatient.deductible.admission_sequence — no deductible from the 3rd admission', () => {
  it('1st and 2nd pay 500, the 3rd none', async () => {
    const out = await settle([
      emp({ totalCost: '1000', dischargeDate: '2020-03-10' }),
      emp({ totalCost: '1000', visitDate: '2020-04-01', dischargeDate: '2020-04-10' }),
      emp({ totalCost: '1000', visitDate: '2020-05-01', dischargeDate: '2020-05-10' }),
    ]);
    // 1st, 2nd: (1000−500)×90% = 450; 3rd: 1000×90% = 900
    expect(out.map((o) => pick(o, 'deductible', 'fundPaid', 'admissionNo'))).toEqual([
      { deductible: '500.00', fundPaid: '450.00', admissionNo: '1' },
      { deductible: '500.00', fundPaid: '450.00', admissionNo: '2' },
      { deductible: '0.00', fundPaid: '900.00', admissionNo: '3' },
    ]);
    // ytd: 450 + 450 + 900 = 1800
    expect(pick(out[2]!, 'ytdFundPaid').ytdFundPaid).toBe('1800.00');
  });
  it('既往住院次数 = 2 seeds the count: the first row of the batch is the 3rd', async () => {
    const [o] = await settle([emp({ totalCost: '1000', priorAdmissions: 2 })]);
    expect(pick(o!, 'deductible', 'fundPaid', 'admissionNo')).toEqual({ deductible: '0.00', fundPaid: '900.00', admissionNo: '3' });
  });
  it('rows are applied in 出院日期 order, not sheet order', async () => {
    const out = await settle([
      emp({ totalCost: '1000', visitDate: '2020-05-01', dischargeDate: '2020-05-10' }),
      emp({ totalCost: '1000', visitDate: '2020-03-01', dischargeDate: '2020-03-10' }),
    ]);
    expect(pick(out[0]!, 'admissionNo').admissionNo).toBe('2');
    expect(pick(out[1]!, 'admissionNo').admissionNo).toBe('1');
  });
});

describe('dongying.inpatient.deductible.transfer — 转出医院等级', () => {
  it('going up pays the difference less what was charged, and does not count again', async () => {
    const out = await settle([
      emp({ level: '一级', totalCost: '1000', dischargeDate: '2020-03-10' }),
      emp({ level: '三级', transferFromLevel: '一级', totalCost: '2000', visitDate: '2020-03-10', dischargeDate: '2020-03-20' }),
    ]);
    // leg 1: D 200, (1000−200)×95% = 760; leg 2: D = 800 − 200 = 600, (2000−600)×85% = 1190
    expect(pick(out[0]!, 'deductible', 'fundPaid')).toEqual({ deductible: '200.00', fundPaid: '760.00' });
    expect(pick(out[1]!, 'deductible', 'fundPaid', 'admissionNo')).toEqual({ deductible: '600.00', fundPaid: '1190.00', admissionNo: '1' });
    expect(out[1]!.basis).toContain('补差800-200');
  });
  it('going up after a leg that was charged less than its standard (E below it) pays 800 − charged', async () => {
    const out = await settle([
      emp({ level: '一级', totalCost: '150', dischargeDate: '2020-03-10' }),
      emp({ level: '三级', transferFromLevel: '一级', totalCost: '2000', visitDate: '2020-03-10', dischargeDate: '2020-03-20' }),
    ]);
    // leg 1 charged 150 (E < 200); leg 2: D = 800 − 150 = 650, (2000−650)×85% = 1147.50
    expect(pick(out[1]!, 'deductible', 'fundPaid')).toEqual({ deductible: '650.00', fundPaid: '1147.50' });
  });
  it('going down or to the same level charges nothing', async () => {
    const out = await settle([
      emp({ level: '三级', totalCost: '1000', dischargeDate: '2020-03-10' }),
      emp({ level: '二级', transferFromLevel: '三级', totalCost: '1000', visitDate: '2020-03-10', dischargeDate: '2020-03-20' }),
      emp({ level: '二级', transferFromLevel: '二级', totalCost: '1000', visitDate: '2020-03-20', dischargeDate: '2020-03-25' }),
    ]);
    // leg 1: (1000−800)×85% = 170; legs 2, 3: D 0, 1000×90% = 900; count stays 1
    expect(out.map((o) => pick(o, 'deductible', 'fundPaid', 'admissionNo'))).toEqual([
      { deductible: '800.00', fundPaid: '170.00', admissionNo: '1' },
      { deductible: '0.00', fundPaid: '900.00', admissionNo: '1' },
      { deductible: '0.00', fundPaid: '900.00', admissionNo: '1' },
    ]);
  });
  it('a transfer whose first leg is not in the batch assumes the lower standard was charged (按本系统约定)', async () => {
    const [o] = await settle([emp({ level: '三级', transferFromLevel: '二级', priorAdmissions: 1, totalCost: '1000' })]);
    // D = 800 − 500 = 300; (1000−300)×85% = 595
    expect(pick(o!, 'deductible', 'fundPaid', 'admissionNo')).toEqual({ deductible: '300.00', fundPaid: '595.00', admissionNo: '1' });
    expect(o!.basis).toContain('按本系统约定');
  });
});

describe('dongying.employee.inpatient.ratio / dongying.resident.inpatient.ratio — 第三十一条 职工 95/90/85, 居民 90/75/60; Class B', () => {
  it.each([
    ['一级', '720.00'], // (1000−200)×90%
    ['二级', '375.00'], // (1000−500)×75%
    ['三级', '120.00'], // (1000−800)×60%
  ])('居民 %s → %s', async (level, fund) => {
    const [o] = await settle([res({ level, totalCost: '1000' })]);
    expect(pick(o!, 'fundPaid').fundPaid).toBe(fund);
    expect(o!.results['largeSubsidyPaid']).toBeUndefined();
  });
  it('乙类费用 → 10% self-pay for 职工 (RULES §General 12)', async () => {
    const [o] = await settle([emp({ totalCost: '5200', fullySelfPaid: '100', classBCost: '1000' })]);
    // PB = 1000×10% = 100; E = 5200−100−100 = 5000; (5000−500)×90% = 4050; patient 5200−4050 = 1150
    expect(pick(o!, 'eligibleCost', 'fundPaid', 'patientPays')).toEqual({ eligibleCost: '5000.00', fundPaid: '4050.00', patientPays: '1150.00' });
    expect(o!.basis).toContain('乙类自付=1000×10%=100.00(第三十一条)');
  });
  it('乙类费用 → 20% self-pay for 居民, rounded to the fen', async () => {
    const [o] = await settle([res({ totalCost: '2000', classBCost: '333.33' })]);
    // PB = round2(333.33×20% = 66.666) = 66.67; E = 1933.33; (1933.33−500)×75% = 1074.9975 → 1075.00
    expect(pick(o!, 'eligibleCost', 'fundPaid')).toEqual({ eligibleCost: '1933.33', fundPaid: '1075.00' });
  });
  it('乙类自付金额 given beats 乙类费用', async () => {
    const [o] = await settle([emp({ totalCost: '2000', classBSelfPay: '50', classBCost: '1000' })]);
    // E = 2000 − 50 = 1950; (1950−500)×90% = 1305
    expect(pick(o!, 'eligibleCost', 'fundPaid')).toEqual({ eligibleCost: '1950.00', fundPaid: '1305.00' });
  });
  it('dongying.family_planning.inpatient: 生育 settles as ordinary inpatient (第四十条)', async () => {
    const [o] = await settle([emp({ idNumber: idFor('19800101', 124), visitType: '生育', totalCost: '3000' })]);
    // (3000−500)×90% = 2250
    expect(pick(o!, 'fundPaid', 'admissionNo')).toEqual({ fundPaid: '2250.00', admissionNo: '1' });
    expect(o!.basis).toContain('第四十条');
    expect(o!.results['maternityPaid']).toBeUndefined();
  });
});

describe('dongying.out_of_area.referral, dongying.out_of_area.emergency_posting_residence (第三十九条) and dongying.resident.interruption_penalty (第四十六条)', () => {
  it.each([
    ['异地转诊已备案', '75%', '675.00'], // 85 − 10 = 75; (1400−500)×75% = 675 (二级 deductible)
    ['异地转诊未备案', '65%', '585.00'], // 85 − 20 = 65; 900 × 65% = 585
    ['异地急诊', '90%', '810.00'], // local 二级 ratio: 900 × 90%
    ['异地长期居住', '90%', '810.00'],
  ])('职工 二级 %s → ratio %s', async (location, _r, fund) => {
    const [o] = await settle([emp({ location, totalCost: '1400' })]);
    expect(pick(o!, 'fundPaid').fundPaid).toBe(fund);
  });
  it('异地临时外出 is not covered: funds 0, 警告', async () => {
    const [o] = await settle([emp({ location: '异地临时外出', totalCost: '1400' })]);
    expect(o!.status).toBe('warning');
    expect(pick(o!, 'fundPaid', 'totalFundPaid', 'patientPays', 'admissionNo')).toEqual({ fundPaid: '0.00', totalFundPaid: '0.00', patientPays: '1400.00', admissionNo: '0' });
    expect(o!.messages.join()).toContain('第三十九条');
  });
  it('居民 referral unfiled: 60 − 20 = 40%, then 2 years of interruption − 2 points = 38%', async () => {
    const [o] = await settle([res({ location: '异地转诊未备案', interruptionYears: 2, totalCost: '10000' })]);
    // (10000−500)×38% = 3610
    expect(pick(o!, 'fundPaid').fundPaid).toBe('3610.00');
  });
  it('居民 一级 with 1 year of interruption: 90 − 1 = 89%', async () => {
    const [o] = await settle([res({ level: '一级', interruptionYears: 1, totalCost: '1200' })]);
    // (1200−200)×89% = 890
    expect(pick(o!, 'fundPaid').fundPaid).toBe('890.00');
  });
});

describe('dongying.general.benefit_exclusions and dongying.employee.no_pool_during_interruption_or_waiting (RULES §General 14)', () => {
  it('不予支付情形 → every fund 0, 警告 citing 第三十八条, the admission does not count', async () => {
    const [o] = await settle([emp({ exclusion: '工伤', totalCost: '3000' })]);
    expect(o!.status).toBe('warning');
    expect(o!.messages.join()).toContain('第三十八条');
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid', 'totalFundPaid', 'patientPays', 'admissionNo')).toEqual({ fundPaid: '0.00', largeSubsidyPaid: '0.00', totalFundPaid: '0.00', patientPays: '3000.00', admissionNo: '0' });
  });
  it.each(['等待期', '中断', '欠费超6个月'])('待遇状态 %s → pooled funds 0', async (benefitStatus) => {
    const [o] = await settle([emp({ benefitStatus, totalCost: '3000' })]);
    expect(o!.status).toBe('warning');
    expect(pick(o!, 'totalFundPaid', 'patientPays')).toEqual({ totalFundPaid: '0.00', patientPays: '3000.00' });
  });
  it('两病门诊 has no Dongying rule → 错误', async () => {
    const [o] = await settle([emp({ visitType: '两病门诊', level: '一级', totalCost: '100' })]);
    expect(o!.status).toBe('error');
    expect(o!.messages[0]).toContain('两病门诊');
  });
  it('药店 is not a level for inpatient → 错误 naming the column', async () => {
    const [o] = await settle([emp({ level: '药店', totalCost: '100' })]);
    expect(o!.status).toBe('error');
    expect(o!.messages[0]).toContain('医院等级');
  });
  it('差异 = 统筹基金支付 − 医院计算统筹支付; 救助类别 → note, 医疗救助支付 blank', async () => {
    const [o] = await settle([emp({ totalCost: '1000', hisFundPaid: '440', assistance: '低保' })]);
    // fund 450 − 440 = 10
    expect(pick(o!, 'difference').difference).toBe('10.00');
    expect(o!.results['assistancePaid']).toBeUndefined();
    expect(o!.messages.join()).toContain('医疗救助');
    expect(o!.status).toBe('ok');
  });
  it('a row dated before 2018-04-01 is computed with 警告, parameters as at the start', async () => {
    const [o] = await settle([emp({ visitDate: '2018-01-02', dischargeDate: '2018-01-10', totalCost: '1000' })]);
    expect(o!.status).toBe('warning');
    expect(o!.messages.join()).toContain('超出政策有效期');
    expect(pick(o!, 'fundPaid').fundPaid).toBe('450.00');
  });
  it('a row dated outside 2018-04-01..2022-12-31 is computed with 警告', async () => {
    const [o] = await settle([emp({ idNumber: ID, visitDate: '2023-02-01', dischargeDate: '2023-02-10', totalCost: '1000' })]);
    expect(o!.status).toBe('warning');
    expect(pick(o!, 'fundPaid').fundPaid).toBe('450.00');
  });
});
