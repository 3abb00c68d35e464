/**
 * processWorkbook: source → guard → read (data sheet, kind, 参数 sheet, policy) → streaming
 * two-pass transform (stream.ts: prepare all rows, compute person by person, write in sheet order right behind) → xlsx | json | csv.
 * The one pipeline behind HTTP, the blob trigger and the CLI.
 */
import { basename } from 'node:path';
import { log } from '../log.js';
import { readParamSheet, resolveSettings } from '../workbook/params-sheet.js';
import { locateDataSheet, WorkbookFile } from '../workbook/reader.js';
import { type ByteSink, memorySink, streamSink } from '../xlsx/zip.js';
import { guardWorkbook, translateReadError } from '../guard/guard.js';
import { DEFAULT_LIMITS, LARGE_FILE_LIMITS } from '../guard/limits.js';
import { sourceAsWorkbook } from '../guard/csv-input.js';
import { streamWorkbook } from './stream.js';
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
  const guarded = await guardWorkbook(req.source, req.limits, req.largeFile ? LARGE_FILE_LIMITS : DEFAULT_LIMITS);
  const { limits } = guarded;
  const opened = await sourceAsWorkbook(req.source, guarded);
  let wb: WorkbookFile;
  try {
    wb = await WorkbookFile.open(opened.source, { maxPartBytes: limits.maxEntryBytes, ...limits });
  } catch (e) {
    await opened.close();
    throw e;
  }
  try {
    const ds = await locateDataSheet(wb, req.kind);
    const settings = resolveSettings(await readParamSheet(wb), { policy: req.policy, overrides: req.overrides, ...(req.overrideLabel ? { label: req.overrideLabel } : {}) });
    const mem = req.sink ? undefined : memorySink();
    const sink: ByteSink = mem ?? streamSink(req.sink!);
    // One path for every size: the streaming two-pass transform (src/pipeline/stream.ts).
    const { summary, rows } = await streamWorkbook({ wb, ds, settings, format, headers, sink, onProgress: req.onProgress, shards: req.workers === undefined ? undefined : { workers: req.workers }, ...(req.onComputed ? { onComputed: req.onComputed } : {}) });
    log('info', 'process.done', { kind: ds.kind.id, policy: settings.policy, format, rows, sheetIndex: wb.worksheets().indexOf(ds.sheet) + 1 }); // int: sheet names are user text (they may name people): not logged
    return {
      kind: ds.kind.id,
      policy: settings.policy,
      format,
      contentType: CONTENT_TYPES[format],
      filename: resultFilename(req.source, format),
      body: mem?.buffer(),
      summary,
    };
  } catch (e) {
    throw translateReadError(e);
  } finally {
    await wb.close();
    await opened.close();
  }
}
