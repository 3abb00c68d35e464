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
 * Order: person by person, in order of first appearance in the sheet; each person's rows in runBatch's
 * computeOrder (settlement date, then sheet index), obtained by sorting one Float64Array of keys
 * `rank(date) · 2^22 + index` natively (no comparator, no objects) and then a counting sort by person.
 * Everything that ties rows together is per person (year-to-date state per person-year, inpatient stays,
 * the 既往… seed row, all gathered in pass 1), so every row computes exactly as in runBatch; what crosses
 * persons is order-free (summary sums) or tracked by runBatch's order (each parameter's latest use, for
 * 计算依据: BatchEngine.latestUses).
 *
 * Pass 2 (`startCompute`, `computeThrough`, `finishCompute`): rows are read back from the spool in that
 * order (decimals from their exact text, no second validation) and computed. Why person by person rather
 * than in runBatch's global date order: the rows up to any sheet position are complete as soon as the
 * persons first seen up to there are, so the write pass (sheet order) follows right behind the compute —
 * on this thread with a bounded set of outcomes waiting, or on another while a worker computes
 * (stream.ts). In date order nearly every row waits until the last date is computed.
 *
 * Why not compute rows "when ready" during pass 1: stays and 既往 seeds may come from any later row, and
 * a person's rows need not be in date order in the sheet, so nothing can compute before pass 1 ends.
 */
import type { RawRow, RowIssue, TypedRow, TypedValue } from '../kinds/validate.js';
import { Decimal, decimalFromText, isDecimal } from '../money.js';
import type { UsedParam } from '../rules/params.js';
import { type AccumulatorSnapshot } from './accumulators.js';
import { BatchEngine, type EngineOptions, type ParamUse, type PreparedRow, type RowOutcome } from './run.js';
import { ownString } from '../xlsx/xml.js';
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

interface Running {
  order: Uint32Array;
  /** Next position in `order` to compute. */
  k: number;
  /** Rows (local ids, sheet order) looked at for their group, and the largest group among them. */
  scanned: number;
  maxGroup: number;
  summary: SummaryBuilder;
  each: (o: RowOutcome, rowNumber: number, local: number) => void;
  onProgress: ((done: number, total: number) => void) | undefined;
  step: number;
}

export class TwoPassBatch {
  readonly engine: BatchEngine;
  private readonly keys: string[];
  private readonly rows: Spool;
  private readonly dateIds = new Map<string, number>();
  /** Group of each person (the engine's key, the validated 身份证号), numbered in order of first appearance; dropped after pass 1. */
  private groupOfPerson: Map<string, number> | undefined = new Map<string, number>();
  private groups = 0;
  private dateOf = new Int32Array(1024);
  /** Per row (local id): its group — its person's, or its own for a row of no person. */
  private groupOf = new Int32Array(1024);
  /** Per row (local id): its 1-based sheet row and its index in the whole batch (a shard sees only some rows). */
  private rowNumberOf = new Int32Array(1024);
  private indexOf = new Int32Array(1024);
  private n = 0;
  private running: Running | undefined;

  constructor(options: TwoPassOptions) {
    // Rows compute person by person, not in runBatch's order: 计算依据 needs each parameter's latest use in that order.
    this.engine = new BatchEngine({ ...options, trackParamUse: true });
    this.keys = this.engine.kind.inputs.map((c) => c.key);
    this.rows = new Spool(options.spool);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Pass 1: one row, in sheet order. `index` is its 0-based position in the whole batch (default: the
   * next), `duplicate` whether its 结算号 repeats an earlier row's when the caller decides that (a shard
   * does not see every row); `sheet` which data sheet of the batch it comes from. Returns the local id.
   */
  add(raw: RawRow, rowNumber = 0, index = this.n, duplicate?: boolean, sheet = 0): number {
    const i = this.n;
    const p = this.engine.prepare(raw, index, duplicate, sheet);
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
    // Only rows with a person-year scope touch year-to-date state; any other row is a group of its own.
    const person = p.scope?.person;
    const groups = this.groupOfPerson!;
    let g = person === undefined ? -1 : (groups.get(person) ?? -1);
    if (g < 0) {
      g = this.groups;
      this.groups = g + 1; // int
      if (person !== undefined) groups.set(ownString(person), g);
    }
    this.groupOf[i] = g;
    this.rows.put(i, encodePrepared(this.keys, p));
    this.n = i + 1; // int
    return i;
  }

