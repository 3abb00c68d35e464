/**
 * Asynchronous jobs (Azure's asynchronous request-reply pattern) over the blob drop, so that one
 * processing path serves the blob drop, the jobs and the web page:
 *
 * - POST /api/jobs: the workbook in the body is stored as uploads/{policy}/{kind|auto}/{id}.xlsx with its
 *   options in the metadata; 202 + Location. The blob trigger (locally: the watcher) runs it.
 * - POST /api/uploads: for files above the body limit, a 15-minute write-only SAS for exactly that blob
 *   (the valet key); the browser PUTs the file there in blocks and the job runs when the blob lands.
 * - GET /api/jobs/{id}: the state (src/jobs/state.ts); 404 unknown, 410 expired.
 * - GET /api/jobs/{id}/result[?format=]: the output. Another format than the job's is rendered once from
 *   the stored input by the same pipeline and kept beside the first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import type { BlobServiceClient } from '@azure/storage-blob';
import { z } from 'zod';
import { HASH_KEY } from '../blob/handler.js';
import { AUTO_KIND, parseUploadName, resultNames, RESULTS, UPLOADS } from '../blob/paths.js';
import { commitResult, renderToFile, uploadLedger } from '../blob/render.js';
import { commitBlob, ensureContainers, metadataOf, spoolBlob } from '../blob/store.js';
import { blobService, configuredStorage } from '../storage/clients.js';
import { LARGE_FILE_LIMITS, resolveLimits } from '../guard/limits.js';
import { uploadSas, UPLOAD_SAS_MINUTES } from '../jobs/sas.js';
import { isExpired, isJobId, isSwept, isTerminal, jobTtlMs, jobUrl, newJob, newJobId, publicState, type JobState } from '../jobs/state.js';
import { readJob, writeJob } from '../jobs/store.js';
import { log } from '../log.js';
import { ledgerModeSchema } from '../pipeline/ledger-mode.js';
import { namedMacroEnabled, resultContentType, resultExtension } from '../pipeline/names.js';
import { CONTENT_TYPES, type OutputFormat } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';
import { readWorkbook } from './body.js';
import { maxBodyBytes } from './config.js';
import { contentDisposition } from './negotiate.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { requestLedger } from './ledger.js';
import { kindSchema, parseQuery, policySchema } from './schemas.js';

const formatSchema = z.enum(['xlsx', 'json', 'csv']).describe('结果格式（默认 xlsx） / output format (default xlsx)');

export const jobsQuery = z
  .object({
    policy: policySchema.describe('政策（必填） / policy id (required)'),
    kind: kindSchema.optional().describe('工作簿类型；缺省时按表头识别 / workbook kind; detected from the headers when absent'),
    format: formatSchema.optional(),
    ledger: ledgerModeSchema.optional(),
    name: z.string().min(1).max(200).optional().describe('原文件的扩展名，如 .xlsm（只用扩展名；文件名可能含人名，不要放进 URL） / the original file\'s extension, e.g. .xlsm (only the extension is used; a file name may name people: keep it out of URLs)'),
  })
  .strict();

export const uploadsQuery = z
  .object({
    policy: policySchema.describe('政策（必填） / policy id (required)'),
    kind: kindSchema.optional().describe('工作簿类型；缺省时按表头识别 / workbook kind; detected from the headers when absent'),
    name: z.string().min(1).max(200).describe('原文件的扩展名，如 .xlsm（只用扩展名；文件名可能含人名，不要放进 URL） / the original file\'s extension, e.g. .xlsm (only the extension is used; a file name may name people: keep it out of URLs)'),
    size: z.string().regex(/^\d+$/).describe('文件字节数 / file size in bytes'),
    format: formatSchema.optional(),
    ledger: ledgerModeSchema.optional(),
  })
  .strict();

export const resultQuery = z.object({ format: formatSchema.optional().describe('另一种格式：首次请求时由同一流水线生成 / another format: rendered by the same pipeline on first request') }).strict();

/** The containers' creation, once per storage (tried again after a failure). */
let containers: { service: BlobServiceClient; ready: Promise<void> } | undefined;

/**
 * The app's storage account (AzureWebJobsStorage) with the uploads, results and jobs containers (created
 * once per process if missing), or 503 when there is none (YIBAO_STORAGE=none locally).
 */
