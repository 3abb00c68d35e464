/**
 * The streaming two-pass path (processWorkbook → streamWorkbook) gives the same bytes as the small-file
 * path (all rows in memory, runBatch, same writers): on generated workbooks with scattered dates, many
 * and few persons and bad rows, on every sample workbook, in xlsx, JSON and CSV, and with the spools
 * forced onto disk.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchEngine, computeOrder, runBatch } from '../../src/engine/run.js';
import { TwoPassBatch } from '../../src/engine/two-pass.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { ShardedBatch, shardWorkerUrl } from '../../src/pipeline/shards.js';
import { streamWorkbook } from '../../src/pipeline/stream.js';
import type { OutputFormat } from '../../src/pipeline/types.js';
import { ruleSet } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/types.js';
import { readParamSheet, type ResolvedSettings, resolveSettings } from '../../src/workbook/params-sheet.js';
import { type DataSheet, type DataSheets, locateDataSheet, locateDataSheets, type ReadLimits, readAllRows, WorkbookFile } from '../../src/workbook/reader.js';
import { memorySink } from '../../src/xlsx/zip.js';
import { emp } from '../rules/xining-settle-helpers.js';
import { idFor } from '../helpers/rows.js';
import { smallPath } from './small-path.js';
import { settlementsWorkbook } from './workbooks.js';

async function streamed(bytes: Buffer, policy: PolicyId | undefined, format: OutputFormat = 'xlsx'): Promise<Buffer> {
  const res = await processWorkbook({ source: { bytes }, policy, format });
  return res.body!;
}

/** The workbook opened, its data sheet and settings resolved, for `use`; closed afterwards. */
async function withWorkbook<T>(bytes: Buffer, policy: PolicyId | undefined, use: (w: { wb: WorkbookFile; ds: DataSheet; sheets: DataSheets; settings: ResolvedSettings }) => Promise<T>, limits?: ReadLimits): Promise<T> {
  const wb = await WorkbookFile.open({ bytes }, limits);
  try {
    const sheets = await locateDataSheets(wb);
    return await use({ wb, ds: sheets.sheets[0]!, sheets, settings: resolveSettings(await readParamSheet(wb), { policy }) });
  } finally {
    await wb.close();
  }
}

/** Through streamWorkbook directly, with spools that spill to disk from the first chunk. */
async function streamedOnDisk(bytes: Buffer, policy: PolicyId, format: OutputFormat = 'xlsx'): Promise<Buffer> {
  return withWorkbook(bytes, policy, async ({ wb, sheets, settings }) => {
    const sink = memorySink();
    await streamWorkbook({ wb, sheets, settings, format, headers: 'en', sink, spool: { memoryBudget: 0 } });
    return sink.buffer();
  });
}

/** Through streamWorkbook with the batch split across `workers` worker threads (from the first row). */
async function streamedInShards(bytes: Buffer, policy: PolicyId | undefined, format: OutputFormat, workers: number, memoryBudget?: number): Promise<Buffer> {
  return withWorkbook(bytes, policy, async ({ wb, sheets, settings }) => {
    const sink = memorySink();
    const res = await streamWorkbook({ wb, sheets, settings, format, headers: 'en', sink, shards: { workers, minRows: 0 }, ...(memoryBudget === undefined ? {} : { spool: { memoryBudget } }) });
    expect(res.shards, 'ran on worker threads (is the build there? npm test builds first)').toBe(workers);
    return sink.buffer();
  });
}

