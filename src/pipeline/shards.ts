/**
 * A batch split across worker threads by person (the main thread keeps reading and writing the sheet).
 *
 * Why by person: everything that ties rows together is per person — year-to-date accumulators per
 * person-year, inpatient stays, the 既往… seed row — so a shard that holds all of a person's rows computes
 * them exactly as one engine over the whole batch would (each person's rows in settlement-date order). The one fact
 * across persons, a repeated 结算号, is decided here, where every row passes in sheet order, and sent with
 * the row. Shards compute as the write pass asks for their outcomes in sheet order, so the main thread
 * writes while they compute. What the shards report is merged order-free: summary counts and exact
 * decimal sums, and per parameter its use latest in runBatch's order (what 计算依据 lists for one engine).
 *
 * The person key is the validated 身份证号 (the engine's own key), so two spellings of one ID go to the same
 * shard; rows whose ID does not validate are errors and may go anywhere.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultSpoolBudget, type SpoolOptions } from '../engine/two-pass-spool.js';
import { isLaterUse, SettlementIds, type SheetContext } from '../engine/run.js';
import type { TwoPassTotals } from '../engine/two-pass.js';
import { SummaryBuilder } from '../engine/summary.js';
import type { KindDef } from '../kinds/types.js';
import { parseCell, type RawRow } from '../kinds/validate.js';
import { log } from '../log.js';
import { D, type Decimal } from '../money.js';
import { ParamTable, type UsedParam } from '../rules/params.js';
import type { RuleSet } from '../rules/types.js';
import type { RowEncoding } from './row-encoding.js';
import type { MergedCellsData } from '../workbook/merged.js';
import { packValue } from './row-pack.js';
import type { FromShard, ShardInit, ShardParamUse, ToShard } from './shard-protocol.js';

/** Rows per message to a shard, and messages a shard may have unacknowledged (bounds memory in flight). */
const ROWS_PER_MESSAGE = 512;
const MAX_IN_FLIGHT = 4;

/**
 * The compiled worker. From the TypeScript sources (tests) the built copy is used when present: `npm test`
 * builds first. Without one, callers run the batch on the main thread instead.
 */
export function shardWorkerUrl(): URL | undefined {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./shard-worker.js', here);
  const built = new URL('../../dist/src/pipeline/shard-worker.js', here);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}

export interface ShardedBatchOptions {
  kind: KindDef;
  ruleSet: RuleSet;
  overrides?: ReadonlyMap<string, Decimal>;
  defaultYear?: number;
  spool?: SpoolOptions;
  sheets?: readonly SheetContext[];
  shards: number;
  workerUrl: URL;
}

/** FNV-1a over the key's UTF-16 units: stable, cheap, spreads ID numbers evenly. */
function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193); // int
  return (h >>> 0) % shards; // int
}

class Shard {
  readonly worker: Worker;
  private index: number[] = [];
  private rowNumber: number[] = [];
  private duplicate: number[] = [];
  private sheet: number[] = [];
  private packed = '';
  private inFlight = 0;
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private finished: ((m: Extract<FromShard, { t: 'done' }>) => void) | undefined;
  private rejectDone: ((e: Error) => void) | undefined;
  onProgress: ((done: number) => void) | undefined;
  /** Outcomes received in sheet order, not yet taken; batches asked for and not yet here; the last one came. */
  private queue: Extract<FromShard, { t: 'out' }>[] = [];
  private at = 0;
  private asked = 0;
  private ended = false;
  private arrived: (() => void) | undefined;

  constructor(url: URL, init: ShardInit) {
    this.worker = new Worker(url, { workerData: init });
    this.worker.on('message', (m: FromShard) => this.receive(m));
    this.worker.on('error', (e) => this.fail(new Error(`shard worker: ${e.message}`)));
    this.worker.on('exit', (code) => {
      if (this.finished || this.waiting || this.inFlight > 0) this.fail(new Error(`shard worker exited (${code})`));
    });
  }

  get pending(): number {
    return this.index.length;
  }

  push(index: number, rowNumber: number, duplicate: boolean, sheet: number, keys: readonly string[], raw: RawRow): void {
    this.index.push(index);
    this.rowNumber.push(rowNumber);
    this.duplicate.push(duplicate ? 1 : 0);
    this.sheet.push(sheet);
    let text = '';
    for (const k of keys) text += packValue(raw[k]);
    this.packed += text;
  }

