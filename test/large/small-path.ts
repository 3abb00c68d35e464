/**
 * The small-file path as it was before the streaming transform: every row in memory, runBatch, then the
 * same writers. The reference the streaming path must match cell for cell (here: byte for byte).
 */
import { runBatch } from '../../src/engine/run.js';
import { SummaryBuilder } from '../../src/engine/summary.js';
import { withSkipped } from '../../src/pipeline/stream.js';
import { recordValues } from '../../src/render/records.js';
import { writeRecords } from '../../src/render/sheet-records.js';
import type { OutputFormat } from '../../src/pipeline/types.js';
import type { PolicyId } from '../../src/rules/types.js';
import { readParamSheet, resolveSettings } from '../../src/workbook/params-sheet.js';
import { locateDataSheets, readAllRows, resultColumnFor, WorkbookFile } from '../../src/workbook/reader.js';
import { sheetContext } from '../../src/workbook/sheet-columns.js';
import { writeResultWorkbook } from '../../src/workbook/writer.js';
import { memorySink } from '../../src/xlsx/zip.js';

export async function smallPath(bytes: Uint8Array, policy: PolicyId | undefined, format: OutputFormat = 'xlsx'): Promise<Buffer> {
  const wb = await WorkbookFile.open({ bytes });
  try {
    const found = await locateDataSheets(wb);
    const kind = found.kind;
    const settings = resolveSettings(await readParamSheet(wb), { policy });
    const read: Awaited<ReturnType<typeof readAllRows>>[] = [];
    for (const ds of found.sheets) read.push(await readAllRows(wb, ds));
    const rows = read.flatMap((r) => r.rows);
    const sheetOfRow = read.flatMap((r, k) => r.rows.map(() => k));
    // A sheet's first batch index: the rows of the sheets before it.
    const starts = read.map((_, k) => read.slice(0, k).reduce((n, r) => n + r.rows.length, 0));
    const batch = await runBatch(rows.map((r) => r.raw), { kind: kind.id, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year, sheets: found.sheets.map(sheetContext), sheetOfRow });
    const builder = new SummaryBuilder(kind, found.sheets.length > 1 ? starts : undefined);
    for (const o of batch.outcomes) builder.add(o);
    const { summary } = withSkipped({ summary: builder.result(), params: batch.params, conventions: batch.conventions }, found.sheets, read.map((r) => r.stats));
    if (format === 'json' || format === 'csv') {
      let text = '';
      await writeRecords({
        wb,
        kind,
        sheets: found.sheets.map((ds, k) => ({ ds, skipped: read[k]!.stats.skipped, first: starts[k]!, count: read[k]!.rows.length })),
        format,
        headers: 'en',
        rowNumber: (i) => rows[i]!.rowNumber,
        values: (i) => recordValues(kind, rows[i]!.rowNumber, batch.outcomes[i]!, 'en'),
        write: async (t) => {
          text += t;
        },
      });
      return Buffer.from(text, 'utf8');
    }
    const sink = memorySink();
    await writeResultWorkbook({
      wb,
      sheets: found.sheets.map((ds, k) => ({
        ds,
        firstResultCol: resultColumnFor(ds, read[k]!.stats),
        skipped: read[k]!.stats.skipped,
        rows: read[k]!.rows.map((r, j) => ({ rowNumber: r.rowNumber, outcome: batch.outcomes[starts[k]! + j]! })),
      })),
      notComputed: found.notComputed,
      ruleSet: settings.ruleSet,
      totals: () => ({ summary, params: batch.params, conventions: batch.conventions }),
      sink,
    });
    return sink.buffer();
  } finally {
    await wb.close();
  }
}
