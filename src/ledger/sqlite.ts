/**
 * The command line's ledger: one SQLite file (better-sqlite3), so a finance office without Azure keeps its
 * year on disk.
 *
 * WAL mode. A group of person-year commits is one transaction (BEGIN IMMEDIATE, so it holds the write lock
 * from the start): inside it each person-year's version is checked and the stale ones are left out
 * ('conflict'), so every person-year is committed whole or not at all. Another process on the same file
 * waits for the lock (busy_timeout), never reads half a commit.
 *
 * Durability is per batch, not per group: commits are written with synchronous=NORMAL (in WAL mode that is
 * always consistent, and a commit survives the process being killed: the OS has it), and `sync()` at the
 * end of a batch makes them all survive a power loss too (the WAL file synced). A power loss
 * inside a batch can only lose that batch's latest groups, whole and in order; its output was never
 * finished, and running it again computes them exactly as before (a retry). One fsync per batch instead of
 * one per group of ~2,000 rows: the groups' syncs were a third of the ledger's time at 100,000 rows.
 *
 * A person-year's head is a row of `person_year` (found by policy, year, kind and person key); its commits
 * are rows of `ledger_commit` under the head's id, each the commit's text (pack.ts) as UTF-8 bytes, as the
 * engine built it (files written by releases before this one hold it as TEXT: both are read). Ids are
 * handed out in commit order, so a batch's new person-years and their commits are appended, not inserted
 * at random places of an index keyed by the person (a hash).
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import type { AccumulatorSnapshot } from '../engine/accumulators.js';
import { unpackCommit } from './pack.js';
import { type CommitOutcome, type CommitRequest, type Ledger, LedgerFormatError, type PersonYearRef, type StoredYear } from './types.js';

/** The schema's version (PRAGMA user_version): a file of another version is refused, never misread. */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE person_year (
  id INTEGER PRIMARY KEY,
  policy TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL, person TEXT NOT NULL,
  version INTEGER NOT NULL, state TEXT NOT NULL, last_date TEXT NOT NULL,
  UNIQUE (person, policy, year, kind)
);
CREATE TABLE ledger_commit (
  person_year INTEGER NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (person_year, version)
);
PRAGMA user_version = ${SCHEMA_VERSION};
`;

interface HeadRow {
  id: number;
  version: number;
  state: string;
  last_date: string;
}

type RefArgs = [string, string, number, string];

function args(ref: PersonYearRef): RefArgs {
  return [ref.person, ref.policy, ref.year, ref.kind];
}

export class SqliteLedger implements Ledger {
  readonly description: string;
  roundTrips = 0;
  private readonly db: Database.Database;
  private readonly headStmt: Database.Statement<RefArgs, HeadRow>;
  private readonly commitsStmt: Database.Statement<[number], { body: string | Uint8Array }>;
  private readonly newHead: Database.Statement<[...RefArgs, number, string, string]>;
  private readonly putHead: Database.Statement<[number, string, string, number, number]>;
  private readonly putCommit: Database.Statement<[number, number, Uint8Array]>;

  constructor(readonly file: string) {
    this.description = `sqlite:${file}`;
    this.db = new Database(file);
    try {
      this.prepareSchema();
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.headStmt = this.db.prepare('SELECT id, version, state, last_date FROM person_year WHERE person = ? AND policy = ? AND year = ? AND kind = ?');
    this.commitsStmt = this.db.prepare('SELECT body FROM ledger_commit WHERE person_year = ? ORDER BY version');
    // A head made only where there is none, changed only at the version loaded: no change, someone else committed it.
    this.newHead = this.db.prepare('INSERT INTO person_year (person, policy, year, kind, version, state, last_date) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.putHead = this.db.prepare('UPDATE person_year SET version = ?, state = ?, last_date = ? WHERE id = ? AND version = ?');
    this.putCommit = this.db.prepare('INSERT INTO ledger_commit (person_year, version, body) VALUES (?, ?, ?)');
  }

  /** WAL, waits for another process's lock; the tables of a new file; a file of another schema version refused. */
  private prepareSchema(): void {
    // 16 KB pages (a new file only: an existing one keeps its own): a 100,000-row batch writes a quarter of the
    // 4 KB pages' frames (22,000 writes instead of 93,000), and a person-year's commit rarely spans pages.
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 30000');
    this.db.transaction(() => {
      const version = this.db.pragma('user_version', { simple: true }) as number;
      const tables = this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n === 0) this.db.exec(SCHEMA);
      else if (version !== SCHEMA_VERSION) {
        throw new LedgerFormatError(`台账文件「${this.file}」的格式（版本${version}）与本版本（${SCHEMA_VERSION}）不同，无法读取 / the ledger file ${this.file} is in format ${version}, this release reads ${SCHEMA_VERSION}`);
      }
    }).immediate();
    this.sync(); // the new file's tables, durable before any batch
  }

  /** Person-years as stored, in one read transaction (every one consistent); undefined: nothing committed. */
  loadSync(refs: readonly PersonYearRef[]): (StoredYear | undefined)[] {
    this.roundTrips += 1; // int
    return this.db.transaction(() =>
      refs.map((ref): StoredYear | undefined => {
        const head = this.headStmt.get(...args(ref));
        if (!head) return undefined;
        const commits = this.commitsStmt.all(head.id).map((c) => unpackCommit(c.body));
        return { ref, version: head.version, state: JSON.parse(head.state) as AccumulatorSnapshot, lastDate: head.last_date, commits };
      }),
    )();
  }

  /** Each person-year whose head is still at its base version, in one transaction; the others 'conflict'. */
  commitSync(requests: readonly CommitRequest[]): CommitOutcome[] {
    this.roundTrips += 1; // int
    return this.db
      .transaction(() =>
        requests.map((q): CommitOutcome => {
          const { commit } = q;
          const a = args(q.ref);
          const state = JSON.stringify(q.state);
          let id: number;
          if (q.baseVersion === 0) {
            const made = this.newHead.run(...a, commit.version, state, q.lastDate);
            if (made.changes === 0) return 'conflict';
            id = Number(made.lastInsertRowid);
          } else {
            const now = this.headStmt.get(...a);
            if (now?.version !== q.baseVersion) return 'conflict';
            id = now.id;
            this.putHead.run(commit.version, state, q.lastDate, id, q.baseVersion);
          }
          this.putCommit.run(id, commit.version, commit.body);
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

  /**
   * Every commit so far, durable (power loss): the WAL file synced. With synchronous=NORMAL SQLite writes the
   * database file only in checkpoints, and syncs it after each; what no checkpoint has copied is in the WAL.
   * (SQLite holds no lock on the WAL file itself, so opening and closing it here releases none of SQLite's.)
   */
  sync(): void {
    let fd: number;
    try {
      fd = openSync(`${this.file}-wal`, 'r+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // no WAL: everything is in the synced database file
      throw e;
    }
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.sync();
    this.db.close();
  }
}