  /** Send the rows gathered so far; waits while the shard is MAX_IN_FLIGHT messages behind. */
  async flush(): Promise<void> {
    this.check();
    if (this.index.length === 0) return;
    while (this.inFlight >= MAX_IN_FLIGHT) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.check();
    }
    const m: ToShard = { t: 'rows', index: Int32Array.from(this.index), rowNumber: Int32Array.from(this.rowNumber), duplicate: Uint8Array.from(this.duplicate), sheet: Uint16Array.from(this.sheet), packed: this.packed };
    this.worker.postMessage(m);
    this.inFlight += 1; // int
    this.index = [];
    this.rowNumber = [];
    this.duplicate = [];
    this.sheet = [];
    this.packed = '';
  }

  /** Start computing; outcomes are asked for as the write pass takes them. Resolves with the shard's totals once every outcome is sent. */
  compute(encoding: RowEncoding, sheetStarts: number[] | undefined, merged?: (MergedCellsData | undefined)[]): Promise<Extract<FromShard, { t: 'done' }>> {
    this.check();
    return new Promise((resolve, reject) => {
      this.finished = resolve;
      this.rejectDone = reject;
      this.worker.postMessage({ t: 'compute', encoding, ...(sheetStarts ? { sheetStarts } : {}), ...(merged ? { merged } : {}) } satisfies ToShard);
    });
  }

  /** Ask for outcomes until the shard has sent its last (a shard none of whose rows were taken ends this way). */
  async end(): Promise<void> {
    while (!this.ended) {
      this.check();
      if (this.queue.length > 0) throw new Error('shard sent more outcomes than rows');
      this.askAhead();
      await new Promise<void>((resolve) => (this.arrived = resolve));
    }
  }

  private receive(m: FromShard): void {
    switch (m.t) {
      case 'ack': {
        this.inFlight -= 1; // int
        const w = this.waiting;
        this.waiting = undefined;
        w?.();
        break;
      }
      case 'progress':
        this.onProgress?.(m.done);
        break;
      case 'out': {
        this.asked -= 1; // int
        if (m.index.length === 0) this.ended = true;
        else this.queue.push({ ...m, data: Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength) });
        const a = this.arrived;
        this.arrived = undefined;
        a?.();
        break;
      }
      case 'done': {
        const f = this.finished;
        this.finished = undefined;
        f?.(m);
        break;
      }
      case 'failed':
        this.fail(new Error(`shard failed: ${m.message}`));
        break;
    }
  }

  /** The next outcome in sheet order: its batch index and bytes (asking ahead so the queue rarely runs dry). */
  async take(): Promise<[number, Buffer]> {
    for (;;) {
      this.check();
      this.askAhead();
      const head = this.queue[0];
      if (head) {
        const k = this.at;
        this.at = k + 1; // int
        if (this.at === head.index.length) {
          this.queue.shift();
          this.at = 0;
        }
        return [head.index[k]!, (head.data as Buffer).subarray(k === 0 ? 0 : head.ends[k - 1]!, head.ends[k]!)]; // int
      }
      if (this.ended) throw new Error('shard sent fewer outcomes than rows');
      await new Promise<void>((resolve) => (this.arrived = resolve));
    }
  }

  private askAhead(): void {
    while (!this.ended && this.queue.length + this.asked < 2) {
      this.worker.postMessage({ t: 'more' } satisfies ToShard);
      this.asked += 1; // int
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.finished = undefined;
    for (const w of [this.waiting, this.arrived]) w?.();
    this.waiting = undefined;
    this.arrived = undefined;
    this.rejectDone?.(e);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

export class ShardedBatch {
  private readonly shards: Shard[];
  private readonly keys: readonly string[];
  private readonly ids = new SettlementIds();
  private readonly idCol;
  private readonly sidCol;
  /**
   * The shards' spill files live here, removed by close(): a worker stopped mid-run (an input error while
   * reading, a failure) does not get to clean up after itself.
   */
  private readonly tmpDir: string;
  /** The shard of every row (1 byte per row): the write pass takes outcomes from shards in sheet order. */
  private shardOfRow = new Uint8Array(1024);
  private n = 0;

  constructor(private readonly options: ShardedBatchOptions) {
    const kind = options.kind;
    this.tmpDir = mkdtempSync(join(options.spool?.dir ?? tmpdir(), 'yibao-shards-'));
    this.keys = kind.inputs.map((c) => c.key);
    this.idCol = kind.inputs.find((c) => c.key === 'idNumber');
    this.sidCol = kind.id === 'settlements' ? kind.inputs.find((c) => c.key === 'settlementId') : undefined;
    const init: ShardInit = {
      policy: options.ruleSet.id,
      kind: kind.id,
      overrides: [...(options.overrides ?? new Map<string, Decimal>())].map(([id, v]) => [id, v.toString()]),
      defaultYear: options.defaultYear,
      ...(options.sheets ? { sheets: [...options.sheets] } : {}),
      // Each shard keeps its part of the rows: the memory budget is shared, not multiplied.
      spool: { ...options.spool, dir: this.tmpDir, memoryBudget: Math.floor((options.spool?.memoryBudget ?? defaultSpoolBudget()) / options.shards) },
    };
    this.shards = Array.from({ length: options.shards }, () => new Shard(options.workerUrl, init));
  }

  get size(): number {
    return this.n;
  }

  /** One row in sheet order (pass 1), of data sheet `sheet`. A promise only when the row filled a message (await it: flow control). */
  add(raw: RawRow, rowNumber: number, sheet = 0): Promise<void> | undefined {
    const index = this.n;
    this.n = index + 1; // int
    const person = this.typedText(this.idCol, raw);
    const k = person === undefined ? index % this.shards.length : shardOf(person, this.shards.length); // int
    if (index >= this.shardOfRow.length) {
      const g = new Uint8Array(this.shardOfRow.length * 2); // int
      g.set(this.shardOfRow);
      this.shardOfRow = g;
    }
    this.shardOfRow[index] = k;
    const shard = this.shards[k]!;
    const sid = this.sidCol ? this.typedText(this.sidCol, raw) : undefined;
    // Exactly the engine's rule (BatchEngine.prepare): only an id that validates counts, first in sheet order wins.
    const duplicate = sid !== undefined && this.ids.isDuplicate(sid);
    shard.push(index, rowNumber, duplicate, sheet, this.keys, raw);
    return shard.pending >= ROWS_PER_MESSAGE ? shard.flush() : undefined;
  }

  /** The column's value as the engine will see it, when it validates to text. */
  private typedText(col: KindDef['inputs'][number] | undefined, raw: RawRow): string | undefined {
    if (!col) return undefined;
    const v = raw[col.key];
    if (v === undefined || v === null) return undefined;
    const r = parseCell(col, v);
    return 'value' in r && typeof r.value === 'string' ? r.value : undefined;
  }

  /**
   * Start computing every shard (person by person, TwoPassBatch): `outcome` takes the results in sheet order
   * as they are ready, so the write pass runs while the shards compute. The totals, merged as one engine
   * over the whole batch would have them, come once every outcome is taken (`totals`).
   */
  async compute(encoding: RowEncoding, onProgress?: (done: number, total: number) => void, sheetStarts?: number[], merged?: (MergedCellsData | undefined)[]): Promise<void> {
    this.sheetStarts = sheetStarts;
    this.ids.clear();
    for (const s of this.shards) await s.flush();
    const total = this.n;
    const step = Math.max(1, Math.min(1000, Math.ceil(total / 200))); // int
    const doneBy = new Array<number>(this.shards.length).fill(0);
    let reported = 0;
    this.shards.forEach((s, k) => {
      s.onProgress = (d) => {
        doneBy[k] = d;
        const done = doneBy.reduce((a, b) => a + b, 0); // int
        if (onProgress && (done - reported >= step || done === total)) { // int
          reported = done;
          onProgress(done, total);
        }
      };
    });
    this.results = Promise.all(this.shards.map((s) => s.compute(encoding, sheetStarts, merged)));
    // Not awaited here: a failing shard rejects `outcome` (and `totals`) instead.
    this.results.catch(() => undefined);
  }

  private results: Promise<Extract<FromShard, { t: 'done' }>[]> | undefined;
  private sheetStarts: number[] | undefined;

  /** After every outcome is taken: the summary and 计算依据's parameters, merged across shards. */
  async totals(): Promise<TwoPassTotals> {
    await Promise.all(this.shards.map((s) => s.end()));
    const results = await this.results!;
    const summary = new SummaryBuilder(this.options.kind, this.sheetStarts);
    const latest = new Map<string, ShardParamUse>();
    const conventions = new Set<string>();
    for (const r of results) {
      summary.merge(r.summary);
      for (const id of r.conventions) conventions.add(id);
      for (const u of r.params) {
        const seen = latest.get(u.id);
        if (!seen || isLaterUse(u, seen)) latest.set(u.id, u);
      }
    }
    const table = new ParamTable(this.options.ruleSet.params);
    const params = new Map<string, UsedParam>();
    for (const [id, u] of latest) params.set(id, { def: table.def(id), value: D(u.value), overridden: u.overridden, period: u.period });
    return { summary: summary.result(), params, conventions };
  }

  /** The encoded outcome of row `index` (a view, valid until the next rows are taken); call for 0, 1, 2… in order, after compute. */
  async outcome(index: number): Promise<Buffer> {
    const [at, bytes] = await this.shards[this.shardOfRow[index]!]!.take();
    if (at !== index) throw new Error(`shard outcome out of order: ${at} for ${index}`);
    return bytes;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.shards.map((s) =>
        s.worker.terminate().catch((e: unknown) => log('warn', 'shard.terminate-failed', { error: e instanceof Error ? e.message : String(e) })),
      ),
    );
    rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
