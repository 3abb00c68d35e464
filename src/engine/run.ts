/**
 * The engine: validated rows in, results out. Rows of one person and year are applied in
 * settlement-date order (ties: sheet order); outcomes come back in sheet order, one per input row.
 *
 * `BatchEngine` works row by row so that the small-file path (runBatch) and the streaming large-file
 * path share every step: prepare (validate, check, date, scope) → order → compute.
 */
import { checkRow, DATE_COLUMNS, isInpatientStay, rowDate, ACCUMULATING_KINDS } from '../kinds/checks.js';
import { yearOf } from '../kinds/dates.js';
import { kindDef } from '../kinds/index.js';
import type { KindDef, KindId, RowStatus } from '../kinds/types.js';
import { type RawRow, type RowIssue, type TypedRow, validateRow } from '../kinds/validate.js';
import { log } from '../log.js';
import { ownString } from '../xlsx/xml.js';
import type { Decimal } from '../money.js';
import { noteCitedConventions } from '../rules/conventions.js';
import { NeedCheck } from '../rules/needs.js';
import { DateNeededError, MissingParameterError, ParamReader, ParamTable, UNDATED, type UsedParam } from '../rules/params.js';
import { Trace } from '../rules/trace.js';
import { type KindRules, type ResultValues, RowError, type RowContext, type RuleSet, type Stay } from '../rules/types.js';
import { type AccumulatorSnapshot, Accumulators, Journal, type PersonYear, YtdBook, personYearKey } from './accumulators.js';
import { LEDGER_KINDS, ledgerRowKey, ParamIndex, rowFingerprint, fingerprintColumns } from '../ledger/codec.js';
import type { LedgerKey } from '../ledger/key.js';
import type { LedgerPrep, YearWork } from '../ledger/year.js';
import { type Summary, summarize } from './summary.js';

export interface EngineOptions {
  kind: KindId;
  ruleSet: RuleSet;
  /** Parameter overrides by id (request beats 参数 sheet; the caller merges them). */
  overrides?: ReadonlyMap<string, Decimal>;
  /** 参数 sheet 年度: the date of rows that carry none (contributions without 所属期). */
  defaultYear?: number;
  /**
   * Keep `latestUses` (a batch computed in another order than runBatch's needs it for 计算依据, which lists
   * each parameter as the last row in runBatch's order used it).
   */
  trackParamUse?: boolean;
  /**
   * A year-to-date ledger's key (LEDGER.md): rows compute through computeInYear, and contributions are
   * grouped per person-year too (by 所属期).
   */
  ledgerKey?: LedgerKey;
  /** Per data sheet of the batch (prepare's `sheet`): what its rows are validated with. */
  sheets?: readonly SheetContext[];
  /**
   * One hypothetical row (GET /api/calc): identity-only columns (结算号, 姓名) are not required, since they
   * name a row and no rule reads them.
   */
  identityOptional?: boolean;
}

/** What a sheet gives every row of it, as plain data (it crosses to shard workers). */
export interface SheetContext {
  /** Per input column (the kind's order): the sheet's header for it, so messages name the user's own column. */
  labels?: readonly (string | undefined)[];
  /**
   * Warnings every row of the sheet carries (a column that looks like a rule input and is not read). Added
   * when a row computes, not when it is prepared: a prepared row with issues is spooled with them and its
   * raw cells (two-pass.ts), which a sheet-wide warning would make every row of the sheet.
   */
  warnings?: readonly string[];
}

export interface PreparedRow {
  index: number;
  input: RawRow;
  row: TypedRow;
  issues: RowIssue[];
  date?: string;
  scope?: PersonYear;
  /** With a ledger, the row's fingerprint when the caller made it already (two-pass.ts, from the spooled text). */
  fp: string | undefined;
}

export interface RowOutcome {
  /** 0-based position among the input rows (sheet order). */
  index: number;
  input: RawRow;
  row: TypedRow;
  results: ResultValues;
  status: RowStatus;
  messages: string[];
  basis: string;
}

