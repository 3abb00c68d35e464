/**
 * One person-year while a batch computes it against the ledger: where its year-to-date state starts, the
 * rows already committed (by key), and what this batch adds (pending until the commit). The engine asks
 * it what to do with each row (run.ts, computeInYear); everything the ledger adds to a row's 提示 and
 * 计算依据 is written here (LEDGER.md's table, Chinese / English).
 *
 * A retry of the same input (the person-year's latest commits came from the same file, e.g. a run killed
 * after committing some persons) starts from the state before those commits and replays each of their rows
 * as it meets them (its result as committed, its recorded changes to the state): every other row then sees
 * exactly what it saw the first time, so the output is byte-identical.
 */
import { Accumulators, type AccumulatorSnapshot } from '../engine/accumulators.js';
import { isInpatientStay } from '../kinds/checks.js';
import type { KindDef } from '../kinds/types.js';
import type { TypedRow } from '../kinds/validate.js';
import { type Decimal, D, ZERO, fmt2, fmtPlain, isDecimal } from '../money.js';
import type { LedgerHooks, ResultValues, Stay } from '../rules/types.js';
import { conventionMarker, GENERAL } from '../rules/conventions.js';
import { kindDef } from '../kinds/index.js';
import { type CommittedCells, decodeCells, encodeCells, fingerprintColumns, firstAmountDifference, firstDifference, sameFingerprint } from './codec.js';
import { type CommitArena, CommitBuilder, type RecordInput } from './pack.js';
import type { CommitRequest, LedgerRecord, PersonYearRef, StoredYear } from './types.js';

type Source = 'stored' | 'replay' | 'pending';

/** A row the person-year knows: committed before (its record as loaded) or by this batch (its line, read back when asked). */
class Entry {
  replayed: boolean;
  reversedBy: string | undefined;
  private known: LedgerRecord | undefined;

  constructor(
    readonly key: string,
    readonly seq: number,
    /** stored: committed before this input; replay: committed by this same input (a retry); pending: this batch. */
    readonly source: Source,
    readonly sha: string,
    readonly at: string,
    /** The parameters the row used (codec ParamIndex.signature). */
    readonly usage: string,
    /** The columns of its fingerprint. */
    readonly fpColumns: readonly string[],
    rec: LedgerRecord | undefined,
    /** A pending row: the builder holding its line, and the line's number there. */
    private readonly builder?: CommitBuilder,
    private readonly line = -1,
  ) {
    this.known = rec;
    this.replayed = source === 'pending';
  }

  get rec(): LedgerRecord {
    return (this.known ??= this.builder!.record(this.line));
  }
}

/** What a new row computes with, from the ledger: messages first, the 计算依据 prefix, the row and stays to use. */
export interface LedgerPrep {
  warnings: string[];
  notes: string[];
  basisPrefix: string;
  /** The row as the rules see it (年度首次缴费 decided by the ledger), when it differs. */
  row?: TypedRow;
  /** Stays of the person's earlier batches, added to this batch's. */
  stays?: readonly Stay[];
}

/** What a row that meets a committed key gets. */
export type Returned = { kind: 'error'; message: string } | { kind: 'cells'; cells: CommittedCells; usage: string };

const VISIT_OUTPATIENT = new Set(['普通门诊', '门诊慢特病', '两病门诊']);

function short(sha: string): string {
  return sha.slice(0, 8);
}

export class YearWork {
  /** The working year-to-date state (the rows of this batch are applied to it as they compute). */
  readonly acc: Accumulators;
  /** Nothing was committed before this batch's start: 既往… columns seed it. */
  readonly fresh: boolean;
  seeded = false;
  /** The start as the ledger had it (before a retry's own commits): version, its file, its latest date. */
  readonly startVersion: number;
  private readonly startSha: string;
  private readonly startLastDate: string;
  private readonly startState: AccumulatorSnapshot;
  private startAcc: Accumulators | undefined;
  private lastDate: string;
  private readonly entries = new Map<string, Entry>();
  private readonly ordered: Entry[] = [];
  /** This batch's rows, as the commit's text (a line each). */
  private readonly pending: CommitBuilder;
  private readonly committedStays: Stay[] = [];
  /** Months (contributions) or rows known so far this year: committed before, replayed, or added by this batch. */
  private known = 0;
  private nextSeq = 1;

