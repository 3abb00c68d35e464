/**
 * One upload through the pipeline into the results container, the steps the blob drop and a job's result
 * in another format share: the output goes to a temp file beside the spooled input, then is committed as one
 * blob (it appears only complete) under the name the result settles — `.result.xlsm` for a macro-enabled
 * workbook, known once the file is read. If the pipeline throws, the sink is destroyed and the error passes on.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ContainerClient } from '@azure/storage-blob';
import { appLedger } from '../ledger/app.js';
import { ledgerModeSchema } from '../pipeline/ledger-mode.js';
import { XLSM_CONTENT_TYPE } from '../pipeline/names.js';
import { processWorkbook } from '../pipeline/process.js';
import type { OutputFormat, ProcessRequest, ProcessResult } from '../pipeline/types.js';
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

export interface RenderedResult {
  result: ProcessResult;
  /** The blob written in the results container. */
  output: string;
}

/**
 * Process `input` (a file spooled into `dir`) by `req` and commit the output as the result of `upload` in
 * `results`, with the metadata `metadata(result)` gives.
 */
export async function renderToResults(
  results: ContainerClient,
  upload: Pick<UploadName, 'base' | 'file'>,
  dir: string,
  input: string,
  req: Omit<ProcessRequest, 'source' | 'sink' | 'format'> & { format: OutputFormat },
  metadata: (result: ProcessResult) => Record<string, string>,
): Promise<RenderedResult> {
  const out = join(dir, 'result');
  const sink = createWriteStream(out);
  let result: ProcessResult;
  try {
    result = await processWorkbook({ ...req, source: { path: input, name: upload.file }, sink });
  } catch (e) {
    sink.destroy();
    throw e;
  }
  if (!sink.writableEnded) sink.end();
  await finished(sink);
  const output = resultName(upload, req.format, result.contentType === XLSM_CONTENT_TYPE);
  await commitBlob(results.getBlockBlobClient(output), { file: out }, result.contentType, metadata(result));
  return { result, output };
}
