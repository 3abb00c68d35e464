/** The few lines the CLI prints after a run: rows by status and the money totals of the main result columns. */
import type { Summary } from '../engine/summary.js';
import { kindDef, MAIN_TOTALS } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { type Decimal, fmt2 } from '../money.js';
import type { ProcessResult } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';
import { unusedHeaders } from '../workbook/sheet-columns.js';
import type { PersonYearView } from '../ledger/view.js';

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
  const lines = [`${def.zh}（${kind} · ${policy}）：${summary.rows} 行 — 成功 ${s.ok} · 警告 ${s.warning} · 错误 ${s.error}${summary.skipped > 0 ? ` · 跳过 ${summary.skipped}（合计行、表尾行 / totals and footer rows）` : ''}`];
  for (const l of summary.sheets ?? []) lines.push(`  工作表「${l.sheet}」：${l.rows} 行 — 成功 ${l.byStatus.ok} · 警告 ${l.byStatus.warning} · 错误 ${l.byStatus.error}${l.skipped > 0 ? ` · 跳过 ${l.skipped}` : ''}`);
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
    if (b.ytd.length > 0) {
      lines.push('  年度累计 / year-to-date:');
      for (const t of b.ytd) lines.push(`    ${t.label}：${t.value}`);
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

/** The warnings a run leaves beside its summary: headers no column reads, sheets of the kind not computed. */
export function formatNotices(r: Pick<ProcessResult, 'unusedColumns' | 'sheetsNotComputed'>): string {
  const lines: string[] = [];
  if (r.unusedColumns.length > 0) {
    // One entry per header, with every cell it heads (a workbook of monthly sheets repeats them).
    const cells = new Map<string, string[]>();
    for (const u of r.unusedColumns) cells.set(u.header, [...(cells.get(u.header) ?? []), `${u.sheet}!${u.cell}`]);
    lines.push(`yibao: 未使用的列 / unused columns: ${[...cells].map(([h, at]) => `「${h}」(${at.join(', ')})`).join('、')}`);
    const names = unusedHeaders(r.unusedColumns, true);
    if (names.length > 0) lines.push(`yibao: 警告：${names.map((h) => `「${h}」`).join('、')} 像是计算所需的列却未被识别，所在工作表每行为「警告」 / warning: ${names.join(', ')} look like rule inputs but are not read: every row of the sheet is warned`);
  }
  for (const n of r.sheetsNotComputed) lines.push(`yibao: 警告：工作表「${n.sheet}」第${n.headerRow}行缺少 ${n.missing.join('、')}，未计算 / warning: sheet ${n.sheet} lacks ${n.missing.join(', ')}: not computed`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
