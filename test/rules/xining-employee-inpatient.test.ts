import { describe, expect, it } from 'vitest';
import { r2, run } from '../helpers/rows.js';
import { emp } from './xining-settle-helpers.js';

/** The handbook's 张某: 在职, 二级, February 2024 (dates as in the shared builder). */
const base = emp({ settlementId: 'S1' });

describe('xining.employee.inpatient.formula — 二(二)4(5) 报销案例', () => {
  it('reproduces 张某: (7959.12－258－170.75－550)×80%=5584.30', async () => {
    const res = await run('xining-2024', 'settlements', [{ ...base, totalCost: '7959.12', fullySelfPaid: 258, classBSelfPay: '170.75' }]);
    const o = res.outcomes[0]!;
    expect(o.status).toBe('ok');
    expect(r2(o.results['deductible'])).toBe('550.00');
    expect(r2(o.results['fundPaid'])).toBe('5584.30');
    expect(r2(o.results['patientPays'])).toBe('2374.82');
    expect(o.basis).toBe('起付线550(二(二)4(1)·二级·年度第1次)；(7959.12-258-170.75-550)×80%=5584.30(二(二)4(1))');
  });

  it('差异 = 统筹基金支付 − 医院计算统筹支付 (5584.30 − 5584.00 = 0.30)', async () => {
    const res = await run('xining-2024', 'settlements', [{ ...base, totalCost: '7959.12', fullySelfPaid: 258, classBSelfPay: '170.75', hisFundPaid: '5584.00' }]);
    expect(r2(res.outcomes[0]!.results['difference'])).toBe('0.30');
    const none = await run('xining-2024', 'settlements', [{ ...base, totalCost: '7959.12', fullySelfPaid: 258, classBSelfPay: '170.75' }]);
    expect(none.outcomes[0]!.results['difference']).toBeUndefined();
  });
});

describe('xining.employee.inpatient.deductible — boundaries (二级 first admission 550; 全自费 2000 keeps the total above the 2000 small-bill line)', () => {
  // E = T − X: 549.99 / 550.00 / 550.01. Fund = (E − D) × 80%: 0 / 0 / 0.008 → 0.01.
  it.each([
    ['2549.99', '549.99', '0.00'],
    ['2550.00', '550.00', '0.00'],
    ['2550.01', '550.00', '0.01'],
  ])('T=%s → 起付线 %s, 统筹 %s', async (total, deductible, fund) => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: total, fullySelfPaid: 2000 })]);
    const o = res.outcomes[0]!;
    expect(o.status).toBe('ok');
    expect(r2(o.results['deductible'])).toBe(deductible);
    expect(r2(o.results['fundPaid'])).toBe(fund);
    expect(r2(o.results['admissionNo'])).toBe('1');
  });

  it('4 admissions of a 三级 retiree: 750, 650, 600, then the 4th uses the 3rd (600); every admission counts', async () => {
    // T = 10000 each: (10000−750)×80% = 7400; (10000−650)×80% = 7480; (10000−600)×80% = 7520 twice.
    const rows = ['2024-01-10', '2024-03-10', '2024-05-10', '2024-07-10'].map((d) =>
      emp({ employmentStatus: '退休', level: '三级', visitDate: d, dischargeDate: d, totalCost: 10000 }),
    );
    const res = await run('xining-2024', 'settlements', rows);
    expect(res.outcomes.map((o) => r2(o.results['deductible']))).toEqual(['750.00', '650.00', '600.00', '600.00']);
    expect(res.outcomes.map((o) => r2(o.results['fundPaid']))).toEqual(['7400.00', '7480.00', '7520.00', '7520.00']);
    expect(res.outcomes.map((o) => o.results['admissionNo'])).toEqual([1, 2, 3, 4]);
    expect(res.outcomes[3]!.basis).toContain('起付线600(二(二)4(1)·三级·年度第4次，按第三次及以后)(按本系统约定 XN13)');
    // CI (二(二)4(2)): burdens 2600, 2520, 2480 → 7600 > 7000 → (600)×85% = 510.00; then +2480 → 10080 → 3080×85% = 2618 − 510 = 2108.00.
    expect(res.outcomes.map((o) => r2(o.results['criticalIllnessPaid']))).toEqual(['0.00', '0.00', '510.00', '2108.00']);
  });

  it('既往住院次数 seeds the ordinal: prior 2 → this is the 3rd (二级 400)', async () => {
    // (5000 − 400) × 80% = 3680.00
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 5000, priorAdmissions: 2 })]);
    expect(r2(res.outcomes[0]!.results['deductible'])).toBe('400.00');
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('3680.00');
    expect(res.outcomes[0]!.results['admissionNo']).toBe(3);
  });
});

