/**
 * Year-to-date accumulator names of Xining settlements (per person and calendar year; RULES.md General 5–6).
 * One name per fact; every settlement file reads and adds through these names.
 */
import type { Accumulators } from '../../../engine/accumulators.js';
import type { TypedRow } from '../../../kinds/validate.js';
import { type Decimal, D } from '../../../money.js';

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