export interface BatchResult {
  kind: KindDef;
  ruleSet: RuleSet;
  outcomes: RowOutcome[];
  /** Every parameter any row used, for the 计算依据 sheet. */
  params: Map<string, UsedParam>;
  /** Ids of the conventions (按本系统约定) the rows' derivations cite, for the 计算依据 sheet. */
  conventions: Set<string>;
  summary: Summary;
  /** Year-to-date state after the batch, per person-year key. */
  ytd: Map<string, AccumulatorSnapshot>;
}

const NO_ISSUES: readonly RowIssue[] = [];

const identityOptionalKinds = new WeakMap<KindDef, KindDef>();

/** The kind with its identity-only columns optional (one object per kind, so validation's compiled plan is reused). */
function withoutIdentityRequirement(kind: KindDef): KindDef {
  let k = identityOptionalKinds.get(kind);
  if (!k) {
    k = { ...kind, inputs: kind.inputs.map((c) => (c.identityOnly && c.required ? { ...c, required: false } : c)) };
    identityOptionalKinds.set(kind, k);
  }
  return k;
}

/** The context of a row without a date: a rule that reads the date itself gets DateNeededError. */
function undatedContext(row: TypedRow, params: ParamReader, acc: Accumulators, trace: Trace, stays: readonly Stay[] | undefined): RowContext {
  return {
    row,
    params,
    acc,
    trace,
    stays,
    get date(): string {
      throw new DateNeededError('本行的计算');
    },
  };
}

function duplicateIssue(id: string): RowIssue {
  return { column: 'settlementId', severity: 'error', message: `列「结算号」的值「${id}」在本批次中重复，仅计算第一次出现的行 / duplicate 结算号` };
}

/**
 * 结算号 seen so far, in sheet order: the first row with an id computes, later ones are 错误. Used by the
 * engine itself, and by a caller that splits a batch into shards (it must see every row's id).
 */
export class SettlementIds {
  private readonly seen = new Set<string>();

  /** Whether this row's 结算号 (as validated) repeats an earlier row's. */
  isDuplicate(id: string): boolean {
    if (this.seen.has(id)) return true;
    this.seen.add(ownString(id));
    return false;
  }

  clear(): void {
    this.seen.clear();
  }
}
const NO_MESSAGES: readonly string[] = [];

export class BatchEngine {
  readonly kind: KindDef;
  readonly table: ParamTable;
  /** Every parameter any row used, as the last row in compute order read it (without trackParamUse: runBatch). */
  readonly params = new Map<string, UsedParam>();
  /** Ids of the conventions the rows' derivations cited (each row's Trace adds to it). */
  readonly conventions = new Set<string>();
  private readonly rules: KindRules | undefined;
  /** The columns this policy's rules read on some rows only (needs.ts), compiled once. */
  private readonly needs: NeedCheck | undefined;
  private readonly seenSettlementIds = new SettlementIds();
  /**
   * With trackParamUse: per parameter-usage map (rows that read the same parameters share one, see
   * ParamReader.used), the row using it that comes last in runBatch's order. A comparison per row, not per
   * parameter.
   */
  private readonly latestByUsage = new Map<ReadonlyMap<string, UsedParam>, ParamUse>();
  /** The parameter-usage map merged last: rows in date order often share one (ParamReader), merging it again changes nothing. */
  private lastMerged: ReadonlyMap<string, UsedParam> | undefined;
  /** Inpatient stays per person, gathered while preparing (before any row computes). */
  private readonly stays = new Map<string, Stay[]>();
  private readonly book = new YtdBook();
  /** With a ledger: the columns of a row's fingerprint, the parameters as numbers. */
  private readonly ledger: { columns: readonly string[]; params: ParamIndex } | undefined;
  /** Per person-year, the first row (sheet order) carrying 既往… columns: it seeds the year whichever row computes first. */
  private readonly seedRows = new Map<string, TypedRow>();
  private readonly priorKeys: readonly string[];
  /** When some sheet carries warnings for all its rows: per sheet, the first row index seen of it (prepare), to tell a row's sheet. */
  private readonly sheetFirst: number[] | undefined;

