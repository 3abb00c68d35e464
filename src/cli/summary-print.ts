/** The few lines the CLI prints after a run: rows by status and the money totals of the main result columns. */
import type { Summary } from '../engine/summary.js';
import { kindDef } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { type Decimal, fmt2 } from '../money.js';
import type { PolicyId } from '../rules/types.js';
import type { PersonYearView } from '../ledger/view.js';

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
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
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

/** `yibao ledger show`: a person-year's totals and committed rows, per book. */
export function formatPersonYear(v: PersonYearView): string {
  const lines = [`台账 / ledger ${v.policy} ${v.year} ${v.person}`];
  for (const b of v.books) {
    const def = kindDef(b.kind);
    lines.push(`${def.zh}（${b.kind}）：${b.version === 0 ? '无记录 / nothing committed' : `${b.version} 次提交 / commits, ${b.rows.length} 行 / rows, 最近日期 / latest date ${b.lastDate}`}`);
    const names = Object.keys(b.totals);
    if (names.length > 0) {
      lines.push('  年度累计 / year-to-date:');
      const w = Math.max(...names.map((n) => n.length)); // int: characters
      for (const n of names) lines.push(`    ${n.padEnd(w)}  ${b.totals[n]}`);
    }
    if (b.rows.length > 0) lines.push('  已提交行 / committed rows:');
    for (const r of b.rows) {
      const money = MAIN_TOTALS[b.kind].filter((k) => r.results[k] !== undefined).map((k) => `${def.results.find((c) => c.key === k)?.zh ?? k}=${r.results[k]}`);
      const mark = r.reverses ? ` 冲销 / reverses ${r.reverses}` : r.reversedBy ? ` 已被冲销 / reversed by ${r.reversedBy}` : '';
      lines.push(`    ${r.key}  ${r.date}  ${r.status}${mark}  ${money.join(' ')}  (${r.committedAt}, ${r.inputSha256.slice(0, 12)})`);
    }
  }
  return `${lines.join('\n')}\n`;
}
