/**
 * Benchmark: settlements workbooks of 10k, 100k and 1,048,575 rows; for each, a bare exceljs streaming
 * round trip (baseline) then yibao, each in its own process so peak RSS is its own. Prints rows/s, wall
 * time, the ratio to the baseline and peak RSS. Not a timed test: CI only checks that it runs (10k).
 * Usage: node dist/bench/run.js [--sizes 10000,100000,1048575] [--skip-baseline] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000,1048575' }, 'skip-baseline': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, dir: { type: 'string', default: 'bench/out' } } });
const sizes = values.sizes!.split(',').map((s) => Number(s.trim()));
const dir = values.dir!;
mkdirSync(dir, { recursive: true });
const here = new URL('.', import.meta.url).pathname;

interface Run { rows: number; ms: number; maxRssKb: number }
function node(script: string, args: string[]): Run {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', join(here, script), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| rows | file MB | baseline s | baseline rows/s | baseline RSS MB | yibao s | yibao rows/s | yibao RSS MB | yibao / baseline |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of sizes) {
  const input = join(dir, `settlements-${n}.xlsx`);
  if (!existsSync(input)) execFileSync(process.execPath, [join(here, 'generate.js'), String(n), input], { stdio: 'inherit' });
  const mb = statSync(input).size / 1e6;
  const base = values['skip-baseline'] ? undefined : node('baseline.js', [input, join(dir, `baseline-${n}.xlsx`)]);
  const y = node('yibao.js', [input, join(dir, `yibao-${n}.xlsx`)]);
  const cells = [
    fmt(n), fmt(mb, 1),
    base ? fmt(base.ms / 1000, 2) : '–', base ? fmt(base.rows / (base.ms / 1000)) : '–', base ? fmt(base.maxRssKb / 1024) : '–',
    fmt(y.ms / 1000, 2), fmt(y.rows / (y.ms / 1000)), fmt(y.maxRssKb / 1024),
    base ? `${fmt(y.ms / base.ms, 2)}×` : '–',
  ];
  console.log(`| ${cells.join(' | ')} |`);
  if (!values.keep) for (const f of [`baseline-${n}.xlsx`, `yibao-${n}.xlsx`]) rmSync(join(dir, f), { force: true });
}
