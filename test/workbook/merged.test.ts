/**
 * MergedCells on its own: which range a blank merged cell lies in, found by an index (ranges sorted by top,
 * binary search) instead of a scan of every range for every row — a 100,000-row sheet with 身份证号 merged per
 * person has tens of thousands of ranges. (test/guard/linear-time.test.ts measures the same at two sizes.)
 */
import { describe, expect, it } from 'vitest';
import type { RowIssue } from '../../src/kinds/validate.js';
import { MergedCells, type MergedCellsData, type MergedRange } from '../../src/workbook/merged.js';

/** Ranges over column B (身份证号), each person's rows merged: rows top..bottom. */
function perPerson(spans: readonly [number, number][]): MergedRange[] {
  return spans.map(([top, bottom]) => ({ top, left: 2, bottom, right: 2 }));
}

const dataOf = (ranges: MergedRange[]): MergedCellsData => ({ ranges, columns: [['idNumber', 2, '身份证号', true]] });

/** The message's range for a blank 身份证号 on this row (the row needs the column: an error is there to explain). */
function explained(m: MergedCells, rowNumber: number): string | undefined {
  const issues: RowIssue[] = [{ column: 'idNumber', severity: 'error', message: '缺少必填列「身份证号」的值' }];
  const out = m.explain(rowNumber, {}, {}, issues);
  return out === issues ? undefined : /合并单元格 ([A-Z]+\d+:[A-Z]+\d+)/.exec(out[0]!.message)?.[1];
}

describe('MergedCells', () => {
  it('names the range a row lies in below its first row, and none for first rows and rows outside every range', () => {
    // Shuffled on purpose: the sheet's <mergeCells> need not be in row order.
    const m = new MergedCells(dataOf(perPerson([[10, 12], [2, 4], [20, 21], [5, 9]])));
    const expected: Record<number, string | undefined> = {
      1: undefined, 2: undefined, 3: 'B2:B4', 4: 'B2:B4', 5: undefined, 6: 'B5:B9', 9: 'B5:B9', 10: undefined,
      11: 'B10:B12', 12: 'B10:B12', 13: undefined, 19: undefined, 20: undefined, 21: 'B20:B21', 22: undefined,
    };
    for (const [row, ref] of Object.entries(expected)) expect(explained(m, Number(row)), `row ${row}`).toBe(ref);
  });

  it('looks a row up in a few steps, not one per range (reads of a range\'s top counted)', () => {
    let reads = 0;
    const ranges = perPerson(Array.from({ length: 4096 }, (_, i) => [2 + 3 * i, 4 + 3 * i] as [number, number])).map((r) => {
      const top = r.top;
      return Object.defineProperty({ ...r }, 'top', { get: () => ((reads += 1), top), enumerable: true }) as MergedRange;
    });
    const m = new MergedCells(dataOf(ranges));
    reads = 0;
    const rows = [4, 3 * 4095 + 3, 3 * 2048 + 4, 3 * 1000 + 2];
    expect(rows.map((r) => explained(m, r))).toEqual(['B2:B4', `B${2 + 3 * 4095}:B${4 + 3 * 4095}`, `B${2 + 3 * 2048}:B${4 + 3 * 2048}`, undefined]);
    // A binary search (log₂ 4096 = 12 steps) and the message: a few dozen reads in all; a scan read up to 4,096 per row.
    expect(reads).toBeLessThanOrEqual(rows.length * (Math.log2(ranges.length) + 4));
  });
});
