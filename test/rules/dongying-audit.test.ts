/**
 * Audit of Dongying 2018 against RULES.md "## General" (items cited per test) and "## Dongying".
 * Every expected value is computed by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import type { RowOutcome } from '../../src/engine/run.js';
import type { RawRow } from '../../src/kinds/validate.js';
import { ID, ID2, emp, pick, res, settle } from '../helpers/dongying.js';
import { idFor, run } from '../helpers/rows.js';

const AW = { 'dongying.averageWage.monthly': '6000' };

/** Every 计算依据 step cites an article (第N条) or says 按本系统约定 (RULES.md preamble). */
function expectCited(outcomes: RowOutcome[]): void {
  for (const o of outcomes) {
    if (o.basis === '') continue;
    for (const step of o.basis.split('；')) expect(step, `step without article: ${step}`).toMatch(/第[一二三四五六七八九十]+条|按本系统约定/);
  }
}

describe('General 5 — an inpatient settlement belongs to the year of its 出院日期', () => {
  it('a stay from 2019-12-20 to 2020-01-05 is 2020’s first admission, not 2019’s second', async () => {
    const rows = [
      // 2019: 二级, E 1500 − D 500 = 1000 × 90% = 900.00, 1st admission of 2019
      emp({ visitDate: '2019-11-01', dischargeDate: '2019-11-05', totalCost: '1500' }),
      // crossing the year: belongs to 2020 → 1st admission of 2020 → D 500, fund 900.00
      emp({ visitDate: '2019-12-20', dischargeDate: '2020-01-05', totalCost: '1500' }),
      // 2020-02: 2nd admission of 2020 → D 500, fund 900.00
      emp({ visitDate: '2020-02-01', dischargeDate: '2020-02-05', totalCost: '1500' }),
      // 2019-12-10..12-15: 2nd of 2019 (the crossing stay does not count in 2019) → D 500
      emp({ visitDate: '2019-12-10', dischargeDate: '2019-12-15', totalCost: '1500' }),
    ];
    const o = await settle(rows);
    expect(o.map((x) => [x.results['admissionNo'], x.results['deductible']?.toString(), x.results['fundPaid']?.toString()])).toEqual([
      [1, '500', '900'],
      [1, '500', '900'],
      [2, '500', '900'],
      [2, '500', '900'],
    ]);
    expectCited(o);
  });

  it('the 200,000 cap of one year does not carry into the next (year of 出院日期)', async () => {
    const o = await settle([
      // 2019 row seeded with 既往统筹支付 199,900: room 100 → fund 100.00
      emp({ visitDate: '2019-10-01', dischargeDate: '2019-10-05', totalCost: '1500', priorFundPaid: '199900', largeSubsidy: '否' }),
      // admitted in 2019, discharged 2020-01-02 → 2020, fresh cap: (1500 − 500) × 90% = 900.00
      emp({ visitDate: '2019-12-28', dischargeDate: '2020-01-02', totalCost: '1500' }),
    ]);
    expect(pick(o[0]!, 'fundPaid', 'ytdFundPaid')).toEqual({ fundPaid: '100.00', ytdFundPaid: '200000.00' });
    expect(pick(o[1]!, 'fundPaid', 'ytdFundPaid')).toEqual({ fundPaid: '900.00', ytdFundPaid: '900.00' });
  });

  it('a 生育 row (settled as inpatient, 第四十条) also belongs to the year of its 出院日期', async () => {
    const W = idFor('19900101', 124); // even sequence: female
    const o = await settle([
      emp({ idNumber: W, visitDate: '2019-05-01', dischargeDate: '2019-05-05', totalCost: '1500' }),
      // delivery admitted 2019-12-30, discharged 2020-01-03 → 2020's first admission: D 500, 900.00
      emp({ idNumber: W, visitType: '生育', visitDate: '2019-12-30', dischargeDate: '2020-01-03', totalCost: '1500' }),
    ]);
    expect(o[1]!.results['admissionNo']).toBe(1);
    expect(pick(o[1]!, 'deductible', 'fundPaid')).toEqual({ deductible: '500.00', fundPaid: '900.00' });
  });
});

