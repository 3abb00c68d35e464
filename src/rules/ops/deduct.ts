import { type Decimal, ZERO, dmin, floor0 } from '../../money.js';

/**
 * Charge a deductible against an eligible amount: the deductible is never more than the amount
 * (RULES.md §General 13), and never negative.
 */
export function deduct(eligible: Decimal, deductible: Decimal): { charged: Decimal; remaining: Decimal } {
  const e = floor0(eligible);
  const charged = dmin(floor0(deductible), e);
  return { charged, remaining: e.minus(charged) };
}

/** What is left of an annual or quarterly deductible once `used` has been charged. */
export function deductibleLeft(standard: Decimal, used: Decimal): Decimal {
  return floor0(standard.minus(used ?? ZERO));
}
