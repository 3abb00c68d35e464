/** 不予支付情形 written as 无/否/- means no exclusion (RULES.md General 14 applies to a real case only). */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const row = (exclusion: string | undefined, n: string) => ({
  settlementId: n, idNumber: idFor('19800101', 123), scheme: '职工', employmentStatus: '在职', visitType: '住院', level: '二级',
  visitDate: '2024-02-03', dischargeDate: '2024-02-15', totalCost: '7959.12', fullySelfPaid: 258, classBSelfPay: '170.75', exclusion,
});

describe('不予支付情形 "none" values', () => {
  it.each(['无', '否', '-', ' 无 ', 'N/A'])('%s is no exclusion: the 7959.12 case still pays 5584.30', async (v) => {
    const r = await run('xining-2024', 'settlements', [row(v, 'S1')]);
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe('5584.30');
  });

  it('a real case (工伤) stops every fund with 警告', async () => {
    const r = await run('xining-2024', 'settlements', [row('工伤', 'S1')]);
    expect(r.outcomes[0]!.status).toBe('warning');
    expect(r2(r.outcomes[0]!.results['fundPaid'])).toBe('0.00');
  });
});
