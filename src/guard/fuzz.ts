/**
 * The fuzz harness shared by `npm test` (test/fuzz) and `npm run fuzz -- --runs N` (scripts/fuzz.ts).
 * Each case mutates one seed (src/guard/mutate.ts) and posts it to the HTTP handler (the route table's
 * guarded handler, called directly). Invariants:
 *  1. nothing escapes: every answer is 2xx or 4xx (an uncaught exception would be a 500), and the
 *     pipeline itself never throws anything but an InputError;
 *  2. every accepted workbook returns every data row exactly once, in sheet order: the JSON rows (or the
 *     result workbook's data rows) are exactly the rows an independent read of the input finds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import azureFunctions from '@azure/functions';
import { replyBytes } from '../http/reply.js';
import { ROUTES, guarded } from '../http/routes.js';
import { setLogSink } from '../log.js';
import type { KindId } from '../kinds/types.js';
import { InputError } from '../pipeline/types.js';
import { locateDataSheets, readAllRows, WorkbookFile } from '../workbook/reader.js';
import { guardWorkbook } from './guard.js';
import { sourceAsWorkbook } from './csv-input.js';
import { mutate, rng } from './mutate.js';

export interface FuzzSeed {
  name: string;
  bytes: Buffer;
  policy: string;
  kind: KindId;
}

export interface FuzzFailure {
  case: number;
  seed: string;
  caseSeed: number;
  ops: string[];
  problem: string;
}

export interface FuzzReport {
  runs: number;
  accepted: number;
  byStatus: Record<string, number>;
  failures: FuzzFailure[];
  ms: number;
}

/** A CSV seed (samples/ holds workbooks only): Xining settlements with a BOM, quotes and a bad row. */
const CSV_SEED = `\uFEFF结算号,身份证号,姓名,险种,人员状态,就诊类型,医院等级,入院日期,出院日期,医疗总费用（元）,全自费金额,乙类自付金额\r\nS1,630102198001011230,张某,职工,在职,住院,二级,2024-02-03,2024-02-15,"7,959.12",258,170.75\r\nS2,630102197505152227,"李,某",职工,退休,普通门诊,三级,2024/3/1,,300,0,0\r\nS3,63010219800101123X,王某,居民,,住院,二级医阮,2024年4月1日,2024-04-09,5000,6000,0\r\n`;

/** samples/{policy}/{kind}.xlsx and samples/{policy}/{folder}/{kind}.xlsx under the repository root, plus a CSV seed. */
export function loadSeeds(root: string): FuzzSeed[] {
  const dir = join(root, 'samples');
  const seeds: FuzzSeed[] = [];
  const add = (policy: string, pdir: string, prefix: string) => {
    for (const f of readdirSync(pdir).sort()) {
      if (prefix === '' && statSync(join(pdir, f)).isDirectory()) {
        add(policy, join(pdir, f), `${f}/`);
        continue;
      }
      const m = /^(.+)\.(xlsx|csv)$/.exec(f);
      if (!m) continue;
      seeds.push({ name: `${policy}/${prefix}${f}`, bytes: readFileSync(join(pdir, f)), policy, kind: m[1] as KindId });
    }
  };
  for (const policy of readdirSync(dir).sort()) {
    const pdir = join(dir, policy);
    if (statSync(pdir).isDirectory()) add(policy, pdir, '');
  }
  seeds.push({ name: 'generated/settlements.csv', bytes: Buffer.from(CSV_SEED, 'utf8'), policy: 'xining-2024', kind: 'settlements' });
  return seeds;
}

// @azure/functions is CommonJS: named imports work under vitest but not plain Node (npm run fuzz).
const { HttpRequest, InvocationContext } = azureFunctions;

const PROCESS = ROUTES.find((r) => r.name === 'process')!;
const handler = guarded(PROCESS);

async function post(bytes: Buffer, seed: FuzzSeed, format: 'json' | 'xlsx'): Promise<{ status: number; body: Buffer }> {
  const url = `http://localhost/api/${seed.kind}?policy=${seed.policy}&format=${format}`;
  const req = new HttpRequest({ method: 'POST', url, headers: { 'content-type': 'application/octet-stream' }, params: { kind: seed.kind }, body: { bytes } });
  const reply = await handler(req, new InvocationContext({ functionName: PROCESS.name }));
  return { status: reply.status, body: await replyBytes(reply) };
}

/**
 * The rows an independent read of the input finds (sheet row numbers, data sheet by data sheet), or an
 * InputError: the data rows, and with `skipped` the totals and footer rows too (JSON returns them, status
 * skipped; a result workbook's own data rows are the data rows again).
 */
