/**
 * The engine: validated rows in, results out. Rows of one person and year are applied in
 * settlement-date order (ties: sheet order); outcomes come back in sheet order, one per input row.
 *
 * `BatchEngine` works row by row so that the small-file path (runBatch) and the streaming large-file
 * path share every step: prepare (validate, check, date, scope) → order → compute.
 */
import { checkRow, isInpatientStay, rowDate, ACCUMULATING_KINDS } from '../kinds/checks.js';
import { yearOf } from '../kinds/dates.js';
import { kindDef } from '../kinds/index.js';
import type { KindDef, KindId, RowStatus } from '../kinds/types.js';
import { type RawRow, type RowIssue, type TypedRow, validateRow } from '../kinds/validate.js';
import { log } from '../log.js';
import { ownString } from '../xlsx/xml.js';
import type { Decimal } from '../money.js';
import { MissingParameterError, ParamReader, ParamTable, type UsedParam } from '../rules/params.js';
import { Trace } from '../rules/trace.js';
import { type KindRules, type ResultValues, RowError, type RuleSet, type Stay } from '../rules/types.js';
import { type AccumulatorSnapshot, Accumulators, type Ledger, type PersonYear, YtdBook, personYearKey } from './accumulators.js';
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
  /** Per data sheet of the batch (prepare's `sheet`): what its rows are validated with. */
  sheets?: readonly SheetContext[];
}

/** What a sheet gives every row of it, as plain data (it crosses to shard workers). */
export interface SheetContext {
  /** Per input column (the kind's order): the sheet's header for it, so messages name the user's own column. */
  labels?: readonly (string | undefined)[];
  /** Issues every row of the sheet carries (a column that looks like a rule input and is not read). */
  issues?: readonly RowIssue[];
}

export interface PreparedRow {
  index: number;
  input: RawRow;
  row: TypedRow;
  issues: RowIssue[];
  date?: string;
  scope?: PersonYear;
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
  summary: Summary;
  /** Year-to-date state after the batch, per person-year key. */
  ytd: Map<string, AccumulatorSnapshot>;
}

