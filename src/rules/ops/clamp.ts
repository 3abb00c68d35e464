import type { Decimal } from '../../money.js';

export type ClampBound = 'floor' | 'ceiling' | null;

/** Clamp a value into [floor, ceiling]; says which bound applied (e.g. a contribution base, 第九条). */
export function clamp(value: Decimal, floor: Decimal, ceiling: Decimal): { value: Decimal; bound: ClampBound } {
  if (value.lessThan(floor)) return { value: floor, bound: 'floor' };
  if (value.greaterThan(ceiling)) return { value: ceiling, bound: 'ceiling' };
  return { value, bound: null };
}
