/**
 * Acceptance (issue 12), crash-safe: a CLI run on a 50,000-row batch with a SQLite ledger, killed with
 * SIGKILL at random moments (5 times), then run to completion, writes exactly the bytes of an uninterrupted
 * run, and the ledger ends with the same totals (every accumulator summed over all person-years, every
 * committed key once). At least one kill lands after some person-years were committed and before all were.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/money.js';
import { assertBuilt, ROOT } from '../cli/run-cli.js';
import { generateSettlements } from '../../bench/generate.js';
import { unpackCommit } from '../../src/ledger/pack.js';
import { rng } from '../large/workbooks.js';
import { TEST_KEY_HEX, useLedgerStores } from '../helpers/ledger.js';

const stores = useLedgerStores();
const BIN = join(ROOT, 'bin', 'yibao.js');

/** Run the CLI; `killAfterMs`: SIGKILL it then. Resolves with its exit code (null when killed) and wall time. */
function cli(args: string[], killAfterMs?: number): Promise<{ code: number | null; ms: number; stderr: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, YIBAO_LEDGER_KEY: TEST_KEY_HEX, YIBAO_LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => child.on('exit', (code) => {
    if (timer) clearTimeout(timer);
    resolve({ code, ms: Date.now() - started, stderr });
  }));
}

/** What a SQLite ledger holds in sum: per accumulator, its total over person-years; the committed keys; person-years. */
function totals(file: string): { sums: Record<string, string>; keys: string[]; personYears: number } {
  const db = new Database(file, { readonly: true });
  try {
    const sums = new Map<string, ReturnType<typeof D>>();
    const heads = db.prepare('SELECT state FROM person_year').all() as { state: string }[];
    for (const h of heads) for (const [k, v] of Object.entries(JSON.parse(h.state) as Record<string, string>)) sums.set(k, (sums.get(k) ?? D(0)).plus(D(v)));
    const keys: string[] = [];
    for (const c of db.prepare('SELECT body FROM ledger_commit').all() as { body: string }[]) for (const r of unpackCommit(c.body).records) keys.push(r.key);
    return { sums: Object.fromEntries([...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toString()])), keys: keys.sort(), personYears: heads.length };
  } finally {
    db.close();
  }
}

function committedPersonYears(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM person_year').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('crash-safe', () => {
  it('killed 5 times with SIGKILL at random moments, then run to completion: the uninterrupted run\'s bytes and totals', async () => {
    assertBuilt();
    const dir = stores.dir();
    const input = join(dir, 'batch-50k.xlsx');
    // The bench's workbook: scattered dates, 10,000 persons; 1% bad rows (an error row sees the state where the retry starts).
    await generateSettlements(50_000, input, 5, 0.01);
    const refDb = join(dir, 'ref.db');
    const refOut = join(dir, 'ref.xlsx');
    const ref = await cli(['process', input, '--policy', 'xining-2024', '--out', refOut, '--ledger', refDb, '--quiet']);
    expect(ref.code, ref.stderr).toBe(0);
    const all = committedPersonYears(refDb);
    expect(all).toBeGreaterThan(5000);

    const db = join(dir, 'crashed.db');
    const out = join(dir, 'crashed.xlsx');
    const r = rng(42);
    const seen: number[] = [];
    // Kill at a random moment between a fifth and nine tenths of an uninterrupted run: from reading to well
    // into the commits (reading is a larger share of the run now that commits are cheap). A rerun replays what
    // is committed and can finish sooner than that: such a run counts as a completed one (its output checked
    // too), and the loop goes on until 5 runs were killed.
    for (let attempt = 0; seen.length < 5; attempt++) {
      expect(attempt, `kills so far: ${seen.length}`).toBeLessThan(12);
      const run = await cli(['process', input, '--policy', 'xining-2024', '--out', out, '--ledger', db, '--quiet'], Math.round(ref.ms * (0.2 + 0.7 * r())));
      if (run.code === null) seen.push(committedPersonYears(db));
      else {
        expect(run.code, run.stderr).toBe(0);
        expect(readFileSync(out).equals(readFileSync(refOut))).toBe(true);
      }
    }
    expect(seen.some((n) => n > 0 && n < all), `person-years committed after each kill: ${seen.join(', ')} of ${all}`).toBe(true);
    const done = await cli(['process', input, '--policy', 'xining-2024', '--out', out, '--ledger', db, '--quiet']);
    expect(done.code, done.stderr).toBe(0);
    expect(readFileSync(out).equals(readFileSync(refOut))).toBe(true);
    expect(totals(db)).toEqual(totals(refDb));
  }, 600_000);
});
