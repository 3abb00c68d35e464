/**
 * The command line's ledger: one SQLite file (better-sqlite3), so a finance office without Azure keeps its
 * year on disk. WAL mode with synchronous=FULL: a commit that returned survives a crash (SIGKILL, power).
 * A group of person-year commits is one transaction (BEGIN IMMEDIATE, so it holds the write lock from the
 * start): inside it each person-year's version is checked and the stale ones are left out ('conflict'),
 * so every person-year is still committed whole or not at all, at one fsync per group instead of one per
 * person. Another process on the same file waits for the lock (busy_timeout), never reads half a commit.
 */
import Database from 'better-sqlite3';
import type { AccumulatorSnapshot } from '../engine/accumulators.js';
import { packCommit, unpackCommit } from './pack.js';
import type { CommitOutcome, CommitRequest, Ledger, PersonYearRef, StoredYear } from './types.js';

/** The head of each person-year, and its commits (`body`: the commit, packed by pack.ts; a rowid table, as rows of kilobytes want). */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS person_year (
  policy TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL, person TEXT NOT NULL,
  version INTEGER NOT NULL, state TEXT NOT NULL, last_date TEXT NOT NULL,
  PRIMARY KEY (policy, year, kind, person)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_commit (
  policy TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL, person TEXT NOT NULL, version INTEGER NOT NULL,
  sha TEXT NOT NULL, at TEXT NOT NULL, body BLOB NOT NULL,
  UNIQUE (policy, year, kind, person, version)
);
`;

interface HeadRow {
  version: number;
  state: string;
  last_date: string;
}

export class SqliteLedger implements Ledger {
  readonly description: string;
  roundTrips = 0;
  private readonly db: Database.Database;
  private readonly headStmt: Database.Statement<[string, number, string, string], HeadRow>;
  private readonly commitsStmt: Database.Statement<[string, number, string, string], { body: Buffer }>;
  private readonly putHead: Database.Statement<[string, number, string, string, number, string, string]>;
  private readonly putCommit: Database.Statement<[string, number, string, string, number, string, string, Buffer]>;

  constructor(readonly file: string) {
    this.description = `sqlite:${file}`;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 30000');
    this.db.exec(SCHEMA);
    this.headStmt = this.db.prepare('SELECT version, state, last_date FROM person_year WHERE policy = ? AND year = ? AND kind = ? AND person = ?');
    this.commitsStmt = this.db.prepare('SELECT body FROM ledger_commit WHERE policy = ? AND year = ? AND kind = ? AND person = ? ORDER BY version');
    this.putHead = this.db.prepare('INSERT OR REPLACE INTO person_year (policy, year, kind, person, version, state, last_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.putCommit = this.db.prepare('INSERT INTO ledger_commit (policy, year, kind, person, version, sha, at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** Synchronous load (the store is a local file): one read transaction, so every person-year is consistent. */
  loadSync(refs: readonly PersonYearRef[]): (StoredYear | undefined)[] {
    this.roundTrips += 1; // int
    return this.db.transaction(() =>
      refs.map((ref): StoredYear | undefined => {
        const head = this.headStmt.get(ref.policy, ref.year, ref.kind, ref.person);
        if (!head) return undefined;
        const commits = this.commitsStmt.all(ref.policy, ref.year, ref.kind, ref.person).map((c) => unpackCommit(c.body));
        return { ref, version: head.version, state: JSON.parse(head.state) as AccumulatorSnapshot, lastDate: head.last_date, commits };
      }),
    )();
  }

  commitSync(requests: readonly CommitRequest[]): CommitOutcome[] {
    this.roundTrips += 1; // int
    return this.db
      .transaction(() =>
        requests.map((q): CommitOutcome => {
          const { ref, commit } = q;
          const now = this.headStmt.get(ref.policy, ref.year, ref.kind, ref.person);
          if ((now?.version ?? 0) !== q.baseVersion) return 'conflict';
          this.putHead.run(ref.policy, ref.year, ref.kind, ref.person, commit.version, JSON.stringify(q.state), q.lastDate);
          this.putCommit.run(ref.policy, ref.year, ref.kind, ref.person, commit.version, commit.sha, commit.at, packCommit(commit));
          return 'ok';
        }),
      )
      .immediate();
  }

  async load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]> {
    return this.loadSync(refs);
  }

  async commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]> {
    return this.commitSync(requests);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
