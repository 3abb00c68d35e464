/**
 * readDataRows builds each raw row with its keys in cell order whatever path builds it (a literal per pattern
 * of filled columns, or key by key for cells out of order or repeated): checked on rows of every kind of
 * pattern, by key order and values, and identical from readDataRowBatches.
 */
import { describe, expect, it } from 'vitest';
import { locateDataSheet, readDataRowBatches, readDataRows, type RowScanStats, WorkbookFile } from '../../src/workbook/reader.js';
import { deflated, rawZip, workbookShell } from '../guard/fixtures.js';

const s = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const n = (ref: string, v: string) => `<c r="${ref}"><v>${v}</v></c>`;

const HEADER = `<row r="1">${s('A1', '结算号')}${s('B1', '身份证号')}${s('C1', '备注')}${s('D1', '就诊日期')}${s('E1', '医疗总费用')}${s('F1', '险种')}${s('G1', '就诊类型')}${s('H1', '医院等级')}</row>`;
const ROWS = [
  `<row r="2">${s('A2', 'JS1')}${s('B2', 'X1')}${n('D2', '45458')}${n('E2', '1516.31')}</row>`,
  `<row r="3">${n('E3', '2')}${s('A3', 'JS2')}${n('D3', '45000')}</row>`,
  `<row r="4">${s('A4', 'JS3')}${s('A4', 'JS3b')}${n('E4', '3.5')}</row>`,
  `<row r="5">${s('A5', ' ')}${n('D5', '45001')}</row>`,
  `<row r="6">${s('A6', '  ')}<c r="E6"/></row>`,
  `<row r="7">${s('A7', 'JS4')}${s('B7', 'X2')}${n('D7', '45458')}${n('E7', '9.99')}${s('F7', '职工')}${s('G7', '住院')}${s('H7', '一级')}</row>`,
  `<row r="8">${s('B8', 'X3')}${s('C8', '备注')}${n('E8', '1e3')}</row>`,
  `<row r="9">${s('A9', 'JS5')}${n('E9', '7')}${n('E9', '8')}</row>`,
];
const WANT = [
  [2, [['settlementId', 'JS1'], ['idNumber', 'X1'], ['visitDate', 45458], ['totalCost', 1516.31]]],
  [3, [['totalCost', 2], ['settlementId', 'JS2'], ['visitDate', 45000]]],
  [4, [['settlementId', 'JS3b'], ['totalCost', 3.5]]],
  [5, [['visitDate', 45001]]],
  [7, [['settlementId', 'JS4'], ['idNumber', 'X2'], ['visitDate', 45458], ['totalCost', 9.99], ['scheme', '职工'], ['visitType', '住院'], ['level', '一级']]],
  [8, [['idNumber', 'X3'], ['totalCost', 1000]]],
  [9, [['settlementId', 'JS5'], ['totalCost', 8]]],
];

describe('raw rows', () => {
  it('keys in cell order, blank cells and rows left out, on every path', async () => {
    const bytes = rawZip(workbookShell(deflated('s', `<worksheet><sheetData>${HEADER}${ROWS.join('')}</sheetData></worksheet>`)));
    const wb = await WorkbookFile.open({ bytes });
    try {
      const ds = await locateDataSheet(wb, 'settlements');
      const keys = [...ds.columns.values()].map((c) => c.key);
      expect(keys).toEqual(['settlementId', 'idNumber', 'visitDate', 'totalCost', 'scheme', 'visitType', 'level']); // 备注 is not a column: ignored
      const stats: RowScanStats = { maxCol: 0, dataRows: 0 };
      const got: unknown[] = [];
      for await (const r of readDataRows(wb, ds, stats)) got.push([r.rowNumber, Object.entries(r.raw)]);
      expect(got).toEqual(WANT);
      expect(stats).toMatchObject({ maxCol: 8, dataRows: WANT.length });
      expect(stats.skipped?.size).toBe(0);
      const batched: unknown[] = [];
      for await (const b of readDataRowBatches(wb, ds)) for (const r of b) batched.push([r.rowNumber, Object.entries(r.raw)]);
      expect(batched).toEqual(WANT);
    } finally {
      await wb.close();
    }
  });
});
