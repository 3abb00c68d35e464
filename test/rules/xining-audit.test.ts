/**
 * Audit of xining-2024 against RULES.md (General + Xining) and the handbook: decisions the other Xining tests
 * left without a hand-computed pin. Amounts are worked out in the comments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleSet } from '../../src/rules/index.js';
import { policyTextPath } from '../helpers/policy-text.js';
import { idFor, r2, run } from '../helpers/rows.js';
import { emp, res } from './xining-settle-helpers.js';

type Res = Awaited<ReturnType<typeof run>>;
const col = (r: Res, key: string) => r.outcomes.map((o) => r2(o.results[key]));
// The handbook is kept in the repository (policy/): every pinned value is checked against its text.
const HANDBOOK_PATH = policyTextPath('xining-chengzhong-2024-medical-security-handbook.txt');
const HANDBOOK = readFileSync(HANDBOOK_PATH, 'utf8').replace(/\s/g, '');
const value = (id: string) => ruleSet('xining-2024').params.find((p) => p.id === id)!.values[0]!.value.toString();

describe('三(二)2 tables: every number in the handbook, in the parameters and paid by a settlement', () => {
  // Handbook rows (whitespace removed) → [key, 三级, 二级, 一级]; the header row is 三级 / 二级 / 一级.
  const DELIVERY: [string, string, string, string, string, string][] = [
    ['自然临产阴道分娩（单胎顺产接生）4000元2800元1200元', '自然分娩', 'natural', '4000', '2800', '1200'],
    ['剖宫产（子宫下段剖宫产术）7300元6200元3900元', '剖宫产', 'caesarean', '7300', '6200', '3900'],
    ['胎膜早破（足月）经阴道分娩（单胎顺产接生）4300元2800元1500元', '胎膜早破阴道分娩', 'prom', '4300', '2800', '1500'],
    ['人工干预分娩4500元3600元2700元', '人工干预分娩', 'assisted', '4500', '3600', '2700'],
    ['住院流产1100元1000元900元', '住院流产', 'inpatientAbortion', '1100', '1000', '900'],
    ['住院引产不分等级均为1500元', '住院引产', 'inducedLabour', '1500', '1500', '1500'],
  ];
  it('the delivery table: text ↔ parameters', () => {
    expect(HANDBOOK).toContain('生产方式医院等级三级二级一级');
    for (const [text, , key, l3, l2, l1] of DELIVERY) {
      expect(HANDBOOK, text).toContain(text);
      expect([value(`xining.maternity.delivery.${key}.level3`), value(`xining.maternity.delivery.${key}.level2`), value(`xining.maternity.delivery.${key}.level1`)], key).toEqual([l3, l2, l1]);
    }
  });
  it('each of the 18 delivery cells is paid in full on a bill above it (在职 woman, T 10000)', async () => {
    const woman = idFor('19900101', 124);
    const rows = DELIVERY.flatMap(([, item], i) =>
      (['三级', '二级', '一级'] as const).map((level, j) =>
        emp({ idNumber: woman, visitType: '生育', maternityItem: item, level, totalCost: 10000, visitDate: `2024-${String(i + 1).padStart(2, '0')}-0${j + 1}`, dischargeDate: `2024-${String(i + 1).padStart(2, '0')}-0${j + 2}` }), // int
      ),
    );
    const r = await run('xining-2024', 'settlements', rows);
    expect(col(r, 'maternityPaid')).toEqual(DELIVERY.flatMap(([, , , l3, l2, l1]) => [l3, l2, l1].map((v) => `${v}.00`)));
    expect(col(r, 'fundPaid').every((v) => v === '0.00')).toBe(true);
  });
  it('the outpatient items: text ↔ parameters (产前 500, +300 → 800 above 7 months; 300, 400, 200, 1000, 600, 3000, 360; +600 per extra baby)', () => {
    const ITEMS: [string, string, string][] = [
      ['怀孕7个月及以下的产前检查补助500元', 'xining.maternity.prenatal', '500'],
      ['怀孕超过7个月的产前补助增加300元800元', 'xining.maternity.prenatalLate', '800'],
      ['门诊人工流产术补助300元', 'xining.maternity.outpatientAbortion', '300'],
      ['门诊药物流产术补助400元', 'xining.maternity.medicalAbortion', '400'],
      ['门诊宫内放置（取出）节育器补助200元', 'xining.maternity.iud', '200'],
      ['绝育术补助女职工1000元', 'xining.maternity.femaleSterilisation', '1000'],
      ['绝育术补助男职工600元', 'xining.maternity.maleSterilisation', '600'],
      ['绝育术后行复通术补助3000元', 'xining.maternity.recanalisation', '3000'],
      ['在门诊进行人工流产术的同时放置（取出）宫内节育器的补助360元', 'xining.maternity.abortionWithIud', '360'],
      ['每增加一胎在以上支付标准基础上增加600元', 'xining.maternity.extraBaby', '600'],
    ];
    for (const [text, id, v] of ITEMS) {
      expect(HANDBOOK, text).toContain(text);
      expect(value(id), id).toBe(v);
    }
    expect(value('xining.maternity.prenatalLate')).toBe(String(Number(value('xining.maternity.prenatal')) + 300)); // int: 500 + 300
  });
  it('住院流产 and 住院引产 get no multiple-birth increment; 人工干预分娩 twins at 二级: 3600 + 600 = 4200', async () => {
    const woman = idFor('19900101', 124);
    const r = await run('xining-2024', 'settlements', [
      emp({ idNumber: woman, visitType: '生育', maternityItem: '住院引产', level: '二级', totalCost: 10000, babies: 2, visitDate: '2024-01-02', dischargeDate: '2024-01-04' }),
      emp({ idNumber: woman, visitType: '生育', maternityItem: '人工干预分娩', level: '二级', totalCost: 10000, babies: 2, visitDate: '2024-06-02', dischargeDate: '2024-06-04' }),
    ]);
    expect(col(r, 'maternityPaid')).toEqual(['1500.00', '4200.00']);
  });
});

describe('二(二)4(1) employee inpatient table: text ↔ parameters', () => {
  it('deductibles 750/650/600, 550/450/400, 350/250/200 and ratios 75/80, 80/85, 85/90', () => {
    const ROWS: [string, string, string[], string[]][] = [
      ['三级定点医疗机构750元650元600元75%80%25万元/人/年', 'level3', ['750', '650', '600'], ['0.75', '0.8']],
      ['二级定点医疗机构550元450元400元80%85%', 'level2', ['550', '450', '400'], ['0.8', '0.85']],
      ['一级定点医疗机构350元250元200元85%90%', 'level1', ['350', '250', '200'], ['0.85', '0.9']],
    ];
    for (const [text, level, ded, ratios] of ROWS) {
      expect(HANDBOOK, text).toContain(text);
      expect(['first', 'second', 'third'].map((o) => value(`xining.employee.inpatient.deductible.${level}.${o}`))).toEqual(ded);
      expect(['employed', 'retired'].map((s) => Number(value(`xining.employee.inpatient.ratio.${level}.${s}`)))).toEqual(ratios.map(Number));
    }
    expect(value('xining.employee.inpatient.cap')).toBe('250000');
  });
});

describe('ordinal deductibles and 60-day stays (二(二)4(1), 八7)', () => {
  it('a 60-day stay as the 3rd admission pays the 3rd and the "4th" (= 3rd) deductible: 三级 600 + 600; (10000 − 1200) × 75% = 6600.00; count 4', async () => {
    const r = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: 10000, priorAdmissions: 2, visitDate: '2024-01-01', dischargeDate: '2024-03-01' })]);
    // 2024-01-01 → 2024-03-01 = 31 + 29 = 60 days.
    expect(col(r, 'deductible')).toEqual(['1200.00']);
    expect(col(r, 'fundPaid')).toEqual(['6600.00']);
    expect(r.outcomes[0]!.results['admissionNo']).toBe(4);
  });
  it('General 5: a stay from 2023-12-20 to 2024-01-05 belongs to 2024 — after a 2023 admission it is the 1st of 2024 (二级 550)', async () => {
    const r = await run('xining-2024', 'settlements', [
      emp({ totalCost: 10000, visitDate: '2023-11-01', dischargeDate: '2023-11-10' }),
      emp({ totalCost: 10000, visitDate: '2023-12-20', dischargeDate: '2024-01-05' }),
    ]);
    // (10000 − 550) × 80% = 7560.00 both: each is the 1st admission of its year.
    expect(col(r, 'deductible')).toEqual(['550.00', '550.00']);
    expect(col(r, 'fundPaid')).toEqual(['7560.00', '7560.00']);
    expect(r.outcomes.map((o) => o.results['admissionNo'])).toEqual([1, 1]);
  });
});

describe('payer chain (General 8/9): who feeds critical illness and the civil-servant subsidy', () => {
  it('special drugs: basic fund only — no critical illness, no civil-servant subsidy (二(二)3; CI and 公务员 are inpatient)', async () => {
    // 三级 在职: 20000 × 75% = 15000; burden 5000; with 既往大病累计 20000 an inpatient row would get CI, this one does not.
    const r = await run('xining-2024', 'settlements', [emp({ visitType: '特殊药品', level: '三级', totalCost: 20000, civilServant: '是', priorCriticalBase: 20000, dischargeDate: undefined })]);
    expect(col(r, 'fundPaid')).toEqual(['15000.00']);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['0.00']);
    expect(col(r, 'civilServantPaid')).toEqual(['0.00']);
    expect(col(r, 'patientPays')).toEqual(['5000.00']);
  });
  it('employee chronic class 1 does not feed employee CI (inpatient only), and the next inpatient row starts from the seed alone', async () => {
    // Class 1 三级 在职: 40000 × 75% = 30000, burden 10000 (not counted).
    // Inpatient 二级 T 10000: (10000 − 550) × 80% = 7560, burden 2440; base 6000 (seed) + 2440 = 8440 → (1440) × 85% = 1224.00.
    const r = await run('xining-2024', 'settlements', [
      emp({ visitType: '门诊慢特病', disease: '恶性肿瘤', level: '三级', totalCost: 40000, priorCriticalBase: 6000, visitDate: '2024-01-05', dischargeDate: undefined }),
      emp({ totalCost: 10000, visitDate: '2024-02-03', dischargeDate: '2024-02-15' }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['30000.00', '7560.00']);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['0.00', '1224.00']);
  });
  it('civil servant on a small bill: 三级 在职 T 2000 → fund 1400 (30% rule), burden 600 → 600 × 80% = 480.00, patient 120.00', async () => {
    const r = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: 2000, civilServant: '是' })]);
    expect(col(r, 'fundPaid')).toEqual(['1400.00']);
    expect(col(r, 'civilServantPaid')).toEqual(['480.00']);
    expect(col(r, 'patientPays')).toEqual(['120.00']);
  });
  it('全自费 is never paid by a later payer: 特困 二级 T 10000 with 全自费 1000 → fund (9000 − 600) × 80% = 6720, aid 2280, patient 1000.00', async () => {
    const r = await run('xining-2024', 'settlements', [res({ totalCost: 10000, fullySelfPaid: 1000, assistance: '特困' })]);
    expect(col(r, 'fundPaid')).toEqual(['6720.00']);
    expect(col(r, 'assistancePaid')).toEqual(['2280.00']);
    expect(col(r, 'patientPays')).toEqual(['1000.00']);
  });
  it('resident CI crosses 12,000 on the second row of the year, paid incrementally: 三级 T 20000 twice', async () => {
    // Each: (20000 − 1500) × 70% = 12950, burden 7050. Year 7050 → 0; 14100 → (2100) × 80% = 1680.00.
    const r = await run('xining-2024', 'settlements', [
      res({ level: '三级', totalCost: 20000, visitDate: '2024-01-02', dischargeDate: '2024-01-09' }),
      res({ level: '三级', totalCost: 20000, visitDate: '2024-05-02', dischargeDate: '2024-05-09' }),
    ]);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['0.00', '1680.00']);
    expect(col(r, 'patientPays')).toEqual(['7050.00', '5370.00']);
  });
});

describe('cross-province (四(二)1(4)): only 异地临时外出 loses 10 points; CI keeps its ratio', () => {
  it.each([
    ['异地临时外出', '5100.00'], // 三级 70% − 10 = 60%: (10000 − 1500) × 60%
    ['异地急诊', '5950.00'], // (10000 − 1500) × 70%
    ['异地长期居住', '5950.00'],
    ['异地转诊未备案', '5950.00'],
  ])('resident 三级 %s → %s', async (location, fund) => {
    const r = await run('xining-2024', 'settlements', [res({ level: '三级', totalCost: 10000, location })]);
    expect(col(r, 'fundPaid')).toEqual([fund]);
  });
  it('异地临时外出 employee 三级 在职 with 既往大病累计 7000: fund (10000 − 750) × 65% = 6012.50, burden 3987.50 → CI at 85% = 3389.38', async () => {
    // 3987.50 × 85% = 3389.375 → 3389.38 (CI ratio not reduced).
    const r = await run('xining-2024', 'settlements', [emp({ level: '三级', totalCost: 10000, location: '异地临时外出', priorCriticalBase: 7000 })]);
    expect(col(r, 'fundPaid')).toEqual(['6012.50']);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['3389.38']);
  });
});

describe('assistance (一(二)5)', () => {
  it('低保边缘 treated out of area without referral: 40% of the residual, no 2,500 threshold: 二级 T 4000 → fund 2720, residual 1280 → 512.00', async () => {
    // (4000 − 600) × 80% = 2720; residual 1280 < 2500, yet 40% × 1280 = 512.00.
    const r = await run('xining-2024', 'settlements', [res({ totalCost: 4000, assistance: '低保边缘', location: '异地转诊未备案' })]);
    expect(col(r, 'assistancePaid')).toEqual(['512.00']);
  });
  it('返贫致贫 gets the CI tilt (6,000 at 85%) and 80% inpatient aid like 低保: 三级 T 17500 → 11200, CI 255.00, aid 4836.00', async () => {
    const r = await run('xining-2024', 'settlements', [res({ level: '三级', totalCost: 17500, assistance: '返贫致贫' })]);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['255.00']);
    expect(col(r, 'assistancePaid')).toEqual(['4836.00']);
  });
  it('支出型贫困 has no CI tilt: 三级 T 17500 → burden 6300 ≤ 12000 → CI 0; aid (6300 − 6000) × 50% = 150.00', async () => {
    const r = await run('xining-2024', 'settlements', [res({ level: '三级', totalCost: 17500, assistance: '支出型贫困' })]);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['0.00']);
    expect(col(r, 'assistancePaid')).toEqual(['150.00']);
  });
});

describe('General 5/6 and 二(二)1(2)④ for deliveries: a delivery is a hospital stay', () => {
  const woman = idFor('19900101', 124);
  it('a flexible worker\'s delivery from 2024-12-28 to 2025-01-03 belongs to 2025: after a 2024 admission it is the 1st of 2025 (二级 550)', async () => {
    // 2024-06 admission: (10000 − 550) × 80% = 7560. Delivery (八6: employee inpatient rules): 1st of 2025 → (10000 − 550) × 80% = 7560.00
    // (counted in 2024 it would be the 2nd: (10000 − 450) × 80% = 7640).
    const r = await run('xining-2024', 'settlements', [
      emp({ idNumber: woman, employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 24, totalCost: 10000, visitDate: '2024-06-01', dischargeDate: '2024-06-05' }),
      emp({ idNumber: woman, employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 30, visitType: '生育', maternityItem: '自然分娩', totalCost: 10000, visitDate: '2024-12-28', dischargeDate: '2025-01-03' }),
    ]);
    expect(col(r, 'deductible')).toEqual(['550.00', '550.00']);
    expect(col(r, 'fundPaid')).toEqual(['7560.00', '7560.00']);
    expect(r.outcomes.map((o) => o.results['admissionNo'])).toEqual([1, 1]);
  });
  it('a general-outpatient visit during a delivery stay pays nothing (警告); the day of discharge pays', async () => {
    // 二级 在职 outpatient T 100: 100 × 60% = 60.00 outside the stay.
    const r = await run('xining-2024', 'settlements', [
      emp({ idNumber: woman, visitType: '普通门诊', totalCost: 100, visitDate: '2024-03-03', dischargeDate: undefined }),
      emp({ idNumber: woman, visitType: '生育', maternityItem: '剖宫产', totalCost: 10000, visitDate: '2024-03-01', dischargeDate: '2024-03-06' }),
      emp({ idNumber: woman, visitType: '普通门诊', totalCost: 100, visitDate: '2024-03-06', dischargeDate: undefined }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['0.00', '0.00', '60.00']);
    expect(col(r, 'maternityPaid')).toEqual(['0.00', '6200.00', '0.00']);
    expect(r.outcomes[0]!.status).toBe('warning');
  });
  it('an uninsured spouse\'s delivery is not the insured man\'s stay: his outpatient visit that day pays', async () => {
    const man = idFor('19880101', 135);
    const r = await run('xining-2024', 'settlements', [
      emp({ idNumber: man, visitType: '生育', maternityItem: '自然分娩', maternityFor: '配偶未参保', totalCost: 5000, visitDate: '2024-03-01', dischargeDate: '2024-03-04' }),
      emp({ idNumber: man, visitType: '普通门诊', totalCost: 100, visitDate: '2024-03-02', dischargeDate: undefined }),
    ]);
    // 二级 自然分娩 2800 × 50% = 1400.00; outpatient 60.00.
    expect(col(r, 'maternityPaid')).toEqual(['1400.00', '0.00']);
    expect(col(r, 'fundPaid')).toEqual(['0.00', '60.00']);
  });
});

describe('assistance thresholds are not reduced by a 40% unreferred payment (一(二)5)', () => {
  it('低保边缘: unreferred 二级 T 4000 → 512.00; then local 二级 T 20000 → residual 4480 → (4480 − 2500) × 60% = 1188.00', async () => {
    // Row 1: (4000 − 600) × 80% = 2720, residual 1280 × 40% = 512.00 (no threshold).
    // Row 2: (20000 − 600) × 80% = 15520, residual 4480 (CI: 1280 + 4480 = 5760 ≤ 12000 → 0); the year's threshold base is 4480.
    const r = await run('xining-2024', 'settlements', [
      res({ totalCost: 4000, assistance: '低保边缘', location: '异地转诊未备案', visitDate: '2024-01-02', dischargeDate: '2024-01-05' }),
      res({ totalCost: 20000, assistance: '低保边缘', visitDate: '2024-03-02', dischargeDate: '2024-03-09' }),
    ]);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['0.00', '0.00']);
    expect(col(r, 'assistancePaid')).toEqual(['512.00', '1188.00']);
  });
});
