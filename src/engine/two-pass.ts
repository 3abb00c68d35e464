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
 * With a year-to-date ledger (LEDGER.md, docs/ledger.md), pass 2 goes a window of whole persons at a time
 * (computeThroughAsync): load their person-years, compute (each outcome handed on at once, to be read only
 * once computeThroughAsync returns), commit — a person-year committed meanwhile by someone else is reloaded
 * and its rows computed and handed on again — and only then return: the output never shows an uncommitted row.
 *
 * Why not compute rows "when ready" during pass 1: stays and 既往 seeds may come from any later row, and
 * a person's rows need not be in date order in the sheet, so nothing can compute before pass 1 ends.
 */
import type { RawRow, RowIssue, TypedRow, TypedValue } from '../kinds/validate.js';
import { Decimal, decimalFromText, isDecimal } from '../money.js';
import type { UsedParam } from '../rules/params.js';
import { yearOf } from '../kinds/dates.js';
import { digestOf, fingerprintColumns, LEDGER_KINDS } from '../ledger/codec.js';
import type { LedgerKey } from '../ledger/key.js';
import type { CommitRequest, Ledger, LedgerKind, PersonYearRef, StoredYear } from '../ledger/types.js';
import { YearWork } from '../ledger/year.js';
import { CommitArena } from '../ledger/pack.js';
import { BatchEngine, type EngineOptions, type ParamUse, type PreparedRow, type RowOutcome } from './run.js';
import { ownString } from '../xlsx/xml.js';
import { type Summary, SummaryBuilder, type SummaryState } from './summary.js';
import { Spool, type SpoolOptions } from './two-pass-spool.js';
import { MergedCells, type MergedCellsData } from '../workbook/merged.js';

/** Sheet index fits below this in a sort key (Excel's 1,048,576 rows need 2^20). */
const INDEX_SPAN = 2 ** 22; // int

export interface TwoPassOptions extends EngineOptions {
  spool?: SpoolOptions;
  /** Compute against a year-to-date ledger (LEDGER.md); kinds the ledger does not record ignore it. */
  ledger?: LedgerUse;
}

/** A batch's use of the ledger: the store, the key, commit or only look (peek), and the input's SHA-256. */
export interface LedgerUse {
  ledger: Ledger;
  key: LedgerKey;
  mode: 'commit' | 'peek';
  inputSha256: string;
}

/** What a batch did with the ledger (logs, the CLI's summary, the bench). */
export interface LedgerTally {
  personYears: number;
  committed: number;
  conflicts: number;
}

/** Compute-order rows per ledger window (whole persons): loaded together, computed, committed, then handed on. */
const WINDOW_ROWS = 2048;
/** Commit attempts of a window's person-years before giving up (each conflict reloads and recomputes them). */
const MAX_COMMIT_ATTEMPTS = 8;

/** A window of the ledger path: compute-order positions k0..k1-1, its person-years and their loads. */
interface Window {
  k0: number;
  k1: number;
  refs: PersonYearRef[];
  /** `group|year` → index in refs. */
  slots: Map<string, number>;
  loaded: Promise<(StoredYear | undefined)[]>;
}

