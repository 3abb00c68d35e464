/**
 * Xining 生育津贴 (三(二)1): 基数 ÷ 30 × 产假天数, daily rate rounded to 4 decimals, allowance half-up to the fen
 * (RULES §General 3). By hand: 5000÷30 = 166.66666… → 166.6667; ×158 = 26333.3386 → 26333.34 (the handbook's figure).
 */
import { describe, expect, it } from 'vitest';
import { idFor, r2, run } from '../helpers/rows.js';

const id = idFor('19920101', 124);

async function one(row: Record<string, unknown>) {
  const res = await run('xining-2024', 'maternity-allowance', [{ idNumber: id, eventDate: '2024-05-10', ...row } as never]);
  return res.outcomes[0]!;
}

describe('xining.maternity.allowance, xining.maternity.allowance_base — 三(二)1', () => {
  it('reproduces the handbook: 5000÷30×158 = 26333.34', async () => {
    const o = await one({ unitAverageBase: 5000, leaveDays: 158 });
    expect(o.status).toBe('ok');
    expect((o.results['dailyRate'] as { toFixed(n: number): string }).toFixed(4)).toBe('166.6667');
    expect(r2(o.results['allowance'])).toBe('26333.34');
    expect(o.basis).toBe('日津贴5000÷30=166.6667(三(二)1·保留4位小数)(按本系统约定 XN5)；166.6667×158=26333.34(三(二)1)');
  });

  it('rounds the daily rate half-up at the 4th decimal: 4000÷30 = 133.33333… → 133.3333; ×98 = 13066.6634 → 13066.66', async () => {
    const o = await one({ unitAverageBase: 4000, leaveDays: 98 });
    expect((o.results['dailyRate'] as { toFixed(n: number): string }).toFixed(4)).toBe('133.3333');
    expect(r2(o.results['allowance'])).toBe('13066.66');
  });

  it('an exact daily rate: 6000÷30 = 200; ×15 = 3000.00', async () => {
    const o = await one({ unitAverageBase: 6000, leaveDays: 15 });
    expect(r2(o.results['allowance'])).toBe('3000.00');
  });

  it('a missing 假期天数 is a row error naming the column', async () => {
    const o = await one({ unitAverageBase: 5000 });
    expect(o.status).toBe('error');
    expect(o.messages.join()).toContain('假期天数');
  });
});
