/** Number text of result cells: decimalText's fast path must give exactly Decimal#toString. */
import { describe, expect, it } from 'vitest';
import { decimalText, numberText } from '../../src/workbook/cell-xml.js';
import { D, Decimal } from '../../src/money.js';

describe('decimalText', () => {
  it('equals Decimal#toString at the edges of its fast path', () => {
    const edges = ['0', '-0', '0.0', '1', '-1', '9', '10', '9999999', '10000000', '-10000000', '9999999.9999999', '1234567.1234567', '1234567.12345678',
      '0.5', '-0.5', '0.01', '0.0000001', '1e-30', '1e-31', '1e30', '1e29', '123456789012345678901234567890', '5584.30', '5584.3', '100.00', '7959.12', '-258.75',
      '1.0000001', '1.1000000', '3.0000010', '12345.6789', '1000000.01'];
    for (const t of edges) expect(decimalText(new Decimal(t)), t).toBe(new Decimal(t).toString());
  });

  it('equals Decimal#toString on many computed values (sums, products, rounding)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 5000; i++) {
      const a = D((Math.floor(rnd() * 1e9) / 100).toFixed(2)).times(rnd() < 0.2 ? -1 : 1);
      const b = D((Math.floor(rnd() * 1e6) / 1000).toFixed(3));
      for (const v of [a, b, a.plus(b), a.minus(b), a.times(b), a.div(b.plus(1)), a.times(b).toDecimalPlaces(2), a.div(1000), a.times(1e6), a.minus(a)]) {
        expect(decimalText(v)).toBe(v.toString());
      }
    }
  });

  it('numberText writes numbers as before (non-finite as 0)', () => {
    expect(numberText(D('12.50'))).toBe('12.5');
    expect(numberText(45_280)).toBe('45280');
    expect(numberText(Number.NaN)).toBe('0');
    expect(numberText(Number.POSITIVE_INFINITY)).toBe('0');
  });
});
