/** Ledgers for tests: each store on a fresh location (a temp SQLite file, a fresh table on a test Azurite). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LedgerKey } from '../../src/ledger/key.js';
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
