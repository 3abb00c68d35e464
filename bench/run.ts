/**
 * Benchmark: settlements workbooks of 10k, 100k and 1,048,575 rows; for each, a bare exceljs streaming
 * round trip (baseline) then yibao, each in its own process so peak RSS is its own. Prints rows/s, wall
 * and CPU time (CPU is the steadier figure on a shared machine), the ratios to the baseline and peak RSS. Not a timed test: CI only checks that it runs (10k).
 * yibao runs on the main thread alone (the default) and, for the same file, with `--workers` worker threads
 * sharing the batch by person (0 skips that run). `--repeat N` runs the set N times, interleaved (baseline,
 * yibao, … then again), and prints the run with the median wall time of each: on a shared machine one run
 * varies by ±5–10%.
 * With `--ledger sqlite,tables` (the default), yibao also runs against a fresh year-to-date ledger: a SQLite
 * file (the CLI's store; target ≤ 1.5× yibao without one) and Azure Tables on an in-memory Azurite started
 * here (the app's store); each prints its store round trips (`--ledger none` skips both).
 * Usage: node dist/bench/run.js [--sizes 10000,100000,1048575] [--workers 2] [--repeat 1] [--ledger sqlite,tables] [--skip-baseline] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAzurite } from '../src/server/azurite.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000,1048575' }, 'skip-baseline': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, workers: { type: 'string', default: '2' }, repeat: { type: 'string', default: '1' }, ledger: { type: 'string', default: 'sqlite,tables' }, dir: { type: 'string', default: 'bench/out' } } });
const ledgers = values.ledger === 'none' ? [] : values.ledger!.split(',').map((s) => s.trim()).filter((s) => s === 'sqlite' || s === 'tables');
const azurite = ledgers.includes('tables') ? await startAzurite({ inMemory: true }) : undefined;
const sizes = values.sizes!.split(',').map((s) => Number(s.trim()));
const dir = values.dir!;
mkdirSync(dir, { recursive: true });
const here = new URL('.', import.meta.url).pathname;

interface Run { rows: number; ms: number; cpuMs: number; maxRssKb: number; roundTrips?: number }
// The baseline gets room to hold what exceljs holds; yibao runs exactly as a user runs it (bench/yibao.ts:
// `bin/yibao.js process`, which caps its own old space; the figures are the CLI process's own).
function node(script: string, args: string[], workers = 0, env: Record<string, string> = {}): Run {
  const heap = script === 'yibao.js' ? [] : ['--max-old-space-size=4096'];
  const out = execFileSync(process.execPath, [...heap, join(here, script), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20, env: { ...process.env, YIBAO_LOG_LEVEL: 'warn', YIBAO_WORKERS: String(workers), ...env } });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

const workers = Number(values.workers);
const repeat = Math.max(1, Math.floor(Number(values.repeat)) || 1);

/** The run with the median wall time (the lower middle for an even count), with the highest peak RSS of all. */
function median(rs: Run[]): Run | undefined {
  if (rs.length === 0) return undefined;
  const mid = [...rs].sort((a, b) => a.ms - b.ms)[(rs.length - 1) >> 1]!;
  return { ...mid, maxRssKb: Math.max(...rs.map((r) => r.maxRssKb)) };
}
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}${repeat > 1 ? `, median wall of ${repeat} interleaved runs each (peak RSS: the highest)` : ''}`);
console.log('| rows | file MB | run | wall s | CPU s | rows/s | peak RSS MB | / baseline (wall) | (CPU) |');
console.log('| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of sizes) {
  const input = join(dir, `settlements-${n}.xlsx`);
  if (!existsSync(input)) execFileSync(process.execPath, [join(here, 'generate.js'), String(n), input], { stdio: 'inherit' });
  const mb = statSync(input).size / 1e6;
  const sets: [Run[], Run[], Run[], Run[], Run[]] = [[], [], [], [], []];
  for (let k = 0; k < repeat; k++) {
    if (!values['skip-baseline']) sets[0].push(node('baseline.js', [input, join(dir, `baseline-${n}.xlsx`)]));
    sets[1].push(node('yibao.js', [input, join(dir, `yibao-${n}.xlsx`), String(n)]));
    if (workers > 0) sets[2].push(node('yibao.js', [input, join(dir, `yibao-w-${n}.xlsx`), String(n)], workers));
    // A fresh ledger each time: every person-year loaded (empty) and committed, as a year's first batch.
    if (ledgers.includes('sqlite')) {
      const db = join(dir, `ledger-${n}-${k}.db`);
      sets[3].push(node('yibao.js', [input, join(dir, `yibao-l-${n}.xlsx`), String(n), db]));
      for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    }
    if (azurite) sets[4].push(node('yibao.js', [input, join(dir, `yibao-t-${n}.xlsx`), String(n), azurite.connectionString], 0, { YIBAO_LEDGER_TABLE: `bench${n}r${k}` }));
  }
  const base = median(sets[0]);
  const plain = median(sets[1]);
  const runs: [string, Run | undefined][] = [['baseline (exceljs streaming round trip)', base], ['yibao', plain]];
  if (workers > 0) runs.push([`yibao --workers ${workers}`, median(sets[2])]);
  if (ledgers.includes('sqlite')) runs.push(['yibao + SQLite ledger', median(sets[3])]);
  if (azurite) runs.push(['yibao + Azure Tables ledger (Azurite)', median(sets[4])]);
  for (const [name, r] of runs) {
    if (!r) continue;
    const ratio = (a: number, b: number | undefined) => (base && b ? `${fmt(a / b, 2)}×` : '–');
    console.log(`| ${fmt(n)} | ${fmt(mb, 1)} | ${name} | ${fmt(r.ms / 1000, 2)} | ${fmt(r.cpuMs / 1000, 2)} | ${fmt(r.rows / (r.ms / 1000))} | ${fmt(r.maxRssKb / 1024)} | ${r === base ? '1.00×' : ratio(r.ms, base?.ms)} | ${r === base ? '1.00×' : ratio(r.cpuMs, base?.cpuMs)} |`);
  }
  for (const [name, r] of runs.slice(workers > 0 ? 3 : 2)) {
    if (r && plain) console.log(`  ${name}: ${fmt(r.ms / plain.ms, 2)}× yibao's wall time, ${fmt(r.cpuMs / plain.cpuMs, 2)}× its CPU; ${fmt(r.roundTrips ?? 0)} store round trips`);
  }
  if (!values.keep) for (const f of [`baseline-${n}.xlsx`, `yibao-${n}.xlsx`, `yibao-w-${n}.xlsx`, `yibao-l-${n}.xlsx`, `yibao-t-${n}.xlsx`]) rmSync(join(dir, f), { force: true });
}
await azurite?.stop();