  constructor(readonly options: EngineOptions) {
    this.kind = options.identityOptional ? withoutIdentityRequirement(kindDef(options.kind)) : kindDef(options.kind);
    this.rules = options.ruleSet.kinds[options.kind];
    this.needs = this.rules?.needs?.length ? new NeedCheck(this.kind, this.rules.needs, this.rules.paysNothing) : undefined;
    this.table = new ParamTable(options.ruleSet.params, options.overrides, options.ruleSet.period.from);
    this.priorKeys = this.kind.inputs.filter((c) => c.prior).map((c) => c.key);
    this.ledger = options.ledgerKey && LEDGER_KINDS.includes(options.kind) ? { columns: fingerprintColumns(this.kind), params: new ParamIndex(this.table) } : undefined;
    this.sheetFirst = options.sheets?.some((c) => c.warnings?.length) ? [] : undefined;
  }

  /**
   * A row's warnings: its sheet's (SheetContext.warnings), then its own issues' (validation gives errors
   * only, so this is the order they were always in). The rows of a sheet are prepared in order of their
   * index (a shard sees some of them, in order): the row's sheet is the last one first seen at or before it.
   */
  private warningsOf(p: PreparedRow, none: boolean): readonly string[] {
    const own = none ? NO_MESSAGES : p.issues.filter((i) => i.severity === 'warning').map((i) => i.message);
    const first = this.sheetFirst;
    if (!first) return own;
    let sheet = -1;
    for (let k = 0; k < first.length; k++) { // int: a handful of sheets
      const f = first[k];
      if (f !== undefined && f <= p.index) sheet = k;
    }
    const sheetWide = sheet < 0 ? undefined : this.options.sheets![sheet]!.warnings;
    if (!sheetWide?.length) return own;
    return own.length === 0 ? sheetWide : [...sheetWide, ...own];
  }

  /** Year-to-date state after the rows computed so far. */
  ytdSnapshots(): Map<string, AccumulatorSnapshot> {
    return this.book.snapshots();
  }

  get accumulates(): boolean {
    return ACCUMULATING_KINDS.includes(this.options.kind) || this.ledger !== undefined;
  }

  /**
   * Validate and check one raw row; cheap enough for a first pass over a large file. It also gathers what
   * the whole batch must know before any row computes (duplicate 结算号, inpatient stays, the row seeding a
   * person-year from its 既往… columns), so it is called
   * once per row; the streaming path keeps the result and rebuilds the row later with `restore`.
   */
  prepare(input: RawRow, index: number, duplicate?: boolean, sheet = 0): PreparedRow {
    const context = this.options.sheets?.[sheet];
    const { row, issues } = validateRow(this.kind, input, context?.labels);
    const first = this.sheetFirst?.[sheet];
    if (this.sheetFirst && (first === undefined || index < first)) this.sheetFirst[sheet] = index;
    issues.push(...checkRow(this.options.kind, row));
    if (this.rules?.check) issues.push(...this.rules.check(row));
    const unmet = this.needs?.issues(row, issues, context?.labels);
    if (unmet) issues.push(...unmet);
    if (this.options.kind === 'settlements' && typeof row['settlementId'] === 'string') {
      const id = row['settlementId'];
      // `duplicate` is decided by the caller when it sees rows this engine does not (a shard of the batch).
      if (duplicate ?? this.seenSettlementIds.isDuplicate(id)) issues.push(duplicateIssue(id));
    }
    if (row['settlementType'] === '冲销' && !this.ledger) {
      issues.push({ column: 'settlementType', severity: 'error', message: '结算类型为冲销的行需要年度累计台账（--ledger，或应用的台账），未计算 / a 冲销 row needs the year-to-date ledger: not computed' });
    }
    // A row without a date still computes when nothing it reads depends on the date (evaluate says when it does).
    const person = row['idNumber'];
    // A 冲销 row is not a stay of its own: it takes its original's back.
    if (this.options.kind === 'settlements' && isInpatientStay(row) && row['settlementType'] !== '冲销' && typeof person === 'string' && !issues.some((i) => i.severity === 'error')) {
      const from = row['visitDate'] as string | undefined;
      const to = row['dischargeDate'] as string | undefined;
      if (from && to) {
        const list = this.stays.get(person);
        const sid = row['settlementId'] as string | undefined;
        const stay = { from: ownString(from), to: ownString(to), settlementId: sid === undefined ? undefined : ownString(sid) };
        if (list) list.push(stay);
        else this.stays.set(ownString(person), [stay]);
      }
    }
    const p = this.restore(index, input, row, issues);
    if (p.scope && !issues.some((i) => i.severity === 'error') && this.priorKeys.some((k) => row[k] !== undefined)) {
      const k = personYearKey(p.scope);
      if (!this.seedRows.has(k)) this.seedRows.set(k, row);
    }
    return p;
  }

