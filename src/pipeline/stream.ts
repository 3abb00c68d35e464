/**
 * The streaming transform behind processWorkbook, for workbooks of any size (up to Excel's 1,048,575 data
 * rows) in memory that does not grow with the rows (per-person accumulators and inpatient stays aside):
 *
 *  1. read each data sheet once (every sheet of the kind, in workbook order: one batch), a chunk's rows at a
 *     time: every row prepared by the engine (TwoPassBatch.add: validation, checks, duplicate 结算号,
 *     inpatient stays) and spooled (memory up to a budget, then a temp file) — on this thread, or, with
 *     workers, in the shard of its person (shards.ts); totals and footer rows are only noted (the reader's
 *     SkippedRows);
 *  2. compute person by person (TwoPassBatch: persons in order of first appearance, each person's rows in
 *     settlement order, exactly as runBatch computes them); each outcome is encoded (row-encoding.ts: the
 *     result cells rendered as UTF-8 bytes, status and 提示 for cell comments; or the record's field values
 *     for json/csv) into an OrderedSpool under its sheet index;
 *  3. write, interleaved with step 2: the data sheets are read again and transformed row by row
 *     (writeResultWorkbook; JSON/CSV: writeRecords), each row taking its outcome in sheet order as soon as
 *     the persons first seen up to it are computed (with a worker, the write runs on this thread while the
 *     worker computes); 汇总 and 计算依据 come from the totals once every row is computed.
 *
 * Memory per row: 4 bytes of sheet row number here, 4 of date id, 4 of person group and 8 of indices in TwoPassBatch, 12 of
 * spool index (1 more for the shard with workers); per sheet, the index it begins at; everything else per row
 * is transient.
 * onProgress(done, total, stage) follows the three stages (read, with an estimated total; compute; write).
 * YIBAO_TIMING=1 prints CPU, wall time and memory per phase to stderr.
 */
import { type LedgerTally, type LedgerUse, TwoPassBatch, type TwoPassTotals } from '../engine/two-pass.js';
import { ledgerSpoolOptions, type SpoolOptions } from '../engine/two-pass-spool.js';
import { OrderedSpool } from '../engine/ordered-spool.js';
import type { Summary } from '../engine/summary.js';
import { type DataRow, type DataSheet, type DataSheets, readDataRowBatches, resultColumnFor, sheetHead, type RowScanStats, type WorkbookFile } from '../workbook/reader.js';
import { sheetContext } from '../workbook/sheet-columns.js';
import { writeRecords } from '../render/sheet-records.js';
import { dimensionRef, type ResultRow, resultCellSetup, writeResultWorkbook } from '../workbook/writer.js';
import { splitRef } from '../xlsx/xml.js';
import type { ResolvedSettings } from '../workbook/params-sheet.js';
import type { ByteSink } from '../xlsx/zip.js';
import { decodeRecord, decodeRendered, type RowEncoding, rowEncoder } from './row-encoding.js';
import { ShardedBatch, shardWorkerUrl } from './shards.js';
import type { Computed, HeaderLanguage, OutputFormat, ProblemCallback, ProgressCallback, ProgressStage } from './types.js';

/**
 * How many worker threads share the preparing and computing of a batch (by person, shards.ts), and from
 * how many rows on: a small batch is done sooner on the main thread than a worker starts.
 * Default: YIBAO_WORKERS, else none (each worker costs ~100 MB of memory at 100,000 rows; see docs/large-files.md).
 */
export interface ShardPolicy {
  workers: number;
  minRows: number;
}

export function shardPolicy(given?: Partial<ShardPolicy>): ShardPolicy {
  const env = process.env['YIBAO_WORKERS'];
  const workers = given?.workers ?? (env !== undefined && env !== '' ? Number(env) : 0);
  return { workers: Number.isInteger(workers) && workers > 0 ? workers : 0, minRows: given?.minRows ?? 5000 };
}

