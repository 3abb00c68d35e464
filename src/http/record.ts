/** One computed row as a flat JSON record (English keys): input fields, result fields, row, status, messages, basis. */
import type { RowOutcome } from '../engine/run.js';
import type { ColumnDef, KindDef } from '../kinds/types.js';
import { isDecimal } from '../money.js';

export type JsonValue = string | number | null;

function jsonValue(v: unknown): JsonValue {
  if (v === undefined || v === null) return null;
  if (isDecimal(v)) return v.toNumber();
  if (Array.isArray(v)) return v.join('、');
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

/** Text of one value as Excel's WEBSERVICE() should see it: money with two decimals, plain otherwise. */
export function valueText(col: ColumnDef | undefined, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (isDecimal(v)) return col?.type === 'money' ? v.toFixed(2) : v.toString();
  if (Array.isArray(v)) return v.join('、');
  return String(v);
}

export function outcomeRecord(kind: KindDef, o: RowOutcome, rowNumber = o.index + 1): Record<string, JsonValue> {
  const rec: Record<string, JsonValue> = { row: rowNumber };
  for (const c of kind.inputs) rec[c.key] = jsonValue(o.row[c.key] ?? o.input[c.key]);
  for (const c of kind.results) rec[c.key] = jsonValue(o.results[c.key]);
  rec['status'] = o.status;
  rec['messages'] = o.messages.join('；');
  rec['basis'] = o.basis;
  return rec;
}
