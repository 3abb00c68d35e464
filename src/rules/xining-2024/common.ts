/** Xining 2024 parameters and helpers shared by several kinds. */
import type { Decimal } from '../../money.js';
import { param } from '../define.js';
import type { RowContext, SharedModule } from '../types.js';
import { convention } from '../conventions.js';

/** Retirees' monthly personal-account credit: no rule states it, the death-refund example shows it. */
export const RETIREE_CREDIT_CONVENTION = convention({
  id: 'XN3',
  title: '退休人员不缴费，个人账户每月划入90元',
  open: '手册规定退休人员不缴纳基本医疗保险费，但没有一条规定写明退休人员个人账户的划入标准；只有六(四)3的死亡返还算例中出现“退休门诊费（每月）90元”。',
  chosen: '退休人员本行缴费为0，个人账户每月划入90元（取自该算例），划入统筹基金为0；个人账户一次性返还时默认月划入额90元。',
  other: '退休人员的划入个人账户留空（文本未规定）；返还行须自行填写月划入额。',
  rows: '职工缴费核定（西宁）：人员类别为退休的行；个人账户一次性返还（西宁）：未填月划入额的退休人员死亡返还行。',
});

export const FROM = '2023-01-01';

export const AVERAGE_WAGE = 'xining.averageWage.monthly';
export const RETIREE_ACCOUNT_CREDIT = 'xining.employee.personalAccount.retiree.monthly';

/** The handbook's latest average wage is the 2022 figure used for 2023–2024; from 2025 it may have changed. */
const AVERAGE_WAGE_CHECKED_UNTIL = '2024-12-31';

export const common: SharedModule = {
  params: [
    // 8029, the handbook's latest figure; from 2025 a 警告 says it may have changed.
    param(AVERAGE_WAGE, '上年度全省全口径城镇单位就业人员月平均工资', 'yuan', '二(一)2(2)', '96348元/年（8029元/月）作为缴费基数', '8029', { from: FROM }),
    // Inferred from the death-refund example (no rule text states it): convention XN3.
    param(RETIREE_ACCOUNT_CREDIT, '退休人员个人账户每月划入额（退休门诊费）', 'yuan', '六(四)3', '退休门诊费（每月） / 90元', '90', { from: FROM, convention: RETIREE_CREDIT_CONVENTION }),
  ],
  rules: [],
};

/**
 * The average monthly wage in force at the row's date. A row dated from 2025 on gets 警告: the handbook's
 * figure (2022 wage, used for 2023–2024) may have been replaced, unless the user supplied the value.
 */
export function averageMonthlyWage(ctx: RowContext): Decimal {
  const { params, trace, date } = ctx;
  const v = params.get(AVERAGE_WAGE);
  const overridden = params.used.get(AVERAGE_WAGE)?.overridden === true;
  if (!overridden && date > AVERAGE_WAGE_CHECKED_UNTIL) {
    trace.warn(
      `${date.slice(0, 4)}年的上年度全省平均工资可能已调整，仍按手册的${v.toString()}元/月计算；如有新标准请在「参数」表设置 ${AVERAGE_WAGE} / ` +
        `the average wage for ${date.slice(0, 4)} may have changed; computed with ${v.toString()}, set ${AVERAGE_WAGE} to update it`,
    );
  }
  return v;
}
