/**
 * One refusal, three doors: a 1 GiB zip bomb is HTTP 413 with the error JSON, CLI exit 3 with the reason
 * on stderr, and a blob error report written once — each quickly. Uploads are refused by the entry size
 * limit; handed-over files (CLI, blob), whose size limits admit Excel's largest workbooks, by the ratio check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processUploadedBlob } from '../../src/blob/handler.js';
import { RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { ensureContainers } from '../../src/blob/store.js';
import { main as cli } from '../../src/cli/main.js';
import { setLogSink } from '../../src/log.js';
import { startAzurite, type Azurite } from '../../src/server/azurite.js';
import { call } from '../http/call.js';
import { cfbWith, zipBomb } from './fixtures.js';

const BOMB = zipBomb(1024 * 1024 * 1024);
let azurite: Azurite;
let prev: ReturnType<typeof setLogSink>;

beforeAll(async () => {
  prev = setLogSink(() => {});
  azurite = await startAzurite({ inMemory: true });
});
afterAll(async () => {
  setLogSink(prev);
  await azurite?.stop();
});

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let buf = '';
  const w = new Writable({
    write(c: Buffer | string, _e, cb) {
      buf += String(c);
      cb();
    },
  });
  return { stream: w as unknown as NodeJS.WriteStream, text: () => buf };
}

describe('the same refusal at every door', () => {
  it('HTTP: 413 with { error, message, details }', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: BOMB });
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ error: 'too-large-uncompressed', message: expect.stringMatching(/解压后过大.*too large/) });
    const xls = await call('POST', '/api/settlements?policy=xining-2024', { body: cfbWith(['Workbook']) });
    expect([xls.status, xls.json().error]).toEqual([415, 'legacy-xls']);
  });

  it('CLI: exit 3 with the reason on stderr, no output file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-doors-'));
    try {
      const input = join(dir, 'bomb.xlsx');
      writeFileSync(input, BOMB);
      const out = capture();
      const err = capture();
      const code = await cli(['process', input, '--policy', 'xining-2024', '--out', join(dir, 'o.xlsx')], { stdout: out.stream, stderr: err.stream });
      expect(code).toBe(3);
      // Handed-over files have larger size limits (docs/guard.md): the ratio check refuses the bomb instead.
      expect(err.text()).toMatch(/无法处理文件.*压缩比异常/);
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(dir)).toEqual(['bomb.xlsx']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('blob: {name}.error.json with the code, once', async () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    await ensureContainers(service);
    await service.getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/bomb.xlsx').uploadData(BOMB);
    const r = await processUploadedBlob(service, `${UPLOADS}/xining-2024/settlements/bomb.xlsx`);
    expect(r).toMatchObject({ outcome: 'error-report', output: 'xining-2024/settlements/bomb.error.json' });
    const report = JSON.parse((await service.getContainerClient(RESULTS).getBlobClient(r.output).downloadToBuffer()).toString('utf8'));
    expect(report).toMatchObject({ error: 'compression-ratio', input: 'uploads/xining-2024/settlements/bomb.xlsx' });
    expect((await processUploadedBlob(service, `${UPLOADS}/xining-2024/settlements/bomb.xlsx`)).outcome).toBe('skipped');
  });
});
