/**
 * 职工门诊特殊药品 (二(二)3): the inpatient ratio of the prescriber's hospital level and the person's status,
 * no deductible; it counts toward the 25万 inpatient cap (RULES.md Xining "Employee inpatient").
 */
import { ZERO, fmt2, fmtPct, fmtPlain, round2 } from '../../../money.js';
import { cap } from '../../ops/index.js';
import { ACC } from './accumulators.js';
import { type Bill, EMPLOYEE_INPATIENT_RATIO, classBSelfPay, eligibleOf, levelOf, ratioWithLocation, statusOf } from './bill.js';
import { type BasicOutcome, capStep } from './outcome.js';

export function specialDrug(bill: Bill): BasicOutcome {
  const { row, params, acc, trace } = bill.ctx;
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  if (row['scheme'] !== '职工') {
    trace.warn('手册未规定城乡居民门诊特殊药品待遇，基金未支付 / the handbook gives no special-drug benefit for residents');
    trace.step('居民特殊药品：手册未规定，统筹基金支付0.00(二(二)3)');
    return { eligible, deductible: ZERO, fund: ZERO };
  }
  const level = levelOf(bill, '特殊药品（开具处方医师所在医疗机构的等级）');
  const rId = EMPLOYEE_INPATIENT_RATIO[level][statusOf(bill)];
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(eligible.times(ratio));
  trace.step(`特殊药品按${String(row['level'])}住院比例、不设起付线，(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)})×${fmtPct(ratio)}=${fmt2(amount)}(二(二)3)`);
  const c = cap(amount, params.get('xining.employee.inpatient.cap'), acc.get(ACC.fundPaid));
  capStep(bill, '职工住院年度最高支付限额(含特殊药品)', 'xining.employee.inpatient.cap', c);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.fundPaid, fund);
  return { eligible, deductible: ZERO, fund };
}
