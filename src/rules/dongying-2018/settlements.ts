/**
 * Dongying 2018 settlements (RULES.md "## Dongying"): eligibility gates (第三十八条, 第三十九条, 待遇状态),
 * then the visit type's basic-fund rule, then the payer chain of RULES.md §General 8 — large-medical
 * (in the pool step), critical illness (special drugs), civil-servant subsidy, medical assistance (none
 * in the text), personal account (not computed), patient.
 */
import type { TypedRow } from '../../kinds/validate.js';
import { need } from '../needs.js';
import { type Decimal, D, ZERO, toCount } from '../../money.js';
import { outOfRangeWarning, PayerChain } from '../ops/index.js';
import { type KindRules, type LedgerHooks, type ResultValues, type RowContext, type RuleModule, RowError } from '../types.js';
import { settlementParams } from './settlement-params.js';
import { settlementRuleDefs } from './settlement-rules.js';
import { chronic } from './settlements/chronic.js';
import { civilServant } from './settlements/civil-servant.js';
import { inpatient, type VisitResult } from './settlements/inpatient.js';
import { outpatient } from './settlements/outpatient.js';
import { ACC, type Amounts, accumulatorLabel, amounts } from './settlements/shared.js';
import { RESIDENT_CI_NOTE, specialDrug } from './settlements/special-drug.js';
import { DONGYING_SETTLEMENT_CONVENTIONS } from './settlements/conventions.js';

const STATUS_REF: Record<string, string> = { 等待期: '第四十二条', 中断: '第四十四条', 欠费超6个月: '第四十三条' };

/**
 * Why no fund pays on this row whatever else it holds (exclusion, suspended benefit, uncovered location:
 * RULES.md §General 14, 第三十八条, 第三十九条), or undefined.
 */
function gate(row: TypedRow): string | undefined {
  const excl = row['exclusion'] as string | undefined;
  if (excl !== undefined && excl !== '') return `不予支付情形「${excl}」：不享受社会医疗保险待遇，各项基金支付0（第三十八条）`;
  const st = row['benefitStatus'] as string | undefined;
  if (st !== undefined && st !== '正常') {
    const ref = row['scheme'] === '居民' ? '第四十六条' : (STATUS_REF[st] ?? '第四十四条');
    return `待遇状态「${st}」：统筹基金不予支付（${ref}）`;
  }
  if (row['location'] === '异地临时外出') return '就医地类型「异地临时外出」不属第三十九条所列异地就医情形，基金不予支付（第三十九条）';
  return undefined;
}

function results(ctx: RowContext, a: Amounts, chain: PayerChain, v: Partial<VisitResult> & { ci?: Decimal | undefined; cs?: Decimal | undefined }): ResultValues {
  const { row, acc } = ctx;
  const fund = chain.paid('fund');
  const his = row['hisFundPaid'] as Decimal | undefined;
  return {
    eligibleCost: a.e,
    deductible: v.deductible ?? ZERO,
    fundPaid: fund,
    largeSubsidyPaid: a.scheme === 'employee' ? (v.lm ?? ZERO) : undefined,
    criticalIllnessPaid: v.ci,
    civilServantPaid: v.cs,
    assistancePaid: undefined,
    maternityPaid: undefined,
    accountPaid: undefined,
    totalFundPaid: chain.fundTotal,
    patientPays: chain.patient,
    admissionNo: toCount(acc.get(ACC.admissions)), // int: count
    ytdFundPaid: acc.get(ACC.poolTotal),
    difference: his === undefined ? undefined : fund.minus(his),
  };
}

function notes(ctx: RowContext, a: Amounts): void {
  const { row, trace } = ctx;
  const assist = row['assistance'] as string | undefined;
  if (assist !== undefined && assist !== '无') trace.note('东营办法未规定医疗救助标准（仅第三条提及衔接），医疗救助支付未计算');
  if (row['visitType'] === '生育') trace.step('生育住院费用按普通住院由统筹基金支付(第四十条)');
  if (a.scheme === 'resident' && row['civilServant'] === '是') trace.note('公务员医疗补助仅适用于职工（第七条），本行不计算');
}

