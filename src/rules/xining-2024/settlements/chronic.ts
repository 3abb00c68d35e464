/**
 * 门诊慢特病 (residents 一(二)3, employees 二(二)2). 一类 (4 diseases): the inpatient ratio, no deductible, own
 * 10万 cap. 二类 (22 diseases): residents — 200 a year, 50%/70%, 3,000 (5,000) + 1,000; employees — the
 * prior-year account balance above 1,000 first, then 80%, 5,000 (20,000) + 2,000.
 */
import { type Decimal, ONE, ZERO, dmax, dmin, floor0, fmt2, fmtPct, fmtPlain, round2 } from '../../../money.js';
import { cap, deduct } from '../../ops/index.js';
import { RowError } from '../../types.js';
import { ACC, diseaseKey } from './accumulators.js';
import { type Bill, EMPLOYEE_INPATIENT_RATIO, RESIDENT_INPATIENT_RATIO, classBSelfPay, diseasesOf, eligibleOf, isFlexible42, isLevel3, levelOf, ratioWithLocation, statusOf } from './bill.js';
import { CLASS2, type DiseaseSet, classify } from './diseases.js';
import { type BasicOutcome, capStep } from './outcome.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

interface Class2CapIds {
  high: string;
  standard: string;
  multiBonus: string;
}

/** Class-2 cap ids per scheme (the higher cap is 丙型肝炎's for employees, three diseases' for residents). */
const RESIDENT_CAPS: Class2CapIds = {
  high: 'xining.resident.chronic.class2.cap.high',
  standard: 'xining.resident.chronic.class2.cap.standard',
  multiBonus: 'xining.resident.chronic.class2.cap.multiBonus',
};
const EMPLOYEE_CAPS: Class2CapIds = {
  high: 'xining.employee.chronic.class2.cap.hepatitisC',
  standard: 'xining.employee.chronic.class2.cap.standard',
  multiBonus: 'xining.employee.chronic.class2.cap.multiBonus',
};

const RESIDENT_HIGH_CAP = ['丙型肝炎', '精神与行为障碍', '结核病'];
const EMPLOYEE_HIGH_CAP = ['丙型肝炎'];

export function chronic(bill: Bill): BasicOutcome {
  const { row, trace } = bill.ctx;
  const list = diseasesOf(row);
  if (list.length === 0) throw new RowError('门诊慢特病须填写「病种」 / 病种 is required for 门诊慢特病');
  const set = classify(list);
  const employee = row['scheme'] === '职工';
  if (employee) {
    if (isFlexible42(bill)) {
      const pb = classBSelfPay(bill);
      trace.warn('按4.2%缴费的灵活就业人员不享受门诊特殊病慢性病待遇(二(一)2(2)注1)');
      trace.step('4.2%缴费灵活就业人员无门诊慢特病待遇，统筹基金支付0.00(二(一)2(2)注1)');
      return { eligible: eligibleOf(bill, pb), deductible: ZERO, fund: ZERO };
    }
  }
  if (set.class1.length > 0) {
    if (set.class2.length > 0) trace.convention(CV.chronicBothClasses, `病种同时含一类与二类，本次按一类(${set.class1.join('、')})结算`);
    return class1(bill, set, employee);
  }
  return employee ? employeeClass2(bill, set) : residentClass2(bill, set);
}

function class1(bill: Bill, set: DiseaseSet, employee: boolean): BasicOutcome {
  const { params, acc, trace } = bill.ctx;
  const level = levelOf(bill, '门诊慢特病一类（按住院政策）');
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const rId = employee ? EMPLOYEE_INPATIENT_RATIO[level][statusOf(bill)] : RESIDENT_INPATIENT_RATIO[level];
  const ref = employee ? '二(二)2' : '一(二)3';
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(eligible.times(ratio));
  trace.step(`门诊慢特病一类(${set.class1.join('、')})不设起付线、按住院比例，(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)})×${fmtPct(ratio)}=${fmt2(amount)}(${ref})`);
  const capId = employee ? 'xining.employee.chronic.class1.cap' : 'xining.resident.chronic.class1.cap';
  const c = cap(amount, params.get(capId), acc.get(ACC.chronic1Paid));
  capStep(bill, '门诊慢特病一类年度最高支付限额', capId, c);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.chronic1Paid, fund);
  return { eligible, deductible: ZERO, fund, criticalIllness: employee ? undefined : 'resident', assistance: 'chronic' };
}

