/**
 * The Ledger contract, run against every store: loads what was committed, refuses a stale commit as a whole,
 * one winner among concurrent commits on one person-year, commits larger than one Table transaction.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packCommit } from '../../src/ledger/pack.js';
import { SqliteLedger } from '../../src/ledger/sqlite.js';
import type { CommitRequest, LedgerCommit, LedgerRecord, PersonYearRef, StoredYear } from '../../src/ledger/types.js';
import { type StoreKind, useLedgerStores } from '../helpers/ledger.js';

const stores = useLedgerStores();

const ref = (person: string, year = 2024): PersonYearRef => ({ policy: 'xining-2024', year, kind: 'settlements', person });

function record(key: string, seq: number, extra = ''): LedgerRecord {
  return { key, seq, fp: `${key.length.toString(36)},,x${key}`, date: '2024-03-01', visit: 'S', from: '2024-02-20', to: '2024-03-01', result: [0, [], `结果${extra}`, 'd12.5', 0, null, 'n2', `s文本${extra}`], params: 0, delta: { 'xining.employee.inpatient.admissions': '+1', 'xining.fundPaid.total': '=12.5' } };
}

function request(loaded: StoredYear | undefined, r: PersonYearRef, keys: string[], extra = ''): CommitRequest {
  const version = (loaded?.version ?? 0) + 1; // int
  const seq0 = loaded?.commits.reduce((n, c) => n + c.records.length, 0) ?? 0;
  const commit: LedgerCommit = {
    version,
    sha: 'a'.repeat(64),
    at: '2024-04-01T00:00:00.000Z',
    before: loaded?.state ?? {},
    beforeLastDate: loaded?.lastDate ?? '',
    params: ['0a1b2c3d:4.0,7.1'],
    fpColumns: ['settlementId', 'scheme', 'totalCost'],
    records: keys.map((k, i) => record(k, seq0 + i + 1, extra)), // int
  };
  return { ref: r, baseVersion: loaded?.version ?? 0, ...(loaded?.token ? { token: loaded.token } : {}), state: { n: String(version) }, lastDate: '2024-03-01', commit: packCommit(commit) };
}

describe.each<StoreKind>(['memory', 'sqlite', 'tables'])('ledger store %s', (kind) => {
  it('loads nothing for an empty person-year, then exactly what was committed', async () => {
    const l = stores.fresh(kind);
    const a = ref('p1');
    expect(await l.load([a])).toEqual([undefined]);
    expect(await l.commit([request(undefined, a, ['JS1', 'JS2'])])).toEqual(['ok']);
    const [y0, none] = await l.load([a, ref('p2')]);
    expect(none).toBeUndefined();
    const y = y0!;
    expect(y.version).toBe(1);
    expect(y.state).toEqual({ n: '1' });
    expect(y.commits.map((c) => c.records.map((r) => r.key))).toEqual([['JS1', 'JS2']]);
    expect(y.commits[0]!.records[0]).toEqual(record('JS1', 1));
    expect((await l.load([ref('p1', 2023)]))[0]).toBeUndefined();
  });

  it('refuses a commit on a stale version as a whole, and takes one on the current version', async () => {
    const l = stores.fresh(kind);
    const a = ref('p1');
    await l.commit([request(undefined, a, ['JS1'])]);
    const [v1] = await l.load([a]);
    // Another writer computed against "empty" meanwhile: refused, nothing of it visible.
    expect(await l.commit([request(undefined, a, ['JSX'])])).toEqual(['conflict']);
    expect((await l.load([a]))[0]!.commits.flatMap((c) => c.records.map((r) => r.key))).toEqual(['JS1']);
    expect(await l.commit([request(v1, a, ['JS2'])])).toEqual(['ok']);
    // The same base again (a second writer that loaded v1 too) is stale now.
    expect(await l.commit([request(v1, a, ['JS3'])])).toEqual(['conflict']);
    const [v2] = await l.load([a]);
    expect(v2!.version).toBe(2);
    expect(v2!.commits.map((c) => c.version)).toEqual([1, 2]);
    expect(v2!.commits[1]!.before).toEqual({ n: '1' });
  });

  it('commits several person-years in one call, each on its own', async () => {
    const l = stores.fresh(kind);
    const [a, b] = [ref('p1'), ref('p2')];
    await l.commit([request(undefined, a, ['JS1'])]);
    expect(await l.commit([request(undefined, a, ['JS2']), request(undefined, b, ['JS3'])])).toEqual(['conflict', 'ok']);
    const [ya, yb] = await l.load([a, b]);
    expect(ya!.commits.flatMap((c) => c.records.map((r) => r.key))).toEqual(['JS1']);
    expect(yb!.commits.flatMap((c) => c.records.map((r) => r.key))).toEqual(['JS3']);
  });

  it('lets exactly one of several concurrent commits on one person-year through', async () => {
    const l = stores.fresh(kind);
    const a = ref('p1');
    await l.commit([request(undefined, a, ['JS0'])]);
    const [v1] = await l.load([a]);
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => l.commit([request(v1, a, [`JS${i}`])])));
    expect(outcomes.flat().filter((o) => o === 'ok')).toHaveLength(1);
    const [now] = await l.load([a]);
    expect(now!.version).toBe(2);
    expect(now!.commits[1]!.records).toHaveLength(1);
  });

  it('stores a person-year with many rows and long texts (beyond one entity, one property, one transaction)', async () => {
    const l = stores.fresh(kind);
    const a = ref('p1');
    const keys = Array.from({ length: 1500 }, (_, i) => `JS${String(i).padStart(6, '0')}`);
    // Texts that do not compress: the packed commit needs several page entities and transactions.
    const long = randomBytes(1500).toString('hex');
    expect(await l.commit([request(undefined, a, keys, long)])).toEqual(['ok']);
    const [y] = await l.load([a]);
    expect(y!.commits[0]!.records).toHaveLength(1500);
    expect(y!.commits[0]!.records[1499]!.result).toEqual([0, [], `结果${long}`, 'd12.5', 0, null, 'n2', `s文本${long}`]);
    expect(await l.commit([request(y, a, ['JSnext'])])).toEqual(['ok']);
    expect((await l.load([a]))[0]!.commits.map((c) => c.records.length)).toEqual([1500, 1]);
  }, 120_000);
});

describe('SQLite ledger file', () => {
  it('keeps each commit as the bytes the engine built, still reads commits kept as text, and syncs without a WAL or with one', async () => {
    const file = join(stores.dir(), `blob-${process.pid}.db`);
    const l = new SqliteLedger(file);
    const [a, b] = [ref('a'.repeat(64)), ref('b'.repeat(64))];
    expect(await l.commit([request(undefined, a, ['JS1'])])).toEqual(['ok']);
    l.sync();
    const db = new Database(file);
    try {
      expect(db.prepare('SELECT typeof(body) AS t FROM ledger_commit').all()).toEqual([{ t: 'blob' }]);
      // A person-year as a release before this one wrote it: the commit's text as TEXT.
      const id = Number(db.prepare("INSERT INTO person_year (person, policy, year, kind, version, state, last_date) VALUES (?, 'xining-2024', 2024, 'settlements', 1, ?, '2024-03-01')").run(b.person, JSON.stringify({ n: '1' })).lastInsertRowid);
      db.prepare('INSERT INTO ledger_commit (person_year, version, body) VALUES (?, 1, ?)').run(id, request(undefined, b, ['JS9']).commit.body.toString('utf8'));
    } finally {
      db.close();
    }
    const [ya, yb] = await l.load([a, b]);
    expect(ya!.commits[0]!.records.map((r) => r.key)).toEqual(['JS1']);
    expect(yb!.commits[0]!.records.map((r) => r.key)).toEqual(['JS9']);
    expect(await l.commit([request(yb, b, ['JS10'])])).toEqual(['ok']);
    await l.close();
    new SqliteLedger(file).sync(); // the WAL is gone after the last close: nothing to sync, no error
  });
});
