/** Storage helpers for the blob drop: spool a blob to a temp file with its hash; commit a result atomically. */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { BlobServiceClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { JOBS_CONTAINER } from '../jobs/state.js';
import { RESULTS, UPLOADS } from './paths.js';

export async function ensureContainers(service: BlobServiceClient): Promise<void> {
  for (const name of [UPLOADS, RESULTS, JOBS_CONTAINER]) await service.getContainerClient(name).createIfNotExists();
}

/** The blob is larger than the caller takes: refused from its declared length, before a byte is stored. */
export class BlobTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    /** The blob's metadata (what it asks for: its format). */
    readonly metadata: Record<string, string>,
  ) {
    super(`blob of ${bytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

/**
 * Stream a blob to `file` (never a whole Buffer) and return the SHA-256 of its bytes and the blob's
 * metadata. A blob longer than `maxBytes` (its Content-Length, known before the body is read) is not
 * spooled at all: BlobTooLargeError.
 */
export async function spoolBlob(container: ContainerClient, name: string, file: string, maxBytes = Number.POSITIVE_INFINITY): Promise<{ sha256: string; bytes: number; metadata: Record<string, string> }> {
  const res = await container.getBlobClient(name).download();
  const body = res.readableStreamBody;
  if (!body) throw new Error('blob download has no body');
  if ((res.contentLength ?? 0) > maxBytes) {
    (body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    throw new BlobTooLargeError(res.contentLength!, res.metadata ?? {});
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length; // int: byte count
      cb(null, chunk);
    },
  });
  await pipeline(body, tap, createWriteStream(file));
  return { sha256: hash.digest('hex'), bytes, metadata: res.metadata ?? {} };
}

const BLOCK = 4 * 1024 * 1024;

/**
 * Upload a file or bytes as a block blob that appears under its final name only when complete:
 * blocks are staged (invisible) and the block list committed in one call with content type and metadata.
 */
export async function commitBlob(
  blob: BlockBlobClient,
  data: { file: string } | { bytes: Uint8Array },
  contentType: string,
  metadata: Record<string, string>,
): Promise<void> {
  const ids: string[] = [];
  const prefix = randomUUID().replace(/-/g, '').slice(0, 16);
  const stage = async (chunk: Uint8Array) => {
    const id = Buffer.from(`${prefix}-${String(ids.length).padStart(8, '0')}`).toString('base64');
    await blob.stageBlock(id, chunk, chunk.byteLength);
    ids.push(id);
  };
  if ('bytes' in data) {
    for (let off = 0; off < data.bytes.byteLength; off += BLOCK) await stage(data.bytes.subarray(off, off + BLOCK)); // int: byte offsets
  } else {
    for await (const chunk of createReadStream(data.file, { highWaterMark: BLOCK })) await stage(chunk as Buffer);
  }
  await blob.commitBlockList(ids, { blobHTTPHeaders: { blobContentType: contentType }, metadata });
}

/** Metadata of a blob, or undefined when it does not exist. */
export async function metadataOf(blob: BlockBlobClient): Promise<Record<string, string> | undefined> {
  try {
    return (await blob.getProperties()).metadata ?? {};
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}