  /** A prepared row from a typed row and its issues (as `prepare` made them): date and scope derived again. */
  restore(index: number, input: RawRow, row: TypedRow, issues: RowIssue[], fp?: string): PreparedRow {
    const date = rowDate(this.options.kind, row, this.options.defaultYear);
    const person = row['idNumber'];
    const scope = this.accumulates && date && typeof person === 'string' ? { person, year: yearOf(date) } : undefined;
    return { index, input, row, issues, date, scope, fp };
  }

  /** Every row is prepared: the 结算号 set is no longer needed. */
  endGathering(): void {
    this.seenSettlementIds.clear();
  }

  private noteUse(used: ReadonlyMap<string, UsedParam>, p: Pick<PreparedRow, 'date' | 'index'>): void {
    // Kinds without year-to-date state compute in sheet order in runBatch: the index alone orders them.
    const date = this.accumulates ? (p.date ?? '') : '';
    const seen = this.latestByUsage.get(used);
    // Updated in place: no object per row (most rows share a usage map with an earlier one).
    if (seen === undefined) this.latestByUsage.set(used, { date, index: p.index });
    else if (isLaterThan(date, p.index, seen)) {
      seen.date = date;
      seen.index = p.index;
    }
  }

  /**
   * With trackParamUse: per parameter, its latest use in runBatch's order and what it resolved to there —
   * whatever order the rows were computed in. (Without, `params` holds the last use in compute order;
   * with, `params` stays empty.)
   */
  latestUses(): Map<string, { use: ParamUse; param: UsedParam }> {
    const out = new Map<string, { use: ParamUse; param: UsedParam }>();
    for (const [used, use] of this.latestByUsage) {
      for (const [id, param] of used) {
        const seen = out.get(id);
        if (!seen || isLaterUse(use, seen.use)) out.set(id, { use, param });
      }
    }
    return out;
  }

  /** Compute one prepared row against the batch's year-to-date state. Rows must come in settlement-date order per person. */
  compute(p: PreparedRow): RowOutcome {
    const none = p.issues.length === 0; // the common case: no per-row arrays
    const warnings = this.warningsOf(p, none);
    const refused = this.refusal(p, none, warnings);
    if (refused) return refused;
    const { acc, fresh } = p.scope ? this.book.begin(p.scope) : { acc: new Accumulators(), fresh: true };
    // RULES.md §General 6: 既往… columns describe the time before the batch, so they seed the person-year
    // even when the row carrying them is not the first to compute.
    if (fresh && this.rules!.seed) this.rules!.seed(p.scope ? (this.seedRows.get(personYearKey(p.scope)) ?? p.row) : p.row, acc);
    const o = this.evaluate(p, acc, warnings, undefined);
    if (o.status === 'error') {
      if (p.scope) this.book.abandon(acc);
      return o;
    }
    if (p.scope) this.book.commit(p.scope, acc);
    const used = this.lastUsed!;
    if (this.options.trackParamUse) this.noteUse(used, p);
    else if (used !== this.lastMerged) {
      for (const [id, u] of used) if (this.params.get(id) !== u) this.params.set(id, u);
      this.lastMerged = used;
    }
    return o;
  }

