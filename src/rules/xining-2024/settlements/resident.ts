/**
 * 城乡居民 (一(二)1, 2, 4): inpatient 1500/600/100 on every admission, 70/80/90%, 10万 a year; general
 * outpatient 300 a year at 50% (三级) / 70%; 两病 400/600/1,000 at 50%/70%, no deductible.
 */
import { ONE, ZERO, fmt2, fmtPct, fmtPlain, lt, round2, toCount } from '../../../money.js';
import { cap, deduct } from '../../ops/index.js';
import { RowError } from '../../types.js';
import { ACC, diseaseKey } from './accumulators.js';
import { type Bill, type LevelKey, RESIDENT_INPATIENT_RATIO, classBSelfPay, diseasesOf, eligibleOf, isLevel3, levelOf, ratioWithLocation } from './bill.js';
import { canonicalDisease } from './diseases.js';
import { type BasicOutcome, capStep } from './outcome.js';
import { GENERAL } from '../../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

const DEDUCTIBLE: Record<LevelKey, string> = {
  level1: 'xining.resident.inpatient.deductible.level1',
  level2: 'xining.resident.inpatient.deductible.level2',
  level3: 'xining.resident.inpatient.deductible.level3',
};

export function residentInpatient(bill: Bill): BasicOutcome {
  const { row, params, acc, trace } = bill.ctx;
  const level = levelOf(bill, '住院');
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const dId = DEDUCTIBLE[level];
  const { charged, remaining } = deduct(eligible, params.get(dId));
  trace.step(`起付线${fmtPlain(params.get(dId))}(${params.ref(dId)}·${String(row['level'])}·每次住院)`);
  if (lt(charged, params.get(dId))) trace.convention(GENERAL.deductibleWithinScope, `起付线以政策范围内费用为限，实收${fmt2(charged)}`);
  const rId = RESIDENT_INPATIENT_RATIO[level];
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(remaining.times(ratio));
  trace.step(`(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)}-${fmtPlain(charged)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);
  const c = cap(amount, params.get('xining.resident.inpatient.cap'), acc.get(ACC.residentInpatientPaid));
  capStep(bill, '居民住院年度最高支付限额', 'xining.resident.inpatient.cap', c);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.residentInpatientPaid, fund);
  const admissions = acc.add(ACC.residentAdmissions, ONE);
  return { eligible, deductible: charged, fund, admissionNo: toCount(admissions), criticalIllness: 'resident', assistance: 'inpatient' }; // int: admission count
}

/** The handbook lists designated medical institutions only for residents' outpatient benefits (convention XN19). */
function pharmacyNotCovered(bill: Bill, what: string): BasicOutcome | undefined {
  if (bill.row['level'] !== '药店') return undefined;
  const pb = classBSelfPay(bill);
  bill.ctx.trace.warn(`居民${what}限定点医疗机构，定点零售药店不予支付 / pharmacies are not covered for residents' ${what}`);
  bill.ctx.trace.convention(CV.pharmacyResident, `居民${what}在定点零售药店：统筹基金支付0.00`);
  return { eligible: eligibleOf(bill, pb), deductible: ZERO, fund: ZERO };
}

export function residentOutpatient(bill: Bill): BasicOutcome {
  const { params, acc, trace } = bill.ctx;
  const none = pharmacyNotCovered(bill, '普通门诊');
  if (none) return none;
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const rId = isLevel3(bill) ? 'xining.resident.outpatient.ratio.level3' : 'xining.resident.outpatient.ratio.lower';
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(eligible.times(ratio));
  trace.step(`普通门诊不设起付线，(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);
  // 一(二)1 gives 300 as 2024's provisional cap (like the average wage, RULES.md): other years compute with a warning.
  if (!bill.ctx.date.startsWith('2024')) trace.warn('居民普通门诊支付限额300元为2024年暂定标准(一(二)1)，本年度标准可能不同 / the 300 cap is 2024\'s provisional figure');
  const c = cap(amount, params.get('xining.resident.outpatient.cap'), acc.get(ACC.residentOutpatientPaid));
  capStep(bill, '普通门诊年度支付限额', 'xining.resident.outpatient.cap', c);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.residentOutpatientPaid, fund);
  return { eligible, deductible: ZERO, fund, assistance: 'outpatient' };
}

export function residentTwoDiseases(bill: Bill): BasicOutcome {
  const { row, params, acc, trace } = bill.ctx;
  if (row['scheme'] !== '居民') throw new RowError('「两病门诊」是城乡居民待遇，职工请按普通门诊或门诊慢特病结算 / 两病门诊 is a resident benefit');
  const list = diseasesOf(row).map((d) => canonicalDisease(d) ?? d);
  const bad = list.find((d) => d !== '高血压' && d !== '糖尿病');
  if (list.length === 0 || bad !== undefined) {
    throw new RowError(`两病门诊的「病种」须为高血压和/或糖尿病${bad ? `，不能为「${bad}」` : ''} / 病种 must be 高血压 and/or 糖尿病`);
  }
  const none = pharmacyNotCovered(bill, '两病门诊');
  if (none) return none;
  for (const d of list) acc.add(diseaseKey('twoDiseases', d), ONE);
  const htn = acc.has(diseaseKey('twoDiseases', '高血压'));
  const dm = acc.has(diseaseKey('twoDiseases', '糖尿病'));
  const capId = htn && dm ? 'xining.resident.twoDiseases.cap.both' : htn ? 'xining.resident.twoDiseases.cap.hypertension' : 'xining.resident.twoDiseases.cap.diabetes';
  const pb = classBSelfPay(bill);
  const eligible = eligibleOf(bill, pb);
  const rId = isLevel3(bill) ? 'xining.resident.twoDiseases.ratio.level3' : 'xining.resident.twoDiseases.ratio.lower';
  const ratio = ratioWithLocation(bill, rId);
  const amount = round2(eligible.times(ratio));
  trace.step(`两病门诊无起付线，(${fmtPlain(bill.total)}-${fmtPlain(bill.selfPaid)}-${fmtPlain(pb)})×${fmtPct(ratio)}=${fmt2(amount)}(${params.ref(rId)})`);
  const c = cap(amount, params.get(capId), acc.get(ACC.twoDiseasesPaid));
  capStep(bill, `两病门诊年度限额(${htn && dm ? '高血压、糖尿病' : htn ? '高血压' : '糖尿病'})`, capId, c);
  const fund = bill.chain.pay('fund', c.value);
  acc.add(ACC.twoDiseasesPaid, fund);
  return { eligible, deductible: ZERO, fund };
}
