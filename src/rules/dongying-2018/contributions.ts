/**
 * Dongying 2018 contributions (职工缴费核定), one row per person-month: base clamped to [60%, 300%] of the
 * provincial average wage (第九条; flexible workers [60%, 100%], 第十条), unit 6.5% + personal 2%,
 * personal-account credit (第十八条), civil-servant subsidy (第十一条, 第二十一条), large-medical 5 元
 * (第十二条), late fee (第四十三条). Monthly amounts are rounded to the fen (RULES.md §General 2).
 */
import { ageAtMonthEnd, daysBetween } from '../../kinds/dates.js';
import { type Decimal, D, ZERO, fmt2, fmtPct, fmtPlain, round2, sum } from '../../money.js';
import { clamp } from '../ops/index.js';
import { rule } from '../define.js';
import { type KindRules, type ResultValues, type RowContext, type RuleModule, RowError } from '../types.js';
import { C, contributionParams } from './contribution-params.js';
import { need } from '../needs.js';
import { type Convention, convention, GENERAL } from '../conventions.js';

type Ctx = RowContext;

/** The decisions this kind rests on where the text is silent (conventions.ts). */
const CV = {
  lateFeeDays: convention({
    id: 'DY1',
    title: '滞纳金的计日方式',
    open: '第四十三条「自欠缴之日起，按日加收万分之五的滞纳金」，未说明起止日是否计入，也未规定上限。',
    chosen: '从欠缴起始日期的次日起算至缴纳日期（含缴纳当日），天数 × 欠缴金额 × 0.05%，不设上限，结果四舍五入到分。',
    other: '含欠缴当日（多一天）或不含缴纳当日（少一天）；或以欠缴金额为上限。',
    rows: '职工缴费核定（东营）：填写了欠缴金额的行的滞纳金。',
  }),
  civilServantFunding: convention({
    id: 'DY2',
    title: '公务员医疗补助筹资以未封顶的工资（养老金）计',
    open: '第十一条按「上年度工资总额或者养老金总额的5%」筹集，未说明用核定缴费基数（封顶保底后）还是实际工资。',
    chosen: '按本行缴费工资（退休人员：月养老金）不经上下限调整 × 5%，由单位缴纳；划入个人账户的2%（第二十一条）按核定缴费基数（退休人员：养老金）。',
    other: '按封顶保底后的缴费基数 × 5%；工资高于上限或低于下限的人员金额不同。',
    rows: '职工缴费核定（东营）：公务员医疗补助为「是」的在职和退休人员的公务员医疗补助费。',
  }),
  flexibleBaseOutOfRange: convention({
    id: 'DY3',
    title: '灵活就业自选基数超出范围时按上下限核定',
    open: '第十条允许灵活就业人员在60%～100%之间自主确定缴费基数，未说明超出范围的申报如何处理。',
    chosen: '按下限或上限核定并计算，本行标为警告。',
    other: '拒绝该行（错误），待申报人重新申报。',
    rows: '职工缴费核定（东营）：自选缴费基数低于60%或高于100%的灵活就业人员。',
  }),
  unemployedAccount: convention({
    id: 'DY4',
    title: '失业人员个人账户按缴费工资核定的基数划入',
    open: '第九条规定失业人员的医疗保险费由失业保险基金缴纳但未给出比例；第十八条按缴费工资划入个人账户，未说明失业人员的缴费工资指什么。',
    chosen: '以「缴费工资」按第九条上下限核定的基数，按第十八条年龄分档比例划入个人账户；单位缴费（失业保险基金部分）留空并警告。',
    other: '不为失业人员划入个人账户，或以失业保险金为基数。',
    rows: '职工缴费核定（东营）：人员类别为失业的行。',
  }),
} as const;

/** round2(amount × rate) with its trace step `label=amount×rate=x(ref)`. */
function part(ctx: Ctx, label: string, amount: Decimal, rateId: string, extra = '', rests?: Convention): Decimal {
  const rate = ctx.params.get(rateId);
  const v = round2(amount.times(rate));
  const text = `${label}=${fmtPlain(amount)}×${fmtPct(rate)}=${fmt2(v)}(${ctx.params.ref(rateId)}${extra})`;
  if (rests) ctx.trace.convention(rests, text);
  else ctx.trace.step(text);
  return v;
}

