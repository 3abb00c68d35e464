/**
 * Flat records for JSON and CSV: input fields, result fields, then `row`, `status`, `messages`, `basis`,
 * keyed by the fixed English names of the column tables (or the Chinese headers with headers=zh).
 * Values keep their exactness: decimals travel as their decimal text, never through a JS float.
 */
import type { RowOutcome } from '../engine/run.js';
import { type ColumnDef, COMMON_RESULT_COLUMNS, type KindDef, STATUS_ZH } from '../kinds/types.js';
import type { CellValue } from '../kinds/validate.js';
import { isDecimal } from '../money.js';
import type { HeaderLanguage } from '../pipeline/types.js';

/** A field value: a number token (exact decimal text), a string, a boolean or nothing. */
export type FieldValue = { number: string } | { string: string } | { bool: boolean } | null;

export interface Field {
  key: string;
  zh: string;
}

const ROW_FIELD: Field = { key: 'row', zh: '行号' };

/** Record fields in output order. */
export function recordFields(kind: KindDef): Field[] {
  const common = COMMON_RESULT_COLUMNS;
  return [ROW_FIELD, ...kind.inputs, ...kind.results, ...common].map((c) => ({ key: c.key, zh: c.zh }));
}

export function fieldName(f: Field, headers: HeaderLanguage): string {
  return headers === 'zh' ? f.zh : f.key;
}

function fromRaw(v: CellValue): FieldValue {
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
