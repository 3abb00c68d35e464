/**
 * Faults in the blob flow (src/blob): storage failing mid-run (download cut, block staging or the commit
 * refused), then the runtime's retry. Invariants: a result appears whole or not at all (an earlier result
 * stays intact until replaced), the retry produces the same bytes as an undisturbed run, and a file is never
 * processed twice nor its error report written twice (no loop). The seam is the BlobServiceClient the
 * handler takes: a Proxy around a real in-memory Azurite client injects the failures.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, it } from 'vitest';
import { HASH_KEY, processUploadedBlob } from '../../src/blob/handler.js';
import { RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { setLogSink } from '../../src/log.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { useBlobStorage } from '../helpers/storage.js';

const storage = useBlobStorage();
const quiet = () => setLogSink(() => {});


const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

class StorageFault extends Error {
  readonly statusCode = 503;
  constructor(what: string) {
    super(`injected storage fault: ${what}`);
  }
}

interface Plan {
  /** Fail the n-th call (1-based) of each method; counts every call. */
  fail: Partial<Record<'download' | 'stageBlock' | 'commitBlockList' | 'deleteIfExists' | 'getProperties', number>>;
  calls: Record<string, number>;
}

/** A service whose blob clients fail on the planned calls; everything else goes to Azurite. */
function faulty(real: BlobServiceClient, plan: Plan): BlobServiceClient {
  const count = (m: string) => (plan.calls[m] = (plan.calls[m] ?? 0) + 1);
  const wrapBlob = <T extends object>(blob: T): T =>
    new Proxy(blob, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (typeof v !== 'function') return v;
        const name = String(prop);
        return async (...args: unknown[]) => {
          const n = count(name);
          if (plan.fail[name as keyof Plan['fail']] === n) {
            if (name === 'download') {
              // The download starts, then the connection drops mid-stream.
              const res = await (v as (...a: unknown[]) => Promise<{ readableStreamBody?: NodeJS.ReadableStream }>).apply(target, args);
              res.readableStreamBody?.resume();
              const head = SAMPLE.subarray(0, 100);
              const cut = new Readable({
                read() {
                  this.push(head);
                  this.destroy(new StorageFault('download cut'));
                },
              });
              return { readableStreamBody: cut };
            }
            throw new StorageFault(name);
          }
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapContainer = <T extends object>(c: T): T =>
    new Proxy(c, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'getBlockBlobClient' || prop === 'getBlobClient') return (...a: unknown[]) => wrapBlob((v as (...x: unknown[]) => object).apply(target, a));
        return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
      },
    });
  return new Proxy(real, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop === 'getContainerClient') return (n: string) => wrapContainer(target.getContainerClient(n));
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const results = () => storage.service().getContainerClient(RESULTS);
async function upload(name: string, bytes: Uint8Array): Promise<void> {
  await storage.service().getContainerClient(UPLOADS).getBlockBlobClient(name).uploadData(bytes);
}
/** What readers can see: committed blobs (staged, uncommitted blocks are invisible until a commit). */
async function listed(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of results().listBlobsFlat({ prefix })) out.push(b.name);
  return out.sort();
}

