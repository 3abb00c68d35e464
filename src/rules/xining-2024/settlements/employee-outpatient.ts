/** 职工普通门诊统筹 (二(二)1(2)): no deductible; 三级 50%/60%, 二级及以下和药店 60%/70%; 500 (4.2%) or 1,200 a year. */
import { ZERO, fmt2, fmtPct, fmtPlain, round2 } from '../../../money.js';
import { cap } from '../../ops/index.js';
import { ACC } from './accumulators.js';
import { type Bill, type StatusKey, classBSelfPay, eligibleOf, isFlexible42, isLevel3, ratioWithLocation, statusOf } from './bill.js';
import { type BasicOutcome, capStep } from './outcome.js';

const RATIO_LEVEL3: Record<StatusKey, string> = { employed: 'xining.employee.outpatient.ratio.level3.employed', retired: 'xining.employee.outpatient.ratio.level3.retired' };
const RATIO_LOWER: Record<StatusKey, string> = { employed: 'xining.employee.outpatient.ratio.lower.employed', retired: 'xining.employee.outpatient.ratio.lower.retired' };

export function employeeOutpatient(bill: Bill): BasicOutcome {
  const { params, acc, trace } = bill.ctx;
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const rId = (isLevel3(bill) ? RATIO_LEVEL3 : RATIO_LOWER)[statusOf(bill)];
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(eligible.times(ratio));
  trace.step(`普通门诊不设起付线，(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);
  const capId = isFlexible42(bill) ? 'xining.employee.outpatient.cap.flex42' : 'xining.employee.outpatient.cap.standard';
  const c = cap(amount, params.get(capId), acc.get(ACC.employeeOutpatientPaid));
  capStep(bill, '普通门诊年最高支付限额', capId, c);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.employeeOutpatientPaid, fund);
  return { eligible, deductible: ZERO, fund };
}
