import { type Decimal, D, ZERO, ONE, fmtPct, gt } from '../../money.js';

const POINT = D('0.01');

/**
 * Adjust a ratio by percentage points (RULES.md §General 4: "降低10%" of 85% is 75%), floored at 0%
 * and capped at 100%. `onLimited` hears when it was (the row's 警告: only overridden points get there).
 */
export function adjustByPoints(ratio: Decimal, points: Decimal, onLimited?: (computed: Decimal, used: Decimal) => void): Decimal {
  const r = ratio.plus(points.times(POINT));
  const used = r.isNegative() ? ZERO : gt(r, ONE) ? ONE : r;
  if (used !== r) onLimited?.(r, used);
  return used;
}

/** The 警告 of a ratio adjustByPoints had to limit. */
export function ratioLimitedWarning(computed: Decimal, used: Decimal): string {
  return `比例计算为 ${fmtPct(computed)}，超出 0–100%，按 ${fmtPct(used)} 计（请检查参数覆盖） / the ratio came to ${fmtPct(computed)}, outside 0–100%, and ${fmtPct(used)} was used (check parameter overrides)`;
}

/** amount × ratio, exact (rounding happens once per payer, at the end). */
export function applyRatio(amount: Decimal, ratio: Decimal): Decimal {
  return amount.times(ratio);
}
