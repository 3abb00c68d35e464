/** Raw values packed for a shard worker come back exactly: types, −0, text holding the separators. */
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/kinds/validate.js';
import { packValue, unpackValues } from '../../src/pipeline/row-pack.js';

function roundTrip(values: CellValue[]): CellValue[] {
  const out: CellValue[] = [];
  unpackValues(values.map(packValue).join(''), (i, v) => (out[i] = v));
  return out;
}

describe('row packing', () => {
  it('gives back every kind of raw value exactly', () => {
    const values: CellValue[] = ['JS0001', '', '  ', 0, -0, 1.5, -7959.12, 0.1 + 0.2, 1e21, 5e-324, 45292, true, false, undefined, null, '63010219800101123X', '带\u0001分隔符', '\u0002', '{"json":1}', 'u', 'n5', new Date(Date.UTC(2024, 0, 31))];
    const back = roundTrip(values);
    expect(back).toHaveLength(values.length);
    values.forEach((v, i) => {
      if (v === null) expect(back[i]).toBeUndefined(); // absent either way
      else if (v instanceof Date) expect((back[i] as Date).getTime()).toBe(v.getTime());
      else expect(Object.is(back[i], v), `${i}: ${String(v)}`).toBe(true);
    });
  });

  it('an empty pack has no values', () => {
    const seen: number[] = [];
    unpackValues('', (i) => seen.push(i));
    expect(seen).toEqual([]);
  });
});