  constructor(
    readonly ref: PersonYearRef,
    readonly stored: StoredYear | undefined,
    /** SHA-256 of this batch's input file. */
    readonly sha: string,
    /** Where this batch's rows are written as they compute (the window's, reused once it is committed). */
    arena?: CommitArena,
  ) {
    const commits = stored?.commits ?? [];
    let t = commits.length;
    while (t > 0 && commits[t - 1]!.sha === sha) t -= 1; // int
    if (t < commits.length) {
      const first = commits[t]!;
      this.startState = first.before;
      this.startLastDate = first.beforeLastDate;
      this.startVersion = first.version - 1; // int
      this.startSha = commits[t - 1]?.sha ?? ''; // int
    } else {
      this.startState = stored?.state ?? {};
      this.startLastDate = stored?.lastDate ?? '';
      this.startVersion = stored?.version ?? 0;
      this.startSha = commits[commits.length - 1]?.sha ?? ''; // int
    }
    this.fresh = this.startVersion === 0;
    this.acc = new Accumulators(this.startState);
    this.lastDate = this.startLastDate;
    this.pending = new CommitBuilder(fingerprintColumns(kindDef(ref.kind)), arena);
    commits.forEach((c, ci) => {
      const source: Source = ci >= t ? 'replay' : 'stored';
      for (const rec of c.records) {
        const e = new Entry(rec.key, rec.seq, source, c.sha, c.at, c.params[rec.params] ?? '', c.fpColumns, rec);
        this.entries.set(rec.key, e);
        this.ordered.push(e);
        this.nextSeq = rec.seq + 1; // int
        if (source === 'stored') {
          this.known += 1; // int
          if (rec.reverses) this.markReversed(rec.reverses, rec.key);
        }
      }
    });
    for (const e of this.ordered) {
      if (e.source === 'stored' && e.rec.visit === 'S' && e.rec.from && e.rec.to && e.reversedBy === undefined) this.committedStays.push({ from: e.rec.from, to: e.rec.to, settlementId: e.rec.key });
    }
  }

  private markReversed(original: string, by: string): void {
    const o = this.entries.get(original);
    if (o) o.reversedBy = by;
  }

  /** `年度累计起点：…`, the 计算依据 prefix saying where this person-year's figures start. */
  private sourceText(): string {
    if (this.startVersion > 0) return `年度累计起点：台账第${this.startVersion}次提交（文件${short(this.startSha)}）`;
    return this.seeded ? '年度累计起点：既往列（台账无本年记录）' : '年度累计起点：本年首批（台账无本年记录）';
  }

