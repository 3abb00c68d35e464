/** cellDecimal builds exactly the Decimal D builds (decimal.js's own fields), on amounts and on everything else. */
import { describe, expect, it } from 'vitest';
import { cellDecimal } from '../../src/kinds/validate.js';
import { D, Decimal } from '../../src/money.js';

function fields(d: Decimal): unknown {
  const x = d as unknown as { s: number; e: number; d: number[] };
  return { s: x.s, e: x.e, d: [...x.d] };
}

describe('cellDecimal = D', () => {
  const fixed = [0, -0, 0.01, 0.05, 0.1, 0.3, 0.31, 0.99, 1.5, 1516.31, 56.03, -58.74, 7959.12, 9999999.99, 10000000.01, 10000000.5, 12345678.9, 100000000000.01,
    999999999999.99, 1e12 + 0.5, 1234567890123.45, 0.1 + 0.2, 1.005, 2.675, 1 / 3, 12.345, 5e-324, 1e-7, 1e21, 123456789, 10000000, 7, -7, 0.015, 4503599627370495.5];
  it.each(fixed)('%s', (v) => {
    expect(fields(cellDecimal(v))).toEqual(fields(D(v)));
  });

  it('random amounts with 0 to 4 decimals up to 10^13 (seeded)', () => {
    let seed = 987;
    const r = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648; // int: LCG
      return seed % k; // int
    };
    for (let n = 0; n < 50000; n++) { // int
      const scale = [1, 10, 100, 100, 100, 1000, 10000][r(7)]!;
      const mag = 10 ** r(14);
      const v = (Math.round((r(1_000_000) / 1_000_000) * mag * scale) / scale) * (r(5) === 0 ? -1 : 1); // int: test data only
      expect(fields(cellDecimal(v)), String(v)).toEqual(fields(D(v)));
    }
  });
});
