/**
 * What a result is called and typed, the same on every door (HTTP download name, blob result name, CLI
 * default output): the input's name without its extension + `.result.` + the output's extension. A
 * macro-enabled workbook comes back as `.result.xlsm` with the macro-enabled content type, because Excel
 * refuses a workbook whose content type and extension disagree.
 */
import { CONTENT_TYPES, type OutputFormat } from './types.js';

/** Extensions of the inputs yibao reads (and of those it refuses with a message: .xls). */
const INPUT_EXTENSION = /\.(xlsx|xlsm|xltx|xltm|xls|csv|tsv|txt)$/i;

export const XLSM_CONTENT_TYPE = 'application/vnd.ms-excel.sheet.macroEnabled.12';

/** The input's name without its extension (`工资.xlsm` → `工资`); `workbook` when nothing is left. */
export function resultStem(name: string): string {
  return name.replace(INPUT_EXTENSION, '') || 'workbook';
}

/** The extension of a result: xlsx output of a macro-enabled workbook is xlsm. */
export function resultExtension(format: OutputFormat, macroEnabled: boolean): string {
  return format === 'xlsx' && macroEnabled ? 'xlsm' : format;
}

/** `工资.xlsm` → `工资.result.xlsm`; `批次.csv` → `批次.result.xlsx`. */
export function resultName(name: string, format: OutputFormat, macroEnabled: boolean): string {
  return `${resultStem(name)}.result.${resultExtension(format, macroEnabled)}`;
}

export function resultContentType(format: OutputFormat, macroEnabled: boolean): string {
  return format === 'xlsx' && macroEnabled ? XLSM_CONTENT_TYPE : CONTENT_TYPES[format];
}

/** Whether a file name says macro-enabled (the blob drop names its result before reading the file). */
export function namedMacroEnabled(name: string): boolean {
  return /\.xl[st]m$/i.test(name);
}
