/**
 * yibao end to end on one workbook, run exactly as a user runs it: `bin/yibao.js process` (the npx entry,
 * with the heap cap it applies itself) in a child process, writing the annotated workbook. With a fourth
 * argument, against a year-to-date ledger there (`--ledger`: a SQLite file or a storage connection string;
 * YIBAO_LEDGER_KEY, else a fixed bench key), committing. YIBAO_TIMING=1 makes the CLI report its own peak
 * RSS, CPU and store round trips on stderr.
 * Prints JSON {cpuMs, rows, ms, maxRssKb[, roundTrips, committed]}. Usage: node dist/bench/yibao.js <in.xlsx> <out.xlsx> <rows> [ledger]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [input, output, rows, ledgerSpec] = process.argv.slice(2);
const bin = fileURLToPath(new URL('../../bin/yibao.js', import.meta.url));
const args = [bin, 'process', input!, '--policy', 'xining-2024', '--kind', 'settlements', '--out', output!, '--quiet', ...(ledgerSpec ? ['--ledger', ledgerSpec, '--ledger-mode', 'commit'] : [])];
const t0 = performance.now();
const r = spawnSync(process.execPath, args, {
  encoding: 'utf8',
  env: { ...process.env, YIBAO_TIMING: '1', YIBAO_LEDGER_KEY: process.env['YIBAO_LEDGER_KEY'] || 'b3e1c0a9f8d7e6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243' },
  maxBuffer: 16 << 20,
});
const ms = performance.now() - t0;
const usage = /^yibao-usage (.+)$/m.exec(r.stderr ?? '');
if (r.status !== 0 || !usage) {
  process.stderr.write(r.stderr ?? '');
  throw new Error(`yibao exited ${String(r.status)}`);
}
const u = JSON.parse(usage[1]!) as { maxRssKb: number; cpuMs: number; roundTrips?: number; committed?: number };
console.log(JSON.stringify({ cpuMs: u.cpuMs, rows: Number(rows), ms, maxRssKb: u.maxRssKb, ...(ledgerSpec ? { roundTrips: u.roundTrips, committed: u.committed } : {}) }));
