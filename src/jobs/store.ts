/**
 * Job state as one small JSON blob per job, `jobs/{id}.json`, with the expiry also in its metadata so that
 * the sweep (expire.ts) decides from a listing without reading each state.
 *
 * Why blobs and not a table: the state is the document GET /api/jobs/{id} answers (read whole, written
 * whole every few seconds by one writer, the handler running the job); its problem list (200 lines of
 * Chinese + English text, ~70 KB) does not fit a table property (64 KiB) without splitting; and the jobs'
 * inputs and results are blobs in the same account already, so one client and one set of credentials
 * (AzureWebJobsStorage) serve all of it. Blob metadata alone (8 KB) could not hold the problem list.
 */
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { JOBS_CONTAINER, type JobState } from './state.js';

export function jobsContainer(service: BlobServiceClient): ContainerClient {
  return service.getContainerClient(JOBS_CONTAINER);
}

function stateBlob(service: BlobServiceClient, id: string) {
  return jobsContainer(service).getBlockBlobClient(`${id}.json`);
}

/** Write the whole state; `mark` replaces the phase in the metadata (the sweep marks what it has emptied). */
export async function writeJob(service: BlobServiceClient, s: JobState, mark: string = s.state): Promise<void> {
  const body = JSON.stringify(s);
  await stateBlob(service, s.id).upload(body, Buffer.byteLength(body), {
    blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
    metadata: { expires: s.expiresAt, state: mark },
  });
}

/** The job's state, or undefined when there is no such job (never was, or swept away). */
export async function readJob(service: BlobServiceClient, id: string): Promise<JobState | undefined> {
  try {
    // One GET (not downloadToBuffer's properties-then-ranges, which can mix two versions while the
    // handler rewrites the state).
    const res = await stateBlob(service, id).download();
    const chunks: Buffer[] = [];
    for await (const c of res.readableStreamBody!) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as JobState;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

export async function deleteJob(service: BlobServiceClient, id: string): Promise<void> {
  await stateBlob(service, id).deleteIfExists();
}
