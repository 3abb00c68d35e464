/**
 * Acceptance (issue 12), concurrent: two processes on two batches with people in common, against the same
 * SQLite file and against the same Azurite table: no 结算号 committed twice, no cap exceeded, and each
 * person's results equal one of the two serial orders. And in one process, two batches racing on one
 * store (loads made slow so both load before either commits): the loser's conflicts are reloaded and
 * recomputed, with the same guarantees.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../src/ledger/memory.js';
import { openLedger } from '../../src/ledger/open.js';
import { tableClient, TableLedger } from '../../src/ledger/tables.js';
import type { CommitOutcome, CommitRequest, Ledger, PersonYearRef, StoredYear } from '../../src/ledger/types.js';
import { assertBuilt, ROOT } from '../cli/run-cli.js';
import { idFor } from '../helpers/rows.js';
import { TEST_KEY_HEX, testKey, useLedgerStores } from '../helpers/ledger.js';
import type { Summary } from '../../src/engine/summary.js';
import { D, ZERO } from '../../src/money.js';
import { type Cell, processBytes, type Rec, records, workbook } from './helpers.js';

const stores = useLedgerStores();
const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
const CAP = 250_000;

const person = (p: number) => idFor(`19${60 + (p % 30)}0${1 + (p % 9)}1${p % 9}`, 100 + p);

/** Batch X (Jan–Jun) and Y (Mar–Dec): persons 0–79 in both, 80–119 only in X, 120–159 only in Y; stays large enough for the cap to bind. */
function batch(which: 'X' | 'Y'): Cell[][] {
  const rows: Cell[][] = [];
  const persons = which === 'X' ? [...Array(120).keys()] : [...Array(80).keys(), ...Array.from({ length: 40 }, (_, i) => 120 + i)];
  for (const p of persons) {
    for (let k = 0; k < 3; k++) {
      const month = which === 'X' ? 1 + 2 * k : 3 + 3 * k;
      const from = `2024-${String(month).padStart(2, '0')}-0${1 + (p % 5)}`;
      const to = `2024-${String(month).padStart(2, '0')}-2${p % 5}`;
      rows.push([`${which}${p}-${k}`, person(p), `并发${p}`, '职工', '在职', '住院', ['一级', '二级', '三级'][(p + k) % 3]!, from, to, 60_000 + ((p * 7919 + k * 104729) % 140_000), 0, 0]);
    }
  }
  return rows;
}

function cells(r: Rec): Rec {
  const { row: _row, ...rest } = r;
  return { ...rest, basis: String(r.basis ?? '').replace(/^年度累计起点：[^；]*；/, '') } as Rec;
}

/** Per person, the records of both batches (by 结算号). */
function byPerson(x: Rec[], y: Rec[]): Map<string, Rec[]> {
  const out = new Map<string, Rec[]>();
  for (const r of [...x, ...y]) {
    const list = out.get(String(r['idNumber'])) ?? [];
    list.push(cells(r));
    out.set(String(r['idNumber']), list.sort((a, b) => (String(a['settlementId']) < String(b['settlementId']) ? -1 : 1)));
  }
  return out;
}

/** The two serial orders, computed in this process. */
async function serial(bx: Buffer, by: Buffer): Promise<[Map<string, Rec[]>, Map<string, Rec[]>]> {
  const xy = new MemoryLedger();
  const xFirst = await records(bx, { policy: 'xining-2024', ledger: xy });
  const yAfter = await records(by, { policy: 'xining-2024', ledger: xy });
  const yx = new MemoryLedger();
  const yFirst = await records(by, { policy: 'xining-2024', ledger: yx });
  const xAfter = await records(bx, { policy: 'xining-2024', ledger: yx });
  return [byPerson(xFirst, yAfter), byPerson(xAfter, yFirst)];
}

/** Every person's rows equal one serial order; the store holds each 结算号 once; no person-year over the cap. */
async function check(ledger: Ledger, x: Rec[], y: Rec[], orders: [Map<string, Rec[]>, Map<string, Rec[]>]): Promise<void> {
  const got = byPerson(x, y);
  let differ = 0;
  for (const [id, rows] of got) {
    const [a, b] = [orders[0].get(id), orders[1].get(id)];
    const same = (o: Rec[] | undefined) => JSON.stringify(o) === JSON.stringify(rows);
    expect(same(a) || same(b), `person ${id.slice(0, 6)}…: one of the serial orders`).toBe(true);
    if (JSON.stringify(a) !== JSON.stringify(b)) differ += 1;
  }
  expect(differ, 'the two orders give different results for the shared persons').toBeGreaterThan(40);
  const refs: PersonYearRef[] = Array.from({ length: 160 }, (_, p) => ({ policy: 'xining-2024', year: 2024, kind: 'settlements', person: testKey().person(person(p)) }));
  const years = await ledger.load(refs);
  const keys: string[] = [];
  for (const y0 of years) {
    const yv = y0!;
    expect(yv.commits.map((c) => c.version)).toEqual(yv.commits.map((_, i) => i + 1));
    for (const c of yv.commits) for (const r of c.records) keys.push(r.key);
    expect(Number(yv.state['xining.employee.inpatient.fundPaid'] ?? 0)).toBeLessThanOrEqual(CAP);
  }
  expect(keys.length).toBe(x.length + y.length);
  expect(new Set(keys).size).toBe(keys.length);
}

