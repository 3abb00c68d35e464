import { describe, expect, it } from 'vitest';
import { r2, run } from '../helpers/rows.js';
import { emp, res as resRow } from './xining-settle-helpers.js';

type Res = Awaited<ReturnType<typeof run>>;
const col = (r: Res, key: string) => r.outcomes.map((o) => r2(o.results[key]));
const day = (d: string) => ({ visitDate: d, dischargeDate: d });
const op = (over = {}) => resRow({ visitType: '普通门诊', dischargeDate: undefined, ...over });
const two = (over = {}) => resRow({ visitType: '两病门诊', dischargeDate: undefined, ...over });
const chronic = (over = {}) => resRow({ visitType: '门诊慢特病', dischargeDate: undefined, ...over });

describe('xining.resident.inpatient — 一(二)4(1): 1500/600/100 every admission, 70/80/90%, 10万', () => {
  it.each([
    ['三级', '1500.00', '5950.00'], // (10000−1500)×70%
    ['二级', '600.00', '7520.00'], // (10000−600)×80%
    ['一级', '100.00', '8910.00'], // (10000−100)×90%
    ['社区', '100.00', '8910.00'],
  ])('%s T 10000 → 起付线 %s, 统筹 %s', async (level, d, fund) => {
    const r = await run('xining-2024', 'settlements', [resRow({ level, totalCost: 10000 })]);
    expect(r.outcomes[0]!.status).toBe('ok');
    expect(r2(r.outcomes[0]!.results['deductible'])).toBe(d);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe(fund);
  });
  it.each([
    ['599.99', '599.99', '0.00'],
    ['600.00', '600.00', '0.00'],
    ['600.01', '600.00', '0.01'], // 0.01 × 80% = 0.008
  ])('二级 deductible boundary: T %s → 起付线 %s, 统筹 %s', async (total, d, fund) => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: total })]);
    expect(r2(r.outcomes[0]!.results['deductible'])).toBe(d);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe(fund);
  });
  it('every admission pays the deductible again', async () => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: 10000, ...day('2024-01-05') }), resRow({ totalCost: 10000, ...day('2024-02-05') })]);
    expect(col(r, 'deductible')).toEqual(['600.00', '600.00']);
    expect(r.outcomes.map((o) => o.results['admissionNo'])).toEqual([1, 2]);
  });
  it('cap 100,000 with 既往统筹支付 98,000: 1200 (just below), 800 reaches it exactly, then 0; 880 would be cut to 800', async () => {
    // 二级: (2100−600)×80% = 1200; (1600−600)×80% = 800; (1700−600)×80% = 880.
    const r = await run('xining-2024', 'settlements', [
      resRow({ totalCost: 2100, priorFundPaid: 98000, ...day('2024-01-05') }),
      resRow({ totalCost: 1600, ...day('2024-02-05') }),
      resRow({ totalCost: 1600, ...day('2024-03-05') }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['1200.00', '800.00', '0.00']);
    expect(col(r, 'ytdFundPaid')).toEqual(['99200.00', '100000.00', '100000.00']);
    const cut = await run('xining-2024', 'settlements', [resRow({ totalCost: 2100, priorFundPaid: 98000, ...day('2024-01-05') }), resRow({ totalCost: 1700, ...day('2024-02-05') })]);
    expect(col(cut, 'fundPaid')).toEqual(['1200.00', '800.00']);
    expect(cut.outcomes[1]!.basis).toContain('居民住院年度最高支付限额100000，本年剩余800');
  });
});

