/** The Functions blob trigger's plain handler: the blob's path from the trigger metadata, storage from AzureWebJobsStorage (src/storage/clients.ts). */
import type { InvocationContext } from '@azure/functions';
import type { BlobServiceClient } from '@azure/storage-blob';
import { processUploadedBlob } from './handler.js';
import { blobService } from '../storage/clients.js';
import { UPLOADS } from './paths.js';

let service: BlobServiceClient | undefined;

/** `uploads/a/b/c.xlsx` from the trigger metadata (blobTrigger, else the blob URI). */
export function triggerPath(ctx: InvocationContext): string {
  const meta = ctx.triggerMetadata ?? {};
  const bt = meta['blobTrigger'] ?? meta['BlobTrigger'];
  if (typeof bt === 'string' && bt) return bt;
  const uri = meta['uri'] ?? meta['Uri'];
  if (typeof uri === 'string' && uri) {
    const p = decodeURIComponent(new URL(uri).pathname);
    const i = p.indexOf(`/${UPLOADS}/`);
    if (i >= 0) return p.slice(i + 1);
  }
  throw new Error('blob trigger without a blob path');
}

// The host hands over the blob's content too; we read it ourselves as a stream (bounded memory).
export async function blobTriggerHandler(_blob: unknown, ctx: InvocationContext): Promise<void> {
  service ??= blobService();
  const report = await processUploadedBlob(service, triggerPath(ctx));
  ctx.log(`blob ${report.outcome} (input sha256 ${report.sha256.slice(0, 12)})`); // no file names: they may name people
}
