/**
 * The fast paths of src/money.ts (compare without a copy, round/format amounts already in fen, read counts,
 * pick min/max) must give exactly what decimal.js's own methods give, sign of zero included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D, Decimal, cmp, dmax, dmin, fmt2, fmtPct, fmtPlain, gt, gte, lt, lte, round2, toCount } from '../../src/money.js';

/** decimal.js's own fields (the sign of zero shows in s). */
function fields(d: Decimal): unknown {
  const x = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: x.s, e: x.e, d: x.d ? [...x.d] : x.d };
}

const SPECIAL = ['0', '-0', '1', '-1', '0.5', '0.005', '-0.005', '2.675', '-2.675', '9999999', '10000000', '9999999.9999999', '1000000.00000001',
  '1.00000000000001', '1234567.1234567123456712345671', '1e-7', '-0.0000001', '1e29', '1e30', '-1e40', '1e-40', '5584.3', '7959.12', '550',
  '123456789012345678901234567890.125', 'NaN', 'Infinity', '-Infinity'];

/** Decimal texts: up to 9 integer and 18 decimal digits, zeros frequent, either sign. */
const text = fc.tuple(fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 9 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 18 }))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${i.join('') || '0'}${f.length ? `.${f.map((x) => (x > 9 ? 0 : x)).join('')}` : ''}`);
const decimal = fc.oneof(text.map((t) => new Decimal(t)), fc.constantFrom(...SPECIAL).map((t) => new Decimal(t)),
  fc.tuple(text, text, fc.integer({ min: 0, max: 2 })).map(([a, b, op]) => (op === 0 ? new Decimal(a).times(b) : op === 1 ? new Decimal(a).plus(b) : new Decimal(a).minus(b))));

describe('money fast paths agree with decimal.js', () => {
  it('cmp, lt, lte, gt, gte', () => {
    fc.assert(fc.property(decimal, decimal, (a, b) => {
      expect([cmp(a, b), lt(a, b), lte(a, b), gt(a, b), gte(a, b)]).toEqual([a.comparedTo(b), a.lt(b), a.lte(b), a.gt(b), a.gte(b)]);
      expect(cmp(a, new Decimal(a))).toEqual(a.comparedTo(a));
    }), { numRuns: 20000 });
  });

  it('dmin and dmax pick what Decimal.min and Decimal.max pick', () => {
    fc.assert(fc.property(decimal, decimal, decimal, (a, b, c) => {
      expect(fields(dmin(a, b, c))).toEqual(fields(Decimal.min(a, b, c)));
      expect(fields(dmax(a, b))).toEqual(fields(Decimal.max(a, b)));
    }), { numRuns: 20000 });
    const [pz, nz] = [new Decimal(0), new Decimal('-0')];
    for (const [a, b] of [[pz, nz], [nz, pz], [pz, pz], [nz, nz]] as const) {
      expect(fields(dmin(a, b))).toEqual(fields(Decimal.min(a, b)));
      expect(fields(dmax(a, b))).toEqual(fields(Decimal.max(a, b)));
    }
  });

  it('round2, fmt2, fmtPlain, fmtPct, toCount', () => {
    fc.assert(fc.property(decimal, (a) => {
      expect(fields(round2(a))).toEqual(fields(a.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)));
      expect(fmt2(a)).toBe(a.toFixed(2));
      expect(fmtPlain(a)).toBe(a.toString());
      if (a.isFinite()) expect(fmtPct(a)).toBe(`${a.times(100).toString()}%`);
      expect(Object.is(toCount(a), a.toNumber())).toBe(true);
    }), { numRuns: 50000 });
  });

  it('small counts from D() are the constructor\'s values', () => {
    for (let v = 0; v < 1100; v++) expect(fields(D(v))).toEqual(fields(new Decimal(v))); // int
    expect(D(3)).toBe(D(3));
  });
});