describe('xining.employee.inpatient.long_stay_second_deductible — 八7: 60 days or more pays two deductibles and counts twice', () => {
  it('59 days: one deductible (550); 60 days: 550+450 and the next admission is the 3rd', async () => {
    // 2024-03-01 → 2024-04-29 = 59 days: (10000−550)×80% = 7560.00.
    const short = await run('xining-2024', 'settlements', [emp({ visitDate: '2024-03-01', dischargeDate: '2024-04-29', totalCost: 10000 })]);
    expect(r2(short.outcomes[0]!.results['deductible'])).toBe('550.00');
    expect(r2(short.outcomes[0]!.results['fundPaid'])).toBe('7560.00');
    expect(short.outcomes[0]!.results['admissionNo']).toBe(1);
    // 2024-03-01 → 2024-04-30 = 60 days: (10000−1000)×80% = 7200.00; then a 3rd admission: (10000−400)×80% = 7680.00.
    const long = await run('xining-2024', 'settlements', [
      emp({ visitDate: '2024-03-01', dischargeDate: '2024-04-30', totalCost: 10000 }),
      emp({ visitDate: '2024-06-01', dischargeDate: '2024-06-05', totalCost: 10000 }),
    ]);
    expect(r2(long.outcomes[0]!.results['deductible'])).toBe('1000.00');
    expect(r2(long.outcomes[0]!.results['fundPaid'])).toBe('7200.00');
    expect(long.outcomes[0]!.results['admissionNo']).toBe(2);
    expect(long.outcomes[0]!.basis).toContain('起付线550+450=1000(二(二)4(1)·二级·年度第1、2次；连续住院60天≥60天收两次起付线 八7)(按本系统约定 XN12)');
    expect(r2(long.outcomes[1]!.results['deductible'])).toBe('400.00');
    expect(r2(long.outcomes[1]!.results['fundPaid'])).toBe('7680.00');
    expect(long.outcomes[1]!.results['admissionNo']).toBe(3);
  });
});

describe('xining.employee.inpatient.small_bill_guarantee — 八7: total ≤ 2000 → in-scope burden ≤ 30% of (T − 全自费)', () => {
  it('2000.00 at 三级 在职: formula gives (2000−750)×75% = 937.50, burden 1062.50 > 600 → fund 2000 − 600 = 1400.00', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: '2000.00' })]);
    const o = res.outcomes[0]!;
    expect(r2(o.results['fundPaid'])).toBe('1400.00');
    expect(r2(o.results['patientPays'])).toBe('600.00');
    expect(o.basis).toContain('住院医疗费2000≤2000');
  });
  it('2000.01: no guarantee: (2000.01−750)×75% = 937.5075 → 937.51', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: '2000.01' })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('937.51');
  });
  it('全自费 stays with the patient: T 2000, X 200 → fund ≥ 1800 − 540 = 1260.00, patient 740.00', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: 2000, fullySelfPaid: 200 })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('1260.00');
    expect(r2(res.outcomes[0]!.results['patientPays'])).toBe('740.00');
  });
  it('does not raise a fund payment that already leaves less than 30%: 一级 在职 T 2000 → (2000−350)×85% = 1402.50 (burden 597.50)', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '一级', totalCost: 2000 })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('1402.50');
  });
});

