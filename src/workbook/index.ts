/**
 * Workbook I/O: reading the data sheet and the 参数 sheet, writing the annotated workbook.
 * The building blocks stream (rows in, rows out), so the large-file path composes the same pieces:
 *   WorkbookFile.open → locateDataSheet → readDataRows (first pass: BatchEngine.prepare) →
 *   writeResultWorkbook({ rows: async iterable of results in sheet order, totals: () => … }).
 */
export { normalizeHeader, matchHeader } from './headers.js';
export { AVERAGE_WAGE_PARAM, PARAM_SHEET_NAME, readParamSheet, resolveSettings, type ParamSheet, type ResolvedSettings } from './params-sheet.js';
export { asInputError, cellValue, locateDataSheet, readAllRows, readDataRows, resultColumnFor, WorkbookFile, type DataRow, type DataSheet, type ReadLimits, type RowScanStats } from './reader.js';
export { BASIS_SHEET, MAX_COLUMNS, SUMMARY_SHEET, writeResultWorkbook, type ResultRow, type WorkbookTotals, type WriteWorkbookOptions } from './writer.js';