/** The base clamped to [floor, ceiling] × average wage; says which bound applied. */
function clampedBase(ctx: Ctx, declared: Decimal, floorId: string, ceilId: string, label: string): { base: Decimal; adjustment: string | undefined } {
  const { params, trace } = ctx;
  const aw = params.get(C.averageWage);
  const fr = params.get(floorId);
  const cr = params.get(ceilId);
  const floor = round2(aw.times(fr));
  const ceiling = round2(aw.times(cr));
  const c = clamp(declared, floor, ceiling);
  const ref = params.ref(floorId);
  if (c.bound === 'floor') {
    trace.step(`${label}${fmtPlain(declared)}低于${fmtPlain(aw)}×${fmtPct(fr)}=${fmt2(floor)}，缴费基数按下限${fmt2(floor)}(${ref})`);
    return { base: c.value, adjustment: `按下限${fmtPct(fr)}` };
  }
  if (c.bound === 'ceiling') {
    trace.step(`${label}${fmtPlain(declared)}高于${fmtPlain(aw)}×${fmtPct(cr)}=${fmt2(ceiling)}，缴费基数按上限${fmt2(ceiling)}(${ref})`);
    return { base: c.value, adjustment: `按上限${fmtPct(cr)}` };
  }
  trace.step(`缴费基数${fmt2(declared)}（${fmt2(floor)}～${fmt2(ceiling)}之间）(${ref})`);
  return { base: declared, adjustment: undefined };
}

/** 第十八条: 2.7% at age ≤ 45, 4.2% from 46 (age on the last day of the month, RULES.md §General 7). */
function accountCredit(ctx: Ctx, base: Decimal): Decimal {
  const { row, params } = ctx;
  const birth = row['birthDate'] as string | undefined;
  if (!birth) throw new RowError('无法确定年龄：请填写「出生日期」或有效的「身份证号」 / birth date unknown');
  const age = ageAtMonthEnd(birth, ctx.date);
  const limit = params.get(C.paAgeLimit).toNumber(); // int: years
  const id = age <= limit ? C.paYoung : C.paOld;
  return part(ctx, '划入个人账户', base, id, `·月末${age}周岁`, GENERAL.ageAtMonthEnd);
}

function lateFee(ctx: Ctx): Decimal | undefined {
  const { row, params, trace } = ctx;
  const arrears = row['arrears'] as Decimal | undefined;
  const from = row['arrearsFrom'] as string | undefined;
  const paid = row['paidOn'] as string | undefined;
  if (arrears === undefined || !from || !paid) return undefined;
  const days = daysBetween(from, paid); // int: days
  const rate = params.get(C.lateFee);
  const fee = round2(arrears.times(rate).times(D(days)));
  trace.convention(CV.lateFeeDays, `滞纳金=${fmtPlain(arrears)}×${fmtPct(rate)}×${days}天=${fmt2(fee)}(${params.ref(C.lateFee)})`);
  return fee;
}

function civilServant(ctx: Ctx, unclamped: Decimal, accountBase: Decimal, label: string): { fee: Decimal; credit: Decimal } {
  const fee = part(ctx, '公务员医疗补助费(单位)', unclamped, C.csFunding, `·${label}`, CV.civilServantFunding);
  const credit = part(ctx, '公务员医疗补助划入个人账户', accountBase, C.csAccount);
  return { fee, credit };
}

