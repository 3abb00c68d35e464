/**
 * The blob drop handler, shared by the Functions blob trigger and the local server's watcher.
 *
 * uploads/{policy}/{kind}/{name}.xlsx (or .xlsm, .csv: whatever the CLI and HTTP take) is spooled to a temp
 * file (streamed, hashed), processed by the one pipeline, and the result committed atomically as
 * results/{policy}/{kind}/{name}.result.xlsx (.result.xlsm for a macro-enabled workbook; `.json` / `.csv`
 * when the blob's metadata asks for that `format`; kind `auto`: detected from the headers). An
 * asynchronous job's upload (src/jobs) runs the same way, its state written as the run goes. A file that
 * cannot be processed yields {name}.error.json once and the handler returns normally (no retry loop into
 * poison). Triggers can fire more than once: the input's SHA-256 is kept in the output's metadata, and an
 * output for the same bytes is never produced twice. With the app's ledger on, the batch commits (the
 * upload's metadata `ledger` = peek | off says otherwise); a retry of the same bytes is idempotent there too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { BlobServiceClient } from '@azure/storage-blob';
import { appLedger } from '../ledger/app.js';
import { log } from '../log.js';
import { processWorkbook } from '../pipeline/process.js';
import { JobRun } from '../jobs/run.js';
import { XLSM_CONTENT_TYPE } from '../pipeline/names.js';
import { InputError, maskedDetails, type OutputFormat, type ProgressCallback, type ProgressStage } from '../pipeline/types.js';
import { guardErrors } from '../guard/errors.js';
import { LARGE_FILE_LIMITS, resolveLimits } from '../guard/limits.js';
import { maskIdsInText } from '../kinds/idcard.js';
import { AUTO_KIND, parseUploadName, resultName, RESULTS, UPLOADS, type UploadName } from './paths.js';
import { BlobTooLargeError, commitBlob, metadataOf, spoolBlob } from './store.js';

export type BlobOutcome = 'processed' | 'error-report' | 'skipped';

export interface BlobReport {
  outcome: BlobOutcome;
  /** Name written (or found) in the results container. */
  output: string;
  sha256: string;
}

export const HASH_KEY = 'inputsha256';

export interface ErrorReport {
  error: string;
  message: string;
  details: unknown[];
  input: string;
  inputSha256: string;
  at: string;
}

/**
 * Log a line at every 10% of each stage (read, compute, write) with the rate in that stage, from the
 * pipeline's onProgress. While reading, the total is the pipeline's estimate. A stage may begin part way
 * (writing follows the compute, so 'write' starts near its end): the rate counts the rows since it began.
 */
export function progressLogger(tag: Record<string, unknown>): ProgressCallback {
  let stage: ProgressStage | undefined;
  let started = Date.now();
  let from = 0;
  let next = 10;
  return (done, total, s = 'compute') => {
    if (s !== stage) {
      stage = s;
      started = Date.now();
      from = done;
      next = 10;
    }
    if (!total) return;
    const pct = Math.floor((done * 100) / total); // int: percent of rows
    if (pct < next && done < total) return;
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    log('info', 'blob.progress', { ...tag, stage: s, percent: Math.min(pct, 100), rows: done, total, rowsPerSec: Math.round((done - from) / secs) }); // int: rows
    while (next <= pct) next += 10; // int: next decile
  };
}

/**
 * The error report of an upload. Its text passes through the ID mask (the name is the uploader's: it may
 * carry an ID), as every InputError's does.
 */
function reportOf(e: { error: string; message: string; details: unknown[] }, name: UploadName, sha256: string): ErrorReport {
  return { error: e.error, message: maskIdsInText(e.message), details: maskedDetails(e.details), input: maskIdsInText(`${UPLOADS}/${name.blob}`), inputSha256: sha256, at: new Date().toISOString() };
}

function reportFor(e: unknown, name: UploadName, sha256: string): ErrorReport | undefined {
  return e instanceof InputError ? reportOf(e.toJSON(), name, sha256) : undefined;
}

/** The output format a blob asks for in its metadata (`format`: xlsx | json | csv), else the workbook. */
export function formatOf(metadata: Record<string, string>): OutputFormat {
  const f = metadata['format'];
  return f === 'json' || f === 'csv' ? f : 'xlsx';
}

