/**
 * Parameters as data (after OpenFisca): each has an id, a unit, its legal source and dated values.
 * A parameter lives in exactly one place (its rule set's parameters file); formulas read it by id
 * through a ParamReader, which records what was used for the 计算依据 sheet.
 */
import { D, type Decimal, fmtPct, fmtPlain, toHalfWidth } from '../money.js';
import type { Convention } from './conventions.js';

export type ParamUnit = 'yuan' | 'rate' | 'months' | 'days' | 'count' | 'decimal';

export interface ParamSource {
  /** Article or handbook section, e.g. `第三十条` or `二(二)4(1)`. */
  ref: string;
  /** A short verbatim quote from the text (≤ 60 chars), or the RULES.md decision it rests on. */
  quote: string;
}

export interface DatedValue {
  /** ISO date the value starts to apply (inclusive). */
  from: string;
  /** ISO date the value stops applying (inclusive); open-ended when absent. */
  to?: string;
  /** Decimal text; rates as fractions ("0.8" = 80%). */
  value: string;
}

export interface ParamDef {
  id: string;
  /** Chinese label shown in 计算依据 and templates. */
  label: string;
  unit: ParamUnit;
  source: ParamSource;
  /** Dated values. Empty for a parameter the text does not give (must be supplied: RULES.md §General 10). */
  values: DatedValue[];
  /** The convention the value rests on, when it is not the policy text's own ("按本系统约定", conventions.ts). */
  convention?: Convention;
  note?: string;
}

/** A row cannot be computed because a parameter the text does not give was not supplied. */
export class MissingParameterError extends Error {
  constructor(
    readonly paramId: string,
    readonly label: string,
    readonly date: string,
  ) {
    super(
      `缺少参数「${paramId}」(${label})：政策文本未给出${date ? `适用于${date}的` : ''}取值，请在「参数」表或请求中设置 / ` +
        `missing parameter ${paramId}: the policy text gives no value${date ? ` for ${date}` : ''}; set it in the 参数 sheet or the request`,
    );
    this.name = 'MissingParameterError';
  }
}

/** The date a row is computed at when it carries none (no date column filled, no 年度 in the 参数 sheet). */
export const UNDATED = '';

/**
 * A row without a date reached something that depends on the date: a parameter with more than one dated
 * value (or one that starts after the policy does), or the date itself. The engine turns it into the row's
 * error, naming the date columns of the kind. A row whose rules read nothing dated computes without one.
 */
export class DateNeededError extends Error {
  constructor(readonly what: string) {
    super(`the row has no date and ${what} depends on it`);
    this.name = 'DateNeededError';
  }
}

export class UnknownParameterError extends Error {
  constructor(readonly paramId: string) {
    super(`未知参数「${paramId}」 / unknown parameter ${paramId}`);
    this.name = 'UnknownParameterError';
  }
}

export function formatParamValue(def: Pick<ParamDef, 'unit'>, v: Decimal): string {
  switch (def.unit) {
    case 'rate':
      return fmtPct(v);
    case 'yuan':
      return `${fmtPlain(v)}元`;
    case 'months':
      return `${fmtPlain(v)}月`;
    case 'days':
      return `${fmtPlain(v)}天`;
    case 'count':
      return `${fmtPlain(v)}次`;
    default:
      return fmtPlain(v);
  }
}

/** At most this many significant digits (Excel's own precision) and decimals in a parameter value. */
const MAX_DIGITS = 15;
const MAX_DECIMALS = 6;
/** Amounts (yuan) below 10^12; points, ages and orders (decimal) within ±1,000. */
const MAX_YUAN = D('1e12');
const MAX_DECIMAL = D(1000);

/**
 * A parameter value outside what its unit allows. The message says what is wrong and how to write it,
 * without the value: the caller names where it came from (a cell of the 参数 sheet, `param.<id>`, `--param`).
 */
export class ParamValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamValueError';
  }
}

/**
 * Parse an override as a user writes it in the 参数 sheet, a query (`param.<id>=`) or `--param <id>=`, the
 * same bounds on every door (docs/guard.md, "Parameter overrides"):
 *  - yuan: an amount from 0 up to 10^12 (`6500`, `6,500`, `6500元`);
 *  - rate: a fraction from 0 to 1 (`0.8`) or a percentage with its sign (`80%`). A bare number above 1 is
 *    refused, not guessed (`1.5` and `150` were once read as 1.5% and 150%). A rate the policy itself sets
 *    above 1 (the contribution-base ceiling, 3 = 300%) may go up to that;
 *  - months, days, count: whole numbers from 0;
 *  - decimal (percentage points, ages, orders): from −1,000 to 1,000;
 *  - every value: at most 15 significant digits and 6 decimals.
 * Throws ParamValueError.
 */
