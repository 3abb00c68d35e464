/**
 * The small-file path as it was before the streaming transform: every row in memory, runBatch, then the
 * same writers. The reference the streaming path must match cell for cell (here: byte for byte).
 */
import { runBatch } from '../../src/engine/run.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderJson } from '../../src/render/json.js';
import type { OutputFormat } from '../../src/pipeline/types.js';
import type { PolicyId } from '../../src/rules/types.js';
import { readParamSheet, resolveSettings } from '../../src/workbook/params-sheet.js';
import { locateDataSheet, readAllRows, resultColumnFor, WorkbookFile } from '../../src/workbook/reader.js';
import { writeResultWorkbook } from '../../src/workbook/writer.js';
import { memorySink } from '../../src/xlsx/zip.js';

export async function smallPath(bytes: Uint8Array, policy: PolicyId | undefined, format: OutputFormat = 'xlsx'): Promise<Buffer> {
  const wb = await WorkbookFile.open({ bytes });
  try {
    const ds = await locateDataSheet(wb);
    const settings = resolveSettings(await readParamSheet(wb), { policy });
    const { rows, stats } = await readAllRows(wb, ds);
    const batch = await runBatch(rows.map((r) => r.raw), { kind: ds.kind.id, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year });
    const results = rows.map((r, i) => ({ rowNumber: r.rowNumber, outcome: batch.outcomes[i]! }));
    if (format === 'json') return Buffer.from(renderJson(ds.kind, results), 'utf8');
    if (format === 'csv') return Buffer.from(renderCsv(ds.kind, results), 'utf8');
    const sink = memorySink();
    await writeResultWorkbook({ wb, ds, firstResultCol: resultColumnFor(ds, stats), ruleSet: settings.ruleSet, rows: results, totals: () => ({ summary: batch.summary, params: batch.params, conventions: batch.conventions }), sink });
    return sink.buffer();
  } finally {
    await wb.close();
  }
}