  /** The committed entry under `key` (this batch's pending ones included). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * A row under a key the ledger (or this batch) already has. Same fingerprint: its committed cells,
   * replayed on a retry. Else an error naming the key and the first differing column.
   */
  returnCommitted(kind: KindDef, key: string, fp: string): Returned {
    const e = this.entries.get(key)!;
    const what = kind.id === 'contributions' ? '所属期' : '结算号';
    const columns = this.pending.fpColumns;
    if (!sameFingerprint(e.fpColumns, e.rec.fp, columns, fp)) {
      const col = firstDifference(kind, e.fpColumns, e.rec.fp, columns, fp) ?? '（未知）';
      if (e.reversedBy !== undefined) {
        return { kind: 'error', message: `${what}「${key}」已被结算号「${e.reversedBy}」冲销，本行内容与原结算不同（首个不同列「${col}」），未计算；更正后的结算请使用新结算号 / ${key} was reversed by ${e.reversedBy} and this row differs from it (first differing column ${col}): nothing computed; settle the correction under a new 结算号` };
      }
      const fix = kind.id === 'settlements' ? { zh: '；如需更正，请先冲销', en: '; reverse it (冲销) first' } : { zh: '', en: '' };
      const where = e.source === 'pending' ? { zh: '已在本批次前面的行中出现', en: 'already appears on an earlier row of this batch' } : { zh: '已提交台账', en: 'is already committed' };
      return { kind: 'error', message: `${what}「${key}」${where.zh}，本行内容与之不同（首个不同列「${col}」），未计算，台账未变${fix.zh} / ${what} ${key} ${where.en} with different content (first differing column ${col}); nothing computed or committed${fix.en}` };
    }
    const cells = decodeCells(kind, e.rec.result);
    if (e.source === 'replay' && !e.replayed) {
      this.acc.applyChanges(e.rec.delta);
      e.replayed = true;
      this.known += 1; // int
      if (e.rec.reverses) this.markReversed(e.rec.reverses, e.rec.key);
      if (!e.rec.reverses && e.rec.date > this.lastDate) this.lastDate = e.rec.date;
    }
    if (e.source === 'stored' && e.sha !== this.sha) {
      const note = `${what}「${key}」已于${e.at.slice(0, 19).replace('T', ' ')}（UTC）由另一文件（${short(e.sha)}）提交，返回已提交结果，不重复计算 / already settled on ${e.at} from another file: the committed result is returned, not counted again`;
      return { kind: 'cells', cells: { ...cells, messages: [...cells.messages, note] }, usage: e.usage };
    }
    return { kind: 'cells', cells, usage: e.usage };
  }

  /**
   * What a new row computes with: the late-row note, 既往… values that disagree with the ledger, the
   * ledger's 年度首次缴费, committed outpatient rows inside a stay arriving now, and the 计算依据 prefix.
   */
  prepare(kind: KindDef, row: TypedRow, date: string, hooks: LedgerHooks | undefined, batchStays: readonly Stay[] | undefined, premiumRef: string | undefined): LedgerPrep {
    const warnings: string[] = [];
    const notes: string[] = [];
    const prep: LedgerPrep = { warnings, notes, basisPrefix: '' };
    if (this.startLastDate !== '' && date < this.startLastDate) {
      notes.push(`迟到结算：业务日期${date}早于本年度台账已结算的${this.startLastDate}，按已提交的年度累计计算 / settled late: dated before rows already committed this year (${this.startLastDate}); computed against the committed year-to-date`);
    }
    if (!this.fresh && hooks?.priorValues) {
      this.startAcc ??= new Accumulators(this.startState);
      const implied = hooks.priorValues(row, this.startAcc);
      for (const [col, ledgerValue] of Object.entries(implied)) {
        const given = row[col];
        const g = typeof given === 'number' ? D(given) : (given as Decimal | undefined);
        if (g === undefined || g.equals(ledgerValue)) continue;
        const zh = kind.inputs.find((c) => c.key === col)?.zh ?? col;
        warnings.push(`列「${zh}」的值「${fmtPlain(g)}」与台账不一致（台账为${fmtPlain(ledgerValue)}），按台账计算 / ${zh} ${fmtPlain(g)} differs from the ledger (${fmtPlain(ledgerValue)}): the ledger is used`);
      }
    }
    const premium = hooks?.firstOfYearPremium;
    if (premium) {
      const first = this.known === 0;
      const given = row['firstOfYear'];
      if (given === undefined) {
        prep.row = { ...row, firstOfYear: first ? '是' : '否' };
        notes.push(first
          ? `未填写「年度首次缴费」：台账显示本年度尚无已提交月份，按是处理，收取大病保险费(${premiumRef ?? ''}) / 年度首次缴费 empty: the ledger has no month of this year yet, so the premium is charged on this one`
          : '未填写「年度首次缴费」：台账显示本年度已有提交月份，按否处理 / 年度首次缴费 empty: the ledger already has a month of this year, so no premium');
      } else if (given === '是' && !first) {
        warnings.push('「年度首次缴费」为是，但台账显示本年度已有提交月份（大病保险费应已收取），按填写值计算 / 年度首次缴费 is 是 but the ledger already has a month of this year: computed as given');
      } else if (given === '否' && first) {
        warnings.push('「年度首次缴费」为否，但台账显示本年度尚无已提交月份（大病保险费应在本年度首个月收取），按填写值计算 / 年度首次缴费 is 否 but the ledger has no month of this year yet: computed as given');
      }
    }
    if (this.committedStays.length > 0) prep.stays = batchStays ? [...batchStays, ...this.committedStays] : this.committedStays;
    if (hooks?.outpatientDuringStay && isInpatientStay(row)) {
      const from = row['visitDate'] as string | undefined;
      const to = row['dischargeDate'] as string | undefined;
      if (from && to) {
        const paid: string[] = [];
        for (const e of this.ordered) {
          if (e.source !== 'stored') continue;
          const r = e.rec;
          if (r.visit !== 'O' || e.reversedBy !== undefined || !(from <= r.date && r.date < to)) continue;
          const total = decodeCells(kind, r.result).results['totalFundPaid'];
          if (isDecimal(total) && !total.isZero()) paid.push(`${r.key}（${r.date}，基金支付合计${fmt2(total)}元）`);
        }
        if (paid.length > 0) {
          const ref = hooks.outpatientDuringStay.ref(row);
          warnings.push(`本次住院期间（${from}至${to}）已结算并支付的门诊：结算号${paid.join('、')}，住院期间不享受门诊待遇(${ref})，应予追回 / outpatient settlements already paid inside this stay (${paid.length}): recover what they were paid`);
        }
      }
    }
    prep.basisPrefix = `${this.sourceText()}；`;
    return prep;
  }

