import { describe, expect, it } from 'vitest';
import { r2, run } from '../helpers/rows.js';
import { emp } from './xining-settle-helpers.js';

const op = (over = {}) => emp({ visitType: '普通门诊', dischargeDate: undefined, ...over });
const chronic = (over = {}) => emp({ visitType: '门诊慢特病', dischargeDate: undefined, ...over });
const dated = (d: string) => ({ visitDate: d });
const fundOf = (res: Awaited<ReturnType<typeof run>>) => res.outcomes.map((o) => r2(o.results['fundPaid']));

describe('xining.employee.outpatient_pool — 二(二)1(2): no deductible, 50/60% at 三级, 60/70% below and 药店', () => {
  it.each([
    ['三级', '在职', '500.00'],
    ['三级', '退休', '600.00'],
    ['二级', '在职', '600.00'],
    ['一级', '退休', '700.00'],
    ['社区', '在职', '600.00'],
    ['药店', '退休', '700.00'],
  ])('%s %s, T 1000 → %s', async (level, status, fund) => {
    const res = await run('xining-2024', 'settlements', [op({ level, employmentStatus: status, totalCost: 1000 })]);
    expect(res.outcomes[0]!.status).toBe('ok');
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe(fund);
    expect(r2(res.outcomes[0]!.results['deductible'])).toBe('0.00');
  });
  it('cap 1,200 across rows (二级 在职 60%): 600.00, 599.99 (1199.99, just below), 0.01 (cut at the cap), 0.00', async () => {
    const res = await run('xining-2024', 'settlements', [
      op({ totalCost: 1000, ...dated('2024-01-05') }),
      op({ totalCost: '999.99', ...dated('2024-02-05') }),
      op({ totalCost: 1000, ...dated('2024-03-05') }),
      op({ totalCost: 1000, ...dated('2024-04-05') }),
    ]);
    expect(fundOf(res)).toEqual(['600.00', '599.99', '0.01', '0.00']);
    expect(res.outcomes[2]!.basis).toContain('普通门诊年最高支付限额1200，本年剩余0.01，支付0.01(二(二)1(2))');
  });
  it('4.2% flexible: cap 500 (1000 × 60% = 600 → 500); 8% flexible: 1,200 (2500 × 60% = 1500 → 1200)', async () => {
    const a = await run('xining-2024', 'settlements', [op({ employmentStatus: '灵活就业', flexibleRate: '4.2%', totalCost: 1000 })]);
    expect(r2(a.outcomes[0]!.results['fundPaid'])).toBe('500.00');
    const b = await run('xining-2024', 'settlements', [op({ employmentStatus: '灵活就业', flexibleRate: '8%', totalCost: 2500 })]);
    expect(r2(b.outcomes[0]!.results['fundPaid'])).toBe('1200.00');
  });
  it('a flexible worker without 缴费档次 is a row error naming the column', async () => {
    const res = await run('xining-2024', 'settlements', [op({ employmentStatus: '灵活就业', totalCost: 1000 })]);
    expect(res.outcomes[0]!.status).toBe('error');
    expect(res.outcomes[0]!.messages[0]).toContain('缴费档次');
  });
  it('两病门诊 is a resident benefit: an employee row is an error', async () => {
    const res = await run('xining-2024', 'settlements', [op({ visitType: '两病门诊', disease: '高血压', totalCost: 100 })]);
    expect(res.outcomes[0]!.status).toBe('error');
  });
});

describe('xining.employee.chronic.class1 — 二(二)2: inpatient ratio, no deductible, own 10万 cap', () => {
  it('恶性肿瘤（含淋巴、白血病） at 三级 退休: 10000 × 80% = 8000.00, 起付线 0', async () => {
    const res = await run('xining-2024', 'settlements', [chronic({ level: '三级', employmentStatus: '退休', disease: '恶性肿瘤（含淋巴、白血病）', totalCost: 10000 })]);
    const o = res.outcomes[0]!;
    expect(o.status).toBe('ok');
    expect(r2(o.results['fundPaid'])).toBe('8000.00');
    expect(r2(o.results['deductible'])).toBe('0.00');
    expect(o.basis).toContain('门诊慢特病一类(恶性肿瘤)不设起付线');
  });
  it('cap 100,000 across rows: 96000 (120000×80%), then 4000 reaches it exactly, then 0; another row past it is cut', async () => {
    const rows = [
      chronic({ level: '三级', employmentStatus: '退休', disease: '血友病', totalCost: 120000, ...dated('2024-01-05') }),
      chronic({ level: '三级', employmentStatus: '退休', disease: '血友病', totalCost: 5000, ...dated('2024-02-05') }),
      chronic({ level: '三级', employmentStatus: '退休', disease: '血友病', totalCost: 5000, ...dated('2024-03-05') }),
    ];
    const res = await run('xining-2024', 'settlements', rows);
    expect(fundOf(res)).toEqual(['96000.00', '4000.00', '0.00']);
    expect(res.outcomes[1]!.basis).not.toContain('最高支付限额');
    const cut = await run('xining-2024', 'settlements', [rows[0]!, { ...rows[1]!, totalCost: 6000 }]);
    expect(fundOf(cut)).toEqual(['96000.00', '4000.00']);
    expect(cut.outcomes[1]!.basis).toContain('门诊慢特病一类年度最高支付限额100000，本年剩余4000');
  });
  it('xining.flexible.chronic_requires_8pct: 4.2% flexible workers have no chronic benefit (警告, 0)', async () => {
    const res = await run('xining-2024', 'settlements', [chronic({ employmentStatus: '灵活就业', flexibleRate: '4.2%', disease: '血友病', totalCost: 1000 })]);
    expect(res.outcomes[0]!.status).toBe('warning');
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('0.00');
  });
  it('an unknown disease is an error naming 病种 and the value', async () => {
    const res = await run('xining-2024', 'settlements', [chronic({ disease: '感冒', totalCost: 1000 })]);
    expect(res.outcomes[0]!.status).toBe('error');
    expect(res.outcomes[0]!.messages[0]).toContain('「感冒」');
  });
});

