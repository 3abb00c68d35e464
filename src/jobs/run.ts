/**
 * The blob handler's side of a job: it turns the pipeline's callbacks (onStart, onProgress, onProblem) into
 * job state, written at every stage change and then whenever 5% more of the rows are done or 2 s have
 * passed, and the outcome (counts, totals, problems, result name, or the bilingual error) at the end.
 * Writes never block the pipeline: one is in flight at a time and later snapshots replace waiting ones.
 */
import type { BlobServiceClient } from '@azure/storage-blob';
import { MAIN_TOTALS } from '../cli/summary-print.js';
import type { Summary } from '../engine/summary.js';
import { maskIdsInText } from '../kinds/idcard.js';
import { KINDS } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { log } from '../log.js';
import { fmt2 } from '../money.js';
import { matchHeader } from '../workbook/headers.js';
import type { ProblemCallback, ProgressCallback, ProgressStage } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';
import { readJob, writeJob } from './store.js';
import { ISSUE_LIMIT, isExpired, isJobId, isTerminal, jobUrl, type JobError, type JobIssue, type JobState } from './state.js';

const EVERY_MS = 2000;
const EVERY_PERCENT = 5;

/**
 * `列「医疗总费用」的值「-980」…`: the column and value a 提示 line names (the product's message convention),
 * as /列「([^」]+)」(?:的值「([^」]*)」)?/ finds them, scanned by hand: the column is the sheet's own header,
 * user text up to 32,767 characters, on which that regex backtracks quadratically (issue 16).
 */
function named(message: string): { column: string; value: string } | undefined {
  for (let i = message.indexOf('列「'); i >= 0; i = message.indexOf('列「', i + 1)) {
    const end = message.indexOf('」', i + 2); // int
    if (end < 0) return undefined;
    if (end === i + 2) continue; // int: 列「」 names nothing
    const column = message.slice(i + 2, end); // int
    const valueEnd = message.startsWith('的值「', end + 1) ? message.indexOf('」', end + 4) : -1; // int
    return { column, value: valueEnd < 0 ? '' : message.slice(end + 4, valueEnd) }; // int
  }
  return undefined;
}

/** One 提示 line → a problem line; a value in a name column is not kept (names stay out of stored state). */
export function issueOf(row: number, status: JobIssue['status'], text: string, kind: KindId | null): JobIssue {
  let message = maskIdsInText(text);
  const m = named(message);
  const column = m?.column ?? '';
  let value = m?.value ?? '';
  // Messages name a column by the sheet's own header (an alias such as 患者姓名): matched as the reader matches it.
  const col = kind ? matchHeader(KINDS[kind], column) : undefined;
  if (col?.key === 'name' && value) {
    message = message.split(value).join('*');
    value = '*';
  }
  return { row, status, column, value, message };
}

export class JobRun {
  private stageStarted = Date.now();
  private stageFrom = 0;
  private lastWrite = 0;
  private lastPercent = -EVERY_PERCENT;
  private dirty = false;
  private writing: Promise<void> | undefined;

  private constructor(
    private readonly service: BlobServiceClient,
    readonly state: JobState,
  ) {}

  /**
   * The job this upload belongs to: its name is `{id}.{ext}` and the job's record names exactly this blob
   * (a blob elsewhere cannot write into a job whose id it happens to carry). `'finished'` when the job
   * has already ended (a repeated event) or expired; undefined for a plain blob-drop upload.
   */
  static async open(service: BlobServiceClient, blob: string): Promise<JobRun | 'finished' | undefined> {
    const stem = (blob.split('/').pop() ?? '').replace(/\.[^.]*$/, '');
    if (!isJobId(stem)) return undefined;
    const state = await readJob(service, stem);
    if (!state || state.upload !== blob) return undefined;
    if (isTerminal(state) || isExpired(state)) return 'finished';
    return new JobRun(service, state);
  }

  /** The handler has the blob: the job runs. */
  async begin(): Promise<void> {
    const at = new Date().toISOString();
    Object.assign(this.state, { state: 'running', stage: 'read', startedAt: at, done: 0, total: null, rowsPerSecond: 0 });
    this.schedule();
    await this.settled();
  }

  readonly onStart = (info: { kind: KindId; policy: PolicyId }): void => {
    this.state.kind = info.kind;
    this.schedule();
  };

  readonly onProgress: ProgressCallback = (done, total, stage) => {
    const s = this.state;
    const now = Date.now();
    if (stage !== s.stage) {
      s.stage = stage;
      this.stageStarted = now;
      this.stageFrom = done;
      this.lastPercent = -EVERY_PERCENT;
    }
    s.done = done;
    s.total = total ?? null;
    const secs = (now - this.stageStarted) / 1000;
    if (secs > 0) s.rowsPerSecond = Math.round((done - this.stageFrom) / secs); // int: rows per second
    const percent = total ? (done * 100) / total : 0;
    if (this.lastWrite === 0 || now - this.lastWrite >= EVERY_MS || percent - this.lastPercent >= EVERY_PERCENT || done === total) {
      this.lastPercent = percent;
      this.schedule();
    }
  };

  readonly onProblem: ProblemCallback = (rowNumber, status, messages) => {
    const s = this.state;
    for (const text of messages) {
      if (s.issues.length < ISSUE_LIMIT) s.issues.push(issueOf(rowNumber, status, text, s.kind));
      s.issueCount += 1; // int
    }
  };

  async finish(summary: Summary, kind: KindId, resultBlob: string, unusedColumns?: readonly string[]): Promise<void> {
    const totals: Record<string, string> = {};
    for (const key of MAIN_TOTALS[kind]) {
      const v = summary.totals[key];
      if (v !== undefined) totals[key] = fmt2(v);
    }
    Object.assign(this.state, {
      state: 'done',
      stage: 'done',
      kind,
      done: summary.rows,
      total: summary.rows,
      counts: { ...summary.byStatus },
      totals,
      finishedAt: new Date().toISOString(),
      resultUrl: `${jobUrl(this.state.id)}/result`,
      result: resultBlob,
      ...(unusedColumns?.length ? { unusedColumns: [...unusedColumns] } : {}),
    });
    this.schedule();
    await this.settled();
  }

  async fail(error: JobError): Promise<void> {
    Object.assign(this.state, { state: 'failed', stage: 'done', error: { error: error.error, message: maskIdsInText(error.message), details: error.details }, finishedAt: new Date().toISOString() });
    this.schedule();
    await this.settled();
  }

  /** Write the current state soon (after the write in flight, if any). */
  private schedule(): void {
    this.dirty = true;
    this.writing ??= this.pump().finally(() => {
      this.writing = undefined;
    });
  }

  private async pump(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      this.lastWrite = Date.now();
      this.state.updatedAt = new Date(this.lastWrite).toISOString();
      try {
        await writeJob(this.service, this.state);
      } catch (e) {
        // A lost progress write is not a lost job: the next one (or the final one) carries the state.
        log('warn', 'job.state-write-failed', { job: this.state.id.slice(0, 8), error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** Every scheduled write done. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
