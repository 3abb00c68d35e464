import { type Decimal, dmin, floor0, lt } from '../../money.js';

/**
 * An annual (or per-period) cap: pay at most what is left of `limit` after `used` (rules-catalog G6).
 * `bound` is true when the cap cut the amount.
 */
export function cap(amount: Decimal, limit: Decimal, used: Decimal): { value: Decimal; room: Decimal; bound: boolean } {
  const room = floor0(limit.minus(used));
  const wanted = floor0(amount);
  const value = dmin(wanted, room);
  return { value, room, bound: lt(value, wanted) };
}
