/**
 * A shard worker: one thread's part of a batch, split by person (shards.ts). It prepares the rows it is
 * sent (validation, checks, inpatient stays, 既往 seeds: all per person), keeps them in its own spool,
 * then computes them person by person (TwoPassBatch) into a second spool as the main thread asks for the
 * encoded outcomes in sheet order, to write them. Every person's rows come to
 * the same shard, so its year-to-date state is exactly what one engine over the whole batch would have.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { TwoPassBatch } from '../engine/two-pass.js';
import { OrderedSpool } from '../engine/ordered-spool.js';
import { D } from '../money.js';
import { ruleSet } from '../rules/index.js';
import type { RawRow } from '../kinds/validate.js';
import { rowEncoder } from './row-encoding.js';
import { unpackValues } from './row-pack.js';
import type { FromShard, ShardInit, ToShard } from './shard-protocol.js';

const OUT_BATCH = 1024;
const PROGRESS_EVERY = 1000;

const port = parentPort!;
const init = workerData as ShardInit;
const send = (m: FromShard) => port.postMessage(m);

const batch = new TwoPassBatch({
  kind: init.kind,
  ruleSet: ruleSet(init.policy),
  overrides: new Map(init.overrides.map(([id, v]) => [id, D(v)])),
  defaultYear: init.defaultYear,
  spool: init.spool,
  trackParamUse: true,
  sheets: init.sheets,
});
const keys = batch.engine.kind.inputs.map((c) => c.key);

function addRows(m: Extract<ToShard, { t: 'rows' }>): void {
  const width = keys.length;
  let raw: RawRow = {};
  let r = 0;
  unpackValues(m.packed, (i, v) => {
    const c = i - r * width; // int
    if (v !== undefined && v !== null) raw[keys[c]!] = v;
    if (c === width - 1) { // int
      batch.add(raw, m.rowNumber[r]!, m.index[r]!, m.duplicate[r] === 1, m.sheet[r]!);
      raw = {};
      r += 1; // int
    }
  });
}

/** Outcomes by local id (computed person by person, sent back in sheet order as the main thread asks). */
let results: OrderedSpool | undefined;
let sent = 0;
let done = 0;

function startCompute(m: Extract<ToShard, { t: 'compute' }>): void {
  const encode = rowEncoder(m.encoding);
  const outs = new OrderedSpool(batch.size, init.spool);
  results = outs;
  batch.startCompute((o, rowNumber, local) => {
    encode(outs, local, o, rowNumber);
    done += 1; // int
    if (done % PROGRESS_EVERY === 0) send({ t: 'progress', done });
  }, undefined, m.sheetStarts, m.merged);
}

/** The totals, once every outcome is sent. */
function finish(): void {
  batch.finishCompute(); // sets summaryState
  send({ t: 'progress', done });
  const params = [...batch.paramUses()].map(([id, { use, param }]) => ({ id, ...use, value: param.value.toString(), overridden: param.overridden, period: param.period }));
  if (process.env['YIBAO_TIMING']) {
    const h = getHeapStatistics();
    console.error(`shard ${threadId}: heap ${h.used_heap_size >> 20}/${h.total_heap_size >> 20} MB, external ${h.external_memory >> 20} MB`);
  }
  send({ t: 'done', summary: batch.summaryState!, params, conventions: [...batch.engine.conventions] });
}

/**
 * The next outcomes in sheet order (local ids follow sheet order), as one transferred block of bytes:
 * computed first as far as they need (their persons, and the rest of their spool bucket).
 */
function sendMore(): void {
  const outs = results!;
  const end = Math.min(outs.size, sent + OUT_BATCH); // int
  const count = end - sent; // int
  if (count > 0) batch.computeThrough(outs.bucketEnd(end - 1)); // int
  const index = new Int32Array(count);
  const ends = new Uint32Array(count);
  const parts: Buffer[] = new Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) { // int
    index[k] = batch.indexAt(sent + k); // int
    const b = outs.getBytes(sent + k); // int
    parts[k] = b;
    total += b.length; // int
    ends[k] = total;
  }
  // An own ArrayBuffer (never Buffer's shared pool) so that it can be transferred.
  const data = new Uint8Array(total);
  let at = 0;
  for (const b of parts) {
    data.set(b, at);
    at += b.length; // int
  }
  sent = end;
  if (count === 0) {
    outs.close();
    finish();
  }
  port.postMessage({ t: 'out', index, data, ends } satisfies FromShard, [data.buffer]);
}

port.on('message', (m: ToShard) => {
  try {
    if (m.t === 'rows') {
      addRows(m);
      send({ t: 'ack' });
    } else if (m.t === 'compute') startCompute(m);
    else sendMore();
  } catch (e) {
    fail(e);
  }
});

function fail(e: unknown): void {
  batch.close();
  results?.close();
  // The error's text only (never row values: rules' own errors name columns, not people).
  send({ t: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}