async function storage(): Promise<BlobServiceClient> {
  if (!configuredStorage()) {
    throw new HttpError(503, 'storage-unavailable', '未配置存储账户（AzureWebJobsStorage），异步任务不可用 / no storage account is configured (AzureWebJobsStorage): jobs are unavailable');
  }
  const service = blobService();
  if (containers?.service !== service) {
    const mine = { service, ready: ensureContainers(service) };
    containers = mine;
    mine.ready.catch(() => {
      if (containers === mine) containers = undefined; // try again on the next call
    });
  }
  await containers.ready;
  return service;
}

/** The job blob's name: the id, with the extension of the original name when it is one the drop reads. */
function uploadBlobName(policy: string, kind: string | undefined, id: string, original: string | undefined): string {
  const ext = /\.xlsm$/i.test(original ?? '') ? '.xlsm' : '.xlsx';
  return `${policy}/${kind ?? AUTO_KIND}/${id}${ext}`;
}

/** What the upload's metadata says about the job (the blob drop reads format; the ledger's handler reads ledger). */
function jobMetadata(s: JobState): Record<string, string> {
  return { jobid: s.id, format: s.format, ledger: s.ledger };
}

export async function createJobHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const { query } = parseQuery(jobsQuery, req.query);
  // A ledger asked for when the app has none: 503, as POST /api/{kind} answers; none asked for and none there: off.
  const ledger = requestLedger(query.ledger)?.mode ?? 'off';
  const service = await storage();
  const upload = await readWorkbook(req, maxBodyBytes());
  const id = newJobId();
  const blob = uploadBlobName(query.policy, query.kind, id, upload.name ?? query.name);
  const job = newJob({ id, policy: query.policy as PolicyId, kind: query.kind ?? null, format: query.format ?? 'xlsx', ledger, upload: blob, waitingForUpload: false });
  // The state first: the handler finds the job when the blob lands.
  await writeJob(service, job);
  await commitBlob(service.getContainerClient(UPLOADS).getBlockBlobClient(blob), { bytes: upload.bytes }, CONTENT_TYPES.xlsx, jobMetadata(job));
  log('info', 'job.created', { job: id.slice(0, 8), policy: job.policy, kind: job.kind ?? AUTO_KIND, bytes: upload.bytes.byteLength });
  return jsonReply({ id, state: job.state }, 202, { location: jobUrl(id), 'retry-after': '1', 'cache-control': 'no-store' });
}

export async function createUploadHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const { query } = parseQuery(uploadsQuery, req.query);
  const ledger = requestLedger(query.ledger)?.mode ?? 'off';
  const size = Number(query.size);
  const limit = resolveLimits({}, process.env, LARGE_FILE_LIMITS).maxInputBytes;
  if (size > limit) {
    const mb = (limit / 1024 / 1024).toFixed(0);
    throw new HttpError(413, 'too-large', `文件过大，上限 ${mb} MB / the file is over the ${mb} MB limit`, [{ limitBytes: limit, size }]);
  }
  if (size === 0) throw new HttpError(400, 'empty-body', '上传的文件为空 / the uploaded file is empty');
  const service = await storage();
  const id = newJobId();
  const blob = uploadBlobName(query.policy, query.kind, id, query.name);
  const job = newJob({ id, policy: query.policy as PolicyId, kind: query.kind ?? null, format: query.format ?? 'xlsx', ledger, upload: blob, waitingForUpload: true });
  const sas = await uploadSas(service, UPLOADS, blob);
  await writeJob(service, job);
  log('info', 'job.upload-granted', { job: id.slice(0, 8), policy: job.policy, kind: job.kind ?? AUTO_KIND, bytes: size });
  // The block list is committed with these headers: the blob then says what it is, like a POST /api/jobs upload.
  const commitHeaders: Record<string, string> = { 'x-ms-blob-content-type': CONTENT_TYPES.xlsx };
  for (const [k, v] of Object.entries(jobMetadata(job))) commitHeaders[`x-ms-meta-${k}`] = v;
  return jsonReply({ id, uploadUrl: sas.url, expiresOn: sas.expiresOn.toISOString(), validMinutes: UPLOAD_SAS_MINUTES, commitHeaders, statusUrl: jobUrl(id) }, 201, { location: jobUrl(id), 'cache-control': 'no-store' });
}

