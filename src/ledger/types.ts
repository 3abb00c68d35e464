/**
 * The year-to-date ledger's data model (docs/ledger.md) and the one interface
 * every store implements (SQLite for the command line, Azure Table Storage for the app, memory for tests).
 *
 * A person-year — (policy, calendar year, person key; settlements and contributions kept apart) — is a head (version, accumulator state, latest
 * settlement date) and an append-only list of commits. A commit is what one batch settled for that
 * person-year, atomically: the rows it made final (one record each) and the state before it (so that a
 * retry of the same input can replay its own rows exactly). The person key is an HMAC of the ID number
 * (key.ts): no ID number, name or raw row is ever given to a store.
 */
import type { AccumulatorSnapshot } from '../engine/accumulators.js';
import type { StoredCells } from './codec.js';
import type { PackedCommit } from './pack.js';

export interface PersonYearRef {
  policy: string;
  year: number;
  /** What the rows are: settlements (by 结算号) or contributions (by 所属期), each kind its own book. */
  kind: LedgerKind;
  /** HMAC-SHA256 of the normalised 身份证号 under YIBAO_LEDGER_KEY, hex (key.ts). */
  person: string;
}

export type LedgerKind = 'settlements' | 'contributions';

/** `policy|year|kind|person`: the partition of a person-year (also a map key). */
export function refKey(r: PersonYearRef): string {
  return `${r.policy}|${r.year}|${r.kind}|${r.person}`;
}

/** One committed row: a settlement (by 结算号) or a contribution month (by 所属期). */
export interface LedgerRecord {
  /** 结算号, or 所属期 (YYYY-MM). */
  key: string;
  /** Position in the person-year's commit order (1, 2, …). */
  seq: number;
  /**
   * Fingerprint of the row's normalised input fields (ID number, name and 既往… excluded): a digest per
   * column of the commit's `fpColumns` (codec.ts), so a changed row names its first differing column.
   */
  fp: string;
  /** Settlement date the row computed at (ISO). */
  date: string;
  /** Visit facts later rows need: 'S' inpatient stay (with from/to), 'O' outpatient-type visit, '' other. */
  visit: '' | 'S' | 'O';
  from?: string;
  to?: string;
  /**
   * The committed result cells (codec.ts: results, status, 提示, 计算依据), returned unchanged when the same
   * row comes again.
   */
  result: StoredCells;
  /** Index into the commit's `params`: the parameters the row used (for the 计算依据 sheet of a retry). */
  params: number;
  /**
   * What the row changed in the year-to-date state, per accumulator: `+x`/`-x` added, `=x` created with
   * value x. A retry replays it; a reversal (冲销) takes it back.
   */
  delta: Record<string, string>;
  /** For a 冲销 row: the 结算号 it reverses. */
  reverses?: string;
}

export interface LedgerCommit {
  /** The head's version after this commit (1 for the first). */
  version: number;
  /** SHA-256 (hex) of the input file the rows came from: tells a retry from another file. */
  sha: string;
  /** When it was committed (ISO). Never part of a retry's output. */
  at: string;
  /** The head before this commit (state and latest date), so a retry of the same input can start there. */
  before: AccumulatorSnapshot;
  beforeLastDate: string;
  /** Parameter uses shared by the records (codec ParamIndex.signature). */
  params: string[];
  /** The columns of the records' fingerprints (codec fingerprintColumns when committed). */
  fpColumns: readonly string[];
  records: LedgerRecord[];
}

export interface StoredYear {
  ref: PersonYearRef;
  version: number;
  state: AccumulatorSnapshot;
  /** Latest settlement date of any committed row ('' when none). */
  lastDate: string;
  /** Oldest first. */
  commits: LedgerCommit[];
  /** Store-specific and opaque: what a commit on this person-year must hand back (Tables: the head's ETag). */
  token?: string;
}

export interface CommitRequest {
  ref: PersonYearRef;
  /** The version the commit was computed against (0: the person-year was empty). */
  baseVersion: number;
  /** The StoredYear's token, as loaded. */
  token?: string;
  state: AccumulatorSnapshot;
  lastDate: string;
  /** The commit as text (pack.ts); a load gives it back as a LedgerCommit. */
  commit: PackedCommit;
}

/** 'conflict': someone committed this person-year since it was loaded; reload and compute again. */
export type CommitOutcome = 'ok' | 'conflict';

/** Where person-years live. Implementations: MemoryLedger, SqliteLedger, TableLedger. */
export interface Ledger {
  /** What and where, for logs and /api/health (never a secret). */
  readonly description: string;
  /** Person-years as stored (undefined: nothing committed yet), in the order asked. */
  load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]>;
  /** Each request atomically, or not at all when its base version is stale; in the order asked. */
  commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]>;
  /** Requests sent to the store so far (loads, commits, pages), for the bench. */
  readonly roundTrips: number;
  /**
   * Every commit so far made durable (power loss), when the store defers that within a batch: called once at
   * the end of each batch that committed. Absent: each commit is durable when it returns.
   */
  sync?(): void | Promise<void>;
  close(): Promise<void>;
}

/** A store written in a format this release cannot read: refused with the reason (CLI exit 2; the app runs without). */
export class LedgerFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerFormatError';
  }
}