describe('General 6 — order per person and year by settlement date, ties in sheet order', () => {
  it('interleaved people and years: each person-year counts its own admissions in date order', async () => {
    const A = ID;
    const B = idFor('19650303', 135);
    const rows = [
      emp({ idNumber: A, visitDate: '2020-06-01', dischargeDate: '2020-06-05', totalCost: '1000' }), // A 2020 4th → D 0
      emp({ idNumber: B, visitDate: '2020-06-01', dischargeDate: '2020-06-05', totalCost: '1000' }), // B 2020 2nd → D 500
      emp({ idNumber: A, visitDate: '2021-01-01', dischargeDate: '2021-01-05', totalCost: '1000' }), // A 2021 1st → D 500
      emp({ idNumber: A, visitDate: '2020-01-01', dischargeDate: '2020-01-05', totalCost: '1000' }), // A 2020 1st → D 500
      emp({ idNumber: B, visitDate: '2020-02-01', dischargeDate: '2020-02-05', totalCost: '1000' }), // B 2020 1st → D 500
      emp({ idNumber: A, visitDate: '2020-03-01', dischargeDate: '2020-03-05', totalCost: '1000' }), // A 2020 2nd → D 500
      // same 出院日期 as the row above, later in the sheet → A 2020 3rd → D 0
      emp({ idNumber: A, visitDate: '2020-02-20', dischargeDate: '2020-03-05', totalCost: '1000' }),
    ];
    const o = await settle(rows);
    // D 0: (1000 − 0) × 90% = 900.00; D 500: 500 × 90% = 450.00.
    expect(o.map((x) => `${String(x.results['admissionNo'])}:${x.results['fundPaid']!.toString()}`)).toEqual([
      '4:900', '2:450', '1:450', '1:450', '1:450', '2:450', '3:900',
    ]);
  });
});

describe('General 8/9 — payer chain and the in-scope personal burden used by the civil-servant subsidy', () => {
  it('乙类费用 (General 12) enters the burden; 全自费 does not; 95% above 10% of 年缴费基数', async () => {
    const cs = { civilServant: '是', annualBase: '60000' }; // threshold 60000 × 10% = 6000
    const o = await settle([
      // 二级: pb = 5000 × 10% = 500.00; E = 20000 − 1000 − 500 = 18500; (18500 − 500) × 90% = 16200.00
      // burden = (20000 − 1000) − 16200 = 2800 → below 6000 → 0
      emp({ ...cs, totalCost: '20000', fullySelfPaid: '1000', classBCost: '5000' }),
      // 三级, 2nd admission: pb = 1000.00; E = 50000 − 2000 − 1000 = 47000; (47000 − 800) × 85% = 39270.00
      // burden = 48000 − 39270 = 8730; year 11530 − 6000 = 5530 × 95% = 5253.50
      // patient = 50000 − 39270 − 5253.50 = 5476.50
      emp({ ...cs, level: '三级', visitDate: '2020-05-01', dischargeDate: '2020-05-10', totalCost: '50000', fullySelfPaid: '2000', classBCost: '10000' }),
    ]);
    expect(pick(o[0]!, 'eligibleCost', 'fundPaid', 'civilServantPaid', 'patientPays')).toEqual({ eligibleCost: '18500.00', fundPaid: '16200.00', civilServantPaid: '0.00', patientPays: '3800.00' });
    expect(pick(o[1]!, 'eligibleCost', 'fundPaid', 'civilServantPaid', 'totalFundPaid', 'patientPays')).toEqual({
      eligibleCost: '47000.00', fundPaid: '39270.00', civilServantPaid: '5253.50', totalFundPaid: '44523.50', patientPays: '5476.50',
    });
    expect(o[1]!.basis).toContain('按本系统约定');
    expectCited(o);
  });

  it('the civil-servant subsidy works after the large-medical subsidy on what it left', async () => {
    // 三级 1st admission, cap room 1000 (既往统筹支付 199000): fund 1000.00
    // E = 10800, D = 800 → base 10000; large-medical: (10000 − 1000 ÷ 85%) × 95% = (10000 − 1176.470588…) × 95% = 8382.35
    // burden = 10800 − 1000 − 8382.35 = 1417.65; threshold 1000 × 10% = 100 → (1417.65 − 100) × 95% = 1251.7675 → 1251.77
    // patient = 10800 − 1000 − 8382.35 − 1251.77 = 165.88
    const o = await settle([emp({ level: '三级', totalCost: '10800', priorFundPaid: '199000', civilServant: '是', annualBase: '1000' })]);
    expect(pick(o[0]!, 'fundPaid', 'largeSubsidyPaid', 'civilServantPaid', 'patientPays')).toEqual({ fundPaid: '1000.00', largeSubsidyPaid: '8382.35', civilServantPaid: '1251.77', patientPays: '165.88' });
  });

  it('a special-drug row never pays more than the in-scope cost, even when 省定大病补偿额 exceeds it', async () => {
    // total 1000, 全自费 0: the chain caps critical illness at 1000.00; patient 0
    const o = await settle([emp({ visitType: '特殊药品', level: '三级', totalCost: '1000', provincialCompensation: '1200' })]);
    expect(pick(o[0]!, 'fundPaid', 'criticalIllnessPaid', 'patientPays')).toEqual({ fundPaid: '0.00', criticalIllnessPaid: '1000.00', patientPays: '0.00' });
  });
});