  /** A new row computed (its changes to the state already made): pending until the commit, as a line of its text. */
  record(kind: KindDef, key: string, fp: string, row: TypedRow, date: string, cells: CommittedCells, usage: string, delta: Record<string, string>, reverses?: string): void {
    const stay = isInpatientStay(row) && typeof row['visitDate'] === 'string' && typeof row['dischargeDate'] === 'string';
    const seq = this.nextSeq;
    // Optional fields assigned, not spread: this runs once per row.
    const rec: RecordInput = { key, seq, fp, date, visit: reverses !== undefined ? '' : stay ? 'S' : VISIT_OUTPATIENT.has(String(row['visitType'])) ? 'O' : '', result: encodeCells(kind, cells), delta };
    if (stay && reverses === undefined) {
      rec.from = row['visitDate'] as string;
      rec.to = row['dischargeDate'] as string;
    }
    if (reverses !== undefined) rec.reverses = reverses;
    const line = this.pending.add(rec, usage);
    this.nextSeq += 1; // int
    const e = new Entry(key, seq, 'pending', this.sha, '', usage, this.pending.fpColumns, undefined, this.pending, line);
    this.entries.set(key, e);
    this.ordered.push(e);
    this.known += 1; // int
    if (reverses !== undefined) this.markReversed(reverses, key);
    else if (date > this.lastDate) this.lastDate = date;
  }

