/**
 * The local server (npm start) on a free port: the same route table over node:http, with this test's own
 * in-memory Azurite for the blob drop watcher. Nothing needs to run beforehand.
 */
import { readFileSync } from 'node:fs';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { startAzurite, freePort, type Azurite } from '../../src/server/azurite.js';
import { startLocal, type LocalStack } from '../../src/server/local.js';
import { watchUploads } from '../../src/server/watch.js';

const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));

let azurite: Azurite;
let stack: LocalStack;
let api: string;

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true });
  stack = await startLocal({ port: await freePort(), storage: { connectionString: azurite.connectionString }, pollMs: 60_000 });
  api = `http://127.0.0.1:${stack.port}/api`;
});
afterAll(async () => {
  await stack?.stop();
  await azurite?.stop();
});

describe('local server', () => {
  it('serves health, accepting (and ignoring) a function key', async () => {
    const r = await fetch(`${api}/health`, { headers: { 'x-functions-key': 'anything' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
    const c = await fetch(`${api}/policies?code=anything`);
    expect(c.status).toBe(200);
  });

  it('POST raw bytes returns the same bytes the pipeline produces for the same input and options', async () => {
    for (const format of ['xlsx', 'json', 'csv'] as const) {
      const r = await fetch(`${api}/settlements?policy=xining-2024&format=${format}&name=sample.xlsx`, { method: 'POST', body: SAMPLE });
      expect(r.status).toBe(200);
      const direct = await processWorkbook({ source: { bytes: SAMPLE, name: 'sample.xlsx' }, kind: 'settlements', policy: 'xining-2024', format });
      expect(r.headers.get('content-type')).toBe(direct.contentType);
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${direct.filename}"`);
      expect(Buffer.from(await r.arrayBuffer()).equals(direct.body!)).toBe(true);
    }
  });

  it('POST multipart/form-data (browser/curl -F) gives the same result, named after the file', async () => {
    const form = new FormData();
    form.append('file', new Blob([SAMPLE]), 'sample.xlsx');
    const r = await fetch(`${api}/settlements?policy=xining-2024`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
    expect(r.status).toBe(200);
    const direct = await processWorkbook({ source: { bytes: SAMPLE, name: 'sample.xlsx' }, kind: 'settlements', policy: 'xining-2024', format: 'json' });
    expect(Buffer.from(await r.arrayBuffer()).equals(direct.body!)).toBe(true);
  });

  it('refuses a body over the limit with 413 JSON, and unknown routes / methods with 404 / 405 JSON', async () => {
    process.env['YIBAO_MAX_BODY_MB'] = '0.01';
    try {
      const r = await fetch(`${api}/settlements?policy=xining-2024`, { method: 'POST', body: Buffer.alloc(64 * 1024, 7) });
      expect(r.status).toBe(413);
      expect(((await r.json()) as any).error).toBe('too-large');
    } finally {
      delete process.env['YIBAO_MAX_BODY_MB'];
    }
    const nf = await fetch(`${api}/no/such/route/here`);
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as any).error).toBe('not-found');
    const na = await fetch(`${api}/settlements`);
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toBe('POST');
  });

  it('watches the uploads container and writes results through the blob handler', async () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    await service.getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/watched.xlsx').uploadData(SAMPLE);
    const reports = await stack.watcher!.poll();
    expect(reports.map((r) => r.output)).toContain('xining-2024/settlements/watched.result.xlsx');
    const props = await service.getContainerClient(RESULTS).getBlobClient('xining-2024/settlements/watched.result.xlsx').getProperties();
    expect(props.contentLength).toBeGreaterThan(0);
    expect(await stack.watcher!.poll()).toEqual([]); // nothing new
  });
});

describe('upload watcher timer', () => {
  it('picks up a new upload on its own within a few intervals', async () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const seen: string[] = [];
    const w = watchUploads(service, 200, (_name, r) => seen.push(r.output));
    try {
      await service.getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/timer.xlsx').uploadData(SAMPLE);
      const until = Date.now() + 15_000;
      while (!seen.includes('xining-2024/settlements/timer.result.xlsx') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(seen).toContain('xining-2024/settlements/timer.result.xlsx');
    } finally {
      await w.stop();
    }
  });
});

describe('local server without storage', () => {
  it('starts with storage none on a configurable port and serves the API', async () => {
    const port = await freePort();
    const s = await startLocal({ port, storage: 'none' });
    try {
      expect(s.port).toBe(port);
      expect(s.watcher).toBeUndefined();
      const r = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).openapi).toMatch(/^3\./);
    } finally {
      await s.stop();
    }
  });
});