describe('General 13 — 全自费 and 乙类自付 come off before the deductible', () => {
  it.each([
    // total 550, 乙类费用 510 → pb 51.00 → E 499 < 500: fund 0, not counted (第三十条)
    ['550', '510', '499.00', '499.00', '0.00', 0],
    // total 551.12, 乙类费用 11.2 → pb 1.12 → E 550 → (550 − 500) × 90% = 45.00, counted
    ['551.12', '11.2', '550.00', '500.00', '45.00', 1],
  ])('total %s, 乙类费用 %s → E %s, D %s, fund %s', async (totalCost, classBCost, e, d, fund, n) => {
    const o = await settle([emp({ totalCost, classBCost })]);
    expect(pick(o[0]!, 'eligibleCost', 'deductible', 'fundPaid')).toEqual({ eligibleCost: e, deductible: d, fundPaid: fund });
    expect(o[0]!.results['admissionNo']).toBe(n);
  });
});

describe('General 14 — exclusions and 待遇状态', () => {
  it('不予支付情形: every fund 0 (civil servant too), 警告 and a step citing 第三十八条', async () => {
    const o = await settle([emp({ totalCost: '30000', exclusion: '工伤', civilServant: '是', annualBase: '1000' })]);
    expect(o[0]!.status).toBe('warning');
    expect(pick(o[0]!, 'fundPaid', 'largeSubsidyPaid', 'criticalIllnessPaid', 'civilServantPaid', 'totalFundPaid', 'patientPays')).toEqual({
      fundPaid: '0.00', largeSubsidyPaid: '0.00', criticalIllnessPaid: '0.00', civilServantPaid: '0.00', totalFundPaid: '0.00', patientPays: '30000.00',
    });
    expect(o[0]!.messages.join()).toContain('第三十八条');
    expect(o[0]!.basis).toContain('第三十八条');
  });

  it.each([['等待期', '第四十二条'], ['中断', '第四十四条'], ['欠费超6个月', '第四十三条']])('待遇状态 %s → pooled funds 0 citing %s', async (st, art) => {
    const o = await settle([emp({ totalCost: '3000', benefitStatus: st })]);
    expect(pick(o[0]!, 'fundPaid', 'totalFundPaid', 'patientPays')).toEqual({ fundPaid: '0.00', totalFundPaid: '0.00', patientPays: '3000.00' });
    expect(o[0]!.basis).toContain(art);
  });
});

