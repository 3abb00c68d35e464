/** Test helpers: valid ID numbers and a one-call batch runner. */
import { checkDigit } from '../../src/kinds/idcard.js';
import { runBatch, type BatchResult } from '../../src/engine/run.js';
import type { KindId } from '../../src/kinds/types.js';
import type { RawRow } from '../../src/kinds/validate.js';
import { D, type Decimal } from '../../src/money.js';
import { ruleSet } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/types.js';

/** A valid 18-digit ID: region 630102, the given birth date (YYYYMMDD), sequence (odd = male). */
export function idFor(birth = '19800101', seq = 123): string {
  const first17 = `630102${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export async function run(policy: PolicyId, kind: KindId, rows: RawRow[], overrides: Record<string, string> = {}, defaultYear?: number): Promise<BatchResult> {
  return runBatch(rows, {
    kind,
    ruleSet: ruleSet(policy),
    overrides: new Map(Object.entries(overrides).map(([k, v]) => [k, D(v)])),
    defaultYear,
  });
}

/** Result value as a 2-decimal string ('' when absent), for compact assertions. */
export function r2(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object' && v !== null && 'toFixed' in v) return (v as Decimal).toFixed(2);
  return String(v);
}