  /** The outcome of a row that cannot compute at all (validation errors, no rules), else undefined. */
  private refusal(p: PreparedRow, none: boolean, warnings: readonly string[]): RowOutcome | undefined {
    const errors = none ? NO_ISSUES : p.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) return outcomeOf(p, 'error', {}, [...errors.map((i) => i.message), ...warnings], '');
    if (!this.rules) {
      return outcomeOf(p, 'error', {}, [`政策「${this.options.ruleSet.name}」不适用于「${this.kind.zh}」 / policy ${this.options.ruleSet.id} has no rules for ${this.kind.id}`], '');
    }
    return undefined;
  }

  /** The parameters the last evaluated row used (set by evaluate when the row computed). */
  private lastUsed: ReadonlyMap<string, UsedParam> | undefined;

  /**
   * The rules on one row against `acc` (the caller keeps or undoes acc's changes by the outcome's status).
   * `prep`: what the ledger adds (messages, the 计算依据 prefix, the row and stays to use).
   */
  private evaluate(p: PreparedRow, acc: Accumulators, warnings: readonly string[], prep: LedgerPrep | undefined): RowOutcome {
    const trace = new Trace(this.conventions);
    const date = p.date;
    // A row dated before the policy's start is still computed (with 警告), with the parameters in force at
    // the start; without this every parameter would be missing for it. A row without a date reads only what
    // does not depend on one (ParamTable: UNDATED).
    const start = this.options.ruleSet.period.from;
    const reader = new ParamReader(this.table, date === undefined ? UNDATED : date < start ? start : date);
    const row = prep?.row ?? p.row;
    try {
      if (prep) {
        for (const w of prep.warnings) trace.warn(w);
        for (const n of prep.notes) trace.note(n);
      }
      const stays = prep?.stays ?? (typeof row['idNumber'] === 'string' ? this.stays.get(row['idNumber']) : undefined);
      const results = this.rules!.compute(date === undefined ? undatedContext(row, reader, acc, trace, stays) : { row, date, params: reader, acc, trace, stays });
      this.lastUsed = reader.used;
      const period = this.options.ruleSet.period;
      if (date === undefined) {
        if (period.to !== undefined) trace.note(`本行无业务日期，未核对是否在政策有效期（${period.from}至${period.to}）内 / the row has no date: the policy's period was not checked`);
      } else if (date < period.from || (period.to !== undefined && date > period.to)) {
        trace.warn(`超出政策有效期（${period.from}至${period.to ?? '今'}），仍按本政策计算 / outside the policy's period`);
      }
      const allWarnings = warnings.length === 0 ? trace.warnings : [...warnings, ...trace.warnings];
      const messages = trace.notes.length === 0 ? [...allWarnings] : [...allWarnings, ...trace.notes];
      return outcomeOf(p, allWarnings.length > 0 ? 'warning' : 'ok', results, messages, prep ? prep.basisPrefix + trace.basis : trace.basis);
    } catch (e) {
      if (e instanceof MissingParameterError || e instanceof RowError) return outcomeOf(p, 'error', {}, [e.message, ...warnings], trace.basis);
      if (e instanceof DateNeededError) return outcomeOf(p, 'error', {}, [this.dateNeeded(e), ...warnings], '');
      log('error', 'row.internal-error', { kind: this.kind.id, row: p.index + 1, error: e instanceof Error ? e.message : String(e) }); // int
      return outcomeOf(p, 'error', {}, ['内部错误：本行未能计算，请联系管理员 / internal error: this row could not be computed'], '');
    }
  }

  /** What a row without a date must add: its kind's date columns, or the 参数 sheet's 年度. */
  private dateNeeded(e: DateNeededError): string {
    const cols = DATE_COLUMNS[this.options.kind].map((k) => `「${this.kind.inputs.find((c) => c.key === k)!.zh}」`).join('或');
    return `无法确定业务日期：${e.what}随日期变化，请填写${cols}，或在「参数」表填写「年度」 / the row has no date and what it reads depends on one: fill in ${cols.replace(/[「」]/g, '')} or set 年度 in the 参数 sheet`;
  }

  /**
   * With a ledger (LEDGER.md): one row of a person-year against what the ledger has for it (`work`). A row
   * under a committed key returns the committed cells; a 冲销 row reverses its original; any other row
   * computes from the ledger's state and becomes pending in `work` until the person-year is committed.
   * Returns the outcome and the parameters it used (noted by the caller once the outcome is final).
   */
  computeInYear(p: PreparedRow, work: YearWork): { outcome: RowOutcome; used: ReadonlyMap<string, UsedParam> | undefined } {
    const none = p.issues.length === 0;
    const warnings = this.warningsOf(p, none);
    const refused = this.refusal(p, none, warnings);
    if (refused) return { outcome: refused, used: undefined };
    const ledger = this.ledger!;
    const rules = this.rules!;
    const key = ledgerRowKey(this.kind.id, p.row);
    if (key === undefined) {
      // Only contributions can lack a key (所属期); their rules keep no year-to-date state.
      const o = this.evaluate(p, new Accumulators(), [...warnings, '未填写「所属期」，本行未记入台账 / no 所属期: the row is not recorded in the ledger'], undefined);
      return { outcome: o, used: o.status === 'error' ? undefined : this.lastUsed };
    }
    const fp = p.fp ?? rowFingerprint(ledger.columns, p.row);
    if (work.has(key)) {
      const r = work.returnCommitted(this.kind, key, fp);
      if (r.kind === 'error') return { outcome: outcomeOf(p, 'error', {}, [r.message, ...warnings], ''), used: undefined };
      // The committed derivation is not traced again: the conventions it cites are read from its text.
      noteCitedConventions(r.cells.basis, this.conventions);
      return { outcome: outcomeOf(p, r.cells.status, r.cells.results, r.cells.messages, r.cells.basis), used: this.usageOf(r.usage) };
    }
    if (p.row['settlementType'] === '冲销') {
      const original = p.row['originalSettlementId'] as string;
      const r = work.reverse(this.kind, key, original, p.row, fp, rules.ledger);
      if ('error' in r) return { outcome: outcomeOf(p, 'error', {}, [r.error, ...warnings], ''), used: undefined };
      const cells = warnings.length === 0 ? r.cells : { ...r.cells, status: 'warning' as const, messages: [...warnings, ...r.cells.messages] };
      work.record(this.kind, key, fp, p.row, p.date!, cells, this.signatureOf(EMPTY_USAGE), r.delta, original);
      return { outcome: outcomeOf(p, cells.status, cells.results, cells.messages, cells.basis), used: EMPTY_USAGE };
    }
    if (work.fresh && !work.seeded && rules.seed && p.scope) {
      const seedRow = this.seedRows.get(personYearKey(p.scope));
      if (seedRow) {
        rules.seed(seedRow, work.acc);
        work.seeded = true;
      }
    }
    const premium = rules.ledger?.firstOfYearPremium;
    const batchStays = typeof p.row['idNumber'] === 'string' ? this.stays.get(p.row['idNumber']) : undefined;
    const prep = work.prepare(this.kind, p.row, p.date!, rules.ledger, batchStays, premium ? this.table.def(premium.param).source.ref : undefined);
    work.acc.begin(this.journal);
    const o = this.evaluate(p, work.acc, warnings, prep);
    if (o.status === 'error') {
      work.acc.rollback();
      return { outcome: o, used: undefined };
    }
    const delta = work.acc.changes();
    work.acc.settle();
    const used = this.lastUsed!;
    work.record(this.kind, key, fp, p.row, p.date!, o, this.signatureOf(used), delta);
    return { outcome: o, used };
  }

  /** Note a row's parameters for 计算依据 once its outcome is final (computeInYear's caller): its date and batch index. */
  noteUseOf(used: ReadonlyMap<string, UsedParam>, date: string, index: number): void {
    this.noteUse(used, { date, index });
  }

  private readonly journal = new Journal();
  private readonly signatures = new WeakMap<ReadonlyMap<string, UsedParam>, string>();
  private readonly usages = new Map<string, ReadonlyMap<string, UsedParam>>();

  /** A usage map as the ledger stores it (rows share usage maps: one text per map). */
  private signatureOf(used: ReadonlyMap<string, UsedParam>): string {
    let s = this.signatures.get(used);
    if (s === undefined) this.signatures.set(used, (s = this.ledger!.params.signature(used)));
    return s;
  }

  /** A stored usage back to this run's parameters (one map per distinct text). */
  private usageOf(sig: string): ReadonlyMap<string, UsedParam> {
    let u = this.usages.get(sig);
    if (u === undefined) this.usages.set(sig, (u = this.ledger!.params.usage(sig)));
    return u;
  }
}

