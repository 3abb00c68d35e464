/**
 * Dongying 2018 retirement make-up (第四十五条): men 300 / women 240 months in total (视同 included); each
 * short month costs round2(average monthly wage × 4.5%) (RULES.md "Retirement make-up", §General 2).
 * Dongying has no minimum of actual months and no one-time 40% payment.
 */
import { type Decimal, D, fmt2, fmtPct, fmtPlain, round2 } from '../../money.js';
import { param, rule } from '../define.js';
import { type ResultValues, type RowContext, type RuleModule, RowError } from '../types.js';
import { FROM } from './common.js';
import { GENERAL } from '../conventions.js';

const R = {
  male: 'dongying.retirement.requiredMonths.male',
  female: 'dongying.retirement.requiredMonths.female',
  rate: 'dongying.retirement.supplementRate',
  averageWage: 'dongying.averageWage.monthly',
} as const;

function compute(ctx: RowContext): ResultValues {
  const { row, params, trace } = ctx;
  const sex = row['sex'] as string | undefined;
  if (sex !== '男' && sex !== '女') throw new RowError('无法确定性别：请填写「性别」或有效的「身份证号」 / sex unknown');
  const reqId = sex === '男' ? R.male : R.female;
  const required = params.get(reqId).toNumber(); // int: months
  const actual = row['actualMonths'] as number;
  const deemed = (row['deemedMonths'] as number | undefined) ?? 0;
  const short = Math.max(0, required - actual - deemed); // int: months
  trace.step(`${sex}须满${required}月，缺${required}-${actual}-${deemed}=${short}月(${params.ref(reqId)})`);
  const aw = params.get(R.averageWage);
  const rate = params.get(R.rate);
  const monthly = round2(aw.times(rate));
  const amount: Decimal = monthly.times(D(short));
  trace.convention(GENERAL.monthlyFirst, `每月${fmtPlain(aw)}×${fmtPct(rate)}=${fmt2(monthly)}，×${short}月=${fmt2(amount)}(${params.ref(R.rate)})`);
  return { actualShortMonths: undefined, actualShortAmount: undefined, deemedShortMonths: short, deemedShortAmount: amount, oneTimePayment: undefined, totalDue: amount };
}

const K = ['retirement-supplement'] as const;

export const retirementSupplementModule: RuleModule = {
  kind: 'retirement-supplement',
  params: [
    param(R.male, '男性累计缴费年限（月，含视同）', 'months', '第四十五条', '累计缴纳职工社会医疗保险费年限（含视同缴费年限）男满25年', '300', { from: FROM }),
    param(R.female, '女性累计缴费年限（月，含视同）', 'months', '第四十五条', '累计缴纳…年限（含视同缴费年限）…女满20年', '240', { from: FROM }),
    param(R.rate, '一次性补缴比例', 'rate', '第四十五条', '以上年度全省在岗职工平均工资为缴费基数，按4.5%的比例一次性补缴', '0.045', { from: FROM }),
  ],
  conventions: [GENERAL.monthlyFirst],
  rules: [
    rule('dongying.employee.retirement.min_years', '退休时累计缴费年限男25年、女20年', '第四十五条', '男满25年、女满20年的，从其本人退休次月起不再缴纳基本医疗保险费', [R.male, R.female], K),
    rule('dongying.employee.retirement.one_time_supplement', '不足年限按平均工资4.5%一次性补缴', '第四十五条', '按4.5%的比例一次性补缴不足年限部分', [R.averageWage, R.rate], K),
  ],
  kindRules: { compute },
};
