/**
 * The engine for batches of any size, in bounded memory: two passes over the rows.
 *
 * Pass 1 (`add`, rows in sheet order): every row is prepared once (validation, checks, duplicate 结算号,
 * inpatient stays, 既往… seed rows — what the whole batch must see before any row computes, exactly as
 * runBatch does).
 * Per row we keep only a settlement-date id (dates are interned: a batch has a few thousand distinct
 * dates) and the prepared row (typed values and issues) as compact text in a Spool (memory up to a
 * budget, then a temp file).
 *
 * Order: the same order as runBatch's computeOrder — settlement date, then sheet index — obtained by
 * sorting one Float64Array of keys `rank(date) · 2^22 + index` natively (no comparator, no objects).
 *
 * Pass 2 (`compute`): rows are read back from the spool in that order (decimals from their exact text,
 * no second validation) and computed. The caller receives each outcome and keeps what it needs (the
 * pipeline spools the encoded result for its sheet-order write pass).
 *
 * Why this design rather than computing rows "when ready" in sheet order and buffering out-of-order rows:
 * the buffering design is cheap for date-sorted files but degrades to holding (or spilling) most rows when
 * dates are scattered, and then needs the same spool plus bookkeeping of readiness per person. Replaying
 * runBatch's exact global order makes the outcome identical to the small-file path by construction:
 * same year-to-date state per person, and the same "last use wins" for parameters listed on 计算依据.
 * The cost is one spool write and read per row, which is small next to validation and the rules.
 */
import type { RawRow, RowIssue, TypedRow, TypedValue } from '../kinds/validate.js';
import { Decimal, decimalFromText, isDecimal } from '../money.js';
import type { UsedParam } from '../rules/params.js';
import { type AccumulatorSnapshot } from './accumulators.js';
import { BatchEngine, type EngineOptions, type PreparedRow, type RowOutcome } from './run.js';
import { type Summary, SummaryBuilder, type SummaryState } from './summary.js';
import { Spool, type SpoolOptions } from './two-pass-spool.js';

/** Sheet index fits below this in a sort key (Excel's 1,048,576 rows need 2^20). */
const INDEX_SPAN = 2 ** 22; // int

export interface TwoPassOptions extends EngineOptions {
  spool?: SpoolOptions;
}

export interface TwoPassTotals {
  summary: Summary;
  params: Map<string, UsedParam>;
}

/** Where a parameter was last used in compute order (settlement date, then sheet index): merging shards keeps the latest. */
export interface ParamUse {
  date: string;
  index: number;
}

/** True when use `a` comes after use `b` in compute order. */
export function isLaterUse(a: ParamUse, b: ParamUse): boolean {
  return a.date > b.date || (a.date === b.date && a.index > b.index);
}

/*
 * A prepared row as one line of text: per column of the kind (in order) a tag and the value — u absent,
 * s text, n number, d decimal (exact text), l list (items joined by SUB) — separated by SEP; then, when
 * the row has issues, the issues and the raw cells as JSON (only the JSON/CSV output of a row with issues
 * falls back to raw values; see render/records.ts). Text holding SEP or SUB (never seen in practice) makes
 * the whole record JSON instead, marked by a leading '['. Cheaper than JSON both ways: this is read and
 * written once per row.
 */
const SEP = '\u0001';
const SUB = '\u0002';
const NOT_PLAIN = /[\u0001\u0002]/;

function encodePrepared(keys: readonly string[], p: PreparedRow): string {
  let out = '';
  let plain = true;
  for (let i = 0; i < keys.length; i++) { // int
    const v = p.row[keys[i]!];
    if (i > 0) out += SEP;
    if (v === undefined) out += 'u';
    else if (typeof v === 'string') {
      out += `s${v}`;
      if (plain && NOT_PLAIN.test(v)) plain = false;
    } else if (typeof v === 'number') out += `n${String(v)}`;
    else if (isDecimal(v)) out += `d${v.isZero() && v.isNegative() ? '-0' : v.toString()}`;
    else {
      out += `l${v.join(SUB)}`;
      if (plain && v.some((x) => x === '' || NOT_PLAIN.test(x))) plain = false;
    }
  }
  if (p.issues.length > 0) out += `${SEP}${JSON.stringify([p.issues, encodeRaw(keys, p.input)])}`;
  if (plain) return out;
  const json: unknown[] = keys.map((k) => {
    const v = p.row[k];
    return v === undefined ? null : isDecimal(v) ? { d: v.isZero() && v.isNegative() ? '-0' : v.toString() } : v;
  });
  json.push(p.issues, encodeRaw(keys, p.input));
  return JSON.stringify(json);
}

