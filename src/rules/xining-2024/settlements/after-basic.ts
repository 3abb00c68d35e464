/**
 * The payers after the basic fund (RULES.md General 8): critical illness → civil-servant subsidy → medical
 * assistance, each on the in-scope residual the earlier ones left (General 9).
 */
import { type Decimal, ZERO, floor0, fmt2, fmtPct, fmtPlain, gt, lte, round2 } from '../../../money.js';
import { annualExcess, cap } from '../../ops/index.js';
import { ACC } from './accumulators.js';
import type { Bill } from './bill.js';
import type { BasicOutcome } from './outcome.js';
import { GENERAL } from '../../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export interface LaterPayments {
  criticalIllness: Decimal;
  civilServant: Decimal;
  assistance: Decimal;
}

/** 特困, 低保 and 返贫致贫 get the lower resident CI threshold and higher ratio (一(二)4(2)). */
const CI_TILT = ['特困', '低保', '返贫致贫'];

/** Critical-illness parameter ids (threshold, ratio) per scheme. */
const CI_EMPLOYEE = { threshold: 'xining.employee.ci.threshold', ratio: 'xining.employee.ci.ratio' };
const CI_RESIDENT = { threshold: 'xining.resident.ci.threshold', ratio: 'xining.resident.ci.ratio' };
const CI_RESIDENT_TILT = { threshold: 'xining.resident.ci.tilt.threshold', ratio: 'xining.resident.ci.tilt.ratio' };

export function laterPayers(bill: Bill, o: BasicOutcome): LaterPayments {
  const criticalIllness = o.criticalIllness ? critical(bill, o.criticalIllness) : ZERO;
  const civilServant = o.civilServant ? civilServantSubsidy(bill) : ZERO;
  const assistance = assistancePay(bill, o);
  return { criticalIllness, civilServant, assistance };
}

/** 大病保险: the year's in-scope burden above the threshold at the ratio, paid incrementally, no cap. */
function critical(bill: Bill, scheme: 'employee' | 'resident'): Decimal {
  const { row, params, acc, trace } = bill.ctx;
  const tilt = scheme === 'resident' && CI_TILT.includes(String(row['assistance']));
  const ids = scheme === 'employee' ? CI_EMPLOYEE : tilt ? CI_RESIDENT_TILT : CI_RESIDENT;
  const threshold = params.get(ids.threshold);
  const ratio = params.get(ids.ratio);
  const baseBefore = acc.get(ACC.ciBase);
  // 既往大病累计 seeds the base; what it already earned counts as paid before this batch.
  if (!acc.has(ACC.ciPaid)) acc.set(ACC.ciPaid, round2(floor0(baseBefore.minus(threshold)).times(ratio)));
  const added = bill.chain.residual;
  const r = annualExcess({ baseBefore, added, threshold, ratio, paidBefore: acc.get(ACC.ciPaid) });
  const paid = bill.chain.pay('criticalIllness', r.pay);
  acc.set(ACC.ciBase, r.baseAfter);
  acc.add(ACC.ciPaid, paid);
  if (gt(r.baseAfter, threshold)) {
    const text = `大病保险：年度累计政策范围内个人负担${fmtPlain(baseBefore)}+${fmtPlain(added)}=${fmtPlain(r.baseAfter)}，超过${fmtPlain(threshold)}部分×${fmtPct(ratio)}=${fmt2(r.dueRounded)}，本次支付${fmt2(paid)}(${params.ref(ids.ratio)})`;
    if (tilt) trace.convention(GENERAL.percentagePoints, text);
    else trace.step(text);
  }
  return paid;
}

/** 公务员医疗补助 (二(二)4(3)): 80% of what is left after critical illness (RULES.md order). */
function civilServantSubsidy(bill: Bill): Decimal {
  const { row, params, trace } = bill.ctx;
  if (row['civilServant'] !== '是') return ZERO;
  const residual = bill.chain.residual;
  const ratio = params.get('xining.civilServant.ratio');
  const paid = bill.chain.pay('civilServant', residual.times(ratio));
  trace.convention(GENERAL.inScopeBurden, `公务员医疗补助：大病保险后政策范围内个人负担${fmtPlain(residual)}×${fmtPct(ratio)}=${fmt2(paid)}(${params.ref('xining.civilServant.ratio')})`);
  return paid;
}

interface AidLine {
  ratio: string;
  cap: string;
  /** Threshold categories (低保边缘/易返贫致贫, 支出型贫困): the year's residual above it. */
  threshold?: string;
  acc: string;
}

const LINE_ACC: Record<string, string> = { inpatient: ACC.assistInpatient, chronic: ACC.assistChronic, outpatient: ACC.assistOutpatient };