describe('xining.employee.chronic.class2 — 二(二)2: prior-year balance above 1,000 first, then 80%, 5,000 (丙肝 20,000) + 2,000', () => {
  it('balance 1000.00 → nothing from the account: 1000 × 80% = 800.00', async () => {
    const res = await run('xining-2024', 'settlements', [chronic({ disease: '高血压', totalCost: 1000, accountBalance: '1000.00' })]);
    expect(r2(res.outcomes[0]!.results['accountPaid'])).toBe('0.00');
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('800.00');
  });
  it('balance 1000.01 → 0.01 from the account, (1000 − 0.01) × 80% = 799.992 → 799.99', async () => {
    const res = await run('xining-2024', 'settlements', [chronic({ disease: '高血压', totalCost: 1000, accountBalance: '1000.01' })]);
    expect(r2(res.outcomes[0]!.results['accountPaid'])).toBe('0.01');
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('799.99');
  });
  it('balance 3000 is spent down across rows: 1500 (all account), 500 + 400, then 800 from the fund', async () => {
    const res = await run('xining-2024', 'settlements', [
      chronic({ disease: '高血压', totalCost: 1500, accountBalance: 3000, ...dated('2024-01-05') }),
      chronic({ disease: '高血压', totalCost: 1000, accountBalance: 3000, ...dated('2024-02-05') }),
      chronic({ disease: '高血压', totalCost: 1000, accountBalance: 3000, ...dated('2024-03-05') }),
    ]);
    expect(res.outcomes.map((o) => r2(o.results['accountPaid']))).toEqual(['1500.00', '500.00', '0.00']);
    expect(fundOf(res)).toEqual(['0.00', '400.00', '800.00']);
    // The account is the person's own money: it is part of 个人负担, not of 基金支付合计.
    expect(r2(res.outcomes[0]!.results['patientPays'])).toBe('1500.00');
    expect(r2(res.outcomes[0]!.results['totalFundPaid'])).toBe('0.00');
  });
  it('cap 5,000: 6249.99 × 80% = 4999.99 (just below), then 0.01 (cut), then 0', async () => {
    const res = await run('xining-2024', 'settlements', [
      chronic({ disease: '痛风', totalCost: '6249.99', ...dated('2024-01-05') }),
      chronic({ disease: '痛风', totalCost: 1000, ...dated('2024-02-05') }),
      chronic({ disease: '痛风', totalCost: 1000, ...dated('2024-03-05') }),
    ]);
    expect(fundOf(res)).toEqual(['4999.99', '0.01', '0.00']);
  });
  it('丙型肝炎: cap 20,000 (30000 × 80% = 24000 → 20000); exactly 25000 × 80% = 20000 is not cut', async () => {
    const a = await run('xining-2024', 'settlements', [chronic({ disease: '丙型肝炎', totalCost: 30000 })]);
    expect(r2(a.outcomes[0]!.results['fundPaid'])).toBe('20000.00');
    const b = await run('xining-2024', 'settlements', [chronic({ disease: '丙型肝炎', totalCost: 25000 })]);
    expect(r2(b.outcomes[0]!.results['fundPaid'])).toBe('20000.00');
    expect(b.outcomes[0]!.basis).not.toContain('最高支付限额');
  });
  it('two class-2 diseases → 5,000 + 2,000 = 7,000, also when they come on separate rows', async () => {
    const one = await run('xining-2024', 'settlements', [chronic({ disease: '高血压、糖尿病', totalCost: 10000 })]);
    expect(r2(one.outcomes[0]!.results['fundPaid'])).toBe('7000.00');
    const split = await run('xining-2024', 'settlements', [
      chronic({ disease: '高血压', totalCost: 6250, ...dated('2024-01-05') }), // 5000, at the single-disease cap
      chronic({ disease: '糖尿病', totalCost: 2500, ...dated('2024-02-05') }), // 2000, up to 7000
      chronic({ disease: '高血压', totalCost: 1000, ...dated('2024-03-05') }), // 0
    ]);
    expect(fundOf(split)).toEqual(['5000.00', '2000.00', '0.00']);
  });
});

describe('xining.employee.special_drugs — 二(二)3: prescriber level inpatient ratio, no deductible', () => {
  it('三级 退休: (5000 − 500) × 80% = 3600.00', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ visitType: '特殊药品', level: '三级', employmentStatus: '退休', totalCost: 5000, classBSelfPay: 500, dischargeDate: undefined })]);
    expect(r2(res.outcomes[0]!.results['fundPaid'])).toBe('3600.00');
    expect(r2(res.outcomes[0]!.results['deductible'])).toBe('0.00');
    expect(r2(res.outcomes[0]!.results['criticalIllnessPaid'])).toBe('0.00');
  });
  it('药店 is not a prescriber level: error', async () => {
    const res = await run('xining-2024', 'settlements', [emp({ visitType: '特殊药品', level: '药店', totalCost: 5000, dischargeDate: undefined })]);
    expect(res.outcomes[0]!.status).toBe('error');
  });
});
