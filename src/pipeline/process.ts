/**
 * processWorkbook: source → guard → read (data sheet, kind, 参数 sheet, policy) → streaming
 * two-pass transform (stream.ts: prepare all rows, compute person by person, write in sheet order right behind) → xlsx | json | csv.
 * The one pipeline behind HTTP, the blob trigger and the CLI.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { log } from '../log.js';
import { readParamSheet, resolveSettings } from '../workbook/params-sheet.js';
import { locateDataSheets, WorkbookFile } from '../workbook/reader.js';
import { type ByteSink, memorySink, streamSink } from '../xlsx/zip.js';
import { guardWorkbook, translateReadError } from '../guard/guard.js';
import { DEFAULT_LIMITS, LARGE_FILE_LIMITS } from '../guard/limits.js';
import { sourceAsWorkbook } from '../guard/csv-input.js';
import { streamWorkbook } from './stream.js';
import { resultContentType, resultName } from './names.js';
import type { Computed, OutputFormat, ProcessRequest, ProcessResult } from './types.js';

/** `工资.xlsx` → `工资.result.xlsx`, `工资.xlsm` → `工资.result.xlsm` (names.ts). */
export function resultFilename(source: ProcessRequest['source'], format: OutputFormat, macroEnabled: boolean): string {
  return resultName(source.name ?? ('path' in source ? basename(source.path) : 'workbook.xlsx'), format, macroEnabled);
}

/** SHA-256 (hex) of the input as given: how the ledger tells a retry of the same file from another. */
export async function sha256Of(source: ProcessRequest['source']): Promise<string> {
  const h = createHash('sha256');
  if ('bytes' in source) return h.update(source.bytes).digest('hex');
  for await (const chunk of createReadStream(source.path)) h.update(chunk as Buffer);
  return h.digest('hex');
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
    const found = await locateDataSheets(wb, req.kind);
    const settings = resolveSettings(await readParamSheet(wb), { policy: req.policy, overrides: req.overrides, ...(req.overrideLabel ? { label: req.overrideLabel } : {}) });
    req.onStart?.({ kind: found.kind.id, policy: settings.policy });
    const unusedColumns = found.sheets.flatMap((ds) => ds.unused);
    const mem = req.sink ? undefined : memorySink();
    const sink: ByteSink = mem ?? streamSink(req.sink!);
    // One path for every size: the streaming two-pass transform (src/pipeline/stream.ts).
    const ledger = req.ledger ? { ...req.ledger, inputSha256: req.ledger.inputSha256 ?? (await sha256Of(req.source)) } : undefined;
    const onComputed = req.onComputed;
    const named = { contentType: resultContentType(format, wb.pkg.macroEnabled), filename: resultFilename(req.source, format, wb.pkg.macroEnabled) };
    const { summary, rows, ledger: tally } = await streamWorkbook({
      wb,
      sheets: found,
      settings,
      format,
      headers,
      sink,
      onProgress: req.onProgress,
      onProblem: req.onProblem,
      shards: req.workers === undefined ? undefined : { workers: req.workers },
      ...(ledger ? { ledger } : {}),
      ...(onComputed ? { onComputed: (c: Pick<Computed, 'kind' | 'policy' | 'summary'>) => onComputed({ ...c, ...named, unusedColumns, ...(ledger ? { ledgerMode: ledger.mode } : {}) }) } : {}),
    });
    if (tally) log('info', 'ledger.batch', { kind: found.kind.id, mode: ledger!.mode, store: ledger!.ledger.description, input: ledger!.inputSha256.slice(0, 12), ...tally });
    // Sheet names and headers are user text (they may name people): counted and placed, not logged.
    log('info', 'process.done', { kind: found.kind.id, policy: settings.policy, format, rows, skipped: summary.skipped, sheetIndexes: found.sheets.map((ds) => wb.worksheets().indexOf(ds.sheet) + 1), unusedColumns: unusedColumns.length, sheetsNotComputed: found.notComputed.length }); // int
    return {
      kind: found.kind.id,
      policy: settings.policy,
      format,
      ...named,
      body: mem?.buffer(),
      summary,
      unusedColumns,
      sheetsNotComputed: found.notComputed,
      ...(tally ? { ledger: tally } : {}),
    };
  } catch (e) {
    throw translateReadError(e);
  } finally {
    await wb.close();
    await opened.close();
  }
}
