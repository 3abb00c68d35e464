/**
 * Xining 2024 settlements (西宁市城中区《医疗保障政策宣传手册》). One row = one settlement:
 * exclusions and 待遇状态 (RULES.md General 14) → the visit type's basic-insurance rule → critical illness →
 * civil-servant subsidy → medical assistance (General 8); 个人负担 is the exact complement (General 1).
 * Order of deductions is the handbook's printed formula (二(二)4(1)):
 * (总费用 − 完全政策自费 − 部分政策自付 − 起付线) × 对应报销比例 = 实际报销金额.
 */
import { type Decimal, ZERO, cmp, fmt2, fmtPlain, toCount } from '../../money.js';
import type { TypedRow } from '../../kinds/validate.js';
import { type KindRules, type LedgerHooks, type ResultValues, type RowContext, type RuleModule, RowError, type Stay } from '../types.js';
import { settlementParams } from './settlement-params.js';
import { settlementRuleDefs } from './settlement-rules.js';
import { ACC, accumulatorLabel, seedSettlement } from './settlements/accumulators.js';
import { laterPayers } from './settlements/after-basic.js';
import { type Bill, openBill } from './settlements/bill.js';
import { chronic } from './settlements/chronic.js';
import { employeeInpatient } from './settlements/employee-inpatient.js';
import { employeeOutpatient } from './settlements/employee-outpatient.js';
import { maternity } from './settlements/maternity.js';
import type { BasicOutcome } from './settlements/outcome.js';
import { residentInpatient, residentOutpatient, residentTwoDiseases } from './settlements/resident.js';
import { specialDrug } from './settlements/special-drug.js';
import { SETTLEMENT_CONVENTIONS as CV, XINING_SETTLEMENT_CONVENTIONS } from './settlements/conventions.js';
import { need } from '../needs.js';

export { ACC } from './settlements/accumulators.js';

function basic(bill: Bill): BasicOutcome {
  const employee = bill.row['scheme'] === '职工';
  const type = bill.row['visitType'];
  switch (type) {
    case '住院':
      return employee ? employeeInpatient(bill) : residentInpatient(bill);
    case '普通门诊':
      return employee ? employeeOutpatient(bill) : residentOutpatient(bill);
    case '门诊慢特病':
      return chronic(bill);
    case '两病门诊':
      return residentTwoDiseases(bill);
    case '特殊药品':
      return specialDrug(bill);
    case '生育':
      return maternity(bill);
    default:
      throw new RowError(`列「就诊类型」的值「${String(type)}」无法结算 / visit type cannot be settled`);
  }
}

/**
 * An exclusion (七(一)) or a 待遇状态 other than 正常: no fund pays, whatever else the row holds. From the row
 * alone, so that the row check (KindRules.paysNothing: such a row needs no further column) and the rules agree.
 */
function denial(row: TypedRow): { exclusion: string } | { status: string } | undefined {
  const exclusion = row['exclusion'] as string | undefined;
  if (exclusion !== undefined) return { exclusion };
  const status = row['benefitStatus'] as string | undefined;
  if (status !== undefined && status !== '正常') return { status };
  return undefined;
}

/** Exclusions, a suspended benefit, a visit during the person's own stay: no fund pays (RULES.md General 14). */
function blocked(bill: Bill): BasicOutcome | undefined {
  const { row, trace } = bill.ctx;
  const denied = denial(row);
  if (denied && 'exclusion' in denied) {
    trace.warn(`不予支付情形「${denied.exclusion}」：医保基金不予支付(七(一))`);
    trace.step(`不予支付情形「${denied.exclusion}」，各项基金支付0.00(七(一))`);
    return nothingPaid(bill);
  }
  if (denied) {
    trace.warn(`待遇状态为「${denied.status}」：基金不予支付`);
    trace.convention(CV.benefitStatus, `待遇状态「${denied.status}」，各项基金支付0.00`);
    return nothingPaid(bill);
  }
  const stay = duringStay(bill.ctx);
  if (stay) {
    const ref = duringStayRef(row);
    trace.warn(`就诊日期在本人住院期间（${stay.from}至${stay.to}${stay.settlementId ? `，结算号${stay.settlementId}` : ''}）：不享受普通门诊和门诊慢特病待遇(${ref})`);
    trace.step(`住院期间不再享受普通门诊和门诊慢特病待遇，基金支付0.00(${ref})`);
    return nothingPaid(bill);
  }
  return undefined;
}

/** A blocked row: E as given (no Class-B estimate), no fund pays. */
function nothingPaid(bill: Bill): BasicOutcome {
  const given = (bill.row['classBSelfPay'] as Decimal | undefined) ?? ZERO;
  return { eligible: bill.inScope.minus(given), deductible: ZERO, fund: ZERO };
}

/** The article denying outpatient benefits during a stay, by scheme. */
function duringStayRef(row: TypedRow): string {
  return row['scheme'] === '职工' ? '二(二)1(2)④' : '一(二)1';
}

