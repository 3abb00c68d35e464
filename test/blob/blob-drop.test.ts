/**
 * Blob drop against a real storage emulator: an in-memory Azurite started here on free loopback ports.
 * uploads/{policy}/{kind}/{name}.xlsx → results/…/{name}.result.xlsx | {name}.error.json, once per input bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HASH_KEY, processUploadedBlob, progressLogger } from '../../src/blob/handler.js';
import { parseUploadName, RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { setLogSink } from '../../src/log.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { createHash } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import { blobTriggerHandler, triggerPath } from '../../src/blob/trigger.js';
import { useBlobStorage } from '../helpers/storage.js';


const storage = useBlobStorage();


const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function upload(name: string, bytes: Uint8Array): Promise<void> {
  await storage.service().getContainerClient(UPLOADS).getBlockBlobClient(name).uploadData(bytes);
}
const results = () => storage.service().getContainerClient(RESULTS);
async function resultNames(): Promise<string[]> {
  const out: string[] = [];
  for await (const b of results().listBlobsFlat()) out.push(b.name);
  return out.sort();
}

describe('upload names', () => {
  it('maps uploads/{policy}/{kind}/{name}.xlsx to results names and says what is wrong with a bad one', () => {
    expect(parseUploadName('uploads/xining-2024/settlements/二月/批次1.xlsx')).toMatchObject({
      blob: 'xining-2024/settlements/二月/批次1.xlsx', policy: 'xining-2024', kind: 'settlements', file: '批次1.xlsx',
      result: 'xining-2024/settlements/二月/批次1.result.xlsx', error: 'xining-2024/settlements/二月/批次1.error.json',
    });
    expect(parseUploadName('a.xlsx').problem).toMatch(/uploads\/\{policy\}/);
    expect(parseUploadName('xian-2020/settlements/a.xlsx').problem).toMatch(/unknown policy/);
    expect(parseUploadName('xining-2024/payroll/a.xlsx').problem).toMatch(/unknown kind/);
    // The name only routes: a .csv (or any file) goes to the guard, which judges the bytes as the CLI and HTTP do.
    expect(parseUploadName('xining-2024/settlements/a.csv')).toMatchObject({ result: 'xining-2024/settlements/a.result.xlsx', error: 'xining-2024/settlements/a.error.json' });
    expect(parseUploadName('xining-2024/settlements/a.csv').problem).toBeUndefined();
    expect(parseUploadName('XINING-2024/Settlements/a.xlsm')).toMatchObject({ policy: 'xining-2024', kind: 'settlements', result: 'XINING-2024/Settlements/a.result.xlsm' });
  });
});

describe('progress lines', () => {
  it('one line per 10% of each stage with rows and rows/s, however the pipeline reports', () => {
    const lines: string[] = [];
    const prev = setLogSink((l) => lines.push(l));
    try {
      const p = progressLogger({ kind: 'settlements' });
      p(5, undefined, 'read'); // total unknown: nothing to say
      for (let done = 0; done <= 1000; done += 7) p(done, 1000, 'read'); // int: row counts
      p(1000, 1000, 'read');
      for (let done = 0; done <= 1000; done += 7) p(done, 1000, 'compute'); // int: row counts
      p(1000, 1000, 'compute');
      p(500, 1000, 'write');
      p(1000, 1000, 'write');
    } finally {
      setLogSink(prev);
    }
    const got = lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'blob.progress');
    const deciles = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(got.map((l) => `${l.stage} ${l.percent}`)).toEqual([...deciles.map((d) => `read ${d}`), ...deciles.map((d) => `compute ${d}`), 'write 50', 'write 100']);
    for (const l of got) expect(l).toMatchObject({ total: 1000, rowsPerSec: expect.any(Number) });
    // 'write' began at 500: its rate counts the 500 rows written since, not the 500 before.
    expect(got.at(-2).rowsPerSec).toBe(0);
  });
});

describe('blob drop with Azurite', () => {
  it('processes a workbook into {name}.result.xlsx (same bytes as the pipeline), hash in metadata, progress logged', async () => {
    const lines: string[] = [];
    const prev = setLogSink((l) => lines.push(l));
    let report;
    try {
      await upload('xining-2024/settlements/住院批次.xlsx', SAMPLE);
      report = await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/住院批次.xlsx');
    } finally {
      setLogSink(prev);
    }
    expect(report).toEqual({ outcome: 'processed', output: 'xining-2024/settlements/住院批次.result.xlsx', sha256: sha(SAMPLE) });
    const blob = results().getBlockBlobClient(report.output);
    const props = await blob.getProperties();
    expect(props.metadata?.[HASH_KEY]).toBe(sha(SAMPLE));
    expect(props.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const got = await blob.downloadToBuffer();
    const direct = await processWorkbook({ source: { bytes: SAMPLE, name: '住院批次.xlsx' }, kind: 'settlements', policy: 'xining-2024', format: 'xlsx' });
    expect(got.subarray(0, 2).toString()).toBe('PK');
    expect(got.equals(direct.body!)).toBe(true);
    expect(Number(props.metadata?.['rows'])).toBe(direct.summary.rows);
    const progress = lines.filter((l) => l.includes('"blob.progress"')).map((l) => JSON.parse(l));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ stage: 'write', percent: 100, rows: direct.summary.rows, total: direct.summary.rows });
    for (const stage of ['read', 'compute', 'write']) expect(progress.filter((p) => p.stage === stage && p.percent === 100), stage).toHaveLength(1);
    for (const p of progress) expect(typeof p.rowsPerSec).toBe('number');
    expect(lines.join('\n')).not.toContain('住院批次'); // file names may name people: never logged

    // The trigger fires again for the same bytes: skipped, the result untouched.
    const again = await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/住院批次.xlsx');
    expect(again.outcome).toBe('skipped');
    expect((await blob.getProperties()).etag).toBe(props.etag);
  });

  it('a file that is not a workbook yields {name}.error.json once, and the handler returns normally', async () => {
    const junk = Buffer.from('this is not a workbook');
    await upload('xining-2024/settlements/bad.xlsx', junk);
    const r = await processUploadedBlob(storage.service(), 'xining-2024/settlements/bad.xlsx');
    expect(r).toMatchObject({ outcome: 'error-report', output: 'xining-2024/settlements/bad.error.json' });
    const blob = results().getBlockBlobClient(r.output);
    const report = JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
    expect(report).toMatchObject({ input: 'uploads/xining-2024/settlements/bad.xlsx', inputSha256: sha(junk) });
    expect(typeof report.error).toBe('string');
    expect(report.message).toMatch(/[\u4e00-\u9fff].* \/ /);
    const etag = (await blob.getProperties()).etag;
    expect((await processUploadedBlob(storage.service(), 'xining-2024/settlements/bad.xlsx')).outcome).toBe('skipped');
    expect((await blob.getProperties()).etag).toBe(etag);
    expect(await resultNames()).not.toContain('xining-2024/settlements/bad.result.xlsx');
  });

  it('a bad path gets an error report naming the problem', async () => {
    await upload('shanghai-2030/settlements/x.xlsx', SAMPLE);
    const r = await processUploadedBlob(storage.service(), 'uploads/shanghai-2030/settlements/x.xlsx');
    expect(r.outcome).toBe('error-report');
    const report = JSON.parse((await results().getBlobClient('shanghai-2030/settlements/x.error.json').downloadToBuffer()).toString('utf8'));
    expect(report.error).toBe('bad-path');
    expect(report.message).toContain('shanghai-2030');
  });

  it('a corrected upload under the same name replaces the error report with a result, and vice versa', async () => {
    await upload('xining-2024/settlements/fix.xlsx', Buffer.from('broken'));
    expect((await processUploadedBlob(storage.service(), 'xining-2024/settlements/fix.xlsx')).outcome).toBe('error-report');
    await upload('xining-2024/settlements/fix.xlsx', SAMPLE);
    expect((await processUploadedBlob(storage.service(), 'xining-2024/settlements/fix.xlsx')).outcome).toBe('processed');
    let names = await resultNames();
    expect(names).toContain('xining-2024/settlements/fix.result.xlsx');
    expect(names).not.toContain('xining-2024/settlements/fix.error.json');
    await upload('xining-2024/settlements/fix.xlsx', Buffer.from('broken again'));
    expect((await processUploadedBlob(storage.service(), 'xining-2024/settlements/fix.xlsx')).outcome).toBe('error-report');
    names = await resultNames();
    expect(names).not.toContain('xining-2024/settlements/fix.result.xlsx');
  });

  it('the Functions trigger handler takes the path from the trigger metadata and reads storage from AzureWebJobsStorage', async () => {
    expect(triggerPath(new InvocationContext({ triggerMetadata: { blobTrigger: 'uploads/a/b/c.xlsx' } }))).toBe('uploads/a/b/c.xlsx');
    expect(triggerPath(new InvocationContext({ triggerMetadata: { uri: 'https://acct.blob.core.windows.net/uploads/xining-2024/settlements/%E4%BA%8C%E6%9C%88.xlsx' } }))).toBe('uploads/xining-2024/settlements/二月.xlsx');
    expect(() => triggerPath(new InvocationContext({ triggerMetadata: {} }))).toThrow();

    const prev = process.env['AzureWebJobsStorage'];
    process.env['AzureWebJobsStorage'] = storage.connectionString();
    try {
      await upload('xining-2024/settlements/trigger.xlsx', SAMPLE);
      const logged: unknown[][] = [];
      const ctx = new InvocationContext({ triggerMetadata: { blobTrigger: 'uploads/xining-2024/settlements/trigger.xlsx' }, logHandler: (_level, ...args) => logged.push(args) });
      await blobTriggerHandler(SAMPLE, ctx);
      expect(await resultNames()).toContain('xining-2024/settlements/trigger.result.xlsx');
      expect(JSON.stringify(logged)).toContain('processed');
      expect(JSON.stringify(logged)).not.toContain('trigger.xlsx');
    } finally {
      if (prev === undefined) delete process.env['AzureWebJobsStorage'];
      else process.env['AzureWebJobsStorage'] = prev;
    }
  });

  it('a blob deleted before its event is handled is skipped, not retried', async () => {
    expect(await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/deleted.xlsx')).toEqual({ outcome: 'skipped', output: '', sha256: '' });
  });

  it('results are committed whole: no temporary or uncommitted blobs are ever listed', async () => {
    const list: string[] = [];
    for await (const b of results().listBlobsFlat({ includeUncommitedBlobs: true })) list.push(b.name);
    for (const n of list) expect(n).toMatch(/\.(result\.xlsx|error\.json)$/);
  });
});

describe('kind auto and a format in the metadata', () => {
  it('uploads/{policy}/auto/… detects the kind; metadata format=csv gives {name}.result.csv, the pipeline\'s bytes', async () => {
    const name = 'xining-2024/auto/三月.xlsx';
    await storage.service().getContainerClient(UPLOADS).getBlockBlobClient(name).uploadData(SAMPLE, { metadata: { format: 'csv' } });
    const r = await processUploadedBlob(storage.service(), name);
    expect(r).toMatchObject({ outcome: 'processed', output: 'xining-2024/auto/三月.result.csv' });
    const direct = await processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'csv' });
    const got = await results().getBlobClient(r.output).downloadToBuffer();
    expect(got.equals(direct.body!)).toBe(true);
    expect((await results().getBlobClient(r.output).getProperties()).metadata).toMatchObject({ kind: 'settlements' });
  });
});
