/**
 * 职工住院 (二(二)4(1)): (总费用 − 完全政策自费 − 部分政策自付 − 起付线) × 对应报销比例, then the caps.
 * 起付线 by the admission's ordinal in the year; 60 days or more pays two (八7); total ≤ 2000 keeps the
 * in-scope burden within 30% (八7); flexible workers wait 6 months and get at most 1万 in the first 12 (八7).
 */
import { daysBetween } from '../../../kinds/dates.js';
import { type Decimal, D, ONE, ZERO, fmt2, fmtPct, fmtPlain, gte, lt, lte, round2, toCount } from '../../../money.js';
import { cap, deduct } from '../../ops/index.js';
import { ACC } from './accumulators.js';
import { type Bill, type LevelKey, EMPLOYEE_INPATIENT_RATIO, classBSelfPay, eligibleOf, levelOf, ratioWithLocation, statusOf } from './bill.js';
import { type BasicOutcome, capStep } from './outcome.js';
import { GENERAL } from '../../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

/** 起付线 ids by level and the admission's ordinal (first, second, third and later): written once, not per row. */
const DEDUCTIBLE_IDS: Record<LevelKey, readonly [string, string, string]> = {
  level1: ['xining.employee.inpatient.deductible.level1.first', 'xining.employee.inpatient.deductible.level1.second', 'xining.employee.inpatient.deductible.level1.third'],
  level2: ['xining.employee.inpatient.deductible.level2.first', 'xining.employee.inpatient.deductible.level2.second', 'xining.employee.inpatient.deductible.level2.third'],
  level3: ['xining.employee.inpatient.deductible.level3.first', 'xining.employee.inpatient.deductible.level3.second', 'xining.employee.inpatient.deductible.level3.third'],
};

function deductibleId(level: LevelKey, ordinal: number): string {
  return DEDUCTIBLE_IDS[level][Math.min(ordinal, 3) - 1]!; // int
}

const TWO = D(2);

/** 灵活就业 waiting rules (二(一)2(2)注3, 八7): 'none' < 6 months, 'early' < 12, else 'full'. */
function flexibleStage(bill: Bill): 'none' | 'early' | 'full' {
  const { row, params, trace } = bill.ctx;
  if (row['employmentStatus'] !== '灵活就业') return 'full';
  const months = row['enrolledMonths'];
  if (typeof months !== 'number') {
    trace.note('灵活就业人员未填「参保月数」，按已连续参保满12个月计算 / 参保月数 empty: treated as 12 months or more');
    return 'full';
  }
  if (lt(D(months), params.get('xining.flexible.waitingMonths'))) return 'none';
  if (lt(D(months), params.get('xining.flexible.earlyMonths'))) return 'early';
  return 'full';
}

export function employeeInpatient(bill: Bill): BasicOutcome {
  const { row, params, acc, trace } = bill.ctx;
  const level = levelOf(bill, '住院');
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const before = toCount(acc.get(ACC.admissions)); // int: admission count

  const stage = flexibleStage(bill);
  if (stage === 'none') {
    trace.warn(`灵活就业人员参保${String(row['enrolledMonths'])}个月，未满6个月不享受住院统筹待遇(${params.ref('xining.flexible.waitingMonths')})`);
    trace.step(`参保未满6个月，统筹基金支付0.00(${params.ref('xining.flexible.waitingMonths')})`);
    return { eligible, deductible: ZERO, fund: ZERO, admissionNo: before };
  }

  // 起付线: this admission's ordinal; a stay of 60 days or more also pays the next one and counts twice (八7).
  const visit = row['visitDate'] as string | undefined;
  const out = row['dischargeDate'] as string | undefined;
  const days = visit && out ? daysBetween(visit, out) : 0; // int: length of stay
  const longStay = gte(D(days), params.get('xining.employee.inpatient.longStayDays'));
  const ordinal = before + 1; // int: this admission's place in the year (a long stay also takes the next)
  const firstId = deductibleId(level, ordinal);
  const first = params.get(firstId);
  const secondId = longStay ? deductibleId(level, ordinal + 1) : undefined; // int
  const second = secondId === undefined ? undefined : params.get(secondId);
  const standard = second === undefined ? first : first.plus(second);
  const { charged: deductible, remaining } = deduct(eligible, standard);
  const levelZh = String(row['level']);
  if (second !== undefined) {
    trace.convention(
      CV.longStay,
      `起付线${fmtPlain(first)}+${fmtPlain(second)}=${fmtPlain(standard)}(${params.ref(firstId)}·${levelZh}·年度第${ordinal}、${ordinal + 1}次；连续住院${days}天≥60天收两次起付线 ${params.ref('xining.employee.inpatient.longStayDays')})`, // int
    );
  } else if (ordinal > 3) { // int
    trace.convention(CV.fourthAdmission, `起付线${fmtPlain(standard)}(${params.ref(firstId)}·${levelZh}·年度第${ordinal}次，按第三次及以后)`);
  } else {
    trace.step(`起付线${fmtPlain(standard)}(${params.ref(firstId)}·${levelZh}·年度第${ordinal}次)`);
  }
  if (lt(deductible, standard)) trace.convention(GENERAL.deductibleWithinScope, `起付线以政策范围内费用为限，实收${fmt2(deductible)}`);

  const rId = EMPLOYEE_INPATIENT_RATIO[level][statusOf(bill)];
  const ratio = ratioWithLocation(bill, rId);
  let amount = round2(remaining.times(ratio));
  trace.step(`(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)}-${fmtPlain(deductible)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);

  // 八7: a bill of 2000 or less leaves the person at most 30% of the in-scope cost (RULES.md: base 医疗总费用 − 全自费).
  if (lte(bill.total, params.get('xining.employee.inpatient.smallBill.limit'))) {
    const maxBurden = round2(bill.inScope.times(params.get('xining.employee.inpatient.smallBill.maxBurden')));
    const floor = bill.inScope.minus(maxBurden);
    if (lt(amount, floor)) {
      amount = floor;
      trace.convention(CV.smallBill, `住院医疗费${fmtPlain(bill.total)}≤2000，个人负担不超过(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)})×30%=${fmt2(maxBurden)}，统筹支付${fmt2(amount)}(${params.ref('xining.employee.inpatient.smallBill.limit')})`);
    }
  }

  const annual = cap(amount, params.get('xining.employee.inpatient.cap'), acc.get(ACC.fundPaid));
  capStep(bill, '职工住院年度最高支付限额', 'xining.employee.inpatient.cap', annual);
  let value = annual.value;
  if (stage === 'early') {
    if (!acc.has(ACC.flexEarlyPaid)) acc.set(ACC.flexEarlyPaid, (row['priorFundPaid'] as Decimal | undefined) ?? ZERO);
    const early = cap(value, params.get('xining.flexible.earlyCap'), acc.get(ACC.flexEarlyPaid));
    if (early.bound) trace.step(`灵活就业参保${String(row['enrolledMonths'])}个月不满12个月，住院统筹封顶1万元，剩余${fmtPlain(early.room)}，支付${fmt2(early.value)}(${params.ref('xining.flexible.earlyCap')})`);
    value = early.value;
  }
  const fund = bill.chain.pay('fund', value);

  acc.add(ACC.admissions, second === undefined ? ONE : TWO);
  acc.add(ACC.fundPaid, fund);
  if (stage === 'early') acc.add(ACC.flexEarlyPaid, fund);
  return {
    eligible,
    deductible,
    fund,
    admissionNo: before + (second === undefined ? 1 : 2), // int
    criticalIllness: 'employee',
    civilServant: true,
  };
}
