/**
 * yibao end to end on one workbook (the same pipeline as the CLI), writing the annotated workbook.
 * Prints JSON {cpuMs, rows, ms, maxRssKb}. Usage: node dist/bench/yibao.js <in.xlsx> <out.xlsx>
 */
import { createWriteStream } from 'node:fs';
import { processWorkbook } from '../src/pipeline/index.js';

const [input, output] = process.argv.slice(2);
const t0 = performance.now();
const sink = createWriteStream(output!);
const res = await processWorkbook({ source: { path: input! }, policy: 'xining-2024', kind: 'settlements', format: 'xlsx', sink, largeFile: true });
await new Promise<void>((resolve, reject) => {
  if (sink.writableFinished) resolve();
  else {
    sink.once('finish', () => resolve());
    sink.once('error', reject);
    if (!sink.writableEnded) sink.end();
  }
});
const ms = performance.now() - t0;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rows: res.summary.rows, ms, maxRssKb: process.resourceUsage().maxRSS }));
