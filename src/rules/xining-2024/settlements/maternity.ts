/**
 * 生育 (三(二)2, 三(三), 八6): deliveries are paid up to the table's limit by level (+600 per extra baby),
 * outpatient family-planning items are fixed amounts, an uninsured spouse gets 50% of the delivery limit as a
 * lump sum. Flexible workers and retirees have no maternity insurance (八6): their deliveries settle as
 * employee inpatient; residents have none either and settle under the resident rules.
 */
import { D, ZERO, fmt2, fmtPct, fmtPlain } from '../../../money.js';
import { RowError } from '../../types.js';
import { type Bill, levelOf } from './bill.js';
import { employeeInpatient } from './employee-inpatient.js';
import type { BasicOutcome } from './outcome.js';
import { residentInpatient, residentOutpatient } from './resident.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

/** 分娩/住院项目 → parameter key of the delivery table. */
const DELIVERY: Record<string, string> = {
  自然分娩: 'natural',
  剖宫产: 'caesarean',
  胎膜早破阴道分娩: 'prom',
  人工干预分娩: 'assisted',
  住院流产: 'inpatientAbortion',
  住院引产: 'inducedLabour',
};
/** Births (the multiple-birth increment applies to these). */
const BIRTHS = ['自然分娩', '剖宫产', '胎膜早破阴道分娩', '人工干预分娩'];

/** 门诊项目 → fixed amount parameter (产前检查 depends on 怀孕月数). */
const OUTPATIENT: Record<string, string> = {
  门诊人工流产: 'xining.maternity.outpatientAbortion',
  门诊药物流产: 'xining.maternity.medicalAbortion',
  放置取出节育器: 'xining.maternity.iud',
  人工流产并放置取出节育器: 'xining.maternity.abortionWithIud',
  女职工绝育: 'xining.maternity.femaleSterilisation',
  男职工绝育: 'xining.maternity.maleSterilisation',
  复通术: 'xining.maternity.recanalisation',
};

function zero(bill: Bill): BasicOutcome {
  return { eligible: bill.inScope, deductible: ZERO, fund: ZERO, maternity: ZERO };
}

export function maternity(bill: Bill): BasicOutcome {
  const { row, trace } = bill.ctx;
  const item = row['maternityItem'] as string; // a need of 生育 rows (settlements.ts)
  const delivery = DELIVERY[item] !== undefined;

  if (row['scheme'] === '居民') {
    trace.note('城乡居民无生育保险，生育医疗费按居民医保政策报付(三(三))');
    trace.convention(CV.residentMaternity, `居民生育(${item})按居民${delivery ? '住院' : '普通门诊'}结算`);
    return delivery ? residentInpatient(bill) : residentOutpatient(bill);
  }
  const status = row['employmentStatus'];
  if (status === '退休' || status === '灵活就业') {
    trace.note(`${String(status)}人员不能享受生育保险待遇(八6)`);
    if (delivery) {
      trace.step(`${String(status)}人员生育住院费用按职工基本医疗保险政策执行(八6)`);
      return { ...employeeInpatient(bill), maternity: ZERO };
    }
    trace.warn(`${String(status)}人员不能享受生育保险待遇，门诊生育项目不予支付(八6)`);
    trace.step(`生育保险支付0.00(八6)`);
    return zero(bill);
  }
  if (row['maternityFor'] === '配偶未参保') return spouseLumpSum(bill, item);
  return delivery ? deliveryLimit(bill, item) : outpatientItem(bill, item);
}

/** The delivery table's limit at the row's level, +600 per extra baby. */
function limitOf(bill: Bill, item: string): { limit: ReturnType<typeof D>; text: string } {
  const { row, params } = bill.ctx;
  const level = levelOf(bill, '生育分娩');
  const id = `xining.maternity.delivery.${DELIVERY[item]!}.${level}`;
  let limit = params.get(id);
  let text = `${item}·${String(row['level'])}支付限额${fmtPlain(limit)}`;
  const babies = typeof row['babies'] === 'number' ? row['babies'] : 1;
  if (BIRTHS.includes(item) && babies > 1) { // int
    const extra = params.get('xining.maternity.extraBaby').times(babies - 1); // int: extra babies
    limit = limit.plus(extra);
    text = `${text}+${fmtPlain(params.get('xining.maternity.extraBaby'))}×${babies - 1}=${fmtPlain(limit)}`; // int
  }
  return { limit, text };
}

function deliveryLimit(bill: Bill, item: string): BasicOutcome {
  const { trace } = bill.ctx;
  const { limit, text } = limitOf(bill, item);
  const paid = bill.chain.pay('maternity', limit);
  trace.convention(CV.maternityLimit, `${text}，政策范围内费用${fmtPlain(bill.inScope)}，生育保险支付${fmt2(paid)}(三(二)2)`);
  return { eligible: bill.inScope, deductible: ZERO, fund: ZERO, maternity: paid };
}

function spouseLumpSum(bill: Bill, item: string): BasicOutcome {
  const { params, trace } = bill.ctx;
  if (DELIVERY[item] === undefined) {
    trace.warn(`未参保配偶仅享受分娩一次性补助，「${item}」不予支付(三(三))`);
    trace.step('生育保险支付0.00(三(三))');
    return zero(bill);
  }
  const { limit, text } = limitOf(bill, item);
  const share = params.get('xining.maternity.spouseShare');
  const paid = bill.chain.pay('maternity', limit.times(share));
  trace.step(`男职工未参保配偶：${text}×${fmtPct(share)}=${fmt2(paid)}一次性补助(${params.ref('xining.maternity.spouseShare')})`);
  return { eligible: bill.inScope, deductible: ZERO, fund: ZERO, maternity: paid };
}

function outpatientItem(bill: Bill, item: string): BasicOutcome {
  const { row, params, trace } = bill.ctx;
  let id = OUTPATIENT[item];
  if (item === '产前检查') {
    const months = row['pregnancyMonths'] as number; // a need of these rows (settlements.ts)
    id = D(months).greaterThan(params.get('xining.maternity.prenatalLateMonths')) ? 'xining.maternity.prenatalLate' : 'xining.maternity.prenatal';
  }
  if (id === undefined) throw new RowError(`列「生育项目」的值「${item}」无法结算 / 生育项目 '${item}' cannot be settled`);
  const amount = params.get(id);
  const paid = bill.chain.pay('maternity', amount);
  const shown = item === '产前检查' ? `产前检查(怀孕${String(row['pregnancyMonths'])}个月)` : item;
  trace.step(`${shown}补助${fmtPlain(amount)}(${params.ref(id)})`);
  if (paid.lessThan(amount)) trace.convention(CV.maternityLimit, `补助以政策范围内费用${fmtPlain(bill.inScope)}为限，支付${fmt2(paid)}`);
  return { eligible: bill.inScope, deductible: ZERO, fund: ZERO, maternity: paid };
}