const EMPTY_USAGE: ReadonlyMap<string, UsedParam> = new Map();


function outcomeOf(p: PreparedRow, status: RowStatus, results: ResultValues, messages: string[], basis: string): RowOutcome {
  return { index: p.index, input: p.input, row: p.row, results, status, messages, basis };
}

/** Where a parameter was used, in runBatch's compute order: settlement date (kinds that accumulate), then sheet index. */
export interface ParamUse {
  date: string;
  index: number;
}

/** True when use `a` comes after use `b` in runBatch's compute order. */
export function isLaterUse(a: ParamUse, b: ParamUse): boolean {
  return isLaterThan(a.date, a.index, b);
}

/** isLaterUse for a use given as its date and index (no object on the per-row path). */
function isLaterThan(date: string, index: number, b: ParamUse): boolean {
  return date > b.date || (date === b.date && index > b.index);
}

/** Settlement-date order (ties: sheet order) over prepared rows; rows without scope keep sheet order. */
export function computeOrder(prepared: readonly PreparedRow[]): number[] {
  const idx = prepared.map((_, i) => i);
  return idx.sort((a, b) => {
    const da = prepared[a]!.date ?? '';
    const db = prepared[b]!.date ?? '';
    return da < db ? -1 : da > db ? 1 : a - b; // int
  });
}

/** The small-file path: every row in memory (`sheetOfRow`: each row's data sheet, options.sheets; no ledger: the reference the streaming path is checked against). */
export async function runBatch(rows: readonly RawRow[], options: EngineOptions & { sheetOfRow?: readonly number[] }): Promise<BatchResult> {
  const engine = new BatchEngine(options);
  const prepared = rows.map((r, i) => engine.prepare(r, i, undefined, options.sheetOfRow?.[i]));
  const outcomes = new Array<RowOutcome>(prepared.length);
  const order = engine.accumulates ? computeOrder(prepared) : prepared.map((_, i) => i);
  for (const i of order) outcomes[i] = engine.compute(prepared[i]!);
  log('info', 'batch.done', { kind: options.kind, policy: options.ruleSet.id, rows: rows.length });
  return { kind: engine.kind, ruleSet: options.ruleSet, outcomes, params: engine.params, conventions: engine.conventions, summary: summarize(engine.kind, outcomes), ytd: engine.ytdSnapshots() };
}