describe('General 11 — validity 2018-04-01..2022-12-31 (inpatient by 出院日期)', () => {
  it.each([
    ['2018-03-25', '2018-03-31', 'warning'],
    ['2018-03-25', '2018-04-01', 'ok'],
    ['2022-12-25', '2022-12-31', 'ok'],
    ['2022-12-25', '2023-01-01', 'warning'],
  ])('admitted %s, discharged %s → %s', async (visitDate, dischargeDate, status) => {
    // (1500 − 500) × 90% = 900.00 in every case: the row is computed either way
    const o = await settle([emp({ visitDate, dischargeDate, totalCost: '1500' })]);
    expect(o[0]!.status).toBe(status);
    expect(pick(o[0]!, 'fundPaid')).toEqual({ fundPaid: '900.00' });
    expect(o[0]!.messages.some((m) => m.includes('超出政策有效期'))).toBe(status === 'warning');
  });
});

describe('General 10 — missing parameters name the id', () => {
  it('resident general outpatient without dongying.resident.outpatient.ratio → 错误 naming it and the 参数 sheet', async () => {
    const o = await settle([res({ visitType: '普通门诊', level: '一级', totalCost: '100' })]);
    expect(o[0]!.status).toBe('error');
    expect(o[0]!.messages[0]).toContain('dongying.resident.outpatient.ratio');
    expect(o[0]!.messages[0]).toContain('参数');
  });
});

async function contrib(rows: RawRow[]) {
  return (await run('dongying-2018', 'contributions', rows, AW)).outcomes;
}

describe('General 15 — contribution totals; General 7 — age at the month end', () => {
  it('in service civil servant above 300% with a late fee: every part in 应缴合计, the 2% credit in 划入个人账户', async () => {
    // AW 6000: base = min(20000, 18000) = 18000; unit 18000 × 6.5% = 1170.00; personal 360.00
    // age 40 → account 18000 × 2.7% = 486.00, + civil-servant 2% × 18000 = 360.00 → 846.00
    // pool = 1170 + 360 − 486 = 1044.00; civil-servant 5% × 20000 (unclamped) = 1000.00; large-medical 5.00
    // late fee 1000 × 0.05% × 30 days (05-02..05-31) = 15.00; total 1170 + 360 + 5 + 1000 + 15 = 2550.00
    const o = await contrib([{ idNumber: ID, period: '2020-05', category: '在职', wage: '20000', civilServant: '是', arrears: '1000', arrearsFrom: '2020-05-01', paidOn: '2020-05-31' }]);
    expect(pick(o[0]!, 'base', 'employerAmount', 'employeeAmount', 'personalAccount', 'poolingFund', 'largeSubsidyFee', 'civilServantFee', 'lateFee', 'totalDue')).toEqual({
      base: '18000.00', employerAmount: '1170.00', employeeAmount: '360.00', personalAccount: '846.00', poolingFund: '1044.00', largeSubsidyFee: '5.00', civilServantFee: '1000.00', lateFee: '15.00', totalDue: '2550.00',
    });
    expect(o[0]!.results['baseAdjustment']).toBe('按上限300%');
    expectCited(o);
  });

  it('flexible worker above 100% with large-medical; retiree civil servant', async () => {
    // flexible: base min(7000, 6000) = 6000 (警告); 8.5% = 510.00; + 5.00; account 2.7% = 162.00; pool 348.00; total 515.00
    // retired: pension 4000: account 5.7% = 228.00 + 2% = 80.00 → 308.00; civil-servant 5% = 200.00 = total
    const o = await contrib([
      { idNumber: ID, period: '2020-05', category: '灵活就业', chosenBase: '7000', largeSubsidy: '是' },
      { idNumber: ID2, period: '2020-05', category: '退休', pension: '4000', civilServant: '是' },
    ]);
    expect(o[0]!.status).toBe('warning');
    expect(pick(o[0]!, 'base', 'employeeAmount', 'personalAccount', 'poolingFund', 'largeSubsidyFee', 'totalDue')).toEqual({
      base: '6000.00', employeeAmount: '510.00', personalAccount: '162.00', poolingFund: '348.00', largeSubsidyFee: '5.00', totalDue: '515.00',
    });
    expect(pick(o[1]!, 'personalAccount', 'civilServantFee', 'largeSubsidyFee', 'totalDue')).toEqual({ personalAccount: '308.00', civilServantFee: '200.00', largeSubsidyFee: '0.00', totalDue: '200.00' });
    expectCited(o);
  });

  it.each([
    // born 1975-05-31: on 2021-04-30 age 45 → 2.7% of 6000 = 162.00; on 2021-05-31 age 46 → 4.2% = 252.00
    ['19750531', '2021-04', '162.00'],
    ['19750531', '2021-05', '252.00'],
    // born 1976-02-29: on 2022-02-28 not yet 46 (birthday read as 03-01 in a common year) → 162.00; 2022-03 → 252.00
    ['19760229', '2022-02', '162.00'],
    ['19760229', '2022-03', '252.00'],
  ])('born %s, month %s → account %s', async (birth, period, pa) => {
    const o = await contrib([{ idNumber: idFor(birth, 123), period, category: '在职', wage: '6000' }]);
    expect(pick(o[0]!, 'personalAccount')).toEqual({ personalAccount: pa });
  });
});

