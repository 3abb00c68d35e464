/**
 * plainNumber (cellValue's reading of <v> text) gives exactly Number(text) on decimal text, and NaN on
 * anything else: numbers in cells are decimal only (issue 16: `<v>0x10</v>` was read as 16).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainNumber } from '../../src/workbook/reader.js';

/** The oracle: Number() of an xsd:double written in decimal, NaN for anything else. */
const expected = (t: string) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : Number.NaN);

describe('plainNumber = Number on decimal text, NaN otherwise', () => {
  it('hex, octal and binary literals, Infinity and blanks are not numbers', () => {
    for (const t of ['0x10', '0X1F', '0o17', '0b11', 'Infinity', '-Infinity', '', ' ', ' 5', '5 ', '1_000']) expect(plainNumber(t), JSON.stringify(t)).toBeNaN();
    expect(plainNumber('16')).toBe(16);
  });


  it.each(['0', '-0', '00', '007', '13', '45458', '1516.31', '56.03', '0.1', '0.3', '-58.74', '1.50', '999999999999999', '9999999999999999', '99999999999999.9',
    '0.000000000000001', '123456789012345.6', '1.', '.5', '-', '', ' 5', '5 ', '1e5', '1E-3', '0x1F', '+3', '1..2', '1.2.3', 'Infinity', '-Infinity', 'NaN', 'abc', '٣', '12a'])('%s', (t) => {
    expect(Object.is(plainNumber(t), expected(t))).toBe(true);
  });

  it('random digit strings with a sign and a point anywhere (seeded)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '-', 'e'), maxLength: 22 }), (t) => {
        expect(Object.is(plainNumber(t), expected(t)), t).toBe(true);
      }),
      { numRuns: 20000, seed: 11 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        const t = String(v);
        expect(Object.is(plainNumber(t), expected(t)), t).toBe(true);
        const f = v.toFixed(Math.abs(v) < 1e6 ? 6 : 0);
        expect(Object.is(plainNumber(f), expected(f)), f).toBe(true);
      }),
      { numRuns: 20000, seed: 12 },
    );
  });
});
