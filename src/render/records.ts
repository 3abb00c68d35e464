/**
 * Flat records for JSON and CSV: `row`, input fields, result fields, `status`, `messages`, `basis`, keyed by
 * the fixed English names of the column tables (or the Chinese headers with headers=zh); from a workbook
 * then `sheet` and the sheet's other columns under their own header text (sheet-records.ts).
 * Values keep their exactness: decimals travel as their decimal text, never through a JS float.
 */
import type { RowOutcome } from '../engine/run.js';
import { type ColumnDef, COMMON_RESULT_COLUMNS, type KindDef, STATUS_ZH } from '../kinds/types.js';
import type { CellValue, RawRow } from '../kinds/validate.js';
import { isDecimal } from '../money.js';
import type { HeaderLanguage } from '../pipeline/types.js';

/** A field value: a number token (exact decimal text), a string, a boolean or nothing. */
export type FieldValue = { number: string } | { string: string } | { bool: boolean } | null;

export interface Field {
  key: string;
  zh: string;
}

const ROW_FIELD: Field = { key: 'row', zh: '行号' };

/** The data sheet a record comes from (a workbook of monthly sheets is one batch). */
export const SHEET_FIELD: Field = { key: 'sheet', zh: '工作表' };

/** `status` of a totals or footer row: left uncomputed (跳过 with headers=zh). */
export const SKIPPED_STATUS: Record<HeaderLanguage, string> = { en: 'skipped', zh: '跳过' };

/** Appended to a user's header that equals one of our field names (or an earlier user field). */
export const USER_FIELD_SUFFIX = '（原表）';

/**
 * Field names for a workbook's other columns (headers that are no input of the kind), in order: each its
 * header text, unless that is already a field name of ours (`row`, `status`, 个人负担…) or of an earlier
 * column: then USER_FIELD_SUFFIX, and a number if that is taken too. The fixed keys never move.
 */
export function extraFieldNames(taken: readonly string[], headers: readonly string[]): string[] {
  const used = new Set(taken);
  return headers.map((h) => {
    let name = used.has(h) ? `${h}${USER_FIELD_SUFFIX}` : h;
    for (let n = 2; used.has(name); n++) name = `${h}${USER_FIELD_SUFFIX}${n}`; // int
    used.add(name);
    return name;
  });
}

/** Record fields in output order. */
export function recordFields(kind: KindDef): Field[] {
  const common = COMMON_RESULT_COLUMNS;
  return [ROW_FIELD, ...kind.inputs, ...kind.results, ...common].map((c) => ({ key: c.key, zh: c.zh }));
}

export function fieldName(f: Field, headers: HeaderLanguage): string {
  return headers === 'zh' ? f.zh : f.key;
}

/** A cell's value as it is in the sheet. */
export function fromRaw(v: CellValue): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? { number: String(v) } : { string: String(v) };
  if (typeof v === 'boolean') return { bool: v };
  if (v instanceof Date) return { string: v.toISOString().slice(0, 10) };
  return v.trim() === '' ? null : { string: v };
}

function fromTyped(col: ColumnDef, v: unknown, isResult: boolean): FieldValue | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (isDecimal(v)) return { number: isResult && col.type === 'money' ? v.toFixed(2) : v.toString() };
  if (typeof v === 'number') return Number.isFinite(v) ? { number: String(v) } : undefined;
  if (Array.isArray(v)) return { string: v.join('、') };
  return { string: String(v) };
}

/** One outcome as field values, in the order of recordFields(kind). */
export function recordValues(kind: KindDef, rowNumber: number, o: RowOutcome, headers: HeaderLanguage): FieldValue[] {
  const out: FieldValue[] = [{ number: String(rowNumber) }];
  for (const col of kind.inputs) out.push(fromTyped(col, o.row[col.key], false) ?? fromRaw(o.input[col.key]));
  for (const col of kind.results) out.push(fromTyped(col, o.results[col.key], true) ?? null);
  out.push({ string: headers === 'zh' ? STATUS_ZH[o.status] : o.status });
  out.push(o.messages.length > 0 ? { string: o.messages.join('；') } : null);
  out.push(o.basis ? { string: o.basis } : null);
  return out;
}

/** A totals or footer row as field values (recordFields order): its input cells as they are, status skipped, why. */
export function skippedValues(kind: KindDef, rowNumber: number, raw: RawRow, message: string, headers: HeaderLanguage): FieldValue[] {
  const out: FieldValue[] = [{ number: String(rowNumber) }];
  for (const col of kind.inputs) out.push(fromRaw(raw[col.key]));
  for (let i = 0; i < kind.results.length; i++) out.push(null); // int
  out.push({ string: SKIPPED_STATUS[headers] }, { string: message }, null);
  return out;
}
