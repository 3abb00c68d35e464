/**
 * One settlement being computed: its amounts, the payer chain (RULES.md General 8) and the small lookups
 * every visit type shares (hospital level, status, Class-B self-pay, the cross-province ratio cut).
 */
import type { TypedRow } from '../../../kinds/validate.js';
import { type Decimal, ZERO, fmt2, fmtPct, fmtPlain, round2 } from '../../../money.js';
import { PayerChain, adjustByPoints, outOfRangeWarning, ratioLimitedWarning } from '../../ops/index.js';
import { type RowContext, RowError } from '../../types.js';
import { GENERAL } from '../../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export type LevelKey = 'level1' | 'level2' | 'level3';
export type StatusKey = 'employed' | 'retired';

/*
 * Parameter ids by level and status, written out once: a template string per row would be built, then
 * flattened and hashed again by every lookup of a large batch.
 */
export const EMPLOYEE_INPATIENT_RATIO: Record<LevelKey, Record<StatusKey, string>> = {
  level1: { employed: 'xining.employee.inpatient.ratio.level1.employed', retired: 'xining.employee.inpatient.ratio.level1.retired' },
  level2: { employed: 'xining.employee.inpatient.ratio.level2.employed', retired: 'xining.employee.inpatient.ratio.level2.retired' },
  level3: { employed: 'xining.employee.inpatient.ratio.level3.employed', retired: 'xining.employee.inpatient.ratio.level3.retired' },
};

export const RESIDENT_INPATIENT_RATIO: Record<LevelKey, string> = {
  level1: 'xining.resident.inpatient.ratio.level1',
  level2: 'xining.resident.inpatient.ratio.level2',
  level3: 'xining.resident.inpatient.ratio.level3',
};

export function money(row: TypedRow, key: string): Decimal {
  return (row[key] as Decimal | undefined) ?? ZERO;
}

export interface Bill {
  ctx: RowContext;
  row: TypedRow;
  /** 医疗总费用 */
  total: Decimal;
  /** 全自费金额 */
  selfPaid: Decimal;
  /** 医疗总费用 − 全自费金额: what any fund may work on. */
  inScope: Decimal;
  chain: PayerChain;
}

export function openBill(ctx: RowContext): Bill {
  const total = money(ctx.row, 'totalCost');
  const selfPaid = money(ctx.row, 'fullySelfPaid');
  const inScope = total.minus(selfPaid);
  const chain = new PayerChain(total, inScope, (payer, computed, paid) => ctx.trace.warn(outOfRangeWarning(payer, computed, paid)));
  return { ctx, row: ctx.row, total, selfPaid, inScope, chain };
}

/**
 * 乙类自付 (RULES.md General 12): the amount when given; else 乙类费用 × `xining.classB.selfPayRate`, which the
 * handbook does not give (a missing-parameter error until the user sets it).
 */
export function classBSelfPay(bill: Bill): Decimal {
  const { row, params, trace } = bill.ctx;
  const given = row['classBSelfPay'] as Decimal | undefined;
  if (given !== undefined) return given;
  const cost = row['classBCost'] as Decimal | undefined;
  if (cost === undefined || cost.isZero()) return ZERO;
  const rate = params.get('xining.classB.selfPayRate');
  const pb = round2(cost.times(rate));
  trace.convention(CV.classBFromCost, `乙类自付=乙类费用${fmtPlain(cost)}×${fmtPct(rate)}=${fmt2(pb)}`);
  return pb;
}

/** E = 医疗总费用 − 全自费 − 乙类自付 (RULES.md General 13), never below 0. */
export function eligibleOf(bill: Bill, pb: Decimal): Decimal {
  const e = bill.inScope.minus(pb);
  return e.isNegative() ? ZERO : e;
}

/** The hospital level for a rule that has a level table: 社区 = 一级 by convention; 药店 has none. */
export function levelOf(bill: Bill, what: string): LevelKey {
  const level = String(bill.row['level']);
  switch (level) {
    case '三级':
      return 'level3';
    case '二级':
      return 'level2';
    case '一级':
      return 'level1';
    case '社区':
      bill.ctx.trace.convention(CV.communityAsLevel1, '社区定点医疗机构按一级');
      return 'level1';
    default:
      throw new RowError(`列「医院等级」的值「${level}」不适用于${what}（须为一级/二级/三级/社区） / level '${level}' is not valid for ${what}`);
  }
}

/** 三级 vs "二级及以下" tables (outpatient, 两病, resident class-2). */
export function isLevel3(bill: Bill): boolean {
  return bill.row['level'] === '三级';
}

/** 在职/退休 column of the employee tables; 灵活就业 = 在职 (RULES.md Xining "Employee inpatient"). */
export function statusOf(bill: Bill): StatusKey {
  const s = bill.row['employmentStatus'];
  if (s === '退休') return 'retired';
  if (s === '灵活就业') bill.ctx.trace.convention(CV.flexibleAsEmployed, '灵活就业人员按在职比例');
  return 'employed';
}

export function isFlexible42(bill: Bill): boolean {
  return bill.row['employmentStatus'] === '灵活就业' && bill.row['flexibleRate'] === '4.2%';
}


/** A basic-fund ratio; 异地临时外出 lowers it by 10 points (四(二)1(4); RULES.md Xining "Cross-province"). */
export function ratioWithLocation(bill: Bill, id: string): Decimal {
  const { params, trace, row } = bill.ctx;
  const r = params.get(id);
  if (row['location'] !== '异地临时外出') return r;
  const pointsId = 'xining.crossProvince.temporary.points';
  const points = params.get(pointsId);
  const adjusted = adjustByPoints(r, points, (c, u) => trace.warn(ratioLimitedWarning(c, u)));
  // The points as in force (an override may change them), not the text's 10.
  const shift = points.isNegative() ? `下浮${points.abs().toString()}` : `上浮${points.toString()}`;
  trace.convention(GENERAL.percentagePoints, `异地临时外出：${fmtPct(r)}${shift}个百分点为${fmtPct(adjusted)}(${params.ref(pointsId)})`);
  return adjusted;
}

export function diseasesOf(row: TypedRow): string[] {
  const v = row['disease'];
  return Array.isArray(v) ? v : [];
}
