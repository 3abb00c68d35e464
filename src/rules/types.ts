import type { Accumulators } from '../engine/accumulators.js';
import type { KindId } from '../kinds/types.js';
import type { RowIssue, TypedRow } from '../kinds/validate.js';
import type { Decimal } from '../money.js';
import type { Convention } from './conventions.js';
import type { ColumnNeed } from './needs.js';
import type { ParamDef, ParamReader, ParamSource } from './params.js';
import type { Trace } from './trace.js';

export type PolicyId = 'dongying-2018' | 'xining-2024';

/** One computable rule of a policy text, for the rule index (docs/rules.md, GET /api/policies). */
export interface RuleDef {
  /** Stable id, as in rules-catalog.md (e.g. `xining.employee.inpatient.deductible`). */
  id: string;
  title: string;
  source: ParamSource;
  /** Parameter ids the rule reads. */
  params: readonly string[];
  kinds: readonly KindId[];
}

export type ResultValue = Decimal | number | string | null | undefined;
export type ResultValues = Record<string, ResultValue>;

/** An inpatient stay of the row's person seen anywhere in the batch (for "住院期间" rules). */
export interface Stay {
  from: string;
  to: string;
  settlementId?: string;
}

export interface RowContext {
  row: TypedRow;
  /** Inpatient stays of the same person in this batch (whatever their sheet or settlement order). */
  stays?: readonly Stay[];
  /** ISO date the row is computed at (parameters in force then). */
  date: string;
  params: ParamReader;
  /** Year-to-date accumulators of the row's person and year (a fork; committed when the row succeeds). */
  acc: Accumulators;
  trace: Trace;
}

export interface KindRules {
  /** Compute the row's result columns. Throws MissingParameterError or RowError for row errors. */
  compute(ctx: RowContext): ResultValues;
  /** Seed a person-year's accumulators from the row's `既往…` columns, the first time the person-year is seen. */
  seed?(row: TypedRow, acc: Accumulators): void;
  /**
   * Columns these rules read on some rows only (needs.ts): each is required on exactly those rows. What
   * every rule reads on every row is `required` in the column table.
   */
  needs?: readonly ColumnNeed[];
  /** Rows these rules pay nothing on whatever else they hold (an exclusion, a suspended benefit): no need applies. */
  paysNothing?(row: TypedRow): boolean;
  /** Policy-specific validation beyond the column table and the needs (cross-field checks). */
  check?(row: TypedRow): RowIssue[];
  /** What the year-to-date ledger needs to know of these rules (LEDGER.md). */
  ledger?: LedgerHooks;
}

/** The rules' side of the ledger: which accumulators mean what, for the rows that meet it. */
export interface LedgerHooks {
  /** Per 既往… column the row carries, the value the year-to-date state `acc` implies (compared with the ledger). */
  priorValues?(row: TypedRow, acc: Accumulators): Record<string, Decimal>;
  /** The result cells that report year-to-date state (本年住院次数, 年度累计统筹支付), for a 冲销 row. */
  ytdResults?(row: TypedRow, acc: Accumulators): ResultValues;
  /** Accumulators that describe the latest stay rather than sum the year: a 冲销 puts them back only when no later row changed them. */
  latestStayKeys?: readonly string[];
  /** Outpatient-type visits during a stay get nothing (`ref`: the article): a stay arriving later names the committed ones, to recover. */
  outpatientDuringStay?: { ref(row: TypedRow): string };
  /** Contributions: the once-a-year premium (result column `result`, parameter `param` for its article) charged on the month with 年度首次缴费=是. */
  firstOfYearPremium?: { result: string; param: string };
  /** How a clerk reads one of these rules' year-to-date accumulators (`yibao ledger show`); undefined: not theirs. */
  accumulator?(name: string): AccumulatorLabel | undefined;
}

