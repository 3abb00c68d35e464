/**
 * Column tables: one per kind, the single source of truth for the reader (headers, aliases),
 * validation (zod, built from the table), templates, JSON/CSV keys and the OpenAPI document.
 * The Chinese header and English key of a column are an API (WORKBOOKS.md): never rename one
 * without keeping the old name as an alias.
 */
export type KindId =
  | 'contributions'
  | 'settlements'
  | 'resident-contributions'
  | 'retirement-supplement'
  | 'maternity-allowance'
  | 'account-refund';

export const KIND_IDS: readonly KindId[] = [
  'contributions',
  'settlements',
  'resident-contributions',
  'retirement-supplement',
  'maternity-allowance',
  'account-refund',
];

export type ColumnType =
  | 'text' // free text
  | 'id' // 身份证号 (GB 11643)
  | 'money' // decimal amount in yuan, ≥ 0
  | 'decimal' // other decimal
  | 'int' // whole number ≥ 0
  | 'date' // ISO date
  | 'month' // YYYY-MM
  | 'enum' // one of `options`
  | 'list'; // several of `options` (or free values) separated by 、,，;；

export interface EnumOption {
  /** Canonical Chinese value. */
  value: string;
  /** English code accepted from JSON callers. */
  code?: string;
  /** Other spellings mapped to this value. */
  aliases?: readonly string[];
}

export interface ColumnDef {
  /** Fixed camelCase English key (JSON, CSV headers=en, /api/calc query names). */
  key: string;
  /** Chinese header as in WORKBOOKS.md. */
  zh: string;
  aliases?: readonly string[];
  type: ColumnType;
  options?: readonly EnumOption[];
  /** Required on every row. Conditional requirements are checked by the kind's cross-field rules. */
  required?: boolean;
  /** Written back only: no rule reads it (姓名). An unknown header resembling it is no dropped rule input. */
  echoOnly?: boolean;
  /**
   * Names the row and is read by no rule (结算号, 姓名): a workbook keeps it, but GET /api/calc computes one
   * hypothetical row without it.
   */
  identityOnly?: boolean;
  /**
   * Says who the person is (身份证号, 姓名) or is read off the 身份证号 (性别, 出生日期): never part of anything
   * stored (the ledger's fingerprints leave it out: a birth date's short digest could be reversed by trying
   * the ~73,000 dates of a lifetime).
   */
  personal?: boolean;
  /**
   * Describes the year before this batch (既往住院次数, 既往统筹支付, 既往大病累计): it seeds the year-to-date
   * figures, so it is not part of the row itself (the ledger leaves it out of fingerprints).
   */
  prior?: boolean;
  /** Input help shown as a template comment. */
  help: string;
  /** Example value for the template. */
  example?: string | number;
  /** Number format for result columns in xlsx. */
  numFmt?: string;
  /**
   * A year-to-date figure (年度累计统筹支付), a running figure rather than the row's own amount: summing it
   * over rows counts earlier rows again, so 汇总 leaves it out of every total and no totals-row SUM copies it.
   */
  cumulative?: boolean;
}

export interface KindDef {
  id: KindId;
  zh: string;
  inputs: readonly ColumnDef[];
  /** Result columns, in output order; `status`, `messages` and `basis` are appended by the engine. */
  results: readonly ColumnDef[];
}

/** Result columns every kind ends with. */
export const COMMON_RESULT_COLUMNS: readonly ColumnDef[] = [
  { key: 'status', zh: '状态', type: 'text', help: '成功 / 警告 / 错误' },
  { key: 'messages', zh: '提示', type: 'text', help: '警告与错误的原因' },
  { key: 'basis', zh: '计算依据', type: 'text', help: '计算过程与条款' },
];

export type RowStatus = 'ok' | 'warning' | 'error';
export const STATUS_ZH: Record<RowStatus, string> = { ok: '成功', warning: '警告', error: '错误' };
/** The 状态 of a totals or footer row the reader leaves uncomputed (and its count in 汇总 and the CLI's summary). */
export const SKIPPED_ZH = '跳过';
