/**
 * yibao end to end on one workbook (the same pipeline as the CLI), writing the annotated workbook.
 * With a third argument, against a year-to-date ledger there (a SQLite file or a storage connection string;
 * YIBAO_LEDGER_KEY, else a fixed bench key), committing.
 * Prints JSON {cpuMs, rows, ms, maxRssKb[, roundTrips, committed]}. Usage: node dist/bench/yibao.js <in.xlsx> <out.xlsx> [ledger]
 */
import { createWriteStream } from 'node:fs';
import { LedgerKey } from '../src/ledger/key.js';
import { openLedger } from '../src/ledger/open.js';
import { processWorkbook } from '../src/pipeline/index.js';

const [input, output, ledgerSpec] = process.argv.slice(2);
const ledger = ledgerSpec ? openLedger(ledgerSpec) : undefined;
const key = LedgerKey.parse(process.env['YIBAO_LEDGER_KEY'] || 'b3e1c0a9f8d7e6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243');
const t0 = performance.now();
const sink = createWriteStream(output!);
const res = await processWorkbook({ source: { path: input! }, policy: 'xining-2024', kind: 'settlements', format: 'xlsx', sink, largeFile: true, ...(ledger ? { ledger: { ledger, key, mode: 'commit' as const } } : {}) });
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
await ledger?.close();
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rows: res.summary.rows, ms, maxRssKb: process.resourceUsage().maxRSS, ...(ledger ? { roundTrips: ledger.roundTrips, committed: res.ledger?.committed } : {}) }));
