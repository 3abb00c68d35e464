/**
 * The guard at the door of the pipeline: basic checks before and right after the zip is opened.
 * The hostile-input work (size limits, entry counts, compression ratios, XML bombs) extends these two
 * functions; processWorkbook calls both, so every door (HTTP, blob, CLI) gets the same protection.
 */
import { stat } from 'node:fs/promises';
import type { ZipReader } from '../xlsx/zip.js';
import { InputError, type WorkbookSource } from './types.js';

const NOT_XLSX = '文件不是 Excel 工作簿（.xlsx） / the file is not an Excel workbook (.xlsx)';

/** Cheap checks on the raw source: present, non-empty, starts like a zip. */
export async function guardSource(source: WorkbookSource): Promise<void> {
  let head: Uint8Array;
  if ('bytes' in source) {
    head = source.bytes.subarray(0, 8);
  } else {
    let size: number;
    try {
      size = (await stat(source.path)).size;
    } catch {
      throw new InputError(400, 'file-not-found', `找不到文件 / file not found: ${source.name ?? source.path}`);
    }
    if (size === 0) head = new Uint8Array();
    else {
      const { open } = await import('node:fs/promises');
      const fh = await open(source.path, 'r');
      try {
        const b = Buffer.alloc(8);
        const { bytesRead } = await fh.read(b, 0, 8, 0);
        head = b.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    }
  }
  if (head.length === 0) throw new InputError(415, 'empty-file', `文件为空 / the file is empty`);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new InputError(415, 'not-a-workbook', `${NOT_XLSX}：这是旧版 .xls 文件或加密（设置了打开密码）的工作簿，请另存为 .xlsx 并取消密码 / this is a legacy .xls or a password-protected workbook: save it as .xlsx without a password`);
  }
  if (!(head[0] === 0x50 && head[1] === 0x4b)) throw new InputError(415, 'not-a-workbook', NOT_XLSX);
}

/** Checks on the opened zip, before any part is inflated. */
export function guardZip(zip: ZipReader): void {
  const enc = zip.entries.find((e) => e.encrypted);
  if (enc) throw new InputError(415, 'encrypted', `工作簿中的部件已加密，无法读取 / the workbook contains encrypted parts`, [enc.name]);
}