export function parseParamValue(def: Pick<ParamDef, 'unit' | 'values'>, raw: string | number): Decimal {
  const text = toHalfWidth(String(raw)).trim().replace(/[,，\s]/g, '').replace(/元$/, '');
  const pct = text.endsWith('%');
  const body = pct ? text.slice(0, -1) : text;
  if (!/^[-+]?\d+(\.\d+)?$/.test(body)) throw new ParamValueError('不是数字 / is not a number');
  const [int = '', frac = ''] = body.replace(/^[-+]/, '').split('.');
  const digits = int.replace(/^0+(?=\d)/, '').length + frac.length; // int: a count of digits
  if (digits > MAX_DIGITS || frac.length > MAX_DECIMALS) {
    throw new ParamValueError(`位数过多（最多 ${MAX_DIGITS} 位有效数字、${MAX_DECIMALS} 位小数） / has too many digits (at most ${MAX_DIGITS} significant digits, ${MAX_DECIMALS} decimals)`);
  }
  let v = D(body);
  if (pct) {
    if (def.unit !== 'rate') throw new ParamValueError('不是比例参数，不能写百分号 / is not a rate: write it without %');
    v = v.dividedBy(100);
  }
  switch (def.unit) {
    case 'rate': {
      const most = def.values.reduce((m, x) => (D(x.value).greaterThan(m) ? D(x.value) : m), D(1));
      if (!pct && v.greaterThan(1) && most.equals(1)) throw new ParamValueError('应为 0 到 1 的小数（如 0.8）或带百分号（如 80%） / must be a fraction from 0 to 1 (0.8) or a percentage with its sign (80%)');
      if (v.isNegative() || v.greaterThan(most)) throw new ParamValueError(`应在 0 到 ${fmtPct(most)} 之间 / must be between 0 and ${fmtPct(most)}`);
      return v;
    }
    case 'yuan':
      if (v.isNegative() || v.greaterThanOrEqualTo(MAX_YUAN)) throw new ParamValueError('应为 0 到 1 万亿之间的金额 / must be an amount from 0 up to 10^12');
      return v;
    case 'months':
    case 'days':
    case 'count':
      if (!v.isInteger() || v.isNegative()) throw new ParamValueError('应为不小于 0 的整数 / must be a whole number from 0');
      return v;
    case 'decimal':
      if (v.abs().greaterThan(MAX_DECIMAL)) throw new ParamValueError('应在 -1000 到 1000 之间 / must be between -1000 and 1000');
      return v;
  }
}

export interface UsedParam {
  def: ParamDef;
  value: Decimal;
  overridden: boolean;
  /** The dated value's period that applied, e.g. `2024-01-01..` */
  period: string;
}

/**
 * What one row used so far, as a path in a trie shared by the rows of a table: rows take the same few paths
 * (visit type × level × status), so each path's `used` map is built once instead of a new Map per row.
 * Keyed by UsedParam (one per parameter and dated value, so it also names the id); a parameter used again
 * stays on its node.
 */
class UsageNode {
  private readonly next = new Map<UsedParam, UsageNode>();

  constructor(readonly used: ReadonlyMap<string, UsedParam>) {}

  then(id: string, u: UsedParam): UsageNode {
    let n = this.next.get(u);
    if (n === undefined) {
      if (this.used.get(id) === u) n = this;
      else {
        const m = new Map(this.used);
        m.set(id, u);
        n = new UsageNode(m);
      }
      this.next.set(u, n);
    }
    return n;
  }
}

/** The parameter table of one rule set plus request/workbook overrides. */
export class ParamTable {
  private readonly byId = new Map<string, ParamDef>();
  private readonly resolved = new Map<object, UsedParam>();
  /** Per date, what resolve gave for each id: a row reads ~15 parameters, each row of a large batch. */
  private readonly byDate = new Map<string, Map<string, UsedParam>>();
  /** The root of the rows' usage paths (see UsageNode). */
  readonly usage = new UsageNode(new Map());