describe('every 计算依据 step cites an article or says 按本系统约定 (RULES.md preamble)', () => {
  it('settlements of every visit type, scheme, location and payer', async () => {
    const cs = { civilServant: '是', annualBase: '10000' };
    const o = await settle(
      [
        emp({ totalCost: '3000', fullySelfPaid: '100', classBCost: '500', ...cs }),
        emp({ level: '三级', transferFromLevel: '二级', totalCost: '5000', ...cs }),
        emp({ level: '一级', transferFromLevel: '三级', totalCost: '5000' }),
        emp({ level: '三级', totalCost: '300000', visitDate: '2020-04-01', dischargeDate: '2020-04-20' }),
        emp({ visitType: '普通门诊', level: '一级', totalCost: '900', ...cs }),
        emp({ visitType: '普通门诊', level: '三级', totalCost: '900' }),
        emp({ visitType: '普通门诊', level: '一级', totalCost: '900', location: '异地急诊' }),
        emp({ visitType: '门诊慢特病', level: '二级', totalCost: '900', location: '异地转诊已备案' }),
        emp({ visitType: '门诊慢特病', level: '二级', totalCost: '900', location: '异地长期居住' }),
        emp({ visitType: '特殊药品', level: '三级', totalCost: '20000', provincialCompensation: '3000' }),
        emp({ visitType: '特殊药品', level: '三级', totalCost: '20000', provincialCompensation: '3000', priorCriticalBase: '10000', idNumber: idFor('19700505', 141) }),
        emp({ totalCost: '3000', location: '异地临时外出' }),
        emp({ totalCost: '3000', exclusion: '第三人责任' }),
        emp({ totalCost: '3000', benefitStatus: '中断' }),
        emp({ totalCost: '300', employmentStatus: '退休' }),
        res({ totalCost: '3000', interruptionYears: '2', location: '异地转诊未备案' }),
        res({ visitType: '门诊慢特病', totalCost: '3000' }),
        res({ visitType: '普通门诊', level: '二级', totalCost: '300' }),
        res({ visitType: '特殊药品', level: '三级', totalCost: '3000' }),
        res({ visitType: '生育', idNumber: idFor('19950101', 126), totalCost: '3000' }),
      ],
      { 'dongying.resident.outpatient.ratio': '0.5' },
    );
    expect(o.filter((x) => x.status === 'error').map((x) => x.messages)).toEqual([]);
    if (process.env['DY_AUDIT_PRINT']) for (const x of o) console.log(x.status, x.basis, JSON.stringify(x.results), x.messages.join(' | '));
    expectCited(o);
  });

  it('contributions of every category, retirement make-up, account refund', async () => {
    const c = await contrib([
      { idNumber: ID, period: '2020-05', category: '在职', wage: '3000' },
      { idNumber: ID, period: '2020-06', category: '在职', wage: '6000' },
      { idNumber: ID, period: '2020-07', category: '失业', wage: '6000', civilServant: '是' },
      { idNumber: ID, period: '2020-08', category: '灵活就业', chosenBase: '2000' },
      { idNumber: ID2, period: '2020-08', category: '退休', pension: '3000' },
    ]);
    expect(c.map((x) => x.status)).toEqual(['ok', 'ok', 'warning', 'warning', 'ok']);
    expectCited(c);
    const r = await run('dongying-2018', 'retirement-supplement', [{ idNumber: ID, insuredAs: '单位参保', actualMonths: '200', deemedMonths: '50', retirementDate: '2020-06-01' }], AW);
    expect(r.outcomes[0]!.status).toBe('ok');
    expectCited(r.outcomes);
    // resident contributions (amounts are parameters the text does not give): 250 − 0 = 250.00; 特困 → 250 − 250 = 0.00
    const amounts = { 'dongying.resident.contribution.personal': '250', 'dongying.resident.contribution.subsidy': '520' };
    const rc = await run('dongying-2018', 'resident-contributions', [
      { idNumber: ID, paidOn: '2019-10-10', coverageYear: 2020 },
      { idNumber: ID2, paidOn: '2019-10-10', coverageYear: 2020, subsidyCategory: '特困' },
    ], amounts);
    expect(rc.outcomes.map((x) => x.results['amountDue']?.toString())).toEqual(['250', '0']);
    expect(rc.outcomes[1]!.basis).toContain('应缴金额=250-250.00=0.00(第十三条·第十四条)');
    expectCited(rc.outcomes);
    const ar = await run('dongying-2018', 'account-refund', [
      { idNumber: ID, balance: '1000', handledOn: '2020-08-10' },
      { idNumber: ID2, balance: '1000', deathDate: '2020-07-05', handledOn: '2020-10-10', monthlyCredit: '100' },
    ]);
    // leaving: 1000.00; death in July, handled in October: August and September credited → 1000 − 200 = 800.00
    expect(ar.outcomes.map((x) => x.results['refund']?.toString())).toEqual(['1000', '800']);
    expectCited(ar.outcomes);
  });
});

