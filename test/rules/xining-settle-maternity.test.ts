import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';
import { emp, res as resRow } from './xining-settle-helpers.js';

const WOMAN = idFor('19900101', 124); // even sequence → female
const MAN = idFor('19880101', 135);
const mat = (over = {}) => emp({ idNumber: WOMAN, visitType: '生育', ...over });

describe('xining.maternity.delivery — 三(二)2: paid up to the table limit by level, +600 per extra baby', () => {
  it.each([
    ['自然分娩', '三级', '5000', undefined, '4000.00'],
    ['自然分娩', '三级', '3000', undefined, '3000.00'], // below the limit: the cost
    ['剖宫产', '二级', '10000', undefined, '6200.00'],
    ['剖宫产', '二级', '10000', 2, '6800.00'], // twins: 6200 + 600
    ['胎膜早破阴道分娩', '一级', '10000', 3, '2700.00'], // 1500 + 2×600
    ['人工干预分娩', '三级', '10000', undefined, '4500.00'],
    ['住院流产', '二级', '10000', undefined, '1000.00'],
    ['住院引产', '一级', '10000', undefined, '1500.00'],
    ['自然分娩', '社区', '10000', undefined, '1200.00'], // 社区 = 一级
  ])('%s %s T %s 胎数 %s → %s', async (item, level, total, babies, paid) => {
    const r = await run('xining-2024', 'settlements', [mat({ maternityItem: item, level, totalCost: total, babies })]);
    const o = r.outcomes[0]!;
    expect(o.status).toBe('ok');
    expect(r2(o.results['maternityPaid'])).toBe(paid);
    expect(r2(o.results['fundPaid'])).toBe('0.00');
    expect(r2(o.results['totalFundPaid'])).toBe(paid);
  });
});

describe('xining.maternity.prenatal_subsidy and xining.maternity.family_planning_outpatient — fixed amounts (三(二)2)', () => {
  it.each([
    ['产前检查', 7, '500.00'],
    ['产前检查', 8, '800.00'],
    ['门诊人工流产', undefined, '300.00'],
    ['门诊药物流产', undefined, '400.00'],
    ['放置取出节育器', undefined, '200.00'],
    ['人工流产并放置取出节育器', undefined, '360.00'],
    ['女职工绝育', undefined, '1000.00'],
  ])('%s (怀孕月数 %s) → %s', async (item, months, paid) => {
    const r = await run('xining-2024', 'settlements', [mat({ maternityItem: item, pregnancyMonths: months, totalCost: 5000, dischargeDate: undefined })]);
    expect(r2(r.outcomes[0]!.results['maternityPaid'])).toBe(paid);
  });
  it('男职工绝育 600; 复通术 3000 but never more than the in-scope cost (2000)', async () => {
    const a = await run('xining-2024', 'settlements', [emp({ idNumber: MAN, visitType: '生育', maternityItem: '男职工绝育', totalCost: 5000 })]);
    expect(r2(a.outcomes[0]!.results['maternityPaid'])).toBe('600.00');
    const b = await run('xining-2024', 'settlements', [mat({ maternityItem: '复通术', totalCost: 2000 })]);
    expect(r2(b.outcomes[0]!.results['maternityPaid'])).toBe('2000.00');
    expect(r2(b.outcomes[0]!.results['patientPays'])).toBe('0.00');
  });
  it('产前检查 without 怀孕月数 and a 生育 row without 生育项目 are errors', async () => {
    const a = await run('xining-2024', 'settlements', [mat({ maternityItem: '产前检查', totalCost: 1000 })]);
    expect(a.outcomes[0]!.status).toBe('error');
    expect(a.outcomes[0]!.messages[0]).toContain('怀孕月数');
    const b = await run('xining-2024', 'settlements', [mat({ totalCost: 1000 })]);
    expect(b.outcomes[0]!.status).toBe('error');
    expect(b.outcomes[0]!.messages[0]).toContain('生育项目');
  });
});

describe('xining.maternity.male_employee_spouse — 三(三): 50% of the delivery limit as a lump sum', () => {
  it('剖宫产 三级: 7300 × 50% = 3650.00; twins: (7300 + 600) × 50% = 3950.00', async () => {
    const a = await run('xining-2024', 'settlements', [emp({ idNumber: MAN, visitType: '生育', maternityFor: '配偶未参保', maternityItem: '剖宫产', level: '三级', totalCost: 12000 })]);
    expect(r2(a.outcomes[0]!.results['maternityPaid'])).toBe('3650.00');
    const b = await run('xining-2024', 'settlements', [emp({ idNumber: MAN, visitType: '生育', maternityFor: '配偶未参保', maternityItem: '剖宫产', level: '三级', totalCost: 12000, babies: 2 })]);
    expect(r2(b.outcomes[0]!.results['maternityPaid'])).toBe('3950.00');
  });
});

describe('xining.maternity.flexible_retiree_excluded — 八6, and residents', () => {
  it('a retiree\'s delivery settles as employee inpatient: 二级 退休 (10000 − 550) × 85% = 8032.50, no maternity payment', async () => {
    const r = await run('xining-2024', 'settlements', [mat({ employmentStatus: '退休', maternityItem: '自然分娩', totalCost: 10000 })]);
    const o = r.outcomes[0]!;
    expect(r2(o.results['maternityPaid'])).toBe('0.00');
    expect(r2(o.results['fundPaid'])).toBe('8032.50');
    expect(o.results['admissionNo']).toBe(1);
    expect(o.messages.join()).toContain('八6');
  });
  it('a flexible worker\'s outpatient item: nothing (警告)', async () => {
    const r = await run('xining-2024', 'settlements', [mat({ employmentStatus: '灵活就业', maternityItem: '产前检查', pregnancyMonths: 5, totalCost: 800 })]);
    expect(r.outcomes[0]!.status).toBe('warning');
    expect(r2(r.outcomes[0]!.results['totalFundPaid'])).toBe('0.00');
  });
  it('a resident\'s delivery settles as resident inpatient: 二级 (5000 − 600) × 80% = 3520.00', async () => {
    const r = await run('xining-2024', 'settlements', [resRow({ idNumber: WOMAN, visitType: '生育', maternityItem: '自然分娩', totalCost: 5000 })]);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe('3520.00');
    expect(r2(r.outcomes[0]!.results['maternityPaid'])).toBe('0.00');
  });
});