function decodePrepared(engine: BatchEngine, keys: readonly string[], index: number, text: string): PreparedRow {
  const row: TypedRow = {};
  if (text.charCodeAt(0) === 91) {
    const a = JSON.parse(text) as unknown[];
    for (let i = 0; i < keys.length; i++) { // int
      const v = a[i];
      row[keys[i]!] = v === null ? undefined : typeof v === 'object' && !Array.isArray(v) ? new Decimal((v as { d: string }).d) : (v as TypedValue);
    }
    return engine.restore(index, decodeRaw(keys, a[keys.length + 1] as unknown[]), row, a[keys.length] as RowIssue[]); // int
  }
  // Field by field with indexOf: one string per value, not a split array plus a slice per field.
  let at = 0;
  for (let i = 0; i < keys.length; i++) { // int
    let end = text.indexOf(SEP, at);
    if (end < 0) end = text.length;
    const tag = text.charCodeAt(at);
    row[keys[i]!] =
      tag === 117 ? undefined
      : tag === 115 ? text.slice(at + 1, end) // int
      : tag === 100 ? decimalFromText(text, at + 1, end) // int
      : tag === 110 ? Number(text.slice(at + 1, end)) // int
      : end === at + 1 ? [] // int
      : text.slice(at + 1, end).split(SUB); // int
    at = end + 1; // int
  }
  if (at >= text.length) return engine.restore(index, {}, row, []);
  const [issues, raw] = JSON.parse(text.slice(at)) as [RowIssue[], unknown[]];
  return engine.restore(index, decodeRaw(keys, raw), row, issues);
}

/** Raw cell values in the kind's column order (absent = null); -0 and dates kept apart from JSON's own. */
function encodeRaw(keys: readonly string[], raw: RawRow): unknown[] {
  const out: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) { // int
    const v = raw[keys[i]!];
    if (v === undefined || v === null) out[i] = null;
    else if (v instanceof Date) out[i] = { d: v.getTime() };
    else if (typeof v === 'number' && Object.is(v, -0)) out[i] = { z: 1 }; // JSON would turn -0 into 0
    else out[i] = v;
  }
  return out;
}