function compute(ctx: RowContext): ResultValues {
  const { row, trace } = ctx;
  const vt = row['visitType'] as string;
  if (vt === '两病门诊') throw new RowError('列「就诊类型」的值「两病门诊」：东营办法未规定两病门诊待遇，无法计算 / Dongying 2018 has no two-diseases outpatient benefit');
  const a = amounts(ctx);
  const chain = new PayerChain(a.total, a.total.minus(a.x), (payer, computed, paid) => trace.warn(outOfRangeWarning(payer, computed, paid)));
  notes(ctx, a);
  const blocked = gate(row);
  if (blocked) {
    trace.warn(blocked);
    trace.step(blocked.replace(/（(第.+条)）$/, '($1)'));
    chain.pay('fund', ZERO);
    return results(ctx, a, chain, { ci: a.scheme === 'employee' ? ZERO : undefined, cs: a.scheme === 'employee' && row['civilServant'] === '是' ? ZERO : undefined });
  }
  if (vt === '特殊药品') {
    const { ci } = specialDrug(ctx, a, chain);
    return results(ctx, a, chain, { ci, cs: a.scheme === 'employee' && row['civilServant'] === '是' ? ZERO : undefined });
  }
  const v = vt === '普通门诊' ? outpatient(ctx, a, chain) : vt === '门诊慢特病' ? chronic(ctx, a, chain) : inpatient(ctx, a, chain);
  let ci: Decimal | undefined = ZERO;
  if (a.scheme === 'resident') {
    ci = undefined;
    if (vt !== '普通门诊') trace.note(RESIDENT_CI_NOTE);
  }
  const cs = a.scheme === 'employee' && row['civilServant'] === '是' ? civilServant(ctx, chain) : undefined;
  return results(ctx, a, chain, { ...v, ci, cs });
}

/** What the ledger reads of these rules (LEDGER.md): 既往… columns, a 冲销 row's year-to-date cells, the current stay. */
const settlementLedger: LedgerHooks = {
  priorValues(row, acc) {
    const out: Record<string, Decimal> = {};
    if (row['priorAdmissions'] !== undefined) out['priorAdmissions'] = acc.get(ACC.admissions);
    if (row['priorFundPaid'] !== undefined) out['priorFundPaid'] = acc.get(ACC.poolTotal);
    if (row['priorCriticalBase'] !== undefined) out['priorCriticalBase'] = acc.get(ACC.sdCost);
    return out;
  },
  ytdResults(_row, acc) {
    return { admissionNo: toCount(acc.get(ACC.admissions)), ytdFundPaid: acc.get(ACC.poolTotal) }; // int: count
  },
  latestStayKeys: [ACC.lastDeductible, ACC.stayCost, ACC.stayCounted],
  accumulator: accumulatorLabel,
};

export const settlementRules: KindRules = {
  compute,
  ledger: settlementLedger,
  /** 既往住院次数 → admissions; 既往统筹支付 → pooled-fund YTD; 既往大病累计 → special-drug cost YTD (职工 CI base). */
  seed(row: TypedRow, acc) {
    if (typeof row['priorAdmissions'] === 'number') acc.set(ACC.admissions, D(row['priorAdmissions']));
    const prior = row['priorFundPaid'] as Decimal | undefined;
    if (prior !== undefined) {
      acc.set(ACC.poolTowardCap, prior);
      acc.set(ACC.poolTotal, prior);
    }
    const ci = row['priorCriticalBase'] as Decimal | undefined;
    if (ci !== undefined) {
      // Earlier special-drug rows are taken as settled by this rule (covered at the city ratio in all).
      acc.set(ACC.sdCost, ci);
      acc.set(ACC.sdSeeded, ci);
    }
  },
  paysNothing: (row) => gate(row) !== undefined,
  // 人员状态 is read by no Dongying rule (职工 ratios do not depend on it), so it is not needed here.
  needs: [
    need('provincialCompensation', { scheme: ['职工'], visitType: ['特殊药品'] }, '职工特药的市定标准扣除省定补偿额，第三十六条(一)'),
    need('annualBase', { scheme: ['职工'], civilServant: ['是'], visitType: ['住院', '普通门诊', '门诊慢特病', '生育'] }, '公务员医疗补助支付超过年缴费基数10%的个人负担，第三十七条'),
  ],
};

export const settlementsModule: RuleModule = { kind: 'settlements', params: settlementParams, rules: settlementRuleDefs, conventions: DONGYING_SETTLEMENT_CONVENTIONS, kindRules: settlementRules };