function compute(ctx: Ctx): ResultValues {
  const { row, params, trace } = ctx;
  const cat = row['category'] as string;
  const cs = row['civilServant'] === '是';
  const out: ResultValues = {};
  let due: [string, Decimal | undefined][] = [];

  if (cat === '退休') {
    const pension = row['pension'] as Decimal;
    trace.step('退休人员不缴纳职工基本医疗保险费(第九条)');
    const pa = part(ctx, '划入个人账户', pension, C.paRetired);
    let credit = ZERO;
    let fee: Decimal | undefined;
    if (cs) ({ fee, credit } = civilServant(ctx, pension, pension, '养老金'));
    trace.note('退休人员个人账户由统筹基金划入（第二十条），划入统筹基金为0');
    Object.assign(out, { employerAmount: ZERO, employeeAmount: ZERO, personalAccount: pa.plus(credit), poolingFund: ZERO, largeSubsidyFee: ZERO, civilServantFee: fee });
    due = [['公务员医疗补助费', fee]];
  } else if (cat === '灵活就业') {
    // A need (below): 自选缴费基数, or else 缴费工资 taken as the chosen base.
    let chosen = row['chosenBase'] as Decimal | undefined;
    if (chosen === undefined) {
      chosen = row['wage'] as Decimal;
      trace.note('未填「自选缴费基数」，按「缴费工资」作为自选缴费基数');
    }
    const { base, adjustment } = clampedBase(ctx, chosen, C.flexFloor, C.flexCeiling, '自选缴费基数');
    if (adjustment) {
      trace.warn(`自选缴费基数${fmtPlain(chosen)}超出第十条范围，已${adjustment}核定`);
      trace.convention(CV.flexibleBaseOutOfRange, `超出范围的自选缴费基数按${adjustment}核定`);
    }
    const personal = part(ctx, '个人缴费', base, C.flexRate);
    const pa = accountCredit(ctx, base);
    let lm = ZERO;
    if (row['largeSubsidy'] === '是') {
      lm = params.get(C.lmMonthly);
      trace.step(`大额医疗补助费(个人)${fmt2(lm)}(${params.ref(C.lmMonthly)})`);
    }
    if (cs) trace.note('灵活就业人员不属公务员医疗补助范围（第七条），本行不计算');
    Object.assign(out, { base, baseAdjustment: adjustment, employerAmount: ZERO, employeeAmount: personal, personalAccount: pa, poolingFund: personal.minus(pa), largeSubsidyFee: lm });
    due = [['个人缴费', personal], ['大额医疗补助费', lm]];
  } else {
    const wage = row['wage'] as Decimal;
    const { base, adjustment } = clampedBase(ctx, wage, C.baseFloor, C.baseCeiling, '缴费工资');
    const pa = accountCredit(ctx, base);
    if (cat === '失业') {
      trace.step('失业人员领取失业保险金期间个人不缴费，由失业保险基金支付(第九条)');
      trace.convention(CV.unemployedAccount, '失业人员个人账户按缴费工资核定的缴费基数计入(第十八条)');
      trace.warn('失业保险基金缴纳的医疗保险费本办法未给出比例，单位缴费栏留空（第九条）');
      if (cs) trace.note('失业人员不计算公务员医疗补助');
      Object.assign(out, { base, baseAdjustment: adjustment, employerAmount: undefined, employeeAmount: ZERO, personalAccount: pa, poolingFund: undefined, largeSubsidyFee: ZERO });
      due = [];
    } else {
      const unit = part(ctx, '单位缴费', base, C.unitRate);
      const personal = part(ctx, '个人缴费', base, C.personalRate);
      const pool = unit.plus(personal).minus(pa);
      trace.step(`划入统筹基金=${fmt2(unit)}+${fmt2(personal)}-${fmt2(pa)}=${fmt2(pool)}(第二十条)`);
      const lm = params.get(C.lmMonthly);
      trace.step(`大额医疗补助费(单位)${fmt2(lm)}(${params.ref(C.lmMonthly)})`);
      let credit = ZERO;
      let fee: Decimal | undefined;
      if (cs) ({ fee, credit } = civilServant(ctx, wage, base, '缴费工资'));
      Object.assign(out, { base, baseAdjustment: adjustment, employerAmount: unit, employeeAmount: personal, personalAccount: pa.plus(credit), poolingFund: pool, largeSubsidyFee: lm, civilServantFee: fee });
      due = [['单位缴费', unit], ['个人缴费', personal], ['大额医疗补助费', lm], ['公务员医疗补助费', fee]];
    }
  }
  const late = lateFee(ctx);
  out['lateFee'] = late;
  const parts = [...due, ['滞纳金', late] as [string, Decimal | undefined]].filter((p): p is [string, Decimal] => p[1] !== undefined && !p[1].isZero());
  const total = sum(parts.map((p) => p[1]));
  out['totalDue'] = total;
  trace.convention(GENERAL.totalDue, `应缴合计=${parts.length > 0 ? parts.map(([l, v]) => `${l}${fmt2(v)}`).join('+') : '0'}=${fmt2(total)}`);
  return out;
}

