/**
 * The merged ranges read from a data sheet's tail (src/workbook/merged.ts): which ones count, in any
 * spelling of the tag, and how many are kept — a tail of junk ranges (the tail may hold 32 MB of them)
 * costs no more than one range per data row and input column.
 */
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/kinds/index.js';
import type { ColumnDef } from '../../src/kinds/types.js';
import { settlementsWorkbook } from '../../src/guard/shapes.js';
import { mergedCellsData } from '../../src/workbook/merged.js';
import { locateDataSheet, readDataRowBatches, type RowScanStats, WorkbookFile } from '../../src/workbook/reader.js';

const def = (key: string): ColumnDef => KINDS.settlements.inputs.find((c) => c.key === key)!;
/** Sheet columns B (身份证号) and C (姓名) are input columns; D is not. */
const COLUMNS = new Map<number, ColumnDef>([[2, def('idNumber')], [3, def('name')]]);

describe('mergedCellsData', () => {
  it('reads ref from <mergeCell> with or without a prefix and either quote; keeps ranges below the header over input columns', () => {
    const tail = '</sheetData><x:mergeCells count="6"><x:mergeCell ref="B2:B4"/><mergeCell ref=\'C5:C3\'/><mergeCell ref="D2:D9"/><mergeCell ref="B1:C1"/><mergeCell ref="B7"/><mergeCell/><mergeCells/></x:mergeCells>';
    const m = mergedCellsData(tail, 1, COLUMNS, 100)!;
    expect(m.ranges).toEqual([{ top: 2, left: 2, bottom: 4, right: 2 }, { top: 3, left: 3, bottom: 5, right: 3 }]);
    expect(m.columns).toEqual([[def('idNumber').key, 2, '身份证号', true], [def('name').key, 3, '姓名', false]]);
    expect(mergedCellsData('</sheetData><mergeCell ref="D2:D9"/>', 1, COLUMNS, 100)).toBeUndefined();
  });

  it('keeps at most maxRanges, however many the tail holds', () => {
    const tail = `</sheetData><mergeCells>${'<mergeCell ref="B2:B3"/>'.repeat(10_000)}</mergeCells>`;
    expect(mergedCellsData(tail, 1, COLUMNS, 7)!.ranges).toHaveLength(7);
  });

  it('a workbook of 5 rows with 20,000 merged ranges over 姓名 keeps one per data row and input column', async () => {
    const wb = await WorkbookFile.open({ bytes: settlementsWorkbook({ rows: 5, mergedBelow: 20_000 }) });
    try {
      const ds = await locateDataSheet(wb);
      const stats: RowScanStats = { maxCol: 0, dataRows: 0 };
      for await (const batch of readDataRowBatches(wb, ds, stats)) expect(batch.length).toBeGreaterThan(0);
      expect(stats.dataRows).toBe(5);
      expect(stats.merged!.ranges).toHaveLength(5 * ds.columns.size);
    } finally {
      await wb.close();
    }
  });
});