describe('xining.resident.critical_illness — 一(二)4(2): year\'s in-scope burden above 12,000 at 80% (特困/低保/返贫致贫: 6,000 at 85%)', () => {
  // 三级: burden = 1500 + (T − 1500) × 30%.
  it.each([
    ['36500.00', '0.00'], // burden 12000.00
    ['36500.04', '0.01'], // fund 24500.03, burden 12000.01 → 0.008
    ['37500.00', '240.00'], // burden 12300 → 300 × 80%
  ])('T %s → 大病 %s', async (total, ci) => {
    const r = await run('xining-2024', 'settlements', [resRow({ level: '三级', totalCost: total })]);
    expect(r2(r.outcomes[0]!.results['criticalIllnessPaid'])).toBe(ci);
  });
  it('低保: 6,000 at 85%, then assistance 80%: T 17500 三级 → fund 11200, burden 6300 → CI 255.00, assistance (6300−255)×80% = 4836.00, patient 1209.00', async () => {
    const exact = await run('xining-2024', 'settlements', [resRow({ level: '三级', totalCost: 16500, assistance: '低保' })]);
    expect(r2(exact.outcomes[0]!.results['criticalIllnessPaid'])).toBe('0.00'); // burden exactly 6000
    const r = await run('xining-2024', 'settlements', [resRow({ level: '三级', totalCost: 17500, assistance: '低保' })]);
    const o = r.outcomes[0]!;
    expect(r2(o.results['fundPaid'])).toBe('11200.00');
    expect(r2(o.results['criticalIllnessPaid'])).toBe('255.00');
    expect(r2(o.results['assistancePaid'])).toBe('4836.00');
    expect(r2(o.results['patientPays'])).toBe('1209.00');
    expect(o.basis).toContain('超过6000部分×85%=255.00');
  });
  it('chronic class 1 feeds CI: 三级 class-1 T 40000 (burden 12000, no CI), then 一级 inpatient T 1100 (burden 200) → 200 × 80% = 160.00', async () => {
    const r = await run('xining-2024', 'settlements', [
      chronic({ level: '三级', disease: '慢性肾功能衰竭', totalCost: 40000, visitDate: '2024-01-05' }),
      resRow({ level: '一级', totalCost: 1100, ...day('2024-02-05') }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['28000.00', '900.00']);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['0.00', '160.00']);
  });
  it('既往大病累计 seeds the base: 11,000 + burden 2480 (二级 T 10000) → 13480 → 1480 × 80% = 1184.00', async () => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: 10000, priorCriticalBase: 11000 })]);
    expect(r2(r.outcomes[0]!.results['criticalIllnessPaid'])).toBe('1184.00');
  });
  it('general outpatient does not feed CI', async () => {
    const r = await run('xining-2024', 'settlements', [op({ totalCost: 1000, priorCriticalBase: 20000 })]);
    expect(r2(r.outcomes[0]!.results['criticalIllnessPaid'])).toBe('0.00');
  });
});