/** Runs the handler the way the Functions runtime does: retry on a throw, at most `max` attempts. */
async function withRetries(svc: BlobServiceClient, path: string, max = 5): Promise<{ attempts: number; outcome?: string; errors: string[] }> {
  const errors: string[] = [];
  for (let attempt = 1; attempt <= max; attempt++) {
    try {
      const r = await processUploadedBlob(svc, path);
      return { attempts: attempt, outcome: r.outcome, errors };
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { attempts: max, errors };
}

let expected: Buffer;
beforeAll(async () => {
  const prev = quiet();
  try {
    expected = (await processWorkbook({ source: { bytes: SAMPLE, name: 'x.xlsx' }, kind: 'settlements', policy: 'xining-2024', format: 'xlsx' })).body!;
  } finally {
    setLogSink(prev);
  }
});

describe('blob flow under storage faults', () => {
  for (const [fault, plan] of [
    ['download cut mid-stream', { download: 1 }],
    ['block staging refused', { stageBlock: 1 }],
    ['commit refused', { commitBlockList: 1 }],
  ] as const) {
    it(`${fault}: nothing visible after the failure, the retry gives the undisturbed result`, async () => {
      const prev = quiet();
      try {
        const dir = `xining-2024/settlements/fault-${plan.download ? 'dl' : plan.stageBlock ? 'stage' : 'commit'}`;
        await upload(`${dir}/batch.xlsx`, SAMPLE);
        const p: Plan = { fail: plan, calls: {} };
        const svc = faulty(storage.service(), p);
        await expect(processUploadedBlob(svc, `uploads/${dir}/batch.xlsx`)).rejects.toThrow(/injected storage fault/);
        // Whole or nothing: no result, no error report, no uncommitted leftovers listed under a result name.
        expect(await listed(dir)).toEqual([]);
        const r = await withRetries(svc, `uploads/${dir}/batch.xlsx`);
        expect(r).toMatchObject({ attempts: 1, outcome: 'processed' });
        expect(await listed(dir)).toEqual([`${dir}/batch.result.xlsx`]);
        const got = await results().getBlobClient(`${dir}/batch.result.xlsx`).downloadToBuffer();
        expect(got.equals(expected)).toBe(true);
        // A third trigger (duplicate delivery) is skipped: no new commit.
        const commits = p.calls['commitBlockList'] ?? 0;
        expect((await processUploadedBlob(svc, `uploads/${dir}/batch.xlsx`)).outcome).toBe('skipped');
        expect(p.calls['commitBlockList'] ?? 0).toBe(commits);
      } finally {
        setLogSink(prev);
      }
    });
  }

  it('an earlier result stays intact when replacing it fails, until the retry replaces it whole', async () => {
    const prev = quiet();
    try {
      const dir = 'xining-2024/settlements/replace';
      await upload(`${dir}/b.xlsx`, Buffer.from('not a workbook at all'));
      expect((await processUploadedBlob(storage.service(), `uploads/${dir}/b.xlsx`)).outcome).toBe('error-report');
      await upload(`${dir}/b.xlsx`, SAMPLE);
      const p: Plan = { fail: { commitBlockList: 1 }, calls: {} };
      await expect(processUploadedBlob(faulty(storage.service(), p), `uploads/${dir}/b.xlsx`)).rejects.toThrow();
      // The old error report is still there, still describing the old bytes: never a half-written result.
      expect(await listed(dir)).toEqual([`${dir}/b.error.json`]);
      expect((await results().getBlockBlobClient(`${dir}/b.error.json`).getProperties()).metadata?.[HASH_KEY]).toBe(sha(Buffer.from('not a workbook at all')));
      expect((await processUploadedBlob(faulty(storage.service(), p), `uploads/${dir}/b.xlsx`)).outcome).toBe('processed');
      expect(await listed(dir)).toEqual([`${dir}/b.result.xlsx`]);
    } finally {
      setLogSink(prev);
    }
  });

  it('a file that cannot be processed yields one error report even when the trigger fires again and again', async () => {
    const prev = quiet();
    try {
      const dir = 'xining-2024/settlements/poison';
      await upload(`${dir}/p.xlsx`, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(500, 7)]));
      const p: Plan = { fail: {}, calls: {} };
      const svc = faulty(storage.service(), p);
      const outcomes: string[] = [];
      for (let i = 0; i < 5; i++) outcomes.push((await processUploadedBlob(svc, `uploads/${dir}/p.xlsx`)).outcome);
      expect(outcomes).toEqual(['error-report', 'skipped', 'skipped', 'skipped', 'skipped']);
      expect(p.calls['commitBlockList']).toBe(1);
      const report = JSON.parse((await results().getBlobClient(`${dir}/p.error.json`).downloadToBuffer()).toString('utf8'));
      expect(report.error).toBe('truncated-zip');
    } finally {
      setLogSink(prev);
    }
  });

  it('a storage fault that persists ends after the runtime’s bounded retries, leaving nothing half-written', async () => {
    const prev = quiet();
    try {
      const dir = 'xining-2024/settlements/down';
      await upload(`${dir}/d.xlsx`, SAMPLE);
      const p: Plan = { fail: {}, calls: {} };
      const always = faulty(storage.service(), p);
      // Every commit fails: patch the plan to fail the next call each time.
      const r = await (async () => {
        const errors: string[] = [];
        for (let attempt = 1; attempt <= 5; attempt++) {
          p.fail.commitBlockList = (p.calls['commitBlockList'] ?? 0) + 1;
          try {
            await processUploadedBlob(always, `uploads/${dir}/d.xlsx`);
          } catch (e) {
            errors.push(String(e));
          }
        }
        return errors;
      })();
      expect(r).toHaveLength(5);
      expect(await listed(dir)).toEqual([]);
    } finally {
      setLogSink(prev);
    }
  });
});
