/**
 * Xining 生育津贴 (三(二)1): 生育津贴 = 基数 ÷ 30 × 产假天数. RULES.md §General 3: the daily rate is rounded to
 * 4 decimals, the allowance half-up to the fen — this reproduces the handbook's 5000÷30×158 = 26333.34.
 */
import { type Decimal, fmt2, fmtPlain, round2, roundTo } from '../../money.js';
import { param, rule } from '../define.js';
import type { ParamDef } from '../params.js';
import type { KindRules, ResultValues, RowContext, RuleDef, RuleModule } from '../types.js';
import { FROM } from './common.js';
import { convention } from '../conventions.js';

const DAILY_RATE = convention({
  id: 'XN5',
  title: '生育津贴日津贴保留4位小数',
  open: '三(二)1：生育津贴 = 基数 ÷ 30 × 产假天数，未说明日津贴是否先取整；手册算例 5000 ÷ 30 × 158 = 26333.34。',
  chosen: '日津贴 = 基数 ÷ 30，四舍五入保留4位小数；生育津贴 = 日津贴 × 天数，四舍五入到分。这样才能复现算例的26333.34。',
  other: '不对日津贴取整，最后一次四舍五入到分（得26333.33）；或日津贴先取整到分（166.67 × 158 = 26333.86）。',
  rows: '生育津贴（西宁）：每一行。',
});

const DIVISOR = 'xining.maternity.allowance.divisor';
/** RULES.md §General 3. */
const DAILY_PLACES = 4;

const params: ParamDef[] = [
  param(DIVISOR, '生育津贴日津贴除数（天）', 'days', '三(二)1', '生育津贴=基数÷30×产假天数', '30', { from: FROM }),
];

const rules: RuleDef[] = [
  rule('xining.maternity.allowance', '生育津贴=基数÷30×产假天数', '三(二)1', '生育津贴=基数÷30×产假天数', [DIVISOR], ['maternity-allowance']),
  rule('xining.maternity.allowance_base', '基数：用人单位上年度医疗保险月平均缴费基数', '三(二)1', '用人单位上年度医疗保险月平均缴费基数', [], ['maternity-allowance']),
];

function compute(ctx: RowContext): ResultValues {
  const { row, params, trace } = ctx;
  const base = row['unitAverageBase'] as Decimal;
  const days = row['leaveDays'] as number;
  const divisor = params.get(DIVISOR);
  const daily = roundTo(base.dividedBy(divisor), DAILY_PLACES);
  trace.convention(DAILY_RATE, `日津贴${fmtPlain(base)}÷${fmtPlain(divisor)}=${daily.toFixed(DAILY_PLACES)}(${params.ref(DIVISOR)}·保留4位小数)`);
  const allowance = round2(daily.times(days));
  trace.step(`${daily.toFixed(DAILY_PLACES)}×${days}=${fmt2(allowance)}(${params.ref(DIVISOR)})`);
  if (days === 0) trace.warn('「假期天数」为0，生育津贴为0 / 假期天数 is 0');
  return { dailyRate: daily, allowance };
}

export const maternityAllowanceModule: RuleModule = { kind: 'maternity-allowance', params, rules, conventions: [DAILY_RATE], kindRules: { compute } satisfies KindRules };
