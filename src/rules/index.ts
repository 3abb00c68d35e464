/** The rule sets yibao knows. A new year or city is a new rule set here, not edits scattered through code. */
import { toHalfWidth } from '../money.js';
import { dongying2018 } from './dongying-2018/index.js';
import type { PolicyId, RuleSet } from './types.js';
import { xining2024 } from './xining-2024/index.js';

export const RULE_SETS: Record<PolicyId, RuleSet> = {
  'dongying-2018': dongying2018,
  'xining-2024': xining2024,
};

export const POLICY_IDS = Object.keys(RULE_SETS) as PolicyId[];

export function isPolicyId(s: string): s is PolicyId {
  return Object.hasOwn(RULE_SETS, s);
}

/**
 * A policy id as people type it — `Xining-2024`, ` XINING-2024 `, full-width letters — on every door
 * (query, blob path, --policy, the 参数 sheet): ids are case-insensitive. Undefined when it names none.
 */
export function policyIdFrom(text: string): PolicyId | undefined {
  const t = toHalfWidth(text).trim().toLowerCase();
  return isPolicyId(t) ? t : undefined;
}

export function ruleSet(id: PolicyId): RuleSet {
  return RULE_SETS[id];
}
