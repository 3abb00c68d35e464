/**
 * Xining 2024 职工缴费核定 (one row per person per month), as RULES.md "Xining · Contributions" decides:
 * unit 6% + personal 2% of the declared monthly base (二(一)2(1)), maternity 0.9%/0.5% of the same base
 * (三(一)), flexible workers 8% or 4.2% of the average wage (二(一)2(2)), critical-illness premium on the
 * year's first payment (40 / retirees 60, 二(二)4(2)). Monthly amounts are rounded to the fen (RULES §General 2).
 */
import type { TypedRow } from '../../kinds/validate.js';
import { need } from '../needs.js';
import { type Decimal, ZERO, fmt2, fmtPct, fmtPlain, round2, sum } from '../../money.js';
import { param, missingParam, rule } from '../define.js';
import type { ParamDef } from '../params.js';
import { type KindRules, type ResultValues, type RowContext, type RuleDef, type RuleModule, RowError } from '../types.js';
import { FROM, RETIREE_ACCOUNT_CREDIT, RETIREE_CREDIT_CONVENTION, averageMonthlyWage } from './common.js';
import { convention, GENERAL } from '../conventions.js';

const CV = {
  declaredBase: convention({
    id: 'XN1',
    title: '单位参保职工以申报的缴费工资为基数，不设上下限',
    open: '二(一)2(1)：单位按申报基数的6%、个人按2%缴费；手册未给出缴费基数的上下限。',
    chosen: '缴费基数 = 本行「缴费工资」，不做封顶保底。',
    other: '按全省平均工资的60%～300%封顶保底（许多地区的做法）；工资很高或很低的人员金额会不同。',
    rows: '职工缴费核定（西宁）：人员类别为在职的行。',
  }),
  maternityBase: convention({
    id: 'XN2',
    title: '生育保险费以当月缴费基数计',
    open: '三(一)：生育保险费按“本单位上年度职工工资总额”的0.9%或0.5%缴纳，按人按月核定时没有单位工资总额。',
    chosen: '按本行当月缴费基数 × 费率，由单位缴纳；单位类型决定费率（企业、自收自支事业0.9%；机关、全额拨款和差额拨款事业0.5%）。',
    other: '按单位上年度工资总额一次核定，不分摊到人；逐人合计与单位核定额可能差几分钱。',
    rows: '职工缴费核定（西宁）：人员类别为在职的行的生育保险费。',
  }),
  criticalIllnessPremium: convention({
    id: 'XN4',
    title: '大病保险费在「年度首次缴费」行收取，由个人缴纳',
    open: '二(一)2(1)“每年首次缴费+40元（大病保险）”、二(二)4(2)退休人员每年60元，未说明在哪一个月的缴费中收取、由谁缴纳。',
    chosen: '在「年度首次缴费」为是的行收取（在职、灵活就业40元，退休60元），计入个人负担的应缴合计；未填写时按否处理并提示。',
    other: '按月分摊（40÷12），或由单位缴纳。',
    rows: '职工缴费核定（西宁）：年度首次缴费为是的行。',
  }),
} as const;

const P = {
  employerRate: 'xining.employee.contribution.employerRate',
  employeeRate: 'xining.employee.contribution.employeeRate',
  maternityHigh: 'xining.maternity.contribution.rate.enterprise',
  maternityLow: 'xining.maternity.contribution.rate.public',
  flexHigh: 'xining.flexible.contribution.rate.high',
  flexLow: 'xining.flexible.contribution.rate.low',
  ciEmployed: 'xining.employee.criticalIllness.premium.employed',
  ciRetired: 'xining.employee.criticalIllness.premium.retired',
  civilServantRate: 'xining.civilServant.contribution.rate',
} as const;

