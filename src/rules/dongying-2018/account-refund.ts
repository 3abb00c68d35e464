/**
 * Dongying 2018 personal-account refund (第十八条: the account is inherited, or paid out when it cannot be
 * transferred). The text gives no deduction rule → rules-catalog default: balance − the credits made for
 * months after the month of death (月划入额 × those months, up to but not including the month of handling).
 */
import { monthsBetween } from '../../kinds/dates.js';
import { type Decimal, D, ZERO, floor0, fmt2, fmtPlain } from '../../money.js';
import { rule } from '../define.js';
import { type ResultValues, type RowContext, type RuleModule, RowError } from '../types.js';
import { convention } from '../conventions.js';
import { need } from '../needs.js';

const AFTER_DEATH = convention({
  id: 'DY16',
  title: '死亡返还扣除死亡次月起已划入的金额',
  open: '第十八条规定个人账户可以继承，未说明死亡后仍划入个人账户的金额如何处理。',
  chosen: '返还金额 = 个人账户余额 − 月划入额 × 死亡次月起至办理当月之前的月数（办理当月及以后尚未划入）；不小于0。',
  other: '不扣除，按余额全额返还；或从死亡当月起扣除（多扣一个月）。',
  rows: '个人账户一次性返还（东营）：填写了死亡日期的行。',
});

function compute(ctx: RowContext): ResultValues {
  const { row, trace } = ctx;
  const balance = row['balance'] as Decimal;
  const death = row['deathDate'] as string | undefined;
  const handled = row['handledOn'] as string;
  if (!death) {
    trace.step(`个人账户余额${fmt2(balance)}一次性支付本人(第十八条)`);
    return { deduction: ZERO, refund: balance };
  }
  if (handled < death) throw new RowError(`列「办理日期」的值「${handled}」早于死亡日期「${death}」 / handled before the date of death`);
  const months = Math.max(0, monthsBetween(death, handled) - 1); // int: months after the month of death, before the month of handling
  let deduction = ZERO;
  if (months > 0) {
    const credit = row['monthlyCredit'] as Decimal | undefined;
    if (credit === undefined) throw new RowError(`死亡次月起已划入${months}个月，须填写「月划入额」以扣除 / 月划入额 is required`);
    deduction = credit.times(D(months));
    trace.convention(AFTER_DEATH, `扣除死亡次月起已划入${fmtPlain(credit)}×${months}月=${fmt2(deduction)}(第十八条)`);
  } else {
    trace.convention(AFTER_DEATH, '死亡次月起至办理当月前无划入，不扣除(第十八条)');
  }
  if (deduction.greaterThan(balance)) trace.warn(`应扣除${fmt2(deduction)}大于个人账户余额${fmt2(balance)}，返还0`);
  const refund = floor0(balance.minus(deduction));
  trace.step(`返还${fmtPlain(balance)}-${fmt2(deduction)}=${fmt2(refund)}(第十八条)`);
  return { deduction, refund };
}

export const accountRefundModule: RuleModule = {
  kind: 'account-refund',
  params: [],
  rules: [
    rule('dongying.employee.personal_account.ownership_transfer_inheritance', '个人账户余额继承或一次性支付', '第十八条', '个人账户归个人所有，滚存积累，超支不补，可以按照规定继承', [], ['account-refund']),
  ],
  conventions: [AFTER_DEATH],
  kindRules: {
    compute,
    needs: [need('monthlyCredit', undefined, '扣除死亡次月起已划入个人账户的金额，第十八条', '填写了死亡日期、且死亡次月至办理当月之前有划入月份')],
  },
};