export interface StreamRequest {
  wb: WorkbookFile;
  /** The data sheets of the kind (one batch), or one data sheet (`ds`). */
  sheets?: DataSheets;
  ds?: DataSheet;
  settings: Pick<ResolvedSettings, 'ruleSet' | 'overrides' | 'year'>;
  format: OutputFormat;
  headers: HeaderLanguage;
  sink: ByteSink;
  onProgress?: ProgressCallback;
  onProblem?: ProblemCallback;
  spool?: SpoolOptions;
  /** Worker threads (default: shardPolicy()). */
  shards?: Partial<ShardPolicy>;
  /**
   * A year-to-date ledger (LEDGER.md): the batch computes on this thread (no shards: persons are loaded,
   * committed and only then handed to the write in windows, see TwoPassBatch.computeThroughAsync).
   */
  ledger?: LedgerUse;
  /**
   * Called once every row is computed and before the first byte of output is written (the HTTP door sends
   * its summary headers then). With it, the batch computes on this thread, all before writing.
   */
  onComputed?: (done: Pick<Computed, 'kind' | 'policy' | 'summary'>) => void;
}

let phaseCpu = process.cpuUsage();
let phaseWall = performance.now();
/** YIBAO_TIMING=1: one stderr line per phase (for profiling the bench; a full GC first when exposed). */
function phase(what: string): void {
  if (!process.env['YIBAO_TIMING']) return;
  const c = process.cpuUsage(phaseCpu);
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  console.error(`${what}: cpu ${((c.user + c.system) / 1000).toFixed(0)} ms, wall ${(performance.now() - phaseWall).toFixed(0)} ms, rss ${m.rss >> 20} MB, heap ${m.heapUsed >> 20}/${m.heapTotal >> 20} MB, external ${m.external >> 20} MB`);
  phaseCpu = process.cpuUsage();
  phaseWall = performance.now();
}

/**
 * The sheet's last row from its `<dimension ref="A1:P1001">`, for an estimate of the rows to read
 * (undefined when absent or a single cell, as some writers leave it).
 */
async function dimensionLastRow(wb: WorkbookFile, ds: DataSheet): Promise<number | undefined> {
  const head = await sheetHead(wb, ds.sheet);
  const a = head && dimensionRef(head.xml);
  const to = a && head.xml.slice(a.start, a.end).split(':')[1];
  return to === undefined ? undefined : splitRef(to)?.row;
}

/** Progress of one stage, at most ~200 calls per stage (and always its last row). */
function stageProgress(on: ProgressCallback | undefined, stage: ProgressStage, expected: number | undefined): (done: number, total?: number) => void {
  if (!on) return () => undefined;
  let next = 0;
  return (done, total = expected) => {
    if (done < next && done !== total) return;
    next = done + Math.max(1, Math.min(5000, Math.ceil((total ?? 200_000) / 200))); // int
    on(done, total !== undefined && total >= done ? total : undefined, stage);
  };
}

