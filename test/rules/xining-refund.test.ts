/**
 * Xining 死亡一次性返还 (六(四)3): balance − monthly credit × months from the month of death up to (not
 * including) the month of handling. By hand: died 2024-07, handled 2024-08 → 1 month; 1824.32 − 90 = 1734.32.
 */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const id = idFor('19500101', 123);

async function one(row: Record<string, unknown>) {
  const res = await run('xining-2024', 'account-refund', [{ idNumber: id, balance: '1824.32', ...row } as never]);
  return res.outcomes[0]!;
}

describe('xining.employee.death_refund — 六(四)3', () => {
  for (const category of ['单位参保', '灵活就业']) {
    it(`reproduces the handbook row ${category}: 1824.32 − 90 = 1734.32`, async () => {
      const o = await one({ category, deathDate: '2024-07-15', handledOn: '2024-08-10', monthlyCredit: 90 });
      expect(o.status).toBe('ok');
      expect(r2(o.results['deduction'])).toBe('90.00');
      expect(r2(o.results['refund'])).toBe('1734.32');
    });
  }

  it('reproduces the handbook: 1824.32 − 90 = 1734.32, 月划入额 defaulted to 90 with a note', async () => {
    const o = await one({ category: '退休', deathDate: '2024-07-15', handledOn: '2024-08-10' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['deduction'])).toBe('90.00');
    expect(r2(o.results['refund'])).toBe('1734.32');
    expect(o.messages.join()).toContain('月划入额');
    expect(o.basis).toContain('返还金额=1824.32-90.00=1734.32(六(四)3)');
  });

  it('given 月划入额 is used: 120, died 2024-07-31, handled 2024-08-01 → 1 month → 1704.32', async () => {
    const o = await one({ deathDate: '2024-07-31', handledOn: '2024-08-01', monthlyCredit: 120 });
    expect(o.status).toBe('ok');
    expect(o.messages).toEqual([]);
    expect(r2(o.results['refund'])).toBe('1704.32');
  });

  it('handled in the month of death: nothing deducted', async () => {
    const o = await one({ deathDate: '2024-07-01', handledOn: '2024-07-31' });
    expect(r2(o.results['deduction'])).toBe('0.00');
    expect(r2(o.results['refund'])).toBe('1824.32');
  });

  it('across a year end: died 2024-11, handled 2025-02 → 3 months (Nov, Dec, Jan) → 270.00, 1554.32', async () => {
    const o = await one({ deathDate: '2024-11-20', handledOn: '2025-02-03' });
    expect(r2(o.results['deduction'])).toBe('270.00');
    expect(r2(o.results['refund'])).toBe('1554.32');
  });

  it('a deduction above the balance floors the refund at 0 with 警告', async () => {
    const o = await one({ balance: '100', deathDate: '2024-05-10', handledOn: '2024-08-10' });
    expect(r2(o.results['deduction'])).toBe('270.00');
    expect(r2(o.results['refund'])).toBe('0.00');
    expect(o.status).toBe('warning');
  });

  it('death after handling is a row error naming 死亡日期', async () => {
    const o = await one({ deathDate: '2024-09-01', handledOn: '2024-08-10' });
    expect(o.status).toBe('error');
    expect(o.messages[0]).toContain('死亡日期');
  });

  it('no 死亡日期: the whole balance is refunded, with a note', async () => {
    const o = await one({ handledOn: '2024-08-10' });
    expect(o.status).toBe('ok');
    expect(r2(o.results['refund'])).toBe('1824.32');
    expect(o.messages.join()).toContain('死亡日期');
  });

  it('在职 with no 月划入额 gets 警告 (the 90 is the retiree credit)', async () => {
    const o = await one({ category: '在职', deathDate: '2024-07-15', handledOn: '2024-08-10' });
    expect(o.status).toBe('warning');
    expect(r2(o.results['refund'])).toBe('1734.32');
  });
});
