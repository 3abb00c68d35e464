/**
 * Xining 死亡一次性返还 (六(四)3): balance − monthly credit × the months from the month of death up to (not
 * including) the month of handling. The handbook's example: died 2024-07, handled 2024-08, 1824.32 − 90 = 1734.32.
 */
import { monthsBetween } from '../../kinds/dates.js';
import { type Decimal, ZERO, fmt2, fmtPlain, floor0 } from '../../money.js';
import { rule } from '../define.js';
import { type KindRules, type ResultValues, type RowContext, type RuleDef, type RuleModule, RowError } from '../types.js';
import { RETIREE_ACCOUNT_CREDIT } from './common.js';

const rules: RuleDef[] = [
  rule('xining.employee.death_refund', '死亡一次性返还：余额扣除死亡当月起已划入的月划入额', '六(四)3', '以2024年7月死亡的退休人员，8月办理死亡业务为例', [RETIREE_ACCOUNT_CREDIT], ['account-refund']),
];

/** 月划入额 from the row, else the retiree credit parameter (the handbook's example is a retiree). */
function monthlyCredit(ctx: RowContext): Decimal {
  const { row, params, trace } = ctx;
  const given = row['monthlyCredit'] as Decimal | undefined;
  if (given !== undefined) return given;
  const v = params.get(RETIREE_ACCOUNT_CREDIT);
  trace.note(`未填写「月划入额」，按退休人员每月划入${fmtPlain(v)}元计算（${RETIREE_ACCOUNT_CREDIT}） / 月划入额 empty: the retiree credit ${fmtPlain(v)} is used`);
  if (row['category'] === '在职') {
    trace.warn(`人员类别为在职：手册未规定在职职工的月划入额，已按退休人员${fmtPlain(v)}元计算，请填写「月划入额」 / no in-service credit in the text: please fill 月划入额`);
  }
  return v;
}

function compute(ctx: RowContext): ResultValues {
  const { row, params, trace } = ctx;
  const balance = row['balance'] as Decimal;
  const handled = row['handledOn'] as string;
  const death = row['deathDate'] as string | undefined;
  if (death === undefined) {
    trace.note('未填写「死亡日期」，不扣除划入额，全额返还 / no 死亡日期: nothing is deducted');
    trace.step(`返还金额=个人账户余额${fmt2(balance)}(六(四)3)`);
    return { deduction: ZERO, refund: balance };
  }
  if (death > handled) throw new RowError(`列「死亡日期」的值「${death}」晚于办理日期「${handled}」 / 死亡日期 is after 办理日期`);
  const credit = monthlyCredit(ctx);
  const months = monthsBetween(death, handled); // int: calendar months from the death month, handling month excluded
  const deduction = credit.times(months);
  const span = months > 0 ? `${death.slice(0, 7)}起${months}个月，不含办理当月${handled.slice(0, 7)}` : '死亡当月即办理，无需扣除';
  trace.step(`扣除金额${fmtPlain(credit)}×${months}=${fmt2(deduction)}(${span}，${params.ref(RETIREE_ACCOUNT_CREDIT)})`);
  const raw = balance.minus(deduction);
  const refund = floor0(raw);
  if (raw.isNegative()) trace.warn(`扣除金额${fmt2(deduction)}大于个人账户余额${fmt2(balance)}，返还金额按0计 / deduction exceeds the balance`);
  trace.step(`返还金额=${fmt2(balance)}-${fmt2(deduction)}=${fmt2(refund)}(六(四)3)`);
  return { deduction, refund };
}

export const accountRefundModule: RuleModule = { kind: 'account-refund', params: [], rules, kindRules: { compute } satisfies KindRules };
