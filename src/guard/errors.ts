/**
 * Every way a file can be refused as a whole, as an InputError with a stable code and a Chinese + English
 * message (HTTP answers the status with JSON, the CLI exits 3, the blob flow writes error.json). One place,
 * so that the three doors word the same refusal the same way.
 */
import { InputError } from '../pipeline/types.js';
import { type Limits, showBytes } from './limits.js';

/** Excel's data rows below its header row. */
const EXCEL_ROWS = 1_048_575;

export const guardErrors = {
  tooLarge(size: number, limits: Limits): InputError {
    return new InputError(413, 'too-large', `文件过大（${showBytes(size)}），上限为 ${showBytes(limits.maxInputBytes)} / the file is too large (${showBytes(size)}; the limit is ${showBytes(limits.maxInputBytes)})`, [{ size, limit: limits.maxInputBytes }]);
  },
  emptyFile(): InputError {
    return new InputError(415, 'empty-file', '文件为空 / the file is empty');
  },
  notAWorkbook(what?: string): InputError {
    const found = what ? `（看起来是${what.split(' / ')[0]}）` : '';
    const foundEn = what ? ` (it looks like ${what.split(' / ')[1] ?? what})` : '';
    return new InputError(415, 'not-a-workbook', `不是 Excel 工作簿（.xlsx）或 CSV 文件${found} / not an Excel workbook (.xlsx) or CSV file${foundEn}`);
  },
  truncatedZip(detail: string): InputError {
    return new InputError(415, 'truncated-zip', `工作簿文件不完整或已损坏（可能上传中断），请重新保存后上传 / the workbook is truncated or corrupt (interrupted upload?): ${detail}`);
  },
  corruptZip(detail: string): InputError {
    return new InputError(415, 'corrupt-workbook', `工作簿文件已损坏，无法读取，请在 Excel 中另存为 .xlsx 后重试 / the workbook is corrupt: ${detail}`);
  },
  passwordProtected(): InputError {
    return new InputError(415, 'password-protected', '工作簿设置了打开密码（已加密），请在 Excel 中取消密码后再上传 / the workbook is password-protected (encrypted); remove the password in Excel and upload again');
  },
  legacyXls(): InputError {
    return new InputError(415, 'legacy-xls', '这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中另存为 .xlsx 后上传 / this is a legacy Excel 97-2003 workbook (.xls); save it as .xlsx and upload again');
  },
  xlsb(): InputError {
    return new InputError(415, 'binary-workbook', '这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后上传 / this is a binary Excel workbook (.xlsb); save it as .xlsx');
  },
  unsupportedCompression(entry: string, method: number): InputError {
    return new InputError(415, 'unsupported-compression', `工作簿使用了不支持的压缩方式（${method}），请在 Excel 中另存为 .xlsx / the workbook uses an unsupported compression method ${method} (${entry})`);
  },
  tooManyEntries(count: number, limits: Limits): InputError {
    return new InputError(413, 'too-many-parts', `工作簿内部文件过多（${count} 个，上限 ${limits.maxZipEntries}） / the workbook has too many parts (${count}; the limit is ${limits.maxZipEntries})`, [{ count, limit: limits.maxZipEntries }]);
  },
  entryTooLarge(entry: string, size: number, limit: number): InputError {
    return new InputError(413, 'too-large-uncompressed', `工作簿解压后过大（${showBytes(size)}，上限 ${showBytes(limit)}） / the workbook is too large once uncompressed (${entry}: ${showBytes(size)}; the limit is ${showBytes(limit)})`, [{ entry, size, limit }]);
  },
  zipBomb(entry: string, detail: string): InputError {
    return new InputError(413, 'compression-ratio', `工作簿压缩比异常（疑似压缩炸弹），已拒绝 / the workbook expands abnormally (zip bomb?) and was refused: ${entry} ${detail}`, [{ entry }]);
  },
  tooManySheets(count: number, limits: Pick<Limits, 'maxSheets'>): InputError {
    return new InputError(413, 'too-many-sheets', `工作表过多（${count} 个，上限 ${limits.maxSheets}） / too many sheets (${count}; the limit is ${limits.maxSheets})`, [{ count, limit: limits.maxSheets }]);
  },
  tooManyRows(limits: Pick<Limits, 'maxRows'>): InputError {
    // Below Excel's own 1,048,575 rows the limit is the upload's: the blob drop takes the rest.
    const more = limits.maxRows < EXCEL_ROWS ? ['；更多行的文件请放入 Blob 容器 uploads（或用 CLI）', '; drop larger files into the uploads container (or use the CLI)'] : ['', ''];
    return new InputError(413, 'too-many-rows', `数据行过多，上限为 ${limits.maxRows} 行${more[0]} / too many rows (the limit is ${limits.maxRows})${more[1]}`, [{ limit: limits.maxRows }]);
  },
  tooManyColumns(limits: Pick<Limits, 'maxColumns'>): InputError {
    return new InputError(413, 'too-many-columns', `列数过多，上限为 ${limits.maxColumns} 列 / too many columns (the limit is ${limits.maxColumns})`, [{ limit: limits.maxColumns }]);
  },
  cellTooLong(where: string, limits: Pick<Limits, 'maxCellChars'>): InputError {
    return new InputError(413, 'cell-too-long', `单元格 ${where} 的文本过长，上限为 ${limits.maxCellChars} 个字符 / cell ${where} holds more than ${limits.maxCellChars} characters`, [{ cell: where, limit: limits.maxCellChars }]);
  },
  csvUnterminatedQuote(line: number): InputError {
    return new InputError(400, 'csv-unterminated-quote', `CSV 第 ${line} 行起的引号未闭合 / CSV: the quoted field starting on line ${line} is never closed`, [{ line }]);
  },
  emptyWorkbook(): InputError {
    return new InputError(400, 'empty-workbook', '工作簿没有任何数据 / the workbook holds no data');
  },
};