function decodeRaw(keys: readonly string[], vals: readonly unknown[]): RawRow {
  const raw: RawRow = {};
  for (let i = 0; i < keys.length; i++) { // int
    const v = vals[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') raw[keys[i]!] = 'd' in v ? new Date((v as { d: number }).d) : -0;
    else raw[keys[i]!] = v as string | number | boolean;
  }
  return raw;
}

export class TwoPassBatch {
  readonly engine: BatchEngine;
  private readonly keys: string[];
  private readonly rows: Spool;
  private readonly dateIds = new Map<string, number>();
  private dateOf = new Int32Array(1024);
  /** Per row (local id): its 1-based sheet row and its index in the whole batch (a shard sees only some rows). */
  private rowNumberOf = new Int32Array(1024);
  private indexOf = new Int32Array(1024);
  private n = 0;

  constructor(options: TwoPassOptions) {
    this.engine = new BatchEngine(options);
    this.keys = this.engine.kind.inputs.map((c) => c.key);
    this.rows = new Spool(options.spool);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Pass 1: one row, in sheet order. `index` is its 0-based position in the whole batch (default: the
   * next), `duplicate` whether its 结算号 repeats an earlier row's when the caller decides that (a shard
   * does not see every row). Returns the local id.
   */
  add(raw: RawRow, rowNumber = 0, index = this.n, duplicate?: boolean): number {
    const i = this.n;
    const p = this.engine.prepare(raw, index, duplicate);
    if (i >= this.dateOf.length) this.grow();
    this.rowNumberOf[i] = rowNumber;
    this.indexOf[i] = index;
    let d = -1;
    if (p.date !== undefined) {
      d = this.dateIds.get(p.date) ?? -1;
      if (d < 0) {
        d = this.dateIds.size;
        this.dateIds.set(p.date, d);
      }
    }
    this.dateOf[i] = d;
    this.rows.put(i, encodePrepared(this.keys, p));
    this.n = i + 1; // int
    return i;
  }

  /** Indices in compute order: runBatch's computeOrder (date, then sheet index) or sheet order. */
  order(): Uint32Array {
    const n = this.n;
    const out = new Uint32Array(n);
    if (!this.engine.accumulates) {
      for (let i = 0; i < n; i++) out[i] = i; // int
      return out;
    }
    // Rank dates in string order (as computeOrder compares them); rows without a date (rank 0) come first.
    const sorted = [...this.dateIds.keys()].sort();
    const rank = new Int32Array(this.dateIds.size);
    sorted.forEach((d, r) => (rank[this.dateIds.get(d)!] = r + 1)); // int
    if (n < INDEX_SPAN) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) { // int
        const d = this.dateOf[i]!;
        keys[i] = (d < 0 ? 0 : rank[d]!) * INDEX_SPAN + i; // int: exact below 2^53
      }
      keys.sort();
      for (let i = 0; i < n; i++) out[i] = keys[i]! % INDEX_SPAN; // int
      return out;
    }
    const idx = Array.from({ length: n }, (_, i) => i);
    const r = (i: number) => (this.dateOf[i]! < 0 ? 0 : rank[this.dateOf[i]!]!);
    idx.sort((a, b) => r(a) - r(b) || a - b); // int
    out.set(idx);
    return out;
  }

  /**
   * Pass 2: compute every row in settlement order; `each` gets the outcomes (not in sheet order: use
   * `o.index`, or `local`, the row's id in this batch). `onProgress(done, total)` as rows complete.
   */
  async compute(each: (o: RowOutcome, rowNumber: number, local: number) => void | Promise<void>, onProgress?: (done: number, total: number) => void): Promise<TwoPassTotals> {
    this.engine.endGathering();
    const order = this.order();
    const summary = new SummaryBuilder(this.engine.kind);
    const total = this.n;
    const step = Math.max(1, Math.min(1000, Math.ceil(total / 200))); // int
    try {
      for (let k = 0; k < total; k++) { // int
        const i = order[k]!;
        const o = this.engine.compute(decodePrepared(this.engine, this.keys, this.indexOf[i]!, this.rows.get(i)));
        summary.add(o);
        const r = each(o, this.rowNumberOf[i]!, i);
        if (r) await r;
        if (onProgress && ((k + 1) % step === 0 || k + 1 === total)) onProgress(k + 1, total); // int
      }
    } finally {
      this.rows.close();
    }
    this.summaryState = summary.state();
    return { summary: summary.result(), params: this.engine.params };
  }

  /** The batch index of a local id (they grow together). */
  indexAt(local: number): number {
    return this.indexOf[local]!;
  }

  /** After compute: the summary as plain data, for merging shards. */
  summaryState: SummaryState | undefined;

  /** After compute: per parameter id, its last use in compute order. */
  paramUses(): Map<string, ParamUse> {
    const out = new Map<string, ParamUse>();
    for (const [id, index] of this.engine.lastUse) {
      // Kinds without year-to-date state compute in sheet order: the index alone orders their uses.
      const d = this.engine.accumulates ? this.dateOf[this.localId(index)]! : -1;
      out.set(id, { date: d < 0 ? '' : this.dateText(d), index });
    }
    return out;
  }

  /** Local id of a batch index (indices grow with local ids: binary search). */
  private localId(index: number): number {
    let lo = 0;
    let hi = this.n - 1; // int
    while (lo < hi) {
      const mid = (lo + hi) >>> 1; // int
      if (this.indexOf[mid]! < index) lo = mid + 1; // int
      else hi = mid;
    }
    return lo;
  }

  private dateText(id: number): string {
    for (const [d, i] of this.dateIds) if (i === id) return d;
    return '';
  }

  /** Year-to-date state per person-year after compute (for a ledger). */
  ytd(): Map<string, AccumulatorSnapshot> {
    return this.engine.ytdSnapshots();
  }

  /** Drop the spool (when the batch is abandoned before compute). */
  close(): void {
    this.rows.close();
  }

  private grow(): void {
    const g = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2); // int
      b.set(a);
      return b;
    };
    this.dateOf = g(this.dateOf);
    this.rowNumberOf = g(this.rowNumberOf);
    this.indexOf = g(this.indexOf);
  }
}