const K = ['contributions'] as const;

export const contributionsModule: RuleModule = {
  kind: 'contributions',
  params: contributionParams,
  rules: [
    rule('dongying.employee.contribution.base_clamp', '缴费基数：全省在岗职工平均工资60%～300%', '第九条', '高于上年度全省在岗职工平均工资300%的部分，不计入缴费基数', [C.averageWage, C.baseFloor, C.baseCeiling], K),
    rule('dongying.employee.contribution.employer_share', '单位缴费6.5%', '第九条', '按照6.5%的比例缴纳', [C.unitRate], K),
    rule('dongying.employee.contribution.employee_share', '个人缴费2%', '第九条', '按照2%的比例缴纳，由用人单位代扣代缴', [C.personalRate], K),
    rule('dongying.employee.contribution.unemployed', '失业人员个人不缴费（失业保险基金支付，比例未给出）', '第九条', '从失业保险基金中支付，个人不缴纳职工基本医疗保险费', [], K),
    rule('dongying.employee.contribution.retiree_exempt', '退休人员不缴费', '第九条', '退休人员不缴纳职工基本医疗保险费。', [], K),
    rule('dongying.flexible.contribution.amount', '灵活就业：自选基数60%～100%，8.5%个人承担', '第十条', '可以自主确定缴费基数，按照8.5%的比例缴纳', [C.flexFloor, C.flexCeiling, C.flexRate], K),
    rule('dongying.employee.personal_account.allocation', '个人账户计入：2.7%/4.2%/退休5.7%', '第十八条', '在职职工45周岁及以下的，按照本人月缴费工资总额的2.7%计入', [C.paAgeLimit, C.paYoung, C.paOld, C.paRetired], K),
    rule('dongying.employee.pooled_fund.residual', '划入统筹基金＝缴费总额−划入个人账户', '第二十条', '扣除计入个人账户资金后的剩余部分', [], K),
    rule('dongying.civil_servant.funding', '公务员医疗补助筹资5%（单位）', '第十一条', '上年度工资总额或者养老金总额的5%筹集', [C.csFunding], K),
    rule('dongying.civil_servant.personal_account_allocation', '公务员医疗补助2%计入个人账户', '第二十一条', '按个人缴费工资总额（退休人员养老金）的2%计入个人账户', [C.csAccount], K),
    rule('dongying.large_medical.contribution.employer', '大额医疗补助每人每月5元（单位）', '第十二条', '有用人单位的,由用人单位按每人每月5元标准缴纳', [C.lmMonthly], K),
    rule('dongying.large_medical.contribution.flexible', '灵活就业自愿缴纳大额医疗补助5元', '第十二条', '灵活就业人员根据自愿原则，按第（一）项相同标准由个人缴纳', [C.lmMonthly], K),
    rule('dongying.employee.contribution.late_fee', '滞纳金按日万分之五', '第四十三条', '自欠缴之日起，按日加收万分之五的滞纳金', [C.lateFee], K),
  ],
  conventions: [...Object.values(CV), GENERAL.ageAtMonthEnd, GENERAL.totalDue],
  kindRules: {
    compute,
    needs: [
      need('wage', { category: ['在职', '失业'] }, '缴费基数按缴费工资核定，第九条；个人账户按缴费基数划入，第十八条'),
      need('pension', { category: ['退休'] }, '退休人员个人账户按养老金的5.7%划入，第十八条'),
      need(['chosenBase', 'wage'], { category: ['灵活就业'] }, '灵活就业人员按自选缴费基数缴费，第十条'),
    ],
  } satisfies KindRules,
};

