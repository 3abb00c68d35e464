import { type ColumnDef, type KindDef, type RowStatus } from '../kinds/types.js';
import { type Decimal, D, ZERO, isDecimal } from '../money.js';
import type { RowOutcome } from './run.js';

export interface Summary {
  rows: number;
  byStatus: Record<RowStatus, number>;
  /** Totals of every money result column over rows that computed. */
  totals: Record<string, Decimal>;
  /** Per category (settlements: 就诊类型; contributions: 人员类别), row count and totals. */
  byCategory: { category: string; rows: number; totals: Record<string, Decimal> }[];
  categoryColumn?: ColumnDef;
  /** Totals and footer rows left uncomputed (not in `rows`). */
  skipped: number;
  /** With more than one data sheet: one line per sheet, in workbook order. */
  sheets?: SheetLine[];
}

/** A data sheet's share of the batch. */
export interface SheetLine {
  sheet: string;
  rows: number;
  byStatus: Record<RowStatus, number>;
  skipped: number;
  totals: Record<string, Decimal>;
}

/**
 * The result columns 汇总 adds up: amounts of the row itself. A year-to-date column (cumulative) is a
 * running figure, and its sum over rows would count each earlier row again.
 */
export function summedColumns(kind: KindDef): ColumnDef[] {
  return kind.results.filter((c) => c.type === 'money' && !c.cumulative);
}

/** Money result columns 汇总 leaves out, and why (shown under the totals). */
export function unsummedColumns(kind: KindDef): ColumnDef[] {
  return kind.results.filter((c) => c.type === 'money' && c.cumulative);
}

const CATEGORY_KEY: Partial<Record<string, string>> = {
  settlements: 'visitType',
  contributions: 'category',
  'resident-contributions': 'subsidyCategory',
  'retirement-supplement': 'insuredAs',
  'account-refund': 'category',
};

/** A SummaryBuilder's state as plain data (decimals as exact text), to merge builders across threads. */
export interface SummaryState {
  rows: number;
  byStatus: Record<RowStatus, number>;
  categories: [category: string, rows: number, totals: [key: string, value: string][]][];
  /** Per data sheet (several only): rows, counts by status, money sums as exact text in moneyCols order. */
  sheets?: [rows: number, byStatus: Record<RowStatus, number>, sums: string[]][];
}

interface SheetSums {
  rows: number;
  byStatus: Record<RowStatus, number>;
  sums: Decimal[];
}

/** Summary built row by row (the streaming path never holds every outcome); order does not matter. */
export class SummaryBuilder {
  private readonly moneyCols: ColumnDef[];
  private readonly totals: Record<string, Decimal>;
  private readonly byStatus: Record<RowStatus, number> = { ok: 0, warning: 0, error: 0 };
  private readonly catKey: string | undefined;
  /** Per category: rows and the running total of each money column (in moneyCols order). */
  private readonly cats = new Map<string, { rows: number; sums: Decimal[] }>();
  private readonly moneyKeys: string[];
  private rows = 0;
  /** With several data sheets: the batch index each begins at, and its sums. */
  private readonly sheetStarts: readonly number[] | undefined;
  private readonly sheets: SheetSums[] | undefined;

  constructor(
    private readonly kind: KindDef,
    sheetStarts?: readonly number[],
  ) {
    this.moneyCols = summedColumns(kind);
    this.moneyKeys = this.moneyCols.map((c) => c.key);
    this.totals = Object.fromEntries(this.moneyCols.map((c) => [c.key, ZERO]));
    this.catKey = CATEGORY_KEY[kind.id];
    if (sheetStarts && sheetStarts.length > 1) {
      this.sheetStarts = sheetStarts;
      this.sheets = sheetStarts.map(() => ({ rows: 0, byStatus: { ok: 0, warning: 0, error: 0 }, sums: this.moneyKeys.map(() => ZERO) }));
    }
  }

  add(o: Pick<RowOutcome, 'status' | 'row' | 'results' | 'index'>): void {
    this.count(o, 1);
  }

  /**
   * Take back a row added before (the ledger recomputes a row whose person-year someone else committed
   * meanwhile): exactly as if it had never been added — a category left without rows goes.
   */
  remove(o: Pick<RowOutcome, 'status' | 'row' | 'results' | 'index'>): void {
    this.count(o, -1);
  }