const params: ParamDef[] = [
  param(P.employerRate, '单位缴费费率（单位申报基数）', 'rate', '二(一)2(1)', '单位是按照申报基数的6%缴费', '0.06', { from: FROM }),
  param(P.employeeRate, '个人缴费费率（单位申报基数）', 'rate', '二(一)2(1)', '个人是按照单位申报基数的 2%缴费', '0.02', { from: FROM }),
  param(P.maternityHigh, '生育保险费率·企业和经费自理的事业单位', 'rate', '三(一)', '企业和经费自理的事业单位缴费费率为本单位上年度职工工资总额的0.9%', '0.009', { from: FROM }),
  param(P.maternityLow, '生育保险费率·机关和财政拨款/财政支持的事业单位', 'rate', '三(一)', '机关和经费来源主要由财政拨款…缴费费率为本单位上年度职工工资总额的0.5%', '0.005', { from: FROM }),
  param(P.flexHigh, '灵活就业人员缴费比例·8%档（建立个人账户）', 'rate', '二(一)2(2)', '平均工资的8%或4.2%缴费；…8%缴费的建立个人账户', '0.08', { from: FROM }),
  param(P.flexLow, '灵活就业人员缴费比例·4.2%档（不建立个人账户）', 'rate', '二(一)2(2)', '按4.2%缴费的不建立个人账户', '0.042', { from: FROM }),
  param(P.ciEmployed, '职工大病保险费·在职（含灵活就业）每年', 'yuan', '二(一)2(1)', '每年首次缴费+40元 （大病保险）', '40', { from: FROM }),
  param(P.ciRetired, '职工大病保险费·退休人员每年', 'yuan', '二(二)4(2)', '大病保险筹资标准为退休人员每年60元，在职人员每年40元', '60', { from: FROM }),
  missingParam(P.civilServantRate, '公务员医疗补助缴费费率', 'rate', '二(二)4(3)', '手册只规定公务员医疗补助待遇，未规定其筹资费率'),
];

const rules: RuleDef[] = [
  rule('xining.employee.contribution.unit_rates', '单位参保职工缴费：单位6%、个人2%（单位申报基数）', '二(一)2(1)', '按8%缴费， 个人是按照单位申报基数的 2%缴费，单位是按照申报基数的6%缴费', [P.employerRate, P.employeeRate], ['contributions']),
  rule('xining.employee.contribution.critical_illness_premium', '职工大病保险费（每年首次缴费）', '二(二)4(2)', '大病保险筹资标准为退休人员每年60元，在职人员每年40元', [P.ciEmployed, P.ciRetired], ['contributions']),
  rule('xining.flexible.contribution', '灵活就业人员缴费：平均工资×8%或4.2%', '二(一)2(2)', '按上年度全省全口径城镇单位就业人员平均工资的8%或4.2%缴费', ['xining.averageWage.monthly', P.flexHigh, P.flexLow], ['contributions']),
  rule('xining.flexible.personal_account_by_rate', '灵活就业4.2%档不建立个人账户', '二(一)2(2)', '按4.2%缴费的不建立个人账户，8%缴费的建立个人账户', [P.flexLow], ['contributions']),
  rule('xining.maternity.contribution', '生育保险费（单位缴纳，按单位类型0.9%/0.5%）', '三(一)', '生育保险费由用人单位缴纳，职工个人不缴纳生育保险费', [P.maternityHigh, P.maternityLow], ['contributions']),
  rule('xining.employee.personal_account.retiree_allocation', '退休人员个人账户每月划入（由死亡返还案例推得）', '六(四)3', '退休门诊费（每月） / 90元', [RETIREE_ACCOUNT_CREDIT], ['contributions', 'account-refund']),
];

/** 三(一): 0.9% for 企业 and 经费自理 (自收自支) 事业单位; 0.5% for 机关 and fiscally funded 事业单位. */
const MATERNITY_RATE: Record<string, string> = {
  企业: P.maternityHigh,
  自收自支事业: P.maternityHigh,
  机关: P.maternityLow,
  全额拨款事业: P.maternityLow,
  差额拨款事业: P.maternityLow,
};

