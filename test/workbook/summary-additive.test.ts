/**
 * 汇总 adds up only what adds up (issue 15.4): 年度累计统筹支付 is a running figure per row (marked
 * cumulative in the column table), so neither the totals nor the per-visit-type table sum it — the
 * Xining sample's fund paid 207,691.63, and its running column would have "summed" to 453,485.90.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summedColumns } from '../../src/engine/summary.js';
import { KINDS } from '../../src/kinds/index.js';
import { D } from '../../src/money.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { loadExcel } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('汇总 of the Xining settlements sample', () => {
  it('sums 统筹基金支付 (207,691.63) and leaves 年度累计统筹支付 out of the totals and the per-visit-type table', async () => {
    const file = path.join(root, 'samples/xining-2024/settlements.xlsx');
    const r = await processWorkbook({ source: { path: file }, format: 'xlsx' });
    expect(r.summary.totals['fundPaid']!.toFixed(2)).toBe('207691.63');
    expect(r.summary.totals['ytdFundPaid']).toBeUndefined();
    for (const c of r.summary.byCategory) expect(c.totals['ytdFundPaid']).toBeUndefined();

    // What summing the running column would have given: the bug this guards against.
    const rows = JSON.parse((await processWorkbook({ source: { path: file }, format: 'json' })).body!.toString('utf8')) as Record<string, unknown>[];
    const naive = rows.filter((x) => x['status'] !== 'error').reduce((t, x) => t.plus(D(String(x['ytdFundPaid'] ?? '0'))), D(0));
    expect(naive.toFixed(2)).toBe('453485.90');

    const ws = (await loadExcel(r.body!)).getWorksheet('汇总')!;
    const cells = ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : []));
    const ytdRow = ws.getRows(1, ws.rowCount)!.find((x) => x.getCell(1).value === '年度累计统筹支付')!;
    expect(typeof ytdRow.getCell(2).value).toBe('string');
    expect(String(ytdRow.getCell(2).value)).toContain('不合计');
    expect(cells).not.toContain(453485.9);
    // The per-visit-type header row carries every summed column and not the running one.
    const header = ws.getRows(1, ws.rowCount)!.find((x) => x.getCell(1).value === '就诊类型')!;
    const names = (header.values as unknown[]).filter((v) => typeof v === 'string');
    expect(names).toContain('统筹基金支付');
    expect(names).not.toContain('年度累计统筹支付');
  });

  it('the column table is the one source: every kind sums its money results except year-to-date ones', () => {
    for (const k of Object.values(KINDS)) {
      for (const c of k.results.filter((x) => x.type === 'money')) expect(summedColumns(k).includes(c), `${k.id}.${c.key}`).toBe(c.cumulative !== true);
    }
    expect(KINDS.settlements.results.filter((c) => c.cumulative).map((c) => c.key)).toEqual(['ytdFundPaid']);
  });
});
