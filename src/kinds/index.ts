import { toHalfWidth } from '../money.js';
import { contributions } from './contributions.js';
import { accountRefund, maternityAllowance, residentContributions, retirementSupplement } from './others.js';
import { settlements } from './settlements.js';
import { COMMON_RESULT_COLUMNS, type ColumnDef, type KindDef, type KindId, KIND_IDS } from './types.js';

export * from './types.js';

export const KINDS: Record<KindId, KindDef> = {
  contributions,
  settlements,
  'resident-contributions': residentContributions,
  'retirement-supplement': retirementSupplement,
  'maternity-allowance': maternityAllowance,
  'account-refund': accountRefund,
};

export function isKindId(s: string): s is KindId {
  return (KIND_IDS as readonly string[]).includes(s);
}

/** A kind id as people type it (case and surrounding spaces ignored), on every door; undefined when it names none. */
export function kindIdFrom(text: string): KindId | undefined {
  const t = toHalfWidth(text).trim().toLowerCase();
  return isKindId(t) ? t : undefined;
}

export function kindDef(id: KindId): KindDef {
  return KINDS[id];
}

/** Result columns as written: the kind's results, then 状态 · 提示 · 计算依据. */
export function resultColumns(kind: KindDef): ColumnDef[] {
  return [...kind.results, ...COMMON_RESULT_COLUMNS];
}
