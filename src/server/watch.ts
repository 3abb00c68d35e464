/**
 * Local stand-in for the Event Grid blob trigger: poll the uploads container every few seconds and
 * run each new or changed blob through the same handler the Function App uses.
 */
import type { BlobServiceClient } from '@azure/storage-blob';
import { processUploadedBlob, type BlobReport } from '../blob/handler.js';
import { UPLOADS } from '../blob/paths.js';
import { log } from '../log.js';

export interface Watcher {
  /** Run one poll now (tests; also what the timer does). */
  poll(): Promise<BlobReport[]>;
  stop(): Promise<void>;
}

export function watchUploads(service: BlobServiceClient, intervalMs = 3000, onReport?: (name: string, r: BlobReport) => void): Watcher {
  const seen = new Map<string, string>(); // blob name → etag handled
  const container = service.getContainerClient(UPLOADS);
  let running: Promise<BlobReport[]> | undefined;
  let stopped = false;

  const pollOnce = async (): Promise<BlobReport[]> => {
    const reports: BlobReport[] = [];
    for await (const b of container.listBlobsFlat()) {
      if (stopped) break;
      const etag = b.properties.etag ?? '';
      if (seen.get(b.name) === etag) continue;
      try {
        const r = await processUploadedBlob(service, b.name);
        seen.set(b.name, etag);
        reports.push(r);
        onReport?.(b.name, r);
      } catch (e) {
        log('error', 'watch.failed', { error: e instanceof Error ? e.message : String(e) });
      }
    }
    return reports;
  };

  const poll = (): Promise<BlobReport[]> => {
    running ??= pollOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!running) poll().catch((e: unknown) => log('warn', 'watch.poll-failed', { error: e instanceof Error ? e.message : String(e) }));
  }, intervalMs);
  timer.unref();

  return {
    poll,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
