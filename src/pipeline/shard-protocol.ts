/**
 * Messages between the pipeline (main thread) and a shard worker (shard-worker.ts). Everything is plain
 * data: structured clone carries it, decimals travel as exact text.
 */
import type { SpoolOptions } from '../engine/two-pass-spool.js';
import type { ParamUse, SheetContext } from '../engine/run.js';
import type { SummaryState } from '../engine/summary.js';
import type { KindId } from '../kinds/types.js';
import type { PolicyId } from '../rules/types.js';
import type { RowEncoding } from './row-encoding.js';
import type { MergedCellsData } from '../workbook/merged.js';

/** workerData of a shard. */
export interface ShardInit {
  policy: PolicyId;
  kind: KindId;
  /** Parameter overrides by id, values as exact decimal text. */
  overrides: [id: string, value: string][];
  defaultYear?: number;
  spool?: SpoolOptions;
  /** Per data sheet of the batch: labels and the issues its rows carry. */
  sheets?: SheetContext[];
}

export type ToShard =
  /**
   * Rows in sheet order: batch index, sheet row number, whether the 结算号 repeats an earlier row's (decided
   * by the main thread, which sees every row), the data sheet it comes from, and the raw values packed
   * (row-pack.ts), one per input column of the kind, in its order.
   */
  | { t: 'rows'; index: Int32Array; rowNumber: Int32Array; duplicate: Uint8Array; sheet: Uint16Array; packed: string }
  /**
   * Every row is sent: compute. `sheetStarts`: the batch index each data sheet begins at (summary lines);
   * `merged`: per data sheet, its merged input cells (read from the sheet's tail).
   */
  | { t: 'compute'; encoding: RowEncoding; sheetStarts?: number[]; merged?: (MergedCellsData | undefined)[] }
  /** After `done`: send the next encoded outcomes in sheet order. */
  | { t: 'more' };

export interface ShardParamUse extends ParamUse {
  id: string;
  value: string;
  overridden: boolean;
  period: string;
}

export type FromShard =
  /** A `rows` message is prepared (flow control). */
  | { t: 'ack' }
  /** Rows computed so far. */
  | { t: 'progress'; done: number }
  | { t: 'done'; summary: SummaryState; params: ShardParamUse[]; conventions: string[] }
  /**
   * Encoded outcomes (row-encoding.ts) under their batch index, in sheet order: record k is
   * data[ends[k-1]..ends[k]) (data is transferred, not copied). An empty batch is the end.
   */
  | { t: 'out'; index: Int32Array; data: Uint8Array; ends: Uint32Array }
  /** Anything that stopped the shard; the message is safe to log (no row data). */
  | { t: 'failed'; message: string };
