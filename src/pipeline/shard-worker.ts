/**
 * A shard worker: one thread's part of a batch, split by person (shards.ts). It prepares the rows it is
 * sent (validation, checks, inpatient stays, 既往 seeds: all per person), keeps them in its own spool,
 * then computes them in settlement order and sends each encoded outcome back. Every person's rows come to
 * the same shard, so its year-to-date state is exactly what one engine over the whole batch would have.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { TwoPassBatch } from '../engine/two-pass.js';
import { D } from '../money.js';
import { ruleSet } from '../rules/index.js';
import type { RawRow } from '../kinds/validate.js';
import { rowEncoder } from './row-encoding.js';
import type { FromShard, ShardInit, ToShard } from './shard-protocol.js';

const OUT_BATCH = 512;

const port = parentPort!;
const init = workerData as ShardInit;
const send = (m: FromShard) => port.postMessage(m);

const batch = new TwoPassBatch({
  kind: init.kind,
  ruleSet: ruleSet(init.policy),
  overrides: new Map(init.overrides.map(([id, v]) => [id, D(v)])),
  defaultYear: init.defaultYear,
  spool: init.spool,
});
const keys = batch.engine.kind.inputs.map((c) => c.key);

function addRows(m: Extract<ToShard, { t: 'rows' }>): void {
  const width = keys.length;
  for (let r = 0; r < m.index.length; r++) { // int
    const raw: RawRow = {};
    const at = r * width; // int
    for (let c = 0; c < width; c++) { // int
      const v = m.values[at + c]; // int
      if (v !== undefined && v !== null) raw[keys[c]!] = v;
    }
    batch.add(raw, m.rowNumber[r]!, m.index[r]!, m.duplicate[r] === 1);
  }
}

async function compute(m: Extract<ToShard, { t: 'compute' }>): Promise<void> {
  const encode = rowEncoder(m.encoding);
  let index: number[] = [];
  let texts: string[] = [];
  const flush = () => {
    if (index.length === 0) return;
    send({ t: 'out', index: Int32Array.from(index), texts });
    index = [];
    texts = [];
  };
  await batch.compute((o, rowNumber) => {
    index.push(o.index);
    texts.push(encode(o, rowNumber));
    if (index.length >= OUT_BATCH) flush();
  });
  flush();
  const params = [...batch.paramUses()].map(([id, use]) => {
    const u = batch.engine.params.get(id)!;
    return { id, ...use, value: u.value.toString(), overridden: u.overridden, period: u.period };
  });
  if (process.env['YIBAO_TIMING']) {
    const h = getHeapStatistics();
    console.error(`shard ${threadId}: heap ${h.used_heap_size >> 20}/${h.total_heap_size >> 20} MB, external ${h.external_memory >> 20} MB`);
  }
  send({ t: 'done', summary: batch.summaryState!, params });
}

port.on('message', (m: ToShard) => {
  try {
    if (m.t === 'rows') {
      addRows(m);
      send({ t: 'ack' });
    } else {
      compute(m).catch((e: unknown) => fail(e));
    }
  } catch (e) {
    fail(e);
  }
});

function fail(e: unknown): void {
  batch.close();
  // The error's text only (never row values: rules' own errors name columns, not people).
  send({ t: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}
