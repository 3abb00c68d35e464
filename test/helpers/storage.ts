/** An in-memory Azurite (free loopback ports) with the uploads/results containers, for one test file. */
import type { BlobServiceClient } from '@azure/storage-blob';
import { blobService, CONNECTION } from '../../src/storage/clients.js';
import { afterAll, beforeAll } from 'vitest';
import { ensureContainers } from '../../src/blob/store.js';
import { startAzurite, type Azurite } from '../../src/server/azurite.js';

export function useBlobStorage(): { service: () => BlobServiceClient; connectionString: () => string } {
  let azurite: Azurite | undefined;
  let service: BlobServiceClient | undefined;
  beforeAll(async () => {
    azurite = await startAzurite({ inMemory: true });
    service = blobService({ env: { [CONNECTION]: azurite.connectionString } });
    await ensureContainers(service);
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  return { service: () => service!, connectionString: () => azurite!.connectionString };
}
