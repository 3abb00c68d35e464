import { type Decimal, floor0, round2 } from '../../money.js';

/**
 * An annual cumulative threshold paid incrementally (critical illness, civil-servant subsidy,
 * assistance above 2500/6000): the year's base after this row is `before + added`; what is due
 * for the year is `ratio × max(0, base − threshold)` (`dueRounded`: to the fen); this row pays the due less what was paid.
 * The row's payment is rounded to the fen, and never more than `residual` (the payer chain's rule).
 */
export function annualExcess(args: {
  baseBefore: Decimal;
  added: Decimal;
  threshold: Decimal;
  ratio: Decimal;
  paidBefore: Decimal;
}): { due: Decimal; dueRounded: Decimal; pay: Decimal; baseAfter: Decimal } {
  const baseAfter = args.baseBefore.plus(args.added);
  const due = floor0(baseAfter.minus(args.threshold)).times(args.ratio);
  const dueRounded = round2(due);
  const pay = floor0(dueRounded.minus(args.paidBefore));
  return { due, dueRounded, pay, baseAfter };
}
