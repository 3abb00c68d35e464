/**
 * Xining 退休一次性补缴 (六(三)1 and the tables of 六(三)4), as RULES.md "Retirement make-up" decides:
 * actual shortfall max(0, 180 − 实际); total shortfall max(0, 要求 − 实际 − 视同 − 实际补缴); each month costs
 * round2(base × 4.2%) (monthly first, RULES §General 2); plus 40% × average wage × 12 when anything was short.
 */
import type { TypedRow } from '../../kinds/validate.js';
import { type Decimal, ZERO, fmt2, fmtPct, fmtPlain, round2 } from '../../money.js';
import { param, rule } from '../define.js';
import type { ParamDef } from '../params.js';
import { type KindRules, type ResultValues, type RowContext, type RuleDef, type RuleModule, RowError } from '../types.js';
import { AVERAGE_WAGE, FROM, averageMonthlyWage } from './common.js';
import { convention, GENERAL } from '../conventions.js';
import { need } from '../needs.js';

const RATE_FROM_EXAMPLE = convention({
  id: 'XN7',
  title: '退休补缴费率4.2%取自手册算例',
  open: '六(三)1规定缴费年限不足须补缴，但没有写明补缴费率；只有六(三)4的算例写作“4817（单位基数）*4.2%*78（月数）”。',
  chosen: '每月补缴 = 补缴基数 × 4.2%（单位参保：退休前月缴费基数；灵活就业：上年度全省平均工资），四舍五入到分后乘月数。',
  other: '按单位参保职工的8%（6% + 2%）补缴；补缴金额约为两倍。',
  rows: '退休一次性补缴（西宁）：缴费年限不足的行。',
});

const P = {
  totalMale: 'xining.employee.retirement.totalMonths.male',
  totalFemale: 'xining.employee.retirement.totalMonths.female',
  minActual: 'xining.employee.retirement.minActualMonths',
  rate: 'xining.employee.retirement.makeUpRate',
  oneTimeRate: 'xining.employee.retirement.oneTimeRate',
  oneTimeMonths: 'xining.employee.retirement.oneTimeMonths',
} as const;

const params: ParamDef[] = [
  param(P.totalMale, '退休时缴费年限要求（含视同）·男', 'months', '六(三)1', '缴费年限（含视同缴费年限）男满30年，女满25年', '360', { from: FROM }),
  param(P.totalFemale, '退休时缴费年限要求（含视同）·女', 'months', '六(三)1', '缴费年限（含视同缴费年限）男满30年，女满25年', '300', { from: FROM }),
  param(P.minActual, '退休时实际缴费年限要求', 'months', '六(三)1', '且实际缴费年限不低于15年', '180', { from: FROM }),
  // Only the worked example states the rate: convention XN7.
  param(P.rate, '补缴费率（按月）', 'rate', '六(三)4', '4817（单位基数）*4.2%*78（月数）', '0.042', { from: FROM, convention: RATE_FROM_EXAMPLE }),
  param(P.oneTimeRate, '退休一次性缴纳金比例（上年度社会平均工资）', 'rate', '六(三)1', '按照上年度社会平均工资的40%缴纳退休一次性缴纳金', '0.4', { from: FROM }),
  param(P.oneTimeMonths, '退休一次性缴纳金计算月数', 'months', '六(三)4', '8029（社平工资）*12（月数）*40%', '12', { from: FROM }),
];

const rules: RuleDef[] = [
  rule('xining.employee.retirement.min_years', '退休时最低缴费年限（男30年、女25年，实际不少于15年）', '六(三)1', '男满30年，女满25年，且实际缴费年限不低于15年', [P.totalMale, P.totalFemale, P.minActual], ['retirement-supplement']),
  rule('xining.employee.retirement.shortfall_payment', '补缴至规定年限（退休前月缴费基数或社会平均工资×4.2%×月数）', '六(三)4', '4817（单位基数）*4.2%*78（月数）', [P.rate, AVERAGE_WAGE], ['retirement-supplement']),
  rule('xining.employee.retirement.one_time_payment', '退休一次性缴纳金（上年度社会平均工资×12×40%）', '六(三)1', '按照上年度社会平均工资的40%缴纳退休一次性缴纳金', [P.oneTimeRate, P.oneTimeMonths, AVERAGE_WAGE], ['retirement-supplement']),
];

function int(row: TypedRow, key: string): number {
  return (row[key] as number | undefined) ?? 0;
}

