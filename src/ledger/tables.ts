/**
 * The app's ledger: Azure Table Storage (Azurite's table endpoint locally and in tests).
 *
 * One partition per person-year (`policy|year|person key`). Its `head` entity holds the version, the
 * accumulator state, the latest settlement date and the attempt id of every commit; each commit is stored
 * as page entities `c{version}.{attempt}.{part}` (the commit's text, pack.ts, deflated on the thread pool
 * and cut into binary properties below the 64 KB property and 1 MB entity limits). A commit writes its pages and the head in one entity-group
 * transaction: the head is updated with If-Match on the ETag it was loaded with (or created when new), so a
 * stale commit fails as a whole (412/409) and nothing of it is visible. A commit too large for one
 * transaction (100 entities, 4 MB) writes its pages first under its fresh attempt id, then the head: pages
 * of an attempt whose head update failed are never read (the head names the attempt of every version).
 */
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, deflateRaw, inflateRaw } from 'node:zlib';
import { odata, type TableEntity, type TableClient, type TransactionAction } from '@azure/data-tables';
import { CONNECTION, tableClient as storageTableClient } from '../storage/clients.js';
import type { AccumulatorSnapshot } from '../engine/accumulators.js';
import { COMMIT_FORMAT, unpackCommit } from './pack.js';
import { type CommitOutcome, type CommitRequest, type Ledger, type LedgerCommit, LedgerFormatError, type PersonYearRef, refKey, type StoredYear } from './types.js';

/**
 * A commit's text repeats the same words row after row (计算依据, parameter signatures): deflated it is about
 * a third, fewer bytes to send and keep per entity. Fast and small: a commit is a few kilobytes, so a 4 KB
 * window loses little and deflate's state is ~24 KB instead of ~260 KB. Asynchronous: on the thread pool.
 */
const DEFLATE = { level: constants.Z_BEST_SPEED, windowBits: 12, memLevel: 4 };
const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** Default table name (YIBAO_LEDGER_TABLE overrides). */
export const DEFAULT_TABLE = 'yibaoledger';
/** Bytes per binary property (the limit is 64 KB). */
const CHUNK = 60_000;
/** Binary properties per page entity (12 × 60 KB < 1 MB). */
const CHUNKS_PER_PAGE = 12;
/** Page entities per transaction (two full pages, base64 on the wire, stay below the 4 MB payload limit). */
const PAGES_PER_TRANSACTION = 2;
const HEAD = 'head';
const ATTEMPT_LEN = 8;

/**
 * The ledger's Table client, built where every storage client is (src/storage/clients.ts): from a connection
 * string (Azurite's development account over http included), or — without one — from the app's
 * identity-based storage settings (AzureWebJobsStorage__accountName and a managed identity).
 */
export function tableClient(connectionString: string | undefined, table = process.env['YIBAO_LEDGER_TABLE'] ?? DEFAULT_TABLE, env: NodeJS.ProcessEnv = process.env): TableClient {
  return storageTableClient(table, { env: connectionString === undefined ? env : { [CONNECTION]: connectionString } });
}

interface HeadEntity {
  partitionKey: string;
  rowKey: string;
  version: number;
  state: string;
  lastDate: string;
  attempts: string;
  /** The commits' text format (pack.ts COMMIT_FORMAT). */
  format: string;
  etag?: string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Run `f` over `items` with at most `limit` at a time; results in order. */
async function pooled<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown }).statusCode;
  return typeof s === 'number' ? s : undefined;
}

export class TableLedger implements Ledger {
  readonly description: string;
  roundTrips = 0;
  private ready: Promise<void> | undefined;
  private readonly concurrency: number;

  constructor(
    readonly client: TableClient,
    options: { concurrency?: number } = {},
  ) {
    this.description = `azure-tables:${client.tableName}`;
    this.concurrency = options.concurrency ?? (Number(process.env['YIBAO_LEDGER_CONCURRENCY']) || 32);
  }

  private ensureTable(): Promise<void> {
    this.ready ??= (async () => {
      this.roundTrips += 1; // int
      await this.client.createTable();
    })();
    return this.ready;
  }

