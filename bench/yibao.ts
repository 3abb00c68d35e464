/**
 * yibao end to end on one workbook, run exactly as a user runs it: `bin/yibao.js process` (the npx entry,
 * with the heap cap it applies itself) in a child process, writing the annotated workbook. YIBAO_TIMING=1
 * makes the CLI report its own peak RSS and CPU on stderr. Prints JSON {cpuMs, rows, ms, maxRssKb}.
 * Usage: node dist/bench/yibao.js <in.xlsx> <out.xlsx> <rows>
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [input, output, rows] = process.argv.slice(2);
const bin = fileURLToPath(new URL('../../bin/yibao.js', import.meta.url));
const t0 = performance.now();
const r = spawnSync(process.execPath, [bin, 'process', input!, '--policy', 'xining-2024', '--kind', 'settlements', '--out', output!, '--quiet'], {
  encoding: 'utf8',
  env: { ...process.env, YIBAO_TIMING: '1' },
  maxBuffer: 16 << 20,
});
const ms = performance.now() - t0;
const usage = /^yibao-usage (.+)$/m.exec(r.stderr ?? '');
if (r.status !== 0 || !usage) {
  process.stderr.write(r.stderr ?? '');
  throw new Error(`yibao exited ${String(r.status)}`);
}
const { maxRssKb, cpuMs } = JSON.parse(usage[1]!) as { maxRssKb: number; cpuMs: number };
console.log(JSON.stringify({ cpuMs, rows: Number(rows), ms, maxRssKb }));
