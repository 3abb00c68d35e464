import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const base = {
  settlementId: 'S1',
  idNumber: idFor('19800101', 123),
  scheme: '职工',
  employmentStatus: '在职',
  visitType: '住院',
  level: '二级',
  visitDate: '2024-02-03',
  dischargeDate: '2024-02-15',
};

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
});
