/**
 * Writes a kind's data sheet and a 参数 sheet the way templates and samples share: the Chinese headers of
 * the column table (required ones marked by style, never by renaming), help as header comments, a frozen
 * header, widths, number formats and data-validation lists of the canonical Chinese enumeration values.
 */
import ExcelJS from 'exceljs';
import { parseDateText } from '../kinds/dates.js';
import type { ColumnDef, KindDef } from '../kinds/types.js';

/** A cell as written: text, number, or an ISO date (YYYY-MM-DD) for date columns; '' or undefined = blank. */
export type CellInput = string | number | undefined;
export type SheetRow = Record<string, CellInput>;

/** Validations cover this many data rows below the header (ranges, so the file stays small). */
export const VALIDATION_ROWS = 5000;

/** Fixed timestamps so regenerated workbooks are comparable with the committed ones. */
export const FIXED_DATE = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));

const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC00000' } };
const OPTIONAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const EXTRA_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const REQUIRED_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const OPTIONAL_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF1F3864' } };

export function numFmtFor(col: ColumnDef): string {
  switch (col.type) {
    case 'money':
      return '#,##0.00';
    case 'decimal':
      return '0.00##';
    case 'int':
      return '0';
    case 'date':
      return 'yyyy-mm-dd';
    default:
      return '@'; // text, id (keeps all 18 digits), month, enum, list
  }
}

/** Display width in Excel character units: CJK characters count two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1; // int: character count
  return w;
}

function columnWidth(col: ColumnDef, values: readonly CellInput[]): number {
  const widths = [displayWidth(col.zh) + 2, ...values.map((v) => displayWidth(v === undefined ? '' : String(v)))];
  if (col.type === 'id') widths.push(20);
  if (col.type === 'date') widths.push(12);
  return Math.min(40, Math.max(8, ...widths) + 2); // int: column width
}

/** The header comment: help, 必填 (always, or per policy on which rows: `needs`), allowed values, accepted aliases. */
export function headerNote(col: ColumnDef, needs: readonly string[] = []): string {
  const lines = [`${col.help}${col.required ? '（必填）' : ''}`, ...needs];
  if (col.options) lines.push(`可选值：${col.options.map((o) => o.value).join(' / ')}`);
  if (col.type === 'date') lines.push('格式：2024-02-15（也可 2024/2/15、2024年2月15日）');
  if (col.type === 'month') lines.push('格式：2024-02');
  if (col.type === 'money') lines.push('单位：元');
  if (col.type === 'list') lines.push('多个值用、分隔');
  if (col.aliases?.length) lines.push(`也可用列名：${col.aliases.join('、')}`);
  return lines.join('\n');
}

/** Inline list formula; Excel caps it at 255 characters. */
export function listFormula(col: ColumnDef): string {
  const body = (col.options ?? []).map((o) => o.value).join(',');
  if (body.length > 255) throw new Error(`enumeration of ${col.key} too long for an inline list (${body.length})`);
  return `"${body}"`;
}

function validationFor(col: ColumnDef): ExcelJS.DataValidation | undefined {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'warning' as const, errorTitle: col.zh };
  switch (col.type) {
    case 'enum':
      return { ...common, type: 'list', formulae: [listFormula(col)], error: `请从列表中选择：${(col.options ?? []).map((o) => o.value).join(' / ')}` };
    case 'money':
      return { ...common, type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], error: '金额应为不小于0的数（元）' };
    case 'int':
      return { ...common, type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], error: '应为不小于0的整数' };
    default:
      return undefined;
  }
}

function cellValue(col: ColumnDef, v: CellInput): ExcelJS.CellValue {
  if (v === undefined || v === '') return null;
  // A real calendar date becomes an Excel date; anything else stays text (as a user would have typed it).
  if (col.type === 'date' && typeof v === 'string' && parseDateText(v) === v) return new Date(`${v}T00:00:00Z`);
  if ((col.type === 'money' || col.type === 'decimal' || col.type === 'int') && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/** exceljs has range validations (Worksheet.dataValidations) but its typings omit them. */
export interface RangeValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, dv: ExcelJS.DataValidation): void;
}

export function validations(ws: ExcelJS.Worksheet): RangeValidations {
  return (ws as unknown as { dataValidations: RangeValidations }).dataValidations;
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s; // int: column index
  return s;
}

export interface DataSheetOptions {
  /** Columns that are not in the kind's table (kept and ignored by the reader), appended as text. */
  extras?: readonly { key: string; zh: string; help: string }[];
  /** Leave out optional columns that are blank on every row (samples show what a real export holds). */
  dropEmpty?: boolean;
  /** Per column key, when each policy needs it (rules/index.ts needLines), for the header comments. */
  needs?: ReadonlyMap<string, readonly string[]>;
  /** The rows dropEmpty looks at (default: `rows`): sheets of one workbook keep the same columns. */
  columnsOf?: readonly SheetRow[];
  /** Sheet name (default: the kind's Chinese name). */
  name?: string;
  /** A title row above the header, merged across the columns, as exports have. */
  title?: string;
  /** Data rows the validation lists cover (default VALIDATION_ROWS; an export only needs its own rows). */
  validationRows?: number;
}

