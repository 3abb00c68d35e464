/** CI only checks that the benchmark runs (10k rows); the figures come from `npm run bench`. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('bench', () => {
  it('runs on the 10k size and prints a figure for the baseline, yibao, yibao on worker threads and yibao with each ledger', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    const out = execFileSync(process.execPath, ['dist/bench/run.js', '--sizes', '10000', '--dir', dir], { encoding: 'utf8' });
    const rows = out.split('\n').filter((l) => l.startsWith('| 10,000 |'));
    expect(rows.map((r) => r.split('|')[3]!.trim()), out).toEqual(['baseline (exceljs streaming round trip)', 'yibao', 'yibao --workers 2', 'yibao + SQLite ledger', 'yibao + Azure Tables ledger (Azurite)']);
    expect(out).toMatch(/yibao \+ SQLite ledger: [\d.]+× yibao's wall time, [\d.]+× its CPU; [\d,]+ store round trips/);
    for (const r of rows) expect(r.split('|').filter((c) => c.trim() === '–'), r).toHaveLength(0);
  }, 120_000);
});