/** A year-to-date accumulator as people read it: a Chinese label, what its value counts, the parameters it is held against. */
export interface AccumulatorLabel {
  zh: string;
  /** yuan: an amount; count: admissions, rows; flag: 1 yes, 0 no. */
  unit: 'yuan' | 'count' | 'flag';
  /** The caps, thresholds or deductibles it serves: their articles are cited with the label. */
  params: readonly string[];
}

export interface RuleSet {
  id: PolicyId;
  name: string;
  /** The city, as a clerk names the policy in a sentence (东营, 西宁). */
  city: string;
  /** The policy's title as users cite it (shown in 计算依据 and GET /api/policies). */
  title: string;
  /** The policy text's file under `policy/` in the repository: for docs and tests, never shown to users. */
  textFile: string;
  /** In force (RULES.md §General 11); rows outside get 警告 超出政策有效期. */
  period: { from: string; to?: string };
  params: readonly ParamDef[];
  rules: readonly RuleDef[];
  /** Every convention its rules or parameters rest on (按本系统约定), by id. */
  conventions: readonly Convention[];
  kinds: Partial<Record<KindId, KindRules>>;
}

/** A row that cannot be computed for a reason the user must fix (the message names column and value). */
export class RowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowError';
  }
}

/** One kind's rules in one rule set: its parameters, its rule index entries and its formulas. */
export interface RuleModule {
  kind: KindId;
  params: readonly ParamDef[];
  rules: readonly RuleDef[];
  /** The conventions this kind's rules rest on (those of its parameters are gathered from them). */
  conventions?: readonly Convention[];
  kindRules: KindRules;
}

/** Parameters, rule entries and conventions shared by several kinds of one rule set (e.g. the average wage). */
export interface SharedModule {
  params: readonly ParamDef[];
  rules: readonly RuleDef[];
  conventions?: readonly Convention[];
}

/** Assemble a rule set from its modules (each parameter, rule and convention defined once, in its module). */
export function assembleRuleSet(base: Omit<RuleSet, 'params' | 'rules' | 'conventions' | 'kinds'>, shared: SharedModule, modules: readonly RuleModule[]): RuleSet {
  const kinds: Partial<Record<KindId, KindRules>> = {};
  for (const m of modules) kinds[m.kind] = m.kindRules;
  const params = [...shared.params, ...modules.flatMap((m) => m.params)];
  const conventions = new Map<string, Convention>();
  for (const c of [...(shared.conventions ?? []), ...modules.flatMap((m) => m.conventions ?? []), ...params.flatMap((p) => (p.convention ? [p.convention] : []))]) {
    const seen = conventions.get(c.id);
    if (seen && seen !== c) throw new Error(`convention id ${c.id} names two conventions`);
    conventions.set(c.id, c);
  }
  return {
    ...base,
    params,
    rules: [...shared.rules, ...modules.flatMap((m) => m.rules)],
    conventions: [...conventions.values()].sort((a, b) => conventionOrder(a.id, b.id)),
    kinds,
  };
}

/** G1, G2 … DY1 … XN1, XN2 … XN10: by prefix, then number. */
export function conventionOrder(a: string, b: string): number {
  const [pa = '', na = '0'] = /^([A-Z]+)(\d+)$/.exec(a)?.slice(1) ?? [a, '0'];
  const [pb = '', nb = '0'] = /^([A-Z]+)(\d+)$/.exec(b)?.slice(1) ?? [b, '0'];
  const rank = (p: string) => (p === 'G' ? 0 : 1);
  return rank(pa) - rank(pb) || (pa < pb ? -1 : pa > pb ? 1 : Number(na) - Number(nb)); // int
}

/** A kind this rule set does not compute (yet): every row errors with a clear message. */
export function unsupportedKind(kind: KindId, why: string): RuleModule {
  return {
    kind,
    params: [],
    rules: [],
    kindRules: {
      compute() {
        throw new RowError(why);
      },
    },
  };
}