/** The assistance line of a category for a visit line, or undefined when the category has none (一(二)5). */
function aidLine(category: string, line: 'inpatient' | 'chronic' | 'outpatient'): AidLine | undefined {
  const byCategory = AID_LINES[line];
  if (!byCategory.has(category)) byCategory.set(category, makeAidLine(category, line));
  return byCategory.get(category);
}

/** Built once per (line, category): the ids are constants. */
const AID_LINES = { inpatient: new Map<string, AidLine | undefined>(), chronic: new Map<string, AidLine | undefined>(), outpatient: new Map<string, AidLine | undefined>() };

function makeAidLine(category: string, line: 'inpatient' | 'chronic' | 'outpatient'): AidLine | undefined {
  const acc = LINE_ACC[line]!;
  switch (category) {
    case '特困':
      return { ratio: `xining.assistance.destitute.${line}.ratio`, cap: `xining.assistance.destitute.${line}.cap`, acc };
    case '低保':
    case '返贫致贫':
      return line === 'outpatient' ? undefined : { ratio: `xining.assistance.keyTarget.${line}.ratio`, cap: `xining.assistance.keyTarget.${line}.cap`, acc };
    case '低保边缘':
    case '易返贫致贫':
      return line === 'inpatient' ? { ratio: 'xining.assistance.marginal.ratio', cap: 'xining.assistance.marginal.cap', threshold: 'xining.assistance.marginal.threshold', acc } : undefined;
    case '支出型贫困':
      return line === 'inpatient' ? { ratio: 'xining.assistance.expenditurePoor.ratio', cap: 'xining.assistance.expenditurePoor.cap', threshold: 'xining.assistance.expenditurePoor.threshold', acc } : undefined;
    default:
      return undefined;
  }
}

const LINE_ZH = { inpatient: '住院', chronic: '门诊慢性病', outpatient: '普通门诊' } as const;

/** 医疗救助 (residents, 一(二)5): after basic and critical illness, on the residual in-scope burden. */
function assistancePay(bill: Bill, o: BasicOutcome): Decimal {
  const { row, params, acc, trace } = bill.ctx;
  const category = row['assistance'] as string | undefined;
  if (category === undefined || category === '无') return ZERO;
  if (row['scheme'] === '职工') {
    trace.note('职工医保医疗救助需前往人寿保险公司手工报销，本表不计算(二(二)4(4))');
    return ZERO;
  }
  if (!o.assistance) return ZERO;
  const line = aidLine(category, o.assistance);
  if (!line) return ZERO;
  const residual = bill.chain.residual;
  const capLimit = params.get(line.cap);
  const used = acc.get(line.acc);
  let amount: Decimal;
  let text: string;
  if (row['location'] === '异地转诊未备案') {
    const ratio = params.get('xining.assistance.unreferred.ratio');
    amount = round2(residual.times(ratio));
    text = `医疗救助(${category}·未按规定转诊)：${fmtPlain(residual)}×${fmtPct(ratio)}=${fmt2(amount)}，限额仍按${LINE_ZH[o.assistance]}救助${fmtPlain(capLimit)}`;
  } else if (line.threshold) {
    const threshold = params.get(line.threshold);
    const ratio = params.get(line.ratio);
    const baseBefore = acc.get(ACC.assistBase);
    const r = annualExcess({ baseBefore, added: residual, threshold, ratio, paidBefore: acc.get(ACC.assistExcessPaid) });
    acc.set(ACC.assistBase, r.baseAfter);
    amount = r.pay;
    if (lte(r.baseAfter, threshold)) return ZERO;
    text = `医疗救助(${category})：年度累计个人负担${fmtPlain(r.baseAfter)}超过${fmtPlain(threshold)}部分×${fmtPct(ratio)}=${fmt2(r.dueRounded)}，本次${fmt2(amount)}`;
  } else {
    const ratio = params.get(line.ratio);
    amount = round2(residual.times(ratio));
    text = `医疗救助(${category}·${LINE_ZH[o.assistance]})：${fmtPlain(residual)}×${fmtPct(ratio)}=${fmt2(amount)}`;
  }
  const c = cap(amount, capLimit, used);
  const paid = bill.chain.pay('assistance', c.value);
  acc.add(line.acc, paid);
  if (line.threshold && row['location'] !== '异地转诊未备案') acc.add(ACC.assistExcessPaid, paid);
  if (c.bound) text = `${text}，年度救助限额${fmtPlain(capLimit)}剩余${fmtPlain(c.room)}，支付${fmt2(paid)}`;
  const ref = params.ref(line.cap);
  const rests = row['location'] === '异地转诊未备案' ? CV.unreferredAssistance : params.conventionOf(line.ratio);
  if (rests) trace.convention([rests, GENERAL.inScopeBurden], `${text}(${ref})`);
  else trace.step(`${text}(${ref})`);
  return paid;
}
