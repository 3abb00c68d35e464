import { type Decimal, dmin, floor0 } from '../../money.js';

/**
 * An annual (or per-period) cap: pay at most what is left of `limit` after `used` (rules-catalog G6).
 * `bound` is true when the cap cut the amount.
 */
export function cap(amount: Decimal, limit: Decimal, used: Decimal): { value: Decimal; room: Decimal; bound: boolean } {
  const room = floor0(limit.minus(used));
  const value = dmin(floor0(amount), room);
  return { value, room, bound: value.lessThan(floor0(amount)) };
}
