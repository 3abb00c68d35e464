/**
 * Year-to-date accumulator names of Xining settlements (per person and calendar year; RULES.md General 5–6).
 * One name per fact; every settlement file reads and adds through these names.
 */
import type { Accumulators } from '../../../engine/accumulators.js';
import type { TypedRow } from '../../../kinds/validate.js';
import { type Decimal, D } from '../../../money.js';
import type { AccumulatorLabel } from '../../types.js';

export const ACC = {
  /** 职工 admissions counted this year (二(二)4(1) ordinal; a long stay counts twice, 八7). */
  admissions: 'xining.employee.inpatient.admissions',
  /** 职工 pooled-fund payments toward the 25万 cap: inpatient and special drugs. */
  fundPaid: 'xining.employee.inpatient.fundPaid',
  /** 灵活就业 inpatient fund payments while 参保月数 < 12 (八7: 1万). */
  flexEarlyPaid: 'xining.flexible.inpatient.earlyPaid',
  /** 居民 admissions this year (for 本年住院次数 only: residents pay the deductible on every admission). */
  residentAdmissions: 'xining.resident.inpatient.admissions',
  residentInpatientPaid: 'xining.resident.inpatient.fundPaid',
  /** Every basic pooled-fund payment of the year (年度累计统筹支付). */
  ytdFund: 'xining.fundPaid.total',
  employeeOutpatientPaid: 'xining.employee.outpatient.fundPaid',
  residentOutpatientPaid: 'xining.resident.outpatient.fundPaid',
  twoDiseasesPaid: 'xining.resident.twoDiseases.fundPaid',
  chronic1Paid: 'xining.chronic.class1.fundPaid',
  chronic2Paid: 'xining.chronic.class2.fundPaid',
  chronic2Deductible: 'xining.resident.chronic.class2.deductibleUsed',
  chronic2AccountUsed: 'xining.employee.chronic.class2.accountUsed',
  /** Critical illness: the year's in-scope burden that feeds it, and what it paid (RULES.md General 9). */
  ciBase: 'xining.ci.base',
  ciPaid: 'xining.ci.paid',
  assistInpatient: 'xining.assistance.inpatient.paid',
  assistChronic: 'xining.assistance.chronic.paid',
  assistOutpatient: 'xining.assistance.outpatient.paid',
  /** 低保边缘/易返贫致贫/支出型贫困: the year's residual inpatient burden after basic and CI. */
  assistBase: 'xining.assistance.inpatient.base',
  /** What the threshold rule above paid this year (a 40% unreferred payment does not reduce what it owes). */
  assistExcessPaid: 'xining.assistance.inpatient.excessPaid',
} as const;

const EMPLOYEE_CI = 'xining.employee.ci.threshold';
const RESIDENT_CI = 'xining.resident.ci.threshold';

