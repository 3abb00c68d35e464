/**
 * A batch of several ledger windows (two-pass.ts: about 2,048 rows of whole persons each, the next one's
 * load under way while this one computes and commits) against a store that fails or races between them:
 * the batch fails with the store's error and no unhandled rejection, leaves nothing half committed, and a
 * run after it gives the uninterrupted run's output; a person-year committed by someone else between a
 * window's load and its commit is reloaded, and its rows are recomputed against what was committed.
 */
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../src/ledger/memory.js';
import type { CommitOutcome, CommitRequest, Ledger, PersonYearRef, StoredYear } from '../../src/ledger/types.js';
import { idFor } from '../helpers/rows.js';
import { type Cell, processBytes, records, workbook } from './helpers.js';

const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
/** 1,500 persons × 2 stays: 3,000 rows, two windows. */
const PERSONS = 1500;

function personId(p: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + p * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return idFor(birth, 100 + (p % 800));
}

function rows(): Cell[][] {
  const out: Cell[][] = [];
  for (let p = 0; p < PERSONS; p++) {
    out.push([`A${p}`, personId(p), '窗口', '职工', '在职', '住院', '三级', '2024-02-01', '2024-02-08', 20_000 + p, 0, 0]);
    out.push([`B${p}`, personId(p), '窗口', '职工', '在职', '住院', '二级', '2024-05-01', '2024-05-08', 10_000, 0, 0]);
  }
  return out;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A memory ledger whose commits take a moment, with a hook before each load and commit (1-based call numbers). */
class Scripted implements Ledger {
  readonly description = 'scripted';
  loads = 0;
  commits = 0;
  constructor(
    readonly inner: MemoryLedger,
    private readonly beforeLoad: (n: number) => Promise<void> = async () => undefined,
    private readonly beforeCommit: (n: number, requests: readonly CommitRequest[]) => Promise<void> = async () => undefined,
  ) {}
  get roundTrips(): number {
    return this.inner.roundTrips;
  }
  async load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]> {
    await this.beforeLoad(++this.loads);
    return this.inner.load(refs);
  }
  async commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]> {
    await wait(30);
    await this.beforeCommit(++this.commits, requests);
    return this.inner.commit(requests);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('a batch of several ledger windows', () => {
  it('a store failing the next window’s load or a commit fails the batch with its error (no unhandled rejection); a later run gives the uninterrupted output', async () => {
    const bytes = await workbook(H, rows());
    const whole = await records(bytes, { policy: 'xining-2024', ledger: new MemoryLedger() });
    expect(whole).toHaveLength(2 * PERSONS);

    // The second window's load (asked for while the first computes) fails before the first has committed.
    const loadFails = new Scripted(new MemoryLedger(), async (n) => {
      if (n === 2) throw new Error('store unreachable (load)');
    });
    await expect(processBytes(bytes, { policy: 'xining-2024', ledger: loadFails })).rejects.toThrow('store unreachable (load)');
    // The first window's commit fails while the second window's load is under way.
    const commitFails = new Scripted(new MemoryLedger(), async () => wait(5), async (n) => {
      if (n === 1) throw new Error('store unreachable (commit)');
    });
    await expect(processBytes(bytes, { policy: 'xining-2024', ledger: commitFails })).rejects.toThrow('store unreachable (commit)');
    expect(commitFails.inner.dump()).toEqual([]);
    await wait(50); // any load still under way has ended (a rejection nobody handled would fail the test file)

    // Run again on the store that failed after the first window: the same rows as an uninterrupted run.
    for (const l of [loadFails, commitFails]) {
      const again = await records(bytes, { policy: 'xining-2024', ledger: l.inner });
      expect(again.map((r) => [r['settlementId'], r['fundPaid'], r['admissionNo'], r.status])).toEqual(whole.map((r) => [r['settlementId'], r['fundPaid'], r['admissionNo'], r.status]));
    }
  }, 120_000);

  it('a person-year committed by someone else before the second window commits: reloaded, its rows recomputed against it (as if that batch came first)', async () => {
    const bytes = await workbook(H, rows());
    const last = PERSONS - 1;
    const other = await workbook(H, [[`X${last}`, personId(last), '窗口', '职工', '在职', '住院', '三级', '2024-01-01', '2024-01-05', 400_000, 0, 0]]);
    // Serially: the other batch first (the cap used up: nothing left for this person's stays), then this one.
    const first = new MemoryLedger();
    await records(other, { policy: 'xining-2024', ledger: first });
    const serial = await records(bytes, { policy: 'xining-2024', ledger: first });

    const inner = new MemoryLedger();
    const racing = new Scripted(inner, undefined, async (n) => {
      if (n === 2) await records(other, { policy: 'xining-2024', ledger: inner });
    });
    const r = await processBytes(bytes, { policy: 'xining-2024', ledger: racing, format: 'json' });
    expect(r.ledger).toMatchObject({ conflicts: 1 });
    const got = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>[];
    const mine = (rs: Record<string, unknown>[]) => rs.filter((x) => x['idNumber'] === personId(last));
    expect(mine(got).map((x) => [x['fundPaid'], x['admissionNo'], x['ytdFundPaid']])).toEqual([[0, 2, 250_000], [0, 3, 250_000]]);
    expect(got).toEqual(serial);
    expect(r.summary.byStatus).toEqual({ ok: 2 * PERSONS, warning: 0, error: 0 });
  }, 120_000);

  it('a store that makes commits durable per batch (SQLite) is synced once, after the last window’s commit; a peek never', async () => {
    const bytes = await workbook(H, rows());
    const events: string[] = [];
    class Syncing extends Scripted {
      sync(): void {
        events.push(`sync after ${this.commits} commits`);
      }
    }
    const l = new Syncing(new MemoryLedger(), undefined, async (n) => {
      events.push(`commit ${n}`);
    });
    await processBytes(bytes, { policy: 'xining-2024', ledger: l });
    expect(events).toEqual(['commit 1', 'commit 2', 'sync after 2 commits']);
    events.length = 0;
    await processBytes(bytes, { policy: 'xining-2024', ledger: l, mode: 'peek' });
    expect(events).toEqual([]);
  }, 120_000);
});