const NO_ACCOUNT_RULE_NOTE =
  '手册未规定在职职工和8%档灵活就业人员个人账户的划入标准，「划入个人账户」「划入统筹基金」留空；不影响应缴金额 / ' +
  'the handbook gives no personal-account credit for this person: 划入个人账户 and 划入统筹基金 left blank (amounts owed are unaffected)';

interface Owed {
  results: ResultValues;
  /** Amounts that make up 应缴合计 (those that apply to the row). */
  parts: Decimal[];
}

function money(row: TypedRow, key: string): Decimal | undefined {
  return row[key] as Decimal | undefined;
}

/** 在职 (单位参保): 6% + 2% of the declared base, maternity by unit type, civil-servant fee when it applies. */
function employed(ctx: RowContext): Owed {
  const { row, params, trace } = ctx;
  const base = money(row, 'wage')!;
  trace.convention(CV.declaredBase, `缴费基数=申报缴费工资${fmtPlain(base)}，不设上下限(二(一)2(1))`);
  const er = params.get(P.employerRate);
  const ee = params.get(P.employeeRate);
  const employer = round2(base.times(er));
  const employee = round2(base.times(ee));
  trace.step(`单位${fmtPlain(base)}×${fmtPct(er)}=${fmt2(employer)}；个人${fmtPlain(base)}×${fmtPct(ee)}=${fmt2(employee)}(${params.ref(P.employerRate)})`);

  const unitType = String(row['employerType']);
  const mId = MATERNITY_RATE[unitType]!;
  const mRate = params.get(mId);
  const maternity = round2(base.times(mRate));
  trace.convention(CV.maternityBase, `生育保险费${fmtPlain(base)}×${fmtPct(mRate)}=${fmt2(maternity)}(${params.ref(mId)}·${unitType}·单位缴纳，以当月缴费基数计)`);

  let civilServant: Decimal | undefined;
  if (row['civilServant'] === '是') {
    const cRate = params.get(P.civilServantRate); // not in the text: errors until supplied (RULES §General 10)
    civilServant = round2(base.times(cRate));
    trace.step(`公务员医疗补助费${fmtPlain(base)}×${fmtPct(cRate)}=${fmt2(civilServant)}(参数表设置·单位缴纳)`);
  }
  trace.note(NO_ACCOUNT_RULE_NOTE);
  return {
    results: { base, employerAmount: employer, employeeAmount: employee, maternityFee: maternity, civilServantFee: civilServant },
    parts: civilServant ? [employer, employee, maternity, civilServant] : [employer, employee, maternity],
  };
}

/** 灵活就业: the average wage × 8% or 4.2%, all paid by the person; 4.2% builds no personal account. */
function flexible(ctx: RowContext): Owed {
  const { row, params, trace } = ctx;
  const base = averageMonthlyWage(ctx);
  const high = row['flexibleRate'] === '8%';
  const rId = high ? P.flexHigh : P.flexLow;
  const rate = params.get(rId);
  const amount = round2(base.times(rate));
  trace.step(`缴费基数=上年度全省平均工资${fmtPlain(base)}元/月；${fmtPlain(base)}×${fmtPct(rate)}=${fmt2(amount)}(${params.ref(rId)})`);
  if (money(row, 'wage') !== undefined) trace.note('灵活就业人员按全省平均工资缴费，「缴费工资」未使用 / 缴费工资 is not used for flexible workers');
  if (row['employerType'] !== undefined) trace.note('灵活就业人员不参加生育保险（八6），「单位类型」未使用 / no maternity insurance for flexible workers');
  const results: ResultValues = { base, employerAmount: ZERO, employeeAmount: amount, maternityFee: ZERO };
  if (high) trace.note(NO_ACCOUNT_RULE_NOTE);
  else {
    results['personalAccount'] = ZERO;
    results['poolingFund'] = amount;
    trace.step(`按4.2%缴费不建立个人账户，${fmt2(amount)}全部划入统筹基金(${params.ref(P.flexLow)})`);
  }
  return { results, parts: [amount] };
}