/** The batch's summary is exactly that of its rows as returned: counts by status, money totals of the rows that computed. */
function expectSummaryOf(summary: Summary, recs: Rec[]): void {
  expect(summary.rows).toBe(recs.length);
  for (const st of ['ok', 'warning', 'error'] as const) expect(summary.byStatus[st], st).toBe(recs.filter((r) => r.status === st).length);
  for (const [key, total] of Object.entries(summary.totals)) {
    const sum = recs.filter((r) => r.status !== 'error').reduce((t, r) => t.plus(D(String(r[key] ?? 0))), ZERO);
    expect(total.toFixed(2), key).toBe(sum.toFixed(2));
  }
  const inpatient = summary.byCategory.find((c) => c.category === '住院');
  expect(inpatient?.rows).toBe(recs.filter((r) => r.status !== 'error').length);
}

/** A store whose loads take a while: two batches in one process both load a window before either commits. */
class SlowLoads implements Ledger {
  readonly description = 'slow';
  conflicts = 0;
  constructor(private readonly inner: Ledger) {}
  get roundTrips(): number {
    return this.inner.roundTrips;
  }
  async load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]> {
    const r = await this.inner.load(refs);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return r;
  }
  async commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]> {
    const r = await this.inner.commit(requests);
    this.conflicts += r.filter((o) => o === 'conflict').length;
    return r;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'yibao.js'), ...args], { cwd: ROOT, env: { ...process.env, YIBAO_LEDGER_KEY: TEST_KEY_HEX, YIBAO_LOG_LEVEL: 'error', ...env } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })));
}

describe('concurrent batches with people in common', () => {
  it('in one process, racing on one store: conflicts are reloaded and recomputed; results are a serial order per person', async () => {
    const [bx, by] = [await workbook(H, batch('X')), await workbook(H, batch('Y'))];
    const orders = await serial(bx, by);
    for (const kind of ['sqlite', 'tables'] as const) {
      const ledger = new SlowLoads(stores.fresh(kind));
      const [rx, ry] = await Promise.all([processBytes(bx, { policy: 'xining-2024', ledger }), processBytes(by, { policy: 'xining-2024', ledger })]);
      expect(ledger.conflicts, `${kind}: the race produced conflicts`).toBeGreaterThan(0);
      const [x, y] = [rx, ry].map((r) => JSON.parse(r.body.toString('utf8')) as Rec[]) as [Rec[], Rec[]];
      await check(ledger, x, y, orders);
      // The summary counts each row once, as it was committed (a recomputed row's first outcome is taken back).
      for (const [r, recs] of [[rx, x], [ry, y]] as const) expectSummaryOf(r.summary, recs);
    }
  }, 120_000);

  it('two CLI processes on the same SQLite file and on the same Azurite table', async () => {
    assertBuilt();
    const dir = stores.dir();
    const [bx, by] = [await workbook(H, batch('X')), await workbook(H, batch('Y'))];
    writeFileSync(join(dir, 'x.xlsx'), bx);
    writeFileSync(join(dir, 'y.xlsx'), by);
    const orders = await serial(bx, by);
    const targets: { spec: string; env: Record<string, string>; open: () => Ledger }[] = [
      { spec: join(dir, 'shared.db'), env: {}, open: () => openLedger(join(dir, 'shared.db')) },
      { spec: stores.connectionString(), env: { YIBAO_LEDGER_TABLE: 'sharedledger' }, open: () => new TableLedger(tableClient(stores.connectionString(), 'sharedledger')) },
    ];
    for (const t of targets) {
      const run = (b: string) => cli(['process', join(dir, `${b}.xlsx`), '--policy', 'xining-2024', '--format', 'json', '--out', join(dir, `${b}.json`), '--ledger', t.spec, '--quiet'], t.env);
      const [rx, ry] = await Promise.all([run('x'), run('y')]);
      expect(rx.code, rx.stderr).toBe(0);
      expect(ry.code, ry.stderr).toBe(0);
      const x = JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8')) as Rec[];
      const y = JSON.parse(readFileSync(join(dir, 'y.json'), 'utf8')) as Rec[];
      const ledger = t.open();
      try {
        await check(ledger, x, y, orders);
      } finally {
        await ledger.close();
      }
    }
  }, 300_000);
});