/** Each name as a clerk reads it (`yibao ledger show`), with the parameters whose articles it serves. */
const LABELS: Record<string, AccumulatorLabel> = {
  [ACC.admissions]: { zh: '职工本年住院次数（定起付标准的次序）', unit: 'count', params: ['xining.employee.inpatient.deductible.level3.first', 'xining.employee.inpatient.longStayDays'] },
  [ACC.fundPaid]: { zh: '职工住院及特殊药品统筹基金支付累计（计入年度最高支付限额）', unit: 'yuan', params: ['xining.employee.inpatient.cap'] },
  [ACC.flexEarlyPaid]: { zh: '灵活就业人员连续参保未满12个月住院统筹基金支付累计', unit: 'yuan', params: ['xining.flexible.earlyCap'] },
  [ACC.residentAdmissions]: { zh: '居民本年住院次数', unit: 'count', params: ['xining.resident.inpatient.deductible.level3'] },
  [ACC.residentInpatientPaid]: { zh: '居民住院统筹基金支付累计（计入年度最高支付限额）', unit: 'yuan', params: ['xining.resident.inpatient.cap'] },
  [ACC.ytdFund]: { zh: '年度累计统筹支付（本年各项统筹基金支付合计）', unit: 'yuan', params: [] },
  [ACC.employeeOutpatientPaid]: { zh: '职工普通门诊统筹基金支付累计', unit: 'yuan', params: ['xining.employee.outpatient.cap.standard'] },
  [ACC.residentOutpatientPaid]: { zh: '居民普通门诊统筹基金支付累计', unit: 'yuan', params: ['xining.resident.outpatient.cap'] },
  [ACC.twoDiseasesPaid]: { zh: '居民两病门诊统筹基金支付累计', unit: 'yuan', params: ['xining.resident.twoDiseases.cap.both'] },
  [ACC.chronic1Paid]: { zh: '门诊慢特病一类统筹基金支付累计', unit: 'yuan', params: ['xining.employee.chronic.class1.cap', 'xining.resident.chronic.class1.cap'] },
  [ACC.chronic2Paid]: { zh: '门诊慢特病二类统筹基金支付累计', unit: 'yuan', params: ['xining.employee.chronic.class2.cap.standard', 'xining.resident.chronic.class2.cap.standard'] },
  [ACC.chronic2Deductible]: { zh: '居民门诊慢特病二类已付起付线', unit: 'yuan', params: ['xining.resident.chronic.class2.deductible'] },
  [ACC.chronic2AccountUsed]: { zh: '职工门诊慢特病二类个人账户上年结余已支付', unit: 'yuan', params: ['xining.employee.chronic.class2.accountFloor'] },
  [ACC.ciBase]: { zh: '大病保险：本年累计政策范围内个人负担', unit: 'yuan', params: [EMPLOYEE_CI, RESIDENT_CI] },
  [ACC.ciPaid]: { zh: '大病保险支付累计', unit: 'yuan', params: [EMPLOYEE_CI, RESIDENT_CI] },
  [ACC.assistInpatient]: { zh: '医疗救助住院支付累计', unit: 'yuan', params: ['xining.assistance.destitute.inpatient.cap'] },
  [ACC.assistChronic]: { zh: '医疗救助门诊慢特病支付累计', unit: 'yuan', params: ['xining.assistance.destitute.chronic.cap'] },
  [ACC.assistOutpatient]: { zh: '医疗救助普通门诊支付累计', unit: 'yuan', params: ['xining.assistance.destitute.outpatient.cap'] },
  [ACC.assistBase]: { zh: '医疗救助：本年累计住院个人负担（低保边缘、易返贫致贫、支出型贫困）', unit: 'yuan', params: ['xining.assistance.marginal.threshold'] },
  [ACC.assistExcessPaid]: { zh: '医疗救助：超过起付标准部分已救助累计', unit: 'yuan', params: ['xining.assistance.marginal.threshold'] },
};

const DISEASE_LABELS: Record<string, { zh: string; params: readonly string[] }> = {
  class2: { zh: '门诊慢特病二类病种', params: ['xining.employee.chronic.class2.cap.multiBonus', 'xining.resident.chronic.class2.cap.multiBonus'] },
  twoDiseases: { zh: '两病病种', params: ['xining.resident.twoDiseases.cap.both'] },
};

/** An accumulator name of these rules as a clerk reads it (undefined: not one of theirs). */
export function accumulatorLabel(name: string): AccumulatorLabel | undefined {
  const fixed = LABELS[name];
  if (fixed) return fixed;
  const m = /^xining\.disease\.([^.]+)\.(.+)$/.exec(name);
  const group = m ? DISEASE_LABELS[m[1]!] : undefined;
  return group ? { zh: `${group.zh}「${m![2]!}」本年已结算次数`, unit: 'count', params: group.params } : undefined;
}

/** A disease seen this year (class-2 chronic, 两病): the "two or more" rules look at the person's year. Counted per row, so a 冲销 takes back one row's and not the others'. */
export function diseaseKey(group: string, disease: string): string {
  let byDisease = DISEASE_KEYS.get(group);
  if (!byDisease) DISEASE_KEYS.set(group, (byDisease = new Map()));
  let key = byDisease.get(disease);
  if (key === undefined) byDisease.set(disease, (key = `xining.disease.${group}.${disease}`));
  return key;
}

/** Keys built once per (group, disease): the class-2 cap looks up all 22 diseases on every chronic row. */
const DISEASE_KEYS = new Map<string, Map<string, string>>();

/** Seed a person-year from the row's 既往… columns (WORKBOOKS.md settlements). */
export function seedSettlement(row: TypedRow, acc: Accumulators): void {
  const employee = row['scheme'] === '职工';
  if (typeof row['priorAdmissions'] === 'number') acc.set(employee ? ACC.admissions : ACC.residentAdmissions, D(row['priorAdmissions']));
  const prior = row['priorFundPaid'] as Decimal | undefined;
  if (prior !== undefined) {
    acc.set(employee ? ACC.fundPaid : ACC.residentInpatientPaid, prior);
    acc.set(ACC.ytdFund, prior);
  }
  const ci = row['priorCriticalBase'] as Decimal | undefined;
  if (ci !== undefined) acc.set(ACC.ciBase, ci);
}

