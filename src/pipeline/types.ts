/**
 * The one pipeline behind the three doors (HTTP, blob trigger, CLI):
 * workbook bytes → guard (limits) → reader (column table of the kind) → validated rows → engine → writer.
 * Doors only translate their transport to ProcessRequest and ProcessResult/InputError back.
 */
import type { Writable } from 'node:stream';
import type { Summary } from '../engine/summary.js';
import type { LedgerTally } from '../engine/two-pass.js';
import type { LedgerKey } from '../ledger/key.js';
import type { Ledger } from '../ledger/types.js';
import type { Limits } from '../guard/limits.js';
import { maskIdsInText } from '../kinds/idcard.js';
import type { KindId, RowStatus } from '../kinds/types.js';
import type { PolicyId } from '../rules/types.js';
import type { SheetNotComputed } from '../workbook/reader.js';
import type { UnusedColumn } from '../workbook/sheet-columns.js';

export type { SheetNotComputed, UnusedColumn };

export type OutputFormat = 'xlsx' | 'json' | 'csv';
export type HeaderLanguage = 'en' | 'zh';

/** Where the workbook comes from: bytes in memory (HTTP) or a file (CLI, blob spooled to a temp file). */
export type WorkbookSource = { bytes: Uint8Array; name?: string } | { path: string; name?: string };

export type ProgressStage = 'read' | 'compute' | 'write';
export type ProgressCallback = (done: number, total: number | undefined, stage: ProgressStage) => void;
/** A row that is not 成功, in sheet order: its 1-based sheet row, status and 提示 lines (IDs already masked). */
export type ProblemCallback = (rowNumber: number, status: Exclude<RowStatus, 'ok'>, messages: readonly string[]) => void;

export interface ProcessRequest {
  source: WorkbookSource;
  /** Detected from the headers when absent. */
  kind?: KindId;
  /** Request/CLI option; beats the 参数 sheet's 政策. No policy anywhere is an error. */
  policy?: PolicyId;
  /** Parameter overrides by id (request/CLI); beat the 参数 sheet. */
  overrides?: Record<string, string>;
  /** How a refusal names an override: `param.<id>` (HTTP, the default) or the CLI's `--param <id>`. */
  overrideLabel?: (id: string) => string;
  format?: OutputFormat;
  headers?: HeaderLanguage;
  /**
   * Progress: rows done in the current stage and the batch's rows (while reading, an estimate from the
   * sheet's dimension when it has one). Stages follow each other: read (validate every row), compute
   * (rows computed; the output is written right behind), write (what is left to write once the last row
   * is computed); each ends with (total, total).
   */
  onProgress?: ProgressCallback;
  /** Once the data sheet and the settings are known, before the rows are read (the kind may have been detected). */
  onStart?: (info: { kind: KindId; policy: PolicyId }) => void;
  /** Every row that is not 成功, in sheet order, as it is written (the jobs' problem list). */
  onProblem?: ProblemCallback;
  /** Write the result here instead of returning it as a Buffer (large files). */
  sink?: Writable;
  /**
   * Called with the summary once every row is computed, before the first byte of output is written (the
   * HTTP door's summary headers). The batch is then computed on this thread before it is written.
   */
  onComputed?: (done: Computed) => void;
  /** Input limits beyond the defaults/environment (src/guard/limits.ts). */
  limits?: Partial<Limits>;
  /**
   * The file is handed over (blob drop, CLI) rather than uploaded: the defaults are LARGE_FILE_LIMITS
   * (Excel's full 1,048,575 rows) instead of the upload defaults.
   */
  largeFile?: boolean;
  /**
   * Worker threads sharing a large batch by person (src/pipeline/shards.ts); 0 or 1 = this thread only.
   * Default: YIBAO_WORKERS, else 0. More threads are faster on more cores and cost ~100 MB each at 100,000 rows.
   */
  workers?: number;
  /**
   * Compute against a year-to-date ledger (LEDGER.md): `commit` makes the rows final, `peek` only looks.
   * The input's SHA-256 tells a retry from another file; processWorkbook hashes the source when absent.
   */
  ledger?: { ledger: Ledger; key: LedgerKey; mode: 'commit' | 'peek'; inputSha256?: string };
}

/** What is known once every row is computed, before any output (ProcessRequest.onComputed). */
export interface Computed {
  kind: KindId;
  policy: PolicyId;
  summary: Summary;
  /** As ProcessResult.contentType and .filename (a macro-enabled workbook's result is .result.xlsm). */
  contentType: string;
  filename: string;
  /** As ProcessResult.unusedColumns. */
  unusedColumns: UnusedColumn[];
  /** The ledger's mode, when the batch uses one. */
  ledgerMode?: 'commit' | 'peek';
}

export interface ProcessResult {
  kind: KindId;
  policy: PolicyId;
  format: OutputFormat;
  /** The output's content type (a macro-enabled workbook's result: application/vnd.ms-excel.sheet.macroEnabled.12). */
  contentType: string;
  /** Suggested download name: the original name + `.result.xlsx` (.xlsm for a macro-enabled workbook; or .json/.csv). */
  filename: string;
  /** The rendered output, unless a sink was given. */
  body?: Buffer;
  /** Rows by status, money totals, rows skipped (totals/footer), and with several data sheets a line per sheet. */
  summary: Summary;
  /** What the batch did with the ledger, when it used one. */
  ledger?: LedgerTally;
  /**
   * Headers of the data sheets that no column of the kind reads (issue 15.1): listed in 汇总, on the CLI's
   * stderr, in the HTTP header `x-yibao-unused-columns` and in a job's state. `warned`: it looks like a rule
   * input, so every row of its sheet is 警告.
   */
  unusedColumns: UnusedColumn[];
  /** Sheets that carry the kind's headers but lack a required one: not computed, listed in 汇总 and on the CLI. */
  sheetsNotComputed: SheetNotComputed[];
}

export type InputErrorStatus = 400 | 413 | 415 | 422;

/**
 * A file that cannot be processed at all (not a workbook, over a limit, no sheet with the kind's
 * headers, no policy…). HTTP answers its status with `{ error, message, details }`; the CLI exits 3;
 * the blob flow writes `{name}.error.json`. The message is Chinese + English, never a stack trace.
 */
export class InputError extends Error {
  /** What the message refers to (sheet, cell, limit…), with ID numbers masked like the message. */
  readonly details: unknown[];

  constructor(
    readonly status: InputErrorStatus,
    readonly code: string,
    message: string,
    details: unknown[] = [],
  ) {
    // Privacy at one place, as in src/log.ts: whatever a message or its details quote, ID numbers leave
    // them masked, whichever door (HTTP body, blob error report, CLI stderr) passes them on.
    super(maskIdsInText(message));
    this.details = maskedDetails(details);
    this.name = 'InputError';
  }

  toJSON(): { error: string; message: string; details: unknown[] } {
    return { error: this.code, message: this.message, details: this.details };
  }
}

/** Details as plain JSON data with every ID-like run in their strings (and long numbers) masked. */
export function maskedDetails(details: readonly unknown[]): unknown[] {
  const mask = (v: unknown): unknown => {
    if (typeof v === 'string') return maskIdsInText(v);
    if (typeof v === 'number' || typeof v === 'bigint') {
      const t = String(v);
      const m = maskIdsInText(t);
      return m === t ? v : m;
    }
    if (Array.isArray(v)) return v.map(mask);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [maskIdsInText(k), mask(x)]));
    return v;
  };
  return details.map(mask);
}

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};