  constructor(
    defs: readonly ParamDef[],
    private readonly overrides: ReadonlyMap<string, Decimal> = new Map(),
    /** The rule set's start: a single open-ended value from then on does not depend on a row's date. */
    private readonly start?: string,
  ) {
    for (const d of defs) {
      if (this.byId.has(d.id)) throw new Error(`duplicate parameter id ${d.id}`);
      this.byId.set(d.id, d);
    }
    for (const id of overrides.keys()) if (!this.byId.has(id)) throw new UnknownParameterError(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  def(id: string): ParamDef {
    const d = this.byId.get(id);
    if (!d) throw new UnknownParameterError(id);
    return d;
  }

  all(): ParamDef[] {
    return [...this.byId.values()];
  }

  withOverrides(overrides: ReadonlyMap<string, Decimal>): ParamTable {
    const merged = new Map(this.overrides);
    for (const [k, v] of overrides) merged.set(k, v);
    return new ParamTable(this.all(), merged, this.start);
  }

  /** Value in force on `date` (ISO). Throws MissingParameterError when the texts give none. */
  resolve(id: string, date: string): UsedParam {
    const def = this.def(id);
    const o = this.overrides.get(id);
    if (o) {
      let u = this.resolved.get(def);
      if (!u) {
        u = { def, value: o, overridden: true, period: '请求/参数表覆盖' };
        this.resolved.set(def, u);
      }
      return u;
    }
    const hit = date === UNDATED ? this.undatedValue(def) : def.values.find((v) => v.from <= date && (v.to === undefined || date <= v.to));
    if (!hit) throw new MissingParameterError(id, def.label, date);
    // One UsedParam per dated value: resolve runs for every parameter of every row of a large batch,
    // and the value is a constant (Decimal is immutable), so it is parsed once.
    let u = this.resolved.get(hit);
    if (!u) {
      u = { def, value: D(hit.value), overridden: false, period: `${hit.from}..${hit.to ?? ''}` };
      this.resolved.set(hit, u);
    }
    return u;
  }

  /** The value of a parameter for a row without a date: the only one, when it holds over the whole rule set. */
  private undatedValue(def: ParamDef): DatedValue | undefined {
    if (def.values.length === 0) return undefined;
    const [v] = def.values;
    if (def.values.length > 1 || v!.to !== undefined || this.start === undefined || v!.from > this.start) throw new DateNeededError(`参数「${def.id}」(${def.label})`);
    return v;
  }

  /**
   * The memo of `resolve` at one date (id → UsedParam). The table never changes (overrides make a new
   * table), so what a parameter resolves to at a date is a constant; missing parameters are not memoized.
   */
  memoAt(date: string): Map<string, UsedParam> {
    let m = this.byDate.get(date);
    if (!m) {
      m = new Map();
      this.byDate.set(date, m);
    }
    return m;
  }
}

/** Reads parameters for one row at one date and records every use (for trace and the 计算依据 sheet). */
export class ParamReader {
  private memo: Map<string, UsedParam> | undefined;
  private usage: UsageNode;

  constructor(
    private readonly table: ParamTable,
    readonly date: string,
  ) {
    this.usage = table.usage;
  }

  /** Every parameter read so far (id → what it resolved to), in first-use order. Shared between rows: read only. */
  get used(): ReadonlyMap<string, UsedParam> {
    return this.usage.used;
  }

  get(id: string): Decimal {
    return this.use(id).value;
  }

  /** The UsedParam of `id` at the row's date, recorded as used. */
  private use(id: string): UsedParam {
    const memo = (this.memo ??= this.table.memoAt(this.date));
    let u = memo.get(id);
    if (u === undefined) {
      u = this.table.resolve(id, this.date);
      memo.set(id, u);
    }
    this.usage = this.usage.then(id, u);
    return u;
  }

  /** Like get, but at another date (e.g. the coverage year of a resident contribution). */
  at(id: string, date: string): Decimal {
    const u = this.table.resolve(id, date);
    this.usage = this.usage.then(id, u);
    return u.value;
  }

  /** The short reference used in traces: `二(二)4(1)`. */
  ref(id: string): string {
    return (this.memo?.get(id)?.def ?? this.table.def(id)).source.ref;
  }

  /** The convention a parameter's value rests on, if any. */
  conventionOf(id: string): Convention | undefined {
    return this.table.def(id).convention;
  }
}