const OUTPATIENT_TYPES = new Set(['普通门诊', '门诊慢特病', '两病门诊']);

/**
 * 二(二)1(2)④ / 一(二)1 注: no general-outpatient or chronic benefit during an inpatient stay. "During" is read as
 * from the admission day up to, not including, the discharge day (a visit after leaving on that day is not during).
 */
function duringStay(ctx: RowContext): Stay | undefined {
  if (!OUTPATIENT_TYPES.has(String(ctx.row['visitType']))) return undefined;
  const d = ctx.row['visitDate'] as string | undefined;
  if (!d || !ctx.stays) return undefined;
  for (const s of ctx.stays) if (s.from <= d && d < s.to) return s;
  return undefined;
}

function currentAdmissions(ctx: RowContext): number {
  return toCount(ctx.acc.get(ctx.row['scheme'] === '职工' ? ACC.admissions : ACC.residentAdmissions)); // int: admission count
}

function compute(ctx: RowContext): ResultValues {
  const bill = openBill(ctx);
  const stop = blocked(bill);
  const o = stop ?? basic(bill);
  const later = stop ? { criticalIllness: ZERO, civilServant: ZERO, assistance: ZERO } : laterPayers(bill, o);
  const fund = o.fund ?? ZERO;
  const ytd = ctx.acc.add(ACC.ytdFund, fund);
  const his = ctx.row['hisFundPaid'] as Decimal | undefined;
  const difference = his === undefined ? undefined : fund.minus(his);
  if (his !== undefined && cmp(his, fund) !== 0) ctx.trace.note(`统筹基金支付与医院计算值${fmtPlain(his)}相差${fmt2(difference!)}`);
  const inpatient = ctx.row['visitType'] === '住院' || o.admissionNo !== undefined;
  return {
    eligibleCost: o.eligible,
    deductible: o.deductible ?? ZERO,
    fundPaid: fund,
    criticalIllnessPaid: later.criticalIllness,
    civilServantPaid: later.civilServant,
    assistancePaid: later.assistance,
    maternityPaid: o.maternity ?? ZERO,
    accountPaid: o.account ?? ZERO,
    totalFundPaid: bill.chain.fundTotal,
    patientPays: bill.chain.patient,
    admissionNo: inpatient ? (o.admissionNo ?? currentAdmissions(ctx)) : undefined,
    ytdFundPaid: ytd,
    difference,
  };
}

/** What the ledger reads of these rules (LEDGER.md): 既往… columns, a 冲销 row's year-to-date cells, stays. */
const settlementLedger: LedgerHooks = {
  priorValues(row, acc) {
    const out: Record<string, Decimal> = {};
    if (row['priorAdmissions'] !== undefined) out['priorAdmissions'] = acc.get(row['scheme'] === '职工' ? ACC.admissions : ACC.residentAdmissions);
    if (row['priorFundPaid'] !== undefined) out['priorFundPaid'] = acc.get(ACC.ytdFund);
    if (row['priorCriticalBase'] !== undefined) out['priorCriticalBase'] = acc.get(ACC.ciBase);
    return out;
  },
  ytdResults(row, acc) {
    return { admissionNo: toCount(acc.get(row['scheme'] === '职工' ? ACC.admissions : ACC.residentAdmissions)), ytdFundPaid: acc.get(ACC.ytdFund) }; // int: count
  },
  outpatientDuringStay: { ref: duringStayRef },
  accumulator: accumulatorLabel,
};

export const settlementRules: KindRules = {
  compute,
  seed: seedSettlement,
  ledger: settlementLedger,
  paysNothing: (row) => denial(row) !== undefined,
  needs: [
    need('employmentStatus', { scheme: ['职工'] }, '职工的起付线和支付比例分在职、退休，二(二)1、二(二)4(1)'),
    need('maternityItem', { visitType: ['生育'] }, '生育医疗费按分娩方式或计划生育项目的标准支付，三(二)2'),
    need('disease', { visitType: ['门诊慢特病', '两病门诊'] }, '门诊慢特病和两病门诊按病种支付，一(二)2、一(二)3、二(二)2'),
    need('flexibleRate', { scheme: ['职工'], employmentStatus: ['灵活就业'], visitType: ['普通门诊', '门诊慢特病'] }, '4.2%档灵活就业人员普通门诊限额500元、无门诊慢特病待遇，二(一)2(2)、二(二)1(2)'),
    need('pregnancyMonths', { scheme: ['职工'], employmentStatus: ['在职'], visitType: ['生育'], maternityItem: ['产前检查'], maternityFor: ['本人', null] }, '产前检查补助按怀孕月数为500元或800元，三(二)2'),
  ],
};

export const settlementsModule: RuleModule = { kind: 'settlements', params: settlementParams, rules: settlementRuleDefs, conventions: XINING_SETTLEMENT_CONVENTIONS, kindRules: settlementRules };