describe('xining.employee.inpatient.cap — 25万 a year across rows (一级 在职, T 2350: (2350−350)×85% = 1700; 2nd (2250−250)×85% = 1700)', () => {
  const rows = (prior: string) => [
    emp({ level: '一级', totalCost: 2350, priorFundPaid: prior, visitDate: '2024-01-02', dischargeDate: '2024-01-05' }),
    emp({ level: '一级', totalCost: 2250, visitDate: '2024-02-02', dischargeDate: '2024-02-05' }),
    emp({ level: '一级', totalCost: 2200, visitDate: '2024-03-02', dischargeDate: '2024-03-05' }),
  ];
  it('prior 248,000: 1700 (just below), then 300 (cut at the cap), then 0', async () => {
    const res = await run('xining-2024', 'settlements', rows('248000'));
    expect(res.outcomes.map((o) => r2(o.results['fundPaid']))).toEqual(['1700.00', '300.00', '0.00']);
    expect(res.outcomes.map((o) => r2(o.results['ytdFundPaid']))).toEqual(['249700.00', '250000.00', '250000.00']);
    expect(res.outcomes[1]!.basis).toContain('职工住院年度最高支付限额250000，本年剩余300，支付300.00(二(二)4(1))');
  });
  it('prior 248,300: the first row reaches the cap exactly (1700, not cut), the rest 0', async () => {
    const res = await run('xining-2024', 'settlements', rows('248300'));
    expect(res.outcomes.map((o) => r2(o.results['fundPaid']))).toEqual(['1700.00', '0.00', '0.00']);
    expect(res.outcomes[0]!.basis).not.toContain('最高支付限额');
  });
  it('special drugs count toward the 25万: prior 249,000, a special drug at 二级 (1000×80% = 800) leaves 200 for the next admission', async () => {
    const res = await run('xining-2024', 'settlements', [
      emp({ visitType: '特殊药品', totalCost: 1000, priorFundPaid: '249000', visitDate: '2024-01-02', dischargeDate: undefined }),
      emp({ level: '一级', totalCost: 2350, visitDate: '2024-02-02', dischargeDate: '2024-02-05' }),
    ]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('800.00');
    expect(r2(res.outcomes[1]!.results['fundPaid'])).toBe('200.00');
  });
});

describe('xining.flexible.new_enrollee_waiting and xining.flexible.first_12_months_inpatient_cap — 二(一)2(2)注3 and 八7 (三级, T 20000: (20000−750)×75% = 14437.50)', () => {
  const flex = (months: number, over = {}) => emp({ employmentStatus: '灵活就业', level: '三级', totalCost: 20000, enrolledMonths: months, ...over });
  it('5 months: no inpatient benefit (警告), admission not counted', async () => {
    const res = await run('xining-2024', 'settlements', [flex(5)]);
    const o = res.outcomes[0]!;
    expect(o.status).toBe('warning');
    expect(r2(o.results['fundPaid'])).toBe('0.00');
    expect(r2(o.results['patientPays'])).toBe('20000.00');
    expect(o.results['admissionNo']).toBe(0);
  });
  it.each([
    [6, '10000.00'],
    [11, '10000.00'],
    [12, '14437.50'],
  ])('%i months → %s', async (months, fund) => {
    const res = await run('xining-2024', 'settlements', [flex(months)]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe(fund);
  });
  it('the 1万 is a total over rows: 6937.50 then 3062.50 (of 7012.50) then 0', async () => {
    // (10000−750)×75% = 6937.50; 2nd (10000−650)×75% = 7012.50 → 10000 − 6937.50 = 3062.50 left.
    const res = await run('xining-2024', 'settlements', [
      flex(8, { totalCost: 10000, visitDate: '2024-01-02', dischargeDate: '2024-01-05' }),
      flex(9, { totalCost: 10000, visitDate: '2024-02-02', dischargeDate: '2024-02-05' }),
      flex(10, { totalCost: 10000, visitDate: '2024-03-02', dischargeDate: '2024-03-05' }),
    ]);
    expect(res.outcomes.map((o) => r2(o.results['fundPaid']))).toEqual(['6937.50', '3062.50', '0.00']);
  });
  it('既往统筹支付 of a flexible worker under 12 months counts toward the 1万: prior 9000 → 1000.00 left', async () => {
    const res = await run('xining-2024', 'settlements', [flex(9, { priorFundPaid: 9000 })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('1000.00');
    expect(res.outcomes[0]!.basis).toContain('住院统筹封顶1万元，剩余1000，支付1000.00(八7)');
  });
  it('灵活就业 = 在职 ratio (convention) and is marked so', async () => {
    const res = await run('xining-2024', 'settlements', [flex(24)]);
    expect(res.outcomes[0]!.basis).toContain('灵活就业人员按在职比例(按本系统约定 XN10)');
  });
});

describe('xining.cross_province.temporary_unreferred_reduction, xining.employee.inpatient.ratio (社区), xining.general.fund_exclusions, 待遇状态, xining.classB.self_pay', () => {
  it('异地临时外出: 二级 在职 80% − 10 points = 70%: (10000−550)×70% = 6615.00', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, location: '异地临时外出' })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('6615.00');
    expect(res.outcomes[0]!.basis).toContain('80%下浮10个百分点为70%');
  });
  it('异地临时外出 with the points overridden to −5: 80% − 5 = 75%, (10000−550)×75% = 7087.50, and 计算依据 says 5, not the text\'s 10', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, location: '异地临时外出' })], { 'xining.crossProvince.temporary.points': '-5' });
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('7087.50');
    expect(res.outcomes[0]!.basis).toContain('80%下浮5个百分点为75%');
  });
  it('异地转诊已备案: no reduction (7560.00)', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, location: '异地转诊已备案' })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('7560.00');
  });
  it('社区 = 一级 by convention: (10000−350)×85% = 8202.50', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, level: '社区' })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('8202.50');
    expect(res.outcomes[0]!.basis).toContain('社区定点医疗机构按一级(按本系统约定 XN9)');
  });
  it('药店 is no inpatient level: row error naming the column', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, level: '药店' })]);
    expect(res.outcomes[0]!.status).toBe('error');
    expect(res.outcomes[0]!.messages[0]).toContain('医院等级');
  });
  it('不予支付情形 → every fund 0, 警告 citing 七(一); the admission does not count', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, exclusion: '工伤', civilServant: '是' })]);
    const o = res.outcomes[0]!;
    expect(o.status).toBe('warning');
    expect(r2(o.results['totalFundPaid'])).toBe('0.00');
    expect(r2(o.results['patientPays'])).toBe('10000.00');
    expect(o.messages.join()).toContain('七(一)');
    expect(o.results['admissionNo']).toBe(0);
  });
  it('待遇状态 等待期 → pooled funds 0 with 警告', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, benefitStatus: '等待期' })]);
    expect(res.outcomes[0]!.status).toBe('warning');
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('0.00');
  });
  it('乙类费用 without 乙类自付金额 → error naming xining.classB.selfPayRate; with the parameter set: 1000×10% = 100 → (10000−100−550)×80% = 7480.00', async () => {
    const missing = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, classBCost: 1000 })]);
    expect(missing.outcomes[0]!.status).toBe('error');
    expect(missing.outcomes[0]!.messages[0]).toContain('xining.classB.selfPayRate');
    const set = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, classBCost: 1000 })], { 'xining.classB.selfPayRate': '0.1' });
    expect(set.outcomes[0]!.status).toBe('ok');
    expect(r2(set.outcomes[0]!.results['fundPaid'])).toBe('7480.00');
  });
});