/** The make-up base: 单位参保 → the month before retirement's base (required); 灵活就业 → the average wage. */
function makeUpBase(ctx: RowContext): { base: Decimal; what: string } {
  const { row, trace } = ctx;
  if (row['insuredAs'] === '单位参保') {
    const b = row['baseBeforeRetirement'] as Decimal | undefined;
    if (b === undefined) throw new RowError('参保身份为单位参保且缴费年限不足时「退休前月缴费基数」必填（六(三)1） / 退休前月缴费基数 is required for 单位参保 with a shortfall');
    return { base: b, what: '单位参保·退休前一个月缴费基数' };
  }
  if (row['baseBeforeRetirement'] !== undefined) trace.note('灵活就业人员按社会平均工资补缴，「退休前月缴费基数」未使用 / 退休前月缴费基数 not used for flexible workers');
  return { base: averageMonthlyWage(ctx), what: '灵活就业·社会平均工资' };
}

function compute(ctx: RowContext): ResultValues {
  const { row, params, trace } = ctx;
  const sex = row['sex'];
  if (sex !== '男' && sex !== '女') throw new RowError('无法确定性别：请填写「性别」或有效的「身份证号」 / sex unknown');
  const reqId = sex === '男' ? P.totalMale : P.totalFemale;
  const required = params.get(reqId).toNumber(); // int: months
  const minActual = params.get(P.minActual).toNumber(); // int: months
  const actual = int(row, 'actualMonths');
  const deemed = int(row, 'deemedMonths');
  trace.step(`${sex}：缴费年限（含视同）须满${required}月，实际缴费不少于${minActual}月；实际${actual}月，视同${deemed}月(${params.ref(reqId)})`);

  const actualShort = Math.max(0, minActual - actual); // int: months
  const totalShort = Math.max(0, required - actual - deemed - actualShort); // int: months
  trace.step(`实际缴费补缴月数=max(0,${minActual}-${actual})=${actualShort}；视同缴费补缴月数=max(0,${required}-${actual}-${deemed}-${actualShort})=${totalShort}(六(三)1)`);

  if (actualShort === 0 && totalShort === 0) {
    trace.step('缴费年限已满，无需补缴，不缴退休一次性缴纳金(六(三)1)');
    return { actualShortMonths: 0, actualShortAmount: ZERO, deemedShortMonths: 0, deemedShortAmount: ZERO, oneTimePayment: ZERO, totalDue: ZERO };
  }

  const { base, what } = makeUpBase(ctx);
  const rate = params.get(P.rate);
  const monthly = round2(base.times(rate));
  trace.step(`补缴基数${fmtPlain(base)}(${what}，六(三)1)`);
  trace.step(`${fmtPlain(base)}×${fmtPct(rate)}=${fmt2(monthly)}(${params.ref(P.rate)})`);
  const actualAmount = monthly.times(actualShort);
  const deemedAmount = monthly.times(totalShort);
  trace.step(`${fmt2(monthly)}×${actualShort}=${fmt2(actualAmount)}；${fmt2(monthly)}×${totalShort}=${fmt2(deemedAmount)}`);
  trace.convention(GENERAL.monthlyFirst, '月补缴额先按分四舍五入再乘月数，与六(三)4表中金额一致');

  const wage = averageMonthlyWage(ctx);
  const oneRate = params.get(P.oneTimeRate);
  const oneMonths = params.get(P.oneTimeMonths);
  const oneTime = round2(wage.times(oneMonths).times(oneRate));
  trace.step(`退休一次性缴纳金${fmtPlain(wage)}×${fmtPlain(oneMonths)}×${fmtPct(oneRate)}=${fmt2(oneTime)}(${params.ref(P.oneTimeRate)})`);

  const total = actualAmount.plus(deemedAmount).plus(oneTime);
  trace.step(`补缴合计=${fmt2(actualAmount)}+${fmt2(deemedAmount)}+${fmt2(oneTime)}=${fmt2(total)}`);
  return {
    actualShortMonths: actualShort,
    actualShortAmount: actualAmount,
    deemedShortMonths: totalShort,
    deemedShortAmount: deemedAmount,
    oneTimePayment: oneTime,
    totalDue: total,
  };
}

export const retirementSupplementModule: RuleModule = { kind: 'retirement-supplement', params, rules, conventions: [GENERAL.monthlyFirst], kindRules: {
    compute,
    needs: [need('baseBeforeRetirement', { insuredAs: ['单位参保'] }, '单位参保人员以退休前月缴费基数补缴，六(三)1', '缴费年限不足')],
  } satisfies KindRules };
