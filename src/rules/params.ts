/**
 * Parameters as data (after OpenFisca): each has an id, a unit, its legal source and dated values.
 * A parameter lives in exactly one place (its rule set's parameters file); formulas read it by id
 * through a ParamReader, which records what was used for the 计算依据 sheet.
 */
import { D, type Decimal, fmtPct, fmtPlain } from '../money.js';
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

/**
 * Parse an override as a user writes it in the 参数 sheet or a query string.
 * Rates accept `80%`, `0.8` or `80` (a bare number above 1 is read as percent).
 */
export function parseParamValue(def: Pick<ParamDef, 'unit' | 'id'>, raw: string | number): Decimal {
  const text = String(raw).trim().replace(/[,，\s]/g, '').replace(/元$/, '');
  const pct = text.endsWith('%') || text.endsWith('％');
  const body = pct ? text.slice(0, -1) : text;
  if (!/^[-+]?\d+(\.\d+)?$/.test(body)) {
    throw new Error(`参数「${def.id}」的值「${String(raw)}」不是数字 / parameter ${def.id}: value '${String(raw)}' is not a number`);
  }
  let v = D(body);
  if (def.unit === 'rate' && (pct || v.greaterThan(1))) v = v.dividedBy(100);
  return v;
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