  async load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]> {
    await this.ensureTable();
    return pooled(refs, this.concurrency, (r) => this.loadOne(r));
  }

  private async loadOne(ref: PersonYearRef): Promise<StoredYear | undefined> {
    const pk = refKey(ref);
    let head: HeadEntity | undefined;
    const pages: Record<string, unknown>[] = [];
    const iter = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${pk}` } }).byPage({ maxPageSize: 1000 });
    for await (const page of iter) {
      this.roundTrips += 1; // int
      for (const e of page) {
        if (e.rowKey === HEAD) head = e as unknown as HeadEntity;
        else pages.push(e);
      }
    }
    if (!head) return undefined;
    if (head.format !== COMMIT_FORMAT) throw new LedgerFormatError(`台账表中的记录格式（${String(head.format)}）无法识别 / the ledger table holds commits in a format this release cannot read (${String(head.format)})`);
    // Only the pages of the attempt the head names for each version are the commit; others are leftovers of failed attempts.
    const byVersion = new Map<number, { part: number; bytes: Buffer }[]>();
    for (const p of pages) {
      const m = /^c(\d+)\.([0-9a-f]+)\.(\d+)$/.exec(String(p['rowKey'] ?? ''));
      if (!m) continue;
      const version = Number(m[1]);
      if (head.attempts.slice((version - 1) * ATTEMPT_LEN, version * ATTEMPT_LEN) !== m[2]) continue; // int
      const chunks: Buffer[] = [];
      for (let i = 0; p[`b${i}`] instanceof Uint8Array; i++) chunks.push(Buffer.from(p[`b${i}`] as Uint8Array)); // int
      const list = byVersion.get(version) ?? [];
      list.push({ part: Number(m[3]), bytes: Buffer.concat(chunks) });
      byVersion.set(version, list);
    }
    const commits: LedgerCommit[] = [];
    for (let v = 1; v <= head.version; v++) { // int
      const parts = byVersion.get(v);
      if (!parts) throw new Error(`ledger partition ${pk.slice(0, 30)}…: commit ${v} is missing`);
      commits.push(unpackCommit((await inflate(Buffer.concat(parts.sort((a, b) => a.part - b.part).map((p) => p.bytes)))).toString('utf8'))); // int
    }
    const token = JSON.stringify({ etag: head.etag, attempts: head.attempts });
    return { ref, version: head.version, state: JSON.parse(head.state) as AccumulatorSnapshot, lastDate: head.lastDate, commits, token };
  }

  async commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]> {
    await this.ensureTable();
    return pooled(requests, this.concurrency, (q) => this.commitOne(q));
  }

  private async commitOne(q: CommitRequest): Promise<CommitOutcome> {
    const pk = refKey(q.ref);
    const attempt = randomBytes(ATTEMPT_LEN / 2).toString('hex'); // int
    const packed = await deflate(q.commit.body, DEFLATE);
    const pages: TableEntity<Record<string, unknown>>[] = [];
    for (let at = 0, part = 0; at < packed.length || part === 0; part++) { // int
      const e: TableEntity<Record<string, unknown>> = { partitionKey: pk, rowKey: `c${pad(q.commit.version, 8)}.${attempt}.${pad(part, 3)}` };
      for (let i = 0; i < CHUNKS_PER_PAGE && at < packed.length; i++, at += CHUNK) e[`b${i}`] = new Uint8Array(packed.subarray(at, at + CHUNK)); // int
      pages.push(e);
    }
    const loaded = q.baseVersion > 0 ? (JSON.parse(q.token ?? '{}') as { etag?: string; attempts?: string }) : {};
    if (q.baseVersion > 0 && !loaded.etag) throw new Error('a commit on an existing person-year needs the ETag it was loaded with');
    const attempts = (loaded.attempts ?? '') + attempt;
    const head: HeadEntity = { partitionKey: pk, rowKey: HEAD, version: q.commit.version, state: JSON.stringify(q.state), lastDate: q.lastDate, attempts, format: COMMIT_FORMAT };
    const headAction: TransactionAction = q.baseVersion === 0 ? ['create', head as unknown as TableEntity] : ['update', head as unknown as TableEntity, 'Replace', { etag: loaded.etag! }];
    // Pages beyond what fits with the head go first, in transactions of their own (invisible until the head names the attempt).
    const early = pages.length > PAGES_PER_TRANSACTION ? pages.slice(0, pages.length - PAGES_PER_TRANSACTION) : [];
    const last = pages.slice(early.length);
    for (let i = 0; i < early.length; i += PAGES_PER_TRANSACTION) { // int
      this.roundTrips += 1; // int
      await this.client.submitTransaction(early.slice(i, i + PAGES_PER_TRANSACTION).map((p): TransactionAction => ['create', p])); // int
    }
    try {
      this.roundTrips += 1; // int
      await this.client.submitTransaction([...last.map((p): TransactionAction => ['create', p]), headAction]);
      return 'ok';
    } catch (e) {
      const s = statusOf(e);
      if (s === 409 || s === 412 || s === 404) return 'conflict';
      throw e;
    }
  }

  async close(): Promise<void> {}
}
