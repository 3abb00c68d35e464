/** The few lines the CLI prints after a run: rows by status and the money totals of the main result columns. */
import type { Summary } from '../engine/summary.js';
import { kindDef } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { type Decimal, fmt2 } from '../money.js';
import type { PolicyId } from '../rules/types.js';

/** The result columns a user looks at first, per kind. */
export const MAIN_TOTALS: Record<KindId, readonly string[]> = {
  settlements: ['fundPaid', 'largeSubsidyPaid', 'criticalIllnessPaid', 'civilServantPaid', 'assistancePaid', 'maternityPaid', 'totalFundPaid', 'patientPays'],
  contributions: ['employerAmount', 'employeeAmount', 'personalAccount', 'lateFee', 'totalDue'],
  'resident-contributions': ['personalContribution', 'assistanceAmount', 'amountDue'],
  'retirement-supplement': ['actualShortAmount', 'deemedShortAmount', 'oneTimePayment', 'totalDue'],
  'maternity-allowance': ['allowance'],
  'account-refund': ['deduction', 'refund'],
};

/** 1234567.8 → 1,234,567.80 (display only). */
export function groupThousands(v: Decimal): string {
  const [int, frac] = fmt2(v).split('.');
  // By hand: /\B(?=(\d{3})+(?!\d))/g looks ahead to the end from every digit (quadratic in the digits).
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out; // int
  return `${sign}${out}.${frac}`;
}

export function formatSummary(kind: KindId, policy: PolicyId, summary: Summary, output: string): string {
  const def = kindDef(kind);
  const s = summary.byStatus;
  const lines = [`${def.zh}（${kind} · ${policy}）：${summary.rows} 行 — 成功 ${s.ok} · 警告 ${s.warning} · 错误 ${s.error}`];
  const cols = MAIN_TOTALS[kind].map((key) => def.results.find((c) => c.key === key)).filter((c) => c !== undefined);
  const shown = cols.filter((c) => summary.totals[c.key] !== undefined);
  if (shown.length) {
    const labels = shown.map((c) => c.zh);
    const width = Math.max(...labels.map((l) => l.length)); // int: characters
    const amounts = shown.map((c) => groupThousands(summary.totals[c.key]!));
    const aw = Math.max(...amounts.map((a) => a.length)); // int: characters
    lines.push('合计（不含错误行）/ totals over rows that computed:');
    shown.forEach((c, i) => lines.push(`  ${c.zh}${'　'.repeat(width - c.zh.length)}  ${amounts[i]!.padStart(aw)}`)); // int: padding
  }
  lines.push(`输出 / output: ${output}`);
  return `${lines.join('\n')}\n`;
}
