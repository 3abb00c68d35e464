/**
 * The mutation fuzzer in CI: 2,000 seeded cases over samples/** through the HTTP handler (npm test runs it;
 * `npm run fuzz -- --runs N` runs more). Invariants in src/guard/fuzz.ts. A failure prints its case seed.
 */
import { describe, expect, it } from 'vitest';
import { loadSeeds, runFuzz } from '../../src/guard/fuzz.js';
import { mutate } from '../../src/guard/mutate.js';

const seeds = loadSeeds(new URL('../..', import.meta.url).pathname);
const RUNS = Number(process.env['YIBAO_FUZZ_RUNS'] ?? 2000);

describe('fuzz', () => {
  it('mutations are deterministic per seed and actually change the input', async () => {
    const s = seeds[0]!.bytes;
    const a = await mutate(s, 42);
    const b = await mutate(s, 42);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.ops).toEqual(b.ops);
    let changed = 0;
    for (let i = 0; i < 50; i++) if (!(await mutate(s, i)).bytes.equals(s)) changed++;
    expect(changed).toBeGreaterThanOrEqual(45);
  });

  it(`${RUNS} cases: every answer 2xx/4xx, every accepted workbook returns every row once`, { timeout: 600_000 }, async () => {
    expect(seeds.length).toBeGreaterThanOrEqual(5);
    const report = await runFuzz({ seeds, runs: RUNS, baseSeed: 20261125 });
    const shown = report.failures.slice(0, 10).map((f) => `case ${f.case} seed=${f.caseSeed} ${f.seed}: ${f.problem} [${f.ops.join(' | ')}]`);
    expect(shown).toEqual([]);
    expect(report.runs).toBe(RUNS);
    // Both sides are exercised: a fair share is accepted (rows computed), a fair share refused.
    expect(report.accepted).toBeGreaterThan(RUNS * 0.2);
    expect(RUNS - report.accepted).toBeGreaterThan(RUNS * 0.2);
  });
});