export interface TwoPassTotals {
  summary: Summary;
  params: Map<string, UsedParam>;
  /** Ids of the conventions the rows' derivations cite. */
  conventions: Set<string>;
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
const SUB_CODE = 2;
const NOT_PLAIN = /[\u0001\u0002]/;

export function encodePrepared(keys: readonly string[], p: PreparedRow): string {
  let out = '';
  let plain = true;
  // Absent columns after the last present one are left out (a row without issues): most of a kind's columns
  // are absent from most rows, and the spool then holds a fifth less (more of it stays in memory). A run of
  // absent columns is written only once a present one follows, as one constant piece.
  let absentFrom = -1;
  for (let i = 0; i < keys.length; i++) { // int
    const v = p.row[keys[i]!];
    if (v === undefined) {
      if (absentFrom < 0) absentFrom = i;
      continue;
    }
    if (absentFrom >= 0) {
      out += absentRun(absentFrom, i);
      absentFrom = -1;
    }
    if (i > 0) out += SEP;
    if (typeof v === 'string') {
      out += `s${v}`;
      if (plain && NOT_PLAIN.test(v)) plain = false;
    } else if (typeof v === 'number') out += `n${String(v)}`;
    else if (isDecimal(v)) out += `d${v.isZero() && v.isNegative() ? '-0' : v.toString()}`;
    else {
      out += `l${v.join(SUB)}`;
      if (plain && v.some((x) => x === '' || NOT_PLAIN.test(x))) plain = false;
    }
  }
  if (p.issues.length > 0) out += `${absentFrom >= 0 ? absentRun(absentFrom, keys.length) : ''}${SEP}${JSON.stringify([p.issues, encodeRaw(keys, p.input)])}`;
  if (plain) return out;
  const json: unknown[] = keys.map((k) => {
    const v = p.row[k];
    return v === undefined ? null : isDecimal(v) ? { d: v.isZero() && v.isNegative() ? '-0' : v.toString() } : v;
  });
  json.push(p.issues, encodeRaw(keys, p.input));
  return JSON.stringify(json);
}

/** `SEP u` repeated n times, made once per length. */
const ABSENT_RUNS: string[] = [''];

/** The text of absent columns from..to-1 (each `u`, after a SEP unless it is the first column). */
function absentRun(from: number, to: number): string {
  const n = to - from; // int
  while (ABSENT_RUNS.length <= n) ABSENT_RUNS.push(`${ABSENT_RUNS[ABSENT_RUNS.length - 1]!}${SEP}u`); // int
  return from === 0 ? `u${ABSENT_RUNS[n - 1]!}` : ABSENT_RUNS[n]!; // int
}

/** The digest of a decimal spooled as '-0' (negative zero): its normalised value is '0'. */
const NEGATIVE_ZERO_DIGEST = digestOf('0', 0, 1, -1);

/**
 * A spooled row back to a prepared row. `fpColumns` (with a ledger): per column of the kind, whether it is
 * part of the row's fingerprint, which is then made from the text as it is read (codec.ts digestOf: the
 * spooled text of a value is its normalised form), not from the values afterwards.
 */
export function decodePrepared(engine: BatchEngine, keys: readonly string[], index: number, text: string, fpColumns?: Uint8Array): PreparedRow {
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
  let fp = '';
  let fpFirst = true;
  for (let i = 0; i < keys.length; i++) { // int
    if (at >= text.length) {
      // Past the last field: the columns left out as absent (encodePrepared).
      row[keys[i]!] = undefined;
      if (fpColumns !== undefined && fpColumns[i] === 1) {
        if (!fpFirst) fp += ',';
        fpFirst = false;
      }
      continue;
    }
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
    if (fpColumns !== undefined && fpColumns[i] === 1) {
      if (!fpFirst) fp += ',';
      fpFirst = false;
      if (tag === 100 && end === at + 3 && text.charCodeAt(at + 1) === 45 && text.charCodeAt(at + 2) === 48) fp += NEGATIVE_ZERO_DIGEST; // int: 'd-0'
      else if (tag !== 117) fp += digestOf(text, at + 1, end, tag === 108 ? SUB_CODE : -1); // int: after the tag; 'l' a list
    }
    at = end + 1; // int
  }
  const rowFp = fpColumns === undefined ? undefined : fp;
  if (at >= text.length) return engine.restore(index, {}, row, [], rowFp);
  const [issues, raw] = JSON.parse(text.slice(at)) as [RowIssue[], unknown[]];
  return engine.restore(index, decodeRaw(keys, raw), row, issues, rowFp);
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
  /** Per data sheet, its merged input cells (known once pass 1 has read every sheet to its end). */
  private merged: (MergedCells | undefined)[] | undefined;
  /** The batch index each data sheet begins at (startCompute). */
  private sheetStarts: readonly number[] | undefined;

  /** With a ledger: per group, the person key (HMAC of the ID); per date id, the date. */
  private readonly ledgerUse: LedgerUse | undefined;
  /** With a ledger: per column of the kind, 1 when it is part of a row's fingerprint (decodePrepared makes it). */
  private readonly fpColumns: Uint8Array | undefined;
  private readonly groupPerson: string[] = [];
  private readonly dateText: string[] = [];
  private nextWindow: Window | undefined;
  /** With a ledger: the bytes of a window's rows and commits (pack.ts), reused window after window. */
  private readonly arena = new CommitArena();
  readonly ledgerTally: LedgerTally = { personYears: 0, committed: 0, conflicts: 0 };

  constructor(options: TwoPassOptions) {
    // Rows compute person by person, not in runBatch's order: 计算依据 needs each parameter's latest use in that order.
    const ledger = options.ledger && LEDGER_KINDS.includes(options.kind) ? options.ledger : undefined;
    this.ledgerUse = ledger;
    this.engine = new BatchEngine({ ...options, trackParamUse: true, ...(ledger ? { ledgerKey: ledger.key } : {}) });
    this.keys = this.engine.kind.inputs.map((c) => c.key);
    if (ledger) {
      const fp = new Set(fingerprintColumns(this.engine.kind));
      this.fpColumns = Uint8Array.from(this.keys, (k) => (fp.has(k) ? 1 : 0));
    }
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
        if (this.ledgerUse) this.dateText[d] = ownString(p.date);
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
      if (person !== undefined) {
        groups.set(ownString(person), g);
        if (this.ledgerUse) this.groupPerson[g] = this.ledgerUse.key.person(person);
      }
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
   * With a ledger, a row of a person-year whose commit met a conflict is computed and given to `each`
   * again: the later outcome replaces the earlier (rows may be read only once computeThroughAsync returns).
   * `sheetStarts`: the batch index each data sheet begins at, for the summary's line per sheet.
   */
  startCompute(
    each: (o: RowOutcome, rowNumber: number, local: number) => void,
    onProgress?: (done: number, total: number) => void,
    sheetStarts?: readonly number[],
    merged?: readonly (MergedCellsData | undefined)[],
  ): void {
    this.merged = merged?.some((m) => m !== undefined) ? merged.map((m) => (m ? new MergedCells(m) : undefined)) : undefined;
    this.sheetStarts = sheetStarts;
    this.engine.endGathering();
    this.groupOfPerson = undefined;
    const step = Math.max(1, Math.min(1000, Math.ceil(this.n / 200))); // int
    this.running = { order: this.order(), k: 0, scanned: 0, maxGroup: -1, summary: new SummaryBuilder(this.engine.kind, sheetStarts), each, onProgress, step };
  }

  /** Note the groups of the rows up to `local` (sheet order): the persons that must be computed for them. */
  private reach(local: number): Running {
    const r = this.running!;
    const last = Math.min(local, this.n - 1); // int
    while (r.scanned <= last) {
      const g = this.groupOf[r.scanned]!;
      if (g > r.maxGroup) r.maxGroup = g;
      r.scanned += 1; // int
    }
    return r;
  }

  /** Compute until every row up to local id `local` (sheet order) has had its outcome (no ledger). */
  computeThrough(local: number): void {
    const r = this.reach(local);
    const total = this.n;
    while (r.k < total) {
      const i = r.order[r.k]!;
      if (this.groupOf[i]! > r.maxGroup) break;
      const p = decodePrepared(this.engine, this.keys, this.indexOf[i]!, this.rows.get(i));
      if (this.merged) this.explainMerged(p, i);
      const o = this.engine.compute(p);
      r.summary.add(o);
      r.each(o, this.rowNumberOf[i]!, i);
      r.k += 1; // int
      if (r.onProgress && (r.k % r.step === 0 || r.k === total)) r.onProgress(r.k, total); // int
    }
  }

  /** A row's blank cells that lie in a merged range of its sheet, explained (MergedCells). */
  private explainMerged(p: PreparedRow, local: number): void {
    const index = this.indexOf[local]!;
    const starts = this.sheetStarts;
    let sheet = 0;
    if (starts) while (sheet + 1 < starts.length && starts[sheet + 1]! <= index) sheet += 1; // int: a handful of sheets
    const m = this.merged![sheet];
    if (m) p.issues = m.explain(this.rowNumberOf[local]!, p.row, p.input, p.issues);
  }

  /** Rows computed so far. */
  get computed(): number {
    return this.running?.k ?? 0;
  }

  /**
   * computeThrough, with or without a ledger. With one, persons are computed a window at a time: the
   * window's person-years are loaded (the next window's load already under way), its rows computed (and
   * handed on), its person-years committed — a person-year someone else committed meanwhile is reloaded and
   * its rows computed and handed on again — and only then does it return. Outcomes may be read only after
   * it returns: the output never shows an uncommitted row.
   */
  async computeThroughAsync(local: number): Promise<void> {
    if (!this.ledgerUse) {
      this.computeThrough(local);
      return;
    }
    const r = this.reach(local);
    while (r.k < this.n && this.groupOf[r.order[r.k]!]! <= r.maxGroup) {
      const w = this.nextWindow ?? this.windowAt(r.k);
      this.nextWindow = w.k1 < this.n ? this.windowAt(w.k1) : undefined;
      await this.runWindow(w, r);
    }
  }

  /** The window starting at compute-order position k0: whole persons, about WINDOW_ROWS rows; its load begins. */
  private windowAt(k0: number): Window {
    const order = this.running!.order;
    const use = this.ledgerUse!;
    const refs: PersonYearRef[] = [];
    const slots = new Map<string, number>();
    let k = k0;
    while (k < this.n && k - k0 < WINDOW_ROWS) { // int
      const g = this.groupOf[order[k]!]!;
      for (; k < this.n && this.groupOf[order[k]!] === g; k++) { // int
        const person = this.groupPerson[g];
        const d = this.dateOf[order[k]!]!;
        if (person === undefined || d < 0) continue;
        const year = yearOf(this.dateText[d]!);
        const slot = `${g}|${year}`;
        if (!slots.has(slot)) {
          slots.set(slot, refs.length);
          refs.push({ policy: this.engine.options.ruleSet.id, year, kind: this.engine.options.kind as LedgerKind, person });
        }
      }
    }
    this.ledgerTally.personYears += refs.length; // int
    const loaded = refs.length > 0 ? use.ledger.load(refs) : Promise.resolve([]);
    // Awaited only once the window before has committed (or never, when that fails): a failed load must not
    // be an unhandled rejection meanwhile (it would end the process). Its await still throws.
    loaded.catch(() => undefined);
    return { k0, k1: k, refs, slots, loaded };
  }

  /**
   * Compute a window's rows and hand each outcome on at once (the write reads a row only once its window is
   * committed: computeThroughAsync returns after the commit), keeping per row only the parameters it used
   * (noted once its person-year is committed). Holding the outcomes of a window until the commit kept
   * thousands of rows' objects alive through young-generation collections: most of the GC the ledger cost.
   */
  private async runWindow(w: Window, r: Running): Promise<void> {
    const use = this.ledgerUse!;
    const stored = await w.loaded;
    this.arena.reset(); // the window before is committed: its lines and commits are no longer read
    const works = w.refs.map((ref, j) => new YearWork(ref, stored[j], use.inputSha256, this.arena));
    const count = w.k1 - w.k0; // int
    const slots = new Int32Array(count);
    const used = new Array<ReadonlyMap<string, UsedParam> | undefined>(count);
    for (let x = 0; x < count; x++) { // int
      const local = r.order[w.k0 + x]!; // int
      const p = this.decodeAt(local);
      const slot = p.scope ? (w.slots.get(`${this.groupOf[local]!}|${p.scope.year}`) ?? -1) : -1;
      slots[x] = slot;
      used[x] = this.computeAndHand(r, local, p, slot < 0 ? undefined : works[slot]!);
    }
    if (use.mode === 'commit') {
      await this.commitWindow(w, r, stored, works, slots, used);
      // The batch's last window: every commit durable before its rows are handed on (stores that defer it).
      if (w.k1 >= this.n) await use.ledger.sync?.();
    }
    const total = this.n;
    for (let x = 0; x < count; x++) { // int
      const u = used[x];
      const local = r.order[w.k0 + x]!; // int
      if (u) this.engine.noteUseOf(u, this.dateText[this.dateOf[local]!]!, this.indexOf[local]!);
      r.k += 1; // int
      if (r.onProgress && (r.k % r.step === 0 || r.k === total)) r.onProgress(r.k, total); // int
    }
  }

  /** A row of the ledger path read back (computed, or computed again after a conflict), merged cells explained. */
  private decodeAt(local: number): PreparedRow {
    const p = decodePrepared(this.engine, this.keys, this.indexOf[local]!, this.rows.get(local), this.fpColumns);
    if (this.merged) this.explainMerged(p, local);
    return p;
  }

  /** A row computed (in its person-year, when it has one), added to the summary and handed on; the parameters it used. */
  private computeAndHand(r: Running, local: number, p: PreparedRow, work: YearWork | undefined): ReadonlyMap<string, UsedParam> | undefined {
    const { outcome, used } = this.computeIn(p, work);
    r.summary.add(outcome);
    r.each(outcome, this.rowNumberOf[local]!, local);
    return used;
  }

  private computeIn(p: PreparedRow, work: YearWork | undefined): { outcome: RowOutcome; used: ReadonlyMap<string, UsedParam> | undefined } {
    // No person-year (the row is refused before it computes): nothing of it reaches the ledger.
    if (!work) return { outcome: this.engine.compute(p), used: undefined };
    return this.engine.computeInYear(p, work);
  }

  /**
   * Commit the window's person-years; on a conflict reload those and compute their rows again, until all
   * are in. A recomputed row replaces what was handed on and added to the summary: its earlier outcome is
   * computed once more against the person-year as it was loaded then (the compute is deterministic) and
   * taken out of the summary, so nothing of a computation that was not committed is kept.
   */
  private async commitWindow(w: Window, r: Running, stored: (StoredYear | undefined)[], works: YearWork[], slots: Int32Array, used: (ReadonlyMap<string, UsedParam> | undefined)[]): Promise<void> {
    const use = this.ledgerUse!;
    let todo = works.map((_, j) => j);
    for (let attempt = 1; ; attempt++) { // int
      const at = new Date().toISOString();
      const asked: { slot: number; req: CommitRequest }[] = [];
      for (const j of todo) {
        const req = works[j]!.commitRequest(at);
        if (req) asked.push({ slot: j, req });
      }
      if (asked.length === 0) return;
      const outcomes = await use.ledger.commit(asked.map((a) => a.req));
      const conflicts = asked.filter((_, x) => outcomes[x] === 'conflict').map((a) => a.slot);
      this.ledgerTally.committed += asked.length - conflicts.length; // int
      if (conflicts.length === 0) return;
      this.ledgerTally.conflicts += conflicts.length; // int
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw new Error(`ledger: ${conflicts.length} person-year(s) kept changing during ${attempt} commit attempts`);
      const fresh = await use.ledger.load(conflicts.map((j) => w.refs[j]!));
      const before = new Map<number, YearWork>();
      conflicts.forEach((j, x) => {
        before.set(j, new YearWork(w.refs[j]!, stored[j], use.inputSha256, this.arena));
        stored[j] = fresh[x];
        works[j] = new YearWork(w.refs[j]!, fresh[x], use.inputSha256, this.arena);
      });
      for (let x = 0; x < slots.length; x++) { // int
        const was = before.get(slots[x]!);
        if (!was) continue;
        const local = r.order[w.k0 + x]!; // int
        r.summary.remove(this.computeIn(this.decodeAt(local), was).outcome);
        used[x] = this.computeAndHand(r, local, this.decodeAt(local), works[slots[x]!]!);
      }
      todo = conflicts;
    }
  }

  /** Pass 2, ended: computes what is left; the summary and the parameters for 计算依据. */
  finishCompute(): TwoPassTotals {
    try {
      this.computeThrough(this.n - 1); // int
    } finally {
      this.rows.close();
    }
    return this.totals();
  }

  /** finishCompute, with or without a ledger. */
  async finishComputeAsync(): Promise<TwoPassTotals> {
    try {
      await this.computeThroughAsync(this.n - 1); // int
    } finally {
      this.rows.close();
    }
    return this.totals();
  }

  private totals(): TwoPassTotals {
    const r = this.running!;
    this.summaryState = r.summary.state();
    const params = new Map<string, UsedParam>();
    for (const [id, { param }] of this.engine.latestUses()) params.set(id, param);
    return { summary: r.summary.result(), params, conventions: this.engine.conventions };
  }

  /** Pass 2 at once: every row computed (startCompute, finishCompute). */
  compute(
    each: (o: RowOutcome, rowNumber: number, local: number) => void,
    onProgress?: (done: number, total: number) => void,
    sheetStarts?: readonly number[],
    merged?: readonly (MergedCellsData | undefined)[],
  ): TwoPassTotals {
    this.startCompute(each, onProgress, sheetStarts, merged);
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
