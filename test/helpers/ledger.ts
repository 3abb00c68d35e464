/** Ledgers for tests: each store on a fresh location (a temp SQLite file, a fresh table on a test Azurite). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LedgerKey } from '../../src/ledger/key.js';
import { unpackCommit } from '../../src/ledger/pack.js';
import { MemoryLedger } from '../../src/ledger/memory.js';
import { SqliteLedger } from '../../src/ledger/sqlite.js';
import { TableLedger, tableClient } from '../../src/ledger/tables.js';
import type { Ledger } from '../../src/ledger/types.js';
import { startAzurite, type Azurite } from '../../src/server/azurite.js';

/** A fixed test key (64 hex digits = 32 bytes). */
export const TEST_KEY_HEX = '6a1f0c3b9e2d4857a6b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9';
export const testKey = (): LedgerKey => LedgerKey.parse(TEST_KEY_HEX);

export type StoreKind = 'memory' | 'sqlite' | 'tables';

export interface Stores {
  /** A new, empty ledger of that kind. */
  fresh(kind: StoreKind): Ledger;
  /** Where a new SQLite file or table lives (for child processes): a path or a connection string + table. */
  dir(): string;
  connectionString(): string;
}

let tableSeq = 0;

/** Temp dir and an in-memory Azurite (table endpoint) for one test file. */
export function useLedgerStores(): Stores {
  let azurite: Azurite | undefined;
  let dir: string | undefined;
  const opened: Ledger[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yibao-ledger-test-'));
    azurite = await startAzurite({ inMemory: true });
  });
  afterAll(async () => {
    for (const l of opened) await l.close();
    await azurite?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    fresh(kind) {
      tableSeq += 1;
      const l: Ledger =
        kind === 'memory' ? new MemoryLedger()
        : kind === 'sqlite' ? new SqliteLedger(join(dir!, `ledger-${process.pid}-${tableSeq}.db`))
        : new TableLedger(tableClient(azurite!.connectionString, `ledger${process.pid}t${tableSeq}`));
      opened.push(l);
      return l;
    },
    dir: () => dir!,
    connectionString: () => azurite!.connectionString,
  };
}

/**
 * Everything a store holds, as text in a stable order, commits unpacked (to see that a run changed nothing,
 * and to scan what is stored for ID numbers and names).
 */
export async function storeContents(l: Ledger): Promise<string> {
  if (l instanceof MemoryLedger) return JSON.stringify(l.dump().sort());
  if (l instanceof SqliteLedger) {
    const db = new Database(l.file, { readonly: true });
    try {
      const commits = (db.prepare('SELECT * FROM ledger_commit ORDER BY person_year, version').all() as { body: string }[]).map((c) => ({ ...c, body: unpackCommit(c.body) }));
      return JSON.stringify([db.prepare('SELECT * FROM person_year ORDER BY id').all(), commits]);
    } finally {
      db.close();
    }
  }
  const t = l as TableLedger;
  const all: Record<string, unknown>[] = [];
  for await (const e of t.client.listEntities<Record<string, unknown>>()) all.push(e);
  all.sort((a, b) => (`${String(a['partitionKey'])}/${String(a['rowKey'])}` < `${String(b['partitionKey'])}/${String(b['rowKey'])}` ? -1 : 1));
  // Page entities of one commit attempt, in part order, unpacked.
  const pages = new Map<string, Buffer[]>();
  for (const e of all) {
    const m = /^(c\d+\.[0-9a-f]+)\.\d+$/.exec(String(e['rowKey']));
    if (!m) continue;
    const k = `${String(e['partitionKey'])}/${m[1]}`;
    const list = pages.get(k) ?? [];
    for (let i = 0; e[`b${i}`] instanceof Uint8Array; i++) list.push(Buffer.from(e[`b${i}`] as Uint8Array));
    pages.set(k, list);
  }
  return JSON.stringify([all, [...pages].map(([k, b]) => [k, unpackCommit(inflateRawSync(Buffer.concat(b)).toString('utf8'))])]);
}

/** What a store keeps, raw (SQLite: the file and its WAL; Tables: every entity) and unpacked. */
export async function storeBytes(l: Ledger): Promise<Buffer> {
  const decoded = Buffer.from(await storeContents(l), 'utf8');
  if (l instanceof SqliteLedger) return Buffer.concat([...[l.file, `${l.file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)), decoded]);
  return decoded;
}

/** Which of `needles` (ID numbers, names) occur in `bytes` (as UTF-8). */
export function found(bytes: Buffer, needles: readonly string[]): string[] {
  return needles.filter((s) => bytes.includes(Buffer.from(s, 'utf8')));
}
