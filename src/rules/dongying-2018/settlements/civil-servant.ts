/**
 * Civil-servant subsidy (第三十七条): 95% of the year's in-scope personal burden (RULES.md §General 9)
 * above 10% of 年缴费基数, paid incrementally; inpatient, general outpatient and chronic.
 */
import { type Decimal, fmt2, fmtPlain, fmtPct } from '../../../money.js';
import { annualExcess, type PayerChain } from '../../ops/index.js';
import type { RowContext } from '../../types.js';
import { P } from '../settlement-params.js';
import { ACC } from './shared.js';
import { GENERAL } from '../../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export function civilServant(ctx: RowContext, chain: PayerChain): Decimal {
  const { row, params, acc, trace } = ctx;
  const annualBase = row['annualBase'] as Decimal; // a need of these rows (settlements.ts)
  const rate = params.get(P.csThreshold);
  const ratio = params.get(P.csRatio);
  const threshold = annualBase.times(rate);
  const burden = chain.residual;
  const paidBefore = acc.get(ACC.csPaid);
  const r = annualExcess({ baseBefore: acc.get(ACC.csBurden), added: burden, threshold, ratio, paidBefore });
  const paid = chain.pay('civilServant', r.pay);
  acc.set(ACC.csBurden, r.baseAfter);
  acc.add(ACC.csPaid, paid);
  // The in-scope burden is (医疗总费用 − 全自费) − 统筹 − 大额 (G5), accumulated over the year (DY10).
  trace.convention(
    [CV.civilServantYear, GENERAL.inScopeBurden],
    `公务员医疗补助：(年度个人自负累计${fmt2(r.baseAfter)}-年缴费基数${fmtPlain(annualBase)}×${fmtPct(rate)})×${fmtPct(ratio)}-已付${fmt2(paidBefore)}=${fmt2(paid)}(${params.ref(P.csRatio)})`,
  );
  return paid;
}
