/**
 * The basic pooled fund with its caps (第二十八条, 第三十三条) and, for employees, the large-medical
 * subsidy on what the 200,000 cap left unpaid (第三十四条, combined 300,000 cap of 第三十六条).
 */
import { type Decimal, ZERO, dmin, floor0, fmt2, fmtPct, fmtPlain, gt, lt, lte, round2 } from '../../../money.js';
import { cap, type PayerChain } from '../../ops/index.js';
import type { RowContext } from '../../types.js';
import { P } from '../settlement-params.js';
import { ACC, type Scheme } from './shared.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export interface PoolArgs {
  scheme: Scheme;
  /** E − D: what the ratio applies to. */
  e: Decimal;
  d: Decimal;
  ratio: Decimal;
  /** Article of the ratio, for the trace. */
  ratioRef: string;
  /** Counts toward the scheme's annual combined cap (false only for resident general outpatient). */
  annualCap: boolean;
  /** A visit-type cap of its own (general outpatient 1,000 / 200). */
  subCap?: { limit: Decimal; used: Decimal; ref: string; label: string };
}

export interface PoolResult {
  fund: Decimal;
  /** Large-medical subsidy paid (employees), undefined for residents. */
  lm: Decimal | undefined;
}

export function payPool(ctx: RowContext, chain: PayerChain, a: PoolArgs): PoolResult {
  const { row, params, acc, trace } = ctx;
  const base = floor0(a.e.minus(a.d));
  const raw = base.times(a.ratio);
  let amount = raw;
  let capBound = false;
  const capId = P.cap(a.scheme);
  let room = ZERO;
  if (a.annualCap) {
    const c = cap(amount, params.get(capId), acc.get(ACC.poolTowardCap));
    amount = c.value;
    capBound = c.bound;
    room = c.room;
  }
  let subBound = false;
  if (a.subCap) {
    const s = cap(raw, a.subCap.limit, a.subCap.used);
    subBound = s.bound && lt(s.value, amount);
    // The large-medical subsidy starts where the 200,000 bound, not where a visit-type cap bound.
    if (lte(s.value, amount)) capBound = false;
    amount = dmin(amount, s.value);
  }
  const fund = chain.pay('fund', amount);
  trace.step(`(${fmtPlain(a.e)}-${fmtPlain(a.d)})×${fmtPct(a.ratio)}=${fmt2(round2(raw))}(${a.ratioRef})`);
  if (subBound && a.subCap) {
    trace.step(`${a.subCap.label}${fmtPlain(a.subCap.limit)}，已付${fmtPlain(a.subCap.used)}，本次支付${fmt2(fund)}(${a.subCap.ref})`);
  }
  if (capBound && lt(fund, round2(raw)) && !subBound) {
    trace.step(`年度最高支付限额${fmtPlain(params.get(capId))}剩余${fmt2(room)}，统筹基金支付${fmt2(fund)}(${params.ref(capId)})`);
  }
  if (a.annualCap) acc.add(ACC.poolTowardCap, fund);
  acc.add(ACC.poolTotal, fund);

  if (a.scheme !== 'employee') return { fund, lm: undefined };
  let lm = ZERO;
  if (capBound && gt(a.ratio, ZERO)) {
    if (row['largeSubsidy'] === '否') {
      trace.note('未缴纳职工大额医疗补助，超过统筹基金最高支付限额部分不予补助（第三十四条）');
    } else {
      // The in-scope cost beyond the point where the cap bound, (E − D) − 统筹支付 ÷ ratio, at 95% (DY13).
      // The excess is not rounded on its own (only payer amounts are), so the trace shows no rounded excess either.
      const over = floor0(base.minus(fund.dividedBy(a.ratio)));
      const ratio = params.get(P.lmRatio);
      const due = round2(over.times(ratio));
      const lmCap = cap(due, params.get(P.lmCap), acc.get(ACC.lmPaid).plus(acc.get(ACC.cityCiPaid)));
      lm = chain.pay('largeMedical', lmCap.value);
      trace.convention(CV.largeMedicalExcess, `大额医疗补助：超限额部分(${fmtPlain(base)}-${fmt2(fund)}÷${fmtPct(a.ratio)})×${fmtPct(ratio)}=${fmt2(due)}(${params.ref(P.lmRatio)})`);
      if (lmCap.bound) trace.step(`大额医疗补助与市定特药合并限额${fmtPlain(params.get(P.lmCap))}剩余${fmt2(lmCap.room)}，支付${fmt2(lm)}(${params.ref(P.lmCap)})`);
      acc.add(ACC.lmPaid, lm);
    }
  }
  return { fund, lm };
}
