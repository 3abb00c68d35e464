import { describe, expect, it } from 'vitest';
import { D, Decimal, decimalFromText } from '../../src/money.js';

/** decimal.js's own fields: the fast parser must build exactly what the constructor builds. */
function fields(d: Decimal): unknown {
  const x = d as unknown as { s: number; e: number; d: number[] };
  return { s: x.s, e: x.e, d: [...x.d] };
}

describe('decimalFromText builds the same Decimal as the constructor', () => {
  const fixed = ['0', '-0', '0.0', '-0.000', '00', '7959.12', '5584.3', '-5584.3', '0.5', '100', '1000000', '10000000', '1234567', '12345678', '0.0000001',
    '0.00000012345678', '123456789012345.123456789', '00012.3400', '1e5', '.5', '5.', '+3', '1e-7'];
  it.each(fixed)('%s', (t) => {
    expect(fields(decimalFromText(`ab${t}cd`, 2, 2 + t.length))).toEqual(fields(new Decimal(t))); // int
    expect(fields(decimalFromText(t))).toEqual(fields(new Decimal(t)));
  });

  it('random plain decimals (seeded)', () => {
    let seed = 12345;
    const r = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648; // int: LCG
      return seed % k; // int
    };
    for (let n = 0; n < 20000; n++) { // int
      let t = r(4) === 0 ? '-' : '';
      const il = 1 + r(16); // int
      for (let j = 0; j < il; j++) t += r(3) === 0 ? '0' : String(r(10)); // int
      if (r(2)) {
        t += '.';
        const fl = 1 + r(16); // int
        for (let j = 0; j < fl; j++) t += r(3) === 0 ? '0' : String(r(10)); // int
      }
      expect(fields(decimalFromText(t))).toEqual(fields(new Decimal(t)));
    }
  });

  it('D() of numbers matches the string path, -0 included', () => {
    for (const v of [0, -0, 1, 3.5, 0.1, 9999999, 10000000, 123456.78, -5, 1e21, 1e-7]) {
      expect(fields(D(v))).toEqual(fields(new Decimal(String(v))));
    }
  });
});
