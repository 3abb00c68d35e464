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
import { resultContentType, resultName } from './names.js';
import type { OutputFormat, ProcessRequest, ProcessResult } from './types.js';

/** `工资.xlsx` → `工资.result.xlsx`, `工资.xlsm` → `工资.result.xlsm` (names.ts). */
export function resultFilename(source: ProcessRequest['source'], format: OutputFormat, macroEnabled: boolean): string {
  return resultName(source.name ?? ('path' in source ? basename(source.path) : 'workbook.xlsx'), format, macroEnabled);
}

export async function processWorkbook(req: ProcessRequest): Promise<ProcessResult> {
  const format = req.format ?? 'xlsx';
  const headers = req.headers ?? 'en';
  const guarded = await guardWorkbook(req.source, req.limits, req.largeFile ? LARGE_FILE_LIMITS : DEFAULT_LIMITS);
  const { limits } = guarded;
  const wb = await WorkbookFile.open(await sourceAsWorkbook(req.source, guarded), { maxPartBytes: limits.maxEntryBytes, ...limits });
  try {
    const ds = await locateDataSheet(wb, req.kind);
    const settings = resolveSettings(await readParamSheet(wb), { policy: req.policy, overrides: req.overrides });
    req.onStart?.({ kind: ds.kind.id, policy: settings.policy });
    const mem = req.sink ? undefined : memorySink();
    const sink: ByteSink = mem ?? streamSink(req.sink!);
    // One path for every size: the streaming two-pass transform (src/pipeline/stream.ts).
    const { summary, rows } = await streamWorkbook({ wb, ds, settings, format, headers, sink, onProgress: req.onProgress, onProblem: req.onProblem, shards: req.workers === undefined ? undefined : { workers: req.workers } });
    log('info', 'process.done', { kind: ds.kind.id, policy: settings.policy, format, rows, sheetIndex: wb.worksheets().indexOf(ds.sheet) + 1 }); // int: sheet names are user text (they may name people): not logged
    return {
      kind: ds.kind.id,
      policy: settings.policy,
      format,
      contentType: resultContentType(format, wb.pkg.macroEnabled),
      filename: resultFilename(req.source, format, wb.pkg.macroEnabled),
      body: mem?.buffer(),
      summary,
    };
  } catch (e) {
    throw translateReadError(e);
  } finally {
    await wb.close();
  }
}
