/**
 * How a row meets the ledger as data: the key it is committed under, the digests that tell whether a row
 * coming again is the same, its committed result cells as text, and the parameters it used as text.
 */
import type { RowOutcome } from '../engine/run.js';
import { maskIdsInText } from '../kinds/idcard.js';
import type { KindDef, KindId, RowStatus } from '../kinds/types.js';
import type { TypedRow, TypedValue } from '../kinds/validate.js';
import { D, isDecimal } from '../money.js';
import type { ParamTable, UsedParam } from '../rules/params.js';
import type { ResultValues } from '../rules/types.js';
import type { LedgerKey } from './key.js';

/** Kinds whose rows the ledger records (LEDGER.md): settlements by 结算号, contributions by 所属期. */
export const LEDGER_KINDS: readonly KindId[] = ['settlements', 'contributions'];

/** The key a row is committed under (undefined: the row cannot be recorded, e.g. a contribution without 所属期). */
export function ledgerRowKey(kind: KindId, row: TypedRow): string | undefined {
  const v = kind === 'settlements' ? row['settlementId'] : kind === 'contributions' ? row['period'] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Columns that make up a row's fingerprint: every input but the person (the key), the name (never
 * computed with, and never stored) and the 既往… columns (they describe the time before a batch, not the row).
 */
export function fingerprintColumns(kind: KindDef): string[] {
  return kind.inputs.filter((c) => c.key !== 'idNumber' && c.key !== 'name' && !c.zh.startsWith('既往')).map((c) => c.key);
}

export interface RowDigests {
  /** HMAC of the normalised fields: equal for the same row. */
  fp: string;
  /** `column:digest` per column with a value, in the kind's order: names the first difference. */
  cols: string;
}

function normalised(v: TypedValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isDecimal(v)) return v.toString();
  return (v as readonly string[]).join('、');
}

/** FNV-1a (32 bits) of a string, base 36: a short per-column digest (not a secret; the fingerprint is the HMAC). */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193); // int
  return (h >>> 0).toString(36); // int
}

export function rowDigests(columns: readonly string[], row: TypedRow, key: LedgerKey): RowDigests {
  let all = '';
  let cols = '';
  for (const c of columns) {
    const v = row[c];
    if (v === undefined) continue;
    const text = normalised(v);
    all += `${c}\u0001${text}\u0002`;
    cols += `${cols === '' ? '' : ','}${c}:${fnv(text)}`;
  }
  return { fp: key.mac(all).slice(0, 32), cols };
}

/** The first column (Chinese header, in the kind's order) whose digest differs between two `cols`. */
export function firstDifference(kind: KindDef, a: string, b: string): string | undefined {
  const parse = (s: string) => new Map(s === '' ? [] : s.split(',').map((p) => p.split(':') as [string, string]));
  const ma = parse(a);
  const mb = parse(b);
  for (const c of kind.inputs) if (ma.get(c.key) !== mb.get(c.key)) return c.zh;
  return undefined;
}

const STATUS: readonly RowStatus[] = ['ok', 'warning', 'error'];

export type CommittedCells = Pick<RowOutcome, 'results' | 'status' | 'messages' | 'basis'>;

/** The result cells of an outcome as text (decimals exact; ID numbers masked, as everywhere text leaves the engine). */
export function encodeCells(o: CommittedCells): string {
  const r: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(o.results)) {
    if (v === undefined) continue;
    r[k] = v === null ? null : isDecimal(v) ? `d${v.toString()}` : typeof v === 'number' ? `n${String(v)}` : `s${v}`;
  }
  return JSON.stringify([STATUS.indexOf(o.status), o.messages.map(maskIdsInText), maskIdsInText(o.basis), r]);
}

export function decodeCells(text: string): CommittedCells {
  const [s, messages, basis, r] = JSON.parse(text) as [number, string[], string, Record<string, string | null>];
  const results: ResultValues = {};
  for (const [k, v] of Object.entries(r)) {
    results[k] = v === null ? null : v[0] === 'd' ? D(v.slice(1)) : v[0] === 'n' ? Number(v.slice(1)) : v.slice(1);
  }
  return { results, status: STATUS[s]!, messages, basis };
}

/** The parameters a row used, as text: `[id, period]` pairs (the period names the dated value, or an override). */
export function usageSignature(used: ReadonlyMap<string, UsedParam>): string {
  return JSON.stringify([...used].map(([id, u]) => [id, u.overridden ? '' : u.period]));
}

/**
 * A signature back to what each parameter resolves to in `table`: the same dated value (an override: the
 * table's override). A parameter the table no longer resolves is left out.
 */
export function usageFromSignature(table: ParamTable, sig: string): Map<string, UsedParam> {
  const out = new Map<string, UsedParam>();
  for (const [id, period] of JSON.parse(sig) as [string, string][]) {
    if (!table.has(id)) continue;
    const from = period.split('..')[0] ?? '';
    try {
      out.set(id, table.resolve(id, from === '' ? '9999-12-31' : from));
    } catch {
      // No value in force any more (a missing-parameter override not given this time): not listed.
    }
  }
  return out;
}