  private count(o: Pick<RowOutcome, 'status' | 'row' | 'results' | 'index'>, sign: 1 | -1): void {
    this.rows += sign; // int
    this.byStatus[o.status] += sign; // int
    if (this.sheets) this.addToSheet(o, sign);
    if (o.status === 'error') return;
    const cat = this.catKey ? String(o.row[this.catKey] ?? '（未填）') : '';
    let c = this.cats.get(cat);
    if (!c) {
      c = { rows: 0, sums: this.moneyKeys.map(() => ZERO) };
      this.cats.set(cat, c);
    }
    c.rows += sign; // int
    // Only category totals are kept per row (the grand totals are their sum, exact in decimal); zeros,
    // most of a row's result columns, are skipped. This runs for every row of a large batch.
    const keys = this.moneyKeys;
    const sums = c.sums;
    for (let i = 0; i < keys.length; i++) { // int
      const v = o.results[keys[i]!];
      if (isDecimal(v) && !v.isZero()) sums[i] = sign > 0 ? sums[i]!.plus(v) : sums[i]!.minus(v);
    }
    if (c.rows === 0) this.cats.delete(cat);
  }

  /** The row's data sheet's line (several sheets only). */
  private addToSheet(o: Pick<RowOutcome, 'status' | 'results' | 'index'>, sign: 1 | -1): void {
    const starts = this.sheetStarts!;
    let k = starts.length - 1; // int
    while (k > 0 && o.index < starts[k]!) k -= 1; // int
    const line = this.sheets![k]!;
    line.rows += sign; // int
    line.byStatus[o.status] += sign; // int
    if (o.status === 'error') return;
    for (let i = 0; i < this.moneyKeys.length; i++) { // int
      const v = o.results[this.moneyKeys[i]!];
      if (isDecimal(v) && !v.isZero()) line.sums[i] = sign > 0 ? line.sums[i]!.plus(v) : line.sums[i]!.minus(v);
    }
  }

  state(): SummaryState {
    return {
      rows: this.rows,
      byStatus: { ...this.byStatus },
      categories: [...this.cats].map(([cat, c]) => [cat, c.rows, this.moneyKeys.map((k, i) => [k, c.sums[i]!.toString()])]),
      ...(this.sheets ? { sheets: this.sheets.map((l) => [l.rows, { ...l.byStatus }, l.sums.map((d) => d.toString())] as [number, Record<RowStatus, number>, string[]]) } : {}),
    };
  }

  /** Add another builder's rows (order does not matter: counts and exact decimal sums). */
  merge(s: SummaryState): void {
    this.rows += s.rows; // int
    for (const k of ['ok', 'warning', 'error'] as const) this.byStatus[k] += s.byStatus[k]; // int
    for (const [cat, rows, totals] of s.categories) {
      let c = this.cats.get(cat);
      if (!c) {
        c = { rows: 0, sums: this.moneyKeys.map(() => ZERO) };
        this.cats.set(cat, c);
      }
      c.rows += rows; // int
      for (const [k, v] of totals) {
        const i = this.moneyKeys.indexOf(k);
        c.sums[i] = c.sums[i]!.plus(D(v));
      }
    }
    s.sheets?.forEach(([rows, byStatus, sums], k) => {
      const line = this.sheets?.[k];
      if (!line) return;
      line.rows += rows; // int
      for (const st of ['ok', 'warning', 'error'] as const) line.byStatus[st] += byStatus[st]; // int
      sums.forEach((v, i) => (line.sums[i] = line.sums[i]!.plus(D(v))));
    });
  }

  result(): Summary {
    const catKey = this.catKey;
    this.moneyKeys.forEach((key, i) => {
      let t = ZERO;
      for (const c of this.cats.values()) t = t.plus(c.sums[i]!);
      this.totals[key] = t;
    });
    const totalsOf = (sums: Decimal[]) => Object.fromEntries(this.moneyKeys.map((k, i) => [k, sums[i]!]));
    return {
      rows: this.rows,
      byStatus: { ...this.byStatus },
      totals: { ...this.totals },
      byCategory: catKey ? [...this.cats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([category, c]) => ({ category, rows: c.rows, totals: totalsOf(c.sums) })) : [],
      categoryColumn: catKey ? this.kind.inputs.find((c) => c.key === catKey) : undefined,
      skipped: 0,
      // Names and skipped rows per sheet are the reader's: the pipeline fills them in.
      ...(this.sheets ? { sheets: this.sheets.map((l) => ({ sheet: '', rows: l.rows, byStatus: { ...l.byStatus }, skipped: 0, totals: totalsOf(l.sums) })) } : {}),
    };
  }
}

export function summarize(kind: KindDef, outcomes: readonly RowOutcome[]): Summary {
  const b = new SummaryBuilder(kind);
  for (const o of outcomes) b.add(o);
  return b.result();
}
