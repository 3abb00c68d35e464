/**
 * Cross-field checks that hold for every policy (policy-specific ones live in each rule set's `check`).
 * They also complete the row: birth date and sex come from the 身份证号 when their columns are empty.
 */
import type { Decimal } from '../money.js';
import { ZERO } from '../money.js';
import { parseIdNumber } from './idcard.js';
import type { KindId } from './types.js';
import type { RowIssue, TypedRow } from './validate.js';

const err = (column: string | undefined, message: string): RowIssue => ({ column, message, severity: 'error' });
const warn = (column: string | undefined, message: string): RowIssue => ({ column, message, severity: 'warning' });

function money(row: TypedRow, key: string): Decimal {
  return (row[key] as Decimal | undefined) ?? ZERO;
}

/** Fill 出生日期/性别 from the ID; a conflicting given value is a warning (WORKBOOKS.md). */
export function completeFromId(row: TypedRow, hasSex: boolean, hasBirth: boolean): RowIssue[] {
  const id = row['idNumber'];
  if (typeof id !== 'string') return [];
  const r = parseIdNumber(id);
  if (!r.ok) return [];
  const issues: RowIssue[] = [];
  if (hasBirth) {
    if (row['birthDate'] === undefined) row['birthDate'] = r.info.birthDate;
    else if (row['birthDate'] !== r.info.birthDate) issues.push(warn('birthDate', `列「出生日期」的值「${String(row['birthDate'])}」与身份证号不一致，按填写值计算 / 出生日期 differs from the ID number`));
  } else row['birthDate'] = r.info.birthDate;
  if (hasSex) {
    if (row['sex'] === undefined) row['sex'] = r.info.sex;
    else if (row['sex'] !== r.info.sex) issues.push(warn('sex', `列「性别」的值「${String(row['sex'])}」与身份证号不一致，按填写值计算 / 性别 differs from the ID number`));
  } else row['sex'] = r.info.sex;
  return issues;
}

export function checkRow(kind: KindId, row: TypedRow): RowIssue[] {
  switch (kind) {
    case 'settlements':
      return checkSettlement(row);
    case 'contributions':
      return [...completeFromId(row, true, true), ...checkContribution(row)];
    case 'retirement-supplement':
      return completeFromId(row, true, false);
    case 'resident-contributions':
      return completeFromId(row, false, true);
    default:
      return completeFromId(row, false, false);
  }
}

/** Values people type in 不予支付情形 to say "none": the column then counts as empty (RULES.md General 14 needs a real case). */
const NO_EXCLUSION = /^(无|否|没有|不适用|-+|—+|\/|n\/?a|none|no)$/i;

function checkSettlement(row: TypedRow): RowIssue[] {
  const issues = completeFromId(row, false, false);
  if (typeof row['exclusion'] === 'string' && NO_EXCLUSION.test(row['exclusion'].trim())) row['exclusion'] = undefined;
  const total = row['totalCost'] as Decimal | undefined;
  if (total) {
    const x = money(row, 'fullySelfPaid');
    const pb = money(row, 'classBSelfPay');
    if (x.plus(pb).greaterThan(total)) {
      issues.push(err('fullySelfPaid', `全自费金额 + 乙类自付金额 = ${x.plus(pb).toString()} 大于医疗总费用 ${total.toString()} / fullySelfPaid + classBSelfPay exceed totalCost`));
    }
    const b = row['classBCost'] as Decimal | undefined;
    if (b && x.plus(b).greaterThan(total)) {
      issues.push(err('classBCost', `全自费金额 + 乙类费用 = ${x.plus(b).toString()} 大于医疗总费用 ${total.toString()} / fullySelfPaid + classBCost exceed totalCost`));
    }
  }
  const v = row['visitDate'] as string | undefined;
  const d = row['dischargeDate'] as string | undefined;
  if (v && d && d < v) issues.push(err('dischargeDate', `列「出院日期」的值「${d}」早于入院日期「${v}」 / discharge before admission`));
  if (row['settlementType'] === '冲销' && row['originalSettlementId'] === undefined) {
    issues.push(err('originalSettlementId', '结算类型为冲销时「原结算号」必填 / 原结算号 is required for a 冲销 row'));
  }
  if (row['settlementType'] !== '冲销' && row['originalSettlementId'] !== undefined) {
    issues.push(warn('originalSettlementId', `列「原结算号」的值「${String(row['originalSettlementId'])}」仅用于冲销行，本行结算类型不是冲销，已忽略 / 原结算号 is only read on a 冲销 row: ignored`));
  }
  if (row['visitType'] === '住院' && v && !d) issues.push(warn('dischargeDate', '住院未填出院日期，按就诊日期确定年度 / no 出院日期: the year follows 就诊日期'));
  if (row['visitType'] === '生育' && row['sex'] === '男' && row['maternityFor'] !== '配偶未参保' && row['maternityItem'] !== '男职工绝育') {
    issues.push(err('visitType', '身份证号显示为男性，「就诊类型」为生育须填「生育对象」为配偶未参保（或生育项目为男职工绝育） / maternity row for a male insured person'));
  }
  return issues;
}