describe('General 6 — 既往… columns seed the person-year whichever of its rows carries them', () => {
  it('既往住院次数 on the sheet-first row that is chronologically second still seeds the year', async () => {
    const o = await settle([
      // 2020-05: with 既往住院次数 2 → this batch's 2nd admission is the year's 4th → D 0: 1000 × 90% = 900.00
      emp({ visitDate: '2020-05-01', dischargeDate: '2020-05-05', totalCost: '1000', priorAdmissions: '2' }),
      // 2020-01: computed first, the year's 3rd → D 0: 900.00 (without the seed it would be the 1st: D 500 → 450.00)
      emp({ visitDate: '2020-01-01', dischargeDate: '2020-01-05', totalCost: '1000' }),
    ]);
    expect(o.map((x) => `${String(x.results['admissionNo'])}:${x.results['fundPaid']!.toString()}`)).toEqual(['4:900', '3:900']);
  });

  it('既往统筹支付 on a later row still caps the first row of the year', async () => {
    const o = await settle([
      // computed first: room 200000 − 199950 = 50 → fund 50.00 (一级: (1200 − 200) × 95% = 950 uncapped)
      emp({ level: '一级', visitDate: '2020-01-01', dischargeDate: '2020-01-05', totalCost: '1200', largeSubsidy: '否' }),
      emp({ level: '一级', visitDate: '2020-05-01', dischargeDate: '2020-05-05', totalCost: '1200', largeSubsidy: '否', priorFundPaid: '199950' }),
    ]);
    expect(o.map((x) => x.results['fundPaid']!.toString())).toEqual(['50', '0']);
  });
});