describe('xining.resident.outpatient_pool — 一(二)1: 300 a year (2024), 50% 三级 / 70%', () => {
  it('三级 200 → 100.00; 二级 200 → 140.00', async () => {
    const r = await run('xining-2024', 'settlements', [op({ level: '三级', totalCost: 200, visitDate: '2024-01-05' }), op({ level: '二级', totalCost: 200, idNumber: emp().idNumber, scheme: '居民' })]);
    expect(col(r, 'fundPaid')).toEqual(['100.00', '140.00']);
  });
  it('cap 300 across rows: 210.00, 89.99 (299.99), 0.01 (cut), 0.00', async () => {
    const r = await run('xining-2024', 'settlements', [
      op({ totalCost: 300, visitDate: '2024-01-05' }),
      op({ totalCost: '128.56', visitDate: '2024-02-05' }), // 89.992
      op({ totalCost: 100, visitDate: '2024-03-05' }),
      op({ totalCost: 100, visitDate: '2024-04-05' }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['210.00', '89.99', '0.01', '0.00']);
  });
  it('药店 is not covered for residents (警告); a 2025 row uses the 2024 provisional 300 with a 警告', async () => {
    const a = await run('xining-2024', 'settlements', [op({ level: '药店', totalCost: 100 })]);
    expect(a.outcomes[0]!.status).toBe('warning');
    expect(r2(a.outcomes[0]!.results['fundPaid'])).toBe('0.00');
    const b = await run('xining-2024', 'settlements', [op({ totalCost: 100, visitDate: '2025-02-01' })]);
    expect(b.outcomes[0]!.status).toBe('warning');
    expect(b.outcomes[0]!.messages[0]).toContain('2024年暂定');
    expect(r2(b.outcomes[0]!.results['fundPaid'])).toBe('70.00');
  });
});

describe('xining.resident.two_diseases — 一(二)2: 400 / 600 / 1,000, 50% / 70%, no deductible', () => {
  it('高血压 二级: 399.99 (just below 400), then 0.01 (cut); 糖尿病 later lifts the cap to 1,000: 700 → 600 left', async () => {
    const r = await run('xining-2024', 'settlements', [
      two({ disease: '高血压', totalCost: '571.42', visitDate: '2024-01-05' }), // 399.994
      two({ disease: '高血压', totalCost: 100, visitDate: '2024-02-05' }),
      two({ disease: '糖尿病', totalCost: 1000, visitDate: '2024-03-05' }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['399.99', '0.01', '600.00']);
  });
  it('糖尿病 alone: 1000 × 70% = 700 → 600; 三级 100 → 50.00; other diseases are errors', async () => {
    const a = await run('xining-2024', 'settlements', [two({ disease: '糖尿病', totalCost: 1000 })]);
    expect(r2(a.outcomes[0]!.results['fundPaid'])).toBe('600.00');
    const b = await run('xining-2024', 'settlements', [two({ level: '三级', disease: '高血压', totalCost: 100 })]);
    expect(r2(b.outcomes[0]!.results['fundPaid'])).toBe('50.00');
    const c = await run('xining-2024', 'settlements', [two({ disease: '痛风', totalCost: 100 })]);
    expect(c.outcomes[0]!.status).toBe('error');
  });
});

describe('xining.resident.chronic.class1 and xining.resident.chronic.class2 — 一(二)3', () => {
  it('class 1 at 三级: 10000 × 70% = 7000.00, no deductible', async () => {
    const r = await run('xining-2024', 'settlements', [chronic({ level: '三级', disease: '血友病', totalCost: 10000 })]);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe('7000.00');
    expect(r2(r.outcomes[0]!.results['deductible'])).toBe('0.00');
  });
  it('class 2 deductible 200 a year: 199.99 → 0; then 0.01 more → (99.99) × 70% = 69.99', async () => {
    const r = await run('xining-2024', 'settlements', [chronic({ disease: '痛风', totalCost: '199.99', visitDate: '2024-01-05' }), chronic({ disease: '痛风', totalCost: 100, visitDate: '2024-02-05' })]);
    expect(col(r, 'deductible')).toEqual(['199.99', '0.01']);
    expect(col(r, 'fundPaid')).toEqual(['0.00', '69.99']);
  });
  it.each([
    ['200.00', '200.00', '0.00'],
    ['200.01', '200.00', '0.01'],
  ])('class 2 deductible at/above: T %s → 起付线 %s, 统筹 %s', async (total, d, fund) => {
    const r = await run('xining-2024', 'settlements', [chronic({ disease: '痛风', totalCost: total })]);
    expect(r2(r.outcomes[0]!.results['deductible'])).toBe(d);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe(fund);
  });
  it('class 2 at 三级 50%: (1200 − 200) × 50% = 500.00', async () => {
    const r = await run('xining-2024', 'settlements', [chronic({ level: '三级', disease: '痛风', totalCost: 1200 })]);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe('500.00');
  });
  it('cap 3,000: 2999.99 (just below), 0.01 (cut), 0', async () => {
    const r = await run('xining-2024', 'settlements', [
      chronic({ disease: '痛风', totalCost: '4485.70', visitDate: '2024-01-05' }), // (4285.70) × 70% = 2999.99
      chronic({ disease: '痛风', totalCost: 100, visitDate: '2024-02-05' }),
      chronic({ disease: '痛风', totalCost: 100, visitDate: '2024-03-05' }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['2999.99', '0.01', '0.00']);
  });
  it.each([
    ['精神与行为障碍', '5000.00'], // 9800 × 70% = 6860 → 5000
    ['高血压、糖尿病', '4000.00'], // 3000 + 1000
    ['结核病、高血压', '6000.00'], // 5000 + 1000
    ['丙型肝炎', '5000.00'],
  ])('T 10000 %s → %s', async (disease, fund) => {
    const r = await run('xining-2024', 'settlements', [chronic({ disease, totalCost: 10000 })]);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe(fund);
  });
});

describe('xining.assistance.destitute, xining.assistance.other_key, xining.assistance.inpatient.low_income_marginal, xining.assistance.inpatient.expenditure_poor, xining.assistance.uninsured_or_unreferred — 一(二)5', () => {
  it('特困 inpatient 100%: 二级 T 10000 → fund 7520, assistance 2480, patient 0', async () => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: 10000, assistance: '特困' })]);
    expect(r2(r.outcomes[0]!.results['assistancePaid'])).toBe('2480.00');
    expect(r2(r.outcomes[0]!.results['patientPays'])).toBe('0.00');
  });
  it('特困 inpatient cap 60,000 across rows: 20100, 30000, 9900 (cut), 0', async () => {
    // Row 1 三级 T 200000: fund min(198500×70%, 100000) = 100000; CI (100000−6000)×85% = 79900; aid 20100.
    // Row 2 T 200000: fund 0; CI base 300000 → 249900 − 79900 = 170000; aid 30000 (room 39900).
    // Row 3 T 100000: CI base 400000 → 334900 − 249900 = 85000; residual 15000; room 9900 → 9900.
    const r = await run('xining-2024', 'settlements', [
      resRow({ level: '三级', totalCost: 200000, assistance: '特困', ...day('2024-01-05') }),
      resRow({ level: '三级', totalCost: 200000, assistance: '特困', ...day('2024-02-05') }),
      resRow({ level: '三级', totalCost: 100000, assistance: '特困', ...day('2024-03-05') }),
      resRow({ level: '三级', totalCost: 10000, assistance: '特困', ...day('2024-04-05') }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['100000.00', '0.00', '0.00', '0.00']);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['79900.00', '170000.00', '85000.00', '8500.00']);
    expect(col(r, 'assistancePaid')).toEqual(['20100.00', '30000.00', '9900.00', '0.00']);
  });
  it('特困 chronic cap 10,000: 440.00 (class 2), then 9560.00 of 20100 (cut), then 0', async () => {
    // Row 2: class 1 三级 T 200000: 140000 → fund 100000 (class-1 cap); CI (100000−6000)×85% = 79900; residual 20100; room 10000 − 440.
    const r = await run('xining-2024', 'settlements', [
      chronic({ disease: '痛风', totalCost: 1000, assistance: '特困', visitDate: '2024-01-05' }),
      chronic({ level: '三级', disease: '恶性肿瘤', totalCost: 200000, assistance: '特困', visitDate: '2024-02-05' }),
      chronic({ disease: '痛风', totalCost: 1000, assistance: '特困', visitDate: '2024-03-05' }),
    ]);
    expect(col(r, 'assistancePaid')).toEqual(['440.00', '9560.00', '0.00']);
  });
  it('低保 inpatient 80%, cap 50,000: 16080, 24000, 9920 (cut)', async () => {
    // Residuals after basic and the 6000/85% CI: 20100, 30000, 15000 (see the 特困 case) → ×80% = 16080, 24000, 12000 → room 9920.
    const r = await run('xining-2024', 'settlements', [
      resRow({ level: '三级', totalCost: 200000, assistance: '低保', ...day('2024-01-05') }),
      resRow({ level: '三级', totalCost: 200000, assistance: '低保', ...day('2024-02-05') }),
      resRow({ level: '三级', totalCost: 100000, assistance: '低保', ...day('2024-03-05') }),
    ]);
    expect(col(r, 'assistancePaid')).toEqual(['16080.00', '24000.00', '9920.00']);
    expect(r.outcomes[2]!.basis).toContain('年度救助限额50000剩余9920，支付9920.00');
  });
  it('特困 outpatient 100%, cap 360: residuals 200 then 500 → 200.00, 160.00, then 0', async () => {
    // 二级 T 500: 350 → fund 300 (resident cap), residual 200; then fund 0, residual 500 → 160 left.
    const r = await run('xining-2024', 'settlements', [
      op({ totalCost: 500, assistance: '特困', visitDate: '2024-01-05' }),
      op({ totalCost: 500, assistance: '特困', visitDate: '2024-02-05' }),
      op({ totalCost: 500, assistance: '特困', visitDate: '2024-03-05' }),
    ]);
    expect(col(r, 'fundPaid')).toEqual(['300.00', '0.00', '0.00']);
    expect(col(r, 'assistancePaid')).toEqual(['200.00', '160.00', '0.00']);
  });
  it('chronic: 特困 100% (440.00), 低保 90% (396.00) on 二级 class-2 T 1000 (fund (1000−200)×70% = 560)', async () => {
    const a = await run('xining-2024', 'settlements', [chronic({ disease: '痛风', totalCost: 1000, assistance: '特困' })]);
    expect(r2(a.outcomes[0]!.results['assistancePaid'])).toBe('440.00');
    const b = await run('xining-2024', 'settlements', [chronic({ disease: '痛风', totalCost: 1000, assistance: '低保' })]);
    expect(r2(b.outcomes[0]!.results['assistancePaid'])).toBe('396.00');
  });
  it('低保 has no general-outpatient assistance', async () => {
    const r = await run('xining-2024', 'settlements', [op({ totalCost: 500, assistance: '低保' })]);
    expect(r2(r.outcomes[0]!.results['assistancePaid'])).toBe('0.00');
  });
  it.each([
    ['10100.00', '0.00'], // 二级: residual 600 + 9500×20% = 2500.00 exactly
    ['10100.05', '0.01'], // fund 7600.04, residual 2500.01 → 0.006
  ])('低保边缘 threshold 2,500 at 60%: T %s → %s', async (total, aid) => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: total, assistance: '低保边缘' })]);
    expect(r2(r.outcomes[0]!.results['assistancePaid'])).toBe(aid);
  });
  it('易返贫致贫 accumulates the year: 2480 (below), then +680 → 3160 → 660 × 60% = 396.00', async () => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: 10000, assistance: '易返贫致贫', ...day('2024-01-05') }), resRow({ totalCost: 1000, assistance: '易返贫致贫', ...day('2024-02-05') })]);
    expect(col(r, 'assistancePaid')).toEqual(['0.00', '396.00']);
  });
  it('低保边缘 cap 20,000: 16260, 2400, 1340 (cut), 0', async () => {
    // Row 1 三级 T 200000: fund 100000; CI (100000−12000)×80% = 70400; residual 29600 → (29600−2500)×60% = 16260.
    // Rows 2–3 T 20000: CI 16000 each, residual 4000 → base 33600 → 18660 (+2400); 37600 → 21060 (+2800, room 1340).
    const r = await run('xining-2024', 'settlements', [
      resRow({ level: '三级', totalCost: 200000, assistance: '低保边缘', ...day('2024-01-05') }),
      resRow({ level: '三级', totalCost: 20000, assistance: '低保边缘', ...day('2024-02-05') }),
      resRow({ level: '三级', totalCost: 20000, assistance: '低保边缘', ...day('2024-03-05') }),
      resRow({ level: '三级', totalCost: 20000, assistance: '低保边缘', ...day('2024-04-05') }),
    ]);
    expect(col(r, 'criticalIllnessPaid')).toEqual(['70400.00', '16000.00', '16000.00', '16000.00']);
    expect(col(r, 'assistancePaid')).toEqual(['16260.00', '2400.00', '1340.00', '0.00']);
  });
  it.each([
    ['27600.00', '0.00'], // 二级: residual 600 + 27000×20% = 6000.00 exactly
    ['27600.05', '0.01'], // residual 6000.01 → 0.005 → 0.01
  ])('支出型贫困 threshold 6,000 at 50%: T %s → %s', async (total, aid) => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: total, assistance: '支出型贫困' })]);
    expect(r2(r.outcomes[0]!.results['assistancePaid'])).toBe(aid);
  });
  it('支出型贫困 cap 20,000: 11800, 6000, 2200 (cut)', async () => {
    // Row 1 as above: residual 29600 → (23600)×50% = 11800. Rows T 60000: CI 48000 each, residual 12000 → 41600 → 17800 (+6000); 53600 → 23800 (room 2200).
    const r = await run('xining-2024', 'settlements', [
      resRow({ level: '三级', totalCost: 200000, assistance: '支出型贫困', ...day('2024-01-05') }),
      resRow({ level: '三级', totalCost: 60000, assistance: '支出型贫困', ...day('2024-02-05') }),
      resRow({ level: '三级', totalCost: 60000, assistance: '支出型贫困', ...day('2024-03-05') }),
    ]);
    expect(col(r, 'assistancePaid')).toEqual(['11800.00', '6000.00', '2200.00']);
  });
  it('异地转诊未备案: 40% of the residual: 特困 二级 T 10000 → 2480 × 40% = 992.00', async () => {
    const r = await run('xining-2024', 'settlements', [resRow({ totalCost: 10000, assistance: '特困', location: '异地转诊未备案' })]);
    expect(r2(r.outcomes[0]!.results['assistancePaid'])).toBe('992.00');
    expect(r.outcomes[0]!.basis).toContain('(按本系统约定 XN20、G5)');
  });
  it('employees: assistance is settled by hand (二(二)4(4)): 0 with a note', async () => {
    const r = await run('xining-2024', 'settlements', [emp({ totalCost: 10000, assistance: '特困' })]);
    expect(r2(r.outcomes[0]!.results['assistancePaid'])).toBe('0.00');
    expect(r.outcomes[0]!.messages.join()).toContain('二(二)4(4)');
  });
});
