import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import type ExcelJS from 'exceljs';
import { workbookSnapshot } from '../src/templates/snapshot.js';

/**
 * Write the workbook unless the file already holds the same content: xlsx zips carry timestamps,
 * so rewriting an unchanged workbook would show up as a change in git.
 */
export async function writeIfChanged(file: string, wb: ExcelJS.Workbook): Promise<boolean> {
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  if (existsSync(file) && isDeepStrictEqual(await workbookSnapshot(await readFile(file)), await workbookSnapshot(bytes))) return false;
  await writeFile(file, bytes);
  return true;
}
