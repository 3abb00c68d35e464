/**
 * How a row meets the ledger as data: the key it is committed under, the digests that tell whether a row
 * coming again is the same, its committed result cells as text, and the parameters it used as text.
 */
import type { RowOutcome } from '../engine/run.js';
import { createHash } from 'node:crypto';
import { maskIdsInText } from '../kinds/idcard.js';
import type { ColumnDef, KindDef, KindId, RowStatus } from '../kinds/types.js';
import type { TypedRow, TypedValue } from '../kinds/validate.js';
import { D, isDecimal } from '../money.js';
import type { ParamTable, UsedParam } from '../rules/params.js';
import type { ResultValues } from '../rules/types.js';

/** Kinds whose rows the ledger records (LEDGER.md): settlements by 结算号, contributions by 所属期. */
export const LEDGER_KINDS: readonly KindId[] = ['settlements', 'contributions'];

/** The key a row is committed under (undefined: the row cannot be recorded, e.g. a contribution without 所属期). */
export function ledgerRowKey(kind: KindId, row: TypedRow): string | undefined {
  const v = kind === 'settlements' ? row['settlementId'] : kind === 'contributions' ? row['period'] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const FINGERPRINT_COLUMNS = new Map<KindId, readonly string[]>();

/**
 * Columns that make up a row's fingerprint: every input but the personal ones (the ID number is the key; the
 * name, sex and birth date are never stored, not even as a digest: ColumnDef.personal) and the 既往… columns
 * (ColumnDef.prior: they describe the time before a batch, not the row).
 * One array per kind (a commit whose columns are this very array compares fingerprints as text).
 */
export function fingerprintColumns(kind: KindDef): readonly string[] {
  let cols = FINGERPRINT_COLUMNS.get(kind.id);
  if (!cols) FINGERPRINT_COLUMNS.set(kind.id, (cols = kind.inputs.filter((c) => !c.personal && !c.prior).map((c) => c.key)));
  return cols;
}

/**
 * A row's fingerprint: per fingerprint column (in order) a short digest of its normalised value, empty when
 * the row has none, joined by commas. Equal for the same row; where two differ, the first differing column
 * is named. Not a secret and not the person (the ID number and name are never part of it). A commit keeps
 * its columns once (they may change with a release): see sameFingerprint.
 */
export function rowFingerprint(columns: readonly string[], row: TypedRow): string {
  let fp = '';
  for (let i = 0; i < columns.length; i++) { // int
    const v = row[columns[i]!];
    if (i > 0) fp += ',';
    if (v !== undefined) {
      const s = normalised(v);
      fp += digestOf(s, 0, s.length, -1);
    }
  }
  return fp;
}

function normalised(v: TypedValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isDecimal(v)) return v.toString();
  return (v as readonly string[]).join('、');
}

/**
 * A column's digest: FNV-1a (32 bits), base 36, of its normalised value `text[from, to)`, where the
 * character `sub` (-1: none) stands for '、' (a list's separator). The streaming engine (two-pass.ts) digests
 * the spooled text of a row this way, without making the value again.
 */
export function digestOf(text: string, from: number, to: number, sub: number): string {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) { // int
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c === sub ? 0x3001 : c), 0x01000193); // int
  }
  return (h >>> 0).toString(36); // int
}

/** A fingerprint as column → digest (columns without a value left out). */
function digests(columns: readonly string[], fp: string): Map<string, string> {
  const out = new Map<string, string>();
  fp.split(',').forEach((d, i) => {
    if (d !== '' && columns[i] !== undefined) out.set(columns[i]!, d);
  });
  return out;
}

/** Whether two fingerprints (each with its columns) are of the same row. */
export function sameFingerprint(aCols: readonly string[], a: string, bCols: readonly string[], b: string): boolean {
  if (aCols === bCols) return a === b;
  const [ma, mb] = [digests(aCols, a), digests(bCols, b)];
  return ma.size === mb.size && [...ma].every(([c, d]) => mb.get(c) === d);
}

/** The first column (Chinese header, in the kind's order) whose digest differs between two fingerprints. */
export function firstDifference(kind: KindDef, aCols: readonly string[], a: string, bCols: readonly string[], b: string): string | undefined {
  const [ma, mb] = [digests(aCols, a), digests(bCols, b)];
  for (const c of kind.inputs) if (ma.get(c.key) !== mb.get(c.key)) return c.zh;
  return undefined;
}