const samples = join(process.cwd(), 'samples');
const files = existsSync(samples) ? readdirSync(samples, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xlsx')) : [];

const CASES = [
  { name: 'many persons, scattered dates', rows: 600, persons: 200, seed: 7, bad: 0.05 },
  { name: 'few persons, many rows each out of order', rows: 500, persons: 6, seed: 11, bad: 0.03 },
  { name: 'one person', rows: 120, persons: 1, seed: 3, bad: 0 },
];

describe('streaming path = small-file path', () => {
  for (const policy of ['xining-2024', 'dongying-2018'] as const) {
    for (const c of CASES) {
      it(`${policy}: ${c.name} (xlsx, json, csv)`, async () => {
        const bytes = await settlementsWorkbook(c);
        for (const format of ['xlsx', 'json', 'csv'] as const) {
          const want = await smallPath(bytes, policy, format);
          expect((await streamed(bytes, policy, format)).equals(want), `${format} differs`).toBe(true);
        }
      }, 60_000);
    }
  }

  it('spools spilled to temp files give the same bytes', async () => {
    const bytes = await settlementsWorkbook({ rows: 3000, persons: 400, seed: 5, bad: 0.05 });
    for (const format of ['xlsx', 'json'] as const) {
      const want = await smallPath(bytes, 'xining-2024', format);
      expect((await streamedOnDisk(bytes, 'xining-2024', format)).equals(want), format).toBe(true);
    }
  }, 120_000);

  it.runIf(files.length > 0)('every sample workbook', async () => {
    for (const f of files) {
      const bytes = readFileSync(join(samples, f));
      const policy = f.split(/[\\/]/)[0] as PolicyId;
      const want = await smallPath(bytes, policy);
      expect((await streamed(bytes, policy)).equals(want), f).toBe(true);
    }
  }, 120_000);
});

describe('worker threads (batch split by person) = small-file path', () => {
  it.runIf(shardWorkerUrl() !== undefined)('generated batches with cross-person duplicate 结算号, stays, 既往 seeds, both policies, 1, 2 and 3 workers', async () => {
    for (const policy of ['xining-2024', 'dongying-2018'] as const) {
      for (const c of CASES) {
        const bytes = await settlementsWorkbook({ ...c, bad: Math.max(c.bad, 0.08) });
        for (const format of ['xlsx', 'json', 'csv'] as const) {
          const want = await smallPath(bytes, policy, format);
          for (const workers of [1, 2, 3]) expect((await streamedInShards(bytes, policy, format, workers)).equals(want), `${policy} ${c.name} ${format} ${workers}`).toBe(true);
        }
      }
    }
  }, 180_000);

  it.runIf(shardWorkerUrl() !== undefined)('spools spilled to temp files in every shard give the same bytes', async () => {
    const bytes = await settlementsWorkbook({ rows: 3000, persons: 400, seed: 5, bad: 0.05 });
    const want = await smallPath(bytes, 'xining-2024', 'xlsx');
    expect((await streamedInShards(bytes, 'xining-2024', 'xlsx', 2, 0)).equals(want)).toBe(true);
  }, 120_000);

  it.runIf(shardWorkerUrl() !== undefined && files.length > 0)('every sample workbook', async () => {
    for (const f of files) {
      const bytes = readFileSync(join(samples, f));
      const policy = f.split(/[\\/]/)[0] as PolicyId;
      const want = await smallPath(bytes, policy);
      expect((await streamedInShards(bytes, policy, 'xlsx', 2)).equals(want), f).toBe(true);
    }
  }, 120_000);

  it('below minRows the batch stays on this thread', async () => {
    const bytes = await settlementsWorkbook({ rows: 50, persons: 10, seed: 4 });
    await withWorkbook(bytes, 'xining-2024', async ({ wb, ds, settings }) => {
      const sink = memorySink();
      const res = await streamWorkbook({ wb, ds, settings, format: 'xlsx', headers: 'en', sink, shards: { workers: 2, minRows: 100 } });
      expect(res.shards).toBe(0);
      expect(sink.buffer().equals(await smallPath(bytes, 'xining-2024'))).toBe(true);
    });
  });

  it.runIf(shardWorkerUrl() !== undefined)('an input error while reading stops the workers and leaves no temp files', async () => {
    const bytes = await settlementsWorkbook({ rows: 20_000, persons: 500, seed: 8 }); // enough for every shard to spill
    const dir = mkdtempSync(join(tmpdir(), 'yibao-test-'));
    try {
      await withWorkbook(bytes, 'xining-2024', async ({ wb, ds, settings }) => {
        const run = streamWorkbook({ wb, ds, settings, format: 'xlsx', headers: 'en', sink: memorySink(), shards: { workers: 2, minRows: 0 }, spool: { dir, memoryBudget: 0 } });
        await expect(run).rejects.toMatchObject({ status: 413 });
        expect(readdirSync(dir)).toEqual([]);
      }, { maxRows: 19_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a worker that cannot start fails the request instead of hanging', async () => {
    const bytes = await settlementsWorkbook({ rows: 50, persons: 10, seed: 4 });
    await withWorkbook(bytes, 'xining-2024', async ({ wb, ds, settings }) => {
      const batch = new ShardedBatch({ kind: ds.kind, ruleSet: settings.ruleSet, shards: 2, workerUrl: new URL('data:text/javascript,throw new Error("boom")') });
      try {
        const { rows } = await readAllRows(wb, ds);
        const sent = (async () => {
          for (const r of rows) await batch.add(r.raw, r.rowNumber);
          await batch.compute({ format: 'json', kind: ds.kind.id, headers: 'en' }, () => {});
          await batch.totals();
        })();
        await expect(sent).rejects.toThrow(/shard/);
      } finally {
        await batch.close();
      }
    });
  });
});

describe('TwoPassBatch', () => {
  it('computes person by person in order of first appearance, each person in runBatch order (date, then sheet order)', async () => {
    const bytes = await settlementsWorkbook({ rows: 400, persons: 30, seed: 9, bad: 0.1 });
    const wb = await WorkbookFile.open({ bytes });
    try {
      const ds = await locateDataSheet(wb);
      const { rows } = await readAllRows(wb, ds);
      const opts = { kind: ds.kind.id, ruleSet: ruleSet('xining-2024') };
      const batch = new TwoPassBatch(opts);
      for (const r of rows) batch.add(r.raw);
      const engine = new BatchEngine(opts);
      const prepared = rows.map((r, i) => engine.prepare(r.raw, i));
      const want = computeOrder(prepared);
      expect([...batch.dateOrder()]).toEqual(want);
      const order = [...batch.order()];
      expect([...order].sort((a, b) => a - b)).toEqual(prepared.map((_, i) => i));
      // Group: the person (rows with a person-year scope), else the row alone.
      const group = (i: number) => prepared[i]!.scope?.person ?? `row ${i}`;
      const first = new Map<string, number>();
      prepared.forEach((_, i) => first.has(group(i)) || first.set(group(i), i));
      expect(new Set(prepared.filter((p) => p.scope).map((p) => p.scope!.person)).size).toBeGreaterThan(20);
      // Groups come whole, by first appearance; within a group, runBatch's order.
      const groupsInOrder = order.map(group).filter((g, k, a) => k === 0 || a[k - 1] !== g);
      expect(groupsInOrder).toEqual([...first.keys()].sort((a, b) => first.get(a)! - first.get(b)!));
      for (const g of first.keys()) expect(order.filter((i) => group(i) === g)).toEqual(want.filter((i) => group(i) === g));
      batch.close();
    } finally {
      await wb.close();
    }
  });

  it('lists each parameter on 计算依据 as runBatch does (its use latest by date), though persons compute in sheet order', async () => {
    // A settlement parameter with a new value from 2025 (the shipped rule sets have none that change yet).
    const id = 'xining.employee.inpatient.deductible.level2.first';
    const base = ruleSet('xining-2024');
    const rs = { ...base, params: base.params.map((p) => (p.id === id ? { ...p, values: [{ from: '2023-01-01', to: '2024-12-31', value: '700' }, { from: '2025-01-01', value: '750' }] } : p)) };
    // Person A comes first in the sheet but settles in 2025; person B settles in 2024.
    const rows = [
      emp({ idNumber: idFor('19800101', 11), visitDate: '2025-03-01', dischargeDate: '2025-03-09', totalCost: 5000 }),
      emp({ idNumber: idFor('19800101', 13), visitDate: '2024-05-01', dischargeDate: '2024-05-09', totalCost: 5000 }),
    ];
    const want = await runBatch(rows, { kind: 'settlements', ruleSet: rs });
    expect(want.params.get(id)?.value.toString()).toBe('750');
    const batch = new TwoPassBatch({ kind: 'settlements', ruleSet: rs });
    rows.forEach((r, i) => batch.add(r, i + 2)); // int
    expect([...batch.dateOrder()]).toEqual([1, 0]);
    expect([...batch.order()]).toEqual([0, 1]);
    const got = batch.compute(() => undefined);
    expect(got.params.get(id)?.value.toString()).toBe('750');
    expect([...got.params.keys()].sort()).toEqual([...want.params.keys()].sort());
    for (const [k, u] of want.params) expect(got.params.get(k), k).toEqual(u);
  });

  it('reports progress through read, compute and write, each ending at (rows, rows)', async () => {
    const bytes = await settlementsWorkbook({ rows: 2500, persons: 100, seed: 2 });
    const calls: [number, number | undefined, string][] = [];
    const res = await processWorkbook({ source: { bytes }, policy: 'xining-2024', onProgress: (d, t, stage) => calls.push([d, t, stage]) });
    const n = res.summary.rows;
    const stages = calls.map((c) => c[2]);
    expect(stages.indexOf('compute')).toBeGreaterThan(stages.lastIndexOf('read'));
    expect(stages.indexOf('write')).toBeGreaterThan(stages.lastIndexOf('compute'));
    for (const stage of ['read', 'compute', 'write']) {
      const of = calls.filter((c) => c[2] === stage);
      expect(of.length, stage).toBeGreaterThan(stage === 'write' ? 0 : 10);
      expect(of.at(-1), stage).toEqual([n, n, stage]);
      for (let i = 1; i < of.length; i++) expect(of[i]![0], stage).toBeGreaterThanOrEqual(of[i - 1]![0]);
      // Writing follows the compute closely; 'write' reports what is left once the last row is computed.
      if (stage === 'compute') expect(of[0], stage).toEqual([0, n, stage]);
    }
    // While reading, the total is an estimate from the sheet's dimension (the sheet ends with a blank row
    // and a 合计 row the reader skips, so it is close, not exact).
    const reading = calls.filter((c) => c[2] === 'read' && c[1] !== undefined);
    expect(reading.length).toBeGreaterThan(10);
    for (const c of reading) expect(Math.abs(c[1]! - n)).toBeLessThan(n * 0.05);
  }, 60_000);
});
