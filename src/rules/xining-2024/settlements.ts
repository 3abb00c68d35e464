/**
 * Xining 2024 settlements. Order of deductions is the handbook's printed formula (二(二)4(1)):
 * (总费用 − 完全政策自费 − 部分政策自付 − 起付线) × 对应报销比例 = 实际报销金额.
 */
import type { TypedRow } from '../../kinds/validate.js';
import { type Decimal, D, ONE, ZERO, fmt2, fmtPct, fmtPlain } from '../../money.js';
import { cap, deduct, PayerChain } from '../ops/index.js';
import { type KindRules, type ResultValues, type RowContext, type RuleModule, RowError } from '../types.js';
import { settlementParams } from './settlement-params.js';
import { settlementRuleDefs } from './settlement-rules.js';

const LEVEL_KEY: Record<string, string> = { 一级: 'level1', 二级: 'level2', 三级: 'level3', 社区: 'level1' };
const ORDINAL = ['first', 'second', 'third'] as const;
const ORDINAL_ZH = ['第1次', '第2次', '第3次'];

export const ACC = {
  admissions: 'xining.employee.inpatient.admissions',
  fundPaid: 'xining.employee.inpatient.fundPaid',
} as const;

function money(row: TypedRow, key: string): Decimal {
  return (row[key] as Decimal | undefined) ?? ZERO;
}

/** 职工住院 (二(二)4(1)): deductible by the admission's ordinal in the year, ratio by level and status, 25万 cap. */
function employeeInpatient(ctx: RowContext): ResultValues {
  const { row, params, acc, trace } = ctx;
  const level = LEVEL_KEY[String(row['level'])];
  if (!level) throw new RowError(`列「医院等级」的值「${String(row['level'])}」不适用于住院 / level not valid for inpatient`);
  const total = money(row, 'totalCost');
  const x = money(row, 'fullySelfPaid');
  const pb = money(row, 'classBSelfPay');
  const eligible = total.minus(x).minus(pb);

  const ordinal = acc.get(ACC.admissions).toNumber() + 1; // int: admission count
  const ord = ORDINAL[Math.min(ordinal, 3) - 1]!; // int
  const dId = `xining.employee.inpatient.deductible.${level}.${ord}`;
  const { charged: deductible, remaining } = deduct(eligible, params.get(dId));
  trace.step(`起付线${fmtPlain(deductible)}(${params.ref(dId)}·${row['level']}·年度${ORDINAL_ZH[Math.min(ordinal, 3) - 1]})`); // int

  const status = row['employmentStatus'] === '退休' ? 'retired' : 'employed';
  const rId = `xining.employee.inpatient.ratio.${level}.${status}`;
  const ratio = params.get(rId);
  const raw = remaining.times(ratio);
  const capped = cap(raw, params.get('xining.employee.inpatient.cap'), acc.get(ACC.fundPaid));
  const chain = new PayerChain(total, total.minus(x));
  const fund = chain.pay('fund', capped.value);
  trace.step(`(${fmtPlain(total)}-${fmtPlain(x)}-${fmtPlain(pb)}-${fmtPlain(deductible)})×${fmtPct(ratio)}=${fmt2(fund)}(${params.ref(rId)})`);
  if (capped.bound) trace.step(`年度最高支付限额${fmtPlain(params.get('xining.employee.inpatient.cap'))}封顶(${params.ref('xining.employee.inpatient.cap')})`);

  acc.add(ACC.admissions, ONE);
  const ytd = acc.add(ACC.fundPaid, fund);
  return {
    eligibleCost: eligible,
    deductible,
    fundPaid: fund,
    totalFundPaid: chain.fundTotal,
    patientPays: chain.patient,
    admissionNo: ordinal,
    ytdFundPaid: ytd,
  };
}

export const settlementRules: KindRules = {
  compute(ctx) {
    const { row } = ctx;
    if (row['scheme'] === '职工' && row['visitType'] === '住院') return employeeInpatient(ctx);
    throw new RowError(`尚未支持：${String(row['scheme'])}·${String(row['visitType'])} / not supported yet`);
  },
  seed(row, acc) {
    if (typeof row['priorAdmissions'] === 'number') acc.set(ACC.admissions, D(row['priorAdmissions']));
    if (row['priorFundPaid'] !== undefined) acc.set(ACC.fundPaid, row['priorFundPaid'] as Decimal);
  },
};

export const settlementsModule: RuleModule = { kind: 'settlements', params: settlementParams, rules: settlementRuleDefs, kindRules: settlementRules };