  /** Local ids in runBatch's computeOrder: settlement date, then sheet index (rows without a date first). */
  dateOrder(): Uint32Array {
    const n = this.n;
    const out = new Uint32Array(n);
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
   * Local ids in compute order: person by person in order of first appearance in the sheet, each person's
   * rows in runBatch's order (settlement date, then sheet index); a row of no person on its own, where it
   * first appears. Every person's year-to-date state, stays and 既往 seed are their own, so each row sees
   * exactly what it sees in runBatch — and the rows up to any sheet position are all computed once the
   * persons first seen up to there are, so the write pass can follow close behind (computeThrough).
   */
  order(): Uint32Array {
    const n = this.n;
    if (!this.engine.accumulates) return Uint32Array.from({ length: n }, (_, i) => i);
    const byDate = this.dateOrder();
    // A stable counting sort of the date order by group.
    const start = new Int32Array(this.groups + 1); // int
    for (let i = 0; i < n; i++) start[this.groupOf[i]! + 1]! += 1; // int
    for (let g = 0; g < this.groups; g++) start[g + 1]! += start[g]!; // int
    const out = new Uint32Array(n);
    for (let k = 0; k < n; k++) { // int
      const i = byDate[k]!;
      const g = this.groupOf[i]!;
      out[start[g]!] = i;
      start[g]! += 1; // int
    }
    return out;
  }

  /**
   * Pass 2, begun: outcomes go to `each` as rows are computed (in compute order; use `o.index`, or `local`,
   * the row's id in this batch). Rows compute as computeThrough asks; `onProgress(done, total)` follows.
   * `sheetStarts`: the batch index each data sheet begins at, for the summary's line per sheet.
   */
  startCompute(each: (o: RowOutcome, rowNumber: number, local: number) => void, onProgress?: (done: number, total: number) => void, sheetStarts?: readonly number[]): void {
    this.engine.endGathering();
    this.groupOfPerson = undefined;
    const step = Math.max(1, Math.min(1000, Math.ceil(this.n / 200))); // int
    this.running = { order: this.order(), k: 0, scanned: 0, maxGroup: -1, summary: new SummaryBuilder(this.engine.kind, sheetStarts), each, onProgress, step };
  }

  /** Compute until every row up to local id `local` (sheet order) has had its outcome. */
  computeThrough(local: number): void {
    const r = this.running!;
    const last = Math.min(local, this.n - 1); // int
    while (r.scanned <= last) {
      const g = this.groupOf[r.scanned]!;
      if (g > r.maxGroup) r.maxGroup = g;
      r.scanned += 1; // int
    }
    const total = this.n;
    while (r.k < total) {
      const i = r.order[r.k]!;
      if (this.groupOf[i]! > r.maxGroup) break;
      const o = this.engine.compute(decodePrepared(this.engine, this.keys, this.indexOf[i]!, this.rows.get(i)));
      r.summary.add(o);
      r.each(o, this.rowNumberOf[i]!, i);
      r.k += 1; // int
      if (r.onProgress && (r.k % r.step === 0 || r.k === total)) r.onProgress(r.k, total); // int
    }
  }

  /** Rows computed so far. */
  get computed(): number {
    return this.running?.k ?? 0;
  }

  /** Pass 2, ended: computes what is left; the summary and the parameters for 计算依据. */
  finishCompute(): TwoPassTotals {
    const r = this.running!;
    try {
      this.computeThrough(this.n - 1); // int
    } finally {
      this.rows.close();
    }
    this.summaryState = r.summary.state();
    const params = new Map<string, UsedParam>();
    for (const [id, { param }] of this.engine.latestUses()) params.set(id, param);
    return { summary: r.summary.result(), params };
  }

  /** Pass 2 at once: every row computed (startCompute, finishCompute). */
  compute(each: (o: RowOutcome, rowNumber: number, local: number) => void, onProgress?: (done: number, total: number) => void, sheetStarts?: readonly number[]): TwoPassTotals {
    this.startCompute(each, onProgress, sheetStarts);
    return this.finishCompute();
  }

  /** The batch index of a local id (they grow together). */
  indexAt(local: number): number {
    return this.indexOf[local]!;
  }

  /** After compute: the summary as plain data, for merging shards. */
  summaryState: SummaryState | undefined;

  /** After compute: per parameter id, its latest use in runBatch's order and what it resolved to there. */
  paramUses(): Map<string, { use: ParamUse; param: UsedParam }> {
    return this.engine.latestUses();
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
    this.groupOf = g(this.groupOf);
    this.rowNumberOf = g(this.rowNumberOf);
    this.indexOf = g(this.indexOf);
  }
}
