/** The rule sets yibao knows. A new year or city is a new rule set here, not edits scattered through code. */
import { toHalfWidth } from '../money.js';
import { dongying2018 } from './dongying-2018/index.js';
import { kindDef } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { type ColumnNeed, describeNeed, needMessage } from './needs.js';
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

/**
 * The columns one kind needs under one policy: those every rule reads (`required` in the column table) and
 * those its rules read on some rows (needs.ts), each with the rows and the reason in words.
 */
export function columnsNeeded(rs: RuleSet, kind: KindId): { always: string[]; when: (ColumnNeed & { text: string })[] } {
  const def = kindDef(kind);
  return {
    always: def.inputs.filter((c) => c.required).map((c) => c.key),
    when: (rs.kinds[kind]?.needs ?? []).map((n) => ({ ...n, text: needMessage(def, n) })),
  };
}

/** Per input column of a kind, what each policy's rules need of it, in words (template header comments). */
export function needLines(kind: KindId): Map<string, string[]> {
  const def = kindDef(kind);
  const out = new Map<string, string[]>();
  for (const rs of Object.values(RULE_SETS)) {
    for (const n of rs.kinds[kind]?.needs ?? []) {
      const d = describeNeed(def, n);
      const what = n.columns.length > 1 ? `${d.columns}至少填一项` : '必填';
      const line = `${rs.city}：${d.when ? `${d.when}时` : ''}${what}（${n.because}）`;
      for (const k of n.columns) out.set(k, [...(out.get(k) ?? []), line]);
    }
  }
  return out;
}