describe('more boundaries', () => {
  it('late fee (第四十三条): paid on the day arrears began → 0 days → 0.00; 3000 days → 150% of the arrears, no cap', async () => {
    const o = await contrib([
      // unit 6000 × 6.5% = 390.00, personal 120.00, large-medical 5.00; late fee 0 → 515.00
      { idNumber: ID, period: '2020-05', category: '在职', wage: '6000', arrears: '1000', arrearsFrom: '2020-05-10', paidOn: '2020-05-10' },
      // 2012-03-01 + 3000 days = 2020-05-18: 1000 × 0.05% × 3000 = 1500.00 → 390 + 120 + 5 + 1500 = 2015.00
      { idNumber: ID, period: '2020-06', category: '在职', wage: '6000', arrears: '1000', arrearsFrom: '2012-03-01', paidOn: '2020-05-18' },
    ]);
    expect(pick(o[0]!, 'lateFee', 'totalDue')).toEqual({ lateFee: '0.00', totalDue: '515.00' });
    expect(pick(o[1]!, 'lateFee', 'totalDue')).toEqual({ lateFee: '1500.00', totalDue: '2015.00' });
  });

  it.each([
    ['2018-03', 'warning'],
    ['2018-04', 'ok'],
    ['2022-12', 'ok'],
    ['2023-01', 'warning'],
  ])('contribution month %s → %s (General 11), still computed: 6000 × 6.5% = 390.00', async (period, status) => {
    const o = await contrib([{ idNumber: ID, period, category: '在职', wage: '6000' }]);
    expect(o[0]!.status).toBe(status);
    expect(pick(o[0]!, 'employerAmount')).toEqual({ employerAmount: '390.00' });
  });

  it('civil-servant subsidy also on chronic outpatient (第三十七条)', async () => {
    // 年缴费基数 1000 → threshold 100. Chronic 二级 E 1000, D 150: (1000 − 150) × 90% = 765.00;
    // burden 1000 − 765 = 235 → (235 − 100) × 95% = 128.25; patient 1000 − 765 − 128.25 = 106.75
    const o = await settle([emp({ visitType: '门诊慢特病', totalCost: '1000', civilServant: '是', annualBase: '1000' })]);
    expect(pick(o[0]!, 'fundPaid', 'civilServantPaid', 'patientPays')).toEqual({ fundPaid: '765.00', civilServantPaid: '128.25', patientPays: '106.75' });
  });

  it('resident general outpatient: 中断参保年数 does not lower the ratio (第四十六条 names inpatient and chronic only)', async () => {
    // ratio set to 50%: 100 × 50% = 50.00 with or without 3 years of interruption
    const o = await settle([res({ visitType: '普通门诊', level: '社区', totalCost: '100', interruptionYears: '3' })], { 'dongying.resident.outpatient.ratio': '0.5' });
    expect(pick(o[0]!, 'fundPaid')).toEqual({ fundPaid: '50.00' });
  });

  it('a resident general-outpatient payment stays outside the 160,000: a chronic row after it still has the full room', async () => {
    // seeded 既往统筹支付 159,900 → room 100; outpatient 社区 200 × 50% = 100.00 (own cap 200, not the 160,000);
    // chronic 一级 E 1150, D 150 → 1000 × 90% = 900 → room 100 → 100.00
    const o = await settle(
      [
        res({ visitType: '普通门诊', level: '社区', visitDate: '2020-02-01', totalCost: '200', priorFundPaid: '159900' }),
        res({ visitType: '门诊慢特病', level: '一级', visitDate: '2020-02-02', totalCost: '1150' }),
      ],
      { 'dongying.resident.outpatient.ratio': '0.5' },
    );
    expect(o.map((x) => x.results['fundPaid']!.toString())).toEqual(['100', '100']);
  });
});

