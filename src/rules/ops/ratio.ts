import { type Decimal, D, ZERO, ONE, gt } from '../../money.js';

const POINT = D('0.01');

/**
 * Adjust a ratio by percentage points (RULES.md §General 4: "降低10%" of 85% is 75%), floored at 0%
 * and capped at 100%.
 */
export function adjustByPoints(ratio: Decimal, points: Decimal): Decimal {
  const r = ratio.plus(points.times(POINT));
  if (r.isNegative()) return ZERO;
  if (gt(r, ONE)) return ONE;
  return r;
}

/** amount × ratio, exact (rounding happens once per payer, at the end). */
export function applyRatio(amount: Decimal, ratio: Decimal): Decimal {
  return amount.times(ratio);
}