export async function streamWorkbook(req: StreamRequest): Promise<{ summary: Summary; rows: number; shards: number; ledger?: LedgerTally }> {
  phase('open');
  const { wb, settings, format } = req;
  const found: DataSheets = req.sheets ?? { kind: req.ds!.kind, sheets: [req.ds!], notComputed: [] };
  const kind = found.kind;
  const dss = found.sheets;
  // What each sheet gives its rows: the user's own header names, and a warning per unread rule-like column.
  const contexts = dss.map(sheetContext);
  const ledgerSpools = req.spool === undefined && req.ledger ? ledgerSpoolOptions() : undefined;
  const engineOptions = { kind: kind.id, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year, spool: ledgerSpools?.rows ?? req.spool, sheets: contexts, ...(req.ledger ? { ledger: req.ledger } : {}) };
  // The summary before any output (onComputed): computed here, whole, before the write (shards compute as it asks).
  const policy = req.ledger || req.onComputed ? { workers: 0, minRows: 0 } : shardPolicy(req.shards);
  const workerUrl = policy.workers > 0 ? shardWorkerUrl() : undefined;
  let inline: TwoPassBatch | undefined;
  let sharded: ShardedBatch | undefined;
  // Outcomes of this thread's batch: put person by person, read back in sheet order.
  let outs: OrderedSpool | undefined;
  try {
    // 1. One scan per data sheet, in workbook order: every row to the batch (on this thread, or to the shard
    //    of its person), its sheet row number noted. The first rows wait until the batch is known to be large
    //    enough for workers.
    const stats: RowScanStats[] = dss.map(() => ({ maxCol: 0, dataRows: 0 }));
    /** Batch index of each sheet's first row. */
    const sheetStarts: number[] = [];
    // While reading, the total is estimated from the sheets' dimensions and the rows' sheet numbers.
    const lastRows = req.onProgress ? await Promise.all(dss.map((ds) => dimensionLastRow(wb, ds))) : [];
    const reading = stageProgress(req.onProgress, 'read', undefined);
    let rowNumbers = new Uint32Array(1024);
    let early: { r: DataRow; sheet: number }[] | undefined = workerUrl ? [] : undefined;
    let n = 0;
    const startShards = async () => {
      sharded = new ShardedBatch({ ...engineOptions, kind, shards: policy.workers, workerUrl: workerUrl! });
      for (const { r, sheet } of early!) await sharded.add(r.raw, r.rowNumber, sheet);
      early = undefined;
    };
    for (const [k, ds] of dss.entries()) {
      sheetStarts.push(n);
      const lastRow = lastRows[k];
      // Rows of the sheets still to read, by their dimensions (an estimate).
      let later = 0;
      for (let j = k + 1; j < dss.length; j++) later += Math.max(0, (lastRows[j] ?? dss[j]!.headerRow) - dss[j]!.headerRow); // int
      const before = n;
      // A chunk's rows at a time (no promise per row).
      for await (const rows of readDataRowBatches(wb, ds, stats[k])) {
        for (const r of rows) {
          if (n >= rowNumbers.length) {
            const g = new Uint32Array(rowNumbers.length * 2);
            g.set(rowNumbers);
            rowNumbers = g;
          }
          rowNumbers[n++] = r.rowNumber;
          if (lastRow !== undefined && lastRow > r.rowNumber) reading(n, before + Math.round(((n - before) * (lastRow - ds.headerRow)) / (r.rowNumber - ds.headerRow)) + later); // int: estimate
          else reading(n);
          if (sharded) {
            const full = sharded.add(r.raw, r.rowNumber, k);
            if (full) await full;
          } else if (early) {
            early.push({ r, sheet: k });
            if (early.length > policy.minRows) await startShards();
          } else {
            inline ??= new TwoPassBatch(engineOptions);
            inline.add(r.raw, r.rowNumber, undefined, undefined, k);
          }
        }
      }
    }
    if (early) {
      inline = new TwoPassBatch(engineOptions);
      for (const { r, sheet } of early) inline.add(r.raw, r.rowNumber, undefined, undefined, sheet);
      early = undefined;
    }
    phase('pass1');
    req.onProgress?.(n, n, 'read');

    // 2+3. Compute person by person (TwoPassBatch) while the write pass takes the outcomes in sheet order:
    //      a row's outcome is ready once every person first seen up to it is computed. Progress reports
    //      'compute' (rows computed) until the last row is computed, then 'write' for what is left to write.
    const firstResultCols = dss.map((ds, k) => resultColumnFor(ds, stats[k]!));
    const encoding: RowEncoding =
      format === 'xlsx'
        ? { format, cells: await Promise.all(dss.map((ds, k) => resultCellSetup(wb, ds, firstResultCols[k]!))), sheetStarts }
        : { format, kind: kind.id, headers: req.headers };
    // The summary's line per sheet (several sheets only).
    const summaryStarts = dss.length > 1 ? sheetStarts : undefined;
    let computedAll = false;
    const computing = (done: number, total: number) => {
      if (computedAll) return;
      computedAll = done === total;
      req.onProgress?.(done, total, 'compute');
    };
    computing(0, n);
    const writing = stageProgress(req.onProgress, 'write', n);
    /** The encoded outcome of row i (0, 1, 2… in order). */
    let outcome: (i: number) => Buffer | Promise<Buffer>;
    let finish: () => TwoPassTotals | Promise<TwoPassTotals>;
    if (sharded) {
      const s: ShardedBatch = sharded;
      await s.compute(encoding, computing, summaryStarts, stats.map((x) => x.merged));
      outcome = (i) => s.outcome(i);
      finish = () => s.totals();
    } else {
      const batch = inline ?? new TwoPassBatch(engineOptions);
      inline = batch;
      const encode = rowEncoder(encoding);
      const spool = new OrderedSpool(n, ledgerSpools?.outcomes ?? req.spool);
      outs = spool;
      batch.startCompute((o, rowNumber) => encode(spool, o.index, o, rowNumber), computing, summaryStarts, stats.map((x) => x.merged));
      let through = -1;
      // Reading row i loads its spool bucket: every row of the bucket must be computed by then. With a ledger
      // they must also be committed: a promise only where the next windows are still to compute and commit.
      outcome = (i) => {
        if (i <= through) return spool.getBytes(i);
        const end = spool.bucketEnd(i);
        if (!req.ledger) {
          batch.computeThrough(end);
          through = end;
          return spool.getBytes(i);
        }
        return batch.computeThroughAsync(end).then(() => {
          through = end;
          return spool.getBytes(i);
        });
      };
      finish = () => (req.ledger ? batch.finishComputeAsync() : batch.finishCompute());
    }
    let totals: TwoPassTotals | undefined;
    // The engine's totals with what the reader knows: sheet names, totals and footer rows left uncomputed.
    const getTotals = async (): Promise<TwoPassTotals> => (totals ??= withSkipped(await finish(), dss, stats));
    if (req.onComputed) req.onComputed({ kind: kind.id, policy: settings.ruleSet.id, summary: (await getTotals()).summary });
    const wrote = (i: number) => {
      if (computedAll) writing(i + 1); // int
    };
    const onProblem = req.onProblem;
    /** The decoded row, passed to onProblem when it is not 成功 (one comparison per row). */
    const noted = (r: ResultRow): ResultRow => {
      if (onProblem && r.outcome.status !== 'ok') onProblem(r.rowNumber, r.outcome.status, r.outcome.messages);
      return r;
    };
    const ends = dss.map((_, k) => sheetStarts[k + 1] ?? n);
    if (format === 'xlsx') {
      const rowsOf = (k: number): Iterable<ResultRow | Promise<ResultRow>> | AsyncIterable<ResultRow> =>
        sharded
          ? (async function* () {
              for (let i = sheetStarts[k]!; i < ends[k]!; i++) {
                yield noted(decodeRendered(i, rowNumbers[i]!, await outcome(i)));
                wrote(i);
              }
            })()
          : (function* () {
              // Rows already computed go without an await; a row whose window is still to come as a promise.
              for (let i = sheetStarts[k]!; i < ends[k]!; i++) {
                const bytes = outcome(i);
                yield bytes instanceof Promise ? bytes.then((b) => noted(decodeRendered(i, rowNumbers[i]!, b))) : noted(decodeRendered(i, rowNumbers[i]!, bytes));
                wrote(i);
              }
            })();
      await writeResultWorkbook({
        wb,
        sheets: dss.map((ds, k) => ({ ds, firstResultCol: firstResultCols[k]!, rows: rowsOf(k), skipped: stats[k]!.skipped })),
        notComputed: found.notComputed,
        ruleSet: settings.ruleSet,
        totals: async () => {
          const t = await getTotals();
          return { summary: t.summary, params: t.params, conventions: t.conventions };
        },
        sink: req.sink,
      });
    } else {
      await writeRecords({
        wb,
        kind,
        sheets: dss.map((ds, k) => ({ ds, skipped: stats[k]!.skipped, first: sheetStarts[k]!, count: ends[k]! - sheetStarts[k]! })),
        format,
        headers: req.headers,
        rowNumber: (i) => rowNumbers[i]!,
        values: async (i) => {
          const r = decodeRecord(await outcome(i));
          if (onProblem && r.status !== 'ok') onProblem(rowNumbers[i]!, r.status, r.messages);
          return r.values;
        },
        write: async (text) => {
          await req.sink.write(Buffer.from(text, 'utf8'));
        },
        wrote,
      });
    }
    const done = await getTotals();
    phase('compute+write');
    return { summary: done.summary, rows: n, shards: sharded ? policy.workers : 0, ...(req.ledger && inline ? { ledger: inline.ledgerTally } : {}) };
  } finally {
    inline?.close();
    await (sharded as ShardedBatch | undefined)?.close();
    outs?.close();
  }
}

/** The summary with the reader's part: each sheet's name and skipped rows, and their total. */
export function withSkipped(t: TwoPassTotals, dss: readonly DataSheet[], stats: readonly RowScanStats[]): TwoPassTotals {
  const skipped = stats.map((s) => s.skipped?.size ?? 0);
  const summary: Summary = { ...t.summary, skipped: skipped.reduce((a, b) => a + b, 0) }; // int
  if (summary.sheets) summary.sheets = summary.sheets.map((l, k) => ({ ...l, sheet: dss[k]!.sheet.name, skipped: skipped[k]! }));
  return { ...t, summary };
}