/** The person's class-2 diseases this year (this row's included): the cap follows the highest, +bonus for two or more. */
function class2Cap(bill: Bill, set: DiseaseSet, high: readonly string[], capIds: Class2CapIds): { limit: Decimal; text: string; ids: string[] } {
  const { params, acc } = bill.ctx;
  for (const d of set.class2) acc.add(diseaseKey('class2', d), ONE);
  const seen = CLASS2.filter((d) => acc.has(diseaseKey('class2', d)));
  const baseId = seen.some((d) => high.includes(d)) ? capIds.high : capIds.standard;
  let limit = params.get(baseId);
  const ids = [baseId];
  let text = `${fmtPlain(limit)}`;
  if (seen.length >= 2) { // int
    const bonusId = capIds.multiBonus;
    limit = limit.plus(params.get(bonusId));
    ids.push(bonusId);
    text = `${text}+${fmtPlain(params.get(bonusId))}(本年二类病种${seen.join('、')})`;
  }
  return { limit, text, ids };
}

function residentClass2(bill: Bill, set: DiseaseSet): BasicOutcome {
  const { row, params, acc, trace } = bill.ctx;
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const dId = 'xining.resident.chronic.class2.deductible';
  const left = floor0(params.get(dId).minus(acc.get(ACC.chronic2Deductible)));
  const { charged, remaining } = deduct(eligible, left);
  trace.step(`二类门慢年度起付线${fmtPlain(params.get(dId))}，本年剩余${fmtPlain(left)}，本次${fmt2(charged)}(${params.ref(dId)})`);
  if (row['level'] === '药店') trace.convention(CV.pharmacyClass2, '定点零售药店按二级及以下比例');
  const rId = isLevel3(bill) ? 'xining.resident.chronic.class2.ratio.level3' : 'xining.resident.chronic.class2.ratio.lower';
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(remaining.times(ratio));
  trace.step(`(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)}-${fmtPlain(charged)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);
  const limit = class2Cap(bill, set, RESIDENT_HIGH_CAP, RESIDENT_CAPS);
  const c = cap(amount, limit.limit, acc.get(ACC.chronic2Paid));
  if (c.bound) trace.step(`二类门慢年度最高支付限额${limit.text}=${fmtPlain(limit.limit)}，本年剩余${fmtPlain(c.room)}，支付${fmt2(c.value)}(${params.ref(limit.ids[0]!)})`);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.chronic2Deductible, charged);
  acc.add(ACC.chronic2Paid, fund);
  return { eligible, deductible: charged, fund, assistance: 'chronic' };
}

function employeeClass2(bill: Bill, set: DiseaseSet): BasicOutcome {
  const { row, params, acc, trace } = bill.ctx;
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  // 二(二)2: the prior-year balance pays first while it is above 1,000 (spent down across the year).
  const floorId = 'xining.employee.chronic.class2.accountFloor';
  const balance = row['accountBalance'] as Decimal | undefined;
  let account = ZERO;
  if (balance === undefined) {
    trace.note('未填「个人账户上年结余」，按不超过1000元计算 / 个人账户上年结余 empty: treated as 1,000 or less');
  } else {
    const available = floor0(balance.minus(params.get(floorId)).minus(acc.get(ACC.chronic2AccountUsed)));
    account = dmin(eligible, available);
    trace.convention(CV.accountSpendDown, `个人账户上年结余${fmtPlain(balance)}超过${fmtPlain(params.get(floorId))}元的部分先行支付：可用${fmt2(available)}，本次${fmt2(account)}(${params.ref(floorId)})`);
    acc.add(ACC.chronic2AccountUsed, account);
  }
  const rest = dmax(ZERO, eligible.minus(account));
  const rId = 'xining.employee.chronic.class2.ratio';
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(rest.times(ratio));
  trace.step(`(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)}-${fmtPlain(account)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);
  const limit = class2Cap(bill, set, EMPLOYEE_HIGH_CAP, EMPLOYEE_CAPS);
  const c = cap(amount, limit.limit, acc.get(ACC.chronic2Paid));
  if (c.bound) trace.step(`二类门慢年度最高支付限额${limit.text}=${fmtPlain(limit.limit)}，本年剩余${fmtPlain(c.room)}，支付${fmt2(c.value)}(${params.ref(limit.ids[0]!)})`);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.chronic2Paid, fund);
  return { eligible, deductible: ZERO, fund, account };
}
