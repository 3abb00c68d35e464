/**
 * processWorkbook: source → guard → read (data sheet, kind, 参数 sheet, policy) → runBatch → xlsx | json | csv.
 * The one pipeline behind HTTP, the blob trigger and the CLI.
 */
import { basename } from 'node:path';
import { runBatch } from '../engine/run.js';
import { log } from '../log.js';
import { CsvRecordWriter } from '../render/csv.js';
import { JsonRecordWriter } from '../render/json.js';
import { readParamSheet, resolveSettings } from '../workbook/params-sheet.js';
import { locateDataSheet, readAllRows, resultColumnFor, WorkbookFile } from '../workbook/reader.js';
import { writeResultWorkbook } from '../workbook/writer.js';
import { type ByteSink, memorySink, streamSink } from '../xlsx/zip.js';
import { guardWorkbook, translateReadError } from '../guard/guard.js';
import { sourceAsWorkbook } from '../guard/csv-input.js';
import { CONTENT_TYPES, type OutputFormat, type ProcessRequest, type ProcessResult } from './types.js';

/** `工资.xlsx` → `工资.result.xlsx`. */
export function resultFilename(source: ProcessRequest['source'], format: OutputFormat): string {
  const name = source.name ?? ('path' in source ? basename(source.path) : 'workbook.xlsx');
  const stem = name.replace(/\.(xlsx|xlsm|xls|xltx|csv|txt)$/i, '') || 'workbook';
  return `${stem}.result.${format}`;
}

export async function processWorkbook(req: ProcessRequest): Promise<ProcessResult> {
  const format = req.format ?? 'xlsx';
  const headers = req.headers ?? 'en';
  const guarded = await guardWorkbook(req.source, req.limits);
  const { limits } = guarded;
  const wb = await WorkbookFile.open(await sourceAsWorkbook(req.source, guarded), { maxPartBytes: limits.maxEntryBytes, ...limits });
  try {
    const ds = await locateDataSheet(wb, req.kind);
    const settings = resolveSettings(await readParamSheet(wb), { policy: req.policy, overrides: req.overrides });
    const { rows, stats } = await readAllRows(wb, ds);
    req.onProgress?.(0, rows.length);
    const batch = await runBatch(
      rows.map((r) => r.raw),
      { kind: ds.kind.id, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year },
    );
    req.onProgress?.(rows.length, rows.length);
    const results = rows.map((r, i) => ({ rowNumber: r.rowNumber, outcome: batch.outcomes[i]! }));

    const mem = req.sink ? undefined : memorySink();
    const sink: ByteSink = mem ?? streamSink(req.sink!);
    if (format === 'xlsx') {
      await writeResultWorkbook({
        wb,
        ds,
        firstResultCol: resultColumnFor(ds, stats),
        ruleSet: settings.ruleSet,
        rows: results,
        totals: () => ({ summary: batch.summary, params: batch.params }),
        sink,
      });
    } else {
      const w = format === 'json' ? new JsonRecordWriter(ds.kind, headers) : new CsvRecordWriter(ds.kind, headers);
      let text = w.begin();
      for (const r of results) {
        text += w.record(r.rowNumber, r.outcome);
        if (text.length > 1 << 20) {
          await sink.write(Buffer.from(text, 'utf8'));
          text = '';
        }
      }
      text += w.end();
      await sink.write(Buffer.from(text, 'utf8'));
    }
    log('info', 'process.done', { kind: ds.kind.id, policy: settings.policy, format, rows: rows.length, sheetIndex: wb.worksheets().indexOf(ds.sheet) + 1 }); // int: sheet names are user text (they may name people): not logged
    return {
      kind: ds.kind.id,
      policy: settings.policy,
      format,
      contentType: CONTENT_TYPES[format],
      filename: resultFilename(req.source, format),
      body: mem?.buffer(),
      summary: batch.summary,
    };
  } catch (e) {
    throw translateReadError(e);
  } finally {
    await wb.close();
  }
}