function checkContribution(row: TypedRow): RowIssue[] {
  const issues: RowIssue[] = [];
  if (row['arrears'] !== undefined && (row['arrearsFrom'] === undefined || row['paidOn'] === undefined)) {
    issues.push(err('arrearsFrom', '填写欠缴金额时须同时填写「欠缴起始日期」和「缴纳日期」 / arrears need 欠缴起始日期 and 缴纳日期'));
  }
  const from = row['arrearsFrom'] as string | undefined;
  const paid = row['paidOn'] as string | undefined;
  if (from && paid && paid < from) issues.push(err('paidOn', `列「缴纳日期」的值「${paid}」早于欠缴起始日期「${from}」 / paid before arrears began`));
  return issues;
}

/** 生育项目 that are a hospital stay of the insured person herself (deliveries, inpatient abortion or induction). */
const INPATIENT_MATERNITY = new Set(['自然分娩', '剖宫产', '胎膜早破阴道分娩', '人工干预分娩', '住院流产', '住院引产']);

/**
 * A settlement that is the insured person's own hospital stay: 住院, or a 生育 delivery/inpatient item (not an
 * uninsured spouse's). It belongs to the year of its 出院日期 (RULES.md General 5) and is a stay during which
 * outpatient benefits pause.
 */
export function isInpatientStay(row: TypedRow): boolean {
  if (row['visitType'] === '住院') return true;
  if (row['visitType'] !== '生育' || row['maternityFor'] === '配偶未参保') return false;
  // Without 生育项目 (Dongying settles 生育 as ordinary inpatient, 第四十条) a row with 出院日期 is a stay.
  const item = row['maternityItem'];
  return item === undefined ? row['dischargeDate'] !== undefined : INPATIENT_MATERNITY.has(String(item));
}

/** The date a row is computed at, and the person-year it accumulates in (undefined: no accumulation). */
export function rowDate(kind: KindId, row: TypedRow, defaultYear?: number): string | undefined {
  const s = (k: string) => row[k] as string | undefined;
  switch (kind) {
    case 'settlements':
      return isInpatientStay(row) ? (s('dischargeDate') ?? s('visitDate')) : s('visitDate');
    case 'contributions': {
      const p = s('period');
      if (p) return `${p}-01`;
      return s('paidOn') ?? (defaultYear ? `${defaultYear}-01-01` : undefined);
    }
    case 'resident-contributions':
      return s('paidOn');
    case 'retirement-supplement':
      return s('retirementDate');
    case 'maternity-allowance':
      return s('eventDate') ?? (defaultYear ? `${defaultYear}-01-01` : undefined);
    case 'account-refund':
      return s('handledOn');
  }
}

/** The columns rowDate reads, per kind (a row without any computes only what does not depend on the date). */
export const DATE_COLUMNS: Record<KindId, readonly string[]> = {
  settlements: ['visitDate', 'dischargeDate'],
  contributions: ['period', 'paidOn'],
  'resident-contributions': ['paidOn'],
  'retirement-supplement': ['retirementDate'],
  'maternity-allowance': ['eventDate'],
  'account-refund': ['handledOn'],
};

/** Kinds whose rows accumulate per person and year in settlement-date order. */
export const ACCUMULATING_KINDS: readonly KindId[] = ['settlements'];
