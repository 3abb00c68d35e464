/** The source the workbook reader opens: the upload itself, or for CSV input a workbook built from it. */
import { readFile } from 'node:fs/promises';
import type { WorkbookSource } from '../pipeline/types.js';
import { readCsv } from './csv.js';
import { csvToWorkbook } from './csv-workbook.js';
import type { Guarded } from './guard.js';

export async function sourceAsWorkbook(source: WorkbookSource, guarded: Guarded): Promise<WorkbookSource> {
  if (guarded.format !== 'csv') return source;
  // CSV is at most maxInputBytes (checked by the guard), so it is read whole.
  const bytes = 'bytes' in source ? source.bytes : await readFile(source.path);
  const { rows } = readCsv(bytes, guarded.limits);
  return { bytes: await csvToWorkbook(rows), ...(source.name ? { name: source.name } : {}) };
}
