/**
 * An asynchronous job: one workbook through the blob drop (uploads → handler → results), its state kept as
 * it runs so that GET /api/jobs/{id} and the web page can follow it. What the state holds is what the page
 * shows; it never holds a file name, an ID number or a person's name (file names can name people; the page
 * keeps the name it was given on its side).
 */
import { randomBytes } from 'node:crypto';
import type { KindId, RowStatus } from '../kinds/types.js';
import type { OutputFormat, ProgressStage } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';

export type JobPhase = 'queued' | 'running' | 'done' | 'failed';

/** Ledger mode asked for (LEDGER.md): stored with the upload for the blob handler; `off` when not asked. */
export type LedgerMode = 'commit' | 'peek' | 'off';

/** One problem of a row that is not 成功: one line per 提示 message, column and value when the message names them. */
export interface JobIssue {
  row: number;
  status: Exclude<RowStatus, 'ok'>;
  column: string;
  value: string;
  message: string;
}

export interface JobError {
  error: string;
  message: string;
  details: unknown[];
}

/** The stored state; GET /api/jobs/{id} answers it less the storage names (publicState). */
export interface JobState {
  id: string;
  state: JobPhase;
  /** queued: `upload` (waiting for the browser's upload) or `queue` (stored, waiting for the handler); then the pipeline's stage; `done` at the end. */
  stage: 'upload' | 'queue' | ProgressStage | 'done';
  done: number;
  total: number | null;
  rowsPerSecond: number;
  counts: { ok: number; warning: number; error: number };
  /** The main money totals (the CLI's summary), exact decimal text with two places, by English column key. */
  totals: Record<string, string>;
  /** The first ISSUE_LIMIT problems in sheet order. */
  issues: JobIssue[];
  /** How many problem lines there were in all (issues holds the first ISSUE_LIMIT). */
  issueCount: number;
  policy: PolicyId;
  /** As asked, or as detected once the handler has read the headers. */
  kind: KindId | null;
  format: OutputFormat;
  ledger: LedgerMode;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: JobError;
  resultUrl?: string;
  /** Header names the input had that no column of its kind uses (when the reader reports them). */
  unusedColumns?: string[];
  /** Blob names (uploads container; results container once done). Not shown to callers. */
  upload: string;
  result?: string;
}

export const JOBS_CONTAINER = 'jobs';
export const ISSUE_LIMIT = 200;

/** 128 random bits as 32 hex characters: an id cannot be guessed from another. */
export function newJobId(): string {
  return randomBytes(16).toString('hex');
}

export function isJobId(s: string): boolean {
  return /^[0-9a-f]{32}$/.test(s);
}

const DAY_MS = 86_400_000;

/** How long a job and its blobs are kept: YIBAO_JOB_TTL_DAYS (default 7, fractions allowed). */
export function jobTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['YIBAO_JOB_TTL_DAYS'];
  const days = raw !== undefined && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : 7;
  return Math.max(1000, Math.round(days * DAY_MS)); // int: milliseconds
}

export function jobUrl(id: string): string {
  return `/api/jobs/${id}`;
}

/** The state as GET /api/jobs/{id} answers it (storage names left out). */
export function publicState(s: JobState): Omit<JobState, 'upload' | 'result'> {
  const { upload: _upload, result: _result, ...rest } = s;
  return rest;
}

/** A new job, queued (its upload may still be on its way). */
export function newJob(fields: { id: string; policy: PolicyId; kind: KindId | null; format: OutputFormat; ledger: LedgerMode; upload: string; waitingForUpload: boolean }, now = new Date()): JobState {
  const at = now.toISOString();
  return {
    id: fields.id,
    state: 'queued',
    stage: fields.waitingForUpload ? 'upload' : 'queue',
    done: 0,
    total: null,
    rowsPerSecond: 0,
    counts: { ok: 0, warning: 0, error: 0 },
    totals: {},
    issues: [],
    issueCount: 0,
    policy: fields.policy,
    kind: fields.kind,
    format: fields.format,
    ledger: fields.ledger,
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(now.getTime() + jobTtlMs()).toISOString(),
    upload: fields.upload,
  };
}

export function isTerminal(s: JobState): boolean {
  return s.state === 'done' || s.state === 'failed';
}

export function isExpired(s: JobState, now = Date.now()): boolean {
  return Date.parse(s.expiresAt) <= now;
}
