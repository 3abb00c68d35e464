/**
 * Jobs expire (YIBAO_JOB_TTL_DAYS, default 7): GET answers 410 from the moment a job's expiresAt passes;
 * the sweep then deletes its upload and every result, keeping a small record (no counts, totals or
 * problems) so that the id still answers 410 for another TTL before it is removed and answers 404.
 * Run hourly by the `expireJobs` timer function on Azure and by the local server.
 */
import type { BlobServiceClient } from '@azure/storage-blob';
import { parseUploadName, resultName, RESULTS, UPLOADS } from '../blob/paths.js';
import { blobService } from '../storage/clients.js';
import { log } from '../log.js';
import { deleteJob, jobsContainer, readJob, writeJob } from './store.js';
import { jobTtlMs } from './state.js';

export const SWEPT = 'expired';

export async function sweepJobs(service: BlobServiceClient, now = Date.now()): Promise<{ expired: number; removed: number }> {
  let expired = 0;
  let removed = 0;
  for await (const b of jobsContainer(service).listBlobsFlat({ includeMetadata: true })) {
    const expires = Date.parse(b.metadata?.['expires'] ?? '');
    if (!(expires <= now)) continue;
    const id = b.name.replace(/\.json$/, '');
    if (b.metadata?.['state'] === SWEPT) {
      if (expires + jobTtlMs() <= now) {
        await deleteJob(service, id);
        removed += 1; // int
      }
      continue;
    }
    const s = await readJob(service, id);
    if (!s) continue;
    const name = parseUploadName(s.upload);
    await service.getContainerClient(UPLOADS).getBlobClient(s.upload).deleteIfExists();
    const results = service.getContainerClient(RESULTS);
    for (const blob of [...(['xlsx', 'json', 'csv'] as const).map((f) => resultName(name, f)), name.error]) await results.getBlobClient(blob).deleteIfExists();
    await writeJob(service, { ...s, issues: [], totals: {}, counts: { ok: 0, warning: 0, error: 0 } }, SWEPT);
    expired += 1; // int
  }
  if (expired || removed) log('info', 'jobs.swept', { expired, removed });
  return { expired, removed };
}

/** The `expireJobs` timer function (hourly on Azure). */
export async function expireTimerHandler(): Promise<void> {
  await sweepJobs(blobService());
}