/** Add the data sheet of `kind` with its header row and `rows` (keyed by column key). */
export function addDataSheet(wb: ExcelJS.Workbook, kind: KindDef, rows: readonly SheetRow[], opts: DataSheetOptions = {}): ExcelJS.Worksheet {
  const top = opts.title === undefined ? 1 : 2; // int: the header row
  const ws = wb.addWorksheet(opts.name ?? kind.zh, { views: [{ state: 'frozen', xSplit: 0, ySplit: top, topLeftCell: `A${top + 1}`, activeCell: `A${top + 1}` }] }); // int
  const blank = (v: CellInput): boolean => v === undefined || v === '';
  const extras: ColumnDef[] = (opts.extras ?? []).map((e) => ({ key: e.key, zh: e.zh, type: 'text', help: e.help }));
  const kept = opts.columnsOf ?? rows;
  const cols = [...kind.inputs, ...extras].filter((c) => !opts.dropEmpty || c.required || kept.some((r) => !blank(r[c.key])));
  ws.columns = cols.map((col) => ({
    key: col.key,
    width: columnWidth(col, rows.map((r) => r[col.key])),
    style: { numFmt: numFmtFor(col) },
  }));
  if (opts.title !== undefined) {
    const t = ws.getCell(1, 1);
    t.value = opts.title;
    t.font = { bold: true, size: 14 };
    t.numFmt = 'General';
    ws.mergeCells(1, 1, 1, cols.length);
  }
  const header = ws.getRow(top);
  cols.forEach((col, i) => {
    const cell = header.getCell(i + 1); // int: 1-based column
    cell.value = col.zh;
    cell.fill = col.required ? REQUIRED_FILL : extras.includes(col) ? EXTRA_FILL : OPTIONAL_FILL;
    cell.font = col.required ? REQUIRED_FONT : OPTIONAL_FONT;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.numFmt = 'General';
    cell.note = { texts: [{ text: headerNote(col, opts.needs?.get(col.key)) }] };
  });
  header.height = 20;
  rows.forEach((r, ri) => {
    const row = ws.getRow(ri + top + 1); // int: data starts below the header
    cols.forEach((col, ci) => {
      const cell = row.getCell(ci + 1); // int: 1-based column
      cell.value = cellValue(col, r[col.key]);
      cell.numFmt = numFmtFor(col);
    });
  });
  const lastRow = Math.max((opts.validationRows ?? VALIDATION_ROWS) + top, rows.length + top); // int: row numbers
  cols.forEach((col, i) => {
    const dv = validationFor(col);
    if (!dv) return;
    const letter = columnLetter(i + 1); // int: 1-based column
    validations(ws).add(`${letter}${top + 1}:${letter}${lastRow}`, dv); // int
  });
  return ws;
}

export interface ParamLine {
  name: string;
  value?: string | number;
  note: string;
}

/** The 参数 sheet: 参数 | 值 | 说明 (the reader uses the first two). */
export function addParamSheet(wb: ExcelJS.Workbook, lines: readonly ParamLine[], policies: readonly string[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet('参数', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'B2' }] });
  ws.columns = [
    { key: 'name', width: Math.max(16, ...lines.map((l) => displayWidth(l.name) + 2)), style: { numFmt: '@' } },
    { key: 'value', width: 18 },
    { key: 'note', width: 60, style: { numFmt: '@' } },
  ];
  const header = ws.getRow(1);
  ['参数', '值', '说明'].forEach((h, i) => {
    const cell = header.getCell(i + 1); // int: 1-based column
    cell.value = h;
    cell.fill = OPTIONAL_FILL;
    cell.font = OPTIONAL_FONT;
    cell.alignment = { horizontal: 'center' };
  });
  lines.forEach((l, i) => {
    const row = ws.getRow(i + 2); // int: below the header
    row.getCell(1).value = l.name;
    row.getCell(2).value = l.value === undefined || l.value === '' ? null : l.value;
    row.getCell(3).value = l.note;
    if (l.name === '政策') {
      row.getCell(2).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${policies.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '政策',
        error: `请选择：${policies.join(' / ')}`,
      };
    }
  });
  return ws;
}

/** Fixed metadata: a regenerated workbook equals the committed one. */
export function newWorkbook(title: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'yibao';
  wb.lastModifiedBy = 'yibao';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.title = title;
  return wb;
}
