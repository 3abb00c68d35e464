/**
 * Chronic outpatient (第三十二条): 150 a calendar quarter of 就诊日期 (RULES.md §General 5), then the
 * inpatient ratio of 第三十一条 with its adjustments; within the annual combined cap of 第二十八条.
 */
import { fmt2, fmtPlain } from '../../../money.js';
import { quarterOf } from '../../../kinds/dates.js';
import { deduct, deductibleLeft, type PayerChain } from '../../ops/index.js';
import type { RowContext } from '../../types.js';
import { P } from '../settlement-params.js';
import type { VisitResult } from './inpatient.js';
import { payPool } from './pool.js';
import { ACC, type Amounts, inpatientRatio, requireLevel } from './shared.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export function chronic(ctx: RowContext, a: Amounts, chain: PayerChain): VisitResult {
  const { row, params, acc, trace } = ctx;
  const level = requireLevel(row, '门诊慢性病');
  const q = quarterOf(row['visitDate'] as string);
  const std = params.get(P.chronicDeductible);
  const key = ACC.chronicDeductible(q);
  const { charged } = deduct(a.e, deductibleLeft(std, acc.get(key)));
  acc.add(key, charged);
  trace.convention(CV.chronicQuarter, `门诊慢性病起付线${fmtPlain(std)}/季度，就诊日期所在自然季度第${q}季度本次${fmt2(charged)}(${params.ref(P.chronicDeductible)})`);
  const ratio = inpatientRatio(ctx, a.scheme, level);
  const pool = payPool(ctx, chain, { scheme: a.scheme, e: a.e, d: charged, ratio, ratioRef: `${params.ref(P.chronicDeductible)}·${params.ref(P.ratio(a.scheme, level))}`, annualCap: true });
  return { ...pool, deductible: charged };
}
