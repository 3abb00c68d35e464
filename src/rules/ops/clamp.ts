import { type Decimal, gt, lt } from '../../money.js';

export type ClampBound = 'floor' | 'ceiling' | null;

/** Clamp a value into [floor, ceiling]; says which bound applied (e.g. a contribution base, 第九条). */
export function clamp(value: Decimal, floor: Decimal, ceiling: Decimal): { value: Decimal; bound: ClampBound } {
  if (lt(value, floor)) return { value: floor, bound: 'floor' };
  if (gt(value, ceiling)) return { value: ceiling, bound: 'ceiling' };
  return { value, bound: null };
}