/** The job named in the path, or 404 (unknown or malformed id) / 410 (expired). */
async function jobOf(req: HttpRequest, service: BlobServiceClient): Promise<JobState> {
  const id = req.params['jobId'] ?? '';
  const job = isJobId(id) ? await readJob(service, id) : undefined;
  if (!job) throw new HttpError(404, 'job-not-found', '没有这个任务 / no such job', [{ id: id.slice(0, 64) }]);
  if (isSwept(job) || isExpired(job)) {
    const days = Math.round(jobTtlMs() / 86_400_000);
    throw new HttpError(410, 'job-expired', `任务已过期（保留 ${days} 天），其文件与结果已删除 / the job has expired (kept ${days} days); its files and results are deleted`, [{ expiresAt: job.expiresAt }]);
  }
  return job;
}

export async function jobStatusHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  parseQuery(z.object({}).strict(), req.query);
  const job = await jobOf(req, await storage());
  return jsonReply(publicState(job), 200, { 'cache-control': 'no-store', ...(isTerminal(job) ? {} : { 'retry-after': '1' }) });
}

/**
 * Render the job's input in another format (same pipeline, same options) and keep it beside the first
 * result; later requests read it. A job that ran against the ledger is rendered against it again, in peek
 * mode with the same input SHA-256: the ledger returns the job's own committed rows (LEDGER.md), so every
 * format shows the amounts of the first, and nothing is committed. Returns the result's blob name.
 */
async function renderAnother(service: BlobServiceClient, job: JobState, format: OutputFormat): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yibao-job-'));
  try {
    const input = join(dir, 'input');
    const { sha256 } = await spoolBlob(service.getContainerClient(UPLOADS), job.upload, input);
    const ledger = uploadLedger(job.ledger, sha256);
    const upload = parseUploadName(job.upload);
    const rendered = await renderToFile(dir, input, upload, { ...(job.kind ? { kind: job.kind } : {}), policy: job.policy, format, largeFile: true, ...(ledger ? { ledger: { ...ledger, mode: 'peek' as const } } : {}) });
    return await commitResult(service.getContainerClient(RESULTS), upload, rendered, { [HASH_KEY]: sha256 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The job's result in another format than its own: rendered on an earlier request, or now. */
async function otherFormat(service: BlobServiceClient, job: JobState, format: OutputFormat): Promise<string> {
  const results = service.getContainerClient(RESULTS);
  for (const name of resultNames(parseUploadName(job.upload), format)) {
    if ((await metadataOf(results.getBlockBlobClient(name))) !== undefined) return name;
  }
  return renderAnother(service, job, format);
}

export async function jobResultHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const { query } = parseQuery(resultQuery, req.query);
  const service = await storage();
  const job = await jobOf(req, service);
  if (job.state === 'failed') throw new HttpError(422, job.error?.error ?? 'job-failed', job.error?.message ?? '任务失败 / the job failed', job.error?.details ?? []);
  if (job.state !== 'done' || !job.result) {
    throw new HttpError(409, 'job-not-done', '任务尚未完成，请稍后再取结果 / the job has not finished yet; fetch the result when its state is done', [{ state: job.state }], { 'retry-after': '1' });
  }
  const format = query.format ?? job.format;
  const name = format === job.format ? job.result : await otherFormat(service, job, format);
  const results = service.getContainerClient(RESULTS);
  // A macro-enabled workbook's result is .result.xlsm, typed as such (Excel refuses a mismatch).
  const macroEnabled = namedMacroEnabled(name);
  // Streamed from storage as the client reads it: a job's result may be far larger than memory should hold.
  let body: AsyncIterable<Uint8Array>;
  try {
    const res = await results.getBlobClient(name).download();
    if (!res.readableStreamBody) throw new Error('blob download has no body');
    body = res.readableStreamBody as unknown as AsyncIterable<Uint8Array>;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw new HttpError(410, 'job-expired', '任务结果已删除 / the job\'s result has been deleted');
    throw e;
  }
  return {
    status: 200,
    headers: { 'content-type': resultContentType(format, macroEnabled), 'content-disposition': contentDisposition(`${job.kind ?? 'workbook'}.result.${resultExtension(format, macroEnabled)}`), 'cache-control': 'no-store' },
    body,
  };
}