describe('xining.employee.critical_illness.benefit and xining.civil_servant.inpatient (三级 在职 first admission)', () => {
  // In-scope burden = T − fund = 750 + (T − 750) × 25%.
  it.each([
    ['25750.00', '18750.00', '0.00'], // burden exactly 7000.00 → nothing
    ['25750.04', '18750.03', '0.01'], // burden 7000.01 → 0.0085 → 0.01
    ['26750.00', '19500.00', '212.50'], // burden 7250 → 250 × 85%
  ])('T=%s → fund %s, CI %s', async (total, fund, ci) => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: total })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe(fund);
    expect(r2(res.outcomes[0]!.results['criticalIllnessPaid'])).toBe(ci);
  });
  it('civil servant: 80% of what CI left: (7250 − 212.50) × 80% = 5630.00; patient 1407.50', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: 26750, civilServant: '是' })]);
    const o = res.outcomes[0]!;
    expect(r2(o.results['civilServantPaid'])).toBe('5630.00');
    expect(r2(o.results['patientPays'])).toBe('1407.50');
    expect(r2(o.results['totalFundPaid'])).toBe('25342.50');
    expect(o.basis).toContain('公务员医疗补助：大病保险后政策范围内个人负担7037.5×80%=5630.00(二(二)4(3))(按本系统约定 G5)');
  });
  it('既往大病累计 8000 seeds the base; what it earned (850) counts as paid: 3rd 三级 T 10000 → burden 2950 → 10950 → 3357.50 − 850 = 2507.50', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: 10000, priorAdmissions: 2, priorCriticalBase: 8000 })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('7050.00');
    expect(r2(res.outcomes[0]!.results['criticalIllnessPaid'])).toBe('2507.50');
  });
});