/** The digest of 0: an amount left blank counts as 0 when amounts are compared (firstAmountDifference). */
const ZERO_DIGEST = digestOf('0', 0, 1, -1);

/**
 * The first amount column (money, in the kind's order) whose value differs between two fingerprints, a blank
 * counting as 0: a 冲销 row must carry its original's amounts (it returns the original in full).
 */
export function firstAmountDifference(kind: KindDef, aCols: readonly string[], a: string, bCols: readonly string[], b: string): ColumnDef | undefined {
  const [ma, mb] = [digests(aCols, a), digests(bCols, b)];
  for (const c of kind.inputs) {
    if (c.type === 'money' && aCols.includes(c.key) && bCols.includes(c.key) && (ma.get(c.key) ?? ZERO_DIGEST) !== (mb.get(c.key) ?? ZERO_DIGEST)) return c;
  }
  return undefined;
}

const STATUS: readonly RowStatus[] = ['ok', 'warning', 'error'];

export type CommittedCells = Pick<RowOutcome, 'results' | 'status' | 'messages' | 'basis'>;

/** The committed cells as stored: status, 提示, 计算依据, then the result values in the kind's order. */
export type StoredCells = (string | number | string[] | null)[];

/**
 * The result cells of an outcome as the ledger keeps them (decimals exact as text; ID numbers in 提示
 * masked, as everywhere text leaves the engine): plain JSON data, written once with its commit.
 */
export function encodeCells(kind: KindDef, o: CommittedCells): StoredCells {
  // 计算依据 is the rules' own text (articles and amounts), never an input value: only 提示 can quote one.
  const out: StoredCells = [STATUS.indexOf(o.status), o.messages.length === 0 ? [] : o.messages.map(maskIdsInText), o.basis];
  for (const c of kind.results) {
    const v = o.results[c.key];
    out.push(v === undefined ? 0 : v === null ? null : isDecimal(v) ? (v.isZero() ? 'd0' : `d${v.toString()}`) : typeof v === 'number' ? `n${String(v)}` : `s${v}`);
  }
  return out;
}

export function decodeCells(kind: KindDef, a: StoredCells): CommittedCells {
  const results: ResultValues = {};
  kind.results.forEach((c, i) => {
    const v = a[i + 3] as string | number | null | undefined; // int
    if (v === 0 || v === undefined) return;
    results[c.key] = v === null ? null : typeof v === 'number' ? v : v[0] === 'd' ? D(v.slice(1)) : v[0] === 'n' ? Number(v.slice(1)) : v.slice(1);
  });
  return { results, status: STATUS[a[0] as number]!, messages: a[1] as string[], basis: a[2] as string };
}

/**
 * The parameters of one rule set as numbers, for storing what a row used in a few characters: a parameter
 * by its place in the rule set, its dated value by its place in the parameter's values. `version` changes
 * whenever the list does (a new release): a use stored under another version is not read back.
 */
export class ParamIndex {
  readonly version: string;
  private readonly place = new Map<string, number>();

  constructor(private readonly table: ParamTable) {
    const ids = table.all().map((d) => d.id);
    ids.forEach((id, i) => this.place.set(id, i));
    this.version = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 8);
  }

  /** `version:place.value,…` (value: the dated value's index, `o` an override), in first-use order. */
  signature(used: ReadonlyMap<string, UsedParam>): string {
    let out = `${this.version}:`;
    let first = true;
    for (const [id, u] of used) {
      const v = u.overridden ? 'o' : String(u.def.values.findIndex((d) => `${d.from}..${d.to ?? ''}` === u.period));
      out += `${first ? '' : ','}${this.place.get(id) ?? -1}.${v}`;
      first = false;
    }
    return out;
  }

  /** A signature back to what each parameter resolves to now (nothing when it was stored under another version). */
  usage(sig: string): Map<string, UsedParam> {
    const out = new Map<string, UsedParam>();
    const [version, list] = sig.split(':') as [string, string | undefined];
    if (version !== this.version || !list) return out;
    const all = this.table.all();
    for (const item of list.split(',')) {
      const [p, v] = item.split('.') as [string, string];
      const def = all[Number(p)];
      if (!def) continue;
      const at = v === 'o' ? '9999-12-31' : def.values[Number(v)]?.from;
      if (at === undefined) continue;
      try {
        out.set(def.id, this.table.resolve(def.id, at));
      } catch {
        // No value in force any more (a missing-parameter override not given this time): not listed.
      }
    }
    return out;
  }
}
