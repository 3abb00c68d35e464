/**
 * `npm run fuzz -- --runs N [--seed S]`: the mutation fuzzer over samples/** (see src/guard/fuzz.ts).
 * Prints progress with the rate, then every failure with its seed (re-run one case with --seed S --runs 1
 * after rotating to it: case i of a run uses seed S+i on seed file i mod the number of samples).
 */
import { runFuzz, loadSeeds } from '../src/guard/fuzz.js';
import { repoRoot } from './repo-root.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} needs a whole number`);
  return v;
}

const runs = arg('runs', 2000);
const baseSeed = arg('seed', 1);
const seeds = loadSeeds(repoRoot());
const started = Date.now();
const report = await runFuzz({
  seeds,
  runs,
  baseSeed,
  onProgress: (done, r) => {
    const secs = (Date.now() - started) / 1000;
    process.stdout.write(`${done}/${runs} cases, ${Math.round(done / secs)}/s, accepted ${r.accepted}, failures ${r.failures.length}\n`);
  },
});
const rate = Math.round((report.runs / Math.max(report.ms, 1)) * 1000);
process.stdout.write(`\n${report.runs} cases over ${seeds.length} seeds in ${(report.ms / 1000).toFixed(1)} s (${rate}/s); accepted ${report.accepted}; statuses ${JSON.stringify(report.byStatus)}; failures ${report.failures.length}\n`);
for (const f of report.failures.slice(0, 50)) process.stdout.write(`FAIL case ${f.case} seed=${f.caseSeed} ${f.seed}: ${f.problem}\n  ops: ${f.ops.join(' | ')}\n`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
