/**
 * One upload through the pipeline into the results container, the steps the blob drop and a job's result
 * in another format share: the output goes to a temp file beside the spooled input (renderToFile), then is
 * committed as one blob (it appears only complete) under the name the result settles — `.result.xlsm` for a
 * macro-enabled workbook, known once the file is read (commitResult). Two steps, because the blob drop
 * reports a file the pipeline refuses but leaves a storage fault in the commit to the runtime's retry.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ContainerClient } from '@azure/storage-blob';
import { appLedger } from '../ledger/app.js';
import { ledgerModeSchema } from '../pipeline/ledger-mode.js';
import { XLSM_CONTENT_TYPE } from '../pipeline/names.js';
import { processWorkbook } from '../pipeline/process.js';
import type { ProcessRequest, ProcessResult } from '../pipeline/types.js';
import { resultName, type UploadName } from './paths.js';
import { commitBlob } from './store.js';

/**
 * The ledger an upload runs against: the app's, committing like the default HTTP call unless `asked` (the
 * upload's metadata, or a job's own mode) says peek or off; none when the app has no ledger.
 */
export function uploadLedger(asked: string | undefined, inputSha256: string): ProcessRequest['ledger'] {
  const app = appLedger();
  const mode = ledgerModeSchema.safeParse(asked).data ?? 'commit';
  return app.status === 'on' && mode !== 'off' ? { ledger: app.ledger, key: app.key, mode, inputSha256 } : undefined;
}

/** The pipeline's output in a temp file, not yet committed. */
export interface RenderedFile {
  result: ProcessResult;
  file: string;
}

/**
 * Process `input` (a file spooled into `dir`, the upload's `file` name) by `req` into a temp file beside it.
 * Throws what the pipeline throws (a file that cannot be processed: InputError), the sink destroyed.
 */
export async function renderToFile(dir: string, input: string, upload: Pick<UploadName, 'file'>, req: Omit<ProcessRequest, 'source' | 'sink'>): Promise<RenderedFile> {
  const file = join(dir, 'result');
  const sink = createWriteStream(file);
  let result: ProcessResult;
  try {
    result = await processWorkbook({ ...req, source: { path: input, name: upload.file }, sink });
  } catch (e) {
    sink.destroy();
    throw e;
  }
  if (!sink.writableEnded) sink.end();
  await finished(sink);
  return { result, file };
}

/**
 * Commit a rendered file as the upload's result in `results`, under the name the result settles, with
 * `metadata`; returns that name. A storage fault here is the runtime's to retry, not a report on the file.
 */
export async function commitResult(results: ContainerClient, upload: Pick<UploadName, 'base'>, rendered: RenderedFile, metadata: Record<string, string>): Promise<string> {
  const { result } = rendered;
  const output = resultName(upload, result.format, result.contentType === XLSM_CONTENT_TYPE);
  await commitBlob(results.getBlockBlobClient(output), { file: rendered.file }, result.contentType, metadata);
  return output;
}
