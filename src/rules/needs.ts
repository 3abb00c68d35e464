/**
 * Which columns a row needs, declared by the rules that read them (issue: a column is required for a row only
 * when a rule that row runs reads it). The column table marks what every rule of every policy reads
 * (`required`); each rule set's kind rules add `needs`: columns read only on some rows (人员类别 在职 →
 * 缴费工资 in Xining), each with the rule that reads it. The row check, the template's header comments and
 * GET /api/policies are all derived from these declarations, so they cannot disagree.
 *
 * A need that depends on what a row computes to (a shortfall, a month count) is declared with `computed`
 * (the condition in words): the rule itself raises the RowError naming the column, the declaration makes
 * it known to the template and the API like every other.
 */
import type { ColumnDef, KindDef } from '../kinds/types.js';
import type { RowIssue, TypedRow } from '../kinds/validate.js';

export interface ColumnNeed {
  /** The column keys: one of them must hold a value (usually one). */
  columns: readonly string[];
  /** The rows that need it: each listed column holds one of the listed values, null for blank (absent: every row). */
  when?: Readonly<Record<string, readonly (string | null)[]>>;
  /** A further condition on what the row computes to, checked by the rule that reads the column (in words). */
  computed?: string;
  /** What reads it: the rule and its article (shown in messages, template comments and GET /api/policies). */
  because: string;
}

export function need(columns: string | readonly string[], when: ColumnNeed['when'], because: string, computed?: string): ColumnNeed {
  return { columns: typeof columns === 'string' ? [columns] : columns, ...(when ? { when } : {}), because, ...(computed ? { computed } : {}) };
}

function col(kind: KindDef, key: string): ColumnDef {
  const c = kind.inputs.find((x) => x.key === key);
  if (!c) throw new Error(`${kind.id} has no column ${key}`);
  return c;
}

/** A need in words: `人员类别为「在职」或「失业」时` and `「缴费工资」` (Chinese), with their English. */
export function describeNeed(kind: KindDef, n: ColumnNeed): { columns: string; when: string; columnsEn: string; whenEn: string } {
  const when = Object.entries(n.when ?? {});
  const zh = when.map(([k, vs]) => `${col(kind, k).zh}为${vs.map((v) => (v === null ? '空' : `「${v}」`)).join('或')}`);
  const en = when.map(([k, vs]) => `${col(kind, k).zh} is ${vs.map((v) => v ?? 'blank').join(' or ')}`);
  if (n.computed) {
    zh.push(n.computed);
    en.push(n.computed);
  }
  return {
    columns: n.columns.map((k) => `「${col(kind, k).zh}」`).join('或'),
    columnsEn: n.columns.map((k) => col(kind, k).zh).join(' or '),
    when: zh.join('、'),
    whenEn: en.join(' and '),
  };
}

/** The message of an unmet need: what is missing, on which rows, and why. */
export function needMessage(kind: KindDef, n: ColumnNeed): string {
  const d = describeNeed(kind, n);
  return d.when
    ? `${d.when}时${d.columns}必填（${n.because}） / ${d.columnsEn} is required when ${d.whenEn}`
    : `${d.columns}必填（${n.because}） / ${d.columnsEn} is required`;
}

interface CompiledNeed {
  columns: readonly string[];
  /** Condition columns and, per column, the values that make the row need it (null: blank). */
  whenKeys: readonly string[];
  whenValues: readonly (readonly (string | null)[])[];
  message: string;
}

/** A kind's needs compiled for the row check (it runs for every row): conditions as arrays, messages made once. */
export class NeedCheck {
  private readonly compiled: CompiledNeed[];

  constructor(
    kind: KindDef,
    needs: readonly ColumnNeed[],
    /** Rows no rule computes anything on (KindRules.paysNothing): they need nothing beyond the column table. */
    private readonly paysNothing?: (row: TypedRow) => boolean,
  ) {
    // A `computed` need is the rule's to check: what the row computes to is not known here.
    this.compiled = needs
      .filter((n) => !n.computed)
      .map((n) => ({ columns: n.columns, whenKeys: Object.keys(n.when ?? {}), whenValues: Object.values(n.when ?? {}), message: needMessage(kind, n) }));
  }

  /**
   * The issues of a row's unmet needs (none when every need is met). A column that already has an issue (a
   * value that did not parse) is not reported again.
   */
  issues(row: TypedRow, known: readonly RowIssue[]): RowIssue[] | undefined {
    let out: RowIssue[] | undefined;
    if (this.paysNothing?.(row)) return undefined;
    // Plain loops, no closures: most rows meet every need at the first condition or the first column.
    next: for (const n of this.compiled) {
      for (let i = 0; i < n.whenKeys.length; i++) { // int
        if (!n.whenValues[i]!.includes((row[n.whenKeys[i]!] as string | undefined) ?? null)) continue next;
      }
      for (const k of n.columns) if (row[k] !== undefined) continue next;
      if (known.some((i) => i.column !== undefined && n.columns.includes(i.column))) continue;
      (out ??= []).push({ column: n.columns[0], severity: 'error', message: n.message });
    }
    return out;
  }
}