const NO_ISSUES: readonly RowIssue[] = [];

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
  private readonly rules: KindRules | undefined;
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
  private book: YtdBook = new YtdBook();
  /** Per person-year, the first row (sheet order) carrying 既往… columns: it seeds the year whichever row computes first. */
  private readonly seedRows = new Map<string, TypedRow>();
  private readonly priorKeys: readonly string[];

  constructor(readonly options: EngineOptions) {
    this.kind = kindDef(options.kind);
    this.rules = options.ruleSet.kinds[options.kind];
    this.table = new ParamTable(options.ruleSet.params, options.overrides);
    this.priorKeys = this.kind.inputs.filter((c) => c.zh.startsWith('既往')).map((c) => c.key);
  }

  /** Year-to-date state after the rows computed so far. */
  ytdSnapshots(): Map<string, AccumulatorSnapshot> {
    return this.book.snapshots();
  }

  /** Use year-to-date state loaded from a ledger (before any compute). */
  useLoaded(loaded: ReadonlyMap<string, AccumulatorSnapshot>): void {
    this.book = new YtdBook(loaded);
  }

  get accumulates(): boolean {
    return ACCUMULATING_KINDS.includes(this.options.kind);
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
    if (context?.issues) issues.push(...context.issues);
    issues.push(...checkRow(this.options.kind, row));
    if (this.rules?.check) issues.push(...this.rules.check(row));
    if (this.options.kind === 'settlements' && typeof row['settlementId'] === 'string') {
      const id = row['settlementId'];
      // `duplicate` is decided by the caller when it sees rows this engine does not (a shard of the batch).
      if (duplicate ?? this.seenSettlementIds.isDuplicate(id)) issues.push(duplicateIssue(id));
    }
    const date = rowDate(this.options.kind, row, this.options.defaultYear);
    if (!date && !issues.some((i) => i.severity === 'error')) {
      issues.push({ severity: 'error', message: '无法确定业务日期（请填写日期列，或在「参数」表填写年度） / the row has no date to compute at' });
    }
    const person = row['idNumber'];
    if (this.options.kind === 'settlements' && isInpatientStay(row) && typeof person === 'string' && !issues.some((i) => i.severity === 'error')) {
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
  restore(index: number, input: RawRow, row: TypedRow, issues: RowIssue[]): PreparedRow {
    const date = rowDate(this.options.kind, row, this.options.defaultYear);
    const person = row['idNumber'];
    const scope = this.accumulates && date && typeof person === 'string' ? { person, year: yearOf(date) } : undefined;
    return { index, input, row, issues, date, scope };
  }

  /** Every row is prepared: the 结算号 set is no longer needed. */
  endGathering(): void {
    this.seenSettlementIds.clear();
  }

  private noteUse(used: ReadonlyMap<string, UsedParam>, p: PreparedRow): void {
    // Kinds without year-to-date state compute in sheet order in runBatch: the index alone orders them.
    const date = this.accumulates ? p.date! : '';
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
    const errors = none ? NO_ISSUES : p.issues.filter((i) => i.severity === 'error');
    const warnings = none ? NO_MESSAGES : p.issues.filter((i) => i.severity === 'warning').map((i) => i.message);
    const out = (status: RowStatus, results: ResultValues, messages: string[], basis: string): RowOutcome => ({
      index: p.index, input: p.input, row: p.row, results, status, messages, basis,
    });
    if (errors.length > 0 || !p.date) return out('error', {}, [...errors.map((i) => i.message), ...warnings], '');
    if (!this.rules) {
      return out('error', {}, [`政策「${this.options.ruleSet.name}」不适用于「${this.kind.zh}」 / policy ${this.options.ruleSet.id} has no rules for ${this.kind.id}`], '');
    }
    const trace = new Trace();
    // RULES.md §General 11: a row dated before the policy's start is still computed (with 警告), with the
    // parameters in force at the start; without this every parameter would be missing for it.
    const start = this.options.ruleSet.period.from;
    const reader = new ParamReader(this.table, p.date < start ? start : p.date);
    const { acc, fresh } = p.scope ? this.book.begin(p.scope) : { acc: new Accumulators(), fresh: true };
    try {
      // RULES.md §General 6: 既往… columns describe the time before the batch, so they seed the person-year
      // even when the row carrying them is not the first to compute.
      if (fresh && this.rules.seed) this.rules.seed(p.scope ? (this.seedRows.get(personYearKey(p.scope)) ?? p.row) : p.row, acc);
      const stays = typeof p.row['idNumber'] === 'string' ? this.stays.get(p.row['idNumber']) : undefined;
      const results = this.rules.compute({ row: p.row, date: p.date, params: reader, acc, trace, stays });
      if (p.scope) this.book.commit(p.scope, acc);
      const used = reader.used;
      if (this.options.trackParamUse) this.noteUse(used, p);
      else if (used !== this.lastMerged) {
        for (const [id, u] of used) if (this.params.get(id) !== u) this.params.set(id, u);
        this.lastMerged = used;
      }
      const period = this.options.ruleSet.period;
      if (p.date < period.from || (period.to !== undefined && p.date > period.to)) {
        trace.warn(`超出政策有效期（${period.from}至${period.to ?? '今'}），仍按本政策计算 / outside the policy's period`);
      }
      const allWarnings = warnings.length === 0 ? trace.warnings : [...warnings, ...trace.warnings];
      const messages = trace.notes.length === 0 ? [...allWarnings] : [...allWarnings, ...trace.notes];
      return out(allWarnings.length > 0 ? 'warning' : 'ok', results, messages, trace.basis);
    } catch (e) {
      if (p.scope) this.book.abandon(acc);
      if (e instanceof MissingParameterError || e instanceof RowError) return out('error', {}, [e.message, ...warnings], trace.basis);
      log('error', 'row.internal-error', { kind: this.kind.id, row: p.index + 1, error: e instanceof Error ? e.message : String(e) }); // int
      return out('error', {}, ['内部错误：本行未能计算，请联系管理员 / internal error: this row could not be computed'], '');
    }
  }
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

/** The small-file path: every row in memory (`sheetOfRow`: each row's data sheet, options.sheets). */
export async function runBatch(rows: readonly RawRow[], options: EngineOptions & { ledger?: Ledger; sheetOfRow?: readonly number[] }): Promise<BatchResult> {
  const engine = new BatchEngine(options);
  const prepared = rows.map((r, i) => engine.prepare(r, i, undefined, options.sheetOfRow?.[i]));
  if (options.ledger && engine.accumulates) {
    const keys = new Map<string, PersonYear>();
    for (const p of prepared) if (p.scope) keys.set(personYearKey(p.scope), p.scope);
    engine.useLoaded(await options.ledger.load([...keys.values()]));
  }
  const outcomes = new Array<RowOutcome>(prepared.length);
  const order = engine.accumulates ? computeOrder(prepared) : prepared.map((_, i) => i);
  for (const i of order) outcomes[i] = engine.compute(prepared[i]!);
  const ytd = engine.ytdSnapshots();
  if (options.ledger && engine.accumulates) await options.ledger.save(ytd);
  log('info', 'batch.done', { kind: options.kind, policy: options.ruleSet.id, rows: rows.length });
  return { kind: engine.kind, ruleSet: options.ruleSet, outcomes, params: engine.params, summary: summarize(engine.kind, outcomes), ytd };
}

