/**
 * Xining 2024 城乡居民参保缴费, by hand from 一(一)2/3/6:
 * personal 380, fiscal 680; 50% groups 380×50% = 190 subsidy → 190 due; transition groups 2024 = 60% →
 * 380×60% = 228 subsidy → 152 due; 特困 → 0. Windows: 2023-09-01..12-31 → 2024-01-01; 2024-01-01..03-31 → payment
 * date; 04-01..06-30 → payment date + 60 days; from 07-01 → 380+680 = 1060 and + 60 days. Newborns and the
 * groups of 一(一)3注 (every 资助类别 other than 无): their own amount, from the payment date.
 */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const adult = idFor('19800101', 123);

async function one(row: Record<string, unknown>) {
  const res = await run('xining-2024', 'resident-contributions', [{ idNumber: adult, coverageYear: 2024, ...row } as never]);
  return res.outcomes[0]!;
}

describe('xining.resident.contribution.window_and_effective_date, xining.resident.contribution.late_payer_full_cost, xining.resident.contribution.standard — 一(一)2/3 以2024年为例', () => {
  const cases: [string, string, string][] = [
    ['2023-09-01', '380.00', '2024-01-01'],
    ['2023-12-31', '380.00', '2024-01-01'],
    ['2024-01-01', '380.00', '2024-01-01'],
    ['2024-03-31', '380.00', '2024-03-31'],
    ['2024-04-01', '380.00', '2024-05-31'], // 04-01 + 60 days (30 in April, 30 in May)
    ['2024-06-30', '380.00', '2024-08-29'], // 06-30 + 60 days (31 in July, 29 in August)
    ['2024-07-01', '1060.00', '2024-08-30'], // 380 + 680; 07-01 + 60 days
    ['2024-12-31', '1060.00', '2025-03-01'],
  ];
  for (const [paidOn, due, start] of cases) {
    it(`paid ${paidOn} → due ${due}, benefits from ${start}`, async () => {
      const o = await one({ paidOn });
      expect(o.status).toBe('ok');
      expect(r2(o.results['personalContribution'])).toBe('380.00');
      expect(r2(o.results['fiscalSubsidy'])).toBe('680.00');
      expect(r2(o.results['amountDue'])).toBe(due);
      expect(o.results['benefitStart']).toBe(start);
    });
  }

  it('the late window cites the table and the 60 days', async () => {
    const o = await one({ paidOn: '2024-07-01' });
    expect(o.basis).toContain('个人缴费380.00+财政补助680.00=1060.00(一(一)3)');
    expect(o.basis).toContain('2024-07-01+60天=2024-08-30(一(一)3)');
  });

  it('a payment before the collection period or after the coverage year is a row error naming 缴费日期', async () => {
    const early = await one({ paidOn: '2023-08-31' });
    expect(early.status).toBe('error');
    expect(early.messages[0]).toContain('列「缴费日期」的值「2023-08-31」');
    const late = await one({ paidOn: '2025-01-01' });
    expect(late.status).toBe('error');
    expect(late.messages[0]).toContain('缴费日期');
  });
});

describe('xining.resident.contribution.subsidy.full / xining.resident.contribution.subsidy.half / xining.resident.contribution.subsidy.transition / xining.resident.contribution.subsidy.none — 一(一)6 (2024)', () => {
  const cases: [string, string, string][] = [
    ['特困', '380.00', '0.00'],
    ['孤儿', '380.00', '0.00'], // alias of 特困
    ['城镇低保', '190.00', '190.00'],
    ['农村低保', '190.00', '190.00'],
    ['重点优抚', '190.00', '190.00'],
    ['低收入重度残疾人', '190.00', '190.00'],
    ['脱贫人口中的农村低保', '228.00', '152.00'],
    ['返贫致贫人口', '228.00', '152.00'],
    ['易返贫致贫人口', '228.00', '152.00'],
    ['稳定脱贫人口', '0.00', '380.00'],
    ['支出型贫困', '0.00', '380.00'],
    ['无', '0.00', '380.00'],
  ];
  for (const [category, assistance, due] of cases) {
    it(`${category}: assistance ${assistance}, due ${due}`, async () => {
      const o = await one({ paidOn: '2024-02-15', subsidyCategory: category });
      expect(o.status).toBe('ok');
      expect(r2(o.results['assistanceAmount'])).toBe(assistance);
      expect(r2(o.results['amountDue'])).toBe(due);
    });
  }

  it('the transition subsidy cites the 60% of 2024: 380×60%=228.00, 个人缴费152.00', async () => {
    const o = await one({ paidOn: '2024-02-15', subsidyCategory: '返贫致贫人口' });
    expect(o.basis).toContain('资助380×60%=228.00，个人缴费152.00(一(一)6)');
  });

  it('低收入老年人 with an age under 60 at the payment date is a warning', async () => {
    const young = await run('xining-2024', 'resident-contributions', [{ idNumber: idFor('19700101', 123), coverageYear: 2024, paidOn: '2024-02-15', subsidyCategory: '低收入老年人' }]);
    expect(young.outcomes[0]!.status).toBe('warning');
    const old = await run('xining-2024', 'resident-contributions', [{ idNumber: idFor('19640215', 123), coverageYear: 2024, paidOn: '2024-02-15', subsidyCategory: '低收入老年人' }]);
    expect(old.outcomes[0]!.status).toBe('ok'); // exactly 60 on the payment date
  });
});

