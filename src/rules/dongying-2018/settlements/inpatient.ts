/**
 * Inpatient (and maternity, 第四十条) settlements: deductible by level and the admission's place in the
 * year (第三十条), the transfer rule, the ratio (第三十一条, 第三十九条, 第四十六条) and the caps.
 */
import { type Decimal, ONE, ZERO, dmin, floor0, fmt2, fmtPlain, lt, toCount } from '../../../money.js';
import type { PayerChain } from '../../ops/index.js';
import { type RowContext, RowError } from '../../types.js';
import { P } from '../settlement-params.js';
import { payPool, type PoolResult } from './pool.js';
import { ACC, type Amounts, inpatientRatio, requireLevel } from './shared.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export interface VisitResult extends PoolResult {
  deductible: Decimal;
}

const LEVEL_ZH = ['', '一级', '二级', '三级'] as const;

export function inpatient(ctx: RowContext, a: Amounts, chain: PayerChain): VisitResult {
  const { row, params, acc, trace } = ctx;
  const level = requireLevel(row, '住院');
  const levelZh = String(row['level']);
  const dStd = params.get(P.deductible(level));
  const countBefore = toCount(acc.get(ACC.admissions)); // int: admissions so far this year
  const freeFrom = toCount(params.get(P.freeFromAdmission)); // int: 3rd admission
  const ref = params.ref(P.deductible(level));
  let d: Decimal;

  const from = row['transferFromLevel'] as string | undefined;
  const fromLevel = from === undefined ? undefined : levelOfText(from);
  if (from !== undefined && fromLevel === undefined) {
    throw new RowError(`列「转出医院等级」的值「${from}」不是医疗机构等级（须为一级/二级/三级/社区） / transferFromLevel must be a hospital level`);
  }
  if (fromLevel !== undefined) {
    // 转院: continues the previous admission (no new count); going up pays only the difference.
    if (countBefore >= freeFrom) {
      d = ZERO;
      trace.step(`起付线0(${ref}·${LEVEL_ZH[fromLevel]}转${levelZh}·前次为年度第${countBefore}次住院，不设起付标准)`);
    } else if (level > fromLevel) {
      const known = acc.has(ACC.lastDeductible);
      const charged = known ? acc.get(ACC.lastDeductible) : params.get(P.deductible(fromLevel));
      d = dmin(floor0(dStd.minus(charged)), a.e);
      const text = `起付线${fmtPlain(d)}(${ref}·${LEVEL_ZH[fromLevel]}转${levelZh}·补差${fmtPlain(dStd)}-${fmtPlain(charged)})`;
      if (known) trace.step(text);
      else trace.convention(CV.transferFirstLeg, `${text}；转出医院已收起付线按${LEVEL_ZH[fromLevel]}标准${fmtPlain(charged)}计`);
      acc.set(ACC.lastDeductible, charged.plus(d));
    } else {
      d = ZERO;
      trace.step(`起付线0(${ref}·${LEVEL_ZH[fromLevel]}转${levelZh}·同级或转低级不再另计)`);
    }
    countStay(ctx, a.e, level > fromLevel ? dStd : params.get(P.deductible(fromLevel)));
  } else {
    const ordinal = countBefore + 1; // int: this admission's place in the year
    if (ordinal >= freeFrom) {
      d = ZERO;
      trace.step(`起付线0(${ref}·${levelZh}·年度第${ordinal}次，第三次及以上不设起付标准)`);
      acc.add(ACC.admissions, ONE);
      acc.set(ACC.stayCounted, ONE);
    } else {
      d = dmin(dStd, a.e);
      trace.step(`起付线${fmtPlain(dStd)}(${ref}·${levelZh}·年度第${ordinal}次)`);
      if (lt(a.e, dStd)) {
        trace.step(`政策范围内费用${fmt2(a.e)}未达起付标准${fmtPlain(dStd)}，统筹基金不予支付，不累计住院次数(${ref})`);
        acc.set(ACC.stayCounted, ZERO);
      } else {
        acc.add(ACC.admissions, ONE);
        acc.set(ACC.stayCounted, ONE);
      }
    }
    acc.set(ACC.lastDeductible, d);
    acc.set(ACC.stayCost, a.e);
  }

  const ratio = inpatientRatio(ctx, a.scheme, level);
  const pool = payPool(ctx, chain, { scheme: a.scheme, e: a.e, d, ratio, ratioRef: params.ref(P.ratio(a.scheme, level)), annualCap: true });
  return { ...pool, deductible: d };
}

function levelOfText(t: string): 1 | 2 | 3 | undefined {
  return t === '一级' || t === '社区' ? 1 : t === '二级' ? 2 : t === '三级' ? 3 : undefined;
}

/**
 * A transfer leg continues its stay (第三十条). A stay whose first leg in the batch stayed below its deductible
 * has not counted yet; it counts once the stay's in-scope cost over its legs reaches the standard of the
 * higher of the two levels (the stay, not the leg, is the 单次住院 of 第三十条; convention DY7).
 */
function countStay(ctx: RowContext, e: Decimal, std: Decimal): void {
  const { acc, trace } = ctx;
  const cost = acc.get(ACC.stayCost).plus(e);
  acc.set(ACC.stayCost, cost);
  if (!acc.has(ACC.stayCounted) || !acc.get(ACC.stayCounted).isZero() || lt(cost, std)) return;
  acc.add(ACC.admissions, ONE);
  acc.set(ACC.stayCounted, ONE);
  trace.convention(CV.transferStayCounts, `转院前后政策范围内费用合计${fmt2(cost)}达到起付标准${fmtPlain(std)}，本次住院计入年度第${acc.get(ACC.admissions).toFixed(0)}次(第三十条)`);
}