async function expectedRows(bytes: Buffer, kind: KindId, skipped: boolean): Promise<number[]> {
  const g = await guardWorkbook({ bytes });
  const wb = await WorkbookFile.open((await sourceAsWorkbook({ bytes }, g)).source, { maxPartBytes: g.limits.maxEntryBytes, ...g.limits });
  try {
    const out: number[] = [];
    for (const ds of (await locateDataSheets(wb, kind)).sheets) {
      const { rows, stats } = await readAllRows(wb, ds);
      const sheetRows = rows.map((r) => r.rowNumber);
      if (skipped) for (let i = 0; i < (stats.skipped?.size ?? 0); i++) sheetRows.push(stats.skipped!.rowAt(i)); // int
      out.push(...sheetRows.sort((a, b) => a - b));
    }
    return out;
  } finally {
    await wb.close();
  }
}

async function resultWorkbookRows(body: Buffer, kind: KindId): Promise<number[]> {
  const wb = await WorkbookFile.open({ bytes: body });
  try {
    const out: number[] = [];
    for (const ds of (await locateDataSheets(wb, kind)).sheets) out.push(...(await readAllRows(wb, ds)).rows.map((r) => r.rowNumber));
    return out;
  } finally {
    await wb.close();
  }
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** One case; returns the HTTP status and a problem description when an invariant fails. */
export async function fuzzCase(seed: FuzzSeed, caseSeed: number): Promise<{ status: number; ops: string[]; problem?: string }> {
  const { bytes, ops } = await mutate(seed.bytes, caseSeed);
  const r = rng(caseSeed ^ 0x9e3779b9);
  const format = r() < 0.25 ? 'xlsx' : 'json';
  const res = await post(bytes, seed, format);
  if (res.status >= 500 || res.status < 200 || (res.status >= 300 && res.status < 400)) {
    return { status: res.status, ops, problem: `HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 300)}` };
  }
  if (res.status >= 400) {
    // The refusal must be the documented JSON shape.
    try {
      const j = JSON.parse(res.body.toString('utf8')) as { error?: unknown; message?: unknown };
      if (typeof j.error !== 'string' || typeof j.message !== 'string') return { status: res.status, ops, problem: 'error body without error/message' };
    } catch {
      return { status: res.status, ops, problem: 'error body is not JSON' };
    }
    return { status: res.status, ops };
  }
  let expected: number[];
  try {
    expected = await expectedRows(bytes, seed.kind, format === 'json');
  } catch (e) {
    return { status: res.status, ops, problem: `accepted over HTTP but an independent read fails: ${e instanceof InputError ? e.code : String(e)}` };
  }
  let got: number[];
  try {
    if (format === 'json') got = (JSON.parse(res.body.toString('utf8')) as { row: number }[]).map((x) => x.row);
    else got = await resultWorkbookRows(res.body, seed.kind);
  } catch (e) {
    return { status: res.status, ops, problem: `${format} result unreadable: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!same(got, expected)) return { status: res.status, ops, problem: `rows ${JSON.stringify(got.slice(0, 20))} ≠ input rows ${JSON.stringify(expected.slice(0, 20))} (${got.length} vs ${expected.length})` };
  return { status: res.status, ops };
}

/** Run `runs` cases round-robin over the seeds; case i uses caseSeed = baseSeed + i. */
export async function runFuzz(opts: { seeds: FuzzSeed[]; runs: number; baseSeed?: number; onProgress?: (done: number, report: FuzzReport) => void }): Promise<FuzzReport> {
  const base = opts.baseSeed ?? 1;
  const report: FuzzReport = { runs: 0, accepted: 0, byStatus: {}, failures: [], ms: 0 };
  const t0 = Date.now();
  const prev = setLogSink(() => {});
  try {
    for (let i = 0; i < opts.runs; i++) {
      const seed = opts.seeds[i % opts.seeds.length]!;
      const caseSeed = base + i;
      let out: { status: number; ops: string[]; problem?: string };
      try {
        out = await fuzzCase(seed, caseSeed);
      } catch (e) {
        out = { status: 0, ops: [], problem: `uncaught: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
      }
      report.runs++;
      report.byStatus[out.status] = (report.byStatus[out.status] ?? 0) + 1;
      if (out.status >= 200 && out.status < 300) report.accepted++;
      if (out.problem) report.failures.push({ case: i, seed: seed.name, caseSeed, ops: out.ops, problem: out.problem });
      if (opts.onProgress && (i + 1) % 500 === 0) opts.onProgress(i + 1, report);
    }
  } finally {
    setLogSink(prev);
  }
  report.ms = Date.now() - t0;
  return report;
}