describe('xining.resident.contribution.window_exempt_groups, xining.resident.newborn_registration — 一(一)3注, 一(一)4', () => {
  it('assistance target paying late (2024-07-01): own amount 190, from the payment date', async () => {
    const o = await one({ paidOn: '2024-07-01', subsidyCategory: '城镇低保' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['amountDue'])).toBe('190.00');
    expect(o.results['benefitStart']).toBe('2024-07-01');
    expect(o.basis).toContain('(一(一)3注)(按本系统约定 XN6)');
  });

  it('脱贫 group paying in the 60-day window (2024-05-10): 152, from the payment date', async () => {
    const o = await one({ paidOn: '2024-05-10', subsidyCategory: '脱贫人口中的农村低保' });
    expect(r2(o.results['amountDue'])).toBe('152.00');
    expect(o.results['benefitStart']).toBe('2024-05-10');
  });

  it('稳定脱贫人口 paying late: its own 380 (not 1060), from the payment date', async () => {
    const o = await one({ paidOn: '2024-08-01', subsidyCategory: '稳定脱贫人口' });
    expect(r2(o.results['amountDue'])).toBe('380.00');
    expect(o.results['benefitStart']).toBe('2024-08-01');
  });

  it('newborn (no subsidy) paying on 2024-09-15, born 2024-07-01: 380, from the payment date', async () => {
    const res = await run('xining-2024', 'resident-contributions', [{ idNumber: idFor('20240701', 124), coverageYear: 2024, paidOn: '2024-09-15', newborn: '是' }]);
    const o = res.outcomes[0]!;
    expect(o.status).toBe('ok');
    expect(r2(o.results['amountDue'])).toBe('380.00');
    expect(o.results['benefitStart']).toBe('2024-09-15');
  });

  it('newborn paying 91 days after birth gets a 警告 (一(一)4: 90 days); 90 days is fine', async () => {
    const at90 = await run('xining-2024', 'resident-contributions', [{ idNumber: idFor('20240701', 124), coverageYear: 2024, paidOn: '2024-09-29', newborn: '是' }]);
    expect(at90.outcomes[0]!.status).toBe('ok');
    const at91 = await run('xining-2024', 'resident-contributions', [{ idNumber: idFor('20240701', 124), coverageYear: 2024, paidOn: '2024-09-30', newborn: '是' }]);
    expect(at91.outcomes[0]!.status).toBe('warning');
    expect(at91.outcomes[0]!.messages.join()).toContain('90');
  });

  it('an exempt person paying before the year still starts on 2024-01-01', async () => {
    const o = await one({ paidOn: '2023-10-01', subsidyCategory: '特困' });
    expect(r2(o.results['amountDue'])).toBe('0.00');
    expect(o.results['benefitStart']).toBe('2024-01-01');
  });
});

describe('years other than 2024 are not in the text', () => {
  it('coverage year 2025 is a row error naming the parameter id', async () => {
    const o = await one({ coverageYear: 2025, paidOn: '2025-02-01' });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('xining.resident.contribution.personal');
  });

  it('coverage year 2025 computes once its amounts are supplied (transition 2025 = 50%: 400×50% → 200)', async () => {
    const res = await run('xining-2024', 'resident-contributions', [{ idNumber: adult, coverageYear: 2025, paidOn: '2025-02-01', subsidyCategory: '返贫致贫人口' }], {
      'xining.resident.contribution.personal': '400',
      'xining.resident.contribution.fiscalSubsidy': '700',
    });
    const o = res.outcomes[0]!;
    expect(o.status).toBe('ok');
    expect(r2(o.results['assistanceAmount'])).toBe('200.00');
    expect(r2(o.results['amountDue'])).toBe('200.00');
  });
});