/** 退休: no contribution; the personal account gets the retiree credit (convention XN3: inferred from 六(四)3). */
function retired(ctx: RowContext): Owed {
  const { params, trace } = ctx;
  const credit = params.get(RETIREE_ACCOUNT_CREDIT);
  trace.convention(RETIREE_CREDIT_CONVENTION, `退休人员不缴纳基本医疗保险费；个人账户每月划入${fmt2(credit)}(${params.ref(RETIREE_ACCOUNT_CREDIT)})`);
  return {
    results: { employerAmount: ZERO, employeeAmount: ZERO, maternityFee: ZERO, personalAccount: credit, poolingFund: ZERO },
    parts: [],
  };
}

/** The year's critical-illness premium, charged on the row marked 年度首次缴费=是 and paid by the person. */
function criticalIllness(ctx: RowContext): Decimal {
  const { row, params, trace } = ctx;
  if (row['firstOfYear'] === undefined) {
    trace.note('未填写「年度首次缴费」，按否处理，不收大病保险费 / 年度首次缴费 empty: no critical-illness premium');
    return ZERO;
  }
  if (row['firstOfYear'] !== '是') return ZERO;
  const id = row['category'] === '退休' ? P.ciRetired : P.ciEmployed;
  const fee = params.get(id);
  trace.convention(CV.criticalIllnessPremium, `年度首次缴费，大病保险费${fmtPlain(fee)}，由个人缴纳(${params.ref(id)})`);
  return fee;
}

export const contributionRules: KindRules = {
  ledger: { firstOfYearPremium: { result: 'criticalIllnessFee', param: P.ciEmployed } },
  compute(ctx) {
    const { row, trace } = ctx;
    const category = String(row['category']);
    let owed: Owed;
    if (category === '在职') owed = employed(ctx);
    else if (category === '灵活就业') owed = flexible(ctx);
    else if (category === '退休') owed = retired(ctx);
    else {
      // The handbook describes no contribution for unemployed persons (no base, rate or payer): rules-catalog G8.
      throw new RowError(
        `列「人员类别」的值「${category}」：西宁手册未规定失业人员的医保缴费（缴费基数、费率和缴费主体均无规定），无法计算 / ` +
          `column 人员类别: '${category}' — the Xining handbook states no contribution for unemployed persons`,
      );
    }
    const ci = criticalIllness(ctx);
    if (row['arrears'] !== undefined) {
      trace.warn('西宁手册未规定滞纳金，「滞纳金」留空，「应缴合计」不含滞纳金 / the Xining handbook states no late fee: 滞纳金 left blank');
    }
    const parts = ci.isZero() ? owed.parts : [...owed.parts, ci];
    const total = sum(parts);
    trace.convention(GENERAL.totalDue, `应缴合计=${parts.length > 1 ? `${parts.map(fmt2).join('+')}=` : ''}${fmt2(total)}`);
    return { ...owed.results, criticalIllnessFee: ci, totalDue: total };
  },
  // 月养老金 is read by no Xining rule: retirees owe the critical-illness premium at most (二(二)4(2)).
  needs: [
    need('wage', { category: ['在职'] }, '单位6%、个人2%以申报的缴费工资为基数，二(一)2(1)'),
    need('employerType', { category: ['在职'] }, '单位类型决定生育保险费率0.9%或0.5%，三(一)'),
    need('flexibleRate', { category: ['灵活就业'] }, '灵活就业人员按平均工资的8%或4.2%缴费，二(一)2(2)'),
  ],
};

export const contributionsModule: RuleModule = { kind: 'contributions', params, rules, conventions: [...Object.values(CV), RETIREE_CREDIT_CONVENTION, GENERAL.totalDue], kindRules: contributionRules };