  /**
   * A 冲销 row: the original's payments negated, its changes taken back from the year-to-date state (names
   * that describe the latest stay only when no later row changed them). Returns the cells, or an error.
   */
  reverse(kind: KindDef, key: string, original: string, row: TypedRow, fp: string, hooks: LedgerHooks | undefined): { error: string } | { cells: CommittedCells; delta: Record<string, string> } {
    const o = this.entries.get(original);
    if (!o) {
      return { error: `列「原结算号」的值「${original}」在本人本年度台账及本批次此前的行中均未找到，无法冲销 / 原结算号 ${original} is not in this person-year's ledger nor on an earlier row of this batch: nothing to reverse` };
    }
    if (o.rec.reverses !== undefined) return { error: `列「原结算号」的值「${original}」本身是冲销结算，不能再冲销 / ${original} is itself a reversal` };
    if (o.reversedBy !== undefined) return { error: `列「原结算号」的值「${original}」已被结算号「${o.reversedBy}」冲销 / ${original} was already reversed by ${o.reversedBy}` };
    // LEDGER.md: a 冲销 returns the original's payments, whole. A row asking for more (or less) is not that
    // reversal: refused like a changed row under a committed 结算号, rather than reversing other amounts than it shows.
    const col = firstAmountDifference(kind, o.fpColumns, o.rec.fp, this.pending.fpColumns, fp);
    if (col) {
      const v = row[col.key];
      const given = v === undefined ? '' : isDecimal(v) ? fmtPlain(v) : String(v);
      return { error: `冲销行「${col.zh}」的值「${given}」与原结算「${original}」不一致：冲销将原结算全额取负冲回，金额列须与原结算相同；未计算，台账未变（部分退费请全额冲销后以新结算号重新结算） / the 冲销 row's ${col.zh} ${given} differs from settlement ${original}'s: a reversal returns the original whole, so its amounts must be the original's; nothing computed or committed (for a partial refund, reverse in full and settle again under a new 结算号)` };
    }
    if (o.source === 'replay' && !o.replayed) this.returnReplay(o);
    // Rows committed after the original (a retry's own rows count once it has met them again, as the first time).
    const later = this.ordered.filter((e) => e.seq > o.seq && e.reversedBy === undefined && e.rec.reverses === undefined && !(e.source === 'replay' && !e.replayed));
    const stayKeys = hooks?.latestStayKeys ?? [];
    const changedLater = (name: string) => stayKeys.includes(name) && later.some((e) => name in e.rec.delta);
    this.acc.begin();
    this.acc.takeBack(o.rec.delta, changedLater);
    const delta = this.acc.changes();
    this.acc.settle();
    const before = decodeCells(kind, o.rec.result);
    const results: ResultValues = {};
    for (const c of kind.results) {
      const v = before.results[c.key];
      if (c.type === 'money' && isDecimal(v)) results[c.key] = v.isZero() ? ZERO : v.negated();
    }
    const ytd = hooks?.ytdResults?.(row, this.acc) ?? {};
    for (const [k, v] of Object.entries(ytd)) if (k !== 'admissionNo' || typeof before.results[k] === 'number') results[k] = v;
    const warnings: string[] = [];
    if (later.length > 0) {
      const keys = later.map((e) => e.key);
      const list = keys.length > 10 ? `${keys.slice(0, 10).join('、')}等${keys.length}笔` : keys.join('、');
      warnings.push(`原结算之后已结算的${list}保持原结果，未重新计算 / the ${keys.length} settlement(s) committed after it stay as they were (not recomputed)`);
    }
    const notes = [`冲销结算号「${original}」：原各项支付取负冲回，并从本年度累计中扣除 / reverses ${original}: its payments are returned negated and taken out of the year-to-date figures`];
    const basis = `${this.sourceText()}；冲销结算号${original}(结算日期${o.rec.date})：各项支付取负，年度累计扣除原结算计入的金额与次数${conventionMarker(GENERAL.reversal)}`;
    return { cells: { results, status: warnings.length > 0 ? 'warning' : 'ok', messages: [...warnings, ...notes], basis }, delta };
  }

  private returnReplay(e: Entry): void {
    this.acc.applyChanges(e.rec.delta);
    e.replayed = true;
    this.known += 1; // int
  }

  /**
   * The commit of this batch's rows (undefined: nothing new). Rows a retry did not meet again are replayed
   * first, so the state never loses a committed row.
   */
  commitRequest(at: string): CommitRequest | undefined {
    if (this.pending.size === 0) return undefined;
    for (const e of this.ordered) if (e.source === 'replay' && !e.replayed) this.returnReplay(e);
    const version = (this.stored?.version ?? 0) + 1; // int
    return {
      ref: this.ref,
      baseVersion: this.stored?.version ?? 0,
      ...(this.stored?.token !== undefined ? { token: this.stored.token } : {}),
      state: this.acc.snapshot(),
      lastDate: this.lastDate,
      commit: this.pending.pack({ version, sha: this.sha, at, before: this.stored?.state ?? {}, beforeLastDate: this.stored?.lastDate ?? '' }),
    };
  }
}