describe('第三十条 transfer: a stay whose first leg stayed below its deductible counts once the stay reaches it (按本系统约定)', () => {
  it('going up: 150 + 2000 ≥ 800 → the stay counts once; the next admission is the 2nd', async () => {
    const o = await settle([
      // leg 1: 一级 E 150 < 200 → D 150, fund 0, not counted
      emp({ level: '一级', totalCost: '150', visitDate: '2020-03-01', dischargeDate: '2020-03-05' }),
      // leg 2: 三级 from 一级: D 800 − 150 = 650; (2000 − 650) × 85% = 1147.50; stay 2150 ≥ 800 → 1st admission
      emp({ level: '三级', transferFromLevel: '一级', totalCost: '2000', visitDate: '2020-03-05', dischargeDate: '2020-03-15' }),
      // a new admission: 2nd → D 500; (1000 − 500) × 90% = 450.00
      emp({ totalCost: '1000', visitDate: '2020-06-01', dischargeDate: '2020-06-05' }),
    ]);
    expect(o.map((x) => pick(x, 'deductible', 'fundPaid', 'admissionNo'))).toEqual([
      { deductible: '150.00', fundPaid: '0.00', admissionNo: '0' },
      { deductible: '650.00', fundPaid: '1147.50', admissionNo: '1' },
      { deductible: '500.00', fundPaid: '450.00', admissionNo: '2' },
    ]);
    expect(o[1]!.basis).toContain('按本系统约定');
  });

  it('going up but the stay stays below 800 (150 + 600 = 750): not counted, the next admission is the 1st', async () => {
    const o = await settle([
      emp({ level: '一级', totalCost: '150', visitDate: '2020-03-01', dischargeDate: '2020-03-05' }),
      // D = min(650, 600) = 600 → fund 0
      emp({ level: '三级', transferFromLevel: '一级', totalCost: '600', visitDate: '2020-03-05', dischargeDate: '2020-03-15' }),
      emp({ totalCost: '1000', visitDate: '2020-06-01', dischargeDate: '2020-06-05' }),
    ]);
    expect(o.map((x) => pick(x, 'deductible', 'fundPaid', 'admissionNo'))).toEqual([
      { deductible: '150.00', fundPaid: '0.00', admissionNo: '0' },
      { deductible: '600.00', fundPaid: '0.00', admissionNo: '0' },
      { deductible: '500.00', fundPaid: '450.00', admissionNo: '1' },
    ]);
  });

  it('going down: 三级 700 (< 800) then 二级 200 → no new deductible, 200 × 90% = 180.00; stay 900 ≥ 800 counts', async () => {
    const o = await settle([
      emp({ level: '三级', totalCost: '700', visitDate: '2020-03-01', dischargeDate: '2020-03-05' }),
      emp({ level: '二级', transferFromLevel: '三级', totalCost: '200', visitDate: '2020-03-05', dischargeDate: '2020-03-15' }),
    ]);
    expect(o.map((x) => pick(x, 'deductible', 'fundPaid', 'admissionNo'))).toEqual([
      { deductible: '700.00', fundPaid: '0.00', admissionNo: '0' },
      { deductible: '0.00', fundPaid: '180.00', admissionNo: '1' },
    ]);
  });
});

describe('the large-medical step can be recomputed from its own text', () => {
  it('(299200 − 187367.50 ÷ 85%) × 95% = 74829.26 (the excess 78767.647… is not rounded first: 78767.65 × 95% would give 74829.27)', async () => {
    const o = await settle([emp({ level: '三级', totalCost: '300000', priorAdmissions: '1', priorFundPaid: '12632.5' })]);
    expect(pick(o[0]!, 'fundPaid', 'largeSubsidyPaid')).toEqual({ fundPaid: '187367.50', largeSubsidyPaid: '74829.26' });
    expect(o[0]!.basis).toContain('大额医疗补助：超限额部分(299200-187367.50÷85%)×95%=74829.26(第三十四条)(按本系统约定 DY13)');
  });
});
