import { type ColumnDef, type KindDef, type RowStatus } from '../kinds/types.js';
import { type Decimal, ZERO, isDecimal } from '../money.js';
import type { RowOutcome } from './run.js';

export interface Summary {
  rows: number;
  byStatus: Record<RowStatus, number>;
  /** Totals of every money result column over rows that computed. */
  totals: Record<string, Decimal>;
  /** Per category (settlements: 就诊类型; contributions: 人员类别), row count and totals. */
  byCategory: { category: string; rows: number; totals: Record<string, Decimal> }[];
  categoryColumn?: ColumnDef;
}

const CATEGORY_KEY: Partial<Record<string, string>> = {
  settlements: 'visitType',
  contributions: 'category',
  'resident-contributions': 'subsidyCategory',
  'retirement-supplement': 'insuredAs',
  'account-refund': 'category',
};

export function summarize(kind: KindDef, outcomes: readonly RowOutcome[]): Summary {
  const moneyCols = kind.results.filter((c) => c.type === 'money');
  const totals: Record<string, Decimal> = Object.fromEntries(moneyCols.map((c) => [c.key, ZERO]));
  const byStatus: Record<RowStatus, number> = { ok: 0, warning: 0, error: 0 };
  const catKey = CATEGORY_KEY[kind.id];
  const cats = new Map<string, { rows: number; totals: Record<string, Decimal> }>();
  for (const o of outcomes) {
    byStatus[o.status] += 1; // int
    if (o.status === 'error') continue;
    const cat = catKey ? String(o.row[catKey] ?? '（未填）') : '';
    let c = cats.get(cat);
    if (!c) {
      c = { rows: 0, totals: Object.fromEntries(moneyCols.map((col) => [col.key, ZERO])) };
      cats.set(cat, c);
    }
    c.rows += 1; // int
    for (const col of moneyCols) {
      const v = o.results[col.key];
      if (isDecimal(v)) {
        totals[col.key] = totals[col.key]!.plus(v);
        c.totals[col.key] = c.totals[col.key]!.plus(v);
      }
    }
  }
  return {
    rows: outcomes.length,
    byStatus,
    totals,
    byCategory: catKey ? [...cats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([category, c]) => ({ category, ...c })) : [],
    categoryColumn: catKey ? kind.inputs.find((c) => c.key === catKey) : undefined,
  };
}