export async function processUploadedBlob(service: BlobServiceClient, path: string): Promise<BlobReport> {
  const name = parseUploadName(path);
  const uploads = service.getContainerClient(UPLOADS);
  const results = service.getContainerClient(RESULTS);
  const errorBlob = results.getBlockBlobClient(name.error);
  const dir = await mkdtemp(join(tmpdir(), 'yibao-blob-'));
  const tag = { policy: name.policy, kind: name.kind ?? AUTO_KIND };
  try {
    // A job's upload (src/jobs): its state follows the run. A job that has ended is not run again.
    const job = await JobRun.open(service, name.blob);
    if (job === 'finished') {
      log('info', 'blob.skipped', { ...tag, reason: 'job already finished' });
      return { outcome: 'skipped', output: '', sha256: '' };
    }
    const input = join(dir, 'input.xlsx');
    let spooled;
    const limits = resolveLimits({}, process.env, LARGE_FILE_LIMITS);
    try {
      spooled = await spoolBlob(uploads, name.blob, input, limits.maxInputBytes);
    } catch (e) {
      if (e instanceof BlobTooLargeError) {
        // Refused from its length, before it is downloaded: reported (no hash: the bytes were not read).
        const report = reportOf(guardErrors.tooLarge(e.bytes, limits).toJSON(), name, '');
        await commitBlob(errorBlob, { bytes: Buffer.from(JSON.stringify(report, null, 2)) }, 'application/json; charset=utf-8', {});
        await results.getBlockBlobClient(resultName(name, job ? job.state.format : formatOf(e.metadata))).deleteIfExists();
        await job?.fail(report);
        log('warn', 'blob.error-report', { ...tag, error: report.error });
        return { outcome: 'error-report', output: name.error, sha256: '' };
      }
      // Deleted between the event and now: nothing to do (retrying would only end in the poison queue).
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      log('info', 'blob.gone', tag);
      return { outcome: 'skipped', output: '', sha256: '' };
    }
    const { sha256, bytes } = spooled;
    const short = sha256.slice(0, 12);
    const format = job ? job.state.format : formatOf(spooled.metadata);
    // A workbook's result is .xlsm when the workbook carries macros (known once it is read): both names are ours.
    const outputs = format === 'xlsx' ? [resultName(name, format, false), resultName(name, format, true)] : [resultName(name, format)];

    // Idempotency: the same bytes already have a result or an error report. (A job that has not ended is
    // run: its state must be written, and the handler may have stopped between result and state.)
    if (!job) {
      for (const out of [...outputs, name.error]) {
        const meta = await metadataOf(results.getBlockBlobClient(out));
        if (meta?.[HASH_KEY] === sha256) {
          log('info', 'blob.skipped', { ...tag, input: short, reason: 'already processed' });
          return { outcome: 'skipped', output: out, sha256 };
        }
      }
    }

    const writeError = async (report: ErrorReport): Promise<BlobReport> => {
      await commitBlob(errorBlob, { bytes: Buffer.from(JSON.stringify(report, null, 2)) }, 'application/json; charset=utf-8', { [HASH_KEY]: sha256 });
      for (const o of outputs) await results.getBlockBlobClient(o).deleteIfExists(); // a result of earlier bytes under this name would mislead
      await job?.fail(report);
      log('warn', 'blob.error-report', { ...tag, input: short, error: report.error });
      return { outcome: 'error-report', output: name.error, sha256 };
    };

    if (name.problem || !name.policy) {
      return await writeError(reportOf({ error: 'bad-path', message: name.problem ?? 'bad path', details: [{ expected: `${UPLOADS}/{policy}/{kind}/{name}.xlsx` }] }, name, sha256));
    }

    // The ledger: commit, like the default HTTP call; the upload's metadata `ledger` (commit | peek | off; a job's own mode) may say otherwise.
    const asked = job ? job.state.ledger : spooled.metadata['ledger'];
    const app = appLedger();
    const mode: 'commit' | 'peek' | 'off' = asked === 'peek' || asked === 'off' ? asked : 'commit';
    const ledger = app.status === 'on' && mode !== 'off' ? { ledger: app.ledger, key: app.key, mode, inputSha256: sha256 } : undefined;
    log('info', 'blob.start', { ...tag, input: short, bytes, ledger: ledger ? mode : 'off', ...(job ? { job: job.state.id.slice(0, 8) } : {}) });
    await job?.begin();
    const started = Date.now();
    const out = join(dir, 'result');
    const sink = createWriteStream(out);
    const logged = progressLogger({ ...tag, input: short });
    let result;
    try {
      result = await processWorkbook({
        source: { path: input, name: name.file },
        ...(name.kind ? { kind: name.kind } : {}),
        policy: name.policy,
        format,
        sink,
        largeFile: true, // the door for large files (docs/guard.md)
        onProgress: job
          ? (done, total, stage) => {
              logged(done, total, stage);
              job.onProgress(done, total, stage);
            }
          : logged,
        ...(job ? { onStart: job.onStart, onProblem: job.onProblem } : {}),
        ...(ledger ? { ledger } : {}),
      });
    } catch (e) {
      sink.destroy();
      const report = reportFor(e, name, sha256);
      if (report) return await writeError(report);
      log('error', 'blob.internal-error', { ...tag, input: short, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      return await writeError(reportOf({ error: 'internal-error', message: '内部错误：文件未能处理，请联系管理员 / internal error: the file could not be processed', details: [] }, name, sha256));
    }
    if (!sink.writableEnded) sink.end();
    await finished(sink);
    const data = result.body ? { bytes: result.body } : { file: out };
    const output = resultName(name, format, result.contentType === XLSM_CONTENT_TYPE);
    await commitBlob(results.getBlockBlobClient(output), data, result.contentType, {
      [HASH_KEY]: sha256,
      policy: result.policy,
      kind: result.kind,
      rows: String(result.summary.rows),
      errors: String(result.summary.byStatus.error),
      warnings: String(result.summary.byStatus.warning),
    });
    await errorBlob.deleteIfExists();
    for (const o of outputs) if (o !== output) await results.getBlockBlobClient(o).deleteIfExists();
    // The headers no column reads (one per name: monthly sheets repeat them), for the job's state.
    await job?.finish(result.summary, result.kind, output, [...new Set(result.unusedColumns.map((u) => u.header))]);
    log('info', 'blob.done', { ...tag, kind: result.kind, input: short, rows: result.summary.rows, errors: result.summary.byStatus.error, ms: Date.now() - started });
    return { outcome: 'processed', output, sha256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
