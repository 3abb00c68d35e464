import type { Accumulators } from '../engine/accumulators.js';
import type { KindId } from '../kinds/types.js';
import type { RowIssue, TypedRow } from '../kinds/validate.js';
import type { Decimal } from '../money.js';
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
  /** Policy-specific validation beyond the column table (required-when rules and the like). */
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
  /** The policy text under ../shared/policy/. */
  document: string;
  /** In force (RULES.md §General 11); rows outside get 警告 超出政策有效期. */
  period: { from: string; to?: string };
  params: readonly ParamDef[];
  rules: readonly RuleDef[];
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
  kindRules: KindRules;
}

/** Parameters and rule entries shared by several kinds of one rule set (e.g. the average wage). */
export interface SharedModule {
  params: readonly ParamDef[];
  rules: readonly RuleDef[];
}

/** Assemble a rule set from its modules (each parameter and rule defined once, in its module). */
export function assembleRuleSet(base: Omit<RuleSet, 'params' | 'rules' | 'kinds'>, shared: SharedModule, modules: readonly RuleModule[]): RuleSet {
  const kinds: Partial<Record<KindId, KindRules>> = {};
  for (const m of modules) kinds[m.kind] = m.kindRules;
  return {
    ...base,
    params: [...shared.params, ...modules.flatMap((m) => m.params)],
    rules: [...shared.rules, ...modules.flatMap((m) => m.rules)],
    kinds,
  };
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
