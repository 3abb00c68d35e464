/**
 * xining.employee.outpatient.priority (二(二)1(2)④) and xining.resident.outpatient.interaction (一(二)1 注):
 * outpatient and chronic claims dated during an inpatient stay of the same person pay nothing, whatever the
 * sheet order; a visit on the discharge day is no longer "during".
 */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const emp = idFor('19800101', 123);
const res = idFor('19900101', 125);
const stay = (id: string, scheme: string) => ({ settlementId: `IP-${scheme}`, idNumber: id, scheme, employmentStatus: scheme === '职工' ? '在职' : undefined, visitType: '住院', level: '二级', visitDate: '2024-03-01', dischargeDate: '2024-03-10', totalCost: 5000 });
const visit = (id: string, scheme: string, date: string, n: string) => ({ settlementId: n, idNumber: id, scheme, employmentStatus: scheme === '职工' ? '在职' : undefined, visitType: '普通门诊', level: '二级', visitDate: date, totalCost: 100 });

describe('outpatient during an inpatient stay', () => {
  it('employee: a visit inside the stay (listed before the stay in the sheet) pays 0 with 警告; on the discharge day it pays', async () => {
    const r = await run('xining-2024', 'settlements', [visit(emp, '职工', '2024-03-05', 'OP1'), stay(emp, '职工'), visit(emp, '职工', '2024-03-10', 'OP2'), visit(emp, '职工', '2024-02-29', 'OP3')]);
    const [inside, , onDischarge, before] = r.outcomes;
    expect(inside!.status).toBe('warning');
    expect(r2(inside!.results['fundPaid'])).toBe('0.00');
    expect(inside!.messages.join()).toContain('二(二)1(2)④');
    // 二级 在职 outpatient 60%, no deductible (二(二)1(2)): 100 × 60% = 60.00
    expect(r2(onDischarge!.results['fundPaid'])).toBe('60.00');
    expect(r2(before!.results['fundPaid'])).toBe('60.00');
  });

  it('resident: the admission day is during the stay', async () => {
    const r = await run('xining-2024', 'settlements', [stay(res, '居民'), visit(res, '居民', '2024-03-01', 'OP1')]);
    expect(r2(r.outcomes[1]!.results['fundPaid'])).toBe('0.00');
    expect(r.outcomes[1]!.messages.join()).toContain('一(二)1');
  });

  it("another person's stay does not matter", async () => {
    const r = await run('xining-2024', 'settlements', [stay(emp, '职工'), visit(res, '居民', '2024-03-05', 'OP1')]);
    // resident outpatient 二级 70% (一(二)1): 100 × 70% = 70.00
    expect(r2(r.outcomes[1]!.results['fundPaid'])).toBe('70.00');
  });
});
